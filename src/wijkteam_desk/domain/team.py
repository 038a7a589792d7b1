"""What this laptop knows of its team, as plain data (storage/repo_team.py returns these; the
team folder's own types live in ``team/``).

One laptop is in at most one team. Per household the team knows who created it (its id's block
says so), who holds the pen now (``dossierhouder``: the one member whose laptop changes it), the
version, and what this laptop last published of it. JSON texts (``chain``, ``pen``) are kept as
text here: only the services parse and verify them with ``team/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TEAMLEIDER = "teamleider"


@dataclass(frozen=True)
class Membership:
    team_id: str
    team_name: str
    member_id: str
    anchor: str  # the teamleider fingerprint trusted at join (our own after ``team create``)
    chain: str  # the verified roster chain, JSON
    roster_version: int
    folder: str
    next_sequence: int
    joined_at: datetime
    last_sync_at: datetime | None = None
    last_sync: dict[str, Any] = field(default_factory=dict)
    compacted_version: int = 0
    compacted_at: datetime | None = None
    roster_published: int = 0  # the highest roster version this laptop wrote into the folder


@dataclass(frozen=True)
class TeamMember:
    member_id: str
    name: str
    role: str
    fingerprint: str
    id_block: int
    current: bool = True

    @property
    def is_teamleider(self) -> bool:
        return self.role == TEAMLEIDER


@dataclass(frozen=True)
class HouseholdTeamState:
    household_id: int
    creator: str
    version: int
    dossierhouder: str
    pen: str = "[]"  # every signed transfer known here, merged, JSON
    afgeschermd: bool = False
    withdrawn: bool = False
    published_version: int = 0
    published_sequence: int = 0
    handover_to: str = ""  # a handover we wrote, until the colleague took it
    handover_version: int = 0
    taken_from: str = ""  # a handover to us, until our next version is published
    received_from: str = ""  # who wrote the version we have ('': we did)
    received_at: datetime | None = None
    digests: str = "{}"  # per table, the digest of the rows last applied (JSON)
    withdraw_pending: int = 0  # now afgeschermd: the withdrawn version the team gets first
    withdraw_sequence: int = 0  # the file that carried it, until every colleague read it

    @property
    def pending(self) -> bool:
        """This laptop has a version of the household that is not in the folder yet."""
        return self.version > self.published_version


@dataclass(frozen=True)
class ReviewItem:
    """A colleague's document kept for review (``late_change``), never applied by itself."""

    id: int
    household_id: int
    author: str
    version: int
    reason: str
    received_at: datetime
    status: str = "open"
