"""The summary caught up in short transactions: stopped after some steps it is consistent
(readers exact), and a later catch-up carries on to the end."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.models.people import AuditEvent
from app.services.insights import catching_up, customer_summary, profit, summary
from app.services.insights.profit import ProfitFilter


def _exact(backend) -> None:
    flt = ProfitFilter()
    assert backend.read(profit.daily_profits, flt) == backend.read(profit.raw_daily_profits,
                                                                   flt)


def test_a_catch_up_stopped_after_some_steps_is_consistent_and_carries_on(demo_backend):
    seen: list[tuple[int, int]] = []
    events = demo_backend.read(lambda s: s.scalar(select(func.count()).select_from(AuditEvent)))
    stopped = catching_up.catch_up_in_steps(
        demo_backend, progress=lambda done, total: seen.append((done, total)),
        cancelled=lambda: len(seen) >= 3, step_seconds=0, pause_seconds=0)
    assert (stopped.finished, stopped.steps) == (False, 3)
    assert stopped.days_left > 0 and stopped.days_done == seen[-1][0] > 0
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert demo_backend.read(summary.pending)        # the rest still marked
    _exact(demo_backend)
    done = catching_up.catch_up_in_steps(demo_backend, step_seconds=0, pause_seconds=0)
    assert done.finished and done.days_left == 0 and done.steps > 1
    assert demo_backend.read(summary.pending) == []
    # The customers the days' facts marked are redone after them, in steps too.
    assert done.customers_done > 0
    assert demo_backend.read(customer_summary.marked_customers) == 0
    _exact(demo_backend)
    # Derived data: the steps leave no audit events.
    assert demo_backend.read(
        lambda s: s.scalar(select(func.count()).select_from(AuditEvent))) == events


def test_a_rebuild_in_steps_equals_the_orders(demo_backend):
    catching_up.catch_up_in_steps(demo_backend, pause_seconds=0)
    stopped = catching_up.catch_up_in_steps(demo_backend, rebuild=True, step_seconds=0,
                                            pause_seconds=0, cancelled=lambda: True)
    assert stopped.days_left > 0 and stopped.steps == 0
    _exact(demo_backend)
    assert catching_up.catch_up_in_steps(demo_backend, pause_seconds=0).finished
    _exact(demo_backend)


def test_the_cli_catches_up_in_steps_with_progress_on_stderr(demo_backend, db_url, capsys):
    from app.cli import main

    assert demo_backend.read(summary.marked_days) > 1
    assert main(["--db", db_url, "insights", "summary", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["runs"] >= 1           # stdout stays the JSON alone
    last = out.err.strip().splitlines()[-1].split("\r")[-1]
    assert last.startswith("Updating the insights summary: ")
    done, total = last.split(": ")[1].removesuffix(" store-days").split("/")
    assert done == total and int(total) > 1
    assert demo_backend.read(summary.pending) == []
    _exact(demo_backend)


def test_the_tab_catches_up_in_a_worker_with_progress_and_cancel(qtbot, demo_backend):
    from app.ui.insights.tab import InsightsTab
    from tests.conftest import DEMO_DAY

    assert demo_backend.read(summary.pending)
    tab = InsightsTab(demo_backend, today=DEMO_DAY)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=30000):
        tab.show()
        tab.cancel_update()           # stopped at once (or after the steps already done)
    _exact(demo_backend)              # exact either way: marked days come from the orders
    tab.on_progress(2, 5)             # what a long first build shows while it runs
    assert tab.progress.isVisible() and tab.cancel.isVisible()
    assert (tab.progress.value(), tab.progress.maximum()) == (2, 5)
    tab.cancel.click()
    assert tab._token is not None and tab._token.cancelled
    assert not tab.progress.isVisible() and not tab.cancel.isVisible()
    with qtbot.waitSignal(tab.loaded, timeout=30000):
        tab.refresh()                 # the next refresh carries on to the end
    tab._runner.wait(5000)
    tab.customers.wait()
    assert demo_backend.read(summary.pending) == []
    _exact(demo_backend)
