"""The Insights tab's Customers page: customer value (historic and predicted CLV), tiers,
repeat rate, top customers and cohorts by first-order month (retention per month)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from app.money import format_money
from app.services.core.backend import Backend
from app.services.insights import catching_up, customers
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.rows_model import RowsModel
from app.ui.common.workers import JobRunner, JobSignals

# The tiers and the formula the service names (app/services/insights/customers.TIERS and
# FORMULA), copied so lupdate finds them; tests/ui/test_translations.py checks they agree.
TIER_WORDS = {"champion": QT_TRANSLATE_NOOP("insights.customers", "champion"),
              "loyal": QT_TRANSLATE_NOOP("insights.customers", "loyal"),
              "new": QT_TRANSLATE_NOOP("insights.customers", "new"),
              "at risk": QT_TRANSLATE_NOOP("insights.customers", "at risk"),
              "lost": QT_TRANSLATE_NOOP("insights.customers", "lost")}
FORMULA = QT_TRANSLATE_NOOP(
    "insights.customers",
    "predicted CLV = average profit per order x purchase frequency (shop's orders per "
    "customer per year) x expected lifespan (years); historic CLV = profit so far")


def tier_words(tier: str) -> str:
    """A customer tier in the chosen language (any other name as it is)."""
    return translate("insights.customers", TIER_WORDS[tier]) if tier in TIER_WORDS else tier


def _money(field: str) -> Any:
    return lambda r: format_money(getattr(r, field), r.currency)


class CustomersPage(QWidget):
    loaded = Signal()

    def __init__(self, backend: Backend, today: Any, table: Any) -> None:
        super().__init__()
        self.backend = backend
        self._today = today
        self._runner = JobRunner(self)
        self._jobs: list[JobSignals] = []
        self.summary = QLabel(translate("insights.customers", "Customers: reading…"))
        self.summary.setWordWrap(True)
        self.formula = QLabel("")
        self.formula.setWordWrap(True)
        self.top = RowsModel[customers.CustomerValue]([
            (QT_TRANSLATE_NOOP("Column", "Customer"),
             lambda r: r.email or r.name or f"#{r.customer_id}", False),
            (QT_TRANSLATE_NOOP("Column", "Tier"), lambda r: tier_words(r.tier), False),
            (QT_TRANSLATE_NOOP("Column", "Orders"), lambda r: str(r.orders), True),
            (QT_TRANSLATE_NOOP("Column", "Revenue"), _money("revenue_minor"), True),
            (QT_TRANSLATE_NOOP("Column", "Profit (historic CLV)"), _money("profit_minor"),
             True),
            (QT_TRANSLATE_NOOP("Column", "Predicted CLV"), _money("clv_predicted_minor"),
             True),
            (QT_TRANSLATE_NOOP("Column", "First order"), lambda r: r.first_order.isoformat(),
             False),
            (QT_TRANSLATE_NOOP("Column", "Last order"), lambda r: r.last_order.isoformat(),
             False),
            (QT_TRANSLATE_NOOP("Column", "Avg. days between"),
             lambda r: "–" if r.avg_interval_days is None else str(r.avg_interval_days), True),
        ])
        self.cohort_columns = 12
        self.cohorts = RowsModel[customers.Cohort]([
            (QT_TRANSLATE_NOOP("Column", "First order"), lambda r: r.month, False),
            (QT_TRANSLATE_NOOP("Column", "Customers"), lambda r: str(r.customers), True),
            *((translate("insights.customers", "Month {k}").format(k=k), self._retention(k),
               True)
              for k in range(self.cohort_columns))])
        self.top_view: QTableView = table(self.top)
        self.cohorts_view: QTableView = table(self.cohorts)
        split = QSplitter()
        split.setOrientation(split.orientation().Vertical)
        split.addWidget(self.top_view)
        box_w = QWidget()
        box = QVBoxLayout(box_w)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(translate("insights.customers",
                                       "Cohorts by first-order month: % of the cohort ordering "
                                       "in each month after")))
        box.addWidget(self.cohorts_view)
        split.addWidget(box_w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.formula)
        layout.addWidget(split, 1)

    @staticmethod
    def _retention(k: int) -> Any:
        return lambda r: f"{r.retention[k]}%" if k < len(r.retention) else ""

    def refresh(self, store: str = "") -> None:
        today: date = self._today()

        def job(_p: Any, token: Any) -> customers.Customers:
            # In short steps (the tab shows their progress); values read from the facts.
            catching_up.catch_up_in_steps(self.backend, cancelled=lambda: token.cancelled)
            return self.backend.read(customers.customer_values, today, top=200, store=store)
        signals, _ = self._runner.start(job, finished=self.on_loaded, failed=self.on_failed)
        self._jobs = [*self._jobs[-4:], signals]

    def on_loaded(self, found: customers.Customers) -> None:
        tiers = ", ".join(f"{tier_words(name)} {n}" for name, n in found.tiers.items())
        self.summary.setText(translate(
            "insights.customers",
            "{n} customers · repeat rate {r}% · {f} orders per customer per year · tiers: {t}")
            .format(n=found.customers, r=found.repeat_rate if found.repeat_rate is not None
                    else "–", f=found.frequency, t=tiers))
        formula = (translate("insights.customers", FORMULA) if found.formula == FORMULA
                   else found.formula)
        self.formula.setText(translate("insights.customers",
                                       "CLV: {formula}; expected lifespan {y} years. Tiers by "
                                       "recency and orders: champion, loyal, new, at risk, "
                                       "lost.").format(formula=formula,
                                                       y=found.lifespan_years))
        self.top.set_rows(found.top)
        self.cohorts.set_rows(found.cohorts)
        self.loaded.emit()

    def on_failed(self, exc: BaseException) -> None:
        self.summary.setText(str(exc))

    def wait(self) -> None:
        self._runner.wait(5000)
