"""The audit trail: one event per write job, append-only in the database, filtered, paged."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.models import AuditEvent
from app.money import Money
from app.services.core import audit
from app.services.core.backend import Actor, Backend
from app.services.core.errors import BackroomError
from app.services.people import accounts, trail
from app.services.stock import catalog, ledger, moves


def _product(session, sku: str) -> int:
    return catalog.save_product(session, catalog.ProductInput(
        sku, f"Product {sku}", Money(900, "EUR"), Money(300, "EUR"), bin="A-01"),
        actor=Actor("owner", "office"))


@pytest.fixture
def backend(db) -> Backend:
    return Backend(db.sessions, actor=Actor("owner", "office"))


def _events(backend):
    return backend.read(trail.audit_page, trail.AuditFilter(), limit=500)


def test_a_write_job_without_its_own_event_gets_one(backend):
    backend.run(_product, "MUG-1")
    backend.run(ledger.get_or_create_bin, "B-02")   # no event of its own
    newest = _events(backend)[0]
    assert (newest.user, newest.station, newest.action) == ("owner", "office",
                                                            "get or create bin")
    assert "B-02" in newest.details


def test_a_job_that_records_its_own_events_gets_no_second_and_reads_get_none(backend):
    backend.run(_product, "MUG-1")
    before = len(_events(backend))
    backend.run(accounts.add_user, "pat", "packer", "1234", actor=backend.actor)
    events = _events(backend)
    assert len(events) == before + 1 and events[0].action == "user added"
    assert "1234" not in events[0].details          # never the secret
    backend.run(catalog.count_products)            # a write job that wrote nothing
    backend.read(catalog.count_products)
    assert len(_events(backend)) == before + 1


def test_the_key_arguments_name_the_sku_and_units(backend):
    backend.run(_product, "MUG-1")
    backend.run(ledger.get_or_create_bin, "A-02")
    backend.run(moves.adjust, "A-01", "MUG-1", 5, "found", actor=Actor("owner", "office"))
    backend.run(moves.transfer, "A-01", [("MUG-1", 2)], "A-02", actor=Actor("owner", "o"))
    rows = backend.read(trail.audit_page, trail.AuditFilter(sku="MUG-1"))
    assert {r.action for r in rows} >= {"adjusted", "moved"}


def test_the_database_refuses_to_edit_or_delete_an_event(backend, db):
    backend.run(_product, "MUG-1")
    for sql in ("UPDATE audit_events SET \"user\" = 'someone else'",
                "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="never edited or deleted"), db.engine.begin() as c:
            c.execute(text(sql))
    with pytest.raises(BackroomError):
        backend.run(lambda s: s.execute(text("DELETE FROM audit_events")))
    assert len(_events(backend)) >= 1


def test_filters_and_keyset_pages(backend):
    def job(session):
        for i in range(30):
            audit.record(session, Actor("pat" if i % 3 else "sue", f"st-{i % 2}"), "order",
                         i, "packed" if i % 2 else "scan_refused", order=f"#{1000 + i}",
                         sku=f"SKU-{i % 5}")

    backend.run(job)
    everything = trail.AuditFilter()
    seen, before = [], None
    while True:
        page = backend.read(trail.audit_page, everything, before_id=before, limit=7)
        seen += page
        if len(page) < 7:
            break
        before = page[-1].id
    ids = [r.id for r in seen]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 30
    only = backend.read(trail.audit_page, trail.AuditFilter(user="sue", station="st-0"))
    assert only and all(r.user == "sue" and r.station == "st-0" for r in only)
    assert {r.order_number for r in backend.read(trail.audit_page,
                                                 trail.AuditFilter(order="#1007"))} == {"#1007"}
    assert all(r.action == "packed" for r in backend.read(
        trail.audit_page, trail.AuditFilter(kind="packed")))
    assert len(backend.read(trail.audit_page, trail.AuditFilter(sku="SKU-1"))) == 6
    later = datetime.now(UTC) + timedelta(days=1)
    assert backend.read(trail.audit_page, trail.AuditFilter(since=later)) == []


def test_csv_export_is_safe_from_formulas(backend, tmp_path):
    backend.run(lambda s: audit.record(s, Actor("=HYPERLINK(\"x\")", "@st"), "order", 1,
                                       "packed", note="+cmd"))
    path = tmp_path / "audit.csv"
    assert backend.read(trail.export_csv, trail.AuditFilter(), path) == 1
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["id", "when (UTC)", "user"]
    assert rows[1][2].startswith("'=") and rows[1][3] == "'@st"


def test_a_packer_may_not_read_the_trail(backend):
    backend.run(accounts.add_user, "owner", "owner", "", actor=backend.actor)
    backend.run(accounts.add_user, "pat", "packer", "", actor=backend.actor)
    backend.actor = Actor("pat", "pack-1")
    with pytest.raises(BackroomError, match="may not see the audit trail"):
        backend.read(trail.audit_page, trail.AuditFilter())


def test_the_model_names_every_new_column():
    assert {"sku", "order_number"} <= set(AuditEvent.__table__.columns.keys())
