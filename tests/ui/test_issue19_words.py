"""Issue 19 leftovers in Chinese: the per-order P&L table names its order number and its
order count apart, and a line without a SKU says in Chinese which listing is not linked."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from app.services.importers.order_records import OrderLineRecord, OrderRecord, ParseResult
from app.services.orders import reads as orders
from app.services.orders.importing import import_into_store
from app.ui.common.i18n import translate
from app.ui.common.messages import message_text
from tests.ui.test_translations import chinese, qm_file  # noqa: F401
from tests.unit.orders.helpers import ACTOR


def _headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(model.columnCount())]


def test_the_per_order_table_names_number_and_count_apart(chinese, qtbot, backend):  # noqa: F811
    from app.ui.insights.tab import InsightsTab

    tab = InsightsTab(backend)
    qtbot.addWidget(tab)
    for model in (tab.orders, tab.days, tab.stores):
        headers = _headers(model)
        assert len(set(headers)) == len(headers), headers
    assert "订单数" in _headers(tab.orders)
    # The oversell panel's column lists order numbers: still "orders", not a count.
    assert translate("Column", "Orders") == "订单"
    tab._runner.wait()


def test_an_unlinked_listing_reads_chinese(chinese, backend):  # noqa: F811
    when = datetime(2026, 11, 1, tzinfo=UTC)
    record = OrderRecord("1", "#1", when, "EUR", (OrderLineRecord(
        "", "Silver ring", 1, 1000, listing_id="1234567", variation="Size: M"),),
        total_minor=1000, bill_name="Buyer")
    backend.run(import_into_store, ParseResult("etsy", (record,)), "Etsy", "etsy", actor=ACTOR)
    detail = backend.read(orders.order_detail, backend.read(orders.find_order, "#1"))
    reason = detail.lines[0].reason
    # English for the command line, as before ...
    assert reason == "no SKU from the store; listing 1234567 (Size: M) is not linked to a product"
    # ... and every word of it Chinese in the window.
    shown = message_text(reason)
    assert "listing" not in shown and "1234567" in shown and "Size: M" in shown, shown
