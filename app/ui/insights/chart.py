"""Daily profit as a bar chart: one bar set per store (each in its own currency)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QPainter

from app.money import exponent
from app.services.insights.profit import PeriodProfit
from app.ui.common.i18n import translate


class ProfitChart(QChartView):
    """Bars of profit per day; the x axis has every day of the period, so gaps show."""

    def __init__(self) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self._chart.setTitle(translate("insights.chart", "Profit per day"))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.days: list[date] = []

    def show_days(self, rows: Sequence[PeriodProfit], first: date | None,
                  last: date | None) -> None:
        self._chart.removeAllSeries()
        for axis in self._chart.axes():
            self._chart.removeAxis(axis)
        if rows:
            first = first or min(r.start for r in rows)
            last = last or max(r.start for r in rows)
        self.days = ([first + timedelta(days=n) for n in range((last - first).days + 1)]
                     if first and last else [])
        where = {d: n for n, d in enumerate(self.days)}
        by_store: dict[str, list[float]] = {}
        currency: dict[str, str] = {}
        for r in rows:
            values = by_store.setdefault(r.store, [0.0] * len(self.days))
            if r.start in where:
                # Drawing only: the exact figures are in the tables.
                values[where[r.start]] = r.figures.profit_minor / 10 ** exponent(
                    r.figures.currency)
            currency[r.store] = r.figures.currency
        series = QBarSeries()
        low = high = 0.0
        for store, values in sorted(by_store.items()):
            bars = QBarSet(f"{store} ({currency[store]})")
            bars.append(values)
            series.append(bars)
            low, high = min(low, *values), max(high, *values)
        self._chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([QLocale().toString(QDate(d.year, d.month, d.day),
                                   translate("insights.chart", "ddd d MMM")) for d in self.days])
        x.setLabelsAngle(-90)
        x.setTruncateLabels(False)   # "Mon 2 …" told nobody which day; the axis grows instead
        self._chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = QValueAxis()
        y.setRange(low, high if high > low else low + 1)
        y.applyNiceNumbers()
        y.setLabelFormat("%.0f")
        self._chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        self._chart.legend().setVisible(len(by_store) > 1 or bool(by_store))
