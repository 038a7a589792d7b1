"""The audit log: append-only, hash-chained, inside the vault (S19, S20).

Each line holds who (actor, device; since schema 4 also the actor's role and member id from the
profile), what (action, object type and id, household), when, the result and a small detail dict
without free text; ``hash = sha256(prev_hash || canonical line)``. Triggers refuse UPDATE and
DELETE; ``verify_chain`` finds an edited, inserted or removed line.

A line written before schema 4 has no role and no member id: its canonical form is the nine
fields it was hashed with, so old chains keep verifying. A line with a role or member id adds
both as two more fields; emptying them afterwards changes the line and breaks the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditRow

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str
    actor: str
    device: str
    action: str
    object_type: str
    object_id: str
    household_id: int | None
    result: str
    detail: dict[str, Any]
    role: str = ""  # the actor's role (ProfileRole value); '' before schema 4
    actor_id: str = ""  # the actor's member id; '' before schema 4


def _line(at: str, actor: str, device: str, action: str, object_type: str, object_id: str,
          household_id: int | None, result: str, detail: str, role: str = "",
          actor_id: str = "") -> bytes:
    fields = [at, actor, device, action, object_type, object_id,
              "" if household_id is None else str(household_id), result, detail]
    if role or actor_id:
        fields += [role, actor_id]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(prev_hash: str, line: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + line).hexdigest()


def append(session: Session, *, at: datetime, actor: str, device: str, action: str,
           object_type: str, object_id: str | int = "", household_id: int | None = None,
           result: str = "ok", detail: dict[str, Any] | None = None, role: str = "",
           actor_id: str = "") -> None:
    """Add one line in the caller's transaction (so the log and the change commit together)."""
    prev = session.scalar(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)) or GENESIS
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    stamp = at.isoformat(timespec="seconds")
    line = _line(stamp, actor, device, action, object_type, str(object_id), household_id,
                 result, detail_text, role, actor_id)
    session.add(AuditRow(at=stamp, actor=actor, device=device, action=action,
                         object_type=object_type, object_id=str(object_id),
                         household_id=household_id, result=result, detail=detail_text,
                         prev_hash=prev, hash=chain_hash(prev, line), actor_role=role,
                         actor_id=actor_id))
    session.flush()


def verify_chain(session: Session) -> int | None:
    """The id of the first line that breaks the chain, or None when it is whole."""
    prev = GENESIS
    for row in session.execute(select(AuditRow).order_by(AuditRow.id)).scalars():
        line = _line(row.at, row.actor, row.device, row.action, row.object_type, row.object_id,
                     row.household_id, row.result, row.detail, row.actor_role, row.actor_id)
        if row.prev_hash != prev or row.hash != chain_hash(prev, line):
            return row.id
        prev = row.hash
    return None


def head(session: Session) -> str:
    return session.scalar(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)) or GENESIS


def to_event(row: AuditRow) -> AuditEvent:
    return AuditEvent(row.id, row.at, row.actor, row.device, row.action, row.object_type,
                      row.object_id, row.household_id, row.result, json.loads(row.detail),
                      row.actor_role, row.actor_id)
