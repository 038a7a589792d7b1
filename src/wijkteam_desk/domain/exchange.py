"""The exchange with Veilig Thuis as the case file sees it: keys, the exchange log, import
conflicts, and the three-way comparison that decides between "take VT's value", "keep ours" and
"ask the team". Pure: no crypto, no SQL (the package format lives in ``wijkteam_desk.exchange``)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class PackageStatus(enum.StrEnum):
    """A package's line in the exchange log."""

    VERZONDEN = "verzonden"  # written for VT, no receipt yet
    BEVESTIGD = "bevestigd"  # VT's receipt for it was imported
    INGELEZEN = "ingelezen"  # imported
    GEWEIGERD = "geweigerd"  # refused; ``reason`` says why
    DUBBEL = "dubbel"  # the same package again: nothing done


class ConflictStatus(enum.StrEnum):
    OPEN = "open"
    LOKAAL = "lokaal"  # the team kept its own value
    INKOMEND = "inkomend"  # the team took VT's value


@dataclass(frozen=True)
class ExchangeKey:
    """The team's own key pair (``own``) or a trusted VT key. Secrets never leave storage in
    this object: ``secret`` is only filled for the team's own key, for the exchange service."""

    id: int
    own: bool
    name: str
    signing_key_id: str
    signing_public: str  # minisign public key, base64 (the second line of signing.pub)
    encryption_recipient: str  # age1…
    added_at: datetime
    revoked: bool
    secret: str = ""
    sequence_floor: int = 0  # after a key change: the new key continues from here


@dataclass(frozen=True)
class PackageEntry:
    id: int
    package_id: str
    direction: Direction
    kind: str
    peer_key_id: str
    sequence: int
    payload_sha256: str
    status: PackageStatus
    reason: str
    household_id: int | None
    file_name: str
    at: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class ImportConflict:
    id: int
    household_id: int
    object_type: str  # "person" or "condition"
    object_id: int
    field: str
    local_value: Any  # decoded JSON values
    incoming_value: Any
    package_id: str
    status: ConflictStatus
    resolved_at: datetime | None


@dataclass(frozen=True)
class OutboxItem:
    """A receipt the team owes VT, waiting in the outbox until it is written out."""

    id: int
    household_id: int | None
    kind: str
    peer_key_id: str  # VT's signing key id the receipt answers
    payload: dict[str, Any]
    created_at: datetime


class Merge(enum.Enum):
    KEEP = "keep"  # nothing to do (same value, or only we changed it)
    TAKE = "take"  # only VT changed it: take the incoming value
    CONFLICT = "conflict"  # both changed it differently: the team decides


def three_way(snapshot: Any, local: Any, incoming: Any) -> Merge:
    """Compare one field: ``snapshot`` is what VT sent last time (None when the field was
    never imported). A local change VT did not make survives; a VT change we did
    not make is taken; two different changes are a conflict, never silently overwritten."""
    if incoming == local:
        return Merge.KEEP
    if local == snapshot:
        return Merge.TAKE
    if incoming == snapshot:
        return Merge.KEEP
    return Merge.CONFLICT


@dataclass(frozen=True)
class MomentReport:
    """One monitoring moment as reported back to VT (ids are VT's ids only)."""

    offset_months: int | None
    due_on: date
    held_on: date | None
    conditions: tuple[tuple[str, str], ...]  # (VT condition id, voldaan|deels|niet_voldaan|…)
    incidents_since: int | None
    safety_scores: tuple[tuple[str, int], ...]  # (VT person id, 0-10)
    help_in_place: bool | None
    durably_safe: str  # ja | nee | onbekend
    outcome: str  # "" or voortzetten | afsluiten | heropenen | melden_bij_vt


@dataclass(frozen=True)
class FeedbackSource:
    """What a terugkoppeling is made of, read in bulk for many households."""

    household_id: int
    vt_case_number: str
    status: str
    phase: str
    regisseur: tuple[str, str, str] | None  # name, organisation, phone of the professional
    goal_statuses: tuple[str, ...]
    plan_version: int | None
    moments: tuple[MomentReport, ...]
