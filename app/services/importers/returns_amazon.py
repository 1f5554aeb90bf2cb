"""Amazon's returns reports.

- The returns report of merchant-fulfilled orders (Seller Central › Reports › Return
  reports; GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE), tab-separated, one row per item of a
  return request: "Order ID", "Return request date", "Return request status", "Amazon RMA
  ID", "Tracking ID", "Merchant SKU", "Return quantity", "Return Reason", ... Dates are
  written "10-Jul-2025". A return request with several items has one row per item, all with
  the same RMA id: one return.
- The FBA customer returns report (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA): "return-date",
  "order-id", "sku", "quantity", "reason", "license-plate-number", ... Those units went back
  to Amazon's warehouse, never to us: the records say so (`to_channel`) and the import
  leaves them out with that reason.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services.importers import csv_text, dates
from app.services.importers.csv_text import Row, Table
from app.services.importers.payouts_records import Reader
from app.services.importers.returns_records import ReturnFile, ReturnRecord, reason_code_for

MFN = "amazon-returns"
FBA = "amazon-fba-returns"
MFN_COLUMNS = {"Order ID": ("Order ID",), "Return request date": ("Return request date",),
               "Amazon RMA ID": ("Amazon RMA ID",), "Merchant SKU": ("Merchant SKU",),
               "Return quantity": ("Return quantity",), "Return Reason": ("Return Reason",)}
FBA_COLUMNS = {"return-date": ("return-date",), "order-id": ("order-id",), "sku": ("sku",),
               "quantity": ("quantity",), "reason": ("reason",)}
# Requests Amazon (or the seller) turned down: nothing is coming back.
_REFUSED = ("rejected", "declined", "cancelled", "canceled")
_DATE_FORMATS = dates.ISO_FORMATS + dates.NAMED_MONTH


def _quantity(rd: Reader, row: Row, col: int) -> int:
    text = rd.text(row, col)
    try:
        qty = csv_text.parse_quantity(text)
    except ValueError as exc:
        rd.problem(row, col, str(exc))
        return 0
    if qty <= 0:
        rd.problem(row, col, f"'{text}' units: a return brings back at least 1")
    return qty


def parse_mfn(table: Table) -> ReturnFile:
    rd = Reader(table, date_formats=_DATE_FORMATS)
    cols = rd.require(MFN_COLUMNS)
    if cols is None:
        return ReturnFile(MFN, "amazon", (), tuple(rd.problems), len(table.rows))
    status_col = table.col("Return request status")
    tracking_col = table.col("Tracking ID")
    records, skipped = [], []
    for row in table.rows:
        status = rd.text(row, status_col)
        if status.lower() in _REFUSED:
            skipped.append((row.number, f"Amazon {status.lower()} this return request"))
            continue
        rma = rd.bounded(row, cols["Amazon RMA ID"], 64)
        if not rma:
            rd.problem(row, cols["Amazon RMA ID"], "the RMA id is empty")
        order = rd.bounded(row, cols["Order ID"], 64)
        if not order:
            rd.problem(row, cols["Order ID"], "the order id is empty")
        sku = rd.bounded(row, cols["Merchant SKU"], 64)
        if not sku:
            rd.problem(row, cols["Merchant SKU"], "the SKU is empty")
        reason = rd.text(row, cols["Return Reason"])
        records.append(ReturnRecord(
            rma, order, sku, _quantity(rd, row, cols["Return quantity"]),
            reason_code_for(reason), store_reason=reason[:120],
            tracking=rd.bounded(row, tracking_col, 64),
            requested_at=rd.when(row, cols["Return request date"]), source_row=row.number))
    return _done(MFN, rd, records, skipped, len(table.rows))


def parse_fba(table: Table) -> ReturnFile:
    rd = Reader(table, date_formats=_DATE_FORMATS)
    cols = rd.require(FBA_COLUMNS)
    if cols is None:
        return ReturnFile(FBA, "amazon", (), tuple(rd.problems), len(table.rows))
    lpn_col = table.col("license-plate-number")
    comment_col = table.col("customer-comments")
    records = []
    for row in table.rows:
        order = rd.bounded(row, cols["order-id"], 64)
        sku = rd.bounded(row, cols["sku"], 64)
        # The license plate is the id of one returned unit; rows without one (old reports)
        # are told apart by order, SKU and row.
        key = rd.text(row, lpn_col) or f"{order}:{sku}:{row.number}"
        reason = rd.text(row, cols["reason"])
        records.append(ReturnRecord(
            key[:64], order, sku, _quantity(rd, row, cols["quantity"]),
            reason_code_for(reason), store_reason=reason[:120],
            requested_at=rd.when(row, cols["return-date"]),
            note=rd.text(row, comment_col)[:500], to_channel=True, source_row=row.number))
    return _done(FBA, rd, records, [], len(table.rows))


def _done(fmt: str, rd: Reader, records: list[ReturnRecord], skipped: list[tuple[int, str]],
          rows: int) -> ReturnFile:
    if rd.problems:  # all or nothing
        return ReturnFile(fmt, "amazon", (), tuple(rd.problems), rows)
    return ReturnFile(fmt, "amazon", tuple(records), (), rows, tuple(skipped))


PARSERS: tuple[tuple[str, tuple[str, ...], Callable[[Table], ReturnFile]], ...] = (
    (MFN, ("Amazon RMA ID", "Return quantity"), parse_mfn),
    (FBA, ("license-plate-number", "detailed-disposition"), parse_fba),
    (FBA, ("return-date", "order-id", "fnsku"), parse_fba),
)
