"""Writing to the append-only audit trail.

Every write job run through the Backend leaves at least one event: a service that knows
better records its own (`record`, e.g. "packed" with the order and the packer); for any
other job the Backend records one event naming the job in words and its key arguments
(`record_job`). The database refuses to change or delete an event (migration 0710).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import PurePath
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.models import AuditEvent
from app.models.base import utcnow
from app.services.core.actor import Actor

RECORDED_KEY = "backroom_audited"  # session.info: this transaction recorded its own events
_SECRET_WORDS = ("pin", "password", "secret")
# A job's argument naming the thing it works on -> the audit entity.
_ENTITY_ARGS = (("order_id", "order"), ("count_id", "stock_count"),
                ("product_id", "product"), ("pick_id", "pick_list"), ("user_id", "user"),
                ("store_id", "store"), ("line_id", "order_line"))
_MAX_TEXT = 120
_MAX_DETAILS = 2000


def _text(value: object, limit: int = 64) -> str:
    return str(value)[:limit] if value not in (None, "") else ""


def record(session: Session, actor: Actor, entity: str, entity_id: int, action: str,
           **details: Any) -> None:
    session.add(AuditEvent(
        user=actor.user, station=actor.station, entity=entity, entity_id=entity_id,
        action=action[:32], details=json.dumps(details, default=str) if details else "",
        sku=_text(details.get("sku")),
        order_number=_text(details.get("order_number") or details.get("order"))))
    mark_recorded(session)


def mark_recorded(session: Session) -> None:
    """Say this transaction wrote its own audit events (e.g. by a bulk insert)."""
    session.info[RECORDED_KEY] = True


def recorded(session: Session) -> bool:
    return bool(session.info.get(RECORDED_KEY))


def job_words(job: Callable[..., Any]) -> str:
    """A job's name in words: post_count -> "post count"."""
    name = getattr(job, "__name__", "") or "change"
    if name.startswith("<") or name in ("job", "run", "work"):
        name = "change"
    return name.strip("_").replace("_", " ")[:32]


@functools.lru_cache(maxsize=512)
def _signature(job: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(job)
    except (TypeError, ValueError):
        return None


def _plain(value: object) -> object | None:
    """A value short enough for the trail, or None to leave it out."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value[:_MAX_TEXT]
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, PurePath):
        return value.name
    if isinstance(value, list | tuple | set | frozenset):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        sku = getattr(value, "sku", None)
        return _plain(sku) if sku is not None else type(value).__name__
    return None


def job_arguments(job: Callable[..., Any], args: tuple[Any, ...],
                  kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The key arguments a job was called with, by name (no secrets, no session, no actor)."""
    signature = _signature(job)
    if signature is None:
        named = {f"arg{i}": v for i, v in enumerate(args, start=1)} | dict(kwargs)
    else:
        try:
            bound = signature.bind_partial(None, *args, **kwargs)
        except TypeError:
            return {}
        named = dict(list(bound.arguments.items())[1:])
        extra = named.pop("kwargs", None)
        if isinstance(extra, dict):
            named.update(extra)
    found: dict[str, Any] = {}
    for name, value in named.items():
        if isinstance(value, Actor) or any(w in name.lower() for w in _SECRET_WORDS):
            continue
        plain = _plain(value)
        if plain is not None and plain != "":
            found[name] = plain
    return found


def record_job(session: Session, actor: Actor, job: Callable[..., Any],
               args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """One event for a write job that recorded none of its own: who, where, what, with what."""
    details = job_arguments(job, args, kwargs)
    entity, entity_id = "", 0
    for name, kind in _ENTITY_ARGS:
        value = details.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            entity, entity_id = kind, value
            break
    if not entity:  # the feature the job belongs to: app.services.stock.moves -> stock
        parts = getattr(job, "__module__", "").split(".")
        entity = parts[2] if len(parts) > 2 and parts[:2] == ["app", "services"] else "job"
    text = json.dumps(details, default=str) if details else ""
    # A plain insert: on the packing scan path this is the one extra statement per scan.
    session.execute(insert(AuditEvent).values(
        at=utcnow(), user=actor.user, station=actor.station, entity=entity[:32],
        entity_id=entity_id, action=job_words(job), details=text[:_MAX_DETAILS],
        sku=_text(details.get("sku")),
        order_number=_text(details.get("order_number") or details.get("number"))))
