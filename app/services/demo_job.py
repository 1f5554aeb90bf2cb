"""The demo store as one job, ready for work on either database.

The demo writes its rows with their ids (fast, and the same store for every seed), which
PostgreSQL's id sequences do not see: without moving them on, the first order or product
entered afterwards collided with a demo row (duplicate key on orders' primary key).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.services.core.bulk import advance_sequences
from app.services.demo import DemoSummary, generate_demo


def make_demo(session: Session, /, **options: Any) -> DemoSummary:
    """generate_demo (same options), then the id sequences moved past the demo's ids."""
    summary = generate_demo(session, **options)
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        from app.models import Base, load_all

        load_all()
        advance_sequences(conn, Base.metadata.sorted_tables)
    return summary
