"""The Today page: the things to do now (orders to pack, returns, low stock, stock to push,
payout problems, what shipped) and each store's sales and profit today against yesterday
and the month's goal. Enter or a double-click on a line opens the tab that deals with it
(`go_to(tab_title)`; the main window switches tabs)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.money import format_money
from app.services.core.backend import Backend
from app.services.insights import today
from app.services.insights.today import DayFigures, Item, Today
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.messages import message_text
from app.ui.common.rows_model import RowsModel
from app.ui.common.workers import JobRunner, JobSignals
from app.ui.today import early

INSIGHTS_TAB = "Insights"
# What each line of the list is, by its key (app/services/insights/today.py names them in
# English), copied so lupdate finds them.
ITEM_TITLES = {"to_pack": QT_TRANSLATE_NOOP("today.page", "Orders to pack"),
               "shipped": QT_TRANSLATE_NOOP("today.page", "Shipped today"),
               "returns": QT_TRANSLATE_NOOP("today.page", "Returns to process"),
               "low_stock": QT_TRANSLATE_NOOP("today.page",
                                              "Low stock (at or below reorder point)"),
               "push": QT_TRANSLATE_NOOP("today.page", "Stock to push to stores"),
               "payouts": QT_TRANSLATE_NOOP("today.page", "Payouts with problems")}


def item_title(item: Item) -> str:
    """A line's title in the chosen language (the service's words for one not listed)."""
    if ITEM_TITLES.get(item.key) == item.title:
        return translate("today.page", item.title)
    return item.title


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


def _change(now: int, before: int, currency: str) -> str:
    diff = now - before
    sign = "+" if diff >= 0 else ""
    return f"{sign}{format_money(diff, currency)}"


class TodayPage(QWidget):
    go_to = Signal(str)          # the title of the tab to open
    loaded = Signal()

    def __init__(self, backend: Backend, *, day: date | None = None) -> None:
        super().__init__()
        self.backend = backend
        self._day = day
        self._runner = JobRunner(self)
        self._jobs: list[JobSignals] = []
        self._catch_up_due = False
        self.title = QLabel(translate("today.page", "Today"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel("")
        self.reload = QPushButton(translate("today.page", "&Refresh"))
        self.items = RowsModel[Item]([
            ("", lambda r: "●" if r.attention else "", False),
            (QT_TRANSLATE_NOOP("Column", "To do"), item_title, False),
            (QT_TRANSLATE_NOOP("Column", "How many"), lambda r: r.value, True),
            (QT_TRANSLATE_NOOP("Column", "Details"), lambda r: message_text(r.detail), False),
            (QT_TRANSLATE_NOOP("Column", "Open"),
             lambda r: translate("today.page", "{tab} tab").format(
                 tab=translate("shell.menus", r.tab)), False)])
        self.stores = RowsModel[DayFigures]([
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, False),
            (QT_TRANSLATE_NOOP("Column", "Orders today"), lambda r: str(r.today.orders), True),
            (QT_TRANSLATE_NOOP("Column", "Sales today"),
             lambda r: format_money(r.today.net_sales_minor, r.today.currency), True),
            (QT_TRANSLATE_NOOP("Column", "vs yesterday"),
             lambda r: _change(r.today.net_sales_minor, r.yesterday.net_sales_minor,
                               r.today.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Profit today"),
             lambda r: format_money(r.today.profit_minor, r.today.currency), True),
            (QT_TRANSLATE_NOOP("Column", "vs yesterday"),
             lambda r: _change(r.today.profit_minor, r.yesterday.profit_minor,
                               r.today.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Month's goal"), self._goal_text, False)])
        self.items_view = _table(self.items)
        self.stores_view = _table(self.stores)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.reload)
        box = QVBoxLayout(self)
        box.addLayout(top)
        needs = QLabel(translate("today.page", "&What needs doing (Enter opens its tab)"))
        needs.setBuddy(self.items_view)
        box.addWidget(needs)
        box.addWidget(self.items_view, 3)
        figures = QLabel(translate("today.page", "&Sales and profit per store"))
        figures.setBuddy(self.stores_view)
        box.addWidget(figures)
        box.addWidget(self.stores_view, 2)
        self.reload.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.items_view.doubleClicked.connect(self.on_item_activated)
        self.stores_view.doubleClicked.connect(lambda _i: self.go_to.emit(INSIGHTS_TAB))
        # Enter on a line: an event filter, so it works whatever window is active.
        self.items_view.installEventFilter(self)
        self.stores_view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and watched is self.stores_view.viewport():
            QTimer.singleShot(0, self, self._catch_up)   # after this paint
            return False
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if watched is self.items_view:
                self._open_current_item()
                return True
            if watched is self.stores_view:
                self.go_to.emit(INSIGHTS_TAB)
                return True
        return super().eventFilter(watched, event)

    def _goal_text(self, r: DayFigures) -> str:
        p = r.goal
        if p is None:
            return translate("today.page", "no goal set")
        parts = []
        if p.revenue_pct is not None:
            parts.append(translate("today.page", "sales {pct}%").format(pct=p.revenue_pct))
        if p.profit_pct is not None:
            parts.append(translate("today.page", "profit {pct}%").format(pct=p.profit_pct))
        state = translate("today.page", "on track") if p.on_track else translate("today.page",
                                                                                 "behind")
        return translate("today.page", "{parts} of goal, pace {pace}% — {state}").format(
            parts=", ".join(parts), pace=p.pace_pct, state=state)

    def day(self) -> date:
        return self._day or datetime.now().astimezone().date()

    def refresh(self) -> None:
        day = self.day()
        self.status.setText(translate("today.page", "Reading…"))

        # The app's first: main.py may have started this very read before the window was
        # built (early.py); its result then comes from there.
        started = early.take(day, self.backend.actor.user)

        def job(_p: Any, _t: Any) -> Today:
            if started is not None:
                return started.result()
            return self.backend.read(today.today_view, day)
        signals, _ = self._runner.start(job, finished=self._read, failed=self._not_read)
        self._jobs = [*self._jobs[-4:], signals]

    # The figures are exact before the summary catches up (marked days are computed from
    # the orders), so it catches up after them, in short steps that keep the write lock
    # free for packers (a first build takes minutes). Not beside the read nor before the
    # figures are painted: a worker busy in Python makes each of the paint's calls into the
    # model wait for the interpreter (issue 13).
    def _read(self, view: Today) -> None:
        self.on_loaded(view)
        self._catch_up_once_painted()

    def _not_read(self, exc: BaseException) -> None:
        self.on_failed(exc)
        self._catch_up_once_painted()

    def _catch_up_once_painted(self) -> None:
        self._catch_up_due = True
        viewport = self.stores_view.viewport()
        if viewport.isVisible():   # its next paint shows the figures (eventFilter); a
            viewport.installEventFilter(self)   # minimised window's comes when restored
        else:
            QTimer.singleShot(0, self, self._catch_up)

    def _catch_up(self) -> None:
        if not self._catch_up_due:
            return
        self._catch_up_due = False
        self.stores_view.viewport().removeEventFilter(self)
        # Imported here, not with the page: the figures do not need it (issue 13).
        from app.services.insights import catching_up

        later, _ = self._runner.start(lambda _p, token: catching_up.catch_up_in_steps(
            self.backend, cancelled=lambda: token.cancelled), failed=self.on_failed)
        self._jobs = [*self._jobs[-4:], later]

    def on_loaded(self, view: Today) -> None:
        day = QDate(view.day.year, view.day.month, view.day.day)
        self.title.setText(translate("today.page", "Today, {day}").format(
            day=QLocale().toString(day, translate("today.page", "dddd d MMMM yyyy"))))
        self.items.set_rows(view.items)
        self.stores.set_rows(view.stores)
        self.status.setText("")
        if view.items and not self.items_view.currentIndex().isValid():
            self.items_view.selectRow(0)
        self.loaded.emit()

    def on_failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def _open_current_item(self) -> None:
        self.on_item_activated(self.items_view.currentIndex())

    def on_item_activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.items.rows):
            self.go_to.emit(self.items.rows[index.row()].tab)

    def wait(self) -> None:
        self._runner.wait(5000)
