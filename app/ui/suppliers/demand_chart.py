"""One product's units sold per day and the forecast after them, for the Replenishment
page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen, QResizeEvent

from app.services.replenishment import why
from app.ui.common.i18n import translate


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
        self._x: QDateTimeAxis | None = None

    def _ticks(self) -> int:
        """Date labels as many as the width holds ("31 Oct", "10月31日"): 5 on a wide chart,
        fewer beside the Replenishment table at 1280 pixels, so none is cut with "…"."""
        return max(3, min(5, self.width() // 85))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self._x is not None:
            self._x.setTickCount(self._ticks())

    def show_series(self, title: str, data: why.Series | None) -> None:
        self._chart.removeAllSeries()
        for axis in self._chart.axes():
            self._chart.removeAxis(axis)
        self._chart.setTitle(title)
        self.points = 0
        self._x = None
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
        x.setTickCount(self._ticks())
        self._x = x
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

