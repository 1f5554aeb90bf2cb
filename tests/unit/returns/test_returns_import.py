"""Store returns files: parsed into plain records (bad cells named), imported as expected
returns that the station's scans find; importing the same file again changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.models.returns import Return
from app.services.importers.csv_text import Source
from app.services.importers.returns_detect import parse_returns
from app.services.importers.returns_records import reason_code_for
from app.services.returns import importing, opening
from app.services.returns.lookup import find_return
from app.services.returns.station import read_code
from tests.unit.returns.world import PACKER, ledger_holds, shipped_world

DATA = Path(__file__).parents[2] / "data" / "returns"
STORE = "Kettle & Co"
MFN_HEADER = ("Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\t"
              "Merchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\t"
              "Tracking ID\tLabel to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\t"
              "Item Name\tReturn quantity\tReturn Reason\tIn policy\tReturn type\tResolution\t"
              "Invoice number\tReturn delivery date\tOrder Amount\tOrder quantity\n")


def _mfn_row(order: str, rma: str, sku: str, qty: str, reason: str, *,
             status: str = "Approved", tracking: str = "9202090339598363834190",
             day: str = "14-Nov-2026") -> str:
    return (f"{order}\t10-Nov-2026\t{day}\t{status}\t{rma}\t \tAmazonPrePaidLabel\t4.14\tEUR\t"
            f"USPS\t{tracking}\tSeller\tN\tN\tB0DFN2HN9N\t{sku}\tMug\t{qty}\t{reason}\tY\t"
            "C-Returns\tStandardRefund\t \t \t21.38\t2\n")


def _mfn(*rows: str) -> Source:
    return Source("returns-report.txt", (MFN_HEADER + "".join(rows)).encode())


def test_amazon_returns_report_parses_to_records():
    parsed = parse_returns(_mfn(
        _mfn_row("1001", "DfqRyqfBRRMA", "MUG-RED", "2", "AMZ-PG-WJ-TOO-SMALL"),
        _mfn_row("1001", "DfqRyqfBRRMA", "TEA-50", "1", "AMZ-PG-WJ-TOO-SMALL"),
        _mfn_row("1002", "RejectedRMA", "MUG-RED", "1", "CR-UNWANTED_ITEM",
                 status="Rejected")))
    assert parsed.ok and parsed.format == "amazon-returns" and parsed.rows == 3
    assert [(r.external_id, r.sku, r.quantity, r.reason_code, r.source_row)
            for r in parsed.records] == [("DfqRyqfBRRMA", "MUG-RED", 2, "doesnt_fit", 2),
                                         ("DfqRyqfBRRMA", "TEA-50", 1, "doesnt_fit", 3)]
    assert parsed.records[0].requested_at.isoformat() == "2026-11-14T00:00:00+00:00"
    assert parsed.records[0].tracking == "9202090339598363834190"
    assert parsed.skipped == ((4, "Amazon rejected this return request"),)


def test_a_bad_cell_is_named_by_file_row_and_column_and_nothing_is_kept():
    parsed = parse_returns(_mfn(_mfn_row("1001", "A1", "MUG-RED", "two", "CR-DEFECTIVE"),
                                _mfn_row("1001", "", "MUG-RED", "1", "CR-DEFECTIVE",
                                         day="31-Feb-2026")))
    assert not parsed.ok and parsed.records == ()
    shown = [str(p) for p in parsed.problems]
    assert shown[0].startswith("returns-report.txt, row 2, column 'Return quantity': ")
    assert any(s.startswith("returns-report.txt, row 3, column 'Amazon RMA ID'")
               for s in shown)
    assert any(s.startswith("returns-report.txt, row 3, column 'Return request date'")
               for s in shown)


def test_reason_codes_of_the_stores_map_onto_ours():
    assert [reason_code_for(t) for t in (
        "CR-DAMAGED_BY_CARRIER", "CR-DEFECTIVE", "CR-UNWANTED_ITEM", "CR-SWITCHEROO",
        "AMZ-PG-APP-TOO-LARGE", "CR-MISSED_ESTIMATED_DELIVERY", "CR-NOT_AS_DESCRIBED",
        "whatever")] == ["damaged", "defective", "changed_mind", "wrong_item", "doesnt_fit",
                         "late", "not_as_described", "other"]


def test_an_unknown_file_is_refused_with_what_is_known():
    parsed = parse_returns(Source("x.csv", b"a,b\n1,2\n"))
    assert not parsed.ok
    assert "not a returns file Backroom knows" in str(parsed.problems[0])


def test_import_opens_expected_returns_the_scan_finds_and_twice_changes_nothing(session):
    shipped_world(session)
    source = _mfn(_mfn_row("1001", "DfqRyqfBRRMA", "MUG-RED", "2", "CR-DAMAGED_BY_CARRIER"),
                  _mfn_row("1001", "DfqRyqfBRRMA", "TEA-50", "1", "CR-DAMAGED_BY_CARRIER"),
                  _mfn_row("9999", "Other", "MUG-RED", "1", "CR-DEFECTIVE"),
                  _mfn_row("1002", "Never", "MUG-RED", "1", "CR-DEFECTIVE"))
    done = importing.import_returns(session, PACKER, "r.txt", parse_returns(source),
                                    store=STORE)
    assert [(o.external_id, o.order_number, o.units) for o in done.opened] == [
        ("DfqRyqfBRRMA", "#1001", 3)]
    assert done.skipped[0] == (4, f"no order 9999 in store {STORE}; import its orders first")
    assert done.skipped[1][0] == 5 and "never shipped" in done.skipped[1][1]
    ret = session.get(Return, done.opened[0].id)
    assert (ret.status, ret.reason_code, ret.source, ret.external_id) == (
        "expected", "damaged", "amazon", "DfqRyqfBRRMA")
    assert "CR-DAMAGED_BY_CARRIER" in ret.note
    # The packer scans the order's slip or the return parcel's tracking: it is found.
    order = opening.returnable_order(session, ret.order_id)
    assert order.open_return_id == ret.id
    assert find_return(session, "9202090339598363834190") == ret.id
    assert read_code(session, "9202090339598363834190").return_id == ret.id
    again = importing.import_returns(session, PACKER, "r.txt", parse_returns(source),
                                     store=STORE)
    assert (again.opened, again.already) == ([], 1)
    assert session.scalar(select(func.count(Return.id))) == 1
    assert ledger_holds(session)


def test_receiving_an_expected_return_moves_it_on(session):
    from app.services.returns import receiving

    shipped_world(session)
    done = importing.import_returns(session, PACKER, "r.txt", parse_returns(_mfn(
        _mfn_row("1001", "R1", "MUG-RED", "1", "CR-DEFECTIVE", tracking=""))), store=STORE)
    rid = done.opened[0].id
    got = receiving.receive_scan(session, PACKER, rid, "MUG-RED", condition="damaged",
                                 disposition="scrap")
    assert got.status == "received"
    assert ledger_holds(session)


def test_fba_returns_went_to_amazon_and_are_left_out(session):
    shipped_world(session)
    text = ("return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\t"
            "fulfillment-center-id\tdetailed-disposition\treason\tstatus\t"
            "license-plate-number\tcustomer-comments\n"
            "2026-11-05T15:31:40+00:00\t1001\tMUG-RED\tB00TZ73MUY\tX0001\tMug\t1\tPHX7\t"
            "SELLABLE\tUNWANTED_ITEM\tUnit returned to inventory\tLPNHE123\tnot needed\n")
    parsed = parse_returns(Source("fba.txt", text.encode()))
    assert parsed.ok and parsed.format == "amazon-fba-returns"
    done = importing.import_returns(session, PACKER, "fba.txt", parsed, store=STORE)
    assert done.opened == [] and done.skipped[0][0] == 2
    assert "nothing comes to us" in done.skipped[0][1]


def test_real_shopify_export_a_partial_refund_is_left_out_by_name():
    data = (DATA / "shopify_autofulfill5000_orders_export.csv").read_bytes()
    parsed = parse_returns(Source("orders_export.csv", data))
    assert parsed.ok and parsed.format == "shopify-refunds" and parsed.records == ()
    assert parsed.skipped and all("#1095 is partly refunded" in why
                                  for _row, why in parsed.skipped)


def test_shopify_fully_refunded_shipped_order_opens_a_return(session):
    shipped_world(session)
    text = ("Name,Email,Financial Status,Fulfillment Status,Currency,Refunded Amount,"
            "Lineitem quantity,Lineitem name,Lineitem sku\n"
            "#1001,a@example.com,refunded,fulfilled,EUR,24.00,2,Mug,MUG-RED\n"
            "#1001,,,,,,1,Tea,TEA-50\n"
            "#1002,b@example.com,paid,fulfilled,EUR,0.00,1,Mug,MUG-RED\n")
    parsed = parse_returns(Source("orders_export.csv", text.encode()))
    assert [(r.external_id, r.sku, r.quantity) for r in parsed.records] == [
        ("refund:#1001", "MUG-RED", 2), ("refund:#1001", "TEA-50", 1)]
    done = importing.import_returns(session, PACKER, "orders_export.csv", parsed)
    assert done.store == STORE and [o.units for o in done.opened] == [3]
    assert session.get(Return, done.opened[0].id).status == "expected"
