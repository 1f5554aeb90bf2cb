"""A month of Amazon orders and the settlement report Amazon would send for them, with a few
problems planted: an order never paid, a commission charged twice, a refund with no return.

The report is written as a real settlement V2 flat file and goes through the same importer
as a user's file; the tests check every planted problem is found and nothing else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order, Store
from app.money import to_decimal_text
from app.services.importers.payouts_amazon import HEADER

STORE = "Demo Amazon"


@dataclass(frozen=True)
class DemoMonth:
    store_id: int
    file_name: str
    data: bytes
    unpaid: str  # order numbers of the planted problems
    double_fee: str
    refund_no_return: str
    orders: int
    # The bank statement the settlement was paid into (read with BANK_MAPPING).
    bank_file_name: str = ""
    bank_data: bytes = b""


# The demo bank's statement layout: a generic CSV, signed amounts, day-first dates.
BANK_LAYOUT = "Demo bank"
BANK_COLUMNS = {"date": "Booking date", "amount": "Amount", "description": "Payee",
                "reference": "Reference", "currency": "Currency"}


def generate_demo_month(session: Session, today: datetime, orders: int = 30,
                        seed: int = 17) -> DemoMonth:
    rnd = random.Random(seed)
    store = session.scalar(select(Store).where(Store.name == STORE))
    if store is None:
        store = Store(name=STORE, kind="amazon", currency="USD", timezone="UTC")
        session.add(store)
        session.flush()
    start = today - timedelta(days=35)
    made: list[tuple[str, int, int, int, datetime]] = []
    for i in range(orders):
        number = f"11{i % 7 + 1}-{rnd.randrange(10**6, 10**7)}-{rnd.randrange(10**6, 10**7)}"
        principal = rnd.randrange(999, 8999)
        shipping = rnd.choice((0, 399, 499))
        tax = principal * 8 // 100
        placed = start + timedelta(days=i * 25 / orders, hours=rnd.randrange(24))
        session.add(Order(store_id=store.id, external_id=number, number=number,
                          placed_at=placed, status="shipped", currency="USD",
                          subtotal_minor=principal, shipping_minor=shipping, tax_minor=tax,
                          total_minor=principal + shipping + tax, ship_name=f"Buyer {i}",
                          ship_country="US"))
        made.append((number, principal, shipping, tax, placed))
    session.flush()
    unpaid, double_fee, refunded = made[0][0], made[3][0], made[5][0]
    rows: list[dict[str, str]] = []

    def row(ttype: str, oid: str, atype: str, desc: str, minor: int, when: datetime,  # noqa: PLR0917
            item: str = "", adj: str = "") -> None:
        rows.append({"transaction-type": ttype, "order-id": oid, "merchant-order-id": "",
                     "adjustment-id": adj, "shipment-id": "", "marketplace-name": "Amazon.com",
                     "amount-type": atype, "amount-description": desc,
                     "amount": to_decimal_text(minor, "USD"), "fulfillment-id": "MFN",
                     "posted-date": when.strftime("%Y-%m-%d"),
                     "posted-date-time": when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                     "order-item-code": item, "sku": "DEMO-SKU", "quantity-purchased": "1"})

    for n, (number, principal, shipping, tax, placed) in enumerate(made):
        if number == unpaid:
            continue
        item = f"{40000000000000 + n}"
        when = placed + timedelta(days=2)
        row("Order", number, "ItemPrice", "Principal", principal, when, item)
        if shipping:
            row("Order", number, "ItemPrice", "Shipping", shipping, when, item)
        row("Order", number, "ItemPrice", "Tax", tax, when, item)
        row("Order", number, "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", -tax,
            when, item)
        commission = -(principal * 15 // 100)
        row("Order", number, "ItemFees", "Commission", commission, when, item)
        if number == double_fee:
            row("Order", number, "ItemFees", "Commission", commission, when, item)
        if number == refunded:
            back = when + timedelta(days=6)
            row("Refund", number, "ItemPrice", "Principal", -principal, back, item, "adj-1")
            row("Refund", number, "ItemFees", "Commission", -commission * 4 // 5, back, item,
                "adj-1")
            row("Refund", number, "ItemFees", "RefundCommission", commission // 5, back, item,
                "adj-1")
    end = today - timedelta(days=3)
    row("other-transaction", "", "other-transaction", "Subscription Fee", -3999, end)
    total = sum(int(r["amount"].replace(".", "")) for r in rows)
    lines = ["\t".join(HEADER)]
    summary = {"settlement-id": f"D{today:%Y%m%d}", "settlement-start-date":
               start.strftime("%Y-%m-%d %H:%M:%S UTC"),
               "settlement-end-date": end.strftime("%Y-%m-%d %H:%M:%S UTC"),
               "deposit-date": (end + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S UTC"),
               "total-amount": to_decimal_text(total, "USD"), "currency": "USD"}
    for r in [summary] + [{**r, "settlement-id": summary["settlement-id"],
                           "currency": "USD"} for r in rows]:
        lines.append("\t".join(r.get(h, "") for h in HEADER))
    data = ("\r\n".join(lines) + "\r\n").encode()
    deposit = end + timedelta(days=3)  # the bank books it a day after Amazon's deposit date
    bank = ["Booking date,Payee,Reference,Amount,Currency",
            f"{(end - timedelta(days=20)):%d/%m/%Y},Office rent,RENT,-850.00,USD",
            f"{deposit:%d/%m/%Y},AMAZON.COM SERVICES,AMZN {summary['settlement-id']},"
            f"{to_decimal_text(total, 'USD')},USD",
            f"{deposit:%d/%m/%Y},Card fees,MERCHANT,-12.40,USD"]
    return DemoMonth(store.id, f"settlement-{summary['settlement-id']}.txt", data, unpaid,
                     double_fee, refunded, orders, f"bank-{today:%Y%m}.csv",
                     ("\r\n".join(bank) + "\r\n").encode())
