"""The People and Audit screens: a change made in the UI shows in the audit trail."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services.core.backend import Actor, Backend
from app.services.people import accounts
from app.ui.people.audit_screen import AuditScreen
from app.ui.people.people_screen import PeopleScreen

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
OLGA = Actor("olga", "office")


@pytest.fixture
def shop(db) -> Backend:
    backend = Backend(db.sessions, actor=OLGA)
    backend.run(accounts.add_user, "olga", "owner", "correct horse", actor=OLGA)
    backend.run(accounts.add_user, "pat", "packer", "1357", actor=OLGA)
    return backend


def test_a_role_changed_on_the_people_screen_shows_in_the_audit(qtbot, shop, tmp_path):
    people = PeopleScreen(shop)
    qtbot.addWidget(people)
    people.show()
    people.select("pat")
    people.role.setCurrentText("supervisor")
    QTest.mouseClick(people.role_button, Qt.MouseButton.LeftButton)
    assert people.error.text() == ""
    assert shop.read(accounts.who_is, "pat").role == "supervisor"
    # take "see money" from packers in the grid, save
    row = list(accounts.PERMISSIONS).index("print_labels")
    people.perms.item(row, 2).setCheckState(Qt.CheckState.Unchecked)
    QTest.mouseClick(people.save_perms, Qt.MouseButton.LeftButton)
    assert "print_labels" not in shop.read(accounts.permission_table)["packer"]

    screen = AuditScreen(shop)
    qtbot.addWidget(screen)
    screen.show()
    shown = screen.model.loaded_rows()
    assert [r.action for r in shown[:2]] == ["permissions changed", "role changed"]
    assert shown[1].user == "olga" and shown[1].station == "office"
    assert "supervisor" in screen.model.data(screen.model.index(1, 7))
    # filters: by user (typed, Enter) and by what happened
    screen.user.setCurrentText("")
    QTest.keyClicks(screen.user.lineEdit(), "nobody")
    QTest.keyClick(screen.user.lineEdit(), Qt.Key.Key_Return)
    assert screen.model.rowCount() == 0
    screen.user.setCurrentText("olga")
    screen.kind.setCurrentText("role changed")
    screen.refresh()
    assert [r.action for r in screen.model.loaded_rows()] == ["role changed"]
    path = tmp_path / "audit.csv"
    assert screen.export(path) == 1
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[1][2] == "olga" and rows[1][6] == "role changed"
    # read-only: no editing trigger on the table
    assert screen.table.editTriggers() == screen.table.EditTrigger.NoEditTriggers


def test_the_audit_pages_as_it_scrolls(qtbot, shop):
    from app.services.core import audit

    def many(session):
        for i in range(450):
            audit.record(session, Actor("pat", "pack-1"), "order", i, "packed")

    shop.run(many)
    screen = AuditScreen(shop)
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 200 and screen.model.canFetchMore()
    screen.model.fetchMore()
    screen.model.fetchMore()
    ids = [r.id for r in screen.model.loaded_rows()]
    assert len(ids) == len(set(ids)) == 452 and ids == sorted(ids, reverse=True)
    assert not screen.model.canFetchMore()
