"""Each store's upload file: byte-exact headers, FBA left out, formula-safe cells, and the
Shopify 'On hand (new)' arithmetic with committed orders on a worked example."""

from __future__ import annotations

import csv
import io

from hypothesis import assume, given
from hypothesis import strategies as st

from app.services.core.csv_out import safe_cell
from app.services.push import buffers, pushing
from app.services.push.files import SHOPIFY_HEADER, FileOptions, handle, render
from app.services.push.quantities import Listing
from tests.unit.push.helpers import ACTOR, add_product, order, store


def _row(sku="MUG", quantity=5, committed=0, fba=False, name="Red mug 11oz"):
    return Listing(sku, 1, sku, name, quantity + 2, 2, quantity, committed, fba, "1234567",
                   "6912.00", "PT")


def test_shopify_header_is_byte_exact():
    text = render("shopify-inventory", [_row()], FileOptions(location="Shop location")).text
    assert text.encode().split(b"\r\n")[0] == (
        b"Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,"
        b"Option3 Value,SKU,HS Code,COO,Location,Bin name,Incoming (not editable),"
        b"Unavailable (not editable),Committed (not editable),Available (not editable),"
        b"On hand (current),On hand (new)")


def test_amazon_header_is_byte_exact_tab_separated_and_fba_left_out():
    made = render("amazon-quantity", [_row("MFN-1"), _row("FBA-1", fba=True)], FileOptions())
    lines = made.text.encode().split(b"\n")
    assert lines[0] == (b"sku\tprice\tminimum-seller-allowed-price\t"
                        b"maximum-seller-allowed-price\tquantity\thandling-time\t"
                        b"fulfillment-channel")
    assert lines[1] == b"MFN-1\t\t\t\t5\t\tDEFAULT"
    assert lines[2:] == [b""] and made.rows == 1 and made.left_out == 1


def test_woocommerce_header_is_byte_exact():
    text = render("woocommerce", [_row(quantity=0)], FileOptions()).text
    assert text.encode() == b"SKU,In stock?,Stock\r\nMUG,0,0\r\n"


def test_ebay_header_is_byte_exact():
    text = render("ebay", [_row()], FileOptions(currency="GBP")).text
    assert text.encode() == (
        b"Action(SiteID=UK|Country=GB|Currency=GBP|Version=1193|CC=UTF-8),ItemID,"
        b"CustomLabel,"
        b"Quantity\r\nRevise,1234567,MUG,5\r\n")


def test_mapped_header_is_the_saved_one_in_its_delimiter():
    options = FileOptions(columns=(("Artikel", "store_sku"), ("Bestand", "quantity")),
                          delimiter=";")
    assert render("mapped:de", [_row()], options).text.encode() == (
        b"Artikel;Bestand\r\nMUG;5\r\n")


def test_cells_cannot_run_as_formulas():
    text = render("shopify-inventory", [_row(name="=HYPERLINK(\"x\")")],
                  FileOptions(location="Shop")).text
    assert list(csv.reader(text.splitlines()))[1][1] == "'=HYPERLINK(\"x\")"


def test_shopify_on_hand_new_adds_what_shopify_counts_as_committed(backend, tmp_path):
    """The worked example of files.py: 10 on our shelf, 3 reserved for two Shopify orders
    (available 7), keep 2 back (quantity 5): On hand (new) = 5 + 3 = 8, and Shopify's own
    available = on hand - committed = 8 - 3 = 5, what we allow it."""
    def world(session):
        add_product(session, "MUG", 10)
        store(session, "Shopify", "shopify")
        order(session, "Shopify", "shopify", [("MUG", 2)], "#1001")
        order(session, "Shopify", "shopify", [("MUG", 1)], "#1002")
    backend.run(world)
    backend.run(buffers.set_buffer, "Shopify", keep=2)
    backend.run(pushing.save_settings, "Shopify", location="Shop location")
    result = backend.run(pushing.push_stock, "Shopify", tmp_path / "s.csv", actor=ACTOR)
    assert [r.as_json() for r in result.plan.rows] == [
        {"sku": "MUG", "available": 7, "buffer": 2, "quantity": 5}]
    with open(tmp_path / "s.csv", newline="", encoding="utf-8") as f:
        row = list(csv.DictReader(f))[0]
    assert row["Committed (not editable)"] == "3"
    assert row["On hand (new)"] == "8"
    shopify_available = int(row["On hand (new)"]) - int(row["Committed (not editable)"])
    assert shopify_available == 5 == int(row["Available (not editable)"])
    assert row["Location"] == "Shop location" and row["Handle"] == "product-mug"


def test_amazon_push_leaves_out_listings_amazon_fulfils(backend, tmp_path):
    from sqlalchemy import select

    from app.models import Order

    def world(session):
        add_product(session, "MFN", 3)
        add_product(session, "FBA", 3)
        store(session, "Amazon", "amazon")
        order(session, "Amazon", "amazon", [("FBA", 1)], "113-1")
        session.scalar(select(Order).where(Order.number == "113-1")
                       ).fulfilled_by_channel = True
    backend.run(world)
    result = backend.run(pushing.push_stock, "Amazon", tmp_path / "a.txt", actor=ACTOR)
    assert result.left_out == 1 and result.skus == 1
    assert (tmp_path / "a.txt").read_text().splitlines()[1].startswith("MFN\t")


def test_shopify_counts_a_packed_order_as_committed_until_it_ships(backend, tmp_path):
    """Worked example with a packed order: 10 received; #1001 (2) packed, so 8 on our shelf
    and none held for it; #1002 (1) held. Available 8 - 1 = 7, keep 2: quantity 5. Shopify
    still counts both orders as committed (neither is fulfilled there): committed 3,
    On hand (new) = 5 + 3 = 8, Shopify's available = 8 - 3 = 5. Once #1001 ships, Shopify
    lets go of its 2 units: committed 1, On hand (new) = 5 + 1 = 6, available 6 - 1 = 5."""
    from sqlalchemy import select

    from app.models import Order
    from tests.unit.push.helpers import pack

    def world(session):
        add_product(session, "MUG", 10)
        store(session, "Shopify", "shopify")
        order(session, "Shopify", "shopify", [("MUG", 2)], "#1001")
        order(session, "Shopify", "shopify", [("MUG", 1)], "#1002")
        pack(session, "#1001")
    backend.run(world)
    backend.run(buffers.set_buffer, "Shopify", keep=2)
    backend.run(pushing.save_settings, "Shopify", location="Shop location")

    def pushed(name):
        backend.run(pushing.push_stock, "Shopify", tmp_path / name, everything=True,
                    actor=ACTOR)
        with open(tmp_path / name, newline="", encoding="utf-8") as f:
            row = list(csv.DictReader(f))[0]
        return (int(row["Committed (not editable)"]), int(row["Available (not editable)"]),
                int(row["On hand (new)"]))

    assert pushed("packed.csv") == (3, 5, 8)
    backend.run(lambda s: setattr(s.scalar(select(Order).where(Order.number == "#1001")),
                                  "status", "shipped"))
    assert pushed("shipped.csv") == (1, 5, 6)


@given(st.text(), st.text(max_size=30), st.text(max_size=12), st.text(max_size=3),
       st.text(min_size=1, max_size=20))
def test_shopify_rows_are_what_csv_writer_would_write(name, sku, hs, origin, location):
    """The Shopify file is written column by column for speed: byte for byte what
    csv.writer writes row by row for the same (formula-safe) cells."""
    assume(location.strip())
    row = Listing(sku, 1, sku, name, 9, 2, 7, 3, False, "", hs, origin)
    made = render("shopify-inventory", [row], FileOptions(location=location)).text
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SHOPIFY_HEADER)
    writer.writerow([handle(name), safe_cell(name), "", "", "", "", "", "", safe_cell(sku),
                     safe_cell(hs) if hs else "", safe_cell(origin) if origin else "",
                     safe_cell(location.strip()), "", "", "", 3, 7, "", 10])
    assert made == out.getvalue()


def test_a_saved_layout_with_committed_carries_the_stores_open_orders(backend, tmp_path):
    """`committed` in a generic layout is the store's own not-yet-shipped units, as in
    Shopify's file (it was always 0 before)."""
    def world(session):
        add_product(session, "MUG", 10)
        store(session, "Shop", "shopify")
        order(session, "Shop", "shopify", [("MUG", 2)], "#1")
    backend.run(world)
    backend.run(pushing.save_mapping, "mine", [("SKU", "store_sku"), ("Open", "committed"),
                                               ("Qty", "quantity")])
    backend.run(pushing.push_stock, "Shop", tmp_path / "m.csv", "mapped:mine", actor=ACTOR)
    assert (tmp_path / "m.csv").read_bytes() == b"SKU,Open,Qty\r\nMUG,2,8\r\n"
