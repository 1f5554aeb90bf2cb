"""Writing an import's new orders, lines and audit events: plain tuples, one statement per
batch.

On SQLite every INSERT that fires a trigger opens a statement journal, and the orders and
order_lines tables have several (the name search, insights and daily-sales dirty marks):
with one statement per row (executemany) that overhead cost three times the insert itself,
and it grew with every feature that added a trigger. So a batch is first written to a
temporary table of the connection (no triggers, no indexes, no WAL), then moved with one
INSERT ... SELECT: the triggers still fire for every row, exactly as for any other writer,
only the per-statement work is paid once per batch. PostgreSQL takes the rows through
core.bulk as before.

Values are built as tuples in the tables' column order, with the fixed values (the import's
time, its actor) converted once per import instead of once per row.
"""

from __future__ import annotations

from collections.abc import Sequence
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

ORDER_COLUMNS = (
    "store_id", "external_id", "number", "placed_at", "status", "financial_status",
    "customer_id", "currency", "subtotal_minor", "shipping_minor", "tax_minor",
    "discount_minor", "total_minor", "bill_name", "ship_name", "ship_company", "ship_street1",
    "ship_street2", "ship_city", "ship_state", "ship_postcode", "ship_country", "ship_phone",
    "shipping_method", "notes", "priority", "fulfilled_by_channel", "imported_at")
LINE_COLUMNS = ("order_id", "product_id", "channel_sku", "title", "quantity",
                "unit_price_minor", "line_total_minor", "listing_id", "variation")
AUDIT_COLUMNS = ("at", "user", "station", "entity", "entity_id", "action", "details", "sku",
                 "order_number")


def initial_status(rec: OrderRecord) -> str:
    if rec.cancelled or (rec.refunded and not rec.fulfilled):
        return "cancelled"
    return "shipped" if rec.fulfilled else "new"


class RowWriter:
    """Inserts an import's rows on one connection (the session's, in its transaction).

    `when` turns an aware datetime into what the driver is given for a UTCDateTime column:
    SQLite's fixed-width text, or the naive UTC datetime PostgreSQL's driver takes.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Staging needs the write lock: the new orders' ids are written up front, as
        # insert_with_ids does (nobody else can insert meanwhile).
        self.staged = conn.dialect.name == "sqlite" and holds_write_lock(conn)
        self.sqlite = conn.dialect.name == "sqlite"
        self._stages: set[str] = set()

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
        ids = next_ids(self.conn, Order, len(rows))
        self._stage("orders", ("id", *ORDER_COLUMNS),
                    [(i, *r) for i, r in zip(ids, rows, strict=True)])
        return ids

    def lines(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.staged:
            self._stage("order_lines", LINE_COLUMNS, rows)
        else:
            bulk_insert(self.conn, OrderLine, _dicts(LINE_COLUMNS, rows, ()))

    def audit(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """AUDIT_COLUMNS tuples (`at` through `when`). The audit table has no insert
        triggers, so one executemany is already as quick as it gets."""
        insert_rows(self.conn, AuditEvent, AUDIT_COLUMNS, rows)

    def close(self) -> None:
        """Drop the staging tables (they are the connection's, which the pool keeps)."""
        for stage in self._stages:
            self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{stage}")
        self._stages.clear()

    def _stage(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
               ) -> None:
        stage = f"import_stage_{table}"
        names = ", ".join(columns)
        if stage not in self._stages:
            # Untyped columns: the values keep what they were bound as until the INSERT
            # ... SELECT gives them the real columns' affinity.
            self.conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {stage} ({names})")
            self.conn.exec_driver_sql(f"DELETE FROM temp.{stage}")
            self._stages.add(stage)
        marks = ", ".join("?" * len(columns))
        self.conn.exec_driver_sql(f"INSERT INTO temp.{stage} VALUES ({marks})", list(rows))
        # In the batch's order: lines get their ids in the order of the file.
        self.conn.exec_driver_sql(f"INSERT INTO main.{table} ({names}) SELECT {names} "
                                  f"FROM temp.{stage} ORDER BY rowid")
        self.conn.exec_driver_sql(f"DELETE FROM temp.{stage}")


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
