"""Issue 19, what the screenshots showed in English in Chinese: every page of every tab of the
window (not only each tab's first page), an order's event details, a buffer rule, the
approval limit of several currencies, and the column-mapping dialog's "auto"."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget
from sqlalchemy import select

from app.models import AuditEvent, Order
from app.services.core.backend import Actor, Backend
from app.services.core.messages import QT_TRANSLATE_NOOP, Listing, Message
from app.services.core.supervisors import PermissionDenied
from app.services.orders import reads as orders
from app.services.push.buffers import Rule
from app.ui.common.messages import error_text, message_text
from app.ui.common.workers import JobRunner
from tests.ui.test_translations import _untranslated_of, chinese, qm_file  # noqa: F401

# Commands to type, shown as they are in every language.
COMMANDS = ("backroom insights ads import", "backroom insights rates home")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _settle(qtbot, window) -> None:
    for runner in window.findChildren(JobRunner):
        runner.wait(30000)
    qtbot.wait(50)     # what the jobs sent back arrives (no timing asserted)
    QApplication.processEvents()


def test_every_page_of_every_tab_is_chinese(chinese, qtbot, db):  # noqa: F811
    from app.ui.main_window import TAB_ORDER, MainWindow

    # The station and person are named in Chinese: data in the status bar, not words.
    backend = Backend(db.sessions, actor=Actor("小王", "一号台"), database_label=db.label)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    window.show()
    found: dict[str, list[str]] = {}
    for title in TAB_ORDER:
        if not window.has_tab(title):
            continue
        tab = window.tab(title)
        window.tabs.setCurrentWidget(tab)
        _settle(qtbot, window)
        pages = [p for p in tab.findChildren(QTabWidget) if p.window() is window]
        for pager in pages:
            for index in range(pager.count()):
                pager.setCurrentIndex(index)
                _settle(qtbot, window)
        problems = _untranslated_of(tab, data=(db.label, *COMMANDS))
        if problems:
            found[title] = problems
    window.close()
    assert not found, "untranslated text (wrap it in translate(...)):\n" + "\n".join(
        f"{title}: {p}" for title, items in found.items() for p in items)


def test_an_orders_event_details_read_chinese(chinese, demo_backend):  # noqa: F811
    from app.services.orders import actions as order_actions

    oid = demo_backend.read(lambda s: s.scalar(
        select(Order.id).where(Order.status.in_(("new", "reserved", "backorder")))
        .where(Order.id.in_(select(AuditEvent.entity_id).where(
            AuditEvent.entity == "order", AuditEvent.action == "imported"))).limit(1)))
    demo_backend.run(order_actions.hold_order, oid, reason="地址待核实",
                     actor=Actor("owner", "office"))
    events = demo_backend.read(orders.order_detail, oid).events
    held = next(e for e in events if e.action == "on hold")
    # English for the command line and the log, as before ...
    assert str(held.details).startswith("reason: 地址待核实, before: ")
    # ... and Chinese keys, comma and status in the window.
    shown = message_text(held.details)
    assert "reason" not in shown and "before" not in shown and "地址待核实" in shown, shown
    assert _has_chinese(shown.replace("地址待核实", "")), shown
    imported = next(e for e in events if e.action == "imported")
    assert "source" not in message_text(imported.details)


def test_event_details_of_unknown_keys_and_odd_values_stay_readable(chinese):  # noqa: F811
    details = orders._details(json.dumps({"units_released": 3, "some_new_key": [1, 2],
                                          "previous": {"odd": 1}}))
    assert str(details) == "units released: 3, some new key: [1, 2], before: {'odd': 1}"
    shown = message_text(details)
    assert "some new key" in shown and "released" not in shown, shown
    assert orders._details("not json") == "not json" and orders._details("") == ""


def test_a_buffer_rule_reads_chinese(chinese):  # noqa: F811
    rule = Rule(keep=2, max_quantity=5, percent=50)
    assert rule.describe() == "show 50%, keep 2, at most 5"     # the CLI's words
    assert Rule().describe() == "no buffer"
    for text in (message_text(rule.describe()), message_text(Rule().describe())):
        assert _has_chinese(text) and "keep" not in text and "buffer" not in text, text
    assert "50" in message_text(rule.describe()) and "5" in message_text(rule.describe())


def test_the_approval_limit_of_several_currencies_reads_chinese(chinese):  # noqa: F811
    over = [Message(QT_TRANSLATE_NOOP("messages", "{amount} (limit {limit})"),
                    amount=amount, limit=limit)
            for amount, limit in (("€420.00", "€300.00"), ("£900.00", "£250.00"))]
    exc = PermissionDenied(QT_TRANSLATE_NOOP("messages",
        "Posting {reference} writes on or off {over}: a supervisor's PIN is needed."),
        reference="CNT-7", over=Listing(over))
    assert str(exc) == ("Posting CNT-7 writes on or off €420.00 (limit €300.00), £900.00 "
                        "(limit £250.00): a supervisor's PIN is needed.")
    shown = error_text(exc)
    assert "limit" not in shown and "€420.00" in shown and "£250.00" in shown, shown
    assert ", " not in shown, shown     # the Chinese comma joins the currencies


def test_the_pin_dialog_names_each_currency_over_its_limit_in_chinese(chinese, qtbot,  # noqa: F811
                                                                      backend):
    from PySide6.QtWidgets import QLabel

    from app.services.counts.posting import PostingSummary
    from app.ui.counts.posting_dialogs import PostConfirmDialog

    summary = PostingSummary(count_id=1, reference="CNT-7", unscanned_choice=None, unscanned=(),
                             lines_changed=3, units_on=5, units_off=0,
                             value_on={"EUR": 42000, "GBP": 90000}, value_off={},
                             recount=(), limits={"EUR": 30000, "GBP": 25000}, needs_pin=True)
    dialog = PostConfirmDialog(backend, summary, show_money=True)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "reaches the limit" not in texts and "300" in texts and "250" in texts, texts


def test_the_mapping_dialog_says_automatic_in_chinese(chinese, qtbot, backend):  # noqa: F811
    from app.services.importers.csv_text import Source
    from app.ui.orders.mapping import MappingDialog

    dialog = MappingDialog(backend, Source("any.csv", b"Ref,When\n1,2026-11-20\n"))
    qtbot.addWidget(dialog)
    assert dialog.date_format.itemText(0) != "auto" and dialog.decimal.itemText(0) != "auto"
    assert dialog.mapping().date_format == "auto" and dialog.mapping().decimal_mark == "auto"
    dialog.date_format.setCurrentIndex(1)
    assert dialog.mapping().date_format == "%d.%m.%Y"


@pytest.mark.parametrize("value", [Listing(["a", "b"]), Listing([])])
def test_a_listing_joins_with_a_comma_in_english(value):
    assert str(Message("{x}", x=value)) == ", ".join(value)


def test_an_orders_lines_fit_a_narrow_detail_pane(qtbot, demo_backend):
    """At 1280×800 the detail pane is about 440 px: every column of the lines stays in
    sight (the title and the reason give way, cut with "…"), none off to the right."""
    from app.ui.orders.detail import OrderDetailPanel

    panel = OrderDetailPanel(demo_backend)
    qtbot.addWidget(panel)
    panel.resize(440, 700)
    panel.show()
    oid = demo_backend.read(lambda s: s.scalar(select(Order.id).order_by(Order.id).limit(1)))
    panel.show_order(oid)
    QApplication.processEvents()
    header = panel.lines.horizontalHeader()
    assert panel.lines.rowCount() >= 1
    assert header.length() <= panel.lines.viewport().width(), (
        [header.sectionSize(c) for c in range(header.count())],
        panel.lines.viewport().width())


def test_why_a_line_waits_reads_chinese(chinese, qtbot, tmp_path):  # noqa: F811
    """On a SQLite file of its own: on PostgreSQL an order typed in after the demo store
    clashes with the demo's order ids (the demo does not move the id sequence on)."""
    from app.db import open_database
    from app.models import Product, Store
    from app.services import demo
    from app.services.orders import actions as order_actions
    from app.ui.orders.detail import OrderDetailPanel
    from tests.conftest import DEMO_DAY

    db = open_database(str(tmp_path / "store.sqlite3"))
    demo_backend = Backend(db.sessions, actor=Actor("owner", "office"))
    demo_backend.run(demo.generate_demo, products=40, orders=120, seed=7, today=DEMO_DAY)
    # An order for far more than the store holds: its line waits for stock.
    store_id, sku = demo_backend.read(lambda s: (s.scalar(select(Store.id).limit(1)),
                                                 s.scalar(select(Product.sku).limit(1))))
    oid = demo_backend.run(order_actions.create_manual_order, store_id,
                           [order_actions.ManualLine(sku, 100000)],
                           actor=Actor("owner", "office"))
    reason = demo_backend.read(orders.order_detail, oid).lines[0].reason
    assert " held; " in reason, reason          # the English, for the command line
    panel = OrderDetailPanel(demo_backend)
    qtbot.addWidget(panel)
    panel.show_order(oid)
    shown = [panel.lines.item(r, 7).text() for r in range(panel.lines.rowCount())]
    assert any(_has_chinese(text) for text in shown), shown
    assert not any("held" in text or "linked" in text for text in shown), shown
    panel.close()
    db.dispose()
