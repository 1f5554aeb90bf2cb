"""Writing an import's new orders, lines and audit events: plain tuples, one statement per
batch.

On SQLite every INSERT that fires a trigger opens a statement journal, and the orders and
order_lines tables have several (the name search, insights and daily-sales dirty marks):
with one statement per row (executemany) that overhead cost three times the insert itself,
and it grew with every feature that added a trigger. So the import's rows are first written
to temporary tables of the connection (no triggers, no WAL), with the ids they will have,
and each batch is moved into the store with one INSERT ... SELECT: the triggers still fire
for every row, exactly as for any other writer, only the per-statement work is paid once
per batch.

A new waiting order moves with the status its reservation will most likely give it (see
import_reserve.Guess), so the 17 indexes of orders are written once per order, and while
the next batch is still being parsed: moving everything after the whole file had been
read left a million-order store's index upkeep (5-7 s) for the user to wait through. The
staged rows stay until the end, where the exact reservation reads them and `correct`
changes the few guesses it disproves. PostgreSQL takes the rows through core.bulk as they
come.

Values are built as tuples in the tables' column order, with the fixed values (the import's
time, its actor) converted once per import instead of once per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from app.models import AuditEvent, Order, OrderLine
from app.services.core.bulk import (
    bulk_insert,
    holds_write_lock,
    insert_rows,
    insert_with_ids,
    next_ids,
    stored_datetime,
)
from app.services.importers.order_records import OrderRecord
from app.services.orders.reservations import WAITING

ORDER_COLUMNS = (
    "store_id", "external_id", "number", "placed_at", "status", "financial_status",
    "customer_id", "currency", "subtotal_minor", "shipping_minor", "tax_minor",
    "discount_minor", "total_minor", "bill_name", "ship_name", "ship_company", "ship_street1",
    "ship_street2", "ship_city", "ship_state", "ship_postcode", "ship_country", "ship_phone",
    "shipping_method", "notes", "priority", "fulfilled_by_channel", "imported_at")
LINE_COLUMNS = ("order_id", "product_id", "channel_sku", "title", "quantity",
                "unit_price_minor", "line_total_minor", "listing_id", "variation")
_STAGED = (("orders", ORDER_COLUMNS), ("order_lines", LINE_COLUMNS))
AUDIT_COLUMNS = ("at", "user", "station", "entity", "entity_id", "action", "details", "sku",
                 "order_number")


def initial_status(rec: OrderRecord) -> str:
    if rec.cancelled or (rec.refunded and not rec.fulfilled):
        return "cancelled"
    return "shipped" if rec.fulfilled else "new"


# The staged waiting orders' lines, in turn (see RowWriter.waiting); `status` is the one
# the file gave (new), whatever was guessed.
WAITING_SQL = (
    "SELECT o.id, o.status, l.id, l.product_id, l.quantity, 0, o.priority, o.placed_at "
    "FROM temp.import_stage_orders o "
    "LEFT JOIN temp.import_stage_order_lines l ON l.order_id = o.id "
    f"WHERE o.status IN ({', '.join(repr(s) for s in WAITING)}) "
    "AND NOT o.fulfilled_by_channel AND o.id >= ? "
    "ORDER BY o.priority DESC, o.placed_at, o.id, l.id")


class RowWriter:
    """Inserts an import's rows on one connection (the session's, in its transaction).

    `when` turns an aware datetime into what the driver is given for a UTCDateTime column:
    SQLite's fixed-width text, or the naive UTC datetime PostgreSQL's driver takes.
    `staged`: the new orders and lines are written to temporary tables, and into the store
    by `move`; `drop` ends the staging.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Staging needs the write lock: the rows' ids are decided up front, as
        # insert_with_ids does (nobody else can insert meanwhile).
        self.staged = conn.dialect.name == "sqlite" and holds_write_lock(conn)
        self.sqlite = conn.dialect.name == "sqlite"
        self._next: dict[str, int] = {}   # table -> the next id to give out
        self._moved: dict[str, int] = {}  # table -> the first id not moved into the store
        self.first_order: int | None = None   # the first id given to a staged order
        self._created = False

    def when(self, value: datetime) -> Any:
        return stored_datetime(value, self.sqlite)

    def order_values(self, rec: OrderRecord, store_id: int, customer_id: int | None,
                     imported_at: Any) -> tuple[Any, ...]:
        """The ORDER_COLUMNS of a new order; `imported_at` already through `when`."""
        return (
            store_id, rec.external_id[:64], rec.number[:64], self.when(rec.placed_at),
            initial_status(rec), rec.financial_status[:24] or None, customer_id,
            rec.currency, rec.subtotal_minor, rec.shipping_minor, rec.tax_minor,
            rec.discount_minor, rec.total_minor,
            (rec.bill_name or rec.customer_name or rec.ship_name).strip()[:200],
            rec.ship_name[:200], rec.ship_company[:200], rec.ship_street1[:200],
            rec.ship_street2[:200], rec.ship_city[:120], rec.ship_state[:120],
            rec.ship_postcode[:20],
            # A country the importer could not turn into a code stays readable elsewhere.
            rec.ship_country if len(rec.ship_country) == 2 else "",
            rec.ship_phone[:40], rec.shipping_method[:120], rec.notes, 0,
            rec.fulfilled_by_channel, imported_at)

    def orders(self, rows: Sequence[tuple[Any, ...]]) -> list[int]:
        """Insert ORDER_COLUMNS tuples; their new ids, in order."""
        if not rows:
            return []
        if not self.staged:
            return insert_with_ids(self.conn, Order, _dicts(ORDER_COLUMNS, rows,
                                                            ("placed_at", "imported_at")))
        ids = self._ids(Order, len(rows))
        self._stage("orders", ORDER_COLUMNS, [(i, *r) for i, r in zip(ids, rows, strict=True)])
        if self.first_order is None:
            self.first_order = ids[0]
        return ids

    def lines(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert LINE_COLUMNS tuples."""
        if not rows:
            return
        if not self.staged:
            bulk_insert(self.conn, OrderLine, _dicts(LINE_COLUMNS, rows, ()))
            return
        ids = self._ids(OrderLine, len(rows))
        self._stage("order_lines", LINE_COLUMNS,
                    [(i, *r) for i, r in zip(ids, rows, strict=True)])

    def audit(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """AUDIT_COLUMNS tuples (`at` through `when`). The audit table has no insert
        triggers, so one executemany is already as quick as it gets."""
        insert_rows(self.conn, AuditEvent, AUDIT_COLUMNS, rows)

    # -- the staged rows ------------------------------------------------------------------
    def waiting(self, since: int = 0) -> Iterator[tuple[Any, ...]]:
        """The staged waiting orders' lines (from order id `since` on) as
        reservations.waiting_lines gives the store's (an order without lines once, with line
        None; nothing held yet), in the same order. placed_at is the stored text, which sorts
        as the time does."""
        if not self._created:
            return iter(())
        return iter(self.conn.exec_driver_sql(WAITING_SQL, (since,)))

    def guess(self, ids: Sequence[int], status: str) -> None:
        """The status staged orders not moved yet go into the store with."""
        if ids:
            self.conn.exec_driver_sql(
                "UPDATE temp.import_stage_orders SET guess = ? "
                "WHERE id IN (SELECT value FROM json_each(?))", (status, json.dumps(ids)))

    def move(self) -> None:
        """Move the staged rows not moved yet into the store (orders first: lines point at
        them), in the order they came, an order with its guessed status if it has one."""
        if not self._created:
            return
        for table, columns in _STAGED:
            first = self._moved.get(table, 0)
            if first == self._next.get(table, first):
                continue   # nothing staged since
            names = ", ".join(("id", *columns))
            taken = ", ".join("coalesce(guess, status)" if table == "orders" and c == "status"
                              else c for c in ("id", *columns))
            self.conn.exec_driver_sql(f"INSERT INTO main.{table} ({names}) SELECT {taken} "
                                      f"FROM temp.import_stage_{table} WHERE id >= ? "
                                      "ORDER BY id", (first,))
            self._moved[table] = self._next.get(table, first)

    def correct(self, final: dict[int, str]) -> None:
        """Give the moved orders whose guess `final` (id -> status) disproves their final
        status."""
        if not final or not self._created:
            return
        guessed: dict[int, str] = dict(self.conn.exec_driver_sql(
            "SELECT id, coalesce(guess, status) FROM temp.import_stage_orders "
            "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(final)),)).all())
        wrong = [(oid, status) for oid, status in final.items() if guessed.get(oid) != status]
        for status in {s for _oid, s in wrong}:
            self.conn.exec_driver_sql(
                "UPDATE main.orders SET status = ? WHERE id IN (SELECT value FROM json_each(?))",
                (status, json.dumps([oid for oid, s in wrong if s == status])))

    def drop(self) -> None:
        """End the staging, every row moved (the pool keeps the connection, and with it the
        connection's temporary tables)."""
        if not self._created:
            return
        for table, _columns in _STAGED:
            self.conn.exec_driver_sql(f"DROP TABLE temp.import_stage_{table}")
        self._next.clear()
        self._moved.clear()
        self.first_order = None
        self._created = False

    def _ids(self, model: type[Order] | type[OrderLine], count: int) -> list[int]:
        """The next `count` ids of a staged table: after the store's, then after the last
        given out (the rows are not in the store yet, so its max cannot tell)."""
        table = model.__tablename__
        first = self._next.get(table) or next_ids(self.conn, model, 1)[0]
        self._next[table] = first + count
        return list(range(first, first + count))

    def _stage(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
               ) -> None:
        if not self._created:
            for name, names in _STAGED:
                # Untyped columns: the values keep what they were bound as until the
                # INSERT ... SELECT gives them the real columns' affinity. A table left
                # by an import that failed after its transaction ended goes first.
                self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.import_stage_{name}")
                # order_id is typed: an index on an untyped column cannot be searched with
                # an integer (it was read whole for every order, quadratic).
                typed = ", ".join(n + (" INTEGER" if n == "order_id" else "") for n in names)
                extra = ", guess" if name == "orders" else ""
                self.conn.exec_driver_sql(f"CREATE TEMP TABLE import_stage_{name} "
                                          f"(id INTEGER PRIMARY KEY, {typed}{extra})")
            # Reserving reads each order's lines through it (a join without it read every
            # line per order).
            self.conn.exec_driver_sql("CREATE INDEX temp.import_stage_line_order "
                                      "ON import_stage_order_lines (order_id)")
            self._created = True
        marks = ", ".join("?" * (len(columns) + 1))
        given = ", ".join(("id", *columns))
        self.conn.exec_driver_sql(f"INSERT INTO temp.import_stage_{table} ({given}) "
                                  f"VALUES ({marks})", list(rows))


def _dicts(columns: Sequence[str], rows: Sequence[tuple[Any, ...]], dates: Sequence[str]
           ) -> list[dict[str, Any]]:
    """Rows as core.bulk takes them, dates back to aware datetimes (it converts them)."""
    out = [dict(zip(columns, r, strict=True)) for r in rows]
    for name in dates:
        for d in out:
            value = d[name]
            d[name] = (datetime.fromisoformat(value) if isinstance(value, str) else value
                       ).replace(tzinfo=UTC)
    return out
