"""A supplier's last 12 months as lines: on-time rate and score (%, left axis), actual lead
time (days) and mean cost per unit (the supplier's currency) on axes of their own at the
right. A month with no POs has no point, so a gap never reads as a zero."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

from app.money import exponent
from app.services.suppliers.scorecard import MonthTrend
from app.ui.common.i18n import translate


class TrendChart(QChartView):
    def __init__(self) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.months: list[str] = []
        self.series: dict[str, QLineSeries] = {}

    def show_trend(self, supplier: str, currency: str, months: Sequence[MonthTrend]) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.months = [m.month for m in months]
        chart.setTitle(translate("suppliers.trend_chart",
                                 "{0}: the last {1} months").format(supplier, len(months)))
        x = QBarCategoryAxis()
        x.append(self.months)
        x.setLabelsAngle(-60)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        percent = QValueAxis()
        percent.setRange(0, 100)
        percent.setLabelFormat("%.0f %%")
        percent.setTitleText(translate("suppliers.trend_chart", "on time, score"))
        chart.addAxis(percent, Qt.AlignmentFlag.AlignLeft)
        days = QValueAxis()
        days.setTitleText(translate("suppliers.trend_chart", "lead time (days)"))
        days.setLabelFormat("%.0f")
        chart.addAxis(days, Qt.AlignmentFlag.AlignRight)
        money = QValueAxis()
        money.setTitleText(translate("suppliers.trend_chart",
                                     "cost per unit ({0})").format(currency))
        digits = exponent(currency)
        money.setLabelFormat(f"%.{digits}f")
        chart.addAxis(money, Qt.AlignmentFlag.AlignRight)
        scale = 10 ** digits
        # Drawing only: the exact figures are in the table and the CLI.
        self.series = {}
        lines: list[tuple[str, str, QValueAxis, Callable[[MonthTrend], float | None]]] = [
            ("on_time", translate("suppliers.trend_chart", "On time %"), percent,
             lambda m: None if m.on_time_rate is None else m.on_time_rate * 100),
            ("score", translate("suppliers.trend_chart", "Score"), percent, lambda m: m.score),
            ("lead", translate("suppliers.trend_chart",
                               "Lead time (days)"), days, lambda m: m.lead_actual_mean),
            ("cost", translate("suppliers.trend_chart",
                               "Cost per unit ({0})").format(currency), money,
             lambda m: None if m.unit_cost_minor is None else m.unit_cost_minor / scale)]
        for key, name, axis, value in lines:
            line = QLineSeries()
            line.setName(name)
            line.setPointsVisible(True)
            for i, month in enumerate(months):
                v = value(month)
                if v is not None:
                    line.append(float(i), float(v))
            chart.addSeries(line)
            line.attachAxis(x)
            line.attachAxis(axis)
            self.series[key] = line
        for axis, key, least in ((days, "lead", 10.0), (money, "cost", 1.0)):
            ys = [p.y() for p in self.series[key].points()]
            axis.setRange(0, max([least, *ys]) * 1.15)
            axis.applyNiceNumbers()
        if not any(m.score is not None or m.unit_cost_minor is not None for m in months):
            chart.setTitle(translate("suppliers.trend_chart",
                                     "{0}: no purchase orders in the last {1} months").format(
                supplier, len(months)))
