"""The Counts page of the Stock tab: the list of counts, a new-count dialog, and the way
into counting (count_session) and review (count_review) of the selected count."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.counts import counting as counts
from app.services.counts import cycle as count_cycle
from app.services.counts import importing as count_import
from app.services.counts import reports as count_reports
from app.ui.common.column_widths import fit_columns
from app.ui.common.file_dialogs import ask_open_path, ask_save_path
from app.ui.common.form_dialog import error_label, lay_out
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.messages import error_text
from app.ui.common.paged_model import Column, PagedTableModel
from app.ui.common.qt_helpers import add_shortcut
from app.ui.counts.review import CountReview
from app.ui.counts.session import CountSession

COUNT_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Column", "Count"), lambda c: c.reference),
    Column(QT_TRANSLATE_NOOP("Column", "Status"), lambda c: c.status),
    Column(QT_TRANSLATE_NOOP("Column", "What"), lambda c: c.description),
    Column(QT_TRANSLATE_NOOP("Column", "Blind"),
           lambda c: translate("counts.overview", "blind") if c.blind else ""),
    Column(QT_TRANSLATE_NOOP("Column", "Counter"), lambda c: c.assigned_to),
    Column(QT_TRANSLATE_NOOP("Column", "Bins begun"), lambda c: c.bins_begun, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Counted"), lambda c: f"{c.counted_lines} / {c.lines}", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Created (UTC)"), lambda c: c.created_at.strftime("%Y-%m-%d %H:%M")),
    Column(QT_TRANSLATE_NOOP("Column", "By"), lambda c: c.created_by),
)

# What the dialog offers: label -> (kind or cycle rule prefix, what the text field holds)
CHOICES = (
    (QT_TRANSLATE_NOOP("counts.overview", "Chosen bins"), "bins",
     QT_TRANSLATE_NOOP("counts.overview", "Bins, comma-separated (e.g. A-01-1, A-01-2)")),
    (QT_TRANSLATE_NOOP("counts.overview", "Chosen products"), "products",
     QT_TRANSLATE_NOOP("counts.overview", "SKUs or barcodes, comma-separated")),
    (QT_TRANSLATE_NOOP("counts.overview", "Full count (every bin)"), "full", ""),
    (QT_TRANSLATE_NOOP("counts.overview", "Cycle: ABC class A (sales value, 90 days)"), "abc",
     ""),
    (QT_TRANSLATE_NOOP("counts.overview", "Cycle: bins not counted in N days"), "stale", ""),
    (QT_TRANSLATE_NOOP("counts.overview", "Cycle: N bins per day"), "perday", ""),
)


class CountsModel(PagedTableModel[counts.CountSummary]):
    def extra_data(self, row: counts.CountSummary, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and row.status != "open":
            return QBrush(QColor("#1b5e20" if row.status == "posted" else "#6d6d6d"))
        return None


class CreateCountDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("counts.overview", "New stock count"))
        self.backend = backend
        self.created: counts.CountSummary | None = None
        self.kind = QComboBox()
        for label, key, _hint in CHOICES:
            self.kind.addItem(translate("counts.overview", label), key)
        self.scope = QLineEdit()
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(30)
        self.blind = QCheckBox(translate("counts.overview",
            "Blind: counters do not see the expected quantity"))
        self.assigned = QLineEdit()
        self.assigned.setPlaceholderText(translate("counts.overview", "who counts (optional)"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(translate("counts.overview", "Count"), self.kind)
        form.addRow(translate("counts.overview", "Bins / products"), self.scope)
        form.addRow(translate("counts.overview", "N (days or bins)"), self.days)
        form.addRow("", self.blind)
        form.addRow(translate("counts.overview", "Assigned to"), self.assigned)
        lay_out(self, form, self.error, self.create_count)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self._on_kind()

    def _on_kind(self) -> None:
        key = self.kind.currentData()
        hint = next(h for _l, k, h in CHOICES if k == key)
        self.scope.setEnabled(bool(hint))
        self.scope.setPlaceholderText(translate("counts.overview", hint) if hint else "")
        self.days.setEnabled(key in ("stale", "perday"))

    def create_count(self) -> None:
        key = self.kind.currentData()
        items = [t.strip() for t in self.scope.text().split(",") if t.strip()]
        blind = self.blind.isChecked()
        assigned_to = self.assigned.text().strip() or None
        actor = self.backend.actor
        try:
            if key in ("abc", "stale", "perday"):
                rule = key if key == "abc" else f"{key}:{self.days.value()}"
                self.created = self.backend.run(count_cycle.create_cycle_count, rule,
                                                blind=blind, assigned_to=assigned_to, actor=actor)
            else:
                self.created = self.backend.run(
                    counts.create_count, key, bins=items if key == "bins" else (),
                    skus=items if key == "products" else (), blind=blind,
                    assigned_to=assigned_to, actor=actor)
        except BackroomError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()


class CountsView(QWidget):
    """List of counts; counting and review open in place of the list."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.model = CountsModel(COUNT_COLUMNS, self._fetch)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setColumnWidth(7, 130)
        fit_columns(self.table, "counts/list", stretch=2)
        self.new_button = QPushButton(translate("counts.overview", "&New count…"))
        self.count_button = QPushButton(translate("counts.overview", "&Count (scan)"))
        self.review_button = QPushButton(translate("counts.overview", "Re&view / post"))
        self.sheet_button = QPushButton(translate("counts.overview", "Print &sheet…"))
        self.import_button = QPushButton(translate("counts.overview", "&Import counts CSV…"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        bar = QHBoxLayout()
        for b in (self.new_button, self.count_button, self.review_button, self.sheet_button,
                  self.import_button):
            bar.addWidget(b)
        bar.addStretch(1)
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.addLayout(bar)
        list_layout.addWidget(self.message)
        list_layout.addWidget(self.table, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.session: CountSession | None = None
        self.reviewing: CountReview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.new_button.clicked.connect(self.new_count)
        # The lambdas keep clicked(bool) from being taken for a count id.
        self.count_button.clicked.connect(lambda: self.start_counting())  # noqa: PLW0108
        self.review_button.clicked.connect(lambda: self.start_review())  # noqa: PLW0108
        self.sheet_button.clicked.connect(lambda: self.print_sheet())  # noqa: PLW0108
        self.import_button.clicked.connect(lambda: self.import_csv())  # noqa: PLW0108
        self.table.doubleClicked.connect(lambda: self.start_counting())  # noqa: PLW0108
        add_shortcut(QKeySequence("Ctrl+Shift+N"), self, self.new_count)
        self.refresh()

    def _fetch(self, offset: int, limit: int, _sort: str | None,
               _desc: bool) -> list[counts.CountSummary]:
        return self.backend.read(counts.list_counts)[offset:offset + limit]

    def refresh(self) -> None:
        current = self.selected_count_id()
        self.model.reload()
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == current:
                self.table.selectRow(row)
                return
        if self.model.rowCount():
            self.table.selectRow(0)

    def selected_count_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def new_count(self) -> None:
        dialog = CreateCountDialog(self.backend, self)
        if dialog.exec() and dialog.created:
            self.model.reload()
            self.table.selectRow(0)

    def start_counting(self, count_id: int | None = None) -> CountSession | None:
        count_id = count_id if count_id is not None else self.selected_count_id()
        if count_id is None:
            return None
        if self.backend.read(counts.count_summary, count_id).status != "open":
            self.start_review(count_id)   # a posted count can only be looked at
            return None
        self._close_pages()
        self.session = CountSession(self.backend, count_id)
        self.session.closed.connect(self.back_to_list)
        self.session.finished.connect(lambda choice: self._finish_counting(count_id, choice))
        self.stack.addWidget(self.session)
        self.stack.setCurrentWidget(self.session)
        self.session.entry.setFocus()
        return self.session

    def _finish_counting(self, count_id: int, unscanned: str) -> None:
        """Done counting: the review, with the posting's confirmation open over it."""
        review = self.start_review(count_id)
        if review is not None:
            review.post(unscanned=unscanned or None)

    def start_review(self, count_id: int | None = None) -> CountReview | None:
        count_id = count_id if count_id is not None else self.selected_count_id()
        if count_id is None:
            return None
        self._close_pages()
        self.reviewing = CountReview(self.backend, count_id)
        self.reviewing.closed.connect(self.back_to_list)
        self.stack.addWidget(self.reviewing)
        self.stack.setCurrentWidget(self.reviewing)
        return self.reviewing

    def _close_pages(self) -> None:
        for page in (self.session, self.reviewing):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self.session = self.reviewing = None

    def back_to_list(self) -> None:
        self._close_pages()
        self.stack.setCurrentIndex(0)
        self.refresh()

    def print_sheet(self, path: str | None = None) -> str | None:
        count_id = self.selected_count_id()
        if count_id is None:
            return None
        path = path or ask_save_path(self, translate("counts.overview",
            "Count sheet"), "count-sheet.pdf", "PDF (*.pdf)")
        if path:
            Path(path).write_bytes(self.backend.read(count_reports.count_sheet, count_id))
        return path or None

    def import_csv(self, path: str | None = None) -> bool:
        """Counts from a phone or spreadsheet (sku, bin, quantity): every row or none."""
        count_id = self.selected_count_id()
        if count_id is None:
            return False
        path = path or ask_open_path(self, translate("counts.overview",
            "Import counts"), "CSV (*.csv *.txt)")
        if not path:
            return False
        try:
            result = self.backend.run(count_import.import_counts, count_id, Path(path),
                                      actor=self.backend.actor)
        except BackroomError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(translate("counts.overview",
                "Nothing was imported. {exc}").format(
                exc=exc))
            return False
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(translate("counts.overview",
            "Imported {rows} row(s): {lines} line(s), {units} unit(s) counted.").format(
            rows=result.rows, lines=result.lines, units=result.units))
        self.refresh()
        return True
