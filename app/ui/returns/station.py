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
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QTableWidgetItem, QWidget

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.returns import opening, reads, reasons, receiving, refunds
from app.services.returns.slip import write_return_slip
from app.services.returns.station import ScanMeaning, read_code
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import translate
from app.ui.common.money_text import money_text
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.returns.exchange_dialog import ExchangeDialog
from app.ui.returns.list_page import reason_words, return_status_words
from app.ui.returns.reasons_dialog import ReasonsDialog
from app.ui.returns.station_layout import CONDITION_KEYS, DISPOSITION_KEYS, StationWidgets

_BANNER = {"idle": "#455a64", "good": "#1b7a34", "bad": "#c62828", "done": "#0d47a1",
           "ask": "#8d6e00"}
_CONDITION_WORDS = {code: words for _key, code, words in CONDITION_KEYS}
_PLACE_WORDS = {code: words for _key, code, words in DISPOSITION_KEYS}


def _condition(code: str) -> str:
    """A unit's condition in the chosen language ("Damaged", 已损坏)."""
    return translate("returns.station_layout", _CONDITION_WORDS.get(code, code))


def _place(code: str) -> str:
    """Where a unit went in the chosen language ("Quarantine", 隔离区)."""
    return translate("returns.station_layout", _PLACE_WORDS.get(code, code))


def _went(text: str) -> str:
    """One place a line's units went: "restock A-01-1" (bin A-01-1) or a place code."""
    code, _sep, bin_code = text.partition(" ")
    if code == "restock" and bin_code:
        return translate("returns.station", "bin {bin}").format(bin=bin_code)
    return _place(code)


def _each(text: str, words: Callable[[str], str]) -> str:
    """A line's ", "-joined codes (its units' conditions or places), each in words."""
    return ", ".join(words(part) for part in text.split(", ")) if text else ""


def _with_unit(view: reads.ReturnView, done: receiving.Received,
               user: str) -> reads.ReturnView:
    """The return as it is after `done`: its line has the units, the return its status."""
    unit = reads.UnitView(done.units, done.condition, done.disposition, done.place,
                          datetime.now(UTC), user)
    lines = tuple(replace(ln, received=ln.received + done.units, units=(*ln.units, unit))
                  if ln.line_id == done.line_id else ln for ln in view.lines)
    return replace(view, lines=lines, status=done.status)


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
        self.ask_save_path = ask_save_path   # a test hands in its own
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
            ("Ctrl+P", self.save_slip), ("Ctrl+Shift+E", self.exchange),
            ("Ctrl+Shift+R", self.edit_reasons),
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
        self.reason.addItem(translate("returns.station", "— choose a reason —"), "")
        for r in self.backend.read(reasons.list_reasons):
            self.reason.addItem(reason_words(r.label), r.code)
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
            self._fail(translate("returns.station",
                                 "Unknown code {code}: not an order, return, bin or "
                                 "product.").format(code=meaning.text))

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
            why = (translate("returns.station", "Nothing of order {number} can come back: it never "
                             "shipped.") if order.status not in opening.SHIPPED_STATUSES
                   else translate("returns.station",
                                  "Nothing of order {number} can come back: every unit "
                                  "is returned already."))
            self._fail(why.format(number=order.number))
            return
        self.view, self.order, self.chosen, self.pending = None, order, {}, ""
        self.sounds.good()
        self.show_feedback("ask", translate("returns.station",
                                            "Order {number}: scan each item that came "
                                            "back, choose the reason (Alt+R), then Ctrl+Enter")
                           .format(number=order.number))
        self._show()

    def open_return(self, return_id: int) -> None:
        try:
            self.view = self.scan_backend.read(reads.return_view, return_id)
        except BackroomError as exc:
            self._fail(exc)
            return
        self.order, self.pending = None, ""
        self.sounds.good()
        self.show_feedback("good", translate("returns.station",
                                             "Return {number} (order {order}): {todo}")
                           .format(number=self.view.number, order=self.view.order_number,
                                   todo=self._todo()))
        self._show()

    def _todo(self) -> str:
        assert self.view is not None
        left = self.view.expected - self.view.received
        if left == 0:
            return translate("returns.station", "everything has arrived")
        todo = (translate("returns.station", "1 unit to receive") if left == 1
                else translate("returns.station", "{count} units to receive").format(count=left))
        return todo if self.disposition else todo + translate("returns.station",
                                                              " — scan where it goes first")

    def _item_scanned(self, raw: str, meaning: ScanMeaning) -> None:
        if self.order is not None:
            self._choose_unit(meaning)
        elif self.view is None:
            self._fail(translate("returns.station",
                                 "Scan the order, its tracking number or the return slip "
                                 "first."))
        elif not self.disposition or (self.disposition == "restock" and not self.bin):
            try:  # refuse a wrong item now, not after its place is scanned
                sku = self.scan_backend.read(receiving.check_item, self.view.id, raw)
            except BackroomError as exc:
                self._fail(exc)
                return
            self.pending = raw
            self.sounds.good()
            self.show_feedback("ask", translate("returns.station",
                                                "{sku}: where does it go? Scan a bin, "
                                                "QUARANTINE, SCRAP or SUPPLIER").format(sku=sku))
            self._show_next()
        else:
            self._receive(raw, meaning.product_ids)

    def _receive(self, raw: str, products: frozenset[int] | None = None) -> None:
        assert self.view is not None
        done = self._call(receiving.receive_scan, self.backend.actor, self.view.id, raw,
                          condition=self.condition, disposition=self.disposition,
                          bin_code=self.bin, products=products or None)
        self.pending = ""
        if done is None:
            return
        self.stock_changed.emit()
        # The answer says what changed: the return is not read again on every scan.
        self.view = _with_unit(self.view, done, self.backend.actor.user)
        where = self.bin if self.disposition == "restock" else _place(self.disposition)
        text = (f"✔ {done.units} × {done.sku} {_condition(self.condition).lower()} → "
                f"{where}")
        if done.remaining == 0:
            self.sounds.done()
            self.show_feedback("done", translate("returns.station",
                                                 "{text}. All arrived: record the refund "
                                                 "(Alt+A)").format(text=text))
        else:
            self.sounds.good()
            self.show_feedback("good", translate("returns.station",
                                                 "{text} · {count} to go").format(
                text=text, count=done.remaining))
        self._show()

    def _place_scanned(self, meaning: ScanMeaning) -> None:
        assert meaning.place is not None
        self.disposition = meaning.place.disposition
        self.bin = meaning.place.code if self.disposition == "restock" else ""
        if self.pending and self.view is not None:
            self._receive(self.pending)
            return
        self.sounds.good()
        self.show_feedback("good", translate("returns.station", "Next items go to {where}").format(
            where=self._where()))
        self._show_next()

    def _where(self) -> str:
        if self.disposition == "restock":
            return (translate("returns.station", "bin {bin}").format(bin=self.bin) if self.bin
                    else translate("returns.station", "a bin (scan it)"))
        if self.disposition in _PLACE_WORDS:
            return _place(self.disposition)
        return translate("returns.station", "— scan a bin or place —")

    def _choose_unit(self, meaning: ScanMeaning) -> None:
        assert self.order is not None
        lines = [ln for ln in self.order.lines if ln.product_id in meaning.product_ids
                 and ln.returnable > self.chosen.get(ln.line_id, 0)]
        if not lines:
            on_order = any(ln.product_id in meaning.product_ids for ln in self.order.lines)
            self._fail(translate("returns.station",
                                 "{sku}: no more of it can come back from this order.")
                       .format(sku=meaning.sku) if on_order else
                       translate("returns.station", "{sku}: not on order {number}.").format(
                           sku=meaning.sku, number=self.order.number))
            return
        self.chosen[lines[0].line_id] = self.chosen.get(lines[0].line_id, 0) + 1
        self.sounds.good()
        self.show_feedback("good", translate("returns.station",
                                             "✔ {sku} comes back · {count} chosen")
                           .format(sku=meaning.sku, count=sum(self.chosen.values())))
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
            self.show_feedback("ask", translate("returns.station",
                                                "Scan the bin the next items go back into"))
        self._show_next()

    def create_return(self) -> None:
        if self.order is None:
            return
        code = self.reason.currentData()
        if not code:
            self._fail(translate("returns.station", "Choose the reason first (Alt+R)."))
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
            self._fail(translate("returns.station", "Open a return first."))
            return
        if not self.amount.text().strip():
            self._fail(translate("returns.station", "Type the refund amount first (Alt+A)."))
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
        self.show_feedback("done", translate("returns.station",
                                             "✔ Refund of {money} recorded for return "
                                             "{number}").format(
            money=money_text(done.total_minor, done.currency), number=self.view.number))
        self._show()

    def save_slip(self) -> None:
        """Ctrl+P: the return slip PDF, to print or email to the customer."""
        if self.view is None:
            self._fail(translate("returns.station",
                                 "Open a return first: its slip carries its barcode."))
            return
        path = self.ask_save_path(self, translate("returns.station", "Save the return slip"),
                                  f"return-slip-{self.view.number}.pdf",
                                  translate("returns.station", "PDF files (*.pdf)"))
        if not path:
            return
        try:
            written = self.backend.read(write_return_slip, self.view.id, path)
        except (BackroomError, OSError) as exc:
            self._fail(str(exc))
            return
        self.show_feedback("good", translate("returns.station",
                                             "✔ Return slip saved: {path}").format(
            path=written))

    def exchange(self) -> None:
        """Ctrl+Shift+E: a replacement order for units that came back."""
        if self.view is None or not self.view.received:
            self._fail(translate("returns.station",
                                 "Open a return and receive its units first; then "
                                 "Ctrl+Shift+E exchanges them."))
            return
        if self.view.exchange_order:
            self._fail(translate("returns.station",
                                 "Return {number} has an exchange order already: "
                                 "{order}.").format(number=self.view.number,
                                                    order=self.view.exchange_order))
            return
        dialog = ExchangeDialog(self.scan_backend, self.view, self)
        done = dialog.exec()
        self._back_from(dialog)
        if not done or dialog.order_id is None:
            return
        self.view = self.scan_backend.read(reads.return_view, self.view.id)
        self.sounds.done()
        self.show_feedback("done", translate("returns.station", "✔ Exchange order {order} created: "
                                             "reserved, ready to pick and pack").format(
            order=self.view.exchange_order))
        self.stock_changed.emit()
        self._show()

    def _back_from(self, dialog: QDialog) -> None:
        """The keys come back to the station: without a window manager to do it (a kiosk
        session), the window is made active again."""
        dialog.deleteLater()
        self.window().activateWindow()
        self.table.setFocus()

    def edit_reasons(self) -> None:
        """Ctrl+Shift+R: add, rename or retire return reasons."""
        dialog = ReasonsDialog(self.backend, self)
        dialog.exec()
        if dialog.changed:
            self.load_reasons()
        self._back_from(dialog)

    def leave(self) -> None:
        """Esc: put the current return or order away; the station waits for the next."""
        self.order, self.view, self.chosen, self.pending = None, None, {}, ""
        self.show_feedback("idle", translate("returns.station",
                                             "Scan a returned parcel's order slip, "
                                             "tracking number or return slip"))
        self._show()

    # -- showing ---------------------------------------------------------------------------
    def _show(self) -> None:
        self.opening.setVisible(self.order is not None)
        self.refund_box.setVisible(self.view is not None)
        if self.order is not None:
            o = self.order
            self.header.setText(translate("returns.station",
                                          "Order {number} · {store} · {customer}")
                                .format(number=o.number, store=o.store, customer=o.customer))
            self.subheader.setText(translate("returns.station",
                                             "Opening a return: scan each item that came back."))
            self._fill(("SKU", translate("returns.station", "Product"), translate("returns.station",
                                                                                  "Shipped"),
                        translate("returns.station",
                                  "Returned before"), translate("returns.station", "Coming back")),
                       [(ln.sku, ln.name, ln.shipped, ln.returned, self.chosen.get(ln.line_id, 0))
                        for ln in o.lines])
        elif self.view is not None:
            v = self.view
            self.header.setText(translate("returns.station",
                                          "Return {number} · order {order} · {store} · "
                                          "{customer}").format(
                number=v.number, order=v.order_number, store=v.store, customer=v.customer))
            self.subheader.setText(f"{return_status_words(v.status)} · {reason_words(v.reason)}"
                                   + (f" · “{v.note}”" if v.note else "")
                                   + translate("returns.station",
                                               " · {received} of {expected} received")
                                   .format(received=v.received, expected=v.expected)
                                   + (translate("returns.station",
                                                " · exchange order {order}").format(
                                       order=v.exchange_order) if v.exchange_order else ""))
            self._fill(("SKU", translate("returns.station", "Product"), translate("returns.station",
                                                                                  "Expected"),
                        translate("returns.station", "Received"), translate("returns.station",
                                                                            "Condition"),
                        translate("returns.station", "Went to")),
                       [(ln.sku, ln.name, ln.expected, ln.received,
                         _each(ln.condition, _condition), _each(ln.disposition, _went)
                         ) for ln in v.lines])
            self.refunded.setText(
                translate("returns.station", "Refunded so far: {money}").format(
                    money=money_text(v.refunded_minor, v.currency))
                if v.refunds else translate("returns.station", "No refund yet."))
        else:
            self.header.setText("")
            self.subheader.setText("")
            self._fill((), [])
        self._show_next()

    def _show_next(self) -> None:
        pending = (translate("returns.station", " · waiting: {code}").format(code=self.pending)
                   if self.pending else "")
        self.next_unit.setText(translate("returns.station",
                                         "Next unit: {condition} → {where}").format(
            condition=_condition(self.condition), where=self._where()) + pending)

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
