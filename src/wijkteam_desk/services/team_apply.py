"""Applying what arrived for one household (part of ``team sync``, services/team_sync.py).

Every document that arrived is judged with everything this laptop knows of the household's pen
(``team.pen.judge``): the author held the pen for that version (valid), or it is a colleague's
household (``not_dossierhouder``: refused and logged), or the old dossierhouder's change made
without having seen a takeover (``late_change``: kept for review). Of the valid versions the
highest wins when it is newer than ours: applied in one transaction with the team state (its
version, who holds the pen, the audit lines that came with it). Applying again changes nothing;
the order in which versions arrive changes nothing.

When the pen comes to us (a colleague's handover, a teamleider's takeover), this laptop writes
the household's next version: it shows the team that the handover was taken."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from ..domain.errors import ValidationError
from ..domain.team import HouseholdTeamState
from ..storage.uow import SqlUnitOfWork
from ..team import reasons
from ..team.chain import RosterChain
from ..team.payloads import HouseholdDocument, ReassignNotice
from ..team.pen import PenTransfer, holder_before, judge
from ..team.reader import TeamFile
from . import team_state as ts

LATER_CODES = ("document_schema", "document_format")


@dataclass(frozen=True)
class Refusal:
    """A file or a household document refused; ``reason``: a ``team.reasons`` code (or a
    ``household_doc`` code for a document that would not apply). No content, ever."""

    label: str
    author: str
    reason: str
    household: int | None = None


@dataclass
class ApplyOutcome:
    applied: bool = False
    withdrawn: int = 0
    refused: list[Refusal] = field(default_factory=list)
    late: int = 0
    deferred: set[str] = field(default_factory=set)  # files to read again (another schema)
    # What arrived and was applied: (household, version, author), for the sync's audit line.
    received: list[tuple[int, int, str]] = field(default_factory=list)


Candidate = tuple[TeamFile, HouseholdDocument]


def apply_household_files(uow: SqlUnitOfWork, chain: RosterChain, me: str, household: int,
                          candidates: Sequence[Candidate],
                          notices: Sequence[ReassignNotice],
                          atomic: bool = True) -> ApplyOutcome:
    """Judge and apply what arrived for one household, in the caller's unit of work (which
    commits). The household's rows and team state change together or not at all (a
    savepoint): a document that will not apply rolls back alone and is refused.

    ``atomic=False``: no savepoint, and a document that will not apply raises its
    ``ValidationError`` instead — for a caller that then rolls back the whole unit of work and
    applies it again atomically. A savepoint costs SQLite a copy of every page it changes
    (wiped and unlocked again under ``cipher_memory_security``): ~9 ms per household, more than
    writing its rows; nearly every document applies, so the batch tries without first."""
    out = ApplyOutcome()
    creator = ts.creator_of(chain, household)
    if creator is None:  # the reader refuses such documents; a notice may still name one
        return out
    valid, known, ours = _judge(uow, me, household, creator, candidates, notices, out)
    for item in sorted(valid, key=lambda c: -c[1].version):
        if item[1].version <= ours:
            break
        try:
            with uow.savepoint() if atomic else nullcontext():
                _apply(uow, me, household, creator, item, valid, known, out)
            return out
        except ValidationError as error:
            if not atomic:
                raise
            if error.code in LATER_CODES:  # a colleague on another version of the app
                out.deferred |= {f.label for f, _ in candidates}
                return out
            out.refused.append(Refusal(item[0].label, item[0].author, error.code, household))
            uow.audit("team.refused", "household", household, result="refused",
                      detail={"reason": error.code, "author": item[0].author,
                              "version": item[1].version, "file": item[0].label})
    # Nothing newer to apply; the pen may still have moved (a takeover notice).
    _apply(uow, me, household, creator, None, valid, known, out)
    return out


def _judge(uow: SqlUnitOfWork, me: str, household: int, creator: str,
           candidates: Sequence[Candidate], notices: Sequence[ReassignNotice],
           out: ApplyOutcome) -> tuple[list[Candidate], tuple[PenTransfer, ...], int]:
    """Judge every document; keep late changes and log refusals. Returns the valid
    documents, every pen transfer known, and the version of our copy that counts."""
    valid: list[Candidate] = []
    state = uow.team.state(household)
    stored = ts.parse_pen(state.pen) if state else ()
    # Everything known, merged: what we had, the notices, and every transfer the arriving
    # documents carry (each one signed and checked by the reader). A document that lacks a
    # takeover another one carries is then a late change, whatever arrived first.
    known = ts.merged_pen(creator, household, stored, [n.transfer for n in notices],
                          *(d.pen for _, d in candidates))
    for item, document in candidates:
        verdict = judge(item.author, creator, household, document.pen, document.version, known)
        if verdict is None:
            valid.append((item, document))
        elif verdict == reasons.LATE_CHANGE:
            if uow.team.keep_for_review(household, item.author, document.version, verdict,
                                        document.to_json(), item.label, uow.clock.now()):
                out.late += 1
                uow.audit("team.late_change", "household", household,
                          detail={"from": item.author, "version": document.version})
        else:
            out.refused.append(Refusal(item.label, item.author, verdict, household))
            uow.audit("team.refused", "household", household, result="refused",
                      detail={"reason": verdict, "author": item.author,
                              "version": document.version, "file": item.label})
    return valid, known, _our_version(state, creator, known, me)


def _our_version(state: HouseholdTeamState | None, creator: str,
                 known: tuple[PenTransfer, ...], me: str) -> int:
    """The version of our copy that counts. A version written after a takeover its writer
    had not seen (a late change, ours or received) does not: then the takeover's base does,
    so the new dossierhouder's version replaces it here as on every other laptop."""
    if state is None:
        return 0
    writer = state.received_from or me
    if holder_before(creator, known, state.version) == writer:
        return state.version
    return max((t.version for t in known if t.from_member == writer
                and t.version < state.version), default=0)


def _apply(uow: SqlUnitOfWork, me: str, household: int, creator: str,
           item: Candidate | None, valid: Sequence[Candidate],
           known: tuple[PenTransfer, ...], out: ApplyOutcome) -> None:
    """Apply ``item`` (newer than ours: the caller checked) and bring the team state up to
    date (who holds the pen, a handover taken)."""
    state = uow.team.state(household)
    pen = ts.merged_pen(creator, household, known, *(d.pen for _, d in valid))
    before = state or HouseholdTeamState(household, creator, 0, creator)
    new = replace(before, pen=ts.dump_pen(pen), dossierhouder=ts.holder(creator, pen))
    if item is not None:
        _keep_our_late_change(uow, me, household, creator, state, known)
        new = _take_in(uow, me, household, item, new)
    new = _taken(uow, me, household, before, new, pen)
    if new == before or (state is None and item is None):
        return
    uow.team.save_state(new)
    uow.team_managed(household)
    if item is not None:
        out.received.append((household, item[1].version, item[0].author))
    out.applied = out.applied or item is not None or new.taken_from != before.taken_from
    out.withdrawn += 1 if item is not None and new.withdrawn else 0


def _keep_our_late_change(uow: SqlUnitOfWork, me: str, household: int, creator: str,
                          state: HouseholdTeamState | None,
                          known: tuple[PenTransfer, ...]) -> None:
    """Our copy is about to be replaced, and it holds a change we made after a takeover we
    had not seen: keep it for review here too. The household may come back to us (a handover),
    and our own late file is one this laptop never judges."""
    if state is None or state.received_from or state.withdrawn or (
        _our_version(state, creator, known, me) >= state.version
    ) or not uow.team.household_exists(household):
        return
    document = ts.document_of(uow, state, me)
    uow.team.keep_for_review(household, me, state.version, reasons.LATE_CHANGE,
                             document.to_json(), "", uow.clock.now())


def _take_in(uow: SqlUnitOfWork, me: str, household: int, item: Candidate,
             state: HouseholdTeamState) -> HouseholdTeamState:
    """The rows of a newer version (or the copy removed, for a withdrawn one). The sync
    writes one audit line for what came in (``team.receive``) and refreshes the caseload
    entries of the batch, in the same transaction (of a household new here: just after)."""
    source, document = item
    if document.withdrawn:
        state = replace(state, digests="{}")
        if uow.team.household_exists(household):
            uow.team.remove_household(household)
    else:
        body = dict(document.body or {})
        lines = ts.received_lines(body, me)
        applied, digests = uow.team.apply_household(body, state.digests)
        if applied != household:
            raise ValidationError("document_malformed")
        state = replace(state, digests=digests)
        uow.team.replace_received_audit(household, lines)
    handover_done = state.handover_to and document.version > state.handover_version
    return replace(state, version=document.version, afgeschermd=document.afgeschermd,
                   withdrawn=document.withdrawn, received_from=source.author,
                   received_at=uow.clock.now(),
                   handover_to="" if handover_done else state.handover_to)


def _taken(uow: SqlUnitOfWork, me: str, household: int, before: HouseholdTeamState,
           new: HouseholdTeamState, pen: tuple[PenTransfer, ...]) -> HouseholdTeamState:
    """The pen came to us: our next version says so (audited ``team.handover.taken``)."""
    if new.dossierhouder != me or before.dossierhouder == me or new.withdrawn or (
        not uow.team.household_exists(household)
    ):
        return new
    last = max((t.version for t in pen if t.to_member == me), default=new.version)
    uow.audit("team.handover.taken", "household", household, household,
              detail={"from": before.dossierhouder})
    return replace(new, version=max(new.version, last) + 1, taken_from=before.dossierhouder,
                   received_from="")
