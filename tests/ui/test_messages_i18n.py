"""The services' words in the window's language, and numbers, dates and units as chosen.

A service raises or returns a Message (an English template and its values, a str whose text
is the English sentence); the window translates the template (context "messages") and fills
in the values. These tests drive the station in Chinese, check that every template written in
app/services has its Chinese, and that the Orders list writes dates the chosen way.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.core.errors import FileProblem, InvalidInput
from app.services.core.messages import Message
from app.services.importers.order_records import RowProblem
from app.services.packing import station as packing
from app.ui.common import formats, i18n
from app.ui.common.messages import error_text, message_text
from app.ui.common.scanner_input import ScannerSettings
from tests.packing_world import MUG_EAN, build_world
from tests.ui.settings_fixtures import own_settings  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "translations" / "backroom_zh_CN.ts"
QM = TS.with_suffix(".qm")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def qm_file() -> Path:
    if not QM.exists() or QM.stat().st_mtime < TS.stat().st_mtime:
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(QM)], check=True)
    return QM


@pytest.fixture
def chinese(qapp, qm_file) -> Iterator[None]:
    assert i18n.install("zh_CN") == "zh_CN"
    yield
    i18n.install("en")


def scan(widget, code: str) -> None:
    """A cabled scanner: keys 2 ms apart, then Enter."""
    target = QApplication.focusWidget() or widget
    for ch in code:
        QTest.keyClick(target, ch, Qt.KeyboardModifier.NoModifier, 2)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 2)


# -- the templates --------------------------------------------------------------------------

def _is_marked(node: ast.AST) -> bool:
    """QT_TRANSLATE_NOOP("messages", "…"), or a choice between two of them."""
    if isinstance(node, ast.IfExp):
        return _is_marked(node.body) and _is_marked(node.orelse)
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "QT_TRANSLATE_NOOP")


def _service_calls() -> Iterator[tuple[str, ast.Call]]:
    for path in sorted((ROOT / "app" / "services").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield where, node


def service_templates() -> dict[str, str]:
    """Every template the services mark for the "messages" context -> where it is."""
    found: dict[str, str] = {}
    for where, call in _service_calls():
        if (isinstance(call.func, ast.Name) and call.func.id == "QT_TRANSLATE_NOOP"
                and len(call.args) == 2 and isinstance(call.args[0], ast.Constant)
                and call.args[0].value == "messages"):
            text = call.args[1]
            assert isinstance(text, ast.Constant) and isinstance(text.value, str), \
                f"{where}:{call.lineno}: a template must be written out (lupdate reads it)"
            found.setdefault(text.value, f"{where}:{call.lineno}")
    return found


def ts_messages() -> dict[str, tuple[str, str | None]]:
    """The "messages" context of the .ts: source -> (translation, type)."""
    root = ET.parse(TS).getroot()
    out: dict[str, tuple[str, str | None]] = {}
    for context in root.iter("context"):
        if context.findtext("name") != "messages":
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out[message.findtext("source") or ""] = (translation.text or "",
                                                      translation.get("type"))
    return out


def test_every_service_template_has_its_chinese_with_the_same_values():
    templates = service_templates()
    assert len(templates) > 60, "the scan found the services' templates"
    translated = ts_messages()
    missing = [f"{where}: {t!r}" for t, where in templates.items()
               if t not in translated or translated[t][1] is not None or not translated[t][0]]
    assert not missing, "no Chinese for (run `make ts` and translate):\n" + "\n".join(missing)
    wrong = [f"{t!r} -> {translated[t][0]!r}" for t in templates
             if sorted(_PLACEHOLDER.findall(t)) != sorted(_PLACEHOLDER.findall(translated[t][0]))]
    assert not wrong, "a translation must keep every {value} of its template:\n" + \
        "\n".join(wrong)


def test_a_template_with_values_is_always_marked_for_translation():
    """`raise X("…", value=…)` or `Message("…", …)` with an unmarked template would show
    English in Chinese; the template must be QT_TRANSLATE_NOOP("messages", …)."""
    unmarked = []
    for where, call in _service_calls():
        name = call.func.id if isinstance(call.func, ast.Name) else ""
        if not (name[:1].isupper() and call.args):
            continue
        first = call.args[0]
        template = isinstance(first, ast.Constant) and isinstance(first.value, str) and \
            "{" in first.value and bool(call.keywords)
        # A name holds a template marked where it was written (a table of them).
        written_here = isinstance(first, ast.Constant | ast.JoinedStr | ast.BinOp)
        if template or (name == "Message" and written_here):
            unmarked.append(f"{where}:{call.lineno}")
    assert not unmarked, "templates not marked with QT_TRANSLATE_NOOP:\n" + "\n".join(unmarked)


def test_an_error_keeps_its_english_text_for_the_log_and_the_command_line():
    exc = packing.WrongItem("Wrong item: {name} ({sku}) is not in this order.",
                            name="Pen", sku="PEN-1")
    assert str(exc) == "Wrong item: Pen (PEN-1) is not in this order."
    assert exc.args == ("Wrong item: Pen (PEN-1) is not in this order.",)
    assert exc.message.template.startswith("Wrong item: {name}")
    # Without values the text is the template as it is, braces and all.
    assert str(InvalidInput("Use {braces} freely")) == "Use {braces} freely"
    # A list of values reads "a; b" in English.
    assert Message("{parts}.", parts=["a", Message("b")]) == "a; b."


def test_messages_and_file_problems_are_english_by_default(qapp):
    problem = RowProblem("orders.csv", 12, "Quantity", "not a number")
    assert str(problem) == "orders.csv, row 12, column 'Quantity': not a number"
    assert message_text(problem.message) == str(problem)
    assert error_text(FileProblem("a.csv", None, None, "empty")) == "a.csv: empty"
    assert error_text(OSError("disk full")) == "disk full"


def test_file_problems_name_file_row_and_column_in_chinese(chinese):
    problem = RowProblem("orders.csv", 12, "Quantity", "not a number")
    text = message_text(problem.message)
    assert "orders.csv" in text and "12" in text and "Quantity" in text
    assert "row" not in text and "行" in text and "列" in text
    assert str(problem) == "orders.csv, row 12, column 'Quantity': not a number"


# -- the station, driven like a packer --------------------------------------------------

def test_a_wrong_scan_at_the_station_reads_chinese(chinese, qtbot, backend):
    from app.ui.packing.tab import PackingTab

    backend.run(build_world)
    tab = PackingTab(backend)
    tab.sounds.set_muted(True)
    qtbot.addWidget(tab)
    tab.resize(1100, 750)
    tab.show()
    qtbot.waitExposed(tab)
    station = tab.station
    # A busy test machine must not make a scan look like typing (tests/ui/test_packing_tab).
    station.scanner.configure(ScannerSettings(max_gap_ms=250))
    station.table.setFocus()
    scan(station, "#1001")
    assert station.view is not None and station.view.number == "#1001"

    scan(station, MUG_EAN)                      # right item: "Mug: 1 of 2" in Chinese
    good = station.banner.text()
    assert good.startswith("✔") and "of" not in good and "1" in good and "2" in good

    scan(station, "PEN-1")                      # an item of another order
    wrong = station.banner.text()
    assert wrong.startswith("✘") and "PEN-1" in wrong
    assert "Wrong item" not in wrong and "not in this order" not in wrong
    assert "不在" in wrong, wrong

    scan(station, "NOSUCHCODE")                 # a code nobody knows
    unknown = station.banner.text()
    assert "NOSUCHCODE" in unknown and "Unknown code" not in unknown, unknown

    # The audit keeps the refusal in English, as the command line shows it.
    from sqlalchemy import select

    from app.models import AuditEvent
    reasons = backend.read(lambda s: [e.details for e in s.scalars(select(AuditEvent))])
    assert any("Wrong item: " in str(d) for d in reasons)


def test_a_short_order_explains_itself_in_chinese(chinese):
    from app.services.packing.reads import Shortage

    exc = packing.OrderShort("#7", [Shortage("MUG-1", "Mug", 3, 1, ())])
    assert str(exc).startswith("Order #7 cannot be packed: not enough in the bins. MUG-1 (Mug)")
    text = error_text(exc)
    assert "#7" in text and "MUG-1" in text and "cannot be packed" not in text
    assert "none in stock anywhere" not in message_text(exc.details[0])


# -- dates, numbers and units ---------------------------------------------------------------

def _placed_cell(qtbot, backend) -> tuple[str, str]:
    from app.ui.orders.tab import OrdersTab

    tab = OrdersTab(backend)
    qtbot.addWidget(tab)
    tab.refresh()
    model = tab.model
    assert model.rowCount() > 0
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in
               range(model.columnCount())]
    placed = model.data(model.index(0, 2))
    items = model.data(model.index(0, 4))
    assert columns[2] in ("Placed", "下单时间") or columns[2]
    return str(placed), str(items)


def test_switching_to_chinese_changes_the_dates_of_the_orders_list(qm_file, qtbot, backend,
                                                                   own_settings):  # noqa: F811
    backend.run(build_world)
    i18n.install("en")
    english, _ = _placed_cell(qtbot, backend)
    moment = datetime(2026, 11, 23, 8, 0, tzinfo=UTC).astimezone()
    assert english == formats.datetime_text(moment)
    assert re.fullmatch(r"11/23/26 \d{1,2}:\d\d\s[AP]M", english), english
    try:
        i18n.install("zh_CN")
        chinese, items = _placed_cell(qtbot, backend)
        assert chinese != english
        assert re.fullmatch(r"2026/11/23 \d\d:\d\d", chinese), chinese
        assert items == QLocale().toString(int(items))
        # Numbers follow the language: a language that writes 12.345 writes it so.
        QLocale.setDefault(QLocale("de_DE"))
        assert formats.number_text(12345) == "12.345"
        assert formats.weight_text(1250, "kg") == "1,25 kg"
    finally:
        i18n.install("en")


def test_chosen_units_and_date_format_survive_a_restart(qapp, qtbot, own_settings):  # noqa: F811
    from app.ui.settings.formats_page import FormatsPage

    i18n.install("en")
    assert formats.weight_text(1000) == "1,000 g"    # the default unit
    page = FormatsPage()
    qtbot.addWidget(page)
    page.weight.setCurrentIndex(page.weight.findData("lb"))
    page.length.setCurrentIndex(page.length.findData("in"))
    page.date_format.setCurrentIndex(page.date_format.findData("dd.MM.yyyy"))
    page.save_button.click()
    try:
        assert formats.weight_text(1000) == "2.2 lb"          # at once, after Save
        assert formats.length_text(254) == "10 in"
        i18n.install("en")                                    # the next start reads them again
        assert formats.weight_text(1000) == "2.2 lb"
        moment = datetime(2026, 11, 23, 8, 0, tzinfo=UTC).astimezone()
        assert formats.datetime_text(moment).startswith("23.11.2026 ")
        again = FormatsPage()
        qtbot.addWidget(again)
        assert again.weight.currentData() == "lb" and again.length.currentData() == "in"
    finally:
        formats.forget()


def test_the_link_line_question_names_the_listing_in_chinese(qtbot, backend, chinese,
                                                              monkeypatch):
    """The question a SKU-less line's link asks says "listing …" in the chosen language
    (it was built in English)."""
    from PySide6.QtWidgets import QInputDialog

    from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
    from app.services.orders.importing import import_into_store
    from tests.ui.test_orders_tab import _select_number, make_tab
    from tests.unit.orders.helpers import ACTOR

    record = OrderRecord("1", "#1", datetime(2026, 11, 1, tzinfo=UTC), "EUR", (
        OrderLineRecord("", "Silver ring", 1, 1000, listing_id="1234567",
                        variation="Size: M"),), total_minor=1000, bill_name="Buyer")
    backend.run(import_into_store, ParseResult("etsy", (record,)), "Etsy", "etsy",
                actor=ACTOR)
    tab = make_tab(qtbot, backend)
    _select_number(tab, "#1")
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda _w, _t, text, *a, **k: (asked.append(text), ("", False))[1])
    assert not tab.detail.link_selected_line()
    assert "商品链接 1234567（Size: M）" in asked[0] and "listing" not in asked[0]
