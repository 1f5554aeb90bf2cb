"""Payouts: a store's settlement or payout report, its lines, and the problems found in them.

A payout is what one report says one store was paid (an Amazon settlement, a Shopify payout,
a Stripe or PayPal balance period, an Etsy deposit). Each line is one signed amount in the
payout's currency with its kind (sale, refund, fee, ...) and, once matched, its order.
Problems are what needs a look; they are resolved with a note, never deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

# What a line is. fee lines say which fee in `detail` (Commission, FBAPerUnitFulfillmentFee).
LINE_KINDS = ("sale", "shipping", "tax", "refund", "fee", "promotion", "reserve",
              "adjustment", "chargeback", "transfer")
# matched: tied to one order; unmatched: names an order we do not have; ambiguous: names
# several and was not guessed; none: not about an order (a reserve, a transfer, a fee).
MATCH_STATES = ("matched", "unmatched", "ambiguous", "none")
PROBLEM_KINDS = ("unpaid", "short_paid", "overpaid", "duplicate", "no_order", "ambiguous",
                 "high_fee", "refund_no_return", "not_deposited", "no_payout",
                 "deposit_ambiguous")
# Problems found from bank lines and payouts together (issue 17's bank matching).
BANK_PROBLEM_KINDS = ("not_deposited", "no_payout", "deposit_ambiguous")


class Payout(Base):
    __tablename__ = "payouts"
    __table_args__ = (
        # The report's own id: importing the same file twice changes nothing.
        UniqueConstraint("store_id", "source", "external_id", name="uq_payouts_report"),
        Index("ix_payouts_store_paid_on", "store_id", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    source: Mapped[str] = mapped_column(String(24))
    external_id: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    # The total the report says was paid out (may differ from the sum of lines: a problem).
    total_minor: Mapped[int] = mapped_column(default=0)
    period_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    period_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # False for groupings Backroom made (an activity month, a pending balance): no bank
    # deposit is looked for.
    reaches_bank: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class PayoutLine(Base):
    __tablename__ = "payout_lines"
    __table_args__ = (
        UniqueConstraint("payout_id", "external_id", name="uq_payout_lines_report"),
        Index("ix_payout_lines_order_kind", "order_id", "kind"),
        Index("ix_payout_lines_payout_state", "payout_id", "match_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by the (payout_id, ...) indexes above; one of its own would only slow the
    # insert of a 100,000-line settlement.
    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id"))
    # The report's own id for the line (or file row when it has none) within its payout.
    external_id: Mapped[str] = mapped_column(String(96))
    kind: Mapped[str] = mapped_column(String(12))
    detail: Mapped[str] = mapped_column(String(80), default="")
    description: Mapped[str] = mapped_column(String(200), default="")
    # The order as the report names it (#1001, 112-1234567-1234567, an invoice number).
    order_ref: Mapped[str] = mapped_column(String(64), default="")
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    match_state: Mapped[str] = mapped_column(String(12), default="none")
    amount_minor: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3))
    # What the buyer was charged, in the order's currency, when the report converted it:
    # the report's own rate is presented / amount.
    presented_minor: Mapped[int | None] = mapped_column()
    presented_currency: Mapped[str] = mapped_column(String(3), default="")
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source_row: Mapped[int] = mapped_column(default=0)


class PayoutLinesBulk(Base):
    """A payout whose lines are being stored in bulk, for the length of that one transaction.

    The insights trigger on new payout lines (migration 0890) skips the lines of a payout
    named here, and the importer marks their store-days for the summary once, set-based,
    before it deletes its row again in the same transaction: no other writer ever sees a
    row here, and every other insert still marks its line's day itself.
    """

    __tablename__ = "payout_lines_bulk"

    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id"), primary_key=True,
                                           autoincrement=False)


class PayoutProblem(Base):
    """Something that needs a look; `key` makes finding it again a no-op."""

    __tablename__ = "payout_problems"
    __table_args__ = (
        UniqueConstraint("kind", "key", name="uq_payout_problems_kind_key"),
        Index("ix_payout_problems_store_resolved", "store_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(160))
    # None for a bank deposit no payout explains (a bank account serves every store).
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"))
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("payouts.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    bank_line_id: Mapped[int | None] = mapped_column(ForeignKey("bank_lines.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3))
    detail: Mapped[str] = mapped_column(Text, default="")
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class BankLine(Base):
    """One line of a bank statement: money in (positive) or out, as the bank booked it."""

    __tablename__ = "bank_lines"
    __table_args__ = (
        # The bank's id for the line (or one built from its fields): a statement imported
        # twice, or two overlapping statements, store each line once.
        UniqueConstraint("account", "external_id", name="uq_bank_lines_account_line"),
        Index("ix_bank_lines_currency_amount", "currency", "amount_minor"),
        Index("ix_bank_lines_booked_on", "booked_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(96))
    booked_on: Mapped[datetime] = mapped_column(UTCDateTime)
    amount_minor: Mapped[int] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(String(300), default="")
    reference: Mapped[str] = mapped_column(String(140), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    source_row: Mapped[int] = mapped_column(default=0)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PayoutDeposit(Base):
    """A payout found in the bank: one deposit may hold several payouts, a payout is in one."""

    __tablename__ = "payout_deposits"

    id: Mapped[int] = mapped_column(primary_key=True)
    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id"), unique=True)
    bank_line_id: Mapped[int] = mapped_column(ForeignKey("bank_lines.id"), index=True)
    # How: "amount+date", "amount+date+reference", "sum" (several payouts), "person".
    matched_by: Mapped[str] = mapped_column(String(24))
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BankMapping(Base):
    """A bank statement layout saved under a name: which column holds what (JSON)."""

    __tablename__ = "bank_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    columns: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
