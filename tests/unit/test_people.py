"""People: adding, PINs and passwords (argon2, old PBKDF2 rehashed), roles, signing in."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from sqlalchemy import select

from app.models import User
from app.services.core.backend import Actor, Backend
from app.services.core.errors import InvalidInput
from app.services.core.passwords import needs_rehash, secret_matches
from app.services.core.permissions import PermissionDenied
from app.services.core.supervisors import supervisor_for_pin
from app.services.people import accounts

OWNER = Actor("olga", "office")


@pytest.fixture
def shop(db) -> Backend:
    """A shop whose owner olga (password) has added sue (supervisor) and pat (packer)."""
    backend = Backend(db.sessions, actor=OWNER)
    backend.run(accounts.add_user, "olga", "owner", "correct horse", actor=OWNER)
    backend.run(accounts.add_user, "sue", "supervisor", "2468", actor=OWNER)
    backend.run(accounts.add_user, "pat", "packer", "1357", actor=OWNER)
    return backend


def test_secrets_are_argon2_and_never_stored_plain(shop, db):
    with db.sessions() as s:
        hashes = dict(s.execute(select(User.name, User.pin_hash)).all())
    assert all(h.startswith("$argon2id$") for h in hashes.values())
    assert "2468" not in hashes["sue"]
    assert secret_matches("2468", hashes["sue"]) and not secret_matches("2469", hashes["sue"])


def test_sign_in_right_and_wrong(shop):
    who = shop.run(accounts.sign_in, "pat", "1357", station="pack-1")
    assert who is not None and who.role == "packer" and not who.may("post_count")
    assert shop.run(accounts.sign_in, "pat", "0000", station="pack-1") is None
    assert shop.run(accounts.sign_in, "nobody", "1357", station="pack-1") is None
    assert shop.read(accounts.sign_in_needed)


def test_an_old_pbkdf2_pin_still_works_and_is_rehashed_at_sign_in(shop, db):
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", b"9753", bytes.fromhex(salt), 120_000).hex()
    with db.sessions() as s, s.begin():
        s.add(User(name="old", role="supervisor", pin_hash=f"{salt}${digest}"))
    assert shop.read(supervisor_for_pin, "9753") == "old"
    assert shop.run(accounts.sign_in, "old", "9753", station="x") is not None
    with db.sessions() as s:
        stored = s.scalar(select(User.pin_hash).where(User.name == "old"))
    assert stored.startswith("$argon2id$") and not needs_rehash(stored)
    assert shop.run(accounts.sign_in, "old", "9753", station="x") is not None


def test_secrets_and_names_are_checked(shop):
    for bad in ("12", "1234567890123", "short"):
        with pytest.raises(InvalidInput):
            shop.run(accounts.add_user, "kim", "packer", bad, actor=OWNER)
    with pytest.raises(InvalidInput):
        shop.run(accounts.add_user, "SUE", "packer", "1111", actor=OWNER)
    with pytest.raises(InvalidInput):
        shop.run(accounts.add_user, "kim", "boss", "1111", actor=OWNER)


def test_the_last_owner_stays(shop):
    with pytest.raises(InvalidInput, match="only active owner"):
        shop.run(accounts.set_role, "olga", "packer", actor=OWNER)
    shop.run(accounts.set_role, "sue", "owner", actor=OWNER)
    shop.run(accounts.set_role, "olga", "supervisor", actor=Actor("sue", "x"))


def test_deactivated_people_cannot_sign_in_or_work(shop):
    shop.run(accounts.set_active, "pat", False, actor=OWNER)
    assert shop.run(accounts.sign_in, "pat", "1357", station="x") is None
    with pytest.raises(PermissionDenied, match="deactivated"):
        shop.read(accounts.who_is, "pat")
    shop.run(accounts.set_active, "pat", True, actor=OWNER)
    assert shop.read(accounts.who_is, "pat").role == "packer"


def test_only_who_may_manage_users_does(shop):
    with pytest.raises(PermissionDenied, match="may not manage people"):
        shop.run(accounts.add_user, "kim", "owner", "1111", actor=Actor("sue", "x"))
    with pytest.raises(PermissionDenied):
        shop.run(accounts.set_secret, "olga", "1111", actor=Actor("pat", "x"))


def test_a_shop_without_people_is_its_owner(db):
    backend = Backend(db.sessions)  # the default Actor: "owner"
    assert not backend.read(accounts.sign_in_needed)
    assert backend.read(accounts.who_is, "owner").role == "owner"
    assert backend.read(accounts.who_is, "anyone").may("manage_users")
    backend.run(accounts.add_user, "pat", "packer", "", actor=backend.actor)
    # people exist but nobody has a PIN: not locked yet, and no sign-in at start
    assert backend.read(accounts.who_is, "anyone").role == "owner"
    assert not backend.read(accounts.sign_in_needed)
    backend.run(accounts.set_secret, "pat", "2468", actor=backend.actor)
    # a PIN exists, no owner is named: "owner" still is one; strangers are not
    assert backend.read(accounts.who_is, "owner").role == "owner"
    with pytest.raises(PermissionDenied, match="not a user of this shop"):
        backend.read(accounts.who_is, "anyone")
