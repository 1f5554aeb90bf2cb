"""Reading the audit trail: who did what, where and when, filtered and paged; CSV export.

The table grows with every change, so pages are keyset pages (newest first, `id < last id
seen`, LIMIT n) over the (user, id), (station, id), (action, id), (sku, id) and
(order_number, id) indexes; nothing counts or offsets the whole table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from app.models import AuditEvent, Order, Product, User
from app.services.core.csv_out import SafeWriter
from app.services.core.errors import InvalidInput
from app.services.core.permissions import requires

PAGE = 200
CSV_HEADER = ("id", "when (UTC)", "user", "station", "kind", "id of it", "what", "sku",
              "order", "details")


@dataclass(frozen=True)
class AuditFilter:
    """Empty fields do not filter. `kind` matches what happened or what it happened to."""

    user: str = ""
    station: str = ""
    kind: str = ""
    order: str = ""
    sku: str = ""
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    station: str
    entity: str
    entity_id: int
    action: str
    sku: str
    order_number: str
    details: str

    def details_text(self) -> str:
        """The details as "key: value, ..." for a table cell."""
        if not self.details:
            return ""
        try:
            data = json.loads(self.details)
        except ValueError:
            return self.details
        if not isinstance(data, dict):
            return str(data)
        return ", ".join(f"{k}: {v}" for k, v in data.items())


def _conditions(session: Session, flt: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.user.strip():
        where.append(AuditEvent.user == flt.user.strip())
    if flt.station.strip():
        where.append(AuditEvent.station == flt.station.strip())
    if flt.kind.strip():
        kind = flt.kind.strip()
        where.append(or_(AuditEvent.action == kind, AuditEvent.entity == kind))
    if flt.order.strip():
        number = flt.order.strip()
        ids = list(session.scalars(select(Order.id).where(
            Order.number.in_({number, number.lstrip("#"), "#" + number.lstrip("#")}))))
        match: ColumnElement[bool] = AuditEvent.order_number.in_({number, number.lstrip("#")})
        where.append(or_(match, and_(AuditEvent.entity == "order",
                                     AuditEvent.entity_id.in_(ids))) if ids else match)
    if flt.sku.strip():
        sku = flt.sku.strip()
        pid = session.scalar(select(Product.id).where(Product.sku == sku))
        match = AuditEvent.sku == sku
        where.append(or_(match, and_(AuditEvent.entity == "product",
                                     AuditEvent.entity_id == pid)) if pid else match)
    if flt.since is not None:
        where.append(AuditEvent.at >= flt.since)
    if flt.until is not None:
        where.append(AuditEvent.at < flt.until)
    return where


_COLUMNS = (AuditEvent.id, AuditEvent.at, AuditEvent.user, AuditEvent.station,
            AuditEvent.entity, AuditEvent.entity_id, AuditEvent.action, AuditEvent.sku,
            AuditEvent.order_number, AuditEvent.details)


def _query(session: Session, flt: AuditFilter, before_id: int | None, limit: int
           ) -> Select[int, datetime, str, str, str, int, str, str, str, str]:
    query = select(*_COLUMNS).where(*_conditions(session, flt))
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return query.order_by(AuditEvent.id.desc()).limit(limit)


def _rows(session: Session, query: Select[int, datetime, str, str, str, int, str, str, str, str]
          ) -> list[AuditRow]:
    return [AuditRow(i, at, u, st, e, eid, a, sku, o, d)
            for i, at, u, st, e, eid, a, sku, o, d in session.execute(query)]


@requires("view_audit")
def audit_page(session: Session, flt: AuditFilter = AuditFilter(), *,
               before_id: int | None = None, limit: int = PAGE) -> list[AuditRow]:
    """The newest events matching `flt` older than `before_id` (the last row of the page
    before), newest first, at most `limit`."""
    if not 1 <= limit <= 5000:
        raise InvalidInput("A page holds 1 to 5000 events.")
    return _rows(session, _query(session, flt, before_id, limit))


def iter_events(session: Session, flt: AuditFilter, *, page: int = 1000
                ) -> Iterator[AuditRow]:
    """Every event matching `flt`, newest first, a keyset page at a time."""
    before: int | None = None
    while True:
        rows = _rows(session, _query(session, flt, before, page))
        yield from rows
        if len(rows) < page:
            return
        before = rows[-1].id


def csv_row(row: AuditRow) -> tuple[object, ...]:
    return (row.id, row.at.strftime("%Y-%m-%d %H:%M:%S"), row.user, row.station, row.entity,
            row.entity_id, row.action, row.sku, row.order_number, row.details_text())


@requires("view_audit")
def export_csv(session: Session, flt: AuditFilter, path: Path) -> int:
    """Write the events matching `flt` to a CSV file (cells safe from formula injection);
    the number of events written."""
    written = 0
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = SafeWriter(out)
        writer.writerow(CSV_HEADER)
        for row in iter_events(session, flt):
            writer.writerow(csv_row(row))
            written += 1
    return written


@dataclass(frozen=True)
class FilterChoices:
    users: tuple[str, ...]
    stations: tuple[str, ...]
    kinds: tuple[str, ...]


def filter_choices(session: Session, *, most: int = 200) -> FilterChoices:
    """Names to offer in the Audit screen's filters (users, stations, what happened)."""
    users = set(session.scalars(select(User.name)))
    stations = session.scalars(select(AuditEvent.station).distinct()
                               .order_by(AuditEvent.station).limit(most))
    kinds = session.scalars(select(AuditEvent.action).distinct()
                            .order_by(AuditEvent.action).limit(most))
    return FilterChoices(tuple(sorted(users)), tuple(s for s in stations if s),
                         tuple(k for k in kinds if k))
