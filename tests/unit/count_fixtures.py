"""A small shop for count tests: three products with barcodes, two bins, known stock."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Barcode, Product
from app.services.core.backend import Actor
from app.services.stock import ledger

OWNER = Actor("owner", "office")
STATION_2 = Actor("owner", "station-2")


def make_shop(session: Session) -> dict[str, int]:
    """Products KC-1..KC-3 (barcodes 2000000000011..), bins A-01 and B-01, stock in A-01."""
    ids: dict[str, int] = {}
    v = ledger.ensure_virtual_locations(session)
    for n in (1, 2, 3):
        p = Product(sku=f"KC-{n}", name=f"Mug {n}", currency="EUR", cost_minor=250 * n,
                    price_minor=900)
        p.barcodes.append(Barcode(code=f"200000000001{n}", kind="ean13"))
        session.add(p)
        session.flush()
        ids[f"KC-{n}"] = p.id
    for code in ("A-01", "B-01", "C-01"):
        ids[code] = ledger.get_or_create_bin(session, code)
    ids.update(v)
    ledger.move_many(session, [
        ledger.MoveSpec(ids["KC-1"], v["SUPPLIER"], ids["A-01"], 10, "receipt"),
        ledger.MoveSpec(ids["KC-2"], v["SUPPLIER"], ids["A-01"], 4, "receipt"),
        ledger.MoveSpec(ids["KC-3"], v["SUPPLIER"], ids["B-01"], 7, "receipt"),
    ])
    return ids
