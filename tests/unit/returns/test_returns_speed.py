"""What keeps the returns station and the Returns list fast at 1M orders (issue 14): every
statement of the scan path and of the list is an index seek (EXPLAIN QUERY PLAN), the scan
path runs a fixed number of statements, the search finds each way through its own index
(and the broad walk finds the same), and a stale list read can be stopped mid-statement."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from app.models import Customer, Order
from app.services.core.errors import Cancelled
from app.services.returns import opening, reads, receiving
from app.services.returns.station import read_code
from tests.packing_world import MUG_EAN
from tests.unit.returns.world import PACKER, shipped_world


class Statements:
    """The SQL statements (with their parameters) a block of code runs on the session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[tuple[str, object]] = []
        self.engine = session.get_bind()

    def _seen(self, _conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany and not statement.lstrip().upper().startswith(
                ("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
            self.seen.append((statement, parameters))

    def __enter__(self) -> Statements:
        self.session.flush()   # what came before is not this block's
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def plans(self) -> list[tuple[str, list[str]]]:
        """(statement, its plan lines) for each read or write that has a plan."""
        out = []
        conn = self.session.connection()
        for statement, params in self.seen:
            if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "WITH", "DELETE")):
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                            tuple(params)).all()
                out.append((statement, [row[3] for row in rows]))
        return out


# A plan line that reads a whole table or index is refused, except: the list walking its
# date index newest first (it stops at a page), a search's page of at most 200 returns
# (chosen by its subquery), one constant row, the orders' name index (a full-text index,
# searched by the MATCH), and the store's few people (the permission check,
# app/services/core/permissions.py).
ALLOWED_SCANS = ("SCAN CONSTANT ROW", "SCAN returns USING INDEX ix_returns_created_id",
                 "SCAN anon_", "SCAN orders_name_search VIRTUAL TABLE", "SCAN users")


def _scans(plans: list[tuple[str, list[str]]]) -> list[str]:
    return [f"{line}  <-  {' '.join(statement.split())[:160]}" for statement, lines in plans
            for line in lines
            if line.startswith("SCAN") and not line.startswith(ALLOWED_SCANS)]


@pytest.fixture
def sqlite_only(session):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    return session


def test_the_scan_path_is_index_seeks_in_few_statements(sqlite_only):
    session = sqlite_only
    shipped_world(session)
    with Statements(session) as by_number:
        meaning = read_code(session, "#1001")
    assert meaning.order_id is not None
    with Statements(session) as lines:
        view = opening.returnable_order(session, meaning.order_id)
    with Statements(session) as opened:
        done = opening.create_return(session, PACKER, view.order_id, [("MUG-RED", 1)],
                                     "damaged", tracking="RT-777")
    with Statements(session) as by_return:
        assert read_code(session, done.number).return_id == done.id
    with Statements(session) as by_tracking:
        assert read_code(session, "RT-777").return_id == done.id
    with Statements(session) as item:
        scanned = read_code(session, MUG_EAN)
    with Statements(session) as received:
        receiving.receive_scan(session, PACKER, done.id, MUG_EAN, condition="opened",
                               disposition="quarantine", products=scanned.product_ids)
    # The statements each step runs (bench/bench_returns.py times the same steps at 1M
    # orders); more would be a lookup repeated or a read per line.
    for step in (by_number, lines, opened, by_return, by_tracking, item, received):
        assert len(step.seen) <= {by_number: 5, lines: 5, opened: 10, by_return: 1,
                                  by_tracking: 1, item: 4, received: 17}[step]
        assert _scans(step.plans()) == []


def _many_returns(session: Session) -> list[int]:
    """Three returns of #1001 and its namesakes, one with a return tracking number."""
    w = shipped_world(session)
    ids = [opening.create_return(session, PACKER, "#1001", [("MUG-RED", 1)], "damaged",
                                 tracking="RT123").id,
           opening.create_return(session, PACKER, "#1001", [("TEA-50", 1)], "other").id]
    customer = Customer(name="Ada Lovelace", email="ada@example.com")
    session.add(customer)
    session.flush()
    order = session.get(Order, w.order1)
    order.customer_id = customer.id
    order.bill_name = "Ada King"
    session.flush()
    return ids


@pytest.mark.parametrize("filters", [
    reads.ReturnFilter(), reads.ReturnFilter(status="open"),
    reads.ReturnFilter(store_id=1), reads.ReturnFilter(store_id=1, status="open"),
    reads.ReturnFilter(text="#1001"), reads.ReturnFilter(text="MUG-RED"),
    reads.ReturnFilter(text=MUG_EAN), reads.ReturnFilter(text="RT123"),
    reads.ReturnFilter(text="R000001"), reads.ReturnFilter(text="lovelace"),
    reads.ReturnFilter(text="Ad"), reads.ReturnFilter(text="ada@example.com"),
], ids=repr)
def test_every_list_read_seeks_and_the_default_orders_need_no_sort(sqlite_only, filters):
    session = sqlite_only
    _many_returns(session)
    with Statements(session) as seen:
        reads.list_returns(session, filters, limit=200)
    plans = seen.plans()
    assert _scans(plans) == [] or filters.text == "Ad", _scans(plans)
    if not filters.text:  # one statement, walking an index in the list's order
        assert len(plans) == 1
        assert not any("TEMP B-TREE" in line for line in plans[0][1]), plans[0][1]


@pytest.mark.parametrize("search,found", [
    ("#1001", 2), ("1001", 2), ("MUG-RED", 1), (MUG_EAN, 1), ("TEA-50", 1), ("RT123", 1),
    ("R000001", 1), ("r000002", 1),
    # the order's own names, any part, any case; its customer's email
    ("Ada", 2), ("lovelace", 2), ("King", 2), ("ada@example.com", 2),
    ("nobody", 0), ("PEN-1", 0), ("#9999", 0)])
def test_the_search_finds_each_way_and_the_broad_walk_finds_the_same(session, monkeypatch,
                                                                      search, found):
    _many_returns(session)
    narrow = [r.id for r in reads.list_returns(session, reads.ReturnFilter(text=search))]
    assert len(narrow) == found, search
    # More matches than the cap: the list walks the returns newest first instead.
    monkeypatch.setattr(reads, "SEARCH_CAP", 0)
    broad = [r.id for r in reads.list_returns(session, reads.ReturnFilter(text=search))]
    assert broad == narrow


def _long_statement(session: Session) -> str:
    if session.get_bind().dialect.name == "sqlite":
        return ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                "WHERE x < 2000000000) SELECT count(*) FROM c")
    return "SELECT pg_sleep(600)"


def test_a_stale_list_read_is_stopped_inside_its_statement(db):
    stop = reads.ListStop()
    outcome: list[BaseException | None] = []

    def read() -> None:
        with db.sessions() as session, session.begin():
            try:
                with stop.watching(session):
                    session.execute(text(_long_statement(session))).all()
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcome.append(exc)
            else:
                outcome.append(None)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    running = threading.Event()
    while not running.wait(0.01):   # until the statement is under way
        with stop._lock:
            if stop._running is not None:
                running.set()
    stop.stop()
    worker.join(60)
    assert not worker.is_alive(), "the statement ran on after stop()"
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)


def test_a_stopped_list_read_runs_nothing(session):
    stop = reads.ListStop()
    stop.stop()
    with Statements(session) as seen, pytest.raises(Cancelled):
        reads.list_returns(session, reads.ReturnFilter(text="#1001"), stop=stop)
    assert seen.seen == []
