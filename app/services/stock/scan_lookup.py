"""How Backroom reads one scan and which product it finds: for `backroom scan` and the
scanner test page. The product is looked up the way the packing station does it: a GTIN
by the catalogue's barcodes, plain text as a barcode or SKU; a misread is never looked up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Barcode, Product
from app.services.stock.catalog import find_by_barcode
from app.services.stock.scan_codes import Misread, ScanCode, parse_scan, symbology_name


@dataclass(frozen=True)
class ScanReading:
    """A scan as read: the code (None when refused), why it was refused, the product."""

    raw: str
    code: ScanCode | None
    refused: str | None = None
    sku: str | None = None
    name: str | None = None


def read_scan(session: Session, raw: str, *, today: date | None = None) -> ScanReading:
    """Read `raw` and find its product; a misread comes back refused, not looked up."""
    try:
        code = parse_scan(raw, today=today)
    except Misread as exc:
        return ScanReading(raw, None, refused=str(exc))
    product_id: int | None = None
    for gtin in code.gtins:  # best reading first, as the station takes them
        product_id = session.scalar(select(Barcode.product_id).where(Barcode.code == gtin))
        if product_id is not None:
            break
    if product_id is None and (not code.gtins or code.also_text):
        product_id = find_by_barcode(session, code.text)
    if product_id is None:
        return ScanReading(raw, code)
    sku, name = session.execute(
        select(Product.sku, Product.name).where(Product.id == product_id)).one()
    return ScanReading(raw, code, sku=sku, name=name)


def describe_reading(reading: ScanReading) -> list[str]:
    """Plain lines: what was read, its GS1 elements, the product (or why it was refused)."""
    c = reading.code
    if c is None:
        return [f"Refused: {reading.refused}"]
    via = f" (symbology {c.symbology}, {symbology_name(c.symbology)})" if c.symbology else ""
    lines = [f"Read as {c.kind}{via}: {c.gtin or c.sscc or c.text}"]
    if len(c.gtins) > 1:
        lines.append("Also possible: " + ", ".join(c.gtins[1:]))
    lines += [f"  ({e.ai}) {e.title or 'AI ' + e.ai}: {e.value}" for e in c.elements]
    if reading.sku is not None:
        lines.append(f"Product: {reading.sku} {reading.name}")
    else:
        lines.append("Product: none has this code")
    return lines
