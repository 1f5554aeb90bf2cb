"""Pick on screen: make a pick list (one order or a batch), then scan bin and item.

Keys: Ctrl+N new pick list from the filter · F4 the selected line is short · Ctrl+P write the
pick list PDF. Scanning a pick list's barcode (PICK-12) opens it; a bin code sets the bin.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.packing import picking
from app.services.packing.documents import pick_list_pdf_bytes
from app.services.stock.scan_codes import Misread, parse_scan
from app.ui.common.cell_tooltips import show_clipped_text
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text, message_text
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.common.words import plural
from app.ui.packing.lines_model import PickRowsModel

_PICK_REF = re.compile(r"^PICK-(\d+)$", re.IGNORECASE)
_COLOURS = {"good": "#1b7a34", "bad": "#c62828", "ask": "#455a64"}


class PickingPage(QWidget):
    feedback_shown = Signal(str, str)

    def __init__(self, backend: Backend, *, sounds: FeedbackSounds, folder: str = "",
                 scanner: ScannerSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.sounds = sounds
        self.folder = folder or str(Path.home() / "Backroom" / "pick-lists")
        self.pick_id: int | None = None
        self.bin_code: str | None = None
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.store = QComboBox()
        self.store.addItem(translate("packing.picking_page", "All stores"), "")
        for name in backend.read(picking.store_names):
            self.store.addItem(name, name)
        self.count = QSpinBox()
        self.count.setRange(1, 200)
        self.count.setValue(10)
        self.strict = QCheckBox(translate("packing.picking_page", "Strict: scan the bin first"))
        self.create_button = QPushButton(translate("packing.picking_page",
            "New pick list (Ctrl+N)"))
        self.create_button.clicked.connect(self.create_list)
        self.model = PickRowsModel(self)
        self.table = QTableView()
        show_clipped_text(self.table)
        self.table.setModel(self.model)
        self.table.setStyleSheet("font-size: 20px;")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab / Ctrl+Tab leave the table
        head = self.table.horizontalHeader()
        for col in range(5):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col == 2
                                      else QHeaderView.ResizeMode.ResizeToContents)
        bar = QHBoxLayout()
        for w in (QLabel(translate("packing.picking_page",
            "Store")), self.store, QLabel(translate("packing.picking_page",
            "Orders")), self.count, self.strict,
                  self.create_button):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(translate("packing.picking_page",
            "Scan a bin, then its items · F4 short · Ctrl+P pick list PDF")))
        for key, slot in (("Ctrl+N", self.create_list), ("F4", self.mark_short),
                          ("Ctrl+P", self.write_pdf)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.scanner = ScannerInput(self, scanner)
        self.scanner.scanned.connect(self.on_scan)
        self.show_feedback("ask", translate("packing.picking_page",
            "Make a pick list (Ctrl+N) or scan one"))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        """Coming to this page puts the keyboard in it, so its shortcut keys work."""
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.table.setFocus()

    def show_feedback(self, kind: str, text: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"background: {_COLOURS[kind]}; color: white; "
                                  "font-size: 26px; font-weight: bold; padding: 10px;")
        self.feedback_shown.emit(kind, text)

    def _fail(self, exc: BackroomError) -> None:
        self.sounds.error()
        self.show_feedback("bad", f"✘ {error_text(exc)}")

    def _show(self, view: picking.PickListView) -> None:
        self.pick_id = view.id
        self.model.reset(view.rows)

    def create_list(self) -> None:
        try:
            ids = self.backend.read(picking.choose_orders, store=self.store.currentData() or None,
                                   limit=self.count.value())
            view = self.backend.run(picking.create_pick_list, self.backend.actor, ids,
                                    strict_bins=self.strict.isChecked())
        except BackroomError as exc:
            self._fail(exc)
            return
        self.bin_code = None
        self._show(view)
        self.show_feedback("good", translate("packing.picking_page",
            "Pick list PICK-{id}: {orders}, {lines}").format(
            id=view.id, orders=plural(len(view.orders), 'order'),
            lines=plural(len(view.rows), 'line')))

    def on_scan(self, text: str) -> None:
        ref = _PICK_REF.match(text.strip())
        try:
            if ref:
                self.bin_code = None
                self._show(self.backend.read(picking.pick_list_view, int(ref.group(1))))
                self.sounds.good()
                self.show_feedback("good", translate("packing.picking_page",
                    "Pick list {upper} open").format(
                    upper=text.strip().upper()))
                return
            if self.pick_id is None:
                raise BackroomError(translate("packing.picking_page",
                    "Make or scan a pick list first."))
            if self._is_text(text):
                try:
                    self.bin_code = self.backend.run(picking.scan_bin, self.pick_id, text)
                    self.sounds.good()
                    self.show_feedback("good", translate("packing.picking_page",
                        "Bin {bin_code}: scan its items").format(
                        bin_code=self.bin_code))
                    return
                except picking.WrongBin as exc:
                    if "is not a bin" not in str(exc):
                        raise
            result = self.backend.run(picking.pick_scan, self.pick_id, text,
                                      bin_code=self.bin_code)
        except BackroomError as exc:
            self._fail(exc)
            return
        self._show(result.view)
        if result.view.status == "done":
            self.sounds.done()
        else:
            self.sounds.good()
        self.show_feedback("good", f"✔ {message_text(result.message)}"
                           + (translate("packing.picking_page",
                               " — list complete") if result.view.status == "done" else ""))

    @staticmethod
    def _is_text(text: str) -> bool:
        try:
            code = parse_scan(text)
            return code.kind == "text" or code.also_text  # 6/7 digits may be a bin
        except Misread:
            return False

    def mark_short(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self.pick_id is None or not rows:
            return
        row = self.model.row_at(rows[0].row())
        try:
            flagged = self.backend.run(picking.mark_short, self.backend.actor, self.pick_id,
                                       row.bin, row.sku)
            self._show(self.backend.read(picking.pick_list_view, self.pick_id))
        except BackroomError as exc:
            self._fail(exc)
            return
        self.show_feedback("bad", f"Short: {row.sku} in {row.bin}; on hold: "
                           f"{', '.join(flagged)}")

    def write_pdf(self) -> str:
        if self.pick_id is None:
            return ""
        try:
            data = self.backend.read(pick_list_pdf_bytes, self.pick_id)
            path = Path(self.folder) / f"pick-list-{self.pick_id}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except (BackroomError, OSError) as exc:
            self._fail(BackroomError(str(exc)))
            return ""
        self.show_feedback("good", translate("packing.picking_page",
            "Pick list written to {path}").format(
            path=path))
        return str(path)
