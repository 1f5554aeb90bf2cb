"""The Replenishment page: suggestions most urgent first and coloured by need, the chart
and "why" of the current line, lines ticked by keyboard into draft POs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtTest import QTest

from app.services.suppliers import reads
from app.ui.suppliers.replenish_page import NEED_COLOURS, ReplenishPage
from tests.ui.test_translations import chinese, qm_file  # noqa: F401
from tests.unit.replenishment.world import AS_OF, add_product, make_store, sell


def _world(backend) -> None:
    backend.run(make_store)

    def setup(s):
        sell(s, 1, add_product(s, "PLENTY", on_hand=2000, offer={}), lambda d: 10)
        sell(s, 1, add_product(s, "SPLIT", on_hand=200, offer={}), lambda d: 10)
        sell(s, 1, add_product(s, "SEA", on_hand=450, offer={}), lambda d: 10)
        add_product(s, "QUIET", on_hand=3, offer={})
    backend.run(setup)


def test_page_plans_explains_and_drafts_by_keyboard(qtbot, backend, qtmodeltester):
    _world(backend)
    page = ReplenishPage(backend, today=AS_OF)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    with qtbot.waitSignal(page.model.modelReset, timeout=20000):
        page.reload()
    qtbot.waitUntil(lambda: page.plan is not None, timeout=20000)
    qtmodeltester.check(page.model)
    skus = [ln.sku for ln in page.model.lines]
    assert skus == ["SPLIT", "SEA", "PLENTY"]  # most urgent first; no-sales lines hidden
    colour = page.model.data(page.model.index(0, 2), Qt.ItemDataRole.BackgroundRole)
    assert colour.color().name() == NEED_COLOURS["air"]
    assert "Order 250 by air" in page.why.toPlainText()
    assert page.chart.points > 0
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Down)          # SEA
    assert "Order 300 by sea" in page.why.toPlainText()
    QTest.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert page.model.ticked == {0, 1}
    QTest.keyClick(page.table, Qt.Key.Key_Space)         # untick SEA again
    assert page.model.ticked == {0}
    with qtbot.waitSignal(page.drafted, timeout=20000) as made:
        QTest.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(made.args[0]) == 2                         # air and sea for SPLIT
    pos = backend.read(reads.po_rows)
    assert sorted(p.status for p in pos) == ["draft", "draft"]
    page.runner.wait()


class _Marking(QTranslator):
    """A translation that marks every sentence of the page, to see which ones it words."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
        return f"«{source}»" if context == "suppliers.replenish_page" else None


def test_why_is_worded_by_the_page_in_the_chosen_language(qtbot, backend):
    _world(backend)
    marking = _Marking()
    QCoreApplication.installTranslator(marking)
    try:
        page = ReplenishPage(backend, today=AS_OF)
        qtbot.addWidget(page)
        page.show()
        with qtbot.waitSignal(page.model.modelReset, timeout=20000):
            page.reload()
        qtbot.waitUntil(lambda: page.plan is not None, timeout=20000)
        sentences = page.why.toPlainText().splitlines()
        assert len(sentences) > 5
        assert all(s.startswith("«") for s in sentences), sentences
        assert any("250" in s and "«air»" in s for s in sentences)   # mode words too
        assert "{" not in page.why.toPlainText()
        page.runner.wait()
    finally:
        QCoreApplication.removeTranslator(marking)


def _all_columns_fit(qtbot, backend) -> None:
    """At 1280 pixels wide (the window less its frame and tabs) every column is in sight:
    no sideways scroll bar, each column wide enough for its header or cut with "…"."""
    page = ReplenishPage(backend, today=AS_OF)
    qtbot.addWidget(page)
    page.resize(1256, 700)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.model.modelReset, timeout=20000):
        page.reload()
    qtbot.waitUntil(lambda: page.plan is not None, timeout=20000)
    qtbot.waitUntil(lambda: page.table.horizontalHeader().length() > 0)
    QCoreApplication.processEvents()
    header = page.table.horizontalHeader()
    columns = page.model.columnCount()
    assert page.table.horizontalScrollBar().maximum() == 0, [
        (page.model.headerData(c, Qt.Orientation.Horizontal), header.sectionSize(c))
        for c in range(columns)]
    assert header.length() <= page.table.viewport().width()
    for c in range(columns):
        assert header.sectionViewportPosition(c) + header.sectionSize(c) \
            <= page.table.viewport().width()
    # A header cut short says in full what its column holds.
    for c in range(columns):
        assert page.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    page.runner.wait()


def test_every_column_fits_at_1280_in_english(qtbot, backend):
    _world(backend)
    _all_columns_fit(qtbot, backend)


def test_every_column_fits_at_1280_in_chinese(chinese, qtbot, backend):  # noqa: F811
    _world(backend)
    _all_columns_fit(qtbot, backend)


def test_the_button_names_ctrl_enter(qtbot, backend):
    page = ReplenishPage(backend, today=AS_OF)
    qtbot.addWidget(page)
    assert "Ctrl+Enter" in page.create_button.text()
    assert "Return" not in page.create_button.text()
