"""The Backups dialog: where backups go and how many are kept, the last backup, Back up now,
and restoring one (from the folder's list or any file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.backups.settings import MAX_KEEP, BackupSettings
from app.services.backups.store import BackupResult, RestoreResult
from app.services.core.errors import BackroomError
from app.ui.backups.controller import BackupsController, when
from app.ui.common.form_dialog import error_label
from app.ui.common.i18n import translate

PATH_ROLE = Qt.ItemDataRole.UserRole


class BackupList(QListWidget):
    """The folder's backups; Enter or a double click chooses one to restore."""

    chosen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.chosen.emit()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mouseDoubleClickEvent(event)
        if self.currentItem():
            self.chosen.emit()


class BackupsDialog(QDialog):
    def __init__(self, controller: BackupsController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("backups.dialog", "Backups"))
        self.setObjectName("backups_dialog")
        self.resize(640, 480)
        self.controller = controller
        backups = controller.backups
        chosen = backups.settings()

        self.database = QLabel(translate("backups.dialog",
            "Database: {label}").format(
            label=backups.label))
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder = QLineEdit(str(chosen.folder))
        self.folder.setToolTip(translate("backups.dialog",
            "A folder on a USB stick or in a cloud folder (Dropbox, OneDrive, iCloud Drive) "
            "keeps backups off this PC."))
        choose = QPushButton(translate("backups.dialog", "C&hoose…"))
        choose.clicked.connect(self.on_choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(chosen.keep)
        self.keep.setSuffix(translate("backups.dialog", " backups"))
        self.automatic = QCheckBox(translate("backups.dialog",
            "Back up &automatically: when Backroom starts and every day"))
        self.automatic.setChecked(chosen.automatic)
        self.save_button = QPushButton(translate("backups.dialog", "&Save settings"))
        self.save_button.clicked.connect(self.on_save)

        form = QFormLayout()
        form.addRow(self.database)
        folder_label = QLabel(translate("backups.dialog", "&Folder:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow(translate("backups.dialog", "&Keep the newest:"), self.keep)
        form.addRow(self.automatic)
        form.addRow("", self.save_button)

        self.last = QLabel()
        self.last.setObjectName("last_backup")
        self.last.setWordWrap(True)
        self.list = BackupList()
        self.list.setObjectName("backup_list")
        self.list.chosen.connect(self.on_restore_selected)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()

        self.back_up_button = QPushButton(translate("backups.dialog", "&Back up now"))
        self.back_up_button.clicked.connect(self.on_back_up_now)
        self.restore_button = QPushButton(translate("backups.dialog", "&Restore selected…"))
        self.restore_button.clicked.connect(self.on_restore_selected)
        self.restore_file_button = QPushButton(translate("backups.dialog", "Restore from &file…"))
        self.restore_file_button.clicked.connect(self.on_restore_from_file)
        close = QPushButton(translate("backups.dialog", "Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.back_up_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.last)
        layout.addWidget(QLabel(translate("backups.dialog",
            "Backups in the folder (newest first; Enter restores one):")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.confirm_box: QMessageBox | None = None
        self.restore_refusal = ""   # why this person may not restore; empty: they may
        controller.backed_up.connect(self.on_backed_up)
        controller.restored.connect(self.on_restored)
        controller.failed.connect(self.on_failed)
        controller.busy_changed.connect(self.on_busy_changed)
        # No default button: Enter in the list restores the chosen backup (after asking),
        # it must not also press Choose… or Back up now.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.on_busy_changed(controller.busy)
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """The last backup and the folder's list, read from the folder itself."""
        found = self.controller.backups.backups()
        self.list.clear()
        for backup in found:
            item = QListWidgetItem(translate("backups.dialog",
                "{taken_at}    {name}    {size:,.1f} MB").format(
                taken_at=when(backup.taken_at), name=backup.path.name, size=backup.size / 1e6))
            item.setData(PATH_ROLE, str(backup.path))
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
            self.last.setText(translate("backups.dialog",
                "Last backup: {taken_at} — {path}").format(
                taken_at=when(found[0].taken_at), path=found[0].path))
        else:
            self.last.setText(translate("backups.dialog",
                "No backup in {folder} yet.").format(
                folder=self.controller.backups.settings().folder))

    def on_busy_changed(self, busy: bool) -> None:
        self.back_up_button.setEnabled(not busy)
        for button in (self.restore_button, self.restore_file_button):
            button.setEnabled(not busy and not self.restore_refusal)
        if busy:
            self.status.setText(translate("backups.dialog",
                "Working… (you can keep using Backroom)"))

    # -- settings ------------------------------------------------------------------------
    def on_choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, translate("backups.dialog",
            "Folder for backups"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def on_save(self) -> bool:
        self.error.clear()
        text = self.folder.text().strip()
        if not text:
            self.error.setText(translate("backups.dialog", "Choose a folder for the backups."))
            return False
        try:
            self.controller.backups.save_settings(BackupSettings(
                Path(text).expanduser(), self.keep.value(), self.automatic.isChecked()))
        except BackroomError as exc:
            self.error.setText(str(exc))
            return False
        self.status.setText(translate("backups.dialog", "Settings saved."))
        self.refresh()
        return True

    # -- backing up ----------------------------------------------------------------------
    def on_back_up_now(self) -> None:
        if self.on_save():
            self.controller.back_up_now()

    def on_backed_up(self, result: BackupResult) -> None:
        self.error.clear()
        self.status.setText(translate("backups.dialog",
            "Backed up to {path} ({size:,.1f} MB, {seconds:.1f} s).").format(
            path=result.path, size=result.size / 1e6, seconds=result.seconds))
        self.refresh()

    def forbid_restore(self, why: str) -> None:
        """Restoring replaces every order and stock move: only an owner may (the CLI asks
        the same). `why` empty allows it."""
        self.restore_refusal = why
        for button in (self.restore_button, self.restore_file_button):
            button.setToolTip(why)
        self.on_busy_changed(self.controller.busy)

    def on_failed(self, message: str) -> None:
        self.status.clear()
        self.error.setText(message)

    # -- restoring -----------------------------------------------------------------------
    def on_restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.error.setText(translate("backups.dialog",
                "Choose a backup in the list, or Restore from file…."))
            return
        self.ask_restore(Path(item.data(PATH_ROLE)))

    def on_restore_from_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, translate("backups.dialog",
                "Restore a backup"), str(self.controller.backups.settings().folder),
            translate("backups.dialog",
                "Backroom backups (*.sqlite3 *.sqlite *.db *.dump *.backup);;All files (*)"))
        if name:
            self.ask_restore(Path(name))

    def ask_restore(self, backup: Path) -> None:
        """Ask first (No is the default): restoring replaces everything in the store."""
        if self.restore_refusal:   # Enter in the list as well as the buttons
            self.error.setText(self.restore_refusal)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, translate("backups.dialog", "Restore a backup"),
                          translate("backups.dialog",
                              "Replace all of the store's data with the backup\n{backup}?\n\n"
                              "Everything done since that backup is set aside: a copy of the "
                              "data as it is now is kept first. Other windows and stations "
                              "must be closed.").format(
                              backup=backup), QMessageBox.StandardButton.Yes
                          | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(translate("backups.dialog", "&Restore"))
        box.finished.connect(lambda answer: self._answered(box, answer, backup))
        self.confirm_box = box
        box.open()

    def _answered(self, box: QMessageBox, answer: int, backup: Path) -> None:
        self.confirm_box = None
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Yes:
            self.error.clear()
            self.controller.restore(backup)

    def on_restored(self, result: RestoreResult) -> None:
        kept = (translate("backups.dialog",
            " The data as it was is kept in {safety_copy}.").format(
            safety_copy=result.safety_copy)
                if result.safety_copy else "")
        self.status.setText(translate("backups.dialog",
            "Restored from {source}.{kept} The window reloads with the restored data.").format(
            source=result.source, kept=kept))
        self.refresh()


def open_dialog(controller: BackupsController, parent: QWidget | None = None, *,
                why_not_restore: str = "") -> BackupsDialog:
    """Show the Backups dialog (window-modal); it is deleted when closed. `why_not_restore`:
    why this person may not restore (only an owner may), shown on the disabled buttons."""
    dialog = BackupsDialog(controller, parent)
    dialog.forbid_restore(why_not_restore)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
