"""The teamleider's side of a team's bad days (issue 17): an emergency takeover
(``reassign``), a colleague leaving or a lost laptop (``remove``), a new laptop or new keys for
the same person (``relink``), and roles (a second teamleider, stepping down).

Every change is signed by the teamleider's own key and audited in its vault. A roster change is
stored at once and published by the sync that follows (folder read first, so it builds on the
newest roster); a takeover notice is kept (``team_notice``) until it is in the folder and no
longer needed. Plain results; ``ValidationError`` codes the command line and the screens turn
into Dutch (``texts_team.py``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..domain.clock import Clock
from ..domain.errors import NotFound, ReadOnlyHousehold, ValidationError
from ..domain.team import Membership
from ..storage.uow import SqlUnitOfWork
from ..team.chain import RosterChain, sign_roster
from ..team.payloads import MAX_REASON, ReassignNotice
from ..team.pen import PenTransfer
from ..team.roster import TEAMLEIDER, Member, Roster, clean_text
from . import team_state as ts

SyncNow = Callable[[], str]  # runs a whole sync; returns its status ("ok", "waiting", …)


@dataclass(frozen=True)
class ReassignResult:
    household: int
    from_member: str
    to_member: str
    to_name: str
    base_version: int
    dossierhouder: str  # who holds the pen now, after every takeover known here
    status: str  # the sync's: "ok" (the notice is in the folder) or "waiting"


@dataclass(frozen=True)
class ShieldResult:
    household: int
    afgeschermd: bool
    version: int
    status: str  # the sync's: "ok" or "waiting"


@dataclass(frozen=True)
class RosterChange:
    member_id: str
    name: str
    roster_version: int
    status: str  # the sync's: "ok" (published) or "waiting"


class TeamAdmin:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], clock: Clock,
                 lock: threading.Lock, sync: SyncNow) -> None:
        self._uow = uow_factory
        self.clock = clock
        self._lock = lock
        self._sync = sync

    # -- emergency takeover ------------------------------------------------------------------
    def reassign(self, household: int, to: str, reason: str) -> ReassignResult:
        """Teamleider: ``to`` takes ``household`` over from its dossierhouder, who need not
        be reachable. The folder is read first (the newest version counts as the base); a
        signed takeover notice is stored and published; when ``to`` is this laptop's member,
        our next version carries the takeover. Changes the old dossierhouder makes before
        seeing it are kept for review on every laptop. Audited (``team.reassign``).
        ``ValidationError``: ``not_in_team``, ``not_teamleider``, ``member_unknown``,
        ``member_ambiguous``, ``reassign_reason``, ``reassign_same``, ``reassign_own``,
        ``reassign_waiting`` (the household moved and its new holder has not written yet);
        ``NotFound``."""
        text = " ".join(reason.split())
        if clean_text(text, MAX_REASON) is None:
            raise ValidationError("reassign_reason", limit=MAX_REASON)
        self._sync()
        with self._lock, self._uow() as uow:
            membership, chain, me = _teamleider(uow)
            target = find_member(chain, to)
            state = uow.team.state(household)
            if state is None or state.withdrawn or not uow.team.household_exists(household):
                raise NotFound(household=household)
            if state.dossierhouder == target.member_id:
                raise ValidationError("reassign_same", member=target.name)
            if state.dossierhouder == me:
                raise ValidationError("reassign_own")
            pen = ts.parse_pen(state.pen)
            if any(t.version >= state.version for t in pen):
                # The pen moved at this version and its new holder has written nothing yet: a
                # second transfer at one version would lose to the first on every laptop.
                raise ValidationError("reassign_waiting", member=state.dossierhouder)
            signing = ts.local_member(uow, me, chain.current).signing
            transfer = PenTransfer.make(household, state.version, state.dossierhouder,
                                        target.member_id, me, signing)
            notice = ReassignNotice(household, state.dossierhouder, target.member_id,
                                    state.version, text, transfer, state.afgeschermd)
            pen = ts.merged_pen(state.creator, household, pen, [transfer])
            new = replace(state, pen=ts.dump_pen(pen), dossierhouder=ts.holder(state.creator, pen))
            if new.dossierhouder == me:  # taken over for ourselves: our next version says so
                new = replace(new, version=state.version + 1, taken_from=state.dossierhouder,
                              received_from="", handover_to="")
            uow.team.save_state(new)
            # Kept as the folder carries it (``pad`` included), read back by the same reader.
            uow.team.add_notice(household, target.member_id, state.version,
                                {**notice.to_json(), "pad": ""}, self.clock.now())
            uow.team_managed(household)
            uow.audit("team.reassign", "household", household, household,
                      detail={"from": state.dossierhouder, "to": target.member_id,
                              "base_version": state.version, "reason": text})
            uow.commit()
        status = self._sync()
        return ReassignResult(household, state.dossierhouder, target.member_id, target.name,
                              state.version, new.dossierhouder, status)

    # -- afgeschermd ------------------------------------------------------------------------
    def shield(self, household: int, on: bool = True) -> ShieldResult:
        """The dossierhouder marks ``household`` afgeschermd (``on``) or not. Afgeschermd: its
        files are encrypted to the dossierhouder and the teamleiders only; a version that went
        to the whole team before is first followed by a ``withdrawn`` one, so colleagues'
        laptops drop their copy; one never published is never named on their laptops. Off:
        the next version goes to the whole team again. A sync follows; audited
        (``team.shield``). ``ValidationError``: ``not_in_team``, ``shield_same``;
        ``ReadOnlyHousehold`` for a colleague's household; ``NotFound``."""
        with self._lock, self._uow() as uow:
            membership, _ = membership_and_chain(uow)
            state = uow.team.state(household)
            if state is None or state.withdrawn or not uow.team.household_exists(household):
                raise NotFound(household=household)
            if state.dossierhouder != membership.member_id:
                holder = uow.team.names().get(state.dossierhouder, "")
                raise ReadOnlyHousehold(household, holder or "een collega")
            if state.afgeschermd == on:
                raise ValidationError("shield_same")
            withdraw = state.version + 1 if on and state.published_version else 0
            new = replace(state, afgeschermd=on, withdraw_pending=withdraw,
                          version=state.version + (2 if withdraw else 1))
            uow.team.save_state(new)
            # Compaction soon after, so our older files for everyone leave the folder.
            uow.team.update_membership(compacted_at=None)
            uow.team_managed(household)
            uow.audit("team.shield", "household", household, household,
                      detail={"afgeschermd": on, "version": new.version})
            uow.commit()
        return ShieldResult(household, on, new.version, self._sync())

    # -- the roster -------------------------------------------------------------------------
    def remove(self, member: str) -> RosterChange:
        """Teamleider: a roster version without ``member`` (leaving, or a lost laptop): their
        keys are revoked, nothing is encrypted to them from then on, their files are refused,
        and their laptop learns it at its next sync. Refused while they hold households.
        Audited (``team.member.remove``). ``ValidationError``: ``not_in_team``,
        ``not_teamleider``, ``member_unknown``, ``member_ambiguous``, ``remove_self``,
        ``member_holds_households`` (with ``households``), ``last_teamleider``."""
        self._sync()

        def change(uow: SqlUnitOfWork, chain: RosterChain, me: str) -> tuple[Member, Roster]:
            target = find_member(chain, member)
            if target.member_id == me:
                raise ValidationError("remove_self")
            held = uow.team.held_by(target.member_id)
            if held:
                raise ValidationError("member_holds_households", name=target.name,
                                      households=held, count=len(held),
                                      numbers=", ".join(str(h) for h in held))
            return target, chain.current.remove_member(target.member_id)

        return self._roster_change("team.member.remove", change)

    def relink(self, request: Member) -> RosterChange:
        """Teamleider: link the keys of a new join request to the member it names (a new
        laptop for the same person, or new keys after ``keys rotate`` — a teamleider's own
        too): the member keeps id, name, role and households; the old keys are revoked.
        Audited (``team.member.relink``). ``ValidationError``: ``not_in_team``,
        ``not_teamleider``, ``member_unknown``, ``relink_same``, ``team_key_revoked``,
        ``key_in_use``."""
        self._sync()

        def change(uow: SqlUnitOfWork, chain: RosterChain, me: str) -> tuple[Member, Roster]:
            current = chain.current.member(request.member_id)
            if current is None:
                raise ValidationError("member_unknown", member=request.name[:100])
            if current.key_texts == request.key_texts:
                raise ValidationError("relink_same", member=current.name)
            try:
                return current, chain.current.replace_keys(
                    current.member_id, request.signing_key, request.encryption_key)
            except ValidationError as error:
                if error.code == "key_revoked":
                    raise ValidationError("team_key_revoked") from None
                raise

        return self._roster_change("team.member.relink", change)

    def set_role(self, member: str, role: str) -> RosterChange:
        """Teamleider: a second teamleider appointed, or one stepping down (``consulent``);
        the last teamleider cannot step down (``last_teamleider``). Audited
        (``team.member.role``). ``ValidationError``: ``team_role``, ``not_teamleider``,
        ``member_unknown``, ``member_ambiguous``, ``role_same``."""
        if role not in ("consulent", TEAMLEIDER):
            raise ValidationError("team_role", role=role[:40])
        self._sync()

        def change(uow: SqlUnitOfWork, chain: RosterChain, me: str) -> tuple[Member, Roster]:
            target = find_member(chain, member)
            if target.role == role:
                raise ValidationError("role_same", member=target.name)
            return target, chain.current.update_member(target.member_id, role=role)

        return self._roster_change("team.member.role", change)

    def _roster_change(self, action: str, change: Callable[
            [SqlUnitOfWork, RosterChain, str], tuple[Member, Roster]]) -> RosterChange:
        with self._lock, self._uow() as uow:
            _, chain, me = _teamleider(uow)
            # Signed with the key the roster lists for us: after our own key rotation that is
            # the old key, which is what the version before trusts.
            signing = ts.local_member(uow, me, chain.current).signing
            target, draft = change(uow, chain, me)
            signed = sign_roster(draft, chain.current, me, signing, self.clock.now())
            chain, _ = chain.consider(signed)
            store_chain(uow, chain)
            uow.audit(action, "team", chain.team_id,
                      detail={"member": target.member_id,
                              "roster_version": chain.current.version})
            uow.commit()
        status = self._sync()
        return RosterChange(target.member_id, target.name, chain.current.version, status)


def find_member(chain: RosterChain, text: str) -> Member:
    """A current member by name (any case), fingerprint (spaces optional) or member id."""
    wanted = " ".join(text.split()).casefold()
    compact = "".join(text.split()).upper()
    found = [m for m in chain.current.members
             if m.name.casefold() == wanted or m.member_id == text.strip()
             or "".join(m.fingerprint.split()) == compact]
    if not found:
        raise ValidationError("member_unknown", member=text[:100])
    if len(found) > 1:
        raise ValidationError("member_ambiguous", member=text[:100])
    return found[0]


def membership_and_chain(uow: SqlUnitOfWork) -> tuple[Membership, RosterChain]:
    membership = uow.team.membership()
    if membership is None:
        raise ValidationError("not_in_team")
    return membership, ts.load_chain(membership)


def store_chain(uow: SqlUnitOfWork, chain: RosterChain) -> None:
    uow.team.update_membership(chain=ts.dump_chain(chain), roster_version=chain.current.version,
                               team_name=chain.current.team_name)
    uow.team.set_members(ts.members_of(chain))


def _teamleider(uow: SqlUnitOfWork) -> tuple[Membership, RosterChain, str]:
    membership, chain = membership_and_chain(uow)
    me = chain.current.member(membership.member_id)
    if me is None:
        raise ValidationError("team_not_a_member")
    if not me.is_teamleider:
        raise ValidationError("not_teamleider")
    return membership, chain, me.member_id
