"""Who is working and at which station (stamped on moves and audit events)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who is working and at which station; stamped on moves and audit events."""

    user: str = "owner"
    station: str = "office"
