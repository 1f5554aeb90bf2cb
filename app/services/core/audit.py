"""Writing to the append-only audit trail."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from app.models import AuditEvent
from app.services.core.backend import Actor


def record(session: Session, actor: Actor, entity: str, entity_id: int, action: str,
           **details: Any) -> None:
    session.add(AuditEvent(user=actor.user, station=actor.station, entity=entity,
                           entity_id=entity_id, action=action,
                           details=json.dumps(details, default=str) if details else ""))
