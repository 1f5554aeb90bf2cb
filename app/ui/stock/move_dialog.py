"""Moving stock by scanning (from-bin, items, to-bin) and adjusting stock with a reason."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.stock import moves as stock_moves
from app.services.stock import reads as stock_views
from app.ui.common.form_dialog import error_label, lay_out
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text
from app.ui.common.scanner_input import ScannerInput
from app.ui.common.words import code_words


class StockMoveDialog(QDialog):
    """Scan the from-bin, then the items (+1 each), then the to-bin: the move is made."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("stock.move_dialog", "Move stock between bins"))
        self.resize(520, 420)
        self.backend = backend
        self.from_bin: str | None = None
        self.items: Counter[str] = Counter()
        self.last_move: stock_moves.MoveResult | None = None
        self.step = QLabel()
        self.step.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(translate("stock.move_dialog", "Scan or type, then Enter"))
        self.list = QListWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.reset_button = QPushButton(translate("stock.move_dialog", "Start &over"))
        layout = QVBoxLayout(self)
        for w in (self.step, self.entry, self.list, self.message, self.reset_button):
            layout.addWidget(w)
        self.scanner = ScannerInput(self)
        self.scanner.scanned.connect(self.on_scanned)
        self.entry.returnPressed.connect(self._on_entry)
        self.reset_button.clicked.connect(self.start_over)
        self.start_over()

    def start_over(self) -> None:
        self.from_bin, self.items = None, Counter()
        self.list.clear()
        self.step.setText(translate("stock.move_dialog", "1. Scan the bin to take stock FROM"))
        self.entry.setFocus()

    def _on_entry(self) -> None:
        text = self.entry.text().strip()
        self.entry.clear()
        if text:
            self.on_scanned(text)

    def on_scanned(self, code: str) -> None:
        code = code.strip()
        is_bin = self.backend.read(stock_views.location_by_code, code) is not None
        if self.from_bin is None:
            if not is_bin:
                self._say(translate("stock.move_dialog",
                    "{code} is not a bin. Scan the from-bin first.").format(
                    code=code), error=True)
                return
            self.from_bin = code.upper()
            self.step.setText(translate("stock.move_dialog",
                "2. Scan the items to move from {from_bin}, then the to-bin").format(
                from_bin=self.from_bin))
            self._say("")
        elif is_bin:
            self._finish(code.upper())
        else:
            try:
                self.backend.read(stock_moves.product_for_code, code)
            except BackroomError as exc:
                self._say(error_text(exc), error=True)
                return
            self.items[code] += 1
            self.list.clear()
            self.list.addItems([f"{c}  × {n}" for c, n in self.items.items()])
            self._say(f"+1 {code}")

    def _finish(self, to_bin: str) -> None:
        if not self.items:
            self._say(translate("stock.move_dialog",
                "Scan at least one item before the to-bin."), error=True)
            return
        try:
            self.last_move = self.backend.run(stock_moves.transfer, self.from_bin or "",
                                              list(self.items.items()), to_bin,
                                              actor=self.backend.actor)
        except BackroomError as exc:
            self._say(error_text(exc), error=True)
            return
        moved = ", ".join(f"{sku} × {n}" for sku, n in self.last_move.lines)
        self.start_over()
        self._say(translate("stock.move_dialog",
            "Moved to {to_bin}: {moved}. Scan the next from-bin, or close.").format(
            to_bin=to_bin, moved=moved))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error
                                   else "color: #1b5e20;")
        self.message.setText(text)


class AdjustDialog(QDialog):
    """Add or remove units of a product in a bin, with a reason (owner or supervisor)."""

    def __init__(self, backend: Backend, bin_code: str = "", code: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("stock.move_dialog", "Adjust stock"))
        self.setMinimumWidth(440)
        self.backend = backend
        self.adjustment: stock_moves.MoveResult | None = None
        self.bin = QLineEdit(bin_code)
        self.code = QLineEdit(code)
        self.change = QSpinBox()
        self.change.setRange(-100000, 100000)
        self.change.setValue(-1)
        self.reason = QComboBox()
        for reason in stock_moves.ADJUST_REASONS:
            self.reason.addItem(code_words(reason), reason)
        self.note = QLineEdit()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(translate("stock.move_dialog", "Bin"), self.bin)
        form.addRow(translate("stock.move_dialog", "SKU or barcode"), self.code)
        form.addRow(translate("stock.move_dialog", "Change (+ adds, − removes)"), self.change)
        form.addRow(translate("stock.move_dialog", "Reason"), self.reason)
        form.addRow(translate("stock.move_dialog", "Note"), self.note)
        lay_out(self, form, self.error, self.apply)

    def apply(self) -> None:
        try:
            self.adjustment = self.backend.run(
                stock_moves.adjust, self.bin.text(), self.code.text(), self.change.value(),
                self.reason.currentData(), actor=self.backend.actor, note=self.note.text())
        except BackroomError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()
