"""The Print page of the Labels tab: template, items (chosen, scanned or all), quantities,
a live preview of exactly what will print, and Print / Save PDF / Send to printer."""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError, Cancelled
from app.services.labels import jobs as labels
from app.services.labels import printers as labels_printers
from app.services.labels.jobs import LabelRequest, Rendered
from app.services.printing import sizes, transports
from app.services.printing.cancel import stop_if
from app.services.printing.transports import PrinterProfile
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.pdf_view import PdfPreview, print_pdf
from app.ui.common.words import plural
from app.ui.common.workers import CancelToken, JobRunner
from app.ui.labels.queue import ItemQueue

TITLES = {"shipping": QT_TRANSLATE_NOOP("labels.print_page", "Shipping label"),
          "packing-slip": QT_TRANSLATE_NOOP("labels.print_page", "Packing slip"),
          "product": QT_TRANSLATE_NOOP("labels.print_page", "Product label"),
          "bin": QT_TRANSLATE_NOOP("labels.print_page", "Bin label"),
          "pick-list": QT_TRANSLATE_NOOP("labels.print_page", "Pick list")}
SYSTEM = QT_TRANSLATE_NOOP("labels.print_page", "System printer…")
CUSTOM = "custom"       # the size entry that asks for a grid


class PrintPage(QWidget):
    preview_ready = Signal()          # the preview shows the current request
    job_done = Signal(str)            # what happened, in words
    job_failed = Signal(str)
    job_cancelled = Signal()          # a job stopped by Cancel; nothing printed or kept
    return_address_wanted = Signal(str)   # store name: open its settings to set one

    def __init__(self, backend: Backend, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend, self.runner = backend, runner
        self.reprint_of: int | None = None
        self.last: Rendered | None = None
        self.last_request: LabelRequest | None = None
        self._unset_stores: tuple[str, ...] = ()
        self._asked_for: tuple[str, ...] = ()   # stores whose missing address was asked
        self._loading = False
        self._busy = False
        self._dirty = False
        self._live: deque[list[Any]] = deque()
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh_preview)
        self._on_template()
        self.reload_printers()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.template = QComboBox()
        for key in labels.TEMPLATES:
            self.template.addItem(translate("labels.print_page", TITLES[key]), key)
        self.size_choice = QComboBox()
        self.copies = QSpinBox(minimum=1, maximum=999)
        self.skip = QSpinBox(minimum=0, maximum=83)
        self.printer = QComboBox()
        self.queue = ItemQueue(self.backend)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(translate("labels.print_page", "Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.setToolTip(translate("labels.print_page",
            "Stop rendering or sending this batch; nothing is printed, saved or added to the "
            "history."))
        self.status = QLabel(wordWrap=True)
        # Shipping labels of a store with no return address print no FROM; this says so.
        self.return_note = QLabel(wordWrap=True)
        self.return_note.setStyleSheet("color: #8d6e00; font-weight: bold;")
        self.return_button = QPushButton(translate("labels.print_page", "Set return address…"))
        for w in (self.return_note, self.return_button):
            w.setVisible(False)
        self.print_button = QPushButton(translate("labels.print_page", "Print"))
        self.save_button = QPushButton(translate("labels.print_page", "Save PDF…"))
        self.preview = PdfPreview()

        form = QFormLayout()
        form.addRow(translate("labels.print_page", "Template"), self.template)
        form.addRow(translate("labels.print_page", "Size"), self.size_choice)
        form.addRow(translate("labels.print_page", "Copies of each"), self.copies)
        form.addRow(translate("labels.print_page", "Skip used labels"), self.skip)
        form.addRow(translate("labels.print_page", "Printer"), self.printer)
        actions = QHBoxLayout()
        actions.addWidget(self.print_button)
        actions.addWidget(self.save_button)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.addLayout(form)
        lay.addWidget(self.queue, 1)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        lay.addLayout(busy)
        lay.addWidget(self.status)
        note = QHBoxLayout()
        note.addWidget(self.return_note, 1)
        note.addWidget(self.return_button)
        lay.addLayout(note)
        lay.addLayout(actions)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(split)

        self.template.currentIndexChanged.connect(self._on_template)
        for signal in (self.size_choice.currentIndexChanged, self.copies.valueChanged,
                       self.skip.valueChanged):
            signal.connect(self.changed)
        self.printer.currentIndexChanged.connect(self._on_printer)
        self.size_choice.currentIndexChanged.connect(self._on_size)
        self.queue.changed.connect(self.changed)
        self.queue.refused.connect(self.job_failed)
        self.print_button.clicked.connect(self.on_print)
        self.save_button.clicked.connect(self.on_save)
        self.cancel_button.clicked.connect(self.cancel)
        self.return_button.clicked.connect(
            lambda: self.return_address_wanted.emit(self._unset_stores[0]))

    # -- state --------------------------------------------------------------------------
    @property
    def source(self) -> str:
        return labels.TEMPLATE_SOURCES[self.template.currentData()][0]

    def _on_template(self) -> None:
        key = self.template.currentData()
        self.size_choice.blockSignals(True)
        self.size_choice.clear()
        for size in sizes.TEMPLATE_SIZES[key]:
            self.size_choice.addItem(sizes.layout(size).title, size)
        if key in ("product", "bin"):
            self.size_choice.addItem(translate("labels.print_page", "Custom grid…"), CUSTOM)
        self.size_choice.blockSignals(False)
        self.queue.set_source(self.source)
        self._on_printer()
        self.changed()

    def reload_printers(self) -> None:
        current = self.printer.currentText()
        self.printer.blockSignals(True)
        self.printer.clear()
        self.printer.addItem(translate("labels.print_page", SYSTEM), None)
        for profile in self.backend.read(labels_printers.list_printers):
            self.printer.addItem(f"{profile.name} ({profile.kind.upper()})", profile)
        index = self.printer.findText(current)
        self.printer.setCurrentIndex(max(index, 0))
        self.printer.blockSignals(False)
        self._on_printer()

    def profile(self) -> PrinterProfile | None:
        profile = self.printer.currentData()    # None for the system printer
        return profile if isinstance(profile, PrinterProfile) else None

    def _on_printer(self) -> None:
        profile = self.profile()
        zpl_ok = self.template.currentData() in labels.ZPL_TEMPLATES
        thermal = profile is not None and profile.kind == "zpl"
        self.print_button.setText(translate("labels.print_page",
            "Send to printer") if profile else translate("labels.print_page",
            "Print…"))
        self.print_button.setEnabled(zpl_ok or not thermal)
        if profile and profile.media in sizes.TEMPLATE_SIZES[self.template.currentData()]:
            self.size_choice.setCurrentIndex(self.size_choice.findData(profile.media))
        self._on_size()

    def use_custom_grid(self, key: str) -> None:
        """Print on a sheet measured by hand (sizes.CUSTOM_HINT says how to write it)."""
        found = sizes.layout_for(self.template.currentData(), key)
        index = self.size_choice.findData(key)
        if index < 0:
            index = self.size_choice.count() - 1    # just above "Custom grid…"
            self.size_choice.insertItem(index, found.title + f" ({key[7:]})", key)
        self.size_choice.setCurrentIndex(index)

    def _ask_custom_grid(self) -> None:
        self.size_choice.setCurrentIndex(0)    # until a grid is given
        key, ok = QInputDialog.getText(self, translate("labels.print_page",
            "Custom label grid"), sizes.CUSTOM_HINT,
                                       text="custom:a4:3x8:70x37:0,4.5")
        if ok and key.strip():
            try:
                self.use_custom_grid(key.strip())
            except BackroomError as exc:
                self.status.setText(str(exc))

    def _on_size(self) -> None:
        """Used labels can only be skipped on a sheet going to an office printer."""
        if self.size_choice.currentData() == CUSTOM:
            QTimer.singleShot(0, self._ask_custom_grid)
            return
        profile = self.profile()
        sheet = sizes.layout(self.size_choice.currentData() or "a4").is_sheet
        self.skip.setEnabled(sheet and not (profile is not None and profile.kind == "zpl"))

    def request(self) -> LabelRequest:
        layout = sizes.layout(self.size_choice.currentData())
        return LabelRequest(self.template.currentData(), self.source, self.queue.items(),
                            self.size_choice.currentData(), self.copies.value(),
                            self.skip.value() if layout.is_sheet else 0)

    def changed(self) -> None:
        if not self._loading:   # any edit makes it a new job, not a reprint
            self.reprint_of = None
        self._timer.start()

    def add_items(self, refs: list[tuple[str, str]], quantity: int = 1) -> None:
        self.queue.add_items(refs, quantity)

    def load_request(self, request: LabelRequest, reprint_of: int | None) -> None:
        """Show a past job again (for a reprint)."""
        self._loading = True
        try:
            self.template.setCurrentIndex(self.template.findData(request.template))
            self.queue.on_clear()
            if request.items:
                for ref, qty in request.items:
                    self.queue.add_items([(ref, "")], qty)
            else:
                self.queue.on_all()
            if request.size and request.size.startswith("custom:"):
                self.use_custom_grid(request.size)
            else:
                self.size_choice.setCurrentIndex(max(0, self.size_choice.findData(request.size)))
            self.copies.setValue(request.copies)
            self.skip.setValue(request.skip)
            self.reprint_of = reprint_of
        finally:
            self._loading = False

    # -- preview and output ---------------------------------------------------------------
    def _run(self, job: Any, on_done: Any) -> None:
        self._set_busy(True)
        self.progress.setRange(0, 0)
        # The one worker runs jobs in order, so reports come back in the order of _live;
        # keeping the signals object there also keeps it alive until it has reported.
        # [signals, on_done, token]: Cancel sets the token of every job still running.
        entry: list[Any] = [None, on_done, None]
        self._live.append(entry)
        entry[0], entry[2] = self.runner.start(job, finished=self._on_finished,
                                               failed=self._on_failed,
                                               progressed=self._on_progress)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)

    def cancel(self) -> None:
        """Stop the running render/send; the renderer gives up at its next label or page."""
        for _signals, _on_done, token in self._live:
            if token is not None:
                token.cancel()
        self._dirty = False    # a preview waiting behind the cancelled one is not wanted
        self.cancel_button.setEnabled(False)
        self.status.setText(translate("labels.print_page", "Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_finished(self, result: Any) -> None:
        _signals, on_done, token = self._live.popleft()
        self._set_busy(bool(self._live))
        if token.cancelled:     # finished before it saw the Cancel: keep nothing of it
            self._cancelled()
            return
        on_done(result)
        if self._dirty and not self._busy:
            self._dirty = False
            self.refresh_preview()

    def _on_failed(self, exc: BaseException) -> None:
        self._live.popleft()
        self._set_busy(bool(self._live))
        if isinstance(exc, Cancelled):
            self._cancelled()
            return
        message = str(exc) if isinstance(exc, BackroomError) else translate("labels.print_page",
            "Failed: {exc!r}").format(
            exc=exc)
        self.status.setText(message)
        self.job_failed.emit(message)

    def _cancelled(self) -> None:
        self.status.setText(translate("labels.print_page",
            "Cancelled: nothing was printed, saved or recorded."))
        self.job_cancelled.emit()

    def refresh_preview(self) -> None:
        if self.size_choice.currentData() == CUSTOM:
            return
        if not self.queue.has_items():
            self.last = None
            self.preview.show_pdf(b"")
            return
        if self._busy:
            self._dirty = True
            return
        request = self.request()
        backend = self.backend
        self._run(lambda progress, token: (request, backend.run(
            labels.render, request, progress, cancelled=lambda: token.cancelled)), self._show)

    def current(self) -> Rendered | None:
        """The rendered preview, if it is of the request as the form stands now."""
        if self.last is None or self.last_request != self.request():
            self.status.setText(translate("labels.print_page",
                "The preview is still being updated; try again in a moment."))
            return None
        return self.last

    def _show(self, result: tuple[LabelRequest, Rendered]) -> None:
        self.last_request, rendered = result
        self.last = rendered
        self.preview.show_pdf(rendered.data)
        self.status.setText(translate("labels.print_page",
            "{plural} to print, {pages}.").format(
            plural=plural(rendered.labels, self._noun()),
            pages=plural(self.preview.page_count(), 'page')))
        self._unset_stores = rendered.no_return_address
        if rendered.no_return_address:
            self.return_note.setText(
                translate("labels.print_page",
                    "No return address is set for {join}: these labels print without a FROM. Set "
                    "one in Store settings.").format(
                    join=', '.join(rendered.no_return_address)))
        self.return_note.setVisible(bool(rendered.no_return_address))
        self.return_button.setVisible(bool(rendered.no_return_address))
        self.preview_ready.emit()

    def _noun(self) -> str:
        """What one rendered item is called: a label, or a slip / pick list (a page each)."""
        return {"packing-slip": "packing slip", "pick-list": "pick list"}.get(
            self.template.currentData(), "label")

    def _record(self, request: LabelRequest, rendered: Rendered, destination: str) -> None:
        self.backend.run(labels.record_job, self.backend.actor, request, rendered,
                         destination, reprint_of=self.reprint_of)

    def print_to(self, printer: QPrinter) -> int:
        """Print what the preview shows on a Qt printer; returns the pages printed."""
        rendered = self.current()
        if rendered is None:
            return 0
        pages = print_pdf(rendered.data, printer)
        self._record(self.request(), rendered,
                     printer.printerName() or printer.outputFileName() or "printer")
        self.job_done.emit(translate("labels.print_page",
            "Printed {pages}.").format(
            pages=plural(pages, 'page')))
        return pages

    def return_address_first(self) -> bool:
        """Shipping labels of a store with no return address: the first Print (or Save)
        opens that store's settings at its return address instead of printing no FROM;
        pressing it again prints them as they are."""
        if self.template.currentData() != "shipping" or not self._unset_stores \
                or self._asked_for == self._unset_stores:
            return False
        self._asked_for = self._unset_stores
        self.status.setText(translate("labels.print_page",
            "Set the return address first, or press Print again to print these labels without "
            "one."))
        self.return_address_wanted.emit(self._unset_stores[0])
        return True

    def on_print(self) -> None:
        if self.return_address_first():
            return
        profile = self.profile()
        # A PDF printer with no queue or folder prints through the system dialog.
        if profile is not None and (profile.kind == "zpl" or profile.address.strip()):
            self.send(profile)
            return
        if self.current() is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec():
            self.print_to(printer)

    def send(self, profile: PrinterProfile) -> None:
        """Render for this printer (ZPL for a thermal one) and send it, off the GUI thread."""
        request = self.request()
        if profile.kind == "zpl":
            request = replace(request, output="zpl",
                              zpl_options=labels_printers.zpl_options(profile))
        backend = self.backend

        def job(progress: Any, token: CancelToken) -> tuple[LabelRequest, Rendered, str]:
            rendered = backend.run(labels.render, request, progress,
                                   cancelled=lambda: token.cancelled)
            stop_if(lambda: token.cancelled)    # last chance before it leaves the PC
            if rendered.kind == "zpl":
                said = transports.send_raw(profile, rendered.data)
            else:
                said = transports.send_pdf(profile, rendered.data,
                                           f"{request.template}.pdf")
            return request, rendered, said

        def done(result: tuple[LabelRequest, Rendered, str]) -> None:
            req, rendered, said = result
            self._record(req, rendered, profile.name)
            self.status.setText(f"{said}: {plural(rendered.labels, self._noun())}.")
            self.job_done.emit(said)

        self._run(job, done)

    def save_to(self, path: Path) -> None:
        rendered = self.current()
        if rendered is None:
            return
        transports.save_pdf(rendered.data, path)
        self._record(self.request(), rendered, str(path))
        self.status.setText(translate("labels.print_page",
            "Saved {plural} to {path}").format(
            plural=plural(rendered.labels, self._noun()), path=path))
        self.job_done.emit(translate("labels.print_page", "Saved {path}").format(path=path))

    def on_save(self) -> None:
        if self.current() is None or self.return_address_first():
            return
        name = ask_save_path(self, translate("labels.print_page",
            "Save PDF"), f"{self.template.currentData()}.pdf",
                             "PDF (*.pdf)")
        if name:
            try:
                self.save_to(Path(name))
            except BackroomError as exc:
                self.status.setText(str(exc))
