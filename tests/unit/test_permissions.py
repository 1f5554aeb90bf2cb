"""Permissions in the services: @requires checks the person in the job's own transaction."""

from __future__ import annotations

import pytest

from app.models.people import DEFAULT_PERMISSIONS, PERMISSIONS
from app.services.core.backend import Actor, Backend
from app.services.core.errors import BackroomError
from app.services.core.permissions import PermissionDenied, required, requires
from app.services.counts import posting
from app.services.people import accounts
from app.services.stock import moves
from app.services.stock.moves import NotAllowed


@pytest.fixture
def shop(db) -> Backend:
    backend = Backend(db.sessions, actor=Actor("olga", "office"))
    for name, role in (("olga", "owner"), ("sue", "supervisor"), ("pat", "packer"),
                       ("ann", "accountant")):
        backend.run(accounts.add_user, name, role, "", actor=Actor("olga", "office"))
    return backend


def test_defaults_as_the_issue_says(shop):
    table = shop.read(accounts.permission_table)
    assert table["owner"] == frozenset(PERMISSIONS)
    assert table["supervisor"] == frozenset(PERMISSIONS) - {"manage_users"}
    assert not {"post_count", "see_money", "adjust_stock"} & table["packer"]
    assert "see_money" in table["accountant"] and "adjust_stock" not in table["accountant"]
    assert table == {r: DEFAULT_PERMISSIONS[r] for r in table}


def test_services_are_marked():
    assert required(posting.post_count) == {"post_count"}
    assert required(posting.reverse_count) == {"post_count"}
    assert required(moves.adjust) == {"adjust_stock"}
    assert required(moves.transfer) == {"move_stock"}
    assert required(accounts.add_user) == {"manage_users"}


def test_a_packer_may_not_post_a_count_or_adjust(shop):
    pat = Actor("pat", "pack-1")
    with pytest.raises(PermissionDenied, match=r"pat \(packer\) may not post or reverse"):
        shop.run(posting.post_count, 1, actor=pat)
    with pytest.raises(NotAllowed, match="may not adjust stock"):
        shop.run(moves.adjust, "A-01", "X", 1, "found", actor=pat)


def test_an_accountant_may_not_adjust_and_a_stranger_nothing(shop):
    with pytest.raises(NotAllowed):
        shop.run(moves.adjust, "A-01", "X", 1, "found", actor=Actor("ann", "office"))
    # Once somebody has a PIN the shop is locked: a name that is not a user may do nothing.
    shop.run(accounts.set_secret, "olga", "4711", actor=Actor("olga", "office"))
    with pytest.raises(PermissionDenied, match="not a user of this shop"):
        shop.run(posting.post_count, 1, actor=Actor("mallory", "office"))


def test_a_shop_where_nobody_has_a_pin_is_not_locked(shop):
    # People without secrets prove nothing by their names: any name works as the owner
    # (the tests' and a one-person shop's case), while a known packer keeps her role.
    assert shop.read(accounts.who_is, "mallory").role == "owner"
    assert shop.read(accounts.who_is, "pat").role == "packer"


def test_the_owner_edits_a_role_and_it_counts_at_once(shop):
    olga = Actor("olga", "office")
    shop.run(accounts.set_role_permissions, "packer",
             DEFAULT_PERMISSIONS["packer"] | {"post_count"}, actor=olga)
    # Now past the permission check: the refusal is about the count, not the person.
    with pytest.raises(BackroomError) as caught:
        shop.run(posting.post_count, 999, actor=Actor("pat", "x"))
    assert not isinstance(caught.value, PermissionDenied)
    with pytest.raises(BackroomError, match="owner may always"):
        shop.run(accounts.set_role_permissions, "owner", [], actor=olga)


def test_the_backends_actor_is_checked_when_the_job_names_none(shop):
    @requires("manage_users")
    def job(session) -> str:
        return "done"

    assert shop.run(job) == "done"
    shop.actor = Actor("sue", "office")
    with pytest.raises(PermissionDenied):
        shop.run(job)
    with pytest.raises(PermissionDenied):
        shop.read(job)
    # quick() shares the actor: a switch of user reaches the scanner backend too
    assert shop.quick().actor == Actor("sue", "office")


def test_a_decorated_job_inside_a_plain_job_is_checked_too(shop):
    def wrapper(session):
        return accounts.add_user(session, "kim", "packer", "", actor=Actor("pat", "x"))

    with pytest.raises(PermissionDenied):
        shop.run(wrapper)


def test_the_default_owner_works_in_a_shop_without_people(db):
    backend = Backend(db.sessions)
    with pytest.raises(BackroomError) as caught:
        backend.run(posting.post_count, 1, actor=backend.actor)
    assert not isinstance(caught.value, PermissionDenied)
