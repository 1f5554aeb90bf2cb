"""The returns station: scan the order (or the return slip), then where units go, then the
units. Scanner and keyboard only.

Scan an order's slip, number or tracking: its return opens, or, if it has none, the
station asks which units come back (scan them), the reason (Alt+R) and opens it with
Ctrl+Enter. Scan a bin (or QUARANTINE, SCRAP, SUPPLIER) and every item scanned after goes
there, in the condition chosen with F1-F5; F6-F9 choose the place by key (F6 then wants a
bin scanned). An item not on the return, or one too many, is refused with the buzz and
nothing changes. Every answer is a big green or red banner and a sound.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QTableWidgetItem, QWidget

from app.models.money import format_money
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.returns import opening, reads, reasons, receiving, refunds
from app.services.returns.station import ScanMeaning, read_code
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.returns.station_layout import CONDITION_KEYS, DISPOSITION_KEYS, StationWidgets

_BANNER = {"idle": "#455a64", "good": "#1b7a34", "bad": "#c62828", "done": "#0d47a1",
           "ask": "#8d6e00"}
_CONDITION_WORDS = {code: words for _key, code, words in CONDITION_KEYS}
_PLACE_WORDS = {code: words for _key, code, words in DISPOSITION_KEYS}


class ReturnStation(StationWidgets):
    feedback_shown = Signal(str, str)   # kind, text
    stock_changed = Signal()            # a unit was received: stock levels changed

    def __init__(self, backend: Backend, *, scanner: ScannerSettings | None = None,
                 sounds: FeedbackSounds | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.scan_backend = backend.quick()
        self.sounds = sounds or FeedbackSounds(self)
        self.order: opening.ReturnableOrder | None = None   # opening a return of it
        self.chosen: dict[int, int] = {}                     # order line -> units back
        self.view: reads.ReturnView | None = None           # receiving this return
        self.condition = "new"
        self.disposition = ""        # "" until a place is scanned or chosen
        self.bin = ""
        self.pending = ""            # an item scanned before its place was known
        self.scanner = ScannerInput(self, scanner)
        self.scanner.scanned.connect(self.on_scan)
        self.code_entry.returnPressed.connect(self._typed_code)
        self.create_button.clicked.connect(self.create_return)
        self.refund_button.clicked.connect(self.record_refund)
        self.amount.returnPressed.connect(self.record_refund)
        self._keys()
        self.load_reasons()
        self.leave()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.table.setFocus()

    def _keys(self) -> None:
        bindings: list[tuple[str, Callable[[], Any]]] = [
            ("Ctrl+Return", self.create_return), ("Ctrl+Enter", self.create_return),
            ("Ctrl+R", self.record_refund), ("Escape", self.leave),
            ("Ctrl+M", lambda: self.sounds.set_muted(not self.sounds.muted))]
        bindings += [(key, partial(self.set_condition, code))
                     for key, code, _w in CONDITION_KEYS]
        bindings += [(key, partial(self.set_disposition, code))
                     for key, code, _w in DISPOSITION_KEYS]
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def load_reasons(self) -> None:
        current = self.reason.currentData()
        self.reason.clear()
        self.reason.addItem("— choose a reason —", "")
        for r in self.backend.read(reasons.list_reasons):
            self.reason.addItem(r.label, r.code)
        found = self.reason.findData(current)
        self.reason.setCurrentIndex(max(found, 0))

    # -- feedback --------------------------------------------------------------------------
    def show_feedback(self, kind: str, text: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"background: {_BANNER[kind]}; color: white; "
                                  "font-size: 28px; font-weight: bold; padding: 10px;")
        self.feedback_shown.emit(kind, text)

    def _fail(self, exc: BackroomError | str) -> None:
        self.sounds.error()
        self.show_feedback("bad", f"✘ {exc}")

    def _call(self, job: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return self.scan_backend.run(job, *args, **kwargs)
        except BackroomError as exc:
            self._fail(exc)
            return None

    # -- scans -----------------------------------------------------------------------------
    def _typed_code(self) -> None:
        text = self.code_entry.text().strip()
        self.code_entry.clear()
        if text:
            self.on_scan(text)

    def on_scan(self, raw: str) -> None:
        try:
            meaning = self.scan_backend.read(read_code, raw)
        except BackroomError as exc:
            self._fail(exc)
            return
        if meaning.kind == "return" and meaning.return_id is not None:
            self.open_return(meaning.return_id)
        elif meaning.kind == "place":
            self._place_scanned(meaning)
        elif meaning.kind == "product":
            self._item_scanned(raw, meaning)
        elif meaning.kind == "order" and meaning.order_id is not None:
            self.open_order(meaning.order_id)
        else:
            self._fail(f"Unknown code {meaning.text}: not an order, return, bin or product.")

    def open_order(self, order_id: int) -> None:
        """Show an order's return (if one is on its way) or start opening one."""
        try:
            order = self.scan_backend.read(opening.returnable_order, order_id)
        except BackroomError as exc:
            self._fail(exc)
            return
        if order.open_return_id is not None:
            self.open_return(order.open_return_id)
            return
        if not order.returnable:
            self._fail(f"Nothing of order {order.number} can come back: "
                       + ("it never shipped." if order.status not in
                          opening.SHIPPED_STATUSES else "every unit is returned already."))
            return
        self.view, self.order, self.chosen, self.pending = None, order, {}, ""
        self.sounds.good()
        self.show_feedback("ask", f"Order {order.number}: scan each item that came back, "
                           "choose the reason (Alt+R), then Ctrl+Enter")
        self._show()

    def open_return(self, return_id: int) -> None:
        try:
            self.view = self.scan_backend.read(reads.return_view, return_id)
        except BackroomError as exc:
            self._fail(exc)
            return
        self.order, self.pending = None, ""
        self.sounds.good()
        self.show_feedback("good", f"Return {self.view.number} (order {self.view.order_number})"
                           f": {self._todo()}")
        self._show()

    def _todo(self) -> str:
        assert self.view is not None
        left = self.view.expected - self.view.received
        if left == 0:
            return "everything has arrived"
        place = "" if self.disposition else " — scan where it goes first"
        return f"{left} unit{'s' if left != 1 else ''} to receive{place}"

    def _item_scanned(self, raw: str, meaning: ScanMeaning) -> None:
        if self.order is not None:
            self._choose_unit(meaning)
        elif self.view is None:
            self._fail("Scan the order, its tracking number or the return slip first.")
        elif not self.disposition or (self.disposition == "restock" and not self.bin):
            try:  # refuse a wrong item now, not after its place is scanned
                sku = self.scan_backend.read(receiving.check_item, self.view.id, raw)
            except BackroomError as exc:
                self._fail(exc)
                return
            self.pending = raw
            self.sounds.good()
            self.show_feedback("ask", f"{sku}: where does it go? Scan a bin, QUARANTINE, "
                               "SCRAP or SUPPLIER")
            self._show_next()
        else:
            self._receive(raw)

    def _receive(self, raw: str) -> None:
        assert self.view is not None
        done = self._call(receiving.receive_scan, self.backend.actor, self.view.id, raw,
                          condition=self.condition, disposition=self.disposition,
                          bin_code=self.bin)
        self.pending = ""
        if done is None:
            return
        self.stock_changed.emit()
        self.view = self.scan_backend.read(reads.return_view, self.view.id)
        where = self.bin if self.disposition == "restock" else _PLACE_WORDS[self.disposition]
        text = (f"✔ {done.units} × {done.sku} {_CONDITION_WORDS[self.condition].lower()} → "
                f"{where}")
        if done.remaining == 0:
            self.sounds.done()
            self.show_feedback("done", f"{text}. All arrived: record the refund (Alt+A)")
        else:
            self.sounds.good()
            self.show_feedback("good", f"{text} · {done.remaining} to go")
        self._show()

    def _place_scanned(self, meaning: ScanMeaning) -> None:
        assert meaning.place is not None
        self.disposition = meaning.place.disposition
        self.bin = meaning.place.code if self.disposition == "restock" else ""
        if self.pending and self.view is not None:
            self._receive(self.pending)
            return
        self.sounds.good()
        self.show_feedback("good", f"Next items go to {self._where()}")
        self._show_next()

    def _where(self) -> str:
        if self.disposition == "restock":
            return f"bin {self.bin}" if self.bin else "a bin (scan it)"
        return _PLACE_WORDS.get(self.disposition, "— scan a bin or place —")

    def _choose_unit(self, meaning: ScanMeaning) -> None:
        assert self.order is not None
        lines = [ln for ln in self.order.lines if ln.product_id in meaning.product_ids
                 and ln.returnable > self.chosen.get(ln.line_id, 0)]
        if not lines:
            on_order = any(ln.product_id in meaning.product_ids for ln in self.order.lines)
            self._fail(f"{meaning.sku}: " + ("no more of it can come back from this order."
                                             if on_order else
                                             f"not on order {self.order.number}."))
            return
        self.chosen[lines[0].line_id] = self.chosen.get(lines[0].line_id, 0) + 1
        self.sounds.good()
        self.show_feedback("good", f"✔ {meaning.sku} comes back · "
                           f"{sum(self.chosen.values())} chosen")
        self._show()

    # -- keys ------------------------------------------------------------------------------
    def set_condition(self, condition: str) -> None:
        self.condition = condition
        self._show_next()

    def set_disposition(self, disposition: str) -> None:
        self.disposition = disposition
        if disposition != "restock":
            self.bin = ""
            if self.pending and self.view is not None:
                self._receive(self.pending)
                return
        else:
            self.show_feedback("ask", "Scan the bin the next items go back into")
        self._show_next()

    def create_return(self) -> None:
        if self.order is None:
            return
        code = self.reason.currentData()
        if not code:
            self._fail("Choose the reason first (Alt+R).")
            self.reason.setFocus()
            return
        skus = {ln.line_id: ln.sku for ln in self.order.lines}
        items = [(skus[line], qty) for line, qty in self.chosen.items() if qty]
        done = self._call(opening.create_return, self.backend.actor, self.order.order_id, items,
                          code, note=self.note.text())
        if done is None:
            return
        self.note.clear()
        self.reason.setCurrentIndex(0)
        self.table.setFocus()  # back from the reason box, so the keys reach the station
        self.open_return(done.id)

    def record_refund(self) -> None:
        if self.view is None:
            self._fail("Open a return first.")
            return
        if not self.amount.text().strip():
            self._fail("Type the refund amount first (Alt+A).")
            self.amount.setFocus()
            return
        done = self._call(refunds.record_refund, self.backend.actor, self.view.id,
                          self.amount.text(), shipping=self.shipping.text(),
                          fee=self.fee.text(), paid_by=self.paid_by.currentData())
        if done is None:
            return
        for field in (self.amount, self.shipping, self.fee):
            field.clear()
        self.table.setFocus()
        self.view = self.scan_backend.read(reads.return_view, self.view.id)
        self.sounds.done()
        self.show_feedback("done", f"✔ Refund of {format_money(done.total_minor, done.currency)}"
                           f" recorded for return {self.view.number}")
        self._show()

    def leave(self) -> None:
        """Esc: put the current return or order away; the station waits for the next."""
        self.order, self.view, self.chosen, self.pending = None, None, {}, ""
        self.show_feedback("idle", "Scan a returned parcel's order slip, tracking number or "
                           "return slip")
        self._show()

    # -- showing ---------------------------------------------------------------------------
    def _show(self) -> None:
        self.opening.setVisible(self.order is not None)
        self.refund_box.setVisible(self.view is not None)
        if self.order is not None:
            o = self.order
            self.header.setText(f"Order {o.number} · {o.store} · {o.customer}")
            self.subheader.setText("Opening a return: scan each item that came back.")
            self._fill(("SKU", "Product", "Shipped", "Returned before", "Coming back"),
                       [(ln.sku, ln.name, ln.shipped, ln.returned, self.chosen.get(ln.line_id, 0))
                        for ln in o.lines])
        elif self.view is not None:
            v = self.view
            self.header.setText(f"Return {v.number} · order {v.order_number} · {v.store} · "
                                f"{v.customer}")
            self.subheader.setText(f"{v.status.capitalize()} · {v.reason}"
                                   + (f" · “{v.note}”" if v.note else "")
                                   + f" · {v.received} of {v.expected} received")
            self._fill(("SKU", "Product", "Expected", "Received", "Condition", "Went to"),
                       [(ln.sku, ln.name, ln.expected, ln.received, ln.condition,
                         ln.disposition) for ln in v.lines])
            self.refunded.setText(
                f"Refunded so far: {format_money(v.refunded_minor, v.currency)}"
                if v.refunds else "No refund yet.")
        else:
            self.header.setText("")
            self.subheader.setText("")
            self._fill((), [])
        self._show_next()

    def _show_next(self) -> None:
        pending = f" · waiting: {self.pending}" if self.pending else ""
        self.next_unit.setText(f"Next unit: {_CONDITION_WORDS[self.condition]} → "
                               f"{self._where()}{pending}")

    def _fill(self, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
