"""The user guide: one page per tab, found from a checkout and from a packaged build,
searchable, links between pages; About shows the versions a bug report needs."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtTest import QTest

from app.ui.main_window import TAB_ORDER
from app.ui.shell import guide
from app.ui.shell.about import AboutDialog
from app.ui.shell.help_window import HelpWindow


def test_every_page_is_there_and_every_tab_has_one():
    names = [p.name for p in guide.load_pages()]
    assert names[: len(guide.ORDER)] == list(guide.ORDER)
    for title in TAB_ORDER:
        assert guide.page_for_tab(title) in names, title
    for page in guide.load_pages():
        assert page.title and not page.title.startswith(page.name), page.name


def test_pages_are_found_in_a_packaged_build(tmp_path, monkeypatch):
    folder = tmp_path / "docs" / "guide"
    folder.mkdir(parents=True)
    (folder / "orders.md").write_text("# Orders here\n\nText.", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert guide.guide_folder() == folder
    assert [(p.name, p.title) for p in guide.load_pages()] == [("orders", "Orders here")]


def test_the_spec_packages_the_guide():
    from pathlib import Path

    spec = (Path(guide.__file__).resolve().parents[3] / "packaging" / "backroom.spec")
    assert '(str(ROOT / "docs" / "guide"), "docs/guide")' in spec.read_text()


def test_links_between_pages_point_at_pages_that_exist():
    import re

    names = {p.name for p in guide.load_pages()}
    for page in guide.load_pages():
        for target in re.findall(r"\]\(([^)]+)\.md\)", page.text):
            assert target in names, f"{page.name} links to {target}"


def test_search_keeps_the_pages_with_every_word(qtbot):
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show()
    QTest.keyClicks(window.search, "refund")
    shown = window.shown_names()
    assert {"returns", "reconciliation"} <= set(shown)
    assert all("refund" in p.words() for p in window.pages if p.name in shown)
    assert window.current_page() == shown[0]
    QTest.keyClicks(window.search, " supervisor")
    assert set(window.shown_names()) < set(shown) or window.shown_names() == []
    window.search.clear()
    assert len(window.shown_names()) == len(window.pages)


def test_keyboard_moves_through_pages_and_follows_links(qtbot):
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_page("getting-started")
    window.search.setFocus()
    QTest.keyClick(window.search, Qt.Key.Key_Down)
    QTest.keyClick(window.list, Qt.Key.Key_Down)
    assert window.current_page() == guide.ORDER[1]
    window.browser.anchorClicked.emit(QUrl("labels.md"))
    assert window.current_page() == "labels"
    assert "Printers" in window.document().toPlainText()


def test_about_shows_the_versions(qtbot, backend):
    dialog = AboutDialog(backend)
    qtbot.addWidget(dialog)
    text = dialog.text()
    for expected in (f"Python: {platform.python_version()}", f"Qt: {qVersion()}",
                     f"PySide6: {PySide6.__version__}",
                     f"SQLAlchemy: {metadata.version('sqlalchemy')}"):
        assert expected in text
    rows = dict(dialog.rows)
    assert rows["Database"].split()[0] in ("SQLite", "PostgreSQL")
    assert rows["Schema revision"] not in ("", "none", "?")
    dialog.copy()
    from PySide6.QtWidgets import QApplication

    assert QApplication.clipboard().text() == text
