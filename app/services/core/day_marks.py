"""Store-days marked for the summaries that triggers keep current (insights_dirty,
product_sales_dirty), set-based: for a bulk write whose rows the triggers skip (see
orders/bulk_marks and reconciliation/bulk_marks), with the triggers' own day and stamp."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection


def mark_order_days(conn: Connection, table: str, where: str, params: tuple[Any, ...]
                    ) -> None:
    """Mark in `table` the store and UTC day of the orders `o` that `where` keeps, once
    each; `where` writes the driver's placeholders as {mark}."""
    sqlite = conn.dialect.name == "sqlite"
    day = "date(o.placed_at)" if sqlite else "CAST(o.placed_at AS date)"
    stamp = "random()" if sqlite else "CAST(random() * 9e15 AS bigint)"
    kept = where.format(mark="?" if sqlite else "%s")
    conn.exec_driver_sql(
        f"INSERT INTO {table} (store_id, utc_day, stamp) SELECT s, d, {stamp} FROM "
        f"(SELECT DISTINCT o.store_id AS s, {day} AS d FROM orders o WHERE {kept}) AS marks "
        "WHERE true ON CONFLICT (store_id, utc_day) DO UPDATE SET stamp = excluded.stamp",
        params)
