"""``team sync``: publish this laptop's changed households, read the team folder, apply what a
colleague's laptop wrote, remember what was read, keep our own subfolder small.

One sync, in this order (docs/team-sync.md, "The application"):
1. read the folder (``team.read_folder``): every file checked, the roster chain followed first,
   so nothing is ever encrypted to a member who was removed meanwhile;
2. a laptop restored from a backup takes its own newer versions back from its own files
   (services/team_restore.py);
3. publish what is pending here (a change made, a handover written) — before applying, so a
   colleague's version can never overwrite a change of ours that is not in the folder yet;
4. apply, each household whole or not at all (a savepoint each, 50 per transaction): of every
   valid version that arrived the highest wins (idempotent and order-independent); a change by
   a member who does not hold the pen is refused and logged (``not_dossierhouder``); the old
   dossierhouder's change made without having seen a takeover is kept for review
   (``late_change``), never applied, never dropped; the caseload entries of what arrived
   are rewritten in the same transaction (households new here get theirs in a transaction
   of their own, ``CASELOAD_BATCH`` at a time, as soon as that many arrived, and at the end);
5. record the files in the ledger — only now, after applying;
6. publish again (a handover we took gets our next version: it tells the giver we have it);
7. compact our subfolder when it is due.
The sequence number for a new file is learnt from the folder before writing (a laptop restored
from a backup never reuses one). A missing folder is not an error: the result says "waiting".
Thread-safe: one sync at a time (a lock), and the vault guard serialises units of work."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.clock import Clock
from ..domain.errors import ValidationError
from ..domain.team import Membership
from ..storage.uow import SqlUnitOfWork
from ..team import reasons
from ..team.chain import RosterChain
from ..team.compaction import (
    MAX_BUNDLE_FILES,
    OwnFolder,
    Unreadable,
    compact,
    learn_sequence,
    plan_compaction,
    read_own_folder,
)
from ..team.envelope import MAX_FILE_BYTES
from ..team.ledger import Ledger
from ..team.payloads import HouseholdDocument, ReassignNotice
from ..team.reader import FolderRead, TeamFile, read_folder
from ..team.writer import FolderWriter, LocalMember, Publisher, Written
from . import team_state as ts
from .bulk import cycle_collector_paused
from .team_apply import ApplyOutcome, Refusal, apply_household_files
from .team_keep import (
    late_files_in_force,
    needed_documents,
    notices_in_force,
    withdrawals_in_force,
)
from .team_restore import newest_own_documents, restored, take_back

log = logging.getLogger(__name__)

WAITING, OK, REMOVED = "waiting", "ok", "removed"
CASELOAD_BATCH = 250
APPLY_BATCH = 50  # households per transaction (a savepoint each): a commit costs an fsync


@dataclass(frozen=True)
class SyncResult:
    status: str  # "ok", "waiting" (no folder), "removed" (the roster no longer lists us)
    folder: str
    at: datetime
    sent: int = 0  # household documents written into our subfolder
    files_written: int = 0
    applied: int = 0  # households that arrived or changed here
    withdrawn: int = 0  # copies removed (a colleague closed or shielded the household)
    refused: tuple[Refusal, ...] = ()
    late_changes: int = 0  # kept for review
    later: int = 0  # files to try again at the next sync (roster not here yet, newer schema)
    flagged: tuple[Refusal, ...] = ()  # teamleider: a current member's file we cannot read
    roster_version: int = 0
    compacted: bool = False
    households: tuple[int, ...] = ()  # ids of households that changed here (for the screens)

    def counts(self) -> dict[str, Any]:
        """The result without labels, for ``team status`` and the membership row."""
        return {"status": self.status, "sent": self.sent, "applied": self.applied,
                "withdrawn": self.withdrawn, "refused": len(self.refused),
                "late_changes": self.late_changes, "later": self.later,
                "flagged": len(self.flagged), "roster_version": self.roster_version}


@dataclass
class _Run:
    """What one sync learnt and did, gathered for the result."""

    membership: Membership
    chain: RosterChain
    ledger: Ledger
    folder: Path
    sent: int = 0
    files: int = 0
    applied: list[int] = field(default_factory=list)
    arrived: list[int] = field(default_factory=list)  # new here, no caseload entry made yet
    withdrawn: int = 0
    refused: list[Refusal] = field(default_factory=list)
    late: int = 0
    deferred: set[str] = field(default_factory=set)  # labels of files to read again
    compacted: bool = False
    local: LocalMember | None = None
    local_version: int = 0


class TeamSync:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], clock: Clock,
                 lock: threading.Lock | None = None, max_bytes: int = MAX_FILE_BYTES) -> None:
        self._uow = uow_factory
        self.clock = clock
        self.lock = lock or threading.Lock()
        self.max_bytes = max_bytes

    # -- the whole sync ---------------------------------------------------------------------
    def sync(self, folder: Path | None = None) -> SyncResult:
        """Read, publish, apply, record, compact (see the module). ``folder`` replaces the
        stored team folder (a USB stick mounted elsewhere). Writes the households that came
        in (each whole or not at all; one ``team.receive`` audit line per batch), refusals
        to the audit log (``team.refused``), late changes to the review list, and our own
        files into our subfolder. ``ValidationError``: ``not_in_team``, ``team_key_changed``.
        A missing folder is no error: the result's status is "waiting". The cycle collector
        is paused meanwhile: the folder's parsed households stay alive until applied, and a
        catch-up made it walk them again and again (services/bulk.py); they are gone before
        it is on again."""
        with self.lock, cycle_collector_paused():
            return self._sync(folder)

    def _sync(self, folder: Path | None) -> SyncResult:
        run = self._begin(folder)
        if not run.folder.is_dir():
            return self._finish(run, WAITING)
        try:
            read = read_folder(run.folder, run.membership.member_id, self._identities(),
                               run.chain, run.ledger, max_bytes=self.max_bytes)
        except OSError:
            return self._finish(run, WAITING)
        assert read.chain is not None
        if read.chain.current.digest() != run.chain.current.digest():
            self._store_chain(read.chain)
            run.chain = read.chain
        if not read.is_member:
            self._record(run, read)
            self._leave(run)
            return self._finish(run, REMOVED, read)
        self._take_back_if_restored(run, read.acks_for_me)
        self._publish(run, read.acks_for_me)
        self._apply(run, read)
        self._make_caseload_entries(run)
        self._record(run, read)
        self._publish(run, read.acks_for_me)
        self._compact_if_due(run, read.acks_for_me)
        return self._finish(run, OK, read)

    def _begin(self, folder: Path | None) -> _Run:
        with self._uow() as uow:
            membership = uow.team.membership()
            if membership is None:
                raise ValidationError("not_in_team")
            if folder is not None and str(folder) != membership.folder:
                uow.team.update_membership(folder=str(folder))
                uow.commit()
                membership = replace(membership, folder=str(folder))
            ledger = Ledger.from_json(uow.team.ledger_json())
        return _Run(membership, ts.load_chain(membership), ledger, Path(membership.folder))

    def _identities(self) -> list[Any]:
        with self._uow() as uow:
            return ts.identities(uow)

    def _store_chain(self, chain: RosterChain) -> None:
        with self._uow() as uow:
            uow.team.update_membership(chain=ts.dump_chain(chain),
                                       roster_version=chain.current.version,
                                       team_name=chain.current.team_name)
            uow.team.set_members(ts.members_of(chain))
            uow.audit("team.roster", "team", chain.team_id,
                      detail={"version": chain.current.version})
            uow.commit()

    def _leave(self, run: _Run) -> None:
        """The roster no longer lists us (we left, or the laptop was reported lost): at the
        first sync that learns it, every household of the team goes from this vault — the
        colleagues' read-only copies, and those the team took over from us (a teamleider
        removes a member only once the member holds none). An honest client; docs/team-sync.md
        says what a dishonest one keeps. Audited (``team.removed``)."""
        if run.membership.last_sync.get("status") == REMOVED:
            return  # done at the first sync that learnt it; what is made here since stays
        with self._uow() as uow:
            copies = uow.team.team_copies()
            for household in copies:
                uow.team_managed(household)
                uow.team.remove_household(household)
            if copies:
                uow.audit("team.removed", "team", run.chain.team_id,
                          detail={"copies_removed": len(copies),
                                  "roster_version": run.chain.current.version})
            uow.commit()
        run.withdrawn += len(copies)

    def _take_back_if_restored(self, run: _Run, acks_for_me: int) -> None:
        """A vault restored from a backup takes its own newer versions back from the folder
        before it writes anything (services/team_restore.py)."""
        local = self._local(run)
        writer = FolderWriter(run.folder, local.member_id)
        with self._uow() as uow:
            stored = uow.team.membership()
            assert stored is not None
        if not restored(writer, acks_for_me, stored.next_sequence):
            return
        newest = newest_own_documents(writer, local, self.max_bytes)
        with self._uow() as uow:
            taken = take_back(uow, run.chain, local.member_id, newest)
            uow.commit()
        run.applied += taken

    # -- publishing -------------------------------------------------------------------------
    def _local(self, run: _Run) -> LocalMember:
        """Our member with the keys the current roster lists (once per sync and roster)."""
        if run.local is None or run.local_version != run.chain.current.version:
            with self._uow() as uow:
                run.local = ts.local_member(uow, run.membership.member_id, run.chain.current)
            run.local_version = run.chain.current.version
        return run.local

    def _publisher(self, run: _Run, local: LocalMember, acks_for_me: int) -> Publisher:
        writer = FolderWriter(run.folder, local.member_id)
        writer.remove_leftover_temporaries()
        with self._uow() as uow:
            stored = uow.team.membership()
            assert stored is not None
        names = OwnFolder((), tuple(Unreadable(e.name, e.sequence, e.name_kind, "unverified")
                                    for e in writer.own_files()))
        next_sequence = learn_sequence(names, acks_for_me, stored.next_sequence)
        return Publisher(writer, local, run.chain, self.clock.now, next_sequence,
                         acks=run.ledger.acks())

    def _publish(self, run: _Run, acks_for_me: int) -> None:
        """Write every pending household (and the roster, when we signed a version not in
        the folder yet); mark them published."""
        local = self._local(run)
        roster_due = (run.chain.current.signer == local.member_id
                      and run.membership.roster_published < run.chain.current.version)
        with self._uow() as uow:
            pending = uow.team.pending()
            # Shielded since the last publish: the team first gets the withdrawn version.
            withdrawn = [ts.withdrawn_document(s) for s in pending if s.withdraw_pending]
            documents = [ts.document_of(uow, s, local.member_id) for s in pending]
            notices = [(n[0], ReassignNotice.from_json(n[4])) for n in uow.team.notices()
                       if not n[5]]
        if not documents and not roster_due and not notices and not withdrawn:
            return
        publisher = self._publisher(run, local, acks_for_me)
        written: list[Written] = []
        sent_notices: list[tuple[int, int]] = []
        withdrew: list[Written] = []
        try:
            if roster_due:
                with self._uow() as uow:
                    written += ts.publish_current_roster(uow, run.chain, publisher)
            for notice_id, notice in notices:  # before our documents that carry them
                written.append(publisher.publish_reassign(notice))
                sent_notices.append((notice_id, written[-1].sequence))
            if withdrawn:  # in files of their own, which compaction keeps a while
                withdrew = publisher.publish_documents(withdrawn)
                written += withdrew
            if documents:
                written += publisher.publish_documents(documents)
        finally:
            self._after_writing(run, publisher, written, documents, roster_due,
                                notices=sent_notices)
            if withdrew:
                with self._uow() as uow:
                    uow.team.mark_withdrawn_published([d.household for d in withdrawn],
                                                      max(w.sequence for w in withdrew))
                    uow.commit()

    def _after_writing(self, run: _Run, publisher: Publisher, written: Sequence[Written],
                       documents: Sequence[HouseholdDocument], roster_due: bool,
                       rewrite: bool = False,
                       notices: Sequence[tuple[int, int]] = ()) -> None:
        """Store the next sequence number and what is in the folder now (``rewrite``:
        compaction wrote documents again; they are no change sent)."""
        bundles = [w for w in written if w.kind == "bundle"]
        with self._uow() as uow:
            values: dict[str, Any] = {"next_sequence": publisher.next_sequence}
            if roster_due and written:
                values["roster_published"] = run.chain.current.version
            uow.team.update_membership(**values)
            if bundles:
                uow.team.mark_published({d.household: d.version for d in documents},
                                        bundles[-1].sequence)
            for notice_id, sequence in notices:
                uow.team.mark_notice_published(notice_id, sequence)
            uow.commit()
        run.membership = replace(run.membership, next_sequence=publisher.next_sequence,
                                 roster_published=values.get("roster_published",
                                                             run.membership.roster_published))
        if bundles and not rewrite:
            run.sent += len(documents)
        run.files += len(written)

    # -- applying ---------------------------------------------------------------------------
    def _apply(self, run: _Run, read: FolderRead) -> None:
        """Apply per household, ``APPLY_BATCH`` households per transaction (each household
        whole or not at all); one audit line per batch says what came in, from whom, at which
        version. A batch is tried without a savepoint per household first; when a document in
        it will not apply, the batch is rolled back and applied again, each household in a
        savepoint of its own (``apply_household_files``)."""
        by_household: dict[int, list[tuple[TeamFile, HouseholdDocument]]] = {}
        notices: dict[int, list[TeamFile]] = {}
        for item in read.accepted:
            for document in item.documents:
                by_household.setdefault(document.household, []).append((item, document))
            if item.reassign is not None:
                notices.setdefault(item.reassign.household, []).append(item)
        households = sorted(set(by_household) | set(notices))
        for i in range(0, len(households), APPLY_BATCH):
            batch = households[i:i + APPLY_BATCH]
            try:
                outcomes = self._apply_batch(run, batch, by_household, notices, atomic=False)
            except ValidationError:
                outcomes = self._apply_batch(run, batch, by_household, notices, atomic=True)
            for household, outcome in outcomes:
                run.refused += outcome.refused
                run.late += outcome.late
                run.deferred |= outcome.deferred
                run.withdrawn += outcome.withdrawn
                if outcome.applied:
                    run.applied.append(household)
            if len(run.arrived) >= CASELOAD_BATCH:
                self._make_caseload_entries(run)

    def _apply_batch(self, run: _Run, batch: Sequence[int],
                     by_household: dict[int, list[tuple[TeamFile, HouseholdDocument]]],
                     notices: dict[int, list[TeamFile]],
                     atomic: bool) -> list[tuple[int, ApplyOutcome]]:
        """One transaction; what each household's files did, once it is committed."""
        outcomes: list[tuple[int, ApplyOutcome]] = []
        with self._uow() as uow:
            uow.team.prefetch_states(batch)
            for household in batch:
                outcomes.append((household, apply_household_files(
                    uow, run.chain, run.membership.member_id, household,
                    by_household.get(household, []),
                    [n.reassign for n in notices.get(household, []) if n.reassign],
                    atomic=atomic)))
            received = [r for _, outcome in outcomes for r in outcome.received]
            if received:
                uow.audit("team.receive", "team", run.chain.team_id,
                          detail={"households": [list(r) for r in received]})
            # The dashboard's entries in the same transaction as the rows they are made of:
            # no moment (and no crash) shows the facts of the version before. A household new
            # here has no entry to be stale: its entry is made after this batch, many at once
            # (a catch-up), and one a crash left out the dashboard makes (``stale``).
            # Of a household that was here, only the facts reading a table that changed.
            arrived = uow.team.arrived()
            uow.caseload.refresh([h for h, outcome in outcomes
                                  if outcome.applied and h not in arrived],
                                 changed=uow.team.changed_tables())
            uow.commit()
        run.arrived += [h for h, outcome in outcomes if outcome.applied and h in arrived]
        return outcomes

    def _make_caseload_entries(self, run: _Run) -> None:
        """The dashboard's entries of the households new here that have none yet,
        ``CASELOAD_BATCH`` per transaction (the facts of many households cost little more than
        those of one). ``_apply`` calls it as soon as a batch's worth has arrived: their rows
        are then still among the vault's decrypted pages in memory (a catch-up of 5,000 fills
        the page cache many times over; reading them again at the end decrypted them again)."""
        households, run.arrived = run.arrived, []
        for i in range(0, len(households), CASELOAD_BATCH):
            with self._uow() as uow:
                uow.caseload.refresh(households[i:i + CASELOAD_BATCH])
                uow.commit()

    def _record(self, run: _Run, read: FolderRead) -> None:
        """Remember what was read — after applying it; files with a document of another
        schema are read again next time."""
        kept = replace(read, accepted=[f for f in read.accepted if f.label not in run.deferred])
        before = run.ledger.to_json()
        kept.record_into(run.ledger)
        if not read.refused and run.ledger.to_json() == before:
            return  # nothing new in the folder: the ledger stays as it is
        acked: dict[str, int] = {}
        for item in kept.accepted:
            mine = item.manifest.acks.get(run.membership.member_id, 0)
            acked[item.author] = max(acked.get(item.author, 0), mine)
        new_refusals = read.refused
        with self._uow() as uow:
            uow.team.save_ledger(run.ledger.to_json(), acked)
            for outcome in new_refusals:
                log.info("team file refused: %s (%s)", outcome.reason, outcome.label)
                uow.audit("team.refused", "team_file", outcome.author, result="refused",
                          detail={"reason": outcome.reason, "file": outcome.label})
            uow.commit()
        run.refused += [Refusal(o.label, o.author, o.reason) for o in new_refusals]

    # -- compaction -------------------------------------------------------------------------
    def _compact_if_due(self, run: _Run, acks_for_me: int) -> None:
        """Rewrite and prune our subfolder when the roster changed since the last time, when
        small files piled up, or once a day."""
        local = self._local(run)
        own_names = [e for e in FolderWriter(run.folder, local.member_id).own_files()
                     if e.name_kind != "roster"]
        m = run.membership
        today = self.clock.now().date()
        due = (m.compacted_version != run.chain.current.version
               or len(own_names) > MAX_BUNDLE_FILES
               or m.compacted_at is None or m.compacted_at.date() != today)
        if not due:
            return
        own = read_own_folder(run.folder, local, run.chain, self.max_bytes)
        with self._uow() as uow:
            needed = needed_documents(uow.team.written_by_us(), local.member_id)
            in_force = notices_in_force(uow, local.member_id)
            keep = withdrawals_in_force(uow, run.chain, local.member_id)
            keep |= late_files_in_force(uow, run.chain, local.member_id)
            uow.commit()
        publisher = self._publisher(run, local, acks_for_me)
        plan = plan_compaction(own, needed, run.chain, publisher.next_sequence,
                               keep_notices=in_force, keep_files=keep)
        republished: list[HouseholdDocument] = []

        def documents_for(households: frozenset[int]) -> list[HouseholdDocument]:
            with self._uow() as uow:
                states = uow.team.states(households)
                republished.extend(ts.document_of(uow, states[h], local.member_id)
                                   for h in sorted(households) if h in states)
            return republished

        written: list[Written] = []
        try:
            if not plan.is_empty:
                written = compact(publisher, plan, documents_for)
        finally:
            self._after_writing(run, publisher, written, republished, False, rewrite=True)
        with self._uow() as uow:
            uow.team.update_membership(compacted_version=run.chain.current.version,
                                       compacted_at=self.clock.now())
            uow.commit()
        run.compacted = True

    # -- the end ----------------------------------------------------------------------------
    def _finish(self, run: _Run, status: str, read: FolderRead | None = None) -> SyncResult:
        flagged: tuple[Refusal, ...] = ()
        later = len(run.deferred)
        if read is not None:
            later += sum(1 for o in read.skipped if o.disposition == "later")
            me = run.chain.current.member(run.membership.member_id)
            if me is not None and me.is_teamleider:
                flagged = tuple(Refusal(o.label, o.author, o.reason) for o in read.skipped
                                if o.reason == reasons.NOT_FOR_US
                                and o.author in run.chain.current.member_ids)
        result = SyncResult(status, str(run.folder), self.clock.now(), run.sent, run.files,
                            len(run.applied), run.withdrawn, tuple(run.refused), run.late,
                            later, flagged, run.chain.current.version, run.compacted,
                            tuple(run.applied))
        with self._uow() as uow:
            values: dict[str, Any] = {"last_sync": result.counts()}
            if status != WAITING:
                values["last_sync_at"] = result.at
            uow.team.update_membership(**values)
            if result.sent or result.applied or result.refused or result.late_changes:
                uow.audit("team.sync", "team", run.chain.team_id, detail=result.counts())
            uow.commit()
        return result
