"""The Insights tab: pick a store and a period; see a P&L per store, profit per day as a
chart, the days as a table, and (Enter on a day) the orders behind that day.

Everything is read on the worker thread through Backend.read; the widgets only show it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.insights import business, catching_up, overview, profit
from app.services.insights.profit import OrderProfit, PeriodProfit, ProfitFilter
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.rows_model import RowsModel
from app.ui.common.workers import CancelToken, JobRunner, JobSignals
from app.ui.insights.chart import ProfitChart
from app.ui.insights.customers import CustomersPage
from app.ui.insights.models import PNL
from app.ui.insights.more import MorePage

# The store picker's first item (every store).
ALL_STORES = QT_TRANSLATE_NOOP("insights.tab", "All stores")
# The periods by their English name (what period_days reads); shown translated.
PERIODS = (QT_TRANSLATE_NOOP("insights.tab", "Last 7 days"),
           QT_TRANSLATE_NOOP("insights.tab", "Last 30 days"),
           QT_TRANSLATE_NOOP("insights.tab", "This month"),
           QT_TRANSLATE_NOOP("insights.tab", "Last month"),
           QT_TRANSLATE_NOOP("insights.tab", "Last 90 days"),
           QT_TRANSLATE_NOOP("insights.tab", "Last 365 days"))


def period_days(name: str, today: date) -> tuple[date, date]:
    """The first and last local day of a period picked by name."""
    if name == "This month":
        return today.replace(day=1), today
    if name == "Last month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    days = int(name.split()[1])
    return today - timedelta(days=days - 1), today


def _day(day: date) -> str:
    """A day with its weekday in the chosen language ("Tue 2026-12-01", "周二 2026-12-01")."""
    return f"{QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)} {day}"


def _table(model: RowsModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    fit_columns(view)
    view.setTabKeyNavigation(False)
    return view


class InsightsTab(QWidget):
    loaded = Signal()            # the P&L, chart and days are shown
    orders_loaded = Signal()     # a day's orders are shown

    def __init__(self, backend: Backend, *, today: date | None = None) -> None:
        super().__init__()
        self.backend = backend
        self._today = today
        self._runner = JobRunner(self)
        self._jobs: list[JobSignals] = []
        self.store = QComboBox()
        self.store.addItem(translate("insights.tab", ALL_STORES), "")
        self.period = QComboBox()
        for name in PERIODS:
            self.period.addItem(translate("insights.tab", name), name)
        self.period.setCurrentIndex(PERIODS.index("Last 30 days"))
        self.reload = QPushButton(translate("insights.tab", "&Refresh"))
        self.status = QLabel("")
        # A long catch-up of the summary (the first build): its progress, and Cancel.
        self.progress = QProgressBar()
        self.progress.setFormat(translate("insights.tab", "Updating the summary: %p%"))
        self.cancel = QPushButton(translate("insights.tab", "Ca&ncel update"))
        self.cancel.clicked.connect(self.cancel_update)
        self.progress.hide()
        self.cancel.hide()
        self._token: CancelToken | None = None
        bar = QHBoxLayout()
        for label, widget in ((translate("insights.tab", "&Store:"), self.store),
                              (translate("insights.tab", "&Period:"), self.period)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.reload)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel)
        self.stores = RowsModel[PeriodProfit]([
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, False), *PNL])
        self.days = RowsModel[PeriodProfit]([
            (QT_TRANSLATE_NOOP("Column", "Day"), lambda r: _day(r.start), False),
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, False), *PNL])
        self.orders = RowsModel[OrderProfit]([
            (QT_TRANSLATE_NOOP("Column", "Order"), lambda r: r.number, False),
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, False),
            (QT_TRANSLATE_NOOP("Column", "Placed (UTC)"), lambda r: r.placed_at.strftime("%H:%M"),
             False), *PNL])
        self.stores_view = _table(self.stores)
        self.chart = ProfitChart()
        self.days_view = _table(self.days)
        self.orders_view = _table(self.orders)
        self.orders_title = QLabel(translate("insights.tab",
                                             "Orders of a day: pick a day and press Enter"))
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.days_view)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.orders_title)
        right_box.addWidget(self.orders_view)
        lower.addWidget(right)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.stores_view)
        split.addWidget(self.chart)
        split.addWidget(lower)
        split.setSizes([120, 300, 300])
        self.customers = CustomersPage(backend, self.today, _table)
        self.more = MorePage(_table)
        self.pages = QTabWidget()
        self.pages.addTab(split, translate("insights.tab", "&Profit"))
        self.pages.addTab(self.customers, translate("insights.tab", "&Customers"))
        self.pages.addTab(self.more, translate("insights.tab", "&Ads, goals && currency"))
        self.pages.currentChanged.connect(lambda _i: self._load_page())
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.pages, 1)
        self.store.activated.connect(lambda _i: self.refresh())
        self.period.activated.connect(lambda _i: self.refresh())
        self.reload.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.days_view.activated.connect(self.on_day_activated)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.days_view, self._open_current_day,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.refresh()

    def today(self) -> date:
        return self._today or datetime.now().astimezone().date()

    def current_filter(self) -> ProfitFilter:
        first, last = period_days(self.period.currentData() or PERIODS[1], self.today())
        name = self.store.currentText()
        return ProfitFilter("" if self.store.currentIndex() <= 0 else name, first, last)

    def refresh(self) -> None:
        flt = self.current_filter()
        self.status.setText(translate("insights.tab", "Reading…"))

        def job(progress: Any, token: CancelToken) -> overview.Overview:
            # The days changed since the last read, in short transactions (packers keep
            # scanning); stopped by Cancel, the figures are still exact (marked days are
            # computed from the orders) and the next refresh carries on.
            catching_up.catch_up_in_steps(self.backend, progress=progress,
                                          cancelled=lambda: token.cancelled)
            return self.backend.read(overview.overview, flt)
        self._token = self._start(job, self.on_overview, progressed=self.on_progress)
        self._load_page()

    def _load_page(self) -> None:
        page = self.pages.currentWidget() if hasattr(self, "pages") else None
        flt = self.current_filter()
        if page is self.customers:
            self.customers.refresh(flt.store)
        elif page is self.more:
            today = self.today()
            self._start(lambda _p, _t: self.backend.read(business.more, flt, today),
                        self.more.show_more)

    def _start(self, job: Any, done: Any, progressed: Any = None) -> CancelToken:
        signals, token = self._runner.start(job, finished=done, failed=self.on_failed,
                                            progressed=progressed)
        self._jobs = [*self._jobs[-4:], signals]   # kept alive until they report
        return token

    def on_progress(self, done: int, total: int) -> None:
        updating = done < total
        if updating:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.progress.setVisible(updating)
        self.cancel.setVisible(updating)

    def cancel_update(self) -> None:
        """Stop the summary's catch-up after its current step (the figures stay exact)."""
        if self._token is not None:
            self._token.cancel()
        self.progress.hide()
        self.cancel.hide()

    def on_overview(self, view: overview.Overview) -> None:
        picked = self.store.currentText() if self.store.currentIndex() > 0 else ""
        names = [translate("insights.tab", ALL_STORES), *(name for name, _ in view.stores)]
        if [self.store.itemText(i) for i in range(self.store.count())] != names:
            self.store.clear()
            self.store.addItems(names)
            self.store.setCurrentIndex(names.index(picked) if picked in names[1:] else 0)
        self.stores.set_rows(view.per_store)
        # The newest day first, stores by name within a day.
        self.days.set_rows(sorted(view.days, key=lambda r: (-r.start.toordinal(), r.store)))
        flt = self.current_filter()
        self.chart.show_days(view.days, flt.first, flt.last)
        self.orders.set_rows([])
        estimated = any(r.figures.estimated for r in view.per_store)
        self.status.setText(translate("insights.tab", "{first} to {last}").format(
            first=flt.first, last=flt.last) + (translate(
                "insights.tab",
                " — some figures are estimates (fees not yet paid out, or costs unknown)")
            if estimated else ""))
        self.loaded.emit()

    def _open_current_day(self) -> None:
        self.on_day_activated(self.days_view.currentIndex())

    def on_day_activated(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self.days.rows):
            return
        row = self.days.rows[index.row()]
        flt = ProfitFilter(row.store)
        self.orders_title.setText(translate("insights.tab", "Orders of {store} on {day}").format(
            store=row.store, day=_day(row.start)))
        self._start(lambda _p, _t: self.backend.read(profit.order_profits, flt, day=row.start),
                    self.on_orders)

    def on_orders(self, rows: list[OrderProfit]) -> None:
        self.orders.set_rows(rows)
        if rows:
            self.orders_view.setFocus()
            self.orders_view.selectRow(0)
        self.orders_loaded.emit()

    def on_failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))
