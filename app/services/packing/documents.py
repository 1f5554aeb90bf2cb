"""Papers of pick & pack: the packing slip printed on completion and the pick list PDF,
drawn by the Labels service's document renderers (app/services/printing)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Location, Order, OrderLine, Product, Store
from app.models.packing import PickList as PickListRow
from app.services.core.errors import NotFound
from app.services.packing.picking import NO_BIN, pick_list_view
from app.services.printing.addresses import postal_lines
from app.services.printing.label_records import (
    Address,
    PackingSlip,
    PickLine,
    PickList,
    SlipLine,
)
from app.services.printing.pdf_documents import packing_slips_pdf, pick_list_pdf
from app.services.printing.sizes import layout_for


def ship_to_lines(order: Order) -> tuple[str, ...]:
    """An order's ship-to under the name, in its country's order (UK: town, then postcode)."""
    return postal_lines(street1=order.ship_street1 or "", street2=order.ship_street2 or "",
                        city=order.ship_city or "", state=order.ship_state or "",
                        postcode=order.ship_postcode or "", country=order.ship_country or "")


def packing_slip_record(session: Session, order_id: int) -> PackingSlip:
    row = session.execute(select(Order, Store.name).join(Store).where(Order.id == order_id)
                          ).first()
    if row is None:
        raise NotFound(f"No order {order_id}.")
    order, store = row
    lines = session.execute(
        select(Product.sku, Product.name, OrderLine.channel_sku, OrderLine.title,
               OrderLine.quantity, Location.code)
        .outerjoin(Product, Product.id == OrderLine.product_id)
        .outerjoin(Location, Location.id == Product.default_location_id)
        .where(OrderLine.order_id == order_id).order_by(OrderLine.id)).all()
    address = Address(order.ship_name, ship_to_lines(order), company=order.ship_company)
    return PackingSlip(store, order.number, address,
                       tuple(SlipLine(sku or csku, name or title, qty, code or "")
                             for sku, name, csku, title, qty, code in lines),
                       placed_on=order.placed_at.date().isoformat(),
                       shipping_method=order.shipping_method)


def write_packing_slip(session: Session, order_id: int, folder: str, *,
                       page: str | None = None) -> str:
    """Write the order's packing slip PDF into `folder`; return the file's path."""
    slip = packing_slip_record(session, order_id)
    data = packing_slips_pdf([slip], layout_for("packing-slip", page))
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in slip.order_number)
    path = Path(folder) / f"packing-slip-{safe.strip('_') or order_id}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def pick_list_record(session: Session, pick_list_id: int) -> PickList:
    view = pick_list_view(session, pick_list_id)
    created = session.scalar(select(PickListRow.created_at).where(
        PickListRow.id == pick_list_id))
    batch = len(view.orders) > 1
    return PickList(
        f"Pick list {pick_list_id}",
        # "" is a line without a bin: the renderer prints no bin barcode for it.
        tuple(PickLine("" if r.bin == NO_BIN else r.bin, r.sku, r.name, r.quantity,
                       tuple((t.tote, t.quantity) for t in r.totes) if batch else ())
              for r in view.rows),
        orders=tuple(f"{num} (tote {tote})" for num, tote in view.orders),
        created=f"{created:%Y-%m-%d %H:%M} UTC" if created else "",
        reference=f"PICK-{pick_list_id}")


def pick_list_pdf_bytes(session: Session, pick_list_id: int, *, page: str | None = None,
                        ) -> bytes:
    return pick_list_pdf(pick_list_record(session, pick_list_id), layout_for("pick-list", page))
