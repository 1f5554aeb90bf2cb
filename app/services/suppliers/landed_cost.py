"""Landed cost: a shipment's freight, duty and fees spread over its lines, and the moving
average cost a receipt gives a product. Integer minor units throughout; every split adds
up to the cent (largest remainder), and rounding is half-even like Money.of."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product
from app.models.suppliers import ALLOCATIONS, POLine, POShipment, POShipmentLine
from app.services.core import audit
from app.services.core.backend import Actor
from app.services.core.errors import ImmutableRecord, InvalidInput, NotFound
from app.services.core.permissions import requires


def split(total: int, weights: Sequence[int]) -> list[int]:
    """`total` minor units in shares proportional to `weights`, summing exactly to total.

    All-zero weights split evenly. Remainders go to the largest fractions, ties to the
    earlier line, so the same input always gives the same split.
    """
    if total < 0:
        raise ValueError("cannot split a negative amount")
    if not weights:
        return []
    if not any(weights):
        weights = [1] * len(weights)
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    rest = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


def to_home(minor: int, rate: str) -> int:
    """An amount in the PO's currency in the store's, at the PO's rate (half-even).

    Both currencies are taken to have the same minor unit; `convert` handles the others.
    """
    return int((Decimal(minor) * Decimal(rate)).quantize(Decimal(1), ROUND_HALF_EVEN))


def convert(minor: int, rate: str, from_exp: int, to_exp: int) -> int:
    value = Decimal(minor) * Decimal(rate) * (Decimal(10) ** (to_exp - from_exp))
    return int(value.quantize(Decimal(1), ROUND_HALF_EVEN))


def moving_average(old_units: int, old_cost: int, new_units: int, new_value: int) -> int:
    """Cost per unit after adding `new_units` worth `new_value` to `old_units` at old_cost.

    Stock already below zero counts as none (its cost means nothing).
    """
    old_units = max(old_units, 0)
    units = old_units + new_units
    if units <= 0:
        return old_cost
    value = Decimal(old_units * old_cost + new_value) / Decimal(units)
    return int(value.quantize(Decimal(1), ROUND_HALF_EVEN))


def allocate(session: Session, shipment: POShipment) -> None:
    """Give each line of the shipment its share of freight + duty + fees (store currency)."""
    rows = session.execute(
        select(POShipmentLine, POLine.unit_cost_minor, Product.weight_g)
        .join(POLine, POLine.id == POShipmentLine.po_line_id)
        .join(Product, Product.id == POShipmentLine.product_id)
        .where(POShipmentLine.shipment_id == shipment.id).order_by(POShipmentLine.id)).all()
    if shipment.allocation == "value":
        weights = [line.quantity * cost for line, cost, _w in rows]
    elif shipment.allocation == "weight":
        weights = [line.quantity * (grams or 0) for line, _c, grams in rows]
    else:
        weights = [line.quantity for line, _c, _w in rows]
    total = shipment.freight_minor + shipment.duty_minor + shipment.fees_minor
    for (line, _c, _w), share in zip(rows, split(total, weights), strict=True):
        line.landed_extra_minor = share


@requires("see_money")
def set_costs(session: Session, shipment_id: int, *, freight_minor: int = 0,
              duty_minor: int = 0, fees_minor: int = 0, allocation: str = "value",
              actor: Actor) -> list[int]:
    """Record a shipment's freight, duty and fees (store currency) before it is received."""
    shipment = session.get(POShipment, shipment_id)
    if shipment is None:
        raise NotFound(f"There is no shipment {shipment_id}.")
    if allocation not in ALLOCATIONS:
        raise InvalidInput(f"Spread costs by {', '.join(ALLOCATIONS)}, not {allocation!r}.")
    if min(freight_minor, duty_minor, fees_minor) < 0:
        raise InvalidInput("Freight, duty and fees cannot be negative.")
    received = session.scalar(select(POShipmentLine.id).where(
        POShipmentLine.shipment_id == shipment_id,
        (POShipmentLine.received + POShipmentLine.damaged) > 0).limit(1))
    if received is not None:
        raise ImmutableRecord(f"{shipment.number} has been (partly) received: its cost is "
                              "already in the products' cost.")
    shipment.freight_minor, shipment.duty_minor = freight_minor, duty_minor
    shipment.fees_minor, shipment.allocation = fees_minor, allocation
    allocate(session, shipment)
    session.flush()
    audit.record(session, actor, "shipment", shipment.id, "costed", freight=freight_minor,
                 duty=duty_minor, fees=fees_minor, allocation=allocation)
    return list(session.scalars(select(POShipmentLine.landed_extra_minor).where(
        POShipmentLine.shipment_id == shipment_id).order_by(POShipmentLine.id)))


def extra_for(line: POShipmentLine, before: int, now: int) -> int:
    """The part of a line's landed extra that units before..now (of its quantity) carry,
    so that once every unit is in, the parts add up to the line's share exactly."""
    whole = max(line.quantity + line.over, 1)
    capped_before, capped_now = min(before, whole), min(now, whole)
    extra = line.landed_extra_minor
    return extra * capped_now // whole - extra * capped_before // whole
