"""Labels tab pages for settings: printer profiles (with a test print) and each store's
template settings (fields shown, logo, return address, font size)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.labels import printers as labels_printers
from app.services.labels.sources import HIDEABLE, StoreLook
from app.services.printing import sizes, transports
from app.services.printing.transports import PrinterProfile
from app.ui.common.file_dialogs import ask_open_path
from app.ui.common.i18n import translate
from app.ui.common.words import code_words
from app.ui.common.workers import JobRunner, JobSignals


class PrintersPage(QWidget):
    printers_changed = Signal()
    test_sent = Signal(str)

    def __init__(self, backend: Backend, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend, self.runner = backend, runner
        self._signals: JobSignals | None = None    # a test print's, kept until it reports
        self.list = QListWidget()
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItem(translate("labels.printers", "Thermal (ZPL)"), "zpl")
        self.kind.addItem(translate("labels.printers", "Sheet / office (PDF)"), "pdf")
        self.address = QLineEdit(placeholderText=translate("labels.printers",
            "tcp://192.168.1.50  ·  cups:Zebra  ·  windows:ZDesigner GK420d  ·  a folder"))
        self.media = QComboBox()
        for key, size in {**sizes.LABELS, **sizes.PAGES}.items():
            self.media.addItem(size.title, key)
        self.dpi = QComboBox()
        self.dpi.addItems(["203", "300"])
        self.offset_x = QDoubleSpinBox(minimum=-20, maximum=20, singleStep=0.5, suffix=" mm")
        self.offset_y = QDoubleSpinBox(minimum=-20, maximum=20, singleStep=0.5, suffix=" mm")
        self.darkness = QSpinBox(minimum=-1, maximum=30)
        self.darkness.setSpecialValueText(translate("labels.printers", "printer's own"))
        self.darkness.setValue(-1)
        self.save = QPushButton(translate("labels.printers", "Save printer"))
        self.delete = QPushButton(translate("labels.printers", "Delete"))
        self.test = QPushButton(translate("labels.printers", "Test print"))
        self.status = QLabel(wordWrap=True)
        form = QFormLayout()
        for title, widget in ((translate("labels.printers",
            "Name"), self.name), (translate("labels.printers",
            "Kind"), self.kind),
                              (translate("labels.printers",
                                  "Address or queue"), self.address), (translate("labels.printers",
                                  "Media"), self.media),
                              (translate("labels.printers",
                                  "Resolution (dpi)"), self.dpi), (translate("labels.printers",
                                  "Offset right"), self.offset_x),
                              (translate("labels.printers",
                                  "Offset down"), self.offset_y), (translate("labels.printers",
                                  "Darkness"), self.darkness)):
            form.addRow(title, widget)
        buttons = QHBoxLayout()
        for b in (self.save, self.delete, self.test):
            buttons.addWidget(b)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.status)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(right, 2)
        self.list.currentTextChanged.connect(self.show_printer)
        self.save.clicked.connect(self.on_save)
        self.delete.clicked.connect(self.on_delete)
        self.test.clicked.connect(self.on_test)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.list.addItems([p.name for p in self.backend.read(labels_printers.list_printers)])

    def show_printer(self, name: str) -> None:
        if not name:
            return
        p = self.backend.read(labels_printers.get_printer, name)
        self.name.setText(p.name)
        self.kind.setCurrentIndex(self.kind.findData(p.kind))
        self.address.setText(p.address)
        self.media.setCurrentIndex(self.media.findData(p.media))
        self.dpi.setCurrentText(str(p.dpi))
        self.offset_x.setValue(p.offset_x_mm)
        self.offset_y.setValue(p.offset_y_mm)
        self.darkness.setValue(-1 if p.darkness is None else p.darkness)

    def profile(self) -> PrinterProfile:
        darkness = self.darkness.value()
        return PrinterProfile(self.name.text().strip(), self.kind.currentData(),
                              self.address.text().strip(), self.media.currentData(),
                              int(self.dpi.currentText()), self.offset_x.value(),
                              self.offset_y.value(), None if darkness < 0 else darkness)

    def on_save(self) -> None:
        current = self.list.currentItem()
        try:
            self.backend.run(labels_printers.save_printer, self.profile(),
                             current.text() if current else None)
        except BackroomError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(translate("labels.printers",
            "Saved {strip}.").format(
            strip=self.name.text().strip()))
        self.reload()
        self.printers_changed.emit()

    def on_delete(self) -> None:
        current = self.list.currentItem()
        if current is None:
            return
        self.backend.run(labels_printers.delete_printer, current.text())
        self.reload()
        self.printers_changed.emit()

    def on_test(self) -> None:
        """Send a test label with the settings as the form shows them (saved or not)."""
        profile = self.profile()

        def job(_progress: object, _token: object) -> str:
            data = labels_printers.test_label(profile)
            if profile.kind == "zpl":
                return transports.send_raw(profile, data, timeout=5)
            return transports.send_pdf(profile, data, "test-print.pdf")

        # Kept until the job reports, so the signals object lives that long.
        self._signals, _ = self.runner.start(job, finished=self._tested,
                                      failed=self._test_failed)

    def _test_failed(self, exc: BaseException) -> None:
        self._tested(translate("labels.printers", "Test print failed: {exc}").format(exc=exc))

    def _tested(self, message: str) -> None:
        self.status.setText(message)
        self.test_sent.emit(message)


class StoreSettingsPage(QWidget):
    """A store's template choices; saved per store."""

    saved = Signal(str)     # store name

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.store = QComboBox()
        for row in backend.read(labels_printers.stores):
            self.store.addItem(row.name, row.id)
        self.fields = {f: QCheckBox(translate("labels.printers",
            "Show {f}").format(
            f=code_words(f))) for f in HIDEABLE}
        self.logo = QLineEdit(placeholderText=translate("labels.printers",
            "PNG or JPEG for packing slips"))
        browse = QPushButton(translate("labels.printers", "Browse…"))
        self.return_name = QLineEdit()
        self.return_address = QPlainTextEdit()
        self.return_address.setPlaceholderText(translate("labels.printers",
            "One line per line of the address"))
        self.instructions = QPlainTextEdit()
        for text_box in (self.return_address, self.instructions):
            text_box.setMaximumHeight(90)
        self.font_size = QSpinBox(minimum=6, maximum=16, value=10, suffix=" pt")
        self.save = QPushButton(translate("labels.printers", "Save settings"))
        self.status = QLabel()
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(browse)
        checks = QHBoxLayout()
        for box in self.fields.values():
            checks.addWidget(box)
        form = QFormLayout(self)
        form.addRow(translate("labels.printers", "Store"), self.store)
        form.addRow(translate("labels.printers", "Fields"), checks)
        form.addRow(translate("labels.printers", "Logo"), logo_row)
        form.addRow(translate("labels.printers", "Return to (name)"), self.return_name)
        form.addRow(translate("labels.printers", "Return address"), self.return_address)
        form.addRow(translate("labels.printers", "Return instructions"), self.instructions)
        form.addRow(translate("labels.printers", "Slip font size"), self.font_size)
        form.addRow(self.save, self.status)
        note = QLabel(translate("labels.printers",
            "Shipping labels and packing slips of this store use these."))
        note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(note)     # under the button, not adrift in the room left below it
        browse.clicked.connect(self._browse)
        self.store.currentIndexChanged.connect(self.load)
        self.save.clicked.connect(self.on_save)
        self.load()

    def _browse(self) -> None:
        name = ask_open_path(self, translate("labels.printers",
            "Logo"), translate("labels.printers",
            "Images (*.png *.jpg *.jpeg)"))
        if name:
            self.logo.setText(name)

    def load(self) -> None:
        store_id = self.store.currentData()
        if store_id is None:
            return
        look = self.backend.read(labels_printers.store_settings, store_id)
        for name, box in self.fields.items():
            box.setChecked(name not in look.hidden)
        self.logo.setText(look.logo_path)
        self.return_name.setText(look.return_name)
        self.return_address.setPlainText("\n".join(look.return_lines))
        self.instructions.setPlainText(look.return_instructions)
        self.font_size.setValue(look.font_size)

    def look(self) -> StoreLook:
        return StoreLook(frozenset(n for n, box in self.fields.items() if not box.isChecked()),
                         self.logo.text().strip(), self.return_name.text().strip(),
                         tuple(line.strip() for line in
                               self.return_address.toPlainText().splitlines() if line.strip()),
                         self.instructions.toPlainText().strip(), self.font_size.value())

    def on_save(self) -> None:
        try:
            self.backend.run(labels_printers.save_store_settings, self.store.currentData(),
                             self.look())
        except BackroomError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(translate("labels.printers",
            "Saved for {currentText}.").format(
            currentText=self.store.currentText()))
        self.saved.emit(self.store.currentText())

    def edit_return_address(self, store: str) -> None:
        """Show `store`'s settings with the keyboard in its return address."""
        index = self.store.findText(store)
        if index >= 0:
            self.store.setCurrentIndex(index)
        self.status.setText(translate("labels.printers",
            "Type {store}'s return address, one line per line, then Save.").format(
            store=store))
        self.return_address.setFocus()
