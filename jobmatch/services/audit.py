"""Writing to the append-only audit log."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from jobmatch.models import AuditEvent, User


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event; ``detail`` must hold no personal data (field names, ids, codes only)."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    session.add(event)
    return event
