"""Screens that showed English in Chinese (issue 19): the push refusals, the column-mapping
dialog, the audit trail, an order's events and payment, the stock history, and the services'
words of counts and products. Each keeps its English text for the command line and the log.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel

from app.money import Money
from app.services.core.errors import BackroomError, FileProblem
from app.services.counts.importing import CountFileProblems, parse_count_csv
from app.services.importers.csv_text import Source
from app.services.importers.mapped_orders import ColumnMapping
from app.services.push import pushing
from app.services.stock import catalog
from app.services.stock.products_file import import_products
from app.ui.common import words
from app.ui.common.messages import error_text, message_text
from tests.ui.test_messages_i18n import chinese, qm_file  # noqa: F401 (fixtures)
from tests.ui.test_push_ui import _world as push_world


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_shopify_location_refusal_reads_chinese(chinese, backend):  # noqa: F811
    backend.run(push_world)
    backend.run(pushing.save_settings, "Shop", fmt="shopify-inventory")
    with pytest.raises(BackroomError) as caught:
        backend.read(pushing.plan_push, "Shop")
    assert str(caught.value).startswith("Shopify needs the location Shop's stock is at")
    text = error_text(caught.value)
    assert "Shop" in text and "--location" in text and _has_chinese(text)
    assert "needs the location" not in text


def test_the_push_page_shows_its_refusal_in_chinese(chinese, qtbot, backend):  # noqa: F811
    from app.ui.push.view import PushView
    from tests.ui.test_push_ui import _choose

    backend.run(push_world)
    backend.run(pushing.save_settings, "Shop", fmt="shopify-inventory")
    view = PushView(backend)
    qtbot.addWidget(view)
    _choose(qtbot, view, "Web")
    view.location.setText("")
    _choose(qtbot, view, "Shop")
    shown = view.problem.text()
    assert shown and "needs the location" not in shown and _has_chinese(shown), shown


def test_the_mapping_dialog_names_its_fields_in_chinese(chinese, qtbot, backend):  # noqa: F811
    from app.ui.orders.mapping import MappingDialog

    source = Source("any.csv", b"Ref,When,What,How many\n1,2026-11-20,MUG,2\n")
    dialog = MappingDialog(backend, source)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "Order id (required)" not in labels and "订单 ID（必填）" in labels
    form = next(f for f in dialog.findChildren(QFormLayout) if f.rowCount() > 30)
    assert all(_has_chinese(form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget().text())
               for r in range(form.rowCount()))
    problems = dialog.problems.text()
    assert "needs a column" not in problems and "订单 ID（必填）" in problems, problems
    # The service's English is unchanged.
    assert "'Order id (required)' needs a column" in ColumnMapping().check()


def test_the_audit_trail_reads_chinese(chinese, qtbot, demo_backend):  # noqa: F811
    from app.ui.people.audit_screen import AuditScreen

    screen = AuditScreen(demo_backend)
    qtbot.addWidget(screen)
    model = screen.model
    rows = model.loaded_rows()
    imported = next(i for i, r in enumerate(rows) if r.action == "imported")
    cells = [str(model.data(model.index(imported, c))) for c in range(model.columnCount())]
    assert cells[3] == "已导入" and cells[4].startswith("订单 ")
    assert cells[7].startswith("来源：") and "source" not in cells[7]
    kinds = [screen.kind.itemText(i) for i in range(screen.kind.count())]
    assert "imported" not in kinds and "已导入" in kinds
    # Choosing an event shown in words filters by the name the database keeps.
    screen.kind.setCurrentIndex(kinds.index("已导入"))
    screen.refresh()
    assert {r.action for r in screen.model.loaded_rows()} == {"imported"}


def test_event_payment_place_and_reference_words(chinese):  # noqa: F811
    assert words.event_words("imported") == "已导入"
    assert words.event_words("generate demo") == "已生成演示店铺"
    assert words.event_words("packed") == "已打包"
    assert words.payment_words("paid") == "已付款"
    assert words.payment_words("Some gateway state") == "Some gateway state"
    assert words.place_words("CUSTOMER") == "客户" and words.place_words("A-01-1") == "A-01-1"
    assert words.reference_words("order #1295") == "订单 #1295"
    assert words.reference_words("opening stock") == "期初库存"
    assert words.reference_words("PO-0007") == "PO-0007"


def test_the_words_stay_english_by_default(qapp):
    assert words.event_words("imported") == "Imported"
    assert words.place_words("SUPPLIER") == "Suppliers"
    assert words.reference_words("order #7") == "order #7"
    assert words.payment_words("paid") == "paid"


def test_count_and_product_refusals_read_chinese(chinese, tmp_path: Path, backend):  # noqa: F811
    with pytest.raises(CountFileProblems) as caught:
        parse_count_csv("count.csv", b"sku,bin,quantity\nMUG,A-1,x\n,A-2,3\n")
    english = str(caught.value)
    assert english.startswith("count.csv, row 2, column 'quantity': 'x' is not a whole number")
    assert "; row 3, column 'sku': empty" in english
    text = error_text(caught.value)
    assert "not a whole number" not in text and "row" not in text and _has_chinese(text), text

    with pytest.raises(BackroomError) as refused:
        catalog._clean(catalog.ProductInput(sku="MUG", name="", price=Money(0, "EUR"),
                                            cost=Money(0, "EUR")))
    assert str(refused.value) == "Product MUG needs a name."
    assert error_text(refused.value) == "商品 MUG 需要名称。"

    path = tmp_path / "products.csv"
    path.write_text("sku,name,barcodes\nA,Mug,4006381333931\nA,Pen,\n", encoding="utf-8")
    with pytest.raises(FileProblem) as twice:
        backend.run(import_products, path)
    assert str(twice.value) == "products.csv, row 3, column 'sku': SKU A is also on row 2"
    assert message_text(twice.value.message) == \
        "products.csv，第 3 行，“sku”列：SKU A 在第 2 行也出现过"
