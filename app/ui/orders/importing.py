"""The order import dialog: files, store, format; runs off the GUI thread with Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError, Cancelled
from app.services.importers.csv_text import Source
from app.services.importers.order_records import ParseResult
from app.services.importers.order_stream import OrderFile
from app.services.orders import import_plan
from app.services.orders import setup as order_setup
from app.services.orders.importing import ImportSummary, import_into_store
from app.ui.common.file_dialogs import start_folder
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.messages import error_text, message_text
from app.ui.common.workers import CancelToken, JobRunner, JobSignals

FORMAT_LABELS = {"shopify": "Shopify", "woocommerce": "WooCommerce",
                 "etsy": QT_TRANSLATE_NOOP("orders.importing", "Etsy (2 files)"),
                 "ebay": "eBay", "amazon": "Amazon"}


class ImportDialog(QDialog):
    imported = Signal(object)        # the ImportSummary, after anything was stored
    finished_job = Signal(object)    # ImportSummary or the exception, for every run

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("orders.importing", "Import orders"))
        self.resize(720, 520)
        self.backend = backend
        self.runner = JobRunner(self)
        self.token: CancelToken | None = None
        self._signals: JobSignals | None = None    # the running job's, kept until it reports
        self.parsed: ParseResult | OrderFile | None = None  # the files, for "good rows only"
        self.summary: ImportSummary | None = None
        self.files = QLineEdit()
        self.files.setPlaceholderText(translate("orders.importing",
            "The store's export file (Etsy: both files, ';' between)"))
        self.browse = QPushButton(translate("orders.importing", "&Choose…"))
        self.store = QComboBox()
        self.store.setEditable(True)
        self.store.addItem("")
        for s in backend.read(order_setup.list_stores):
            self.store.addItem(s.name)
        self.format = QComboBox()
        self.map_button = QPushButton(translate("orders.importing", "New column &mapping…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.import_button = QPushButton(translate("orders.importing", "&Import"))
        self.import_button.setDefault(True)
        self.good_rows_button = QPushButton(translate("orders.importing",
            "Import the &good rows only"))
        self.good_rows_button.setEnabled(False)
        self.replace_button = QPushButton(translate("orders.importing", "&Replace those orders"))
        self.replace_button.setEnabled(False)
        self.replace_button.setToolTip(translate("orders.importing",
            "The store's orders with the file's numbers are deleted (their stock given back) and "
            "the file's stored instead"))
        self.save_rejected_button = QPushButton(translate("orders.importing",
            "&Save rejected rows…"))
        self.save_rejected_button.setEnabled(False)
        self.cancel_button = QPushButton(translate("orders.importing", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(translate("orders.importing", "Close"))
        self._fill_formats()

        files = QHBoxLayout()
        files.addWidget(self.files, 1)
        files.addWidget(self.browse)
        fmt = QHBoxLayout()
        fmt.addWidget(self.format, 1)
        fmt.addWidget(self.map_button)
        form = QFormLayout()
        form.addRow(translate("orders.importing", "Files"), files)
        form.addRow(translate("orders.importing", "Store"), self.store)
        form.addRow(translate("orders.importing", "Format"), fmt)
        buttons = QHBoxLayout()
        for b in (self.import_button, self.good_rows_button, self.replace_button,
                  self.save_rejected_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        self.browse.clicked.connect(self.choose_files)
        self.map_button.clicked.connect(self.new_mapping)
        self.import_button.clicked.connect(lambda: self.start(good_rows_only=False))
        self.good_rows_button.clicked.connect(lambda: self.start(good_rows_only=True))
        self.replace_button.clicked.connect(lambda: self.start(replace=True))
        self.cancel_button.clicked.connect(self.cancel)
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.close_button.clicked.connect(self.reject)

    def _fill_formats(self) -> None:
        self.format.clear()
        self.format.addItem(translate("orders.importing", "Detect from the header"), None)
        for key, label in FORMAT_LABELS.items():
            self.format.addItem(translate("orders.importing", label), key)
        for name, _store in self.backend.read(order_setup.list_mappings):
            self.format.addItem(translate("orders.importing",
                "Mapping: {name}").format(
                name=name), f"mapped:{name}")

    def paths(self) -> list[Path]:
        return [Path(p.strip()) for p in self.files.text().split(";") if p.strip()]

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, translate("orders.importing",
            "Order export"), str(start_folder()),
                                                translate("orders.importing",
                                                    "CSV / TSV (*.csv *.txt *.tsv);;All files (*)"))
        if names:
            self.files.setText(";".join(names))

    def new_mapping(self) -> None:
        from app.ui.orders.mapping import MappingDialog

        paths = self.paths()
        if not paths:
            self.report.setPlainText(translate("orders.importing",
                "Choose the file first: the mapping is made from its header."))
            return
        dialog = MappingDialog(self.backend, Source(paths[0].name, paths[0].read_bytes()),
                               store_name=self.store.currentText(), parent=self)
        if dialog.exec() and dialog.saved_name:
            self._fill_formats()
            self.format.setCurrentIndex(self.format.findData(f"mapped:{dialog.saved_name}"))

    # -- running -----------------------------------------------------------------------
    def start(self, good_rows_only: bool = False, replace: bool = False) -> bool:
        paths = self.paths()
        try:
            plan = self.backend.read(import_plan.plan_import, paths,
                                     self.format.currentData() or None,
                                     self.store.currentText().strip() or None)
        except BackroomError as exc:
            self.report.setPlainText(error_text(exc))
            return False
        previous = self.parsed if good_rows_only or replace else None
        backend = self.backend

        def job(progress: Callable[[int, int], None], token: CancelToken) -> ImportSummary:
            # Runs on the worker thread: no widgets here, only files and the backend.
            result = previous or import_plan.parse(paths, plan)
            self.parsed = result
            if token.cancelled:
                raise Cancelled(translate("orders.importing",
                    "Import cancelled; nothing was imported."))
            return backend.run(import_into_store, result, plan.store_name, plan.kind,
                               actor=backend.actor, good_rows_only=good_rows_only,
                               progress=progress, token=token, replace=replace)

        self._busy(True)
        self.report.setPlainText(translate("orders.importing", "Reading the file…"))
        signals, self.token = self.runner.start(job, finished=self._on_finished,
                                                failed=self._on_failed,
                                                progressed=self._on_progress)
        self._signals = signals  # keep the QObject alive until the job reports
        return True

    def cancel(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.report.appendPlainText(translate("orders.importing", "Cancelling…"))

    def _busy(self, busy: bool) -> None:
        for w in (self.import_button, self.good_rows_button, self.close_button,
                  self.browse, self.map_button):
            w.setEnabled(not busy)
        if busy:
            self.replace_button.setEnabled(False)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.report.setPlainText(translate("orders.importing",
            "Importing… {done:,} of {total:,} orders").format(
            done=done, total=total))

    def _on_finished(self, summary: ImportSummary) -> None:
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.summary = summary
        text = [f"{summary.store}: {summary.message()}", *summary.changes]
        if summary.clashes and not summary.blocked:
            text.append(translate("orders.importing",
                "Choose another store above and import again, or replace those orders (Alt+R)."))
        if summary.problems:
            text.append("")
            text.append(translate("orders.importing",
                "Problems (row numbers as a spreadsheet shows them):"))
            text += [f"  {message_text(p.message)}" for p in summary.problems]
        self.report.setPlainText("\n".join(text))
        self.good_rows_button.setEnabled(summary.refused and bool(summary.problems) and
                                         summary.good_orders > 0)
        self.replace_button.setEnabled(summary.refused and bool(summary.clashes)
                                       and not summary.blocked)
        self.save_rejected_button.setEnabled(bool(summary.rejected_csv) and not summary.refused)
        if not summary.refused:
            self.imported.emit(summary)
        self.finished_job.emit(summary)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if isinstance(exc, BackroomError):
            self.report.setPlainText(error_text(exc))
        else:
            self.report.setPlainText(translate("orders.importing",
                "The import failed: {exc!r}").format(
                exc=exc))
        self.finished_job.emit(exc)

    def save_rejected(self, directory: str | None = None) -> list[Path]:
        """Write each file's rejected rows (with a Problem column) next to each other."""
        if self.summary is None or not self.summary.rejected_csv:
            return []
        if directory is None:
            directory = QFileDialog.getExistingDirectory(self, translate("orders.importing",
                "Folder for the rejected rows"))
            if not directory:
                return []
        written = []
        for name, text in self.summary.rejected_csv:
            target = Path(directory) / f"{Path(name).stem}.rejected.csv"
            target.write_text(text, encoding="utf-8-sig", newline="")
            written.append(target)
        self.report.appendPlainText(translate("orders.importing",
            "Rejected rows saved: ") + ", ".join(map(str, written)))
        return written

    def done(self, result: int) -> None:  # noqa: N802 - Qt's name
        if self.token is not None:
            self.token.cancel()
        self.runner.wait()
        super().done(result)
