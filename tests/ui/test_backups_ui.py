"""The Backups dialog and the automatic backups, driven with qtbot on a real SQLite file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from app.services.backups.settings import BackupSettings
from app.services.backups.store import StoreBackups
from app.services.stock import catalog
from app.ui.backups.controller import BackupsController
from app.ui.backups.dialog import BackupsDialog
from app.ui.main_window import MainWindow

TIMEOUT = 30_000


@pytest.fixture
def controller(qtbot, db, demo_backend, tmp_path):
    backups = BackupsController(StoreBackups.of(db, settings_path=tmp_path / "backups.json"))
    yield backups
    backups.stop()


def _dialog(qtbot, controller) -> BackupsDialog:
    dialog = BackupsDialog(controller)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_owner_sets_the_folder_and_keep_then_backs_up_now(qtbot, controller, tmp_path):
    dialog = _dialog(qtbot, controller)
    assert dialog.folder.text() == str(tmp_path / "backups")
    assert dialog.keep.value() == 14 and "No backup" in dialog.last.text()
    dialog.folder.setText(str(tmp_path / "usb-stick" / "backroom"))
    dialog.keep.setValue(2)
    for _ in range(3):
        with qtbot.waitSignal(controller.backed_up, timeout=TIMEOUT):
            qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    assert controller.backups.settings() == BackupSettings(tmp_path / "usb-stick" / "backroom",
                                                           2, True)
    files = sorted((tmp_path / "usb-stick" / "backroom").iterdir())
    assert len(files) == 2 and dialog.list.count() == 2
    newest = controller.backups.backups()[0].path
    assert newest in files and "Last backup:" in dialog.last.text()
    assert dialog.last.text().endswith(str(newest))
    assert "Backed up to" in dialog.status.text() and dialog.error.text() == ""


def test_a_bad_folder_is_a_message_in_the_dialog(qtbot, controller, tmp_path):
    dialog = _dialog(qtbot, controller)
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    dialog.folder.setText(str(blocker / "backups"))
    with qtbot.waitSignal(controller.failed, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    assert f"{blocker} is a file, not a folder" in dialog.error.text()
    assert dialog.back_up_button.isEnabled()  # ready for another try


def test_backup_on_start_and_then_only_when_a_day_has_passed(qtbot, controller, tmp_path):
    with qtbot.waitSignal(controller.backed_up, timeout=TIMEOUT) as first:
        controller.start()
    assert controller.timer.isActive()
    made = first.args[0].path
    with qtbot.assertNotEmitted(controller.backed_up):
        controller.on_timer()  # the last backup is minutes old: nothing to do
        controller.wait()
        qtbot.wait(10)
    # A day later (the backup's name says when it was taken):
    backups = controller.backups
    made.rename(made.with_name(f"{backups.stem}-20200101-000000Z{backups.suffix}"))
    with qtbot.waitSignal(controller.backed_up, timeout=TIMEOUT):
        controller.on_timer()
    assert len(controller.backups.backups()) == 2


def test_no_automatic_backups_when_the_owner_turned_them_off(qtbot, controller):
    settings = controller.backups.settings()
    controller.backups.save_settings(BackupSettings(settings.folder, settings.keep, False))
    with qtbot.assertNotEmitted(controller.backed_up):
        controller.start()
        controller.on_timer()
        controller.wait()
        qtbot.wait(10)
    assert controller.backups.backups() == []


def _names(db) -> list[str]:
    with db.engine.connect() as conn:
        return sorted(conn.execute(text("SELECT name FROM products")).scalars())


def test_restore_asks_first_then_brings_back_the_backup(qtbot, controller, db, demo_backend):
    dialog = _dialog(qtbot, controller)
    with qtbot.waitSignal(controller.backed_up, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    at_backup = _names(db)
    with db.engine.begin() as conn:  # work done after the backup
        conn.execute(text("UPDATE products SET name = 'renamed ' || name"))
    changed = _names(db)
    assert changed != at_backup

    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    with qtbot.assertNotEmitted(controller.restored):  # No keeps everything as it is
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
        qtbot.wait(10)
    assert _names(db) == changed

    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # Enter on a backup restores it, too
    box = dialog.confirm_box
    assert box is not None
    with qtbot.waitSignal(controller.restored, timeout=TIMEOUT) as done:
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes),
                         Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.safety_copy is not None and result.safety_copy.exists()
    assert "Restored from" in dialog.status.text()
    # The window's engine reconnects and reads the restored data.
    assert _names(db) == at_backup
    assert demo_backend.read(catalog.count_products) == len(at_backup)


def test_main_window_opens_the_backups_dialog_from_the_database_menu(qtbot, controller,
                                                                     demo_backend):
    window = MainWindow(demo_backend, backups=controller)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    action = next(a for a in menu.actions() if a.text() == "&Backups…")
    action.trigger()
    dialog = window.findChild(BackupsDialog)
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(controller.backed_up, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage().startswith("Backed up ")
    dialog.close()
    if os.environ.get("BACKROOM_SHOTS"):
        window.grab().save(os.environ["BACKROOM_SHOTS"])
    assert Path(controller.backups.last_backup().path).exists()


def test_a_packer_may_back_up_but_not_restore(qtbot, controller, demo_backend):
    from app.services.core.backend import Actor
    from app.services.people import accounts

    demo_backend.run(accounts.add_user, "pat", "packer", actor=demo_backend.actor)
    demo_backend.actor = Actor("pat", "pack-1")
    window = MainWindow(demo_backend, backups=controller)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    next(a for a in menu.actions() if a.text() == "&Backups…").trigger()
    dialog = window.findChild(BackupsDialog)
    assert dialog.back_up_button.isEnabled()
    assert not dialog.restore_button.isEnabled() and not dialog.restore_file_button.isEnabled()
    assert "only an owner may" in dialog.restore_button.toolTip()
    # Enter on a backup in the list is refused the same way, before anything is asked.
    dialog.ask_restore(Path("any.sqlite3"))
    assert dialog.confirm_box is None and "only an owner may" in dialog.error.text()
    dialog.close()
