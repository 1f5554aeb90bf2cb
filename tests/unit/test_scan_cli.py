"""`backroom scan CODE [--json]`: how a code is read and which product it finds."""

from __future__ import annotations

import json

import pytest

from app.cli import main

GS = "\x1d"


@pytest.fixture
def shop(db_url, capsys):
    assert main(["--db", db_url, "demo", "--products", "5", "--orders", "3"]) == 0
    capsys.readouterr()
    return db_url


def scan_json(db: str, code: str, capsys) -> tuple[int, dict]:
    rc = main(["--db", db, "scan", code, "--json"])
    return rc, json.loads(capsys.readouterr().out)


def test_ean13_finds_its_product(shop, capsys):
    rc, out = scan_json(shop, "2000000000015", capsys)
    assert rc == 0
    assert out == {
        "input": "2000000000015", "kind": "ean13", "symbology": None, "gtin": "2000000000015",
        "gtins": ["2000000000015"], "sscc": None, "batch": None, "expiry": None, "serial": None,
        "count": None, "text": "2000000000015", "elements": {},
        "product": {"sku": "KC-00001", "name": out["product"]["name"]}, "refused": None}


def test_gs1_128_with_gs_written_as_a_tag(shop, capsys):
    rc, out = scan_json(shop, "]C1" + "0102000000000015" + "10LOT-7<GS>17270100", capsys)
    assert rc == 0
    assert (out["kind"], out["symbology"], out["gtin"]) == ("gs1", "]C1", "2000000000015")
    assert out["elements"] == {"01": "02000000000015", "10": "LOT-7", "17": "270100"}
    assert (out["batch"], out["expiry"]) == ("LOT-7", "2027-01-31")
    assert out["input"] == "]C1" + "0102000000000015" + "10LOT-7" + GS + "17270100"
    assert out["product"]["sku"] == "KC-00001"


def test_digital_link_in_a_qr_code(shop, capsys):
    rc, out = scan_json(shop, "]Q1https://example.com/01/02000000000015/10/B2?17=261231",
                        capsys)
    assert rc == 0
    assert out["kind"] == "digital_link" and out["product"]["sku"] == "KC-00001"
    assert out["elements"] == {"01": "02000000000015", "10": "B2", "17": "261231"}


def test_sku_and_unknown_code(shop, capsys):
    rc, out = scan_json(shop, "KC-00002", capsys)
    assert (rc, out["kind"], out["product"]["sku"]) == (0, "text", "KC-00002")
    rc, out = scan_json(shop, "NO-SUCH-THING", capsys)
    assert (rc, out["kind"], out["product"], out["refused"]) == (0, "text", None, None)


@pytest.mark.parametrize("code, why", [
    ("2000000000016", "check digit should be 5"),
    ("(10)ABCDEFGHIJKLMNOPQRSTUVWXYZ", "at most 20"),
    ("(01)02000000000015(09)1", "unknown application identifier"),
    ("0123456789\u2070\u2070\u2070", "not a digit 0-9"),
])
def test_a_misread_is_refused_with_exit_1_and_no_product(shop, capsys, code, why):
    rc, out = scan_json(shop, code, capsys)
    assert rc == 1
    assert out["kind"] is None and out["product"] is None and out["gtins"] == []
    assert why in out["refused"]


def test_plain_output(shop, capsys):
    assert main(["--db", shop, "scan", "]C1" + "0102000000000015" + "3712"]) == 0
    out = capsys.readouterr().out
    assert "Read as gs1 (symbology ]C1, GS1-128): 2000000000015" in out
    assert "(37) COUNT: 12" in out
    assert "Product: KC-00001" in out
    assert main(["--db", shop, "scan", "425261"]) == 0
    out = capsys.readouterr().out
    assert "Read as upce: 0042100005264" in out and "Product: none has this code" in out
    assert main(["--db", shop, "scan", "9501101530004"]) == 1
    assert capsys.readouterr().out.startswith("Refused: Misread: 9501101530004")
