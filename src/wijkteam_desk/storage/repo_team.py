"""SQL for the team state in the vault (schema 7, storage/models_team.py): the membership, the
roster's members, the ledger, per household who holds the pen, colleagues' audit lines and late
changes kept for review. Bound parameters only; domain objects out (domain/team.py).

``claim`` is the one-writer rule at commit (storage/uow.py): a change to a household that
another member holds raises ``ReadOnlyHousehold``; a change to one we hold raises its version."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from ..domain.errors import ReadOnlyHousehold
from ..domain.team import HouseholdTeamState, Membership, ReviewItem, TeamMember
from . import household_doc
from .ids import BLOCK_BITS, SESSION_KEY, set_block
from .models import AuditRow, HouseholdRow, MetaRow
from .models_team import (
    MEMBERSHIP_ID,
    TeamAuditRow,
    TeamAuthorRow,
    TeamHouseholdRow,
    TeamMemberRow,
    TeamMembershipRow,
    TeamNoticeRow,
    TeamRefusalRow,
    TeamReviewRow,
)
from .models_work import CaseloadEntryRow
from .renumber import renumber_into_block

_STATE_FIELDS = [f.name for f in fields(HouseholdTeamState)]
# Audit lines of the sync itself say only that a copy arrived: they stay on this laptop.
LOCAL_AUDIT_ACTIONS = ("team.receive", "team.refused", "team.sync")


def _state(row: TeamHouseholdRow) -> HouseholdTeamState:
    return HouseholdTeamState(**{name: getattr(row, name) for name in _STATE_FIELDS})


def _membership(row: TeamMembershipRow) -> Membership:
    return Membership(row.team_id, row.team_name, row.member_id, row.anchor, row.chain,
                      row.roster_version, row.folder, row.next_sequence, row.joined_at,
                      row.last_sync_at, json.loads(row.last_sync or "{}"),
                      row.compacted_version, row.compacted_at, row.roster_published)


class TeamRepository:
    def __init__(self, session: Session) -> None:
        self.s = session
        self._me: tuple[str | None] | None = None  # cached for one unit of work
        # Households known to have no team state in this unit of work (``prefetch_states``):
        # looking one up again would be one more query each, three per new household.
        self._absent: set[int] = set()
        # The rows ``prefetch_states`` loaded, held here: the session's identity map keeps
        # only weak references, and a row nobody holds is gone before ``state`` asks for it.
        self._prefetched: list[TeamHouseholdRow] = []
        # Households this unit of work brought here for the first time: no caseload entry yet.
        self._arrived: set[int] = set()
        # The tables a colleague's version wrote in households that were here already.
        self._changed: set[str] = set()

    # -- membership -----------------------------------------------------------------------
    def membership(self) -> Membership | None:
        row = self.s.get(TeamMembershipRow, MEMBERSHIP_ID)
        return _membership(row) if row else None

    def local_member_id(self) -> str:
        """A member id for this vault before it has a profile: made once, kept in ``meta``."""
        value = self.s.scalar(select(MetaRow.value).where(MetaRow.key == "team_member_id"))
        if value is None:
            value = uuid.uuid4().hex
            self.s.add(MetaRow(key="team_member_id", value=value))
            self.s.flush()
        return str(value)

    def update_membership(self, **values: Any) -> None:
        row = self.s.get(TeamMembershipRow, MEMBERSHIP_ID)
        if row is None:
            raise ValueError("not in a team")
        if "last_sync" in values:
            values["last_sync"] = json.dumps(values["last_sync"], sort_keys=True)
        for key, value in values.items():
            setattr(row, key, value)
        self.s.flush()

    def member_id(self) -> str | None:
        """Our member id, or None while this vault is not in a team (read once per unit)."""
        if self._me is None:
            self._me = (self.s.scalar(select(TeamMembershipRow.member_id).where(
                TeamMembershipRow.id == MEMBERSHIP_ID)),)
        return self._me[0]

    def save_membership(self, membership: Membership) -> None:
        values = asdict(membership)
        values["last_sync"] = json.dumps(values["last_sync"], sort_keys=True)
        row = self.s.get(TeamMembershipRow, MEMBERSHIP_ID)
        if row is None:
            self.s.add(TeamMembershipRow(id=MEMBERSHIP_ID, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
        self._me = None
        self.s.flush()

    def set_members(self, members: Iterable[TeamMember]) -> None:
        """Every member the chain knows (replaces the list)."""
        self.s.execute(delete(TeamMemberRow))
        self.s.add_all(TeamMemberRow(**asdict(m)) for m in members)
        self.s.flush()

    def members(self) -> list[TeamMember]:
        rows = self.s.scalars(select(TeamMemberRow).order_by(TeamMemberRow.name))
        return [TeamMember(r.member_id, r.name, r.role, r.fingerprint, r.id_block, r.current)
                for r in rows]

    def names(self) -> dict[str, str]:
        return dict(self.s.execute(select(TeamMemberRow.member_id, TeamMemberRow.name)).all())

    def _block_owner(self, household_id: int) -> str | None:
        return self.s.scalar(select(TeamMemberRow.member_id).where(
            TeamMemberRow.id_block == household_id >> BLOCK_BITS))

    def enter_team(self, block: int) -> int:
        """Number new rows in ``block`` from now on; a vault joining as another member than the
        first teamleider moves its rows there first (``renumber``: refused with
        ``drafts_open`` while an edit is in progress). Returns the offset added to its ids."""
        if block == 0:  # the first teamleider's block is where a vault's ids already are
            set_block(self.s.connection(), 0)
            self.s.info.pop(SESSION_KEY, None)
            return 0
        return renumber_into_block(self.s, block)

    def household_ids(self) -> list[int]:
        return list(self.s.scalars(select(HouseholdRow.id).order_by(HouseholdRow.id)))

    def household_exists(self, household_id: int) -> bool:
        return self.s.get(HouseholdRow, household_id) is not None

    def arrived(self) -> frozenset[int]:
        """The households this unit of work brought here for the first time."""
        return frozenset(self._arrived)

    def changed_tables(self) -> frozenset[str]:
        """The tables that applying colleagues' versions in this unit of work may have
        changed in households that were here already (the caseload refresh asks only the
        facts that read them)."""
        return frozenset(self._changed)

    def forget_caseload(self, household_id: int) -> None:
        """Drop the household's caseload entry (a restore taking its work back): the
        dashboard rebuilds a missing entry."""
        if household_id in self._arrived:
            return  # new here in this unit of work: it has none (a catch-up: 5,000 queries less)
        self.s.execute(delete(CaseloadEntryRow).where(
            CaseloadEntryRow.household_id == household_id))

    # -- household documents (storage/household_doc.py) ---------------------------------
    def export_household(self, household_id: int) -> dict[str, Any]:
        return household_doc.export_household(self.s, household_id)

    def apply_household(self, document: dict[str, Any],
                        digests: str = "{}") -> tuple[int, str]:
        """Apply a colleague's version; ``digests``: those of the version applied before
        (``HouseholdTeamState.digests``). Returns the household id and the new digests."""
        new = household_doc.table_digests(document)
        old = json.loads(digests or "{}")
        unchanged = {name for name, digest in new.items() if old.get(name) == digest}
        household, present = household_doc.apply_household(self.s, document, unchanged)
        if present:
            self._changed |= household_doc.written_tables(unchanged)
        else:
            self._arrived.add(household)
        return household, json.dumps(new, sort_keys=True)

    def remove_household(self, household_id: int) -> None:
        household_doc.remove_household(self.s, household_id)

    # -- the ledger -----------------------------------------------------------------------
    def ledger_json(self) -> dict[str, Any]:
        """The ledger in ``team.ledger.Ledger.to_json`` form."""
        authors = {}
        for r in self.s.scalars(select(TeamAuthorRow)):
            authors[r.member_id] = {"floor": r.floor, "highest": r.highest,
                                    "last_seen": r.last_seen, "seen": json.loads(r.seen),
                                    "hints": json.loads(r.hints),
                                    "rosters": json.loads(r.rosters)}
        refused = {r.label: [r.sha256, r.reason] for r in self.s.scalars(select(TeamRefusalRow))}
        return {"authors": authors, "refused": refused}

    def save_ledger(self, value: dict[str, Any], acked_me: dict[str, int]) -> None:
        """Replace the ledger; ``acked_me``: per author, the highest of our sequences it says
        it read (kept at its maximum)."""
        old = dict(self.s.execute(select(TeamAuthorRow.member_id, TeamAuthorRow.acked_me)).all())
        self.s.execute(delete(TeamAuthorRow))
        self.s.execute(delete(TeamRefusalRow))
        for member, a in value["authors"].items():
            self.s.add(TeamAuthorRow(
                member_id=member, floor=a["floor"], highest=a["highest"],
                last_seen=a["last_seen"], seen=json.dumps(a["seen"]),
                hints=json.dumps(a["hints"]), rosters=json.dumps(a["rosters"]),
                acked_me=max(old.get(member, 0), acked_me.get(member, 0))))
        for label, (sha, reason) in value["refused"].items():
            self.s.add(TeamRefusalRow(label=label, sha256=sha, reason=reason))
        self.s.flush()

    def acked_me(self) -> dict[str, int]:
        return dict(self.s.execute(select(TeamAuthorRow.member_id, TeamAuthorRow.acked_me)).all())

    def last_seen(self) -> dict[str, str]:
        return dict(self.s.execute(select(TeamAuthorRow.member_id, TeamAuthorRow.last_seen)).all())

    # -- households -----------------------------------------------------------------------
    def prefetch_states(self, household_ids: Iterable[int]) -> None:
        """Load the team state of these households in one query (a sync's batch): ``state``
        and ``save_state`` then find them in the session, and know the others have none."""
        wanted = set(household_ids)
        rows = self.s.scalars(select(TeamHouseholdRow).where(
            TeamHouseholdRow.household_id.in_(wanted))).all()
        self._absent = wanted - {r.household_id for r in rows}
        self._prefetched = list(rows)

    def state(self, household_id: int) -> HouseholdTeamState | None:
        if household_id in self._absent:
            return None
        row = self.s.get(TeamHouseholdRow, household_id)
        return _state(row) if row else None

    def states(self, household_ids: Iterable[int] | None = None) -> dict[int, HouseholdTeamState]:
        query = select(TeamHouseholdRow)
        if household_ids is not None:
            query = query.where(TeamHouseholdRow.household_id.in_(list(household_ids)))
        return {r.household_id: _state(r) for r in self.s.scalars(query)}

    def save_state(self, state: HouseholdTeamState) -> None:
        absent = state.household_id in self._absent
        self._absent.discard(state.household_id)  # a savepoint rolled back: ask again
        row = None if absent else self.s.get(TeamHouseholdRow, state.household_id)
        values = {name: getattr(state, name) for name in _STATE_FIELDS}
        if row is None:  # one INSERT: a household arriving at a new laptop, 5,000 of them
            # (Core, not the ORM's bulk insert: its bookkeeping per row cost more than the row)
            self.s.connection().execute(insert(TeamHouseholdRow.__table__), [values])
        else:
            for key, value in values.items():
                setattr(row, key, value)
            self.s.flush()

    def holder_rows(self) -> list[tuple[int, str, str, int, int, int, int, str]]:
        """For every household present here, what the caseload shows of the team, in one
        lean query: (id, dossierhouder, handover_to, handover_version, version,
        published_version, published_sequence, taken_from)."""
        t = TeamHouseholdRow
        rows = self.s.execute(
            select(t.household_id, t.dossierhouder, t.handover_to, t.handover_version,
                   t.version, t.published_version, t.published_sequence, t.taken_from)
            .join(HouseholdRow, HouseholdRow.id == t.household_id))
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def read_only_ids(self) -> set[int]:
        """Households present here that another member holds (empty outside a team)."""
        me = self.member_id()
        if me is None:
            return set()
        return set(self.s.scalars(select(TeamHouseholdRow.household_id).where(
            TeamHouseholdRow.dossierhouder != me)))

    def may_write(self, household_id: int) -> bool:
        me = self.member_id()
        if me is None:
            return True
        holder = self.s.scalar(select(TeamHouseholdRow.dossierhouder).where(
            TeamHouseholdRow.household_id == household_id))
        return (holder or self._block_owner(household_id)) == me

    def pending(self) -> list[HouseholdTeamState]:
        """Households of which we have a version the folder has not: ours, and a handover we
        wrote that is not published yet (one indexed query; colleagues' copies never match)."""
        me = self.member_id()
        t = TeamHouseholdRow
        rows = self.s.scalars(select(t).where(
            t.version > t.published_version,
            or_(t.dossierhouder == me, and_(t.handover_to != "",
                                            t.handover_version == t.version))))
        return [_state(r) for r in rows]

    def written_by_us(self) -> dict[int, HouseholdTeamState]:
        """The households whose documents our subfolder may have to keep: those we hold, and
        those we handed over (compaction decides)."""
        me = self.member_id()
        t = TeamHouseholdRow
        rows = self.s.scalars(select(t).where(or_(t.dossierhouder == me, t.handover_to != "")))
        return {r.household_id: _state(r) for r in rows}

    def published_by_us_held_by_others(self) -> list[HouseholdTeamState]:
        """Households another member holds now, of which we published a version."""
        me = self.member_id()
        t = TeamHouseholdRow
        return [_state(r) for r in self.s.scalars(select(t).where(
            t.dossierhouder != me, t.published_sequence > 0))]

    def mark_published(self, versions: dict[int, int], sequence: int) -> None:
        """These versions are in the folder now, in files up to ``sequence``. A version
        written again (compaction) keeps the sequence it first went out with: a colleague's
        acknowledgement of that file still counts."""
        rows = self.s.scalars(select(TeamHouseholdRow).where(
            TeamHouseholdRow.household_id.in_(list(versions))))
        for row in rows:
            version = versions[row.household_id]
            if row.published_version != version:
                row.published_version, row.published_sequence = version, sequence
            row.taken_from = ""
        self.s.flush()

    def mark_withdrawn_published(self, household_ids: Iterable[int], sequence: int) -> None:
        """The withdrawn versions of these (now afgeschermde) households are in the folder."""
        self.s.execute(update(TeamHouseholdRow).where(
            TeamHouseholdRow.household_id.in_(list(household_ids)))
            .values(withdraw_pending=0, withdraw_sequence=sequence))

    def withdrawals(self) -> dict[int, int]:
        """Household → the sequence of our file that withdrew it from the team."""
        t = TeamHouseholdRow
        return dict(self.s.execute(select(t.household_id, t.withdraw_sequence)
                                   .where(t.withdraw_sequence > 0)).all())

    def forget_withdrawals(self, household_ids: Iterable[int]) -> None:
        self.s.execute(update(TeamHouseholdRow).where(
            TeamHouseholdRow.household_id.in_(list(household_ids))).values(withdraw_sequence=0))

    def claim(self, household_ids: Iterable[int]) -> None:
        """The one-writer rule, at commit: every household this unit of work changed must be
        ours; each gets its next version (once per unit of work). A household made in this
        unit of work (in our id block) becomes ours at version 1. ``ReadOnlyHousehold`` (with
        the dossierhouder's name) for any other; the caller rolls back."""
        me = self.member_id()
        if me is None:
            return
        ids = sorted(set(household_ids))
        states = self.states(ids)
        present = set(self.s.scalars(select(HouseholdRow.id).where(HouseholdRow.id.in_(ids))))
        for household_id in ids:
            state = states.get(household_id)
            holder = state.dossierhouder if state else self._block_owner(household_id)
            if holder != me:
                name = self.names().get(holder or "", "") if holder else ""
                raise ReadOnlyHousehold(household_id, name or "een collega")
            if state is None:
                if household_id in present:
                    self.s.add(TeamHouseholdRow(household_id=household_id, creator=me,
                                                version=1, dossierhouder=me))
            elif household_id in present:
                self.s.execute(update(TeamHouseholdRow)
                               .where(TeamHouseholdRow.household_id == household_id)
                               .values(version=TeamHouseholdRow.version + 1,
                                       received_from="", digests="{}"))
        self.s.flush()

    # -- audit lines ----------------------------------------------------------------------
    def own_audit_lines(self, household_id: int) -> list[dict[str, Any]]:
        """This laptop's audit lines about a household (the sync's own lines left out)."""
        rows = self.s.scalars(select(AuditRow).where(AuditRow.household_id == household_id)
                              .order_by(AuditRow.id))
        return [_audit_line(r) for r in rows if not r.action.startswith(LOCAL_AUDIT_ACTIONS)]

    def received_audit_lines(self, household_id: int) -> list[dict[str, Any]]:
        rows = self.s.scalars(select(TeamAuditRow).where(TeamAuditRow.household_id ==
                                                         household_id).order_by(TeamAuditRow.at))
        return [json.loads(r.line) for r in rows]

    def replace_received_audit(self, household_id: int, lines: Iterable[dict[str, Any]]) -> None:
        """Make the household's received lines exactly ``lines`` (lines are never edited: only
        new ones are added, and lines no longer there go)."""
        wanted = {(str(line["origin"]), str(line["hash"])): line for line in lines}
        # A household without team state here has received nothing yet (both are written
        # together, in one transaction): no need to ask.
        have = set() if household_id in self._absent else {(r[0], r[1]) for r in self.s.execute(
            select(TeamAuditRow.origin, TeamAuditRow.hash).where(
                TeamAuditRow.household_id == household_id))}
        for origin, hash_ in have - set(wanted):
            self.s.execute(delete(TeamAuditRow).where(
                TeamAuditRow.household_id == household_id, TeamAuditRow.origin == origin,
                TeamAuditRow.hash == hash_))
        new = [{"household_id": household_id, "origin": key[0], "hash": key[1],
                "at": str(line["at"]), "line": json.dumps(line, ensure_ascii=False,
                                                          sort_keys=True)}
               for key, line in wanted.items() if key not in have]
        if new:  # one executemany (Core): a household arrives with some fifty lines
            self.s.connection().execute(insert(TeamAuditRow.__table__), new)

    # -- late changes ---------------------------------------------------------------------
    def keep_for_review(self, household_id: int, author: str, version: int, reason: str,
                        document: dict[str, Any], label: str, now: datetime) -> bool:
        """False when this very document is kept already."""
        exists = self.s.scalar(select(TeamReviewRow.id).where(
            TeamReviewRow.household_id == household_id, TeamReviewRow.author == author,
            TeamReviewRow.version == version))
        if exists is not None:
            return False
        self.s.add(TeamReviewRow(household_id=household_id, author=author, version=version,
                                 reason=reason, document=json.dumps(document, sort_keys=True),
                                 label=label, received_at=now, status="open"))
        self.s.flush()
        return True

    def reviews(self, household_id: int | None = None, status: str = "open") -> list[ReviewItem]:
        query = select(TeamReviewRow).where(TeamReviewRow.status == status)
        if household_id is not None:
            query = query.where(TeamReviewRow.household_id == household_id)
        return [ReviewItem(r.id, r.household_id, r.author, r.version, r.reason, r.received_at,
                           r.status) for r in self.s.scalars(query.order_by(TeamReviewRow.id))]

    def review_document(self, review_id: int) -> dict[str, Any] | None:
        text = self.s.scalar(select(TeamReviewRow.document).where(TeamReviewRow.id == review_id))
        return json.loads(text) if text else None

    def review(self, review_id: int) -> ReviewItem | None:
        r = self.s.get(TeamReviewRow, review_id)
        return None if r is None else ReviewItem(r.id, r.household_id, r.author, r.version,
                                                 r.reason, r.received_at, r.status)

    def set_review_status(self, review_id: int, status: str) -> None:
        self.s.execute(update(TeamReviewRow).where(TeamReviewRow.id == review_id)
                       .values(status=status))

    def held_reviews(self) -> list[ReviewItem]:
        """Open late changes of the households this laptop holds: only the dossierhouder
        decides (a colleague's laptop keeps its copy of the late change all the same)."""
        me = self.member_id()
        held = select(TeamHouseholdRow.household_id).where(TeamHouseholdRow.dossierhouder == me)
        return [r for r in self.reviews() if r.household_id in set(self.s.scalars(held))]

    # -- takeover notices we wrote --------------------------------------------------------
    def add_notice(self, household_id: int, to_member: str, base_version: int,
                   notice: dict[str, Any], now: datetime) -> None:
        self.s.add(TeamNoticeRow(household_id=household_id, to_member=to_member,
                                 base_version=base_version,
                                 notice=json.dumps(notice, sort_keys=True), created_at=now,
                                 sequence=0))
        self.s.flush()

    def notices(self) -> list[tuple[int, int, str, int, dict[str, Any], int]]:
        """(id, household, to_member, base_version, notice JSON, sequence: 0 = unpublished)."""
        rows = self.s.scalars(select(TeamNoticeRow).order_by(TeamNoticeRow.id))
        return [(r.id, r.household_id, r.to_member, r.base_version, json.loads(r.notice),
                 r.sequence) for r in rows]

    def mark_notice_published(self, notice_id: int, sequence: int) -> None:
        self.s.execute(update(TeamNoticeRow).where(TeamNoticeRow.id == notice_id)
                       .values(sequence=sequence))

    def drop_notices(self, notice_ids: Iterable[int]) -> None:
        self.s.execute(delete(TeamNoticeRow).where(TeamNoticeRow.id.in_(list(notice_ids))))

    def team_copies(self) -> list[int]:
        """Every household present here that the team knows (what a removed laptop drops)."""
        return sorted(self.s.scalars(select(TeamHouseholdRow.household_id).join(
            HouseholdRow, HouseholdRow.id == TeamHouseholdRow.household_id)))

    def held_by(self, member_id: str) -> list[int]:
        """Households (not withdrawn) whose dossierhouder is ``member_id``."""
        t = TeamHouseholdRow
        return sorted(self.s.scalars(select(t.household_id).where(
            t.dossierhouder == member_id, t.withdrawn.is_(False))))


def _audit_line(row: AuditRow) -> dict[str, Any]:
    return {"at": row.at, "actor": row.actor, "role": getattr(row, "actor_role", ""),
            "actor_id": getattr(row, "actor_id", ""), "device": row.device,
            "action": row.action, "object_type": row.object_type, "object_id": row.object_id,
            "household_id": row.household_id, "result": row.result,
            "detail": json.loads(row.detail or "{}"), "hash": row.hash}
