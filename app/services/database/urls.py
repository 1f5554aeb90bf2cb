"""Database URLs for people: made from host, port, name and user, and shown or kept without
their password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.services.core.errors import InvalidInput

DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerParts:
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    password: str = ""


def build_url(parts: ServerParts) -> str:
    """postgresql://user:password@host:port/database from the dialog's fields."""
    missing = [name for name, value in (("host", parts.host), ("database", parts.database),
                                        ("user", parts.user)) if not value.strip()]
    if missing:
        raise InvalidInput(f"Fill in the {' and the '.join(missing)}.")
    if not 0 < parts.port < 65536:
        raise InvalidInput(f"A port is a number from 1 to 65535, not {parts.port}.")
    return URL.create("postgresql", username=parts.user.strip(),
                      password=parts.password or None, host=parts.host.strip(),
                      port=parts.port, database=parts.database.strip()
                      ).render_as_string(hide_password=False)


def split_url(url: str) -> ServerParts:
    """The fields of a postgresql URL (empty parts for a file path or a bad URL)."""
    try:
        parsed = make_url(url) if "://" in url else None
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.get_backend_name() != "postgresql":
        return ServerParts()
    return ServerParts(parsed.host or "", parsed.port or DEFAULT_PORT, parsed.database or "",
                       parsed.username or "", parsed.password or "")


def is_server(url: str) -> bool:
    return url.startswith(("postgresql://", "postgresql+", "postgres://"))


def without_password(url: str) -> str:
    if not is_server(url):
        return url
    p = make_url(url)   # (URL.set ignores a None, so the URL is made again without it)
    return URL.create(p.drivername, username=p.username, host=p.host, port=p.port,
                      database=p.database, query=p.query).render_as_string(hide_password=False)


def with_password(url: str, password: str) -> str:
    if not is_server(url) or not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def needs_password(url: str) -> bool:
    """A server URL with a user but no password: the password is asked for at start."""
    if not is_server(url):
        return False
    parsed = make_url(url)
    return bool(parsed.username) and not parsed.password


def shown(url: str) -> str:
    """The URL with its password hidden (for labels and messages)."""
    if not is_server(url):
        return url
    return make_url(url).render_as_string(hide_password=True)
