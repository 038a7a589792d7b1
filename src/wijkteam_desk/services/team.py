"""The team on this laptop: setting it up, handing a household to a colleague, what the team
looks like now, and sync (services/team_sync.py). Plain results; errors are typed with codes
the command line and the screens turn into Dutch (``texts.py``).

Setting up (issue 16): ``create`` — this laptop's person becomes the first teamleider (id
block 0: where the vault's ids already are); ``request`` — a join request file (public keys,
name, role) for the teamleider; ``add`` — the teamleider signs a roster version with the new
member and a fresh id block; ``join`` — a colleague's laptop trusts the roster in the folder
through the teamleider's fingerprint, moves its own households into its id block, publishes
them and takes in the team's. Handover: a signed pen transfer to a colleague; until the
colleague's laptop has taken it (its acknowledgement or its own next version in the folder),
both laptops say "overdracht onderweg"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.clock import Clock
from ..domain.errors import NotFound, ReadOnlyHousehold, RejectedInput, ValidationError
from ..domain.team import HouseholdTeamState, Membership
from ..files import write_private
from ..storage.uow import SqlUnitOfWork
from ..team import reasons
from ..team.chain import RosterChain, sign_roster
from ..team.join import MAX_REQUEST_BYTES, JoinRequest, join_folder
from ..team.layout import new_id
from ..team.pen import PenTransfer
from ..team.roster import TEAMLEIDER, Member, is_role, new_roster
from . import team_state as ts
from .team_admin import (
    ReassignResult,
    RosterChange,
    ShieldResult,
    TeamAdmin,
    find_member,
    membership_and_chain,
    store_chain,
)
from .team_review import ReviewDecision, ReviewView, TeamReview
from .team_sync import SyncResult, TeamSync
from .team_view import (
    HouseholdTeamView,
    MemberView,
    TeamStatus,
    household_view,
    household_views,
    status_of,
)

__all__ = ["HandoverResult", "HouseholdTeamView", "JoinRequestInfo", "MemberView",
           "ReassignResult", "ReviewDecision", "ReviewView", "RosterChange", "ShieldResult",
           "SyncResult",
           "TeamService", "TeamStatus", "find_member"]


@dataclass(frozen=True)
class JoinRequestInfo:
    """A join request as the teamleider checks it: compare ``fingerprint`` by phone."""

    member_id: str
    name: str
    role: str
    fingerprint: str


@dataclass(frozen=True)
class HandoverResult:
    household: int
    to_member: str
    to_name: str
    version: int
    status: str  # "onderweg" until the colleague's laptop took it; "waiting": no folder now


class TeamService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], clock: Clock,
                 who: ts.WhoSource) -> None:
        self._uow = uow_factory
        self.clock = clock
        self._who = who
        self._lock = threading.Lock()
        self.sync_service = TeamSync(uow_factory, clock, self._lock)
        self.admin = TeamAdmin(uow_factory, clock, self._lock, self._sync_status)
        self.review = TeamReview(uow_factory, clock, self._lock, self._sync_status)

    # -- reading ------------------------------------------------------------------------------
    def in_team(self) -> bool:
        with self._uow() as uow:
            return uow.team.member_id() is not None

    def status(self) -> TeamStatus:
        """Team name, members (name, role, fingerprint, last seen), folder, last sync, what
        waits to be sent, handovers on their way, late changes waiting for review."""
        with self._uow() as uow:
            return status_of(uow)

    def households(self) -> dict[int, HouseholdTeamView]:
        """Per household present here: its dossierhouder, read-only or not, a handover on its
        way (``{}`` outside a team)."""
        with self._uow() as uow:
            return household_views(uow)

    def household(self, household_id: int) -> HouseholdTeamView | None:
        """One household's place in the team, for its screen (None outside a team)."""
        with self._uow() as uow:
            return household_view(uow, household_id)

    # -- sync -----------------------------------------------------------------------------------
    def sync(self, folder: Path | None = None) -> SyncResult:
        return self.sync_service.sync(folder)

    def _sync_status(self) -> str:
        return self.sync().status

    # -- bad days (issue 17): services/team_admin.py and team_review.py -------------------------
    def reassign(self, household: int, to: str, reason: str) -> ReassignResult:
        return self.admin.reassign(household, to, reason)

    def remove(self, member: str) -> RosterChange:
        return self.admin.remove(member)

    def relink(self, path: Path) -> RosterChange:
        """Link the keys in the join request at ``path`` to the member it names."""
        return self.admin.relink(_read_request(path).member)

    def shield(self, household: int, on: bool = True) -> ShieldResult:
        return self.admin.shield(household, on)

    def set_role(self, member: str, role: str) -> RosterChange:
        return self.admin.set_role(member, role)

    def reviews(self, household: int | None = None) -> list[ReviewView]:
        return self.review.list(household)

    def decide(self, review_id: int, take: list[str]) -> ReviewDecision:
        return self.review.decide(review_id, take)

    # -- setting up -----------------------------------------------------------------------------
    def create(self, name: str, folder: Path) -> SyncResult:
        """This laptop's person becomes the first teamleider of a new team in ``folder``; the
        roster and every household here are published. ``ValidationError``:
        ``already_in_team``, ``invalid_team_name``, ``invalid_member``, ``team_folder``."""
        who = self._who()
        folder = _prepare_folder(folder)
        with self._lock, self._uow() as uow:
            if uow.team.member_id() is not None:
                raise ValidationError("already_in_team")
            signing, encryption = ts.current_key(uow)
            member = Member(who.member_id, who.name, TEAMLEIDER, signing.public_key,
                            encryption.recipient)
            roster = new_roster(new_id(), name.strip(), member)
            chain = RosterChain.genesis(sign_roster(roster, None, who.member_id, signing,
                                                    self.clock.now()))
            uow.team.enter_team(0)
            self._enter(uow, chain, who.member_id, member.fingerprint, folder)
            uow.audit("team.create", "team", chain.team_id, detail={"roster_version": 1})
            uow.commit()
        return self.sync()

    def request(self, out: Path) -> JoinRequestInfo:
        """Write this laptop's join request to ``out`` (no personal data but the name and
        role). In a team, only when this vault's keys are not the ones the roster lists
        (a new laptop, ``keys rotate``): the teamleider links them (``relink``).
        ``ValidationError``: ``already_in_team``, ``invalid_member``."""
        who = self._who()
        with self._uow() as uow:
            membership = uow.team.membership()
            if membership is not None and not _keys_changed(uow, membership):
                raise ValidationError("already_in_team")
            signing, encryption = ts.current_key(uow)
            member = Member(who.member_id, who.name, who.role if is_role(who.role)
                            else "consulent", signing.public_key, encryption.recipient)
            request = JoinRequest.make(member, signing, self.clock.now())
            write_private(out, request.to_bytes())
            uow.audit("team.request", "team", who.member_id)
            uow.commit()
        return JoinRequestInfo(member.member_id, member.name, member.role, member.fingerprint)

    @staticmethod
    def read_request(path: Path) -> JoinRequestInfo:
        """What a join request says, to compare the fingerprint before ``add``.
        ``RejectedInput``: ``too_large``, ``malformed_payload``, ``bad_signature``."""
        member = _read_request(path).member
        return JoinRequestInfo(member.member_id, member.name, member.role, member.fingerprint)

    def add(self, path: Path, role: str | None = None) -> JoinRequestInfo:
        """Teamleider: a roster version with the member of the join request at ``path`` and
        a fresh id block, signed, stored and published (with our households rewritten for the
        new member at the sync that follows). ``ValidationError``: ``not_in_team``,
        ``not_teamleider``, ``member_exists``, ``key_in_use``, ``team_key_revoked``,
        ``team_role``; ``RejectedInput`` for a file that is not a join request."""
        request = _read_request(path)
        if role is not None and role not in ("consulent", TEAMLEIDER):
            raise ValidationError("team_role", role=role)
        member = replace(request.member, role=role or request.member.role)
        with self._lock, self._uow() as uow:
            membership, chain = membership_and_chain(uow)
            me = chain.current.member(membership.member_id)
            if me is None or not me.is_teamleider:
                raise ValidationError("not_teamleider")
            signing = ts.local_member(uow, membership.member_id, chain.current).signing
            previous = chain.current
            try:
                draft = previous.add_member(member)
            except ValidationError as error:
                if error.code == "key_revoked":  # the exchange has a code of that name
                    raise ValidationError("team_key_revoked") from None
                raise
            signed = sign_roster(draft, previous, me.member_id, signing, self.clock.now())
            chain, _ = chain.consider(signed)
            store_chain(uow, chain)
            uow.audit("team.member.add", "team", chain.team_id,
                      detail={"member": member.member_id, "role": member.role,
                              "roster_version": chain.current.version})
            uow.commit()
        self.sync()
        return JoinRequestInfo(member.member_id, member.name, member.role, member.fingerprint)

    def join(self, folder: Path, leader: str) -> SyncResult:
        """Join the team whose roster in ``folder`` is signed by the teamleider with the
        fingerprint ``leader``: this vault's households move into our id block (refused with
        ``drafts_open`` while an edit is in progress), then sync. ``ValidationError``:
        ``already_in_team``, ``team_folder``, ``not_a_member`` (the teamleider has not added
        us yet), ``wrong_key``, ``team_leader_unknown`` (no roster in the folder is signed
        by that fingerprint); ``RejectedInput`` (``roster_fork``)."""
        who = self._who()
        if not folder.is_dir():
            raise ValidationError("team_folder", folder=str(folder))
        with self._uow() as uow:
            if uow.team.member_id() is not None:
                raise ValidationError("already_in_team")
            keys = ts.identities(uow)
            signing, encryption = ts.current_key(uow)
        try:
            chain, _ = join_folder(folder, who.member_id, keys, leader)
        except OSError:
            raise ValidationError("team_folder", folder=str(folder)) from None
        except RejectedInput as error:
            if error.reason != reasons.UNKNOWN_KEY:
                raise
            raise ValidationError("team_leader_unknown", folder=str(folder),
                                  leader=leader) from None
        member = chain.current.member(who.member_id)
        assert member is not None and member.id_block is not None
        if member.key_texts[0] != signing.public_key.file_text().splitlines()[1] or (
            member.encryption_key != encryption.recipient
        ):
            raise ValidationError("wrong_key")
        with self._lock, self._uow() as uow:
            offset = uow.team.enter_team(member.id_block)
            self._enter(uow, chain, who.member_id, leader, folder)
            uow.audit("team.join", "team", chain.team_id,
                      detail={"roster_version": chain.current.version, "id_offset": offset})
            uow.commit()
        return self.sync()

    def _enter(self, uow: SqlUnitOfWork, chain: RosterChain, me: str, anchor: str,
               folder: Path) -> None:
        """Team state for a vault that enters a team: every household here is ours."""
        for household in uow.team.household_ids():
            uow.team.save_state(HouseholdTeamState(household, me, 1, me))
        uow.team.save_membership(Membership(
            chain.team_id, chain.current.team_name, me, anchor, ts.dump_chain(chain),
            chain.current.version, str(folder), 1, self.clock.now()))
        uow.team.set_members(ts.members_of(chain))

    # -- handover -------------------------------------------------------------------------------
    def handover(self, household: int, to: str) -> HandoverResult:
        """Hand ``household`` to the colleague ``to`` (name, fingerprint or member id): our
        next version gives them the pen, signed by us; a sync follows at once (published when
        the folder is here: status "onderweg", else "waiting"). Audited (``team.handover``).
        ``ValidationError``: ``not_in_team``, ``member_unknown``, ``member_ambiguous``,
        ``handover_self``; ``ReadOnlyHousehold`` when it is not ours; ``NotFound``."""
        with self._lock, self._uow() as uow:
            membership, chain = membership_and_chain(uow)
            me = membership.member_id
            target = find_member(chain, to)
            if target.member_id == me:
                raise ValidationError("handover_self")
            state = uow.team.state(household)
            if state is None or not uow.team.household_exists(household):
                raise NotFound(household=household)
            if state.dossierhouder != me:
                holder = uow.team.names().get(state.dossierhouder, "een collega")
                raise ReadOnlyHousehold(household, holder)
            signing = ts.local_member(uow, me, chain.current).signing
            version = state.version + 1
            transfer = PenTransfer.make(household, version, me, target.member_id, me, signing)
            pen = ts.merged_pen(state.creator, household, ts.parse_pen(state.pen), [transfer])
            uow.team.save_state(replace(state, version=version, dossierhouder=target.member_id,
                                        pen=ts.dump_pen(pen), handover_to=target.member_id,
                                        handover_version=version, taken_from="",
                                        received_from=""))
            uow.team_managed(household)
            uow.audit("team.handover", "household", household, household,
                      detail={"to": target.member_id, "version": version})
            uow.commit()
        # A whole sync, not only a write: the folder is read first, so the handover is never
        # encrypted to a member the roster removed since the last sync.
        synced = self.sync()
        return HandoverResult(household, target.member_id, target.name, version,
                              "onderweg" if synced.status == "ok" else synced.status)


def _keys_changed(uow: SqlUnitOfWork, membership: Membership) -> bool:
    """This vault's current key is not the one the roster lists for us."""
    member = ts.load_chain(membership).current.member(membership.member_id)
    signing, encryption = ts.current_key(uow)
    return member is None or member.signing_key != signing.public_key or (
        member.encryption_key != encryption.recipient)


def _read_request(path: Path) -> JoinRequest:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_REQUEST_BYTES + 1)
    except OSError:
        raise ValidationError("file_unreadable", file=str(path)) from None
    return JoinRequest.from_bytes(raw)


def _prepare_folder(folder: Path) -> Path:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        raise ValidationError("team_folder", folder=str(folder)) from None
    if not folder.is_dir():
        raise ValidationError("team_folder", folder=str(folder))
    return folder

