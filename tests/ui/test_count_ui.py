"""Counting through the Stock tab with qtbot: scans at scanner speed, the grid, review, post."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from app.services.core.backend import Actor, Backend
from app.services.counts import counting as counts
from app.services.counts import posting as count_posting
from app.services.stock import ledger
from app.services.stock import reads as stock_reads
from app.ui.common.scanner_input import ScannerSettings
from app.ui.counts.review import CountReview
from app.ui.counts.session import COUNTED, CountLinesModel, CountSession
from app.ui.stock.tab import StockTab
from tests.unit.count_fixtures import OWNER, make_shop

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def shop(backend: Backend) -> tuple[Backend, dict[str, int]]:
    ids = backend.run(make_shop)
    return backend, ids


def scan(qtbot, widget, code: str) -> None:
    """A wedge scanner: keys 2 ms apart, then Enter."""
    for ch in code:
        QTest.keyClick(widget, ch, Qt.KeyboardModifier.NoModifier, 2)
    QTest.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 2)
    qtbot.wait(5)


def tolerant(session: CountSession) -> CountSession:
    """Keys come 2 ms apart, but a loaded CI machine can stall one for tens of ms; a wide
    gap keeps them one scan (typed quantities are single keys, which stay typing)."""
    if session.scanner is not None:
        session.scanner.settings = ScannerSettings(max_gap_ms=250)
    return session


def open_session(qtbot, backend: Backend, count_id: int) -> CountSession:
    session = tolerant(CountSession(backend, count_id))
    qtbot.addWidget(session)
    session.show()
    qtbot.waitExposed(session)
    session.entry.setFocus()
    return session


def levels(backend: Backend, sku: str) -> dict[str, int]:
    rows = backend.read(stock_reads.level_rows, skus=[sku], every_place=True)
    return {r.bin: r.on_hand for r in rows}


def test_count_two_bins_by_scanning_then_review_and_post(qtbot, shop) -> None:
    backend, ids = shop
    tab = StockTab(backend)
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentIndex(2)
    made = backend.run(counts.create_count, "bins", bins=["A-01", "B-01"], actor=OWNER)
    tab.counts_view.refresh()
    session = tolerant(tab.counts_view.start_counting(made.id))
    qtbot.waitExposed(session)
    session.entry.setFocus()
    scan(qtbot, session.entry, "A-01")
    assert session.bin_label.text() == "Bin A-01"
    for _ in range(9):
        scan(qtbot, session.entry, "2000000000011")
    # A typed quantity for many of one item: "4", Enter, then the scan.
    QTest.keyClicks(session.entry, "4", delay=80)
    QTest.keyClick(session.entry, Qt.Key.Key_Return, delay=80)
    qtbot.wait(60)
    assert session.pending_quantity == 4
    scan(qtbot, session.entry, "2000000000012")
    scan(qtbot, session.entry, "9999999999999")       # unknown: refused, nothing counted
    assert "Unknown code" in session.message.text()
    scan(qtbot, session.entry, "B-01")
    assert [session.bins.item(i).text().split()[:2] for i in range(2)] == [
        ["✔", "A-01"], ["✔", "B-01"]]
    scan(qtbot, session.entry, "KC-3")
    assert session.entry.text() == ""
    assert session.bins.item(1).text().split()[1:] == ["B-01", "1/1", "counted"]
    shown = {session.lines.line_at(r).sku: session.lines.line_at(r).counted
             for r in range(session.lines.rowCount())}
    assert shown == {"KC-3": 1}
    review = backend.run(count_posting.review, made.id)
    assert {(r.sku, r.bin): r.counted for r in review.lines} == {
        ("KC-1", "A-01"): 9, ("KC-2", "A-01"): 4, ("KC-3", "B-01"): 1}
    qtbot.mouseClick(session.done_button, Qt.MouseButton.LeftButton)
    page = tab.counts_view.start_review(made.id)
    assert isinstance(page, CountReview)
    assert "net -7 unit(s)" in page.summary.text()
    assert page.model.rowCount() == 2          # only the lines with a difference
    with qtbot.waitSignal(page.changed, timeout=10000):
        assert page.post(ask=False)        # on the worker thread
    assert not page.post_button.isEnabled() and page.reverse_button.isEnabled()
    assert levels(backend, "KC-1") == {"A-01": 9}
    assert levels(backend, "KC-3") == {"B-01": 1}
    assert backend.run(ledger.check_ledger) == []


def test_grid_by_hand_moves_to_next_line_on_enter(qtbot, shop) -> None:
    backend, ids = shop
    made = backend.run(counts.create_count, "bins", bins=["A-01"], actor=OWNER)
    session = open_session(qtbot, backend, made.id)
    scan(qtbot, session.entry, "A-01")
    assert session.lines.rowCount() == 2
    session.table.setFocus()
    session.table.setCurrentIndex(session.lines.index(0, COUNTED))
    session.table.edit(session.lines.index(0, COUNTED))
    # A person typing (80 ms a key). Return is pressed only: the editor it closes is gone
    # before a release could reach it, as with a real keyboard where it goes to the new one.
    for row, typed in ((0, "7"), (1, "3")):
        editor = session.table.indexWidget(session.lines.index(row, COUNTED))
        QTest.keyClicks(editor, typed, delay=80)
        qtbot.wait(60)
        QTest.keyPress(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda row=row: session.lines.line_at(row).counted is not None)
    qtbot.waitUntil(lambda: session.table.currentIndex().row() == 1)
    assert [session.lines.line_at(r).counted for r in range(2)] == [7, 3]
    assert session.table.indexWidget(session.lines.index(1, COUNTED)) is None  # last: done


def test_two_stations_count_different_bins_at_once(qtbot, shop, db) -> None:
    backend, ids = shop
    other = Backend(db.sessions, actor=Actor("owner", "station-2"))
    made = backend.run(counts.create_count, "full", actor=OWNER)
    first = open_session(qtbot, backend, made.id)
    second = open_session(qtbot, other, made.id)
    first.entry.setFocus()
    scan(qtbot, first.entry, "A-01")
    second.activateWindow()
    second.entry.setFocus()
    scan(qtbot, second.entry, "B-01")
    second.on_scanned("KC-3")
    first.on_scanned("KC-1")
    bins = {code: (n, c) for code, n, c, _ in backend.run(counts.count_bins, made.id)}
    assert bins == {"A-01": (2, 1), "B-01": (1, 1)}


def test_pack_between_bin_count_and_post_in_the_ui(qtbot, shop) -> None:
    backend, ids = shop
    made = backend.run(counts.create_count, "bins", bins=["A-01"], actor=OWNER)
    session = open_session(qtbot, backend, made.id)
    for code in ("A-01", *["KC-1"] * 10, *["KC-2"] * 4):
        session.on_scanned(code)
    backend.run(ledger.move, ledger.MoveSpec(ids["KC-1"], ids["A-01"], ids["CUSTOMER"], 2,
                                             "pack"))
    review = CountReview(backend, made.id)
    qtbot.addWidget(review)
    assert "net +0 unit(s)" in review.summary.text()
    with qtbot.waitSignal(review.changed, timeout=10000):
        assert review.post(ask=False)
    assert levels(backend, "KC-1") == {"A-01": 8}


def test_models_pass_qtmodeltester(qtmodeltester, qtbot, shop) -> None:
    backend, ids = shop
    tab = StockTab(backend)
    qtbot.addWidget(tab)
    qtmodeltester.check(tab.levels_view.model)
    tab.levels_view.table.selectRow(0)
    qtmodeltester.check(tab.levels_view.history.model)
    made = backend.run(counts.create_count, "full", actor=OWNER)
    tab.counts_view.refresh()
    qtmodeltester.check(tab.counts_view.model)
    session = tolerant(CountSession(backend, made.id))
    qtbot.addWidget(session)
    session.on_scanned("A-01")
    session.on_scanned("KC-1")
    qtmodeltester.check(session.lines)
    assert isinstance(session.lines, CountLinesModel)
    review = CountReview(backend, made.id)
    qtbot.addWidget(review)
    qtmodeltester.check(review.model)


def test_counts_page_buttons_open_counting_and_review(qtbot, shop) -> None:
    backend, _ids = shop
    backend.run(counts.create_count, "bins", bins=["A-01"], actor=OWNER)
    tab = StockTab(backend)
    qtbot.addWidget(tab)
    tab.pages.setCurrentIndex(2)
    view = tab.counts_view
    qtbot.mouseClick(view.count_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.session
    qtbot.mouseClick(view.session.done_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentIndex() == 0
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.reviewing


def test_only_the_last_scanned_line_is_highlighted(qtbot, shop) -> None:
    backend, _ids = shop
    made = backend.run(counts.create_count, "bins", bins=["A-01"], actor=OWNER)
    session = open_session(qtbot, backend, made.id)
    session.on_scanned("A-01")
    session.on_scanned("KC-2")
    with qtbot.waitSignal(session.lines.dataChanged) as changed:
        session.on_scanned("KC-1")
    assert changed.args[0].row() == 1          # KC-2's row repainted without highlight
    painted = [session.lines.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
               for r in range(2)]
    assert painted[0] is not None and painted[1] is None


def test_a_refused_post_is_reported_and_changes_nothing(qtbot, shop, db) -> None:
    backend, ids = shop
    packer = Backend(db.sessions, actor=Actor("pat", "pack-1"))

    def add_users(session):
        from app.models import User
        session.add_all([User(name="owner", role="owner"), User(name="pat", role="packer")])

    backend.run(add_users)
    made = backend.run(counts.create_count, "bins", bins=["A-01"], actor=OWNER)
    backend.run(counts.set_counted, made.id, ids["A-01"], "KC-1", 3, actor=OWNER)
    review = CountReview(packer, made.id)
    qtbot.addWidget(review)
    threads = []
    review.post_failed.connect(lambda _m: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(review.post_failed, timeout=10000) as failed:
        review.post(ask=False)
    assert threads == [review.thread()]      # reported on the GUI thread, not the worker
    assert "may not" in failed.args[0]       # a packer may not post a count
    # ...and is not offered it: the button says why (the role's permissions).
    assert not review.post_button.isEnabled() and "may not" in review.post_button.toolTip()
    assert levels(backend, "KC-1") == {"A-01": 10}


def test_counts_page_imports_csv_and_prints_sheet(qtbot, shop, tmp_path) -> None:
    backend, _ids = shop
    made = backend.run(counts.create_count, "bins", bins=["A-01"], actor=OWNER)
    tab = StockTab(backend)
    qtbot.addWidget(tab)
    view = tab.counts_view
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,bin,quantity\nKC-1,A-01,4\nKC-2,A-01,many\n", encoding="utf-8")
    assert not view.import_csv(str(bad))
    assert "Nothing was imported" in view.message.text() and "row 3" in view.message.text()
    assert backend.run(counts.count_summary, made.id).counted_lines == 0
    good = tmp_path / "good.csv"
    good.write_text("sku,bin,quantity\nKC-1,A-01,4\nKC-2,A-01,4\n", encoding="utf-8")
    assert view.import_csv(str(good))
    assert backend.run(counts.count_summary, made.id).counted_lines == 2
    sheet = view.print_sheet(str(tmp_path / "sheet.pdf"))
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF") and sheet


def test_all_lines_by_hand_begins_each_bin(qtbot, shop) -> None:
    backend, ids = shop
    made = backend.run(counts.create_count, "full", actor=OWNER)
    session = open_session(qtbot, backend, made.id)
    qtbot.mouseClick(session.all_button, Qt.MouseButton.LeftButton)
    rows = [(session.lines.line_at(r).bin, session.lines.line_at(r).sku)
            for r in range(session.lines.rowCount())]
    assert rows == [("A-01", "KC-1"), ("A-01", "KC-2"), ("B-01", "KC-3")]
    assert session.lines.setData(session.lines.index(2, COUNTED), "6")
    assert not session.lines.setData(session.lines.index(1, COUNTED), "x")
    begun = {code: b for code, _n, _c, b in backend.run(counts.count_bins, made.id)}
    assert begun == {"A-01": False, "B-01": True}       # typing in B-01 began only B-01
    assert session.bins.item(1).text().split() == ["✔", "B-01", "1/1", "counted"]
    assert session.lines.line_at(2).counted == 6 and session.lines.line_at(2).expected == 7


ALT = Qt.KeyboardModifier.AltModifier


def key(qtbot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        *, until=None) -> None:
    """A key pressed where the focus is, as a person at the keyboard presses it; `until`
    waits for what it does (an Alt mnemonic clicks its button a moment later)."""
    # A closed dialog gives the keyboard back to its window a moment later.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not None
                    and QApplication.focusWidget() is not None)
    QTest.keyClick(QApplication.focusWidget(), k, modifier)
    if until is not None:
        qtbot.waitUntil(until)


def counting_page(qtbot, backend: Backend) -> tuple[StockTab, int]:
    made = backend.run(counts.create_count, "bins", bins=["A-01"], actor=OWNER)
    tab = StockTab(backend)
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentIndex(2)
    tab.counts_view.refresh()
    tab.activateWindow()
    qtbot.waitActive(tab)               # mnemonics (Alt+D) are heard in the active window
    session = tolerant(tab.counts_view.start_counting(made.id))
    qtbot.waitExposed(session)
    session.entry.setFocus()
    qtbot.waitUntil(session.entry.hasFocus)
    return tab, made.id


def is_up(dialog) -> bool:
    """The dialog is open and has the keyboard."""
    return (dialog is not None and dialog.isVisible() and dialog.isActiveWindow()
            and QApplication.activeModalWidget() is dialog
            and QApplication.focusWidget() is not None
            and QApplication.focusWidget().window() is dialog)


def test_finish_names_unscanned_lines_and_enter_never_posts(qtbot, shop) -> None:
    """Keys only: Done counting names KC-2 (never scanned); Enter there keeps counting; Leave
    out; the confirmation shows what is written off; Enter and Escape cancel; Post posts."""
    backend, _ids = shop
    tab, count_id = counting_page(qtbot, backend)
    view = tab.counts_view
    session = view.session
    for code in ("A-01", *["KC-1"] * 9):                  # KC-1 9 of 10; KC-2 never scanned
        scan(qtbot, session.entry, code)
    key(qtbot, Qt.Key.Key_D, ALT, until=lambda: is_up(session.unscanned_dialog))  # Done
    dialog = session.unscanned_dialog
    assert [dialog.table.item(0, c).text() for c in range(5)] == [
        "A-01", "KC-2", "Mug 2", "4", "€20.00"]
    assert "1 line(s)" in dialog.findChild(QLabel).text()
    key(qtbot, Qt.Key.Key_Return, until=lambda: not dialog.isVisible())  # stray Enter: no
    assert view.session is session and view.reviewing is None  # still counting
    key(qtbot, Qt.Key.Key_D, ALT, until=lambda: is_up(session.unscanned_dialog)
        and session.unscanned_dialog is not dialog)
    key(qtbot, Qt.Key.Key_L, ALT,                         # Leave them out
        until=lambda: view.reviewing is not None and is_up(view.reviewing.confirm_dialog))
    review = view.reviewing
    confirm = review.confirm_dialog
    text = confirm.heading.text()
    assert "−1</b> unit(s), <b>€2.50</b>" in text and "+0</b> unit(s), <b>0.00</b>" in text
    assert "1 never-scanned line(s) left out" in text
    assert confirm.recount.text() == "No line is flagged for recount."
    assert not confirm.pin_field.isVisible() and confirm.cancel_button.hasFocus()
    key(qtbot, Qt.Key.Key_Return, until=lambda: not confirm.isVisible())    # Enter: Cancel
    assert backend.read(counts.count_summary, count_id).status == "open"
    review.post_button.setFocus()
    key(qtbot, Qt.Key.Key_P, ALT, until=lambda: is_up(review.unscanned_dialog))  # Post count
    key(qtbot, Qt.Key.Key_L, ALT, until=lambda: is_up(review.confirm_dialog)
        and review.confirm_dialog is not confirm)
    confirm = review.confirm_dialog
    key(qtbot, Qt.Key.Key_Escape, until=lambda: not confirm.isVisible())
    assert backend.read(counts.count_summary, count_id).status == "open"
    first = review.unscanned_dialog
    key(qtbot, Qt.Key.Key_P, ALT, until=lambda: is_up(review.unscanned_dialog)
        and review.unscanned_dialog is not first)
    key(qtbot, Qt.Key.Key_L, ALT, until=lambda: is_up(review.confirm_dialog)
        and review.confirm_dialog is not confirm)
    assert review.confirm_dialog.cancel_button.hasFocus()
    with qtbot.waitSignal(review.changed, timeout=10000):
        key(qtbot, Qt.Key.Key_P, ALT)                     # Post, deliberately
    assert levels(backend, "KC-1") == {"A-01": 9}
    assert levels(backend, "KC-2") == {"A-01": 4}         # left out: its stock stays
    assert "1 never-scanned line(s) left out" in review.summary.text()


def test_confirmation_above_the_limit_asks_a_supervisors_pin(qtbot, shop, db) -> None:
    from app.services.core.supervisors import set_pin
    from app.services.counts import approval

    backend = Backend(db.sessions, actor=Actor("owner", "office"))   # once users exist
    backend.run(set_pin, "owner", "1111", role="owner")
    backend.run(set_pin, "boss", "4321")
    backend.run(approval.set_approval_limit, "20.00", "EUR", pin="4321", actor=OWNER)
    tab, count_id = counting_page(qtbot, backend)
    view = tab.counts_view
    session = view.session
    for code in ("A-01", "KC-1", "KC-1", "KC-1"):        # 3 of 10: -7, flagged for recount
        scan(qtbot, session.entry, code)
    key(qtbot, Qt.Key.Key_D, ALT, until=lambda: is_up(session.unscanned_dialog))
    key(qtbot, Qt.Key.Key_Z, ALT,                         # count KC-2 as zero
        until=lambda: view.reviewing is not None and is_up(view.reviewing.confirm_dialog))
    review = view.reviewing
    confirm = review.confirm_dialog
    assert "−11</b> unit(s), <b>€37.50</b>" in confirm.heading.text()
    assert "1 line(s) flagged for recount" in confirm.recount.text()
    assert [confirm.table.item(0, c).text() for c in (0, 1, 3, 4)] == [
        "A-01", "KC-1", "-7", "-€17.50"]
    assert confirm.pin_field.hasFocus()
    key(qtbot, Qt.Key.Key_Return)                         # no PIN typed: nothing happens
    assert confirm.isVisible() and "Type a supervisor's PIN" in confirm.error.text()
    key(qtbot, Qt.Key.Key_Escape, until=lambda: not confirm.isVisible())
    assert backend.read(counts.count_summary, count_id).status == "open"
    review.post_button.setFocus()
    key(qtbot, Qt.Key.Key_P, ALT, until=lambda: is_up(review.unscanned_dialog))
    key(qtbot, Qt.Key.Key_Z, ALT, until=lambda: is_up(review.confirm_dialog)
        and review.confirm_dialog is not confirm)
    confirm = review.confirm_dialog
    QTest.keyClicks(confirm.pin_field, "9999", delay=30)
    key(qtbot, Qt.Key.Key_Return)
    assert confirm.isVisible() and "not a supervisor's PIN" in confirm.error.text()
    assert backend.read(counts.count_summary, count_id).status == "open"
    QTest.keyClicks(confirm.pin_field, "4321", delay=30)
    with qtbot.waitSignal(review.changed, timeout=10000):
        key(qtbot, Qt.Key.Key_Return)                     # a PIN typed, Enter: posts
    assert levels(backend, "KC-1") == {"A-01": 3}
    assert levels(backend, "KC-2").get("A-01", 0) == 0    # counted as zero
    assert "approved by boss" in review.summary.text()
