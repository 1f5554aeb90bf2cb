"""Scan parsing: GTIN check digits, UPC-E, GS1 element strings, symbology identifiers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.core.errors import BackroomError
from app.services.stock.barcodes import gtin_check_digit
from app.services.stock.gs1 import split_elements
from app.services.stock.scan_codes import (
    Misread,
    ScanCode,
    parse_scan,
    reference_text,
    stored_gtin,
    upce_to_upca,
)

TODAY = date(2026, 11, 23)
GS = "\x1d"


def scan(raw: str) -> ScanCode:
    return parse_scan(raw, today=TODAY)


# Published examples: GS1 General Specifications / GS1 Digital Link standard example
# keys (GTIN 09501101530003, 09506000134352, 80614141123458; SSCC 106141411234567897).
@pytest.mark.parametrize("raw, gtin", [
    ("9501101530003", "9501101530003"),
    ("09501101530003", "9501101530003"),
    ("80614141123458", "80614141123458"),
    ("09506000134352", "9506000134352"),
])
def test_published_gtins_parse(raw: str, gtin: str) -> None:
    assert scan(raw).gtin == gtin


def test_gs1_128_with_gtin_expiry_batch_in_all_transmissions() -> None:
    bracketed = "(01)09501101530003(17)250101(10)ABC123"
    forms = [
        bracketed,
        "]C1" + "0109501101530003" + "17250101" + "10ABC123",          # FNC1 absent at end
        "]C1" + "0109501101530003" + "10ABC123" + GS + "17250101",     # GS after variable
        "]d2" + "0109501101530003" + "17250101" + "10ABC123\r\n",      # DataMatrix + Enter
        "]Q3" + GS + "0109501101530003" + "17250101" + "10ABC123",     # leading FNC1 as GS
        "0109501101530003" + "17250101" + "10ABC123",                  # no identifier
    ]
    for raw in forms:
        code = scan(raw)
        assert code.kind == "gs1", raw
        assert code.gtin == "9501101530003"
        assert code.batch == "ABC123"
        assert code.expiry == date(2025, 1, 1)
        assert code.raw == raw


def test_serial_count_and_sscc() -> None:
    code = scan("]d2" + "0180614141123458" + "216789" + GS + "3712" + GS + "10L-7")
    assert (code.gtin, code.serial, code.count, code.batch) == ("80614141123458", "6789", 12,
                                                                "L-7")
    sscc = scan("]C1" + "00106141411234567897")
    assert sscc.sscc == "106141411234567897" and sscc.gtin is None
    assert scan("00106141411234567897").sscc == "106141411234567897"


def test_expiry_day_zero_is_end_of_month_and_century_window() -> None:
    assert scan("(01)09501101530003(17)280200").expiry == date(2028, 2, 29)
    assert scan("(01)09501101530003(17)991231").expiry == date(1999, 12, 31)
    assert scan("(01)09501101530003(17)760101").expiry == date(2076, 1, 1)


def test_unknown_fixed_and_variable_ais_are_skipped_correctly() -> None:
    # 3103 is a fixed-length net weight; 400 a variable customer order number.
    pairs = split_elements("0109501101530003" + "3103000189" + "400PO-55" + GS + "10B1")
    assert pairs == [("01", "09501101530003"), ("3103", "000189"), ("400", "PO-55"),
                     ("10", "B1")]


def test_upca_and_its_ean13_are_the_same_item() -> None:
    assert scan("042100005264").gtin == scan("0042100005264").gtin == "0042100005264"
    assert scan("]E0042100005264").kind == "upca"


def test_upce_expands_to_the_upca() -> None:
    # The textbook pair: UPC-E 04252614 is UPC-A 042100005264.
    assert upce_to_upca("04252614") == "042100005264"
    assert scan("]E004252614").gtin == "0042100005264"
    # One of each expansion rule (last of the six digits 0-2, 3, 4, 5-9).
    for upce, upca in [("01234505", "012000003455"), ("01234523", "012200003453"),
                       ("01234531", "012300000451"), ("01234543", "012340000053"),
                       ("01234558", "012345000058")]:
        assert upce_to_upca(upce) == upca
        assert gtin_check_digit(upca[:-1]) == upca[-1]


def test_ean8_with_identifier_and_ambiguous_8_digits() -> None:
    assert scan("]E496385074").gtin == "96385074"
    # Without an identifier 8 digits may be EAN-8 or UPC-E: 04252614 is only a valid UPC-E,
    # 96385074 only a valid EAN-8, 01234558 valid as both (both readings are offered).
    assert scan("04252614").gtins == ("0042100005264",)
    assert scan("96385074").gtins == ("96385074",)
    assert scan("01234558").gtins == ("01234558", "0012345000058")
    assert scan("]E001234558").gtins == ("0012345000058",)


@pytest.mark.parametrize("raw", [
    "9501101530004", "09501101530004", "042100005265", "]E004252615", "]E04252615",
    "(01)09501101530004(10)X", "]C10109501101530004" + "10ABC", "]C100106141411234567898",
])
def test_wrong_check_digit_is_a_misread(raw: str) -> None:
    with pytest.raises(Misread) as info:
        scan(raw)
    assert isinstance(info.value, BackroomError)
    assert "Scan it again" in str(info.value)


@pytest.mark.parametrize("raw", [
    "]C1" + "01095011015300", "]C1" + "0109501101530003" + "17251301", "]d2" + "0109501101530003"
    + "37ABC", "(01)09501101530003(10", ""])
def test_broken_gs1_data_is_a_misread(raw: str) -> None:
    with pytest.raises(Misread):
        scan(raw)


@pytest.mark.parametrize("raw, text", [
    ("#1001", "#1001"), ("1001\r", "1001"), ("SKU-MUG-RED", "SKU-MUG-RED"),
    ("A-01-03", "A-01-03"), ("1Z999AA10123456784", "1Z999AA10123456784"),
    ("]C0123456789012", "123456789012"),  # Code 128 digits: a carrier number, not a UPC
    ("TOTE-07\t", "TOTE-07"), ("0123", "0123"),
])
def test_plain_text_candidates(raw: str, text: str) -> None:
    code = scan(raw)
    assert (code.kind, code.text, code.gtin) == ("text", text, None)


def test_reference_text_strips_identifier_and_suffix() -> None:
    assert reference_text("]C0#1001\r\n") == "#1001"
    assert reference_text("  1Z999AA10123456784\n") == "1Z999AA10123456784"


def test_stored_gtin_forms() -> None:
    assert stored_gtin("00000096385074") == "96385074"
    assert stored_gtin("10614141000415") == "10614141000415"


@st.composite
def valid_gtins(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from([12, 13, 14]))
    body = draw(st.text("0123456789", min_size=length - 1, max_size=length - 1))
    return body + gtin_check_digit(body)


@given(valid_gtins())
def test_any_valid_gtin_parses(code: str) -> None:
    parsed = scan(code)
    assert parsed.gtin == stored_gtin(code)
    as14 = code.rjust(14, "0")
    # GTIN-14s starting 000000 are GTIN-8s by GS1 rule (GTIN-12 prefixes 0000x are reserved).
    assert scan(f"(01){as14}").gtin == (as14[6:] if as14.startswith("000000")
                                         else stored_gtin(code))


@given(st.text("0123456789", min_size=7, max_size=7))
def test_any_valid_ean8_parses_with_identifier(body: str) -> None:
    code = body + gtin_check_digit(body)
    assert scan("]E4" + code).gtin == code


@given(valid_gtins(), st.data())
def test_any_single_digit_change_is_refused(code: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(code) - 1))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != code[pos]]))
    changed = code[:pos] + new + code[pos + 1:]
    with pytest.raises(Misread):
        scan(changed)
    with pytest.raises(Misread):
        scan("(01)" + changed.rjust(14, "0"))


@given(st.text("0123456789", min_size=7, max_size=7), st.data())
def test_any_single_digit_change_to_ean8_is_refused(body: str, data: st.DataObject) -> None:
    code = body + gtin_check_digit(body)
    pos = data.draw(st.integers(0, 7))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != code[pos]]))
    with pytest.raises(Misread):
        scan("]E4" + code[:pos] + new + code[pos + 1:])
