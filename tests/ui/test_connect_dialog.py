"""The "Connect to a shared database" dialog, driven by keys: what a failed test says, setting
up an empty database, and what is remembered (the password only when asked)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from app.services.database import setup
from app.ui.database import connect_dialog
from app.ui.database.connect_dialog import ConnectDialog
from app.ui.database.remembered import remember_database, remembered_database
from tests.conftest import PG_SERVER


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path) -> Iterator[None]:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield
    QSettings("Backroom", "Backroom").remove("database/url")


@pytest.fixture
def empty_target(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database: a new PostgreSQL database in the PostgreSQL pass, else a file."""
    if not PG_SERVER:
        yield str(tmp_path / "shared.sqlite3")
        return
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(db_url).database + "_dialog"
    admin = make_url(PG_SERVER).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(PG_SERVER).set(database=name).render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _dialog(qtbot, url: str = "") -> ConnectDialog:  # noqa: ANN001
    dialog = ConnectDialog(None, url)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _test(qtbot, dialog: ConnectDialog) -> None:  # noqa: ANN001
    dialog.test_button.setFocus()
    qtbot.keyClick(dialog.test_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled() and "…" not in dialog.status.text())


def test_a_server_that_does_not_answer_is_named(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.host, "127.0.0.1")
    dialog.port.setValue(1)   # nothing listens on port 1
    qtbot.keyClicks(dialog.user, "office")
    _test(qtbot, dialog)
    assert "cannot be reached" in dialog.status.text()
    assert not dialog.init_button.isVisible()


def test_missing_fields_are_named_before_any_connection(qtbot) -> None:
    dialog = _dialog(qtbot)
    dialog.database.clear()
    qtbot.keyClick(dialog.test_button, Qt.Key.Key_Space)
    assert dialog.status.text() == "Fill in the host and the database and the user."


def test_an_empty_database_is_set_up_and_connected_by_keys(qtbot, empty_target) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.url, empty_target)
    _test(qtbot, dialog)
    assert dialog._found is not None and dialog._found.state == setup.EMPTY
    assert dialog.init_button.isVisible() and dialog.init_button.hasFocus()
    qtbot.keyClick(dialog.init_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog._found is not None and dialog._found.state == setup.READY)
    assert "holds a Backroom store" in dialog.status.text()
    qtbot.keyClick(dialog.url, Qt.Key.Key_Return)     # Enter connects
    qtbot.waitUntil(lambda: dialog.result() == ConnectDialog.DialogCode.Accepted)
    assert dialog.chosen_url() is not None
    assert setup.try_connection(dialog.chosen_url()).state == setup.READY


def test_connect_tests_first_and_refuses_what_is_not_a_store(qtbot, tmp_path) -> None:
    not_a_store = tmp_path / "notes.sqlite3"
    import sqlite3

    con = sqlite3.connect(not_a_store)
    con.execute("CREATE TABLE notes (x)")
    con.close()
    dialog = _dialog(qtbot, str(not_a_store))
    qtbot.keyClick(dialog.url, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog._found is not None)
    assert "not a Backroom store" in dialog.status.text()
    assert dialog.chosen_url() is None and dialog.isVisible()


def test_the_password_is_remembered_only_when_ticked(qtbot, monkeypatch) -> None:
    url = "postgresql://office:s3cret@db.example:5432/backroom"
    dialog = _dialog(qtbot, url)
    assert dialog.host.text() == "db.example" and dialog.password.text() == "s3cret"
    monkeypatch.setattr(dialog, "accept", lambda: None)
    dialog.remember_password.setChecked(False)
    dialog._accept_url(url)
    assert remembered_database() == "postgresql://office@db.example:5432/backroom"
    assert "s3cret" not in Path(QSettings("Backroom", "Backroom").fileName()).read_text()
    dialog.remember_password.setChecked(True)
    dialog._accept_url(url)
    assert remembered_database() == url


def test_at_start_the_password_is_asked_for(qtbot, monkeypatch) -> None:
    remember_database("postgresql://office@db.example/backroom")
    monkeypatch.setattr(connect_dialog.QInputDialog, "getText",
                        lambda *_a, **_k: ("pw", True))
    assert connect_dialog.database_at_start() == "postgresql://office:pw@db.example/backroom"
    remember_database("/srv/shop.sqlite3")
    assert connect_dialog.database_at_start() == "/srv/shop.sqlite3"
