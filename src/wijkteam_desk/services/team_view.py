"""What the team looks like from this laptop, as plain data for ``team status``, ``list`` and
the screens: the members and when each was last heard of, the folder and the last sync, and per
household who holds the pen and whether a handover is on its way.

A handover is "onderweg" on the giving laptop until the colleague's laptop has taken it (it
says it read our file, or its own next version of the household arrived), and on the taking
laptop until its next version is in the folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.team import HouseholdTeamState
from ..storage.uow import SqlUnitOfWork

OUTGOING, INCOMING = "outgoing", "incoming"


@dataclass(frozen=True)
class MemberView:
    member_id: str
    name: str
    role: str
    fingerprint: str
    is_me: bool
    current: bool
    last_seen: str | None  # UTC, when the newest file of theirs we read was written


@dataclass(frozen=True)
class HandoverView:
    household: int
    direction: str  # "outgoing" (we gave it) or "incoming" (we took it)
    member_id: str  # the colleague
    member_name: str


@dataclass(frozen=True)
class TeamStatus:
    in_team: bool
    team_id: str = ""
    team_name: str = ""
    member_id: str = ""
    role: str = ""
    folder: str = ""
    folder_present: bool = False
    roster_version: int = 0
    members: tuple[MemberView, ...] = ()
    last_sync_at: datetime | None = None
    last_sync: dict[str, Any] = field(default_factory=dict)
    pending: int = 0  # households with a change not in the folder yet
    handovers: tuple[HandoverView, ...] = ()
    reviews: int = 0  # late changes waiting for a decision


@dataclass(frozen=True)
class HouseholdTeamView:
    household: int
    owner_id: str  # the dossierhouder's member id
    owner: str  # the dossierhouder's name
    read_only: bool
    handover: str = ""  # "outgoing", "incoming" or ""
    handover_member: str = ""  # the colleague of that handover (name)
    updated_at: datetime | None = None  # when a colleague's version of it arrived here
    afgeschermd: bool = False  # only its dossierhouder and the teamleiders receive it
    teamleider: bool = False  # this laptop's member is a teamleider (may take it over)


def handover_direction(state: HouseholdTeamState, me: str, acked_me: dict[str, int]) -> str:
    if state.taken_from and state.dossierhouder == me:
        return INCOMING
    if state.handover_to and state.handover_version == state.version and (
        state.published_version < state.version
        or acked_me.get(state.handover_to, 0) < state.published_sequence
    ):
        return OUTGOING
    return ""


def status_of(uow: SqlUnitOfWork) -> TeamStatus:
    membership = uow.team.membership()
    if membership is None:
        return TeamStatus(False)
    me = membership.member_id
    seen = uow.team.last_seen()
    last_sync = membership.last_sync_at.strftime("%Y-%m-%dT%H:%M:%SZ") \
        if membership.last_sync_at else None
    members = tuple(MemberView(m.member_id, m.name, m.role, m.fingerprint, m.member_id == me,
                               m.current, last_sync if m.member_id == me
                               else seen.get(m.member_id) or None)
                    for m in uow.team.members())
    names = {m.member_id: m.name for m in members}
    acked = uow.team.acked_me()
    handovers = []
    for state in uow.team.states().values():
        direction = handover_direction(state, me, acked)
        if direction:
            other = state.handover_to if direction == OUTGOING else state.taken_from
            handovers.append(HandoverView(state.household_id, direction, other,
                                          names.get(other, "")))
    role = next((m.role for m in members if m.is_me), "")
    return TeamStatus(True, membership.team_id, membership.team_name, me, role,
                      membership.folder, Path(membership.folder).is_dir(),
                      membership.roster_version, members, membership.last_sync_at,
                      membership.last_sync, len(uow.team.pending()), tuple(handovers),
                      len(uow.team.held_reviews()))


def household_views(uow: SqlUnitOfWork) -> dict[int, HouseholdTeamView]:
    me = uow.team.member_id()
    if me is None:
        return {}
    names = uow.team.names()
    acked = uow.team.acked_me()
    views = {}
    for (household, holder, handover_to, handover_version, version, published_version,
         published_sequence, taken_from) in uow.team.holder_rows():
        state = HouseholdTeamState(household, "", version, holder,
                                   published_version=published_version,
                                   published_sequence=published_sequence,
                                   handover_to=handover_to, handover_version=handover_version,
                                   taken_from=taken_from)
        views[household] = HouseholdTeamView(household, holder, names.get(holder, ""),
                                             holder != me,
                                             handover_direction(state, me, acked))
    return views


def household_view(uow: SqlUnitOfWork, household_id: int) -> HouseholdTeamView | None:
    """One household as the household screen shows it in a team (its banner): the
    dossierhouder, read-only or not, a handover on its way and with whom, and when the
    copy here was last brought up to date by a colleague's version. None outside a team or
    for a household the team does not know."""
    me = uow.team.member_id()
    state = uow.team.state(household_id) if me is not None else None
    if me is None or state is None:
        return None
    members = uow.team.members()  # the roster: a handful of rows
    names = {m.member_id: m.name for m in members}
    leader = any(m.member_id == me and m.current and m.is_teamleider for m in members)
    direction = handover_direction(state, me, uow.team.acked_me())
    other = state.handover_to if direction == OUTGOING else \
        state.taken_from if direction == INCOMING else ""
    return HouseholdTeamView(household_id, state.dossierhouder,
                             names.get(state.dossierhouder, ""), state.dossierhouder != me,
                             direction, names.get(other, ""), state.received_at,
                             state.afgeschermd, leader)
