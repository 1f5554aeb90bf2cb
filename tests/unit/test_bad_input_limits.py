"""The importers' limits (importers may not import the models) are the models' columns."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer

from app.models.base import Base
from app.services.importers import limits

PG_INTEGER_MAX = 2**31 - 1  # PostgreSQL INTEGER; SQLite's holds 64 bits


def test_every_text_limit_is_its_model_column_length():
    for table_limits in (limits.ORDER_TEXT, limits.LINE_TEXT, limits.PRODUCT_TEXT):
        for field, limit in table_limits.items():
            table, column = limit.column.split(".")
            length = Base.metadata.tables[table].c[column].type.length
            assert length == limit.length, f"{field}: {limit.column} is String({length})"


def test_number_limits_fit_the_integer_columns_on_postgresql():
    money = [c for t in Base.metadata.tables.values() for c in t.c
             if c.name.endswith("_minor")] + [Base.metadata.tables["products"].c.weight_g]
    assert money and all(isinstance(c.type, Integer) for c in money)
    small = [c for c in money if not isinstance(c.type, BigInteger)]
    if small:
        # A line's quantity x price, and an order's sums, stay within one INTEGER.
        assert 2 * limits.MAX_MINOR <= PG_INTEGER_MAX
        assert limits.MAX_WEIGHT_G <= PG_INTEGER_MAX
    assert limits.MAX_QUANTITY * 1000 <= PG_INTEGER_MAX


def test_messages_cut_long_values():
    assert limits.shown("x" * 10_000_000) == "x" * 39 + "…"
    assert "10,000 characters" in (limits.text_problem("S" * 10_000, 64) or "")
    assert "U+0000" in (limits.text_problem("a\x00b", 64) or "")
