"""The Suppliers tab's Replenishment page: what to order now and by which mode, most urgent
first, coloured by need; the selected product's sales and forecast as a chart; "why" in
figures; ticked lines into draft POs.

Keys: Space ticks the current line, Ctrl+A ticks every line to order now, Ctrl+Return
makes the draft POs, F5 plans again. The plan runs on the worker thread.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.money import to_decimal_text
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.replenishment import daily, destinations, drafts, plan, why
from app.services.replenishment.plan import MODE_WORDS, Plan, PlanLine
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.qt_helpers import add_shortcut
from app.ui.common.workers import JobRunner

Index = QModelIndex | QPersistentModelIndex
_CONTEXT = Qt.ShortcutContext.WidgetWithChildrenShortcut
NEED_WORDS = {
    "late": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Late: order now, stockout anyway"),
    "air": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order now: air + sea"),
    "now": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order now by sea"),
    "soon": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order soon"),
    "ok": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Covered"),
    "no_supplier": QT_TRANSLATE_NOOP("suppliers.replenish_page", "No supplier"),
    "none": QT_TRANSLATE_NOOP("suppliers.replenish_page", "No sales"),
}
# The shipping modes as the plan names them (MODE_WORDS), in the chosen language.
MODE_TITLES = {
    "sea": QT_TRANSLATE_NOOP("suppliers.replenish_page", "sea"),
    "sea_fast": QT_TRANSLATE_NOOP("suppliers.replenish_page", "fast sea"),
    "air": QT_TRANSLATE_NOOP("suppliers.replenish_page", "air"),
    "express": QT_TRANSLATE_NOOP("suppliers.replenish_page", "express"),
}
NEED_COLOURS = {
    "late": "#f4b6b6",
    "air": "#f9d3a5",
    "now": "#fbeaa0",
    "soon": "#e3efc4",
    "ok": "",
    "no_supplier": "#e4e4e4",
    "none": "",
}


def need_words(need: str) -> str:
    return translate("suppliers.replenish_page", NEED_WORDS[need])


def mode_words(mode: str) -> str:
    return translate("suppliers.replenish_page", MODE_TITLES.get(mode, MODE_WORDS[mode]))


def _money(minor: int, currency: str) -> str:
    return to_decimal_text(minor, currency or "EUR")


def _order_text(line: PlanLine) -> str:
    return " + ".join(f"{s.quantity} {mode_words(s.mode)}" for s in line.suggestion)


def _weekday(day: int) -> str:
    """Monday = 0, in the user's language, short."""
    return QLocale().dayName(day + 1, QLocale.FormatType.ShortFormat)


def fact_text(fact: why.Fact, currency: str) -> str:  # noqa: C901, PLR0911  (a case a kind)
    """One "why" fact as a sentence in the user's language."""
    v = fact.values

    def money(minor: int) -> str:
        return f"{_money(minor, currency)} {currency}".strip()

    match fact.kind:
        case "no_sales":
            return translate(
                "suppliers.replenish_page",
                "{sku} sold nothing in the last weeks: nothing to order.",
            ).format(**v)
        case "demand":
            return translate(
                "suppliers.replenish_page",
                "Demand: {per_day} a day over the last 4 weeks ({trend} a day per week "
                "of trend, followed for {days} days).",
            ).format(
                per_day=f"{v['per_day']:.2f}", trend=f"{v['trend_week']:+.2f}", days=v["trend_days"]
            )
        case "weekdays":
            return translate(
                "suppliers.replenish_page", "Weekday weights (1 = an average day): {weights}."
            ).format(
                weights=", ".join(f"{_weekday(d)} {w:.2f}" for d, w in enumerate(v["weights"]))
            )
        case "cover":
            if v["stockout"] is None:
                return translate(
                    "suppliers.replenish_page",
                    "Cover: {on_hand} salable + {coming} coming (each counted from "
                    "its arrival day): no stockout in sight.",
                ).format(**v)
            return translate(
                "suppliers.replenish_page",
                "Cover: {on_hand} salable + {coming} coming (each counted from its "
                "arrival day) = {days} days; runs out on {stockout}.",
            ).format(
                on_hand=v["on_hand"],
                coming=v["coming"],
                days=f"{v['cover_days']:.0f}",
                stockout=v["stockout"],
            )
        case "no_supplier":
            return translate(
                "suppliers.replenish_page",
                "No supplier sells it: add it to a supplier's price list.",
            )
        case "class":
            return translate(
                "suppliers.replenish_page",
                "Class {abc} by sales value: service level {service}; weekly sales "
                "vary by {sd} units (standard deviation).",
            ).format(abc=v["abc"], service=f"{v['service']:.0%}", sd=f"{v['week_sd']:.1f}")
        case "mode":
            freight = (
                translate("suppliers.replenish_page", "freight unknown")
                if v["freight"] is None
                else translate("suppliers.replenish_page", "freight {amount}").format(
                    amount=money(v["freight"])
                )
            )
            return translate(
                "suppliers.replenish_page",
                "By {mode}: {days} days, arrives {arrives} ({timing}); {landed} a unit "
                "landed ({freight}); safety stock {safety}; alone it would need "
                "{alone} units.",
            ).format(
                mode=mode_words(v["mode"]),
                days=v["lead_days"],
                arrives=v["arrives"],
                timing=translate("suppliers.replenish_page", "in time")
                if v["in_time"]
                else translate("suppliers.replenish_page", "too late"),
                landed=money(v["landed"]),
                freight=freight,
                safety=f"{v['safety']:.0f}",
                alone=v["alone"],
            )
        case "packs":
            if v["moq"]:
                return translate(
                    "suppliers.replenish_page",
                    "Quantities cover {review} days after arrival plus safety stock, "
                    "in packs of {pack}, at least {moq}.",
                ).format(review=v["review_days"], pack=v["pack"], moq=v["moq"])
            return translate(
                "suppliers.replenish_page",
                "Quantities cover {review} days after arrival plus safety stock, in "
                "packs of {pack}.",
            ).format(review=v["review_days"], pack=v["pack"])
        case "wait":
            text = translate(
                "suppliers.replenish_page", "Nothing to order yet: order by {mode} by {day}."
            ).format(mode=mode_words(v["mode"]) if v["mode"] else "", day=v["order_by"])
            if v["saving"]:
                text += " " + translate(
                    "suppliers.replenish_page", "That saves {amount} against air later."
                ).format(amount=money(v["saving"]))
            return text
        case "order":
            return translate(
                "suppliers.replenish_page",
                "Order {quantity} by {mode} now: arrives {arrives}, {cost}.",
            ).format(
                quantity=v["quantity"],
                mode=mode_words(v["mode"]),
                arrives=v["arrives"],
                cost=money(v["cost"]),
            )
        case "split":
            return translate(
                "suppliers.replenish_page",
                "Split: the faster mode only bridges until a sea order placed today "
                "arrives; the rest goes by sea.",
            )
        case "extra":
            return translate(
                "suppliers.replenish_page", "Extra cost against sending it all by sea: {amount}."
            ).format(amount=money(v["extra"]))
        case _:
            return translate(
                "suppliers.replenish_page",
                "Even the fastest mode arrives {days} day(s) after the stockout.",
            ).format(days=v["days"])


def why_text(line: PlanLine, review_days: int) -> str:
    return "\n".join(fact_text(f, line.currency) for f in why.facts(line, review_days))


COLUMNS: tuple[tuple[str, Any, bool], ...] = (
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order"), lambda _ln: "", False),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "SKU"), lambda ln: ln.sku, False),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Need"), lambda ln: need_words(ln.need), False),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Per day"),
        lambda ln: f"{ln.daily_demand:.2f}",
        True,
    ),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Salable"), lambda ln: str(ln.on_hand), True),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Coming"), lambda ln: str(ln.in_transit), True),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Cover (days)"),
        lambda ln: "" if ln.cover_days is None else f"{ln.cover_days:.0f}",
        True,
    ),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Stockout"),
        lambda ln: str(ln.stockout or ""),
        False,
    ),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order by (sea)"),
        lambda ln: str(ln.order_by or ""),
        False,
    ),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Suggestion"), _order_text, False),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Cost"),
        lambda ln: " ".join(
            filter(
                None,
                (
                    _money(sum(s.cost_minor for s in ln.suggestion), ln.currency)
                    if ln.suggestion
                    else "",
                    ln.currency if ln.suggestion else "",
                ),
            )
        ),
        True,
    ),
    (
        QT_TRANSLATE_NOOP("suppliers.replenish_page", "Extra vs sea"),
        lambda ln: _money(ln.extra_cost_minor, ln.currency) if ln.extra_cost_minor else "",
        True,
    ),
    (QT_TRANSLATE_NOOP("suppliers.replenish_page", "Supplier"), lambda ln: ln.supplier, False),
)


class PlanModel(QAbstractTableModel):
    """The plan's lines; column 0 is a tick box for the lines to order."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[PlanLine] = []
        self.ticked: set[int] = set()

    def set_lines(self, lines: list[PlanLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.ticked = set()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0 and self.lines[index.row()].suggestion:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        title, show, right = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return show(line)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0 and line.suggestion:
            return Qt.CheckState.Checked if index.row() in self.ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and NEED_COLOURS[line.need]:
            return QBrush(QColor(NEED_COLOURS[line.need]))
        if role == Qt.ItemDataRole.ForegroundRole and NEED_COLOURS[line.need]:
            return QBrush(QColor("#1a1a1a"))  # dark text on the light need colours
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.ToolTipRole and title == "Need":
            return need_words(line.need)
        return None

    def setData(
        self,
        index: Index,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != 0
            or not self.lines[index.row()].suggestion
        ):
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        (self.ticked.add if checked else self.ticked.discard)(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return translate("suppliers.replenish_page", COLUMNS[section][0])
        return None

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            checked = row not in self.ticked
            self.setData(
                self.index(row, 0),
                Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
                Qt.ItemDataRole.CheckStateRole,
            )

    def tick_all(self) -> None:
        self.ticked = {i for i, ln in enumerate(self.lines) if ln.suggestion}
        if self.lines:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.lines) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )


def _qdt(day: date) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))


class DemandChart(QChartView):
    """Units sold per day (the history) and the forecast after it, for one product."""

    def __init__(self) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self._chart.setTitle(translate("suppliers.replenish_page", "Sales and forecast"))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.points = 0

    def show_series(self, title: str, data: why.Series | None) -> None:
        self._chart.removeAllSeries()
        for axis in self._chart.axes():
            self._chart.removeAxis(axis)
        self._chart.setTitle(title)
        self.points = 0
        if data is None or not data.history:
            return
        past = QLineSeries()
        past.setName(translate("suppliers.replenish_page", "sold per day"))
        for day, units in data.history:
            past.append(_qdt(day).toMSecsSinceEpoch(), units)
        ahead = QLineSeries()
        ahead.setName(translate("suppliers.replenish_page", "forecast"))
        pen = QPen(QColor("#d9822b"))
        pen.setWidth(2)
        pen.setStyle(Qt.PenStyle.DashLine)
        ahead.setPen(pen)
        for day, expected in data.forecast:
            ahead.append(_qdt(day).toMSecsSinceEpoch(), expected)
        self.points = past.count() + ahead.count()
        x = QDateTimeAxis()
        x.setFormat(translate("suppliers.replenish_page", "d MMM"))  # a Qt date format
        x.setTickCount(7)
        x.setRange(_qdt(data.history[0][0]), _qdt((data.forecast or data.history)[-1][0]))
        y = QValueAxis()
        high: float = max([u for _d, u in data.history] + [u for _d, u in data.forecast] + [1])
        y.setRange(0, high * 1.1)
        y.applyNiceNumbers()
        y.setLabelFormat("%.0f")
        self._chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self._chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in (past, ahead):
            self._chart.addSeries(s)
            s.attachAxis(x)
            s.attachAxis(y)


class ReplenishPage(QWidget):
    drafted = Signal(list)  # the POs made (numbers)

    def __init__(self, backend: Backend, *, today: date | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.today = today
        self.plan: Plan | None = None
        self.runner = JobRunner(self)
        self._signals: object = None
        self._later: object = None
        self.destination = QComboBox()
        self.destination.setAccessibleName(translate("suppliers.replenish_page", "Destination"))
        self.destination.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.refresh = QPushButton(translate("suppliers.replenish_page", "Plan again (F5)"))
        self.model = PlanModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        fit_columns(self.table, "suppliers/replenish")
        self.chart = DemandChart()
        self.why = QPlainTextEdit()
        self.why.setReadOnly(True)
        self.why.setAccessibleName(translate("suppliers.replenish_page", "Why"))
        self.why.setPlaceholderText(
            translate("suppliers.replenish_page", "Why: the figures behind the selected line.")
        )
        self.create_button = QPushButton(
            translate("suppliers.replenish_page", "Create draft POs (Ctrl+Return)")
        )
        self.message = QLabel("")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(translate("suppliers.replenish_page", "Destination:")))
        top.addWidget(self.destination)
        top.addWidget(self.refresh)
        top.addStretch(1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.chart)
        right.addWidget(self.why)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(
            QLabel(
                translate(
                    "suppliers.replenish_page", "Space ticks a line, Ctrl+A ticks all to order"
                )
            )
        )
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.table)

        self.refresh.clicked.connect(self.reload)
        self.create_button.clicked.connect(self.create_drafts)
        self.destination.activated.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        add_shortcut(QKeySequence("F5"), self, self.reload, _CONTEXT)
        add_shortcut(QKeySequence("Ctrl+Return"), self, self.create_drafts, _CONTEXT)
        add_shortcut(QKeySequence("Ctrl+Enter"), self, self.create_drafts, _CONTEXT)
        add_shortcut(QKeySequence("Ctrl+A"), self.table, self.model.tick_all, _CONTEXT)
        add_shortcut(
            QKeySequence("Space"),
            self.table,
            lambda: self.model.toggle(self.table.currentIndex().row()),
            _CONTEXT,
        )

    # -- planning --------------------------------------------------------------------
    def _fill_destinations(self) -> None:
        current = self.destination.currentData()
        names = [plan.WAREHOUSE] + [
            d.name for d in self.backend.read(destinations.list_destinations)
        ]
        self.destination.clear()
        for name in names:  # the name is what the plan takes; our warehouse is shown translated
            self.destination.addItem(
                translate("suppliers.replenish_page", "Warehouse")
                if name == plan.WAREHOUSE
                else name,
                name,
            )
        if current in names:
            self.destination.setCurrentIndex(names.index(current))

    def reload(self) -> None:
        self._fill_destinations()
        self.summary.setText(translate("suppliers.replenish_page", "Planning…"))
        dest = str(self.destination.currentData() or plan.WAREHOUSE)
        backend, today = self.backend, self.today

        def job(_progress: object, _token: object) -> Plan:
            return backend.read(plan.make_plan, today, dest)

        self._signals, _ = self.runner.start(job, finished=self._on_plan, failed=self._on_failed)
        # Then the daily sales table catches up in short write steps (the plan was exact
        # without it: marked days are counted from the orders), so the next plan is quick.
        self._later, _ = self.runner.start(
            lambda _p, token: daily.catch_up_in_steps(backend, cancelled=lambda: token.cancelled),
            failed=self._on_failed,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.summary.setText("")
        self.message.setText(str(exc))

    def _on_plan(self, made: Plan) -> None:
        self.plan = made
        self.model.set_lines([ln for ln in made.lines if ln.need != "none"])
        counts: dict[str, int] = {}
        for ln in self.model.lines:
            counts[ln.need] = counts.get(ln.need, 0) + 1
        parts = [
            translate("suppliers.replenish_page", "{count} {need}").format(
                count=counts[n], need=need_words(n).lower()
            )
            for n in plan.NEEDS
            if counts.get(n)
        ]
        totals = "; ".join(
            translate(
                "suppliers.replenish_page",
                "to order {cost} {currency}, extra for "
                "speed {extra}, saved by ordering by sea in time {saving}",
            ).format(
                cost=_money(t["cost"], c),
                currency=c,
                extra=_money(t["extra"], c),
                saving=_money(t["saving"], c),
            )
            for c, t in sorted(made.totals().items())
            if c and (t["cost"] or t["saving"])
        )
        self.summary.setText(
            translate("suppliers.replenish_page", "As of {day}: ").format(day=made.as_of)
            + (", ".join(parts) or translate("suppliers.replenish_page", "nothing sold"))
            + (f" — {totals}" if totals else "")
        )
        if self.model.lines:
            self.table.selectRow(0)
            self._on_current(self.model.index(0, 0), QModelIndex())
        else:
            self.why.setPlainText("")
            self.chart.show_series(
                translate("suppliers.replenish_page", "Sales and forecast"), None
            )

    def _on_current(self, current: Index, _previous: Index) -> None:
        if self.plan is None or not current.isValid():
            return
        line = self.model.lines[current.row()]
        self.why.setPlainText(why_text(line, self.plan.review_days))
        data = self.backend.read(why.series, line, self.plan.as_of, self.plan.destination)
        self.chart.show_series(
            translate("suppliers.replenish_page", "{sku}: sold per day and forecast").format(
                sku=line.sku
            ),
            data,
        )

    # -- ordering --------------------------------------------------------------------
    def create_drafts(self) -> None:
        if self.plan is None:
            return
        picks = [
            drafts.Pick(
                self.model.lines[r].supplier, self.model.lines[r].sku, s.mode, s.quantity, s.arrives
            )
            for r in sorted(self.model.ticked)
            for s in self.model.lines[r].suggestion
        ]
        if not picks:
            self.message.setText(
                translate(
                    "suppliers.replenish_page",
                    "Tick the lines to order first (Space, or Ctrl+A for all).",
                )
            )
            return
        try:
            made = self.backend.run(
                drafts.draft_pos, picks, as_of=self.plan.as_of, actor=self.backend.actor
            )
        except BackroomError as exc:
            self.message.setText(str(exc))
            return
        numbers = [d.po.number for d in made]
        warnings = [w for d in made for w in d.po.warnings]
        self.message.setText(
            translate(
                "suppliers.replenish_page", "Draft POs {numbers} made; see Purchase orders."
            ).format(numbers=", ".join(numbers))
            + (" " + " ".join(warnings) if warnings else "")
        )
        self.drafted.emit(numbers)
        self.reload()
