"""Scan parsing: GTIN check digits, UPC-E, GS1 element strings, symbology identifiers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.core.errors import BackroomError, InvalidInput
from app.services.stock.barcodes import gtin_check_digit, normalise_barcode
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


# -- issue 11: superscript digits, new forms, refusals ---------------------------------------

@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_never_a_crash(raw: str) -> None:
    try:
        code = scan(raw)
    except Misread:
        return
    assert code.kind in {"ean13", "ean8", "upca", "upce", "gtin14", "sscc", "gs1",
                         "digital_link", "text"}
    for gtin in code.gtins:
        assert gtin.isascii()


@given(st.text(max_size=20))
def test_any_product_barcode_is_stored_or_refused_with_a_message(raw: str) -> None:
    try:
        code, _kind = normalise_barcode(raw)
    except InvalidInput:
        return
    assert code and not any(ch.isspace() for ch in code)


@pytest.mark.parametrize("raw", ["0123456789\u2070\u2070\u2070", "400638133393\u00b9",
                                 "\u0664\u0660\u0660\u0666\u0663\u0668\u0661\u0663\u0663"
                                 "\u0663\u0669\u0663\u0661"])
def test_superscript_and_arabic_indic_digits_are_refused_not_a_crash(raw: str) -> None:
    with pytest.raises(Misread, match="not a digit 0-9"):
        scan(raw)
    with pytest.raises(InvalidInput, match="not a digit 0-9"):
        normalise_barcode(raw)


def test_products_import_refuses_a_superscript_barcode_by_row_and_column(tmp_path,
                                                                         backend) -> None:
    from app.services.core.errors import FileProblem
    from app.services.stock.products_file import import_products

    src = tmp_path / "products.csv"
    src.write_text("sku,name,barcodes,price,cost,currency\n"
                   "A-1,Apple,4006381333931,2.50,1.00,EUR\n"
                   "B-2,Pear,0123456789\u2070\u2070\u2070,2.50,1.00,EUR\n", encoding="utf-8")
    with pytest.raises(FileProblem) as info:
        backend.run(import_products, src)
    message = str(info.value)  # a message naming the row, not a ValueError traceback
    assert "products.csv" in message and "row 3" in message and "barcodes" in message


@pytest.mark.parametrize("raw, kind, gtin", [
    ("]I105901234123457", "gtin14", "5901234123457"),      # ITF-14 on a carton
    ("]I110614141000415", "gtin14", "10614141000415"),
    ("425261", "upce", "0042100005264"),                    # UPC-E without NS and check
    ("1425261", "upce", "0142100005261"),                   # UPC-E without check digit
    ("]E0425261", "upce", "0042100005264"),
])
def test_itf14_and_short_upce_are_read(raw: str, kind: str, gtin: str) -> None:
    code = scan(raw)
    assert (code.kind, code.gtin) == (kind, gtin)


def test_digital_link_in_a_qr_code() -> None:
    for raw in ("https://id.gs1.org/01/09501101530003/10/ABC123?17=250100",
                "]Q1HTTPS://EXAMPLE.COM/01/09501101530003/10/ABC123?17=250100",
                "]Q3https://brand.example/01/9501101530003/10/ABC123?17=250100"):
        code = scan(raw)
        assert code.kind == "digital_link", raw
        assert (code.gtin, code.batch, code.expiry) == ("9501101530003", "ABC123",
                                                        date(2025, 1, 31))
    # Any other web address stays text (a tracking link, a shop page).
    assert scan("]Q1https://example.com/track?id=1").kind == "text"
    with pytest.raises(Misread, match="check digit"):
        scan("https://id.gs1.org/01/09501101530004")


def test_bare_sscc_and_logistics_label_without_identifier() -> None:
    assert (scan("106141411234567897").kind, scan("106141411234567897").sscc) == (
        "sscc", "106141411234567897")
    # (02) contents GTIN + (37) count + (10) batch, sent without ]C1.
    code = scan("0209501101530003" + "3724" + GS + "10LOT9")
    assert (code.kind, code.gtin, code.count, code.batch) == ("gs1", "9501101530003", 24,
                                                               "LOT9")
    # A label's second line: (15) best before and (10) batch.
    code = scan("15270630" + "10LOT9")
    assert code.kind == "gs1" and code.batch == "LOT9" and code.gtin is None


@pytest.mark.parametrize("raw, why", [
    ("]C1" + "0109501101530003" + "10" + "A" * 21, "at most 20"),
    ("(01)09501101530003(10)" + "B" * 21, "at most 20"),
    ("0109501101530003" + "10" + "C" * 21, "at most 20"),   # no identifier, but GTIN first
    ("]C1" + "0109501101530003" + "10" + "D" * 21 + "17250101", "at most 20"),
    ("]C1" + "0109501101530003" + "0912", "unknown application identifier"),
    ("(01)09501101530003(09)12", "unknown application identifier"),
    ("]d2" + "0109501101530003" + "2312", "unknown application identifier"),
])
def test_overlong_batch_and_unknown_ai_are_refused(raw: str, why: str) -> None:
    with pytest.raises(Misread, match=why):
        scan(raw)


def test_variable_field_before_another_needs_fnc1() -> None:
    # (10) ABC then (17) without GS: taken as a 20-character-max batch "ABC17250101", which
    # is what the symbol says; with GS the two fields are apart.
    assert scan("]C1" + "10ABC" + GS + "17250101").batch == "ABC"
    assert scan("]C1" + "10ABC17250101").batch == "ABC17250101"
