"""What compaction must keep in our subfolder (services/team_sync.py): the newest document of
every household we hold or handed over, our takeover notices still in force, and the files that
withdrew a household (now afgeschermd) from colleagues who have not all read them yet."""

from __future__ import annotations

from ..domain.team import HouseholdTeamState
from ..storage.uow import SqlUnitOfWork
from ..team.chain import RosterChain
from . import team_state as ts


def notices_in_force(uow: SqlUnitOfWork, me: str) -> set[int]:
    """Sequences of our takeover notices a laptop may still need: until the new
    dossierhouder's own version is here (or, when that is us, in the folder). Notices no longer
    needed are forgotten (compaction then deletes their files)."""
    keep, done = set(), []
    for notice_id, household, to, base, _, sequence in uow.team.notices():
        state = uow.team.state(household)
        if state is None or state.withdrawn or (
            state.published_version > base if to == me else state.version > base
        ):
            done.append(notice_id)
        elif sequence:
            keep.add(sequence)
    if done:
        uow.team.drop_notices(done)
    return keep


def withdrawals_in_force(uow: SqlUnitOfWork, chain: RosterChain, me: str) -> set[int]:
    """Sequences of our files that withdrew a household (now afgeschermd) from the team,
    until every colleague who is no teamleider says it read them (``acks``)."""
    acked = uow.team.acked_me()
    readers = [m.member_id for m in chain.current.members
               if not m.is_teamleider and m.member_id != me]
    keep, done = set(), []
    for household, sequence in uow.team.withdrawals().items():
        if all(acked.get(m, 0) >= sequence for m in readers):
            done.append(household)
        else:
            keep.add(sequence)
    if done:
        uow.team.forget_withdrawals(done)
    return keep


def needed_documents(states: dict[int, HouseholdTeamState], me: str) -> dict[int, int]:
    """Household → the version our subfolder must keep: every household we hold (withdrawn
    ones too, until colleagues dropped their copies), and every one we handed over until the
    colleague's own version arrived. Only what we published (the rest is pending)."""
    needed = {}
    for state in states.values():
        ours = state.dossierhouder == me or (
            state.handover_to and state.handover_version == state.version)
        if ours and state.published_version:
            needed[state.household_id] = state.published_version
    return needed



def late_files_in_force(uow: SqlUnitOfWork, chain: RosterChain, me: str) -> set[int]:
    """Sequences of our files holding a change we made without having seen a takeover of the
    household (a late change): kept until every colleague says it read them, so whoever holds
    the household later has it for review, however late the sync engine delivers."""
    acked = uow.team.acked_me()
    readers = [m for m in chain.current.member_ids if m != me]
    keep = set()
    for state in uow.team.published_by_us_held_by_others():
        late = any(t.is_takeover and t.from_member == me and t.version < state.published_version
                   for t in ts.parse_pen(state.pen))
        if late and any(acked.get(m, 0) < state.published_sequence for m in readers):
            keep.add(state.published_sequence)
    return keep
