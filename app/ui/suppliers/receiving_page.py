"""Receiving by scan: scan the PO or shipment, then each item (a carton code counts its
pack), then the bin: that scan posts the receipt in one transaction. Keyboard only:
F6 toggles "damaged" for the next scans, F7 says the rest did not come (short), a number
typed + Enter is the quantity of the next scan, Esc drops what was counted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.suppliers import receiving
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.qt_helpers import add_shortcut
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.suppliers.document_dialog import DocumentDialog
from app.ui.suppliers.pages import open_bin_labels, po_status_words

_OK, _BAD, _IDLE = "#1b5e20", "#b00020", "#333333"
HEADERS = ("SKU", QT_TRANSLATE_NOOP("suppliers.receiving_page", "Name"),
           QT_TRANSLATE_NOOP("suppliers.receiving_page", "Expected"),
           QT_TRANSLATE_NOOP("suppliers.receiving_page", "Good"),
           QT_TRANSLATE_NOOP("suppliers.receiving_page", "Damaged"),
           QT_TRANSLATE_NOOP("suppliers.receiving_page", "Still to come"),
           QT_TRANSLATE_NOOP("suppliers.receiving_page", "Pack"))
NO_PO = QT_TRANSLATE_NOOP("suppliers.receiving_page", "No purchase order open")


class ReceivingPage(QWidget):
    def __init__(self, backend: Backend, *, scanner: ScannerSettings | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.scan_backend = backend.quick()
        self.tally: receiving.Tally | None = None
        self.quantity: int | None = None
        self.over_reason = ""
        self.last_result: receiving.ReceiptResult | None = None
        self.steps = QLabel(translate("suppliers.receiving_page",
                                      "1 · Scan the PO or shipment barcode   2 · Scan each item "
                                      "(a carton counts its pack; type a number + Enter first "
                                      "for a quantity)   3 · Scan the bin to put away"))
        self.steps.setWordWrap(True)
        self.title = QLabel(translate("suppliers.receiving_page", NO_PO))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.feedback = QLabel(translate("suppliers.receiving_page",
                                         "Scan a PO or shipment to start."))
        self.feedback.setWordWrap(True)
        self.feedback.setStyleSheet(f"font-size: 14pt; color: {_IDLE};")
        self.code = QLineEdit()
        self.code.setPlaceholderText(translate(
            "suppliers.receiving_page", "Scan, or type a code / a quantity and press Enter"))
        self.code.returnPressed.connect(self._typed)
        self.damaged = QCheckBox(translate("suppliers.receiving_page",
                                           "&Damaged: next scans go to quarantine (F6)"))
        self.short = QCheckBox(translate(
            "suppliers.receiving_page",
            "Rest is &short: the bin scan records what did not come (F7)"))
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([translate("suppliers.receiving_page",
                                                        h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        fit_columns(self.table, "suppliers/receiving", stretch=1)
        self.over = QPushButton(translate("suppliers.receiving_page", "Allow &over-receipt… (F8)"))
        self.over.clicked.connect(self.ask_over_reason)
        self.clear = QPushButton(translate("suppliers.receiving_page", "Drop counts (Esc)"))
        self.clear.clicked.connect(self.drop)
        self.labels = QPushButton(translate("suppliers.receiving_page", "&Bin labels… (F9)"))
        self.labels.setToolTip(translate("suppliers.receiving_page",
                                         "Print labels for the bins this PO's goods go into"))
        self.labels.clicked.connect(self.print_bin_labels)
        self.last_po_id: int | None = None
        self.document: DocumentDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.damaged)
        buttons.addWidget(self.short)
        buttons.addStretch(1)
        buttons.addWidget(self.over)
        buttons.addWidget(self.clear)
        buttons.addWidget(self.labels)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.title)
        layout.addWidget(self.code)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(QKeySequence("F6"), self, self.damaged.toggle, context)
        add_shortcut(QKeySequence("F7"), self, self.short.toggle, context)
        add_shortcut(QKeySequence("F8"), self, self.ask_over_reason, context)
        add_shortcut(QKeySequence("Esc"), self, self.drop, context)
        add_shortcut(QKeySequence("F9"), self, self.print_bin_labels, context)
        self.scanner = ScannerInput(self, scanner)
        self.scanner.scanned.connect(self.on_scan)
        self.setFocusProxy(self.code)

    # ---- input ----
    def _typed(self) -> None:
        text = self.code.text().strip()
        self.code.clear()
        if text:
            self.on_scan(text)

    def on_scan(self, raw: str) -> None:
        raw = raw.strip()
        if self.tally is not None and raw.isdigit() and len(raw) <= 4:
            self.quantity = int(raw)
            self._say(translate("suppliers.receiving_page",
                                "Quantity {quantity}: now scan the item.").format(
                quantity=self.quantity), _IDLE)
            return
        try:
            if self.tally is None:
                self._open(raw)
            else:
                self._item_or_bin(raw)
        except BackroomError as exc:  # a wrong scan never changes stock
            self._say(str(exc), _BAD)

    def _open(self, raw: str) -> None:
        po = self.scan_backend.read(receiving.open_for_receiving, raw)
        self.tally = receiving.Tally(po)
        self.title.setText(f"{po.number} · {po.supplier}")
        self._say(translate("suppliers.receiving_page",
                            "{number} open: scan the items.").format(number=po.number),
                  _OK)
        self._refresh()

    def _item_or_bin(self, raw: str) -> None:
        assert self.tally is not None
        found = self.scan_backend.read(receiving.read_station_code, raw)
        if isinstance(found, receiving.BinHit):
            self._post(found.code)
            return
        if self.tally.line(found.product_id) is None:  # maybe the next PO's barcode
            raise receiving.WrongItem(f"Not on {self.tally.po.number}: put it aside.")
        quantity, self.quantity = self.quantity, None   # a typed quantity is for one scan
        line, units = self.tally.add(found, damaged=self.damaged.isChecked(),
                                     quantity=quantity, allow_over=bool(self.over_reason))
        where = (translate("suppliers.receiving_page",
                           "damaged → quarantine") if self.damaged.isChecked()
                 else translate("suppliers.receiving_page", "good"))
        self._say(translate("suppliers.receiving_page",
                            "+{units} {sku} ({where}). {counted} of {expected}.")
                  .format(units=units, sku=line.sku, where=where,
                          counted=self.tally.counted(line.product_id), expected=line.expected),
                  _OK)
        self._refresh()

    def _post(self, bin_code: str) -> None:
        assert self.tally is not None
        items = self.tally.items(bin_code, rest_short=self.short.isChecked())
        if not items:
            self._say(translate("suppliers.receiving_page",
                                "Nothing counted yet: scan the items, then the bin."),
                      _BAD)
            return
        result = self.backend.run(receiving.receive, self.tally.po.po_id, items,
                                  shipment_id=self.tally.po.shipment_id,
                                  over_reason=self.over_reason, actor=self.backend.actor)
        self.last_result = result
        self.last_po_id = self.tally.po.po_id
        number = self.tally.po.number
        self.tally = None
        self.over_reason = ""
        self.short.setChecked(False)
        self.damaged.setChecked(False)
        self.title.setText(translate("suppliers.receiving_page", NO_PO))
        self._say(translate("suppliers.receiving_page",
                            "{number}: {good} put away in {bin}, {damaged} to "
                            "quarantine, {short} short. PO {status}. Scan the next PO.").format(
            number=number, good=result.good, bin=bin_code, damaged=result.damaged,
            short=result.short, status=po_status_words(result.po_status)), _OK)
        self._refresh()

    def print_bin_labels(self) -> None:
        """Labels for the bins of the open PO (or the one just put away)."""
        po_id = self.tally.po.po_id if self.tally is not None else self.last_po_id
        if po_id is None:
            self._say(translate("suppliers.receiving_page",
                                "Scan a PO first: its bins get the labels."), _BAD)
            return
        self.document = open_bin_labels(self.backend, po_id, self, self.feedback)

    def ask_over_reason(self) -> None:
        reason, ok = QInputDialog.getText(self, translate("suppliers.receiving_page",
                                                          "Over-receipt"),
                                          translate("suppliers.receiving_page",
                                                    "Why take more than was shipped?"))
        if ok and reason.strip():
            self.over_reason = reason.strip()
            self._say(translate("suppliers.receiving_page",
                                "Over-receipt allowed: {reason}").format(
                reason=self.over_reason), _IDLE)

    def drop(self) -> None:
        if self.tally is not None:
            self.tally = receiving.Tally(self.tally.po)
        self.quantity = None
        self._say(translate("suppliers.receiving_page",
                            "Counts dropped; nothing was written."), _IDLE)
        self._refresh()

    # ---- display ----
    def _say(self, text: str, colour: str) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet(f"font-size: 14pt; color: {colour};")

    def _refresh(self) -> None:
        lines = self.tally.po.lines if self.tally else ()
        self.table.setRowCount(len(lines))
        for r, ln in enumerate(lines):
            assert self.tally is not None
            good = self.tally.good.get(ln.product_id, 0)
            bad = self.tally.damaged.get(ln.product_id, 0)
            cells = (ln.sku, ln.name, ln.expected, good, bad, ln.expected - good - bad,
                     ln.pack_size)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
