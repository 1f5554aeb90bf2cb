"""Signing in, switching user, the idle lock; a packer neither posts a count nor sees money."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from app.services import demo
from app.services.core.backend import Actor, Backend
from app.services.counts import counting as counts
from app.services.people import accounts
from app.ui.counts.review import CountReview
from app.ui.main_window import MainWindow
from app.ui.people.login import LoginDialog
from tests.conftest import DEMO_DAY
from tests.unit.count_fixtures import make_shop

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
OLGA = Actor("olga", "office")
OWNER = Actor("owner", "office")


def _people(backend: Backend, by: Actor = OWNER) -> None:
    for name, role, secret in (("olga", "owner", "correct horse"), ("pat", "packer", "1357")):
        backend.run(accounts.add_user, name, role, secret, actor=by)


@pytest.fixture
def shop(db) -> Backend:
    """A demo store whose owner olga (password) and packer pat (PIN) sign in."""
    backend = Backend(db.sessions, actor=OLGA, database_label=db.label)
    backend.run(demo.generate_demo, products=30, orders=60, seed=3, today=DEMO_DAY)
    _people(backend)
    return backend


def type_in(widget, text: str) -> None:
    QTest.keyClicks(widget, text)


def sign_in_when_shown(qtbot, window: MainWindow, name: str, secret: str,
                       seen: list[object]) -> None:
    """Answer the modal sign-in the window is about to show, by keyboard."""
    def answer() -> None:
        dialog = window.people.login
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        seen.append((dialog.locked, window.centralWidget().isVisible()))
        dialog.name.setCurrentText("")
        type_in(dialog.name.lineEdit(), name)
        type_in(dialog.secret, "0000")
        QTest.keyClick(dialog.secret, Qt.Key.Key_Return)     # wrong: it stays, says so
        seen.append(dialog.error.text())
        type_in(dialog.secret, secret)
        QTest.keyClick(dialog.secret, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def make_window(qtbot, backend: Backend) -> MainWindow:
    window = MainWindow(backend)
    window.tab("Pick & Pack").sounds.set_muted(True)
    qtbot.addWidget(window)
    window.show()
    return window


def test_login_by_keyboard_right_and_wrong(qtbot, shop):
    dialog = LoginDialog(shop, station="pack-1")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setCurrentText("pat")
    dialog.secret.setFocus()
    type_in(dialog.secret, "9999")
    QTest.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert dialog.person is None and "Wrong" in dialog.error.text()
    type_in(dialog.secret, "1357")
    QTest.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert dialog.person is not None and dialog.actor() == Actor("pat", "pack-1")


def test_switch_user_with_ctrl_l_then_money_is_hidden(qtbot, shop):
    window = make_window(qtbot, shop)
    orders = window.tab("Orders")
    window.show_tab("Orders")
    orders.refresh()
    assert not orders.table.isColumnHidden(5)              # olga sees order totals
    assert window.people.people_action.isEnabled()
    seen: list[object] = []
    sign_in_when_shown(qtbot, window, "pat", "1357", seen)
    window.people.switch_user()
    assert seen[0] == (False, True) and "Wrong" in str(seen[1])
    assert shop.actor == Actor("pat", "office")
    assert window.user_label.text() == "User: pat"
    assert orders.table.isColumnHidden(5)                  # pat (packer) does not
    assert not window.people.people_action.isEnabled()
    assert not window.people.audit_action.isEnabled()
    orders.detail.show_order(orders.model.row_at(0).id)
    assert orders.detail.lines.isColumnHidden(3) and orders.detail.lines.isColumnHidden(4)
    assert " total " not in orders.detail.summary.text()


def test_idle_lock_hides_the_window_until_someone_signs_in(qtbot, shop):
    window = make_window(qtbot, shop)
    assert window.people.idle.minutes == 10                 # the default setting
    seen: list[object] = []
    sign_in_when_shown(qtbot, window, "olga", "correct horse", seen)
    window.people.idle.timed_out.emit()                     # as the timer would
    assert seen[0] == (True, False)                         # locked, the work hidden
    assert window.centralWidget().isVisible()
    assert shop.actor.user == "olga"


def test_a_packer_cannot_post_a_count(qtbot, db):
    owner = Backend(db.sessions, actor=OLGA)
    ids = owner.run(make_shop)
    _people(owner, OLGA)
    made = owner.run(counts.create_count, "bins", bins=["A-01"], actor=OLGA)
    owner.run(counts.set_counted, made.id, ids["A-01"], "KC-1", 3, actor=OLGA)
    packer = Backend(db.sessions, actor=Actor("pat", "pack-1"))
    review = CountReview(packer, made.id)
    qtbot.addWidget(review)
    assert not review.post_button.isEnabled()
    assert "pat (packer) may not post" in review.post_button.toolTip()
    assert review.table.isColumnHidden(7)                   # value at cost
    mine = CountReview(owner, made.id)
    qtbot.addWidget(mine)
    assert mine.post_button.isEnabled() and not mine.table.isColumnHidden(7)
