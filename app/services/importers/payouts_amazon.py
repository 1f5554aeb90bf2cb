"""Amazon settlement report, flat file V2 (tab-separated, `settlement-id …` header).

The first data row is the summary (settlement id, period, deposit date, total-amount); every
other row is one amount of one order, refund, fee, reserve or adjustment, and together they
add up to total-amount. Rows carry no id of their own, so a line's id is built from the
fields that tell two rows apart (plus a counter for true repeats).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

from app.services.importers import csv_text, dates
from app.services.importers.csv_text import Row, Source, Table
from app.services.importers.limits import CONTROL
from app.services.importers.payouts_records import (
    PayoutFile,
    PayoutLineRecord,
    PayoutRecord,
    Reader,
    decimal_text,
    done,
    plain_minor,
    refuse,
)

FORMAT = "amazon-settlement"
HEADER = ("settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date",
          "total-amount", "currency", "transaction-type", "order-id", "merchant-order-id",
          "adjustment-id", "shipment-id", "marketplace-name", "amount-type",
          "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
          "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku",
          "quantity-purchased", "promotion-id")
REQUIRED = {n: (n,) for n in ("settlement-id", "total-amount", "currency", "transaction-type",
                              "order-id", "amount-type", "amount-description", "amount",
                              "posted-date")}
SIGNATURE = ("settlement-id", "total-amount", "amount-type", "amount-description")
# Amazon writes dates as ISO with an offset, '2019-05-01 07:00:00 UTC', or '08.03.2019' (EU).
DATE_FORMATS = (*dates.ISO_FORMATS, *dates.DAY_FIRST)
_ITEM_PRICE = {"principal": "sale", "shipping": "shipping", "giftwrap": "shipping",
               "tax": "tax", "shippingtax": "tax", "giftwraptax": "tax"}
_CHARGEBACKS = ("chargeback", "a-to-z", "safe-t")
_TRANSFERS = ("transfer", "payable to amazon", "successful charge", "failed disbursement")


@functools.lru_cache(maxsize=4096)  # a settlement repeats a few dozen word triples
def classify(transaction_type: str, amount_type: str, description: str) -> str:
    """The kind of one settlement row, from Amazon's three words for it."""
    t, a, d = transaction_type.lower(), amount_type.lower(), description.lower()
    if "reserve" in d or "reserve" in t:
        return "reserve"
    if any(w in t for w in _CHARGEBACKS):
        return "chargeback"
    if any(w in t for w in _TRANSFERS) or any(w in d for w in _TRANSFERS):
        return "transfer"
    if a == "itemprice":
        return "refund" if t == "refund" else _ITEM_PRICE.get(d.replace(" ", ""), "sale")
    if a == "itemfees" or "fee" in d or "fee" in a or "commission" in d:
        return "fee"
    if a.startswith("promotion"):
        return "promotion"
    if a == "itemwithheldtax" or "withheldtax" in d.replace(" ", "") or d.startswith(
            "marketplacefacilitator"):
        return "tax"
    return "adjustment"


def parse(source: Source, *, tz: tzinfo = UTC) -> PayoutFile:
    return parse_table(csv_text.read_table(source, delimiter="\t"), tz=tz)


def parse_table(table: Table, *, tz: tzinfo = UTC) -> PayoutFile:
    rd = Reader(table, tz=tz, date_formats=DATE_FORMATS, decimal_mark=None)
    cols = rd.require(REQUIRED)
    if cols is None:
        return refuse(FORMAT, rd)
    if not table.rows:
        rd.problem(None, None, "the file has no summary row (the settlement's total)")
        return refuse(FORMAT, rd)
    c = table.col
    summary, rows = table.rows[0], table.rows[1:]
    settlement = rd.bounded(summary, cols["settlement-id"], 64)
    if not settlement:
        rd.problem(summary, cols["settlement-id"], "the summary row has no settlement id")
    currency = rd.currency(summary, cols["currency"])
    # Amazon EU files are sometimes written with decimal commas; the summary decides.
    rd.decimal_mark = csv_text.guess_decimal_mark(
        [rd.text(summary, cols["total-amount"])] + [rd.text(r, cols["amount"])
                                                    for r in rows[:200]]) or "."
    total = rd.money(summary, cols["total-amount"], currency, required=True)
    start = rd.when(summary, c("settlement-start-date"), required=False)
    end = rd.when(summary, c("settlement-end-date"), required=False)
    deposit = rd.when(summary, c("deposit-date"), required=False)
    key_cols = [k for k in (c(n) for n in (
        "transaction-type", "order-id", "adjustment-id", "shipment-id", "amount-type",
        "amount-description", "order-item-code", "merchant-adjustment-item-id",
        "posted-date-time", "posted-date", "sku", "promotion-id")) if k is not None]
    for name in ("posted-date-time", "merchant-order-id", "order-item-code", "sku"):
        found = c(name)
        cols[name] = -1 if found is None else found
    cols["_width"] = max(cols.values()) + 1
    lines = _columns_at_once(rd, rows, cols, currency, key_cols)
    if lines is None:  # some cell needs a closer look: row at a time, naming each problem
        seen: dict[str, int] = {}
        lines = []
        for row in rows:
            line = _line(rd, row, cols, currency, key_cols=key_cols, seen=seen)
            if line is not None:
                lines.append(line)
    if not rd.problems and sum(x.amount_minor for x in lines) != total:
        rows_sum = sum(x.amount_minor for x in lines)
        rd.problem(summary, cols["total-amount"],
                   f"the rows add up to {decimal_text(rows_sum, currency)}"
                   f", not the total-amount {decimal_text(total, currency)}")
    payout = PayoutRecord(settlement, currency, total, tuple(lines), start, end, deposit,
                          stated_total=True)
    return done(FORMAT, rd, [payout], len(table.rows))


def _line(rd: Reader, row: Row, cols: dict[str, int], currency: str, *,
          key_cols: list[int], seen: dict[str, int]) -> PayoutLineRecord | None:
    # Hot loop (100,000-row settlements): columns were looked up once, cells read directly.
    cells = row.cells
    if len(cells) < cols["_width"]:
        cells = cells + ("",) * (cols["_width"] - len(cells))
    own = cells[cols["currency"]].strip()
    if own and own.upper() != currency:
        rd.problem(row, cols["currency"], f"the row is in {own} but the settlement in "
                   f"{currency}")
    ttype = rd.bounded(row, cols["transaction-type"], 80)
    atype = cells[cols["amount-type"]].strip()
    desc = rd.bounded(row, cols["amount-description"], 80)
    amount = rd.money(row, cols["amount"], currency, required=True)
    when = (rd.when(row, cols["posted-date-time"], required=False)
            if cols["posted-date-time"] >= 0 else None) or rd.when(
        row, cols["posted-date"], required=False)
    raw = "\x1f".join([cells[k] for k in key_cols])
    base = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]
    seen[base] = seen.get(base, 0) + 1
    order = rd.bounded(row, cols["order-id"], 64)
    if not order and cols["merchant-order-id"] >= 0:
        order = rd.bounded(row, cols["merchant-order-id"], 64)
    words = [ttype, atype] + [cells[k].strip() for k in (cols["order-item-code"], cols["sku"])
                              if k >= 0]
    return PayoutLineRecord(f"{base}:{seen[base]}", classify(ttype, atype, desc), amount,
                            detail=desc, description=" ".join(w for w in words if w)[:200],
                            order_ref=order, posted_at=when, source_row=row.number)


def _fits(column: Sequence[str], length: int) -> bool:
    """Every cell short enough and free of control characters (checked on the raw cell, so a
    cell only its trimmed form would pass goes the careful way: still right, just slower)."""
    return max(map(len, column), default=0) <= length and \
        CONTROL.search("\n".join(column)) is None


def _columns_at_once(rd: Reader, rows: Sequence[Row], cols: dict[str, int], currency: str,
                     key_cols: list[int]) -> list[PayoutLineRecord] | None:
    """The lines `_line` gives, read a column at a time: each distinct amount, date and word
    triple once, every check over a whole column. None as soon as any cell would be a
    problem (or is written in a way only the careful path reads): then `_line` reads every
    row and names each problem. A 100,000-row settlement spent most of its import in `_line`.
    """
    width = cols["_width"]
    if rd.decimal_mark != "." or any(len(r.cells) < width for r in rows):
        return None
    if not rows:
        return []
    cells = [r.cells for r in rows]
    table: dict[int, list[str]] = {}

    def at(k: int) -> list[str]:  # one column, taken from the rows once
        if k not in table:
            table[k] = [c[k] for c in cells]
        return table[k]

    def column(name: str) -> list[str] | None:
        return at(cols[name]) if cols.get(name, -1) >= 0 else None

    own = {c.strip().upper() for c in set(at(cols["currency"]))}
    if own - {"", currency}:
        return None
    ttypes, descs, orders = (at(cols[n]) for n in ("transaction-type",
                                                     "amount-description", "order-id"))
    merchant = column("merchant-order-id")
    if not all(_fits(c, n) for c, n in ((ttypes, 80), (descs, 80), (orders, 64),
                                        (merchant or (), 64))):
        return None
    amounts = {}
    for text in set(at(cols["amount"])):
        minor = plain_minor(text.strip(), currency)
        if minor is None:
            return None
        amounts[text] = minor
    when: dict[str, datetime | None] = {"": None}
    date_cols = [c for c in (column("posted-date-time"), column("posted-date")) if c]
    for text in set().union(*map(set, date_cols)):
        key = text.strip()
        if key and key not in rd._dates:
            try:
                rd._dates[key] = dates.parse_datetime(key, rd.tz, rd.date_formats)
            except ValueError:
                return None
        when[text] = rd._dates.get(key)
    posted = [when[t] for t in date_cols[-1]]
    if len(date_cols) == 2:  # the time when the row has one, else the day
        posted = [when[t] or p for t, p in zip(date_cols[0], posted, strict=True)]
    blank = ("",) * len(rows)
    codes, skus = column("order-item-code") or blank, column("sku") or blank
    seen: dict[str, int] = {}
    lines = []
    for row, ttype_raw, atype_raw, desc_raw, order_raw, merchant_raw, amount, day, code, sku, \
            key in zip(rows, ttypes, at(cols["amount-type"]), descs, orders,
                       merchant or blank, at(cols["amount"]), posted, codes, skus,
                       zip(*(at(k) for k in key_cols), strict=True), strict=True):
        ttype, atype, desc = ttype_raw.strip(), atype_raw.strip(), desc_raw.strip()
        base = hashlib.sha1("\x1f".join(key).encode("utf-8")).hexdigest()[:20]
        count = seen[base] = seen.get(base, 0) + 1
        words = " ".join(w for w in (ttype, atype, code.strip(), sku.strip()) if w)
        lines.append(PayoutLineRecord(
            f"{base}:{count}", classify(ttype, atype, desc), amounts[amount], desc,
            words[:200], order_raw.strip() or merchant_raw.strip(), day, row.number))
    return lines
