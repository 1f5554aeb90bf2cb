"""All 383 GS1 test vectors of tests/data/gs1/vectors.json (from biip's, python-stdnum's and the
GS1 Syntax Engine's public test suites; see /work/shared/realdata/SOURCES.md) read by our
scan reader and compared with the suite's expected result.

Where our rules deliberately read a code differently from the suite, the case is listed in
DIFFERENT with the reason and what we do instead, and that is what the test checks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.services.stock.barcodes import gtin_check_digit, stored_gtin
from app.services.stock.gs1 import GS, Element, ElementError, gs1_date, split_elements
from app.services.stock.scan_codes import Misread, ScanCode, parse_scan, split_symbology

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "data" / "gs1" / "vectors.json").read_text("utf-8"))
# A fixed day: GS1 dates have two-digit years whose century depends on today.
TODAY = date(2026, 11, 23)


def read(raw: str) -> ScanCode | Misread:
    try:
        return parse_scan(raw, today=TODAY)
    except Misread as exc:
        return exc


def pairs(code: ScanCode) -> list[tuple[str, str]]:
    return [(e.ai, e.value) for e in code.elements]


def is_text(code: ScanCode | Misread) -> bool:
    return isinstance(code, ScanCode) and code.kind == "text" and not code.gtins \
        and code.sscc is None and not code.elements


def refused(code: ScanCode | Misread) -> bool:
    return isinstance(code, Misread)


# (suite, id) -> (why we differ, what we do instead)
Check = Callable[[ScanCode | Misread], bool]
DIFFERENT: dict[tuple[str, int], tuple[str, Check]] = {
    ("biip tests/test_parse.py::test_parse", 0): (
        "8 digits without an identifier are an EAN-8 (or UPC-E); biip also offers "
        "(96)385074, a GS1 reading we never use for a short retail code",
        lambda c: isinstance(c, ScanCode) and c.gtin == "96385074" and not c.elements),
    ("biip tests/test_parse.py::test_parse", 9): (
        "6 digits are a UPC-E sent without number system and check digit; biip also "
        "offers (425)261",
        lambda c: isinstance(c, ScanCode) and c.gtin == "0042100005264" and not c.elements),
    ("biip tests/test_parse.py::test_parse", 12): (
        "20 digits without an identifier whose SSCC check digit is wrong: not taken for GS1 "
        "(carriers print such numbers as tracking numbers); looked up as text",
        is_text),
    ("biip tests/test_parse.py::test_parse", 15): (
        "16 digits without an identifier whose GTIN check digit is wrong: not taken for GS1, "
        "an internal code that starts like one; looked up as text, it finds no GTIN",
        is_text),
    ("biip tests/test_parse.py::test_parse", 16): (
        "8 digits without an identifier are an EAN-8 or UPC-E; 15210527 is neither "
        "(bad check digit), so it is a misread, refused, not read as (15)210527",
        refused),
    ("biip tests/test_gs1_messages.py::test_parse_hri_fails_if_not_starting_with_parenthesis",
     1): (
        "our element reader takes both forms (brackets or FNC1); biip's parse_hri only the "
        "bracketed one, so 17221231 is a valid (17)221231 for us",
        lambda c: True),
    ("python-stdnum tests/test_gs1_128.doctest encode() output read back", 3): (
        "one (253) element sent without a symbology identifier is not guessed to be GS1 "
        "(22 digits may be a tracking number): plain text. With ]C1 or brackets it is read",
        is_text),
    ("GS1 Syntax Engine src/c-lib/scandata.c:844 processScanData", 1): (
        "no symbology identifier: the engine refuses; for us it is plain text (a SKU, bin or "
        "order number), as most wedge scanners send no identifier", is_text),
    ("GS1 Syntax Engine src/c-lib/scandata.c:852 processScanData", 6): (
        "an empty plain QR code: nothing to look up, refused", refused),
    ("GS1 Syntax Engine src/c-lib/scandata.c:879 processScanData", 15): (
        "an empty plain DataMatrix: nothing to look up, refused", refused),
    ("GS1 Syntax Engine src/c-lib/scandata.c:894 processScanData", 22): (
        "an empty plain DotCode: nothing to look up, refused", refused),
    ("GS1 Syntax Engine src/c-lib/scandata.c:930 processScanData", 39): (
        "]E0 with 12 digits: GS1 has UPC-A sent as 13 digits under ]E0, but scanners set "
        "not to add the 0 send 12; the check digit is right, so it is read as that UPC-A",
        lambda c: isinstance(c, ScanCode) and (c.kind, c.gtin) == ("upca", "0123456789012")),
    ("GS1 Syntax Engine src/c-lib/scandata.c:980 processScanData", 53): (
        "a web address in a plain QR code that is no Digital Link: the engine refuses it; "
        "for us it is text (any URL a label may carry)", is_text),
}


# -- one check per kind of vector --------------------------------------------------------

def check_parse(v: dict[str, Any]) -> None:
    code = read(v["input"])
    if v["gtin"] is None and v["sscc"] is None and v["gs1"] is None and not v["dl"]:
        assert refused(code) or is_text(code)
        return
    assert isinstance(code, ScanCode), code
    assert code.gtin == (stored_gtin(v["gtin"]) if v["gtin"] else None)
    if v["upc_a"]:
        assert stored_gtin(v["upc_a"]) in code.gtins
    assert code.sscc == v["sscc"]
    assert code.symbology == (v["symbology"] or "")
    assert (code.kind == "digital_link") == v["dl"]
    if not v["dl"]:
        assert pairs(code) == [(e["ai"], e["value"]) for e in v["gs1"] or []]
    for e, ours in zip(v["gs1"] or [], code.elements, strict=False):
        if e["date"]:
            assert ours.date == date.fromisoformat(e["date"])


def check_symbology(v: dict[str, Any]) -> None:
    assert split_symbology(v["input"])[0] == v["expect"]


def check_gtin_valid(v: dict[str, Any]) -> None:
    code = read(v["input"])
    assert isinstance(code, ScanCode) and code.gtin == stored_gtin(v["input"])


def check_gtin_invalid(v: dict[str, Any]) -> None:
    code = read(v["input"])
    assert refused(code) or is_text(code)


def check_upce(v: dict[str, Any]) -> None:
    code = read(v["input"])
    assert isinstance(code, ScanCode) and code.kind == "upce"
    assert code.gtin == stored_gtin(v["expect_upc_a"])
    assert v["expect_upc_a"][-1] == str(v["expect_check"])


def check_upce_invalid(v: dict[str, Any]) -> None:
    assert refused(read(v["input"]))


def check_sscc(v: dict[str, Any]) -> None:
    code = read(v["input"])
    if v["valid"]:
        assert isinstance(code, ScanCode) and (code.kind, code.sscc) == ("sscc", v["input"])
    else:
        assert refused(code) or is_text(code)


def check_checksum(v: dict[str, Any]) -> None:
    assert gtin_check_digit(v["input"]) == str(v["expect"])


def check_elements(v: dict[str, Any]) -> None:
    got = split_elements(v["input"])
    assert got == [(e["ai"], e["value"]) for e in v["expect"]]
    for e in v["expect"]:
        if e["date"]:
            assert gs1_date(e["value"], TODAY).isoformat() == e["date"]


def check_elements_hri(v: dict[str, Any]) -> None:
    assert "".join(f"({a}){x}" for a, x in split_elements(v["input"])) == v["expect_hri"]


def check_elements_fail(v: dict[str, Any]) -> None:
    with pytest.raises(ElementError):
        split_elements(v["input"])


def check_date(v: dict[str, Any]) -> None:
    if v["expect"] is None:
        with pytest.raises(ElementError):
            gs1_date(v["input"], TODAY)
    else:
        assert gs1_date(v["input"], TODAY).isoformat() == v["expect"]


def _stdnum_key(ai: str) -> str:
    # stdnum writes a measure as 3100 whatever its decimal point: compare without it.
    return ai[:3] if len(ai) == 4 and ai[:2] in {"31", "32", "33", "34", "35", "36"} else ai


def _stdnum_value(e: Element) -> str:
    """Our element as stdnum's info() prints it (dates, decimals, counts)."""
    if e.ai[:3] in {"391", "393"}:
        return f"({e.value[:3]!r}, Decimal({str(e.decimal)!r}))"
    if e.decimal is not None:
        return str(Decimal(int(e.value)).scaleb(-int(e.ai[3])))
    if e.ai == "7007" and len(e.value) == 12:
        return repr((gs1_date(e.value[:6], TODAY), gs1_date(e.value[6:], TODAY)))
    if e.ai in {"11", "12", "13", "15", "16", "17", "7007", "7011"} and len(e.value) == 6:
        return gs1_date(e.value, TODAY).isoformat()
    if e.datetime is not None:
        return e.datetime.isoformat()
    if e.ai == "7250":
        return date(int(e.value[:4]), int(e.value[4:6]), int(e.value[6:])).isoformat()
    if e.ai == "7251":
        return datetime.strptime(e.value, "%Y%m%d%H%M").isoformat()
    if e.ai == "37":
        return str(int(e.value))
    return e.value


def check_stdnum_info(v: dict[str, Any]) -> None:
    code = read(v["input"])
    if v["expect"] is None:
        assert refused(code)
        return
    assert isinstance(code, ScanCode) and code.kind == "gs1", code
    got = {_stdnum_key(e.ai): _stdnum_value(e) for e in code.elements}
    assert got == {_stdnum_key(k): x for k, x in v["expect"].items()}


def _unescape(engine_text: str) -> str:
    # The engine shows FNC1 as ^ and a data caret as \^.
    return engine_text.replace("\\\\", "\0").replace("\\^", "^").replace("\0", "\\")


def check_engine_scan(v: dict[str, Any]) -> None:
    code = read(v["input"])
    if not v["should_succeed"]:
        assert refused(code), code
        return
    assert isinstance(code, ScanCode), code
    if v.get("expect_elements"):
        assert pairs(code) == [(e["ai"], e["value"]) for e in v["expect_elements"]]
    elif v["dl_ais"]:
        assert code.kind == "digital_link"
        assert pairs(code) == split_elements(v["dl_ais"][1:].replace("^", GS))
    elif v["sym"] in {"EAN13", "EAN8"}:
        primary, _, composite = v["data_str"].partition("|")
        assert code.gtin == stored_gtin(primary)
        assert pairs(code) == (split_elements(composite[1:].replace("^", GS))
                               if composite else [])
    else:
        assert (code.kind, code.text) == ("text", _unescape(v["data_str"]))


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "parse": check_parse, "symbology": check_symbology, "gtin_valid": check_gtin_valid,
    "gtin_invalid": check_gtin_invalid, "upce": check_upce, "upce_invalid": check_upce_invalid,
    "sscc": check_sscc, "checksum": check_checksum, "elements": check_elements,
    "elements_hri": check_elements_hri, "elements_fail": check_elements_fail,
    "date": check_date, "stdnum_info": check_stdnum_info, "engine_scan": check_engine_scan,
}


def _id(v: dict[str, Any]) -> str:
    return f"{v['suite'].split()[0]}-{v['kind']}-{v['id']}-{v['input'][:24]!r}"


def test_all_383_vectors_are_here() -> None:
    assert len(VECTORS) == 383
    assert {v["kind"] for v in VECTORS} == set(CHECKS)
    keys = {(v["suite"], v["id"]) for v in VECTORS}
    assert set(DIFFERENT) <= keys  # every deliberate difference names a real case


@pytest.mark.parametrize("vector", VECTORS, ids=[_id(v) for v in VECTORS])
def test_vector(vector: dict[str, Any]) -> None:
    different = DIFFERENT.get((vector["suite"], vector["id"]))
    if different is not None:
        why, ours = different
        if vector["kind"] == "elements_fail":
            assert split_elements(vector["input"]) == [("17", "221231")], why
        else:
            assert ours(read(vector["input"])), why
        return
    CHECKS[vector["kind"]](vector)
