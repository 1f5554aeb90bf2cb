"""Addresses in each country's own order on labels and slips (read back from the real PDF and
ZPL), and no bare "FROM" when a store has no return address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Order, Store
from app.services.labels import jobs as labels
from app.services.labels import printers as label_printers
from app.services.labels.jobs import LabelRequest
from app.services.labels.sources import StoreLook
from app.services.printing.addresses import postal_lines
from tests.packing_world import build_world
from tests.unit.printing.decoding import pdf_text
from tests.unit.printing.zpl_reader import parse


@pytest.mark.parametrize("fields, lines", [
    # UK (Royal Mail): the post town on its own line, the postcode on the next.
    (("10 Downing Street", "", "London", "", "SW1A 2AA", "GB"),
     ("10 Downing Street", "LONDON", "SW1A 2AA", "UNITED KINGDOM")),
    # US (USPS): "CITY, ST 12345" on one line.
    (("1600 Amphitheatre Pkwy", "Suite 2", "Mountain View", "CA", "94043", "US"),
     ("1600 Amphitheatre Pkwy", "Suite 2", "MOUNTAIN VIEW, CA 94043", "UNITED STATES")),
    # Germany and France: postcode before the town.
    (("Hauptstraße 12", "", "Berlin", "", "10115", "DE"),
     ("Hauptstraße 12", "10115 BERLIN", "GERMANY")),
    (("1 rue de Rivoli", "", "Paris", "", "75001", "fr"),
     ("1 rue de Rivoli", "75001 PARIS", "FRANCE")),
    # Ireland: Eircode on its own line; Canada: "CITY PROV CODE".
    (("1 Main St", "", "Dublin", "", "D02 X285", "IE"),
     ("1 Main St", "DUBLIN", "D02 X285", "IRELAND")),
    (("1 Main St", "", "Toronto", "ON", "M5V 2T6", "CA"),
     ("1 MAIN ST", "TORONTO ON M5V 2T6", "CANADA")),
    # Japan in Latin letters keeps the ward (not in the country's Latin form) in the street.
    (("1-1 Chiyoda", "", "Chiyoda-ku", "Tokyo", "100-0001", "JP"),
     ("1-1 Chiyoda", "Chiyoda-ku, TOKYO", "100-0001", "JAPAN")),
    # No country: street, then "postcode town", nothing lost.
    (("Main St 1", "", "Springfield", "", "12345", ""),
     ("Main St 1", "12345 Springfield")),
])
def test_each_country_writes_its_address_its_own_way(fields, lines) -> None:
    keys = ("street1", "street2", "city", "state", "postcode", "country")
    assert postal_lines(**dict(zip(keys, fields, strict=True))) == lines


def test_japanese_script_keeps_the_japanese_order() -> None:
    assert postal_lines(street1="千代田1-1", city="千代田区", state="東京都",
                        postcode="100-0001", country="JP")[:2] == (
        "〒100-0001", "東京都")


@pytest.fixture
def uk_order(backend):
    def job(session):
        build_world(session)
        order = session.scalar(select(Order).where(Order.number == "#1001"))
        order.ship_street1, order.ship_city = "10 Downing Street", "London"
        order.ship_postcode, order.ship_country = "SW1A 1AA", "GB"
        return session.scalar(select(Store.id))
    return backend.run(job)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_a_uk_label_prints_the_town_then_the_postcode(backend, uk_order) -> None:
    pdf = backend.run(labels.render, LabelRequest("shipping", "orders", (("#1001", 1),)))
    text = pdf_text(pdf.data)[0]
    assert "SW1A 1AA London" not in text and "SW1A 1AA LONDON" not in text
    lines = _lines(text)
    town = lines.index("LONDON")
    assert lines[town - 1] == "10 Downing Street" and lines[town + 1] == "SW1A 1AA"
    assert lines[town + 2] == "UNITED KINGDOM"
    zpl = backend.run(labels.render, LabelRequest("shipping", "orders", (("#1001", 1),),
                                                  output="zpl"))
    texts = parse(zpl.data.decode("ascii"))[0][0].texts()
    town = texts.index("LONDON")
    assert texts[town + 1] == "SW1A 1AA"
    slip = backend.run(labels.render, LabelRequest("packing-slip", "orders", (("#1001", 1),)))
    slip_lines = _lines(pdf_text(slip.data)[0])
    assert slip_lines[slip_lines.index("LONDON") + 1] == "SW1A 1AA"


def test_no_return_address_prints_no_bare_from_and_says_so(backend, uk_order) -> None:
    request = LabelRequest("shipping", "orders", (("#1001", 1),))
    rendered = backend.run(labels.render, request)
    assert "FROM" not in pdf_text(rendered.data)[0]
    assert rendered.no_return_address == ("Kettle & Co",)
    zpl = backend.run(labels.render, LabelRequest("shipping", "orders", (("#1001", 1),),
                                                  output="zpl"))
    assert "FROM" not in parse(zpl.data.decode("ascii"))[0][0].texts()
    assert zpl.no_return_address == ("Kettle & Co",)
    backend.run(label_printers.save_store_settings, uk_order, StoreLook(
        return_name="Kettle & Co returns", return_lines=("Unit 4, Mill Lane", "Leeds LS1 1AA")))
    rendered = backend.run(labels.render, request)
    text = _lines(pdf_text(rendered.data)[0])
    assert text[text.index("FROM") + 1:text.index("FROM") + 4] == [
        "Kettle & Co returns", "Unit 4, Mill Lane", "Leeds LS1 1AA"]
    assert rendered.no_return_address == ()
