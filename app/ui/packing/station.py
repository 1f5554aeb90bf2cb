"""The packing station screen: scan the slip, scan every item, done. Scanner + keyboard only.

Keys: F2 type a quantity · Ctrl+Z undo · F6 new parcel · F7 weight · F8 next scan is the
tracking number · F9 complete · Shift+F9 supervisor override · Esc put the order aside ·
Ctrl+M mute. Every scan answers with a big green or red banner and a sound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.core.supervisors import is_supervisor
from app.services.labels import jobs as label_jobs
from app.services.packing import carriers as carrier_list
from app.services.packing import station as packing
from app.services.packing.completing import PackedOrder, complete_pack
from app.services.packing.documents import write_packing_slip
from app.services.packing.reads import PackView, pack_stats
from app.ui.common.feedback_sounds import FeedbackSounds
from app.ui.common.formats import weight_text
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text, message_text
from app.ui.common.scanner_input import ScannerInput, ScannerSettings
from app.ui.common.words import plural
from app.ui.common.workers import JobRunner, JobSignals
from app.ui.packing.dialogs import OverrideDialog, QuantityDialog, WeightDialog
from app.ui.packing.station_layout import StationWidgets

_BANNER = {"idle": "#455a64", "good": "#1b7a34", "bad": "#c62828", "done": "#0d47a1",
           "ask": "#8d6e00"}


@dataclass(frozen=True)
class StationSettings:
    scanner: ScannerSettings = ScannerSettings()
    complete_on_last_item: bool = True
    slip_folder: str = ""          # write the packing slip PDF here on completion ("" = off)
    label_printer: str = ""        # send the order's label here on completion ("" = off)


class PackingStation(StationWidgets):
    """Scans arrive via `ScannerInput.scanned` (or the manual code field) and go to `on_scan`."""

    order_packed = Signal(object)   # PackedOrder
    label_printed = Signal(str, str)   # order number, what the printer transport said
    label_failed = Signal(str, str)    # order number, why
    feedback_shown = Signal(str, str)  # kind (good/bad/done/ask/idle), text

    def __init__(self, backend: Backend, *, settings: StationSettings | None = None,
                 sounds: FeedbackSounds | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        # Scans wait at most ~1 s for another writer, then are refused with the buzz.
        self.scan_backend = backend.quick()
        self.settings = settings or StationSettings()
        self.sounds = sounds or FeedbackSounds(self)
        self.view: PackView | None = None
        self.mode = "item"  # item | tracking
        self.last_slip = ""
        self.last_packed: PackedOrder | None = None
        self.runner = JobRunner(self)   # labels go to the printer off the GUI thread
        self._label_signals: JobSignals | None = None
        self._build()
        self.scanner = ScannerInput(self, self.settings.scanner)
        self.scanner.scanned.connect(self.on_scan)
        self._keys()
        self.show_idle()
        self.refresh_stats()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        """Coming to this page puts the keyboard in it, so its shortcut keys work."""
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.table.setFocus()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        """Wire the children StationWidgets laid out."""
        self.carrier.activated.connect(lambda _i: self._set_carrier())
        carrier_text = self.carrier.lineEdit()
        assert carrier_text is not None  # StationWidgets makes the carrier box editable
        carrier_text.editingFinished.connect(self._set_carrier)
        self.code_entry.returnPressed.connect(self._typed_code)
        self.reload_carriers()

    def reload_carriers(self) -> None:
        """The carriers kept in Settings ▸ Carriers (the built-in list until there are any)."""
        chosen = self.backend.read(carrier_list.carrier_titles)
        if chosen:
            current = self.carrier.currentText()
            self.carrier.clear()
            self.carrier.addItems(["", *chosen])
            self.carrier.setCurrentText(current)
        self.carrier.setToolTip(translate("packing.station",
            "The carriers offered here are kept in Tools ▸ Settings ▸ Carriers and services."))

    def _keys(self) -> None:
        bindings: list[tuple[str, Callable[[], Any]]] = [
            ("F2", self.ask_quantity), ("Ctrl+Z", self.undo), ("F6", self.new_parcel),
            ("F7", self.ask_weight), ("F8", self.expect_tracking), ("F9", self.complete),
            ("Shift+F9", self.ask_override), ("F11", self.reprint_label),
            ("Escape", self.put_aside),
            ("Ctrl+M", self.toggle_mute)]
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- feedback --------------------------------------------------------------------------
    def show_feedback(self, kind: str, text: str, detail: str = "") -> None:
        """The banner (and, under it, the details of a refusal that needs them)."""
        self.banner.setText(text)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.banner.setStyleSheet(f"background: {_BANNER[kind]}; color: white; "
                                  "font-size: 30px; font-weight: bold; padding: 12px;")
        self.feedback_shown.emit(kind, text)

    def show_idle(self) -> None:
        self.show_feedback("idle", translate("packing.station",
            "Scan an order slip, pick list or tote to start"))

    def _fail(self, exc: BackroomError, *, count: bool = False) -> None:
        """Red banner and buzz; a refused item scan is also counted as an error caught."""
        self.sounds.error()
        if isinstance(exc, packing.OrderShort):
            self.show_feedback("bad", f"✘ {message_text(exc.headline)}", "\n".join(
                [f"• {message_text(line)}" for line in exc.details]
                + [message_text(exc.ADVICE)]))
        else:
            self.show_feedback("bad", f"✘ {error_text(exc)}")
        if count and self.view is not None:
            try:
                self.scan_backend.run(packing.note_refusal, self.backend.actor, self.view.order_id,
                                 str(exc))
            except BackroomError:
                pass
            self.refresh_stats()

    def _call(self, job: Callable[..., Any], *args: Any, count: bool = False,
              **kwargs: Any) -> Any:
        """Run a service; on a refusal show it (red, buzz) and return None."""
        try:
            return self.scan_backend.run(job, *args, **kwargs)
        except BackroomError as exc:
            self._fail(exc, count=count)
            return None

    # -- scans -----------------------------------------------------------------------------
    def _typed_code(self) -> None:
        text = self.code_entry.text().strip()
        self.code_entry.clear()
        if text:
            self.on_scan(text)

    def on_scan(self, text: str) -> None:
        actor = self.backend.actor
        if self.view is None:
            view = self._call(packing.open_order, actor, text)
            if view is not None:
                self.sounds.good()
                self._show(view)
                self.show_feedback("good", translate("packing.station",
                    "Order {number}: scan its {items}").format(
                    number=view.number, items=plural(view.total, 'item')))
            return
        if self.mode == "tracking":
            self.mode = "item"
            view = self._call(packing.set_tracking, actor, self.view.order_id, text,
                              carrier=self.carrier.currentText())
            if view is not None:
                self.sounds.good()
                self._show(view)
                self.show_feedback("good", translate("packing.station",
                    "Tracking {strip} on parcel {current_parcel}").format(
                    strip=text.strip(), current_parcel=view.current_parcel))
            return
        result = self._call(packing.scan_item, actor, self.view.order_id, text, count=True)
        if result is None:
            return
        self._counted(result.view, f"✔ {message_text(result.message)}")

    def _counted(self, view: PackView, message: str) -> None:
        self._show(view)
        if view.complete and self.settings.complete_on_last_item:
            self.complete()
            return
        self.sounds.good()
        self.show_feedback("good", message)

    def _show(self, view: PackView | None) -> None:
        self.view = view
        if view is None:
            self.lines_model.last_line_id = None
            self.lines_model.reset([])
            self.header.setText("")
            self.ship_to.setText("")
            self.parcels.setText("")
            return
        self.lines_model.last_line_id = view.last_line_id
        self.lines_model.reset(view.lines)
        if view.last_line_id is not None:
            # Scroll to the line counted; no selection, so its yellow/green shows through.
            row = next(i for i, line in enumerate(view.lines) if line.line_id ==
                       view.last_line_id)
            self.table.clearSelection()
            self.table.scrollTo(self.lines_model.index(row, 0))
        self.header.setText(translate("packing.station",
            "{number} · {store} — {verified} of {total} packed").format(
            number=view.number, store=view.store, verified=view.verified, total=view.total))
        extra = translate("packing.station",
            "\nNote: {notes}").format(
            notes=view.notes) if view.notes else ""
        self.ship_to.setText(f"{view.ship_to} · {view.shipping_method}{extra}")
        self.parcels.setText("\n".join(
            ("▶ " if p.number == view.current_parcel else "  ")
            + translate("packing.station", "Parcel {number}: {items}").format(
                number=p.number, items=plural(p.items, "item"))
            + (f", {weight_text(p.weight_g)}" if p.weight_g else "")
            + (f", {p.tracking}" if p.tracking else "") for p in view.parcels))
        if view.carrier and self.carrier.currentText() != view.carrier:
            self.carrier.setCurrentText(view.carrier)

    # -- commands --------------------------------------------------------------------------
    def undo(self) -> None:
        if self.view is None:
            return
        view = self._call(packing.undo_last, self.backend.actor, self.view.order_id)
        if view is not None:
            self._show(view)
            self.show_feedback("ask", translate("packing.station",
                "Undone: {verified} of {total} packed").format(
                verified=view.verified, total=view.total))

    def new_parcel(self) -> None:
        if self.view is None:
            return
        view = self._call(packing.use_parcel, self.backend.actor, self.view.order_id)
        if view is not None:
            self._show(view)
            self.show_feedback("ask", translate("packing.station",
                "Now packing into parcel {current_parcel}").format(
                current_parcel=view.current_parcel))

    def expect_tracking(self) -> None:
        if self.view is not None:
            self.mode = "tracking"
            self.show_feedback("ask", translate("packing.station",
                "Scan the tracking number for parcel {current_parcel}").format(
                current_parcel=self.view.current_parcel))

    def _set_carrier(self) -> None:
        if self.view is not None and self.carrier.currentText() != self.view.carrier:
            view = self._call(packing.set_carrier, self.backend.actor, self.view.order_id,
                              self.carrier.currentText())
            if view is not None:
                self._show(view)

    def _selected_line(self) -> Any:
        if self.view is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.lines_model.row_at(rows[0].row())
        last = next((line for line in self.view.lines
                     if line.line_id == self.view.last_line_id and not line.done), None)
        return last or next((line for line in self.view.lines if not line.done), None)

    def ask_quantity(self) -> None:
        line = self._selected_line()
        if line is None or line.done:
            return
        needs_pin = not self.backend.read(is_supervisor, self.backend.actor.user)
        dlg = QuantityDialog(self, line.name, line.quantity - line.verified, needs_pin)
        dlg.accepted.connect(lambda: self._typed_quantity(line.line_id, dlg.quantity.value(),
                                                          dlg.pin.text()))
        dlg.open()

    def _typed_quantity(self, line_id: int, quantity: int, pin: str) -> None:
        assert self.view is not None
        result = self._call(packing.type_quantity, self.backend.actor, self.view.order_id,
                            line_id, quantity, pin=pin)
        if result is not None:
            self._counted(result.view, translate("packing.station",
                "✔ {message} (typed)").format(
                message=message_text(result.message)))

    def ask_weight(self) -> None:
        if self.view is None:
            return
        dlg = WeightDialog(self, self.view.current_parcel)
        dlg.accepted.connect(lambda: self._weight(dlg.grams()))
        dlg.open()

    def _weight(self, grams: int | None) -> None:
        if self.view is None:
            return
        if grams is None:
            self.sounds.error()
            self.show_feedback("bad", translate("packing.station",
                "✘ That is not a weight (e.g. 850 or 0.85 kg)"))
            return
        view = self._call(packing.set_weight, self.backend.actor, self.view.order_id, grams)
        if view is not None:
            self._show(view)
            self.show_feedback("ask", translate("packing.station",
                "Parcel {current_parcel}: {grams} g").format(
                current_parcel=view.current_parcel, grams=grams))

    def complete(self, override_pin: str = "", override_reason: str = "") -> None:
        if self.view is None:
            return
        done: PackedOrder | None = self._call(
            complete_pack, self.backend.actor, self.view.order_id, override_pin=override_pin,
            override_reason=override_reason, note=self.note.text())
        if done is None:
            return
        self._finished(done)

    def ask_override(self) -> None:
        if self.view is None:
            return
        missing = ", ".join(f"{line.quantity - line.verified} × {line.sku}"
                            for line in self.view.lines if not line.done) or "nothing"
        dlg = OverrideDialog(self, missing)
        dlg.accepted.connect(lambda: self.complete(dlg.pin.text(), dlg.reason.text()))
        dlg.open()

    def _finished(self, done: PackedOrder) -> None:
        self.sounds.done()
        text = (translate("packing.station",
            "✔ {number} packed: {items} in {parcels}").format(
            number=done.number, items=plural(done.items, 'item'),
            parcels=plural(done.parcels, 'parcel')))
        if self.settings.slip_folder:
            try:
                self.last_slip = self.backend.run(write_packing_slip, done.order_id,
                                                  self.settings.slip_folder)
                text += translate("packing.station", " · slip printed")
            except (BackroomError, OSError) as exc:
                text += translate("packing.station", " · slip not printed: {exc}").format(exc=exc)
        self._show(None)
        self.note.clear()
        self.mode = "item"
        self.show_feedback("done", text + translate("packing.station", " — scan the next order"))
        self.last_packed = done
        self.print_label(done)
        self.refresh_stats()
        self.order_packed.emit(done)

    # -- the label at the last scan ---------------------------------------------------------
    def print_label(self, done: PackedOrder) -> bool:
        """Send the order's label to the station's printer: made here (a read), sent on the
        worker (a printer that does not answer never holds the window or the database),
        kept in the label history when the printer took it."""
        printer = self.settings.label_printer
        if not printer:
            return False
        try:
            job = self.backend.read(label_jobs.prepare_order_label, done.order_id, printer)
        except BackroomError as exc:
            self._label_failed(done.number, exc)
            return False
        self.label_status.setText(translate("packing.station",
            "Sending the {describe}…").format(
            describe=job.describe()))
        self.label_status.setStyleSheet("font-size: 17px; color: #333;")
        self._label_signals, _token = self.runner.start(
            lambda _progress, _token: (job, label_jobs.send_order_label(job)),
            finished=self._label_sent, failed=lambda exc: self._label_failed(done.number, exc))
        return True

    def reprint_label(self) -> None:
        if self.last_packed is None:
            self.show_feedback("ask", translate("packing.station",
                "No order packed here yet: nothing to print again."))
        elif not self.settings.label_printer:
            self.show_feedback("ask", translate("packing.station",
                "No label printer is set for this station (F10)."))
        else:
            self.print_label(self.last_packed)

    def _label_sent(self, outcome: tuple[label_jobs.OrderLabelJob, str]) -> None:
        job, said = outcome
        try:
            self.backend.run(label_jobs.record_order_label, self.backend.actor, job)
        except BackroomError:
            pass  # printed all the same; only its line in the label history is missing
        what = job.describe()
        text = f"✔ {what[0].upper()}{what[1:]}: {said}"
        colour = "#1b7a34"
        if job.rendered.no_return_address:
            text += (translate("packing.station",
                "\n⚠ No return address is set for {join}, so the label has no FROM: set it in "
                "Tools ▸ Settings ▸ Stores.").format(
                join=', '.join(job.rendered.no_return_address)))
            colour = "#8d6e00"
        self.label_status.setText(text)
        self.label_status.setStyleSheet(f"font-size: 17px; color: {colour};")
        self.label_printed.emit(job.order_number, said)

    def _label_failed(self, number: str, exc: BaseException) -> None:
        self.sounds.error()
        self.label_status.setText(translate("packing.station",
            "✘ No label printed for {number}: {exc} — F11 prints it again").format(
            number=number, exc=exc))
        self.label_status.setStyleSheet("font-size: 17px; color: #c62828; font-weight: bold;")
        self.label_failed.emit(number, str(exc))

    def put_aside(self) -> None:
        if self.view is None:
            return
        number = self.view.number
        try:
            self.backend.run(packing.put_aside, self.backend.actor, self.view.order_id)
        except BackroomError as exc:
            self._fail(exc)
            return
        self._show(None)
        self.mode = "item"
        self.show_feedback("ask", translate("packing.station",
            "{number} put aside; scan the next order").format(
            number=number))

    def toggle_mute(self) -> None:
        self.sounds.set_muted(not self.sounds.muted)
        self.show_feedback("ask", translate("packing.station",
            "Sound off") if self.sounds.muted else translate("packing.station",
            "Sound on"))

    def refresh_stats(self) -> None:
        # "Today" is this PC's day: local midnight, as an aware time the database stores as UTC.
        today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        try:
            s = self.backend.read(pack_stats, since=today, station=self.backend.actor.station)
        except BackroomError:
            return
        self.stats.setText(translate("packing.station",
            "Packed today: {orders} · {items} · {items_per_hour:g} items/hour · errors caught: "
            "{errors_caught}").format(
            orders=plural(s.packed_today, 'order'), items=plural(s.items_today, 'item'),
            items_per_hour=s.items_per_hour, errors_caught=s.errors_caught))
