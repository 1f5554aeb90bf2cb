"""Labels tab pages with lists: the print-job history (reprint) and imported carrier labels
(import a PDF, see which pages found their order, link the rest by hand)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.labels import carrier as labels_carrier
from app.services.labels import jobs as labels
from app.services.labels.jobs import LabelRequest
from app.ui.common.cell_tooltips import show_clipped_text
from app.ui.common.column_widths import fit_columns
from app.ui.common.empty_state import add_empty_state
from app.ui.common.file_dialogs import ask_open_path
from app.ui.common.formats import datetime_text
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.paged_model import Column, PagedTableModel
from app.ui.common.pdf_view import PdfPreview
from app.ui.common.words import plural
from app.ui.common.workers import JobRunner, JobSignals
from app.ui.labels.print_page import TITLES

JOB_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Column", "Job"), lambda j: j.id, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "When"), lambda j: datetime_text(j.created_at)),
    Column(QT_TRANSLATE_NOOP("Column", "Who"), lambda j: j.user),
    Column(QT_TRANSLATE_NOOP("Column", "Template"), lambda j: TITLES.get(j.template, j.template)),
    Column(QT_TRANSLATE_NOOP("Column", "Size"), lambda j: j.size),
    Column(QT_TRANSLATE_NOOP("Column", "Items"), lambda j: j.items),
    Column(QT_TRANSLATE_NOOP("Column", "Labels"), lambda j: j.labels, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "To"), lambda j: j.destination),
    Column(QT_TRANSLATE_NOOP("Column", "Reprint of"), lambda j: j.reprint_of or ""),
]

PAGE_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("Column", "File"), lambda p: p.file_name),
    Column(QT_TRANSLATE_NOOP("Column", "Page"), lambda p: p.page, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Tracking"), lambda p: p.tracking),
    Column(QT_TRANSLATE_NOOP("Column", "Order"),
           lambda p: p.order_number or translate("labels.history", "— not linked —")),
    Column(QT_TRANSLATE_NOOP("Column", "Linked by"), lambda p: p.matched_by),
]


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    show_clipped_text(view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    fit_columns(view)
    return view


class HistoryPage(QWidget):
    reprint_requested = Signal(object, int)      # LabelRequest, job id

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.model = PagedTableModel(JOB_COLUMNS, self._fetch)
        self.view = _table(self.model)
        self.empty = add_empty_state(
            self.view, translate("labels.history",
                "Nothing printed yet — what the Print page and the packing station print is "
                "listed here, ready to print again."), icon_name="print")
        self.reprint = QPushButton(translate("labels.history", "Reprint…"))
        self.refresh = QPushButton(translate("labels.history", "Refresh"))
        row = QHBoxLayout()
        row.addWidget(self.reprint)
        row.addWidget(self.refresh)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(row)
        self.reprint.clicked.connect(self.on_reprint)
        self.refresh.clicked.connect(self.reload)
        self.view.doubleClicked.connect(lambda _i: self.on_reprint())
        self.reload()

    def _fetch(self, offset: int, limit: int, _sort: str | None,
               _desc: bool) -> list[labels.JobRow]:
        return self.backend.read(labels.job_history, limit, offset)

    def reload(self) -> None:
        self.model.reload()

    def on_reprint(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        job = self.model.row_at(rows[0].row())
        request: LabelRequest = self.backend.read(labels.job_request, job.id)
        self.reprint_requested.emit(request, job.id)


class CarrierPage(QWidget):
    imported = Signal(str)

    def __init__(self, backend: Backend, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend, self.runner = backend, runner
        self._signals: JobSignals | None = None    # an import's, kept until it reports
        self.only_unmatched = QCheckBox(translate("labels.history", "Only pages without an order"))
        self.model = PagedTableModel(PAGE_COLUMNS, self._fetch)
        self.view = _table(self.model)
        self.import_button = QPushButton(translate("labels.history", "Import label PDF…"))
        self.order = QLineEdit(placeholderText=translate("labels.history",
            "Order number for the selected page"))
        self.link = QPushButton(translate("labels.history", "Link"))
        self.unlink = QPushButton(translate("labels.history", "Unlink"))
        self.status = QLabel(wordWrap=True)
        self.preview = PdfPreview()
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.only_unmatched)
        top.addStretch(1)
        link = QHBoxLayout()
        link.addWidget(self.order)
        link.addWidget(self.link)
        link.addWidget(self.unlink)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.addLayout(top)
        lay.addWidget(self.view)
        lay.addLayout(link)
        lay.addWidget(self.status)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(split)
        self.import_button.clicked.connect(self.on_import)
        self.only_unmatched.toggled.connect(lambda _on: self.reload())
        self.link.clicked.connect(self.on_link)
        self.order.returnPressed.connect(self.on_link)
        self.unlink.clicked.connect(self.on_unlink)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)
        self.reload()

    def _fetch(self, offset: int, limit: int, _sort: str | None,
               _desc: bool) -> list[labels_carrier.PageRow]:
        return self.backend.read(labels_carrier.carrier_pages,
                                unmatched_only=self.only_unmatched.isChecked(),
                                offset=offset, limit=limit)

    def reload(self) -> None:
        self.model.reload()

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            page = self.model.row_at(current.row())
            self.preview.show_pdf(self.backend.read(labels_carrier.page_pdf, page.id))
            self.order.setText(page.order_number)

    def import_file(self, path: Path) -> None:
        """Import on the worker thread; the list shows the result when it is done."""
        backend = self.backend

        def job(_progress: Any, _token: Any) -> labels_carrier.ImportResult:
            return backend.run(labels_carrier.import_carrier_labels, path.read_bytes(),
                               path.name)

        # Kept until the job reports, so the signals object lives that long.
        self._signals, _ = self.runner.start(job, finished=self._imported,
                                      failed=self._import_failed)

    def _import_failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def _imported(self, result: labels_carrier.ImportResult) -> None:
        message = (translate("labels.history",
            "{pages}: {matched} linked to their order, {unmatched} to link by hand").format(
            pages=plural(result.pages, 'page'), matched=result.matched,
            unmatched=len(result.unmatched)))
        if result.already:
            message += translate("labels.history",
                ", {already} imported before").format(
                already=result.already)
        self.status.setText(message + ".")
        self.only_unmatched.setChecked(bool(result.unmatched))
        self.reload()
        self.imported.emit(message)

    def on_import(self) -> None:
        name = ask_open_path(self, translate("labels.history", "Carrier labels"), "PDF (*.pdf)")
        if name:
            self.import_file(Path(name))

    def _selected(self) -> labels_carrier.PageRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def on_link(self) -> None:
        page = self._selected()
        if page is None or not self.order.text().strip():
            return
        try:
            row = self.backend.run(labels_carrier.link_page, page.id, self.order.text())
        except BackroomError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(translate("labels.history",
            "Page {page} of {file_name} is for {order_number}.").format(
            page=row.page, file_name=row.file_name, order_number=row.order_number))
        self.reload()

    def on_unlink(self) -> None:
        page = self._selected()
        if page is not None:
            self.backend.run(labels_carrier.unlink_page, page.id)
            self.reload()
