"""Movement history of a product, a bin, or a product in a bin: filters, balance, CSV export."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.stock import reads as stock_views
from app.ui.common.cell_tooltips import show_clipped_text
from app.ui.common.column_widths import fit_columns
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.formats import datetime_text
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.paged_model import Column, PagedTableModel, list_fetch
from app.ui.common.qt_helpers import python_date
from app.ui.common.words import event_words, place_words, plural, reference_words

MOVE_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Column",
        "When"), lambda r: datetime_text(r.at)),  # PC local time
    Column("SKU", lambda r: r.sku),
    Column(QT_TRANSLATE_NOOP("Column", "Reason"), lambda r: event_words(r.reason)),
    Column(QT_TRANSLATE_NOOP("Column", "Reference"), lambda r: reference_words(r.reference or "")),
    Column(QT_TRANSLATE_NOOP("Column", "From"), lambda r: place_words(r.from_code)),
    Column(QT_TRANSLATE_NOOP("Column", "To"), lambda r: place_words(r.to_code)),
    Column(QT_TRANSLATE_NOOP("Column",
        "Change"), lambda r: f"{r.change:+d}" if r.change else "0", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Balance"), lambda r: r.balance, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "By"), lambda r: r.user),
)
SCOPES = (QT_TRANSLATE_NOOP("stock.history", "This product"),
          QT_TRANSLATE_NOOP("stock.history", "This bin"),
          QT_TRANSLATE_NOOP("stock.history", "This product in this bin"))


class StockHistoryView(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.product_id: int | None = None
        self.location_id: int | None = None
        self.rows: list[stock_views.MovementRow] = []
        self.title = QLabel(translate("stock.history", "Select a row to see its movement history."))
        self.scope = QComboBox()
        self.scope.addItems([translate("stock.history", s) for s in SCOPES])
        self.reason = QComboBox()
        self.since = QDateEdit(QDate.currentDate().addDays(-365))
        self.until = QDateEdit(QDate.currentDate())
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.export_button = QPushButton(translate("stock.history", "Export CSV…"))
        self.model: PagedTableModel[stock_views.MovementRow] = PagedTableModel(
            MOVE_COLUMNS, list_fetch([]))
        self.table = QTableView()
        show_clipped_text(self.table)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setColumnWidth(0, 130)
        fit_columns(self.table, "stock/moves")
        filters = QHBoxLayout()
        filters.addWidget(self.scope)
        filters.addWidget(QLabel(translate("stock.history", "Reason")))
        filters.addWidget(self.reason)
        filters.addWidget(QLabel(translate("stock.history", "From")))
        filters.addWidget(self.since)
        filters.addWidget(QLabel(translate("stock.history", "to")))
        filters.addWidget(self.until)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        self.saved_to = QLabel()     # where the last export went
        self.saved_to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.saved_to)
        self._load_reasons()
        for signal in (self.scope.currentIndexChanged, self.reason.currentIndexChanged,
                       self.since.dateChanged, self.until.dateChanged):
            signal.connect(self.refresh)
        self.export_button.clicked.connect(lambda: self.export_csv())  # noqa: PLW0108

    def _load_reasons(self) -> None:
        self.reason.blockSignals(True)
        current = self.reason.currentText()
        self.reason.clear()
        self.reason.addItem(translate("stock.history", "All reasons"), "")
        for r in self.backend.read(stock_views.reasons):
            self.reason.addItem(event_words(r), r)
        index = self.reason.findText(current)
        self.reason.setCurrentIndex(max(index, 0))
        self.reason.blockSignals(False)

    def show_for(self, product_id: int | None, location_id: int | None, label: str) -> None:
        self.product_id, self.location_id = product_id, location_id
        self.title.setText(label)
        self._load_reasons()
        self.refresh()

    def refresh(self) -> None:
        scope = self.scope.currentIndex()
        product = self.product_id if scope in (0, 2) else None
        location = self.location_id if scope in (1, 2) else None
        if scope == 2 and (product is None or location is None):
            product = location = None
        since = datetime.combine(python_date(self.since.date()), time(0), tzinfo=UTC)
        until = datetime.combine(python_date(self.until.date()), time(0), tzinfo=UTC) \
            + timedelta(days=1)
        reason = self.reason.currentData()
        self.rows = self.backend.read(stock_views.movement_history, product_id=product,
                                     location_id=location, reasons=[reason] if reason else (),
                                     since=since, until=until)
        # Newest first on screen; the balance was computed oldest first.
        self.model.reload(list_fetch(list(reversed(self.rows))))

    def export_csv(self, path: str | None = None) -> str | None:
        path = path or ask_save_path(self, translate("stock.history",
            "Export history"), "history.csv", "CSV (*.csv)")
        if path:
            Path(path).write_text(stock_views.history_csv(self.rows), encoding="utf-8",
                                  newline="")
            self.saved_to.setText(translate("stock.history",
                "Saved {moves} to {path}").format(
                moves=plural(len(self.rows), 'move'), path=path))
        return path or None
