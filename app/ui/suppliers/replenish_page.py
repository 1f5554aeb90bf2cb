"""The Suppliers tab's Replenishment page: what to order now and by which mode, most urgent
first, coloured by need (`replenish_model`); the selected product's sales and forecast as a
chart (`demand_chart`); "why" in figures (`replenish_words`); ticked lines into draft POs.

Keys: Space ticks the current line, Ctrl+A ticks every line to order now, Ctrl+Enter
(or Ctrl+Return) makes the draft POs, F5 plans again. The plan runs on the worker thread.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.replenishment import daily, destinations, drafts, plan, why
from app.services.replenishment.plan import Plan
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import translate
from app.ui.common.qt_helpers import add_shortcut
from app.ui.common.workers import JobRunner
from app.ui.suppliers.demand_chart import DemandChart
from app.ui.suppliers.replenish_model import NEED_COLOURS, PlanModel
from app.ui.suppliers.replenish_words import money_text, need_words, why_text

__all__ = ["NEED_COLOURS", "ReplenishPage"]

Index = QModelIndex | QPersistentModelIndex
_CONTEXT = Qt.ShortcutContext.WidgetWithChildrenShortcut
_CAP = 100


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
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Thirteen columns beside the chart at 1280 pixels: none grows past _CAP by itself
        # (a long need or suggestion is cut with "…", whole on hover) so all stay in sight.
        fit_columns(self.table, "suppliers/replenish", cap=_CAP)
        self.chart = DemandChart()
        self.why = QPlainTextEdit()
        self.why.setReadOnly(True)
        self.why.setAccessibleName(translate("suppliers.replenish_page", "Why"))
        self.why.setPlaceholderText(
            translate("suppliers.replenish_page", "Why: the figures behind the selected line.")
        )
        # Named as the rest of the app names it, in every language (Qt's own name of the
        # Return key would be "Ctrl+Return").
        self.create_button = QPushButton(
            translate("suppliers.replenish_page", "Create draft POs ({keys})").format(
                keys=QKeySequence("Ctrl+Enter").toString(
                    QKeySequence.SequenceFormat.PortableText)
            )
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
        # The table takes most of a 1280-pixel window, the chart and "why" the rest; a
        # wider window shares the extra 3:2.
        split.setSizes([880, 360])
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
                cost=money_text(t["cost"], c),
                currency=c,
                extra=money_text(t["extra"], c),
                saving=money_text(t["saving"], c),
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
