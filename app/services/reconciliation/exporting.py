"""For the accountant: a reconciled payout as CSV (every line, its order and its state), and
a month of one store (or all) as CSV, xlsx or PDF: the payouts with their deposits, totals
per currency, and the problems with how each was resolved."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.models.payouts import Payout
from app.money import to_decimal_text
from app.services.core.csv_out import csv_text, safe_cell
from app.services.core.errors import InvalidInput, NotFound
from app.services.reconciliation import month_pdf as pdf
from app.services.reconciliation.bank import DepositRow
from app.services.reconciliation.monthly import MonthReport, month_report
from app.services.reconciliation.reads import PayoutRow, ProblemRow, payout_lines

HEADER = ("payout", "posted", "kind", "detail", "order reference", "order", "match",
          "amount", "currency", "description")


def payout_csv(session: Session, payout_id: int) -> tuple[str, str]:
    """(suggested file name, CSV text); the last row is the payout's total."""
    payout = session.get(Payout, payout_id)
    if payout is None:
        raise NotFound(f"no payout {payout_id}")
    rows: list[tuple[object, ...]] = [
        (payout.external_id, x.posted_at.date().isoformat() if x.posted_at else "", x.kind,
         x.detail, x.order_ref, x.order_number, x.match_state,
         to_decimal_text(x.amount_minor, x.currency), x.currency, x.description)
        for x in payout_lines(session, payout_id)]
    rows.append((payout.external_id, payout.paid_on.date().isoformat() if payout.paid_on
                 else "", "total", "paid out", "", "", "",
                 to_decimal_text(payout.total_minor, payout.currency), payout.currency, ""))
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in payout.external_id)
    return f"payout-{payout.source}-{safe}.csv", csv_text(HEADER, rows)


# ---- a month's reconciliation of one store (or all), for the accountant


PAYOUT_HEADER = ("store", "report", "payout", "paid on", "paid out", "currency", "lines",
                 "matched", "no order", "fees", "refunds", "difference", "deposited on",
                 "bank text", "matched by")
PROBLEM_HEADER = ("problem", "store", "order", "amount", "currency", "detail", "resolved",
                  "by", "note")


def _payout_cells(p: PayoutRow, d: DepositRow | None) -> list[object]:
    return [p.store, p.source, p.external_id, p.paid_on.date().isoformat() if p.paid_on else "",
            to_decimal_text(p.total_minor, p.currency), p.currency, p.lines, p.matched,
            p.unmatched, to_decimal_text(p.fees_minor, p.currency),
            to_decimal_text(p.refunds_minor, p.currency),
            to_decimal_text(p.difference_minor, p.currency),
            d.booked_on.date().isoformat() if d and d.booked_on else
            ("" if d is None or d.bank_line_id is None else "?"),
            d.bank_text if d else "", d.matched_by if d else ""]


def _problem_cells(p: ProblemRow) -> list[object]:
    return [p.kind, p.store, p.order_number, to_decimal_text(p.amount_minor, p.currency),
            p.currency, p.detail, p.resolved_at.date().isoformat() if p.resolved_at else "",
            p.resolved_by, p.note]


def month_csv(report: MonthReport) -> str:
    """The payouts, then a blank row and the problems (one CSV an accountant can open)."""
    rows: list[list[object]] = [_payout_cells(p, d) for p, d in report.payouts]
    for cur, (paid, fees, refunds, banked) in sorted(report.totals().items()):
        rows.append(["total", "", "", "", to_decimal_text(paid, cur), cur, "", "", "",
                     to_decimal_text(fees, cur), to_decimal_text(refunds, cur), "",
                     f"deposited {to_decimal_text(banked, cur)}", "", ""])
    rows.append([])
    rows.append(list(PROBLEM_HEADER))
    rows += [_problem_cells(p) for p in report.problems]
    return csv_text(PAYOUT_HEADER, rows)


def month_xlsx(report: MonthReport) -> bytes:
    """Sheets Payouts and Problems; amounts are numbers, every text cell is text."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    money_cols = {4, 9, 10, 11}

    def sheet_rows(name: str, header: Sequence[str], rows: list[list[object]],
                   money: set[int]) -> None:
        sheet = book.create_sheet(name)
        sheet.append([_text_cell(WriteOnlyCell, sheet, h) for h in header])
        for row in rows:
            cells = []
            for i, value in enumerate(row):
                if i in money and value != "":
                    cell = WriteOnlyCell(sheet, value=Decimal(str(value)))
                    cell.number_format = "#,##0.00"
                elif isinstance(value, int):
                    cell = WriteOnlyCell(sheet, value=value)
                else:
                    cell = _text_cell(WriteOnlyCell, sheet, value)
                cells.append(cell)
            sheet.append(cells)

    sheet_rows("Payouts", PAYOUT_HEADER, [_payout_cells(p, d) for p, d in report.payouts],
               money_cols)
    sheet_rows("Problems", PROBLEM_HEADER, [_problem_cells(p) for p in report.problems], {3})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(make: Any, sheet: Any, value: object) -> Any:
    cell = make(sheet, value=safe_cell(value))
    cell.data_type = "s"
    return cell


def month_pdf(report: MonthReport, page: str | None = None) -> bytes:
    """A4 or Letter landscape: the totals, every payout with its deposit, the problems."""
    return pdf.render(report, page)


def month_file(session: Session, month: str, store: str | None, kind: str
               ) -> tuple[str, bytes]:
    """(suggested file name, bytes) of the month as csv, xlsx or pdf."""
    report = month_report(session, month, store)
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in (store or "all-stores"))
    name = f"reconciliation-{month}-{safe}.{kind}"
    if kind == "csv":
        return name, month_csv(report).encode("utf-8")
    if kind == "xlsx":
        return name, month_xlsx(report)
    if kind == "pdf":
        return name, month_pdf(report)
    raise InvalidInput(f"'{kind}' is not an export kind; one of: csv, xlsx, pdf")
