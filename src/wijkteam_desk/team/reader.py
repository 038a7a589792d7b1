"""Reading the team folder: every file checked, each one skipped or refused with its own reason
while the others go on.

``read_folder`` returns the files it accepted — with everything the second wave needs to decide
whether to apply them (author, household, version, dossierhouder, afgeschermd) — and an outcome
with a reason code (``team.reasons``) for everything else. Rosters come first, in every pass
until no more arrive, so a file from a member added in the same sync is understood. It writes
nothing and applies nothing: the caller applies, commits, then records the accepted files in the
``Ledger``.

The order of the checks on one file: name and type (``layout.scan``) → size (never reading a
file that is too large) → known to the ledger (hash) → below the author's floor → age header →
decrypt → tar members → signature over the raw manifest → manifest → sequence → roster →
recipients → payload hash → payload. Every problem is a ``RejectedInput`` inside; nothing else
escapes a file (an unforeseen error becomes ``unreadable``)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.team import layout, reasons
from wijkteam_desk.team.chain import EXTENDED, RosterChain, SignedRoster
from wijkteam_desk.team.envelope import (
    KINDS,
    MAX_FILE_BYTES,
    Manifest,
    open_age,
    read_payload,
    read_signature,
    stanza_count,
    unpack,
    verify_manifest,
    x25519_stanzas,
)
from wijkteam_desk.team.ledger import Ledger
from wijkteam_desk.team.payloads import (
    HouseholdDocument,
    ReassignNotice,
    read_bundle,
    read_roster,
)
from wijkteam_desk.team.pen import PenTransfer, pen_problems
from wijkteam_desk.team.roster import Roster, block_of


@dataclass(frozen=True)
class TeamFile:
    """An accepted file."""

    label: str
    author: str
    sequence: int
    kind: str
    manifest: Manifest
    sha256: str
    size: int
    mtime_ns: int
    documents: tuple[HouseholdDocument, ...] = ()
    roster: SignedRoster | None = None
    reassign: ReassignNotice | None = None

    @property
    def created_at(self) -> str:
        return self.manifest.created_at


@dataclass(frozen=True)
class Outcome:
    """A file skipped or refused. ``detail`` is English for the developer log, never content."""

    label: str
    reason: str
    author: str = ""
    sequence: int = 0
    # What identifies this very file for the ledger: the SHA-256 of its bytes, or — for a file
    # refused on its name or size alone, which is never read — its name or size and time.
    fingerprint: str = ""
    detail: str = ""

    @property
    def disposition(self) -> str:
        return reasons.disposition(self.reason)


@dataclass
class FolderRead:
    accepted: list[TeamFile] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    chain: RosterChain | None = None
    is_member: bool = True  # False: the newest roster no longer lists this laptop's member
    acks_for_me: int = 0  # the highest of our own sequences that colleagues say they read
    labels: set[str] = field(default_factory=set)
    files: set[tuple[str, int]] = field(default_factory=set)  # (member folder, sequence) present

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.skipped if o.disposition == "refused"]

    def record_into(self, ledger: Ledger) -> None:
        """Remember every accepted and refused file (after the caller applied them)."""
        for item in self.accepted:
            ledger.record(item.author, item.sequence, item.sha256, floor=item.manifest.floor,
                          created_at=item.created_at, size=item.size, mtime_ns=item.mtime_ns,
                          roster=item.kind == "roster")
        for outcome in self.refused:
            if outcome.fingerprint:
                ledger.record_refusal(outcome.label, outcome.fingerprint, outcome.reason)
        ledger.prune(self.labels, self.files)


@dataclass
class _Context:
    me: str
    identities: Sequence[EncryptionIdentity]
    chain: RosterChain
    ledger: Ledger
    max_bytes: int
    in_scan: dict[tuple[str, int], str] = field(default_factory=dict)


def read_folder(folder: Path, me: str, identities: Sequence[EncryptionIdentity],
                chain: RosterChain, ledger: Ledger, *,
                max_bytes: int = MAX_FILE_BYTES) -> FolderRead:
    """Read every file in ``folder`` as member ``me``. ``OSError`` when the folder itself is
    missing or unreadable (the caller waits for it to come back)."""
    entries = layout.scan(folder)
    context = _Context(me, identities, chain, ledger, max_bytes)
    result = FolderRead(labels={e.label for e in entries},
                        files={(e.folder, e.sequence) for e in entries if e.sequence})
    pending_rosters: list[layout.Entry] = []
    others: list[layout.Entry] = []
    for entry in entries:
        if entry.reason is not None:
            result.skipped.append(_by_name(entry, ledger))
        elif entry.folder == me:
            result.skipped.append(Outcome(entry.label, reasons.OWN_FILE, me, entry.sequence))
        elif entry.name_kind == "roster":
            pending_rosters.append(entry)
        else:
            others.append(entry)
    # Rosters first, pass after pass: version 7 may sit in a folder read before version 6's.
    while pending_rosters:
        waiting: dict[layout.Entry, Outcome] = {}
        for entry in pending_rosters:
            outcome = _read_one(entry, context, result)
            if outcome is not None and outcome.disposition == "later":
                waiting[entry] = outcome
            elif outcome is not None:
                result.skipped.append(outcome)
        if len(waiting) == len(pending_rosters):
            result.skipped.extend(waiting.values())
            break
        pending_rosters = list(waiting)
    for entry in sorted(others, key=lambda e: (e.folder, e.sequence, e.name)):
        outcome = _read_one(entry, context, result)
        if outcome is not None:
            result.skipped.append(outcome)
    result.chain = context.chain
    result.is_member = context.chain.current.member(me) is not None
    return result


def _by_name(entry: layout.Entry, ledger: Ledger) -> Outcome:
    assert entry.reason is not None
    fingerprint = f"name:{entry.reason}"
    if reasons.disposition(entry.reason) == "refused" and ledger.refused.get(entry.label) == (
        fingerprint, entry.reason
    ):
        return Outcome(entry.label, reasons.ALREADY_REFUSED, entry.folder)
    return Outcome(entry.label, entry.reason, entry.folder, fingerprint=fingerprint)


def _read_one(entry: layout.Entry, context: _Context, result: FolderRead) -> Outcome | None:
    """Accept ``entry`` into ``result`` (returning None) or return why not."""
    sha = ""
    stat_print = f"stat:{entry.size}:{entry.mtime_ns}"
    try:
        if context.ledger.unchanged(entry.folder, entry.sequence, entry.size, entry.mtime_ns):
            return Outcome(entry.label, reasons.ALREADY_SEEN, entry.folder, entry.sequence)
        if context.ledger.refused.get(entry.label, ("", ""))[0] == stat_print:
            return Outcome(entry.label, reasons.ALREADY_REFUSED, entry.folder, entry.sequence)
        if entry.size == 0 or entry.size > context.max_bytes:  # refused without reading
            sha = stat_print
        raw = _read_bounded(entry, context.max_bytes)
        sha = hashlib.sha256(raw).hexdigest()
        accepted = _check(entry, raw, sha, context)
    except RejectedInput as error:
        return Outcome(entry.label, error.reason, entry.folder, entry.sequence, sha, str(error))
    except Exception as error:  # a trust boundary: one file's surprise must not stop the rest
        return Outcome(entry.label, reasons.UNREADABLE, entry.folder, entry.sequence, sha,
                       type(error).__name__)
    context.in_scan[(accepted.author, accepted.sequence)] = sha
    if accepted.manifest.author != context.me:
        result.acks_for_me = max(result.acks_for_me, accepted.manifest.acks.get(context.me, 0))
    result.accepted.append(accepted)
    return None


def _read_bounded(entry: layout.Entry, max_bytes: int) -> bytes:
    if entry.size == 0:
        raise RejectedInput(reasons.EMPTY, "empty file")
    if entry.size > max_bytes:
        raise RejectedInput(reasons.TOO_LARGE, "file exceeds the size limit")
    try:
        with entry.path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError:
        raise RejectedInput(reasons.CHANGED_WHILE_READING, "file went away") from None
    if len(raw) > max_bytes:
        raise RejectedInput(reasons.TOO_LARGE, "file grew past the size limit")
    if not raw:
        raise RejectedInput(reasons.EMPTY, "empty file")
    if len(raw) != entry.size:
        raise RejectedInput(reasons.CHANGED_WHILE_READING, "file changed while reading")
    return raw


def _check(entry: layout.Entry, raw: bytes, sha: str, context: _Context) -> TeamFile:
    ledger, chain = context.ledger, context.chain
    known = ledger.seen_hash(entry.folder, entry.sequence)
    if known == sha:
        raise RejectedInput(reasons.ALREADY_SEEN, "accepted before")
    if ledger.refused.get(entry.label, ("", ""))[0] == sha:
        raise RejectedInput(reasons.ALREADY_REFUSED, "refused before")
    if entry.name_kind != "roster" and entry.sequence < ledger.floor(entry.folder):
        raise RejectedInput(reasons.REPLAYED, "below the author's compaction floor")
    stanzas = x25519_stanzas(raw)
    parts = unpack(open_age(raw, context.identities), context.max_bytes)
    signature = read_signature(parts)
    owner = chain.key_owner(signature.key_id)
    if owner.status == "removed":
        raise RejectedInput(reasons.REMOVED_MEMBER, "author is no longer a member")
    if owner.status == "revoked":
        raise RejectedInput(reasons.REVOKED_KEY, "signed with a revoked key")
    if owner.member is None or owner.status != "current":
        raise RejectedInput(reasons.UNKNOWN_KEY, "signed by a key no roster lists")
    manifest = verify_manifest(parts, signature, owner.member.signing_key)
    if manifest.team != chain.team_id:
        raise RejectedInput(reasons.WRONG_TEAM, "file of another team")
    if manifest.author != owner.member.member_id:
        raise RejectedInput(reasons.WRONG_AUTHOR, "manifest names another member")
    if manifest.author != entry.folder:
        raise RejectedInput(reasons.WRONG_FOLDER, "file in another member's subfolder")
    if manifest.sequence != entry.sequence or KINDS[manifest.kind] != entry.name_kind:
        raise RejectedInput(reasons.NAME_MISMATCH, "file name does not match its manifest")
    earlier = known or context.in_scan.get((manifest.author, manifest.sequence))
    if earlier is not None and earlier != sha:
        raise RejectedInput(reasons.DUPLICATE_SEQUENCE, "another file has this sequence")
    payload = read_payload(parts, manifest)

    def accepted(**content: object) -> TeamFile:
        return TeamFile(entry.label, manifest.author, manifest.sequence, manifest.kind, manifest,
                        sha, entry.size, entry.mtime_ns, **content)  # type: ignore[arg-type]

    if manifest.kind == "roster":
        return accepted(roster=_check_roster(manifest, payload, stanzas, context))
    roster = _roster_of(manifest, chain)
    _check_recipients(manifest, roster, stanzas, context.me)
    if manifest.kind == "bundle":
        documents = read_bundle(payload)
        _check_bundle_audience(manifest, documents, roster)
        for document in documents:
            creator = chain.current.block_owner(block_of(document.household))
            if creator is None:
                raise RejectedInput(reasons.NOT_DOSSIERHOUDER, "a household nobody created")
            if pen_problems(creator, document.household, document.pen, document.version,
                            document.dossierhouder):
                raise RejectedInput(reasons.MALFORMED_PAYLOAD, "pen history breaks a rule")
            if document.writer(creator) != manifest.author:
                raise RejectedInput(reasons.NOT_DOSSIERHOUDER, "not the author's household")
            _check_pen(document.pen, chain)
        return accepted(documents=documents)
    notice = ReassignNotice.from_json(payload)
    _check_reassign(manifest, notice, chain.current)
    _check_pen([notice.transfer], chain)
    return accepted(reassign=notice)


def _check_pen(pen: Sequence[PenTransfer], chain: RosterChain) -> None:
    """Every change of dossierhouder signed by the member who gave the pen, or by a
    teamleider (a takeover). A signer from before this laptop's chain began is known only by
    its revoked keys; then the signature is all that can be checked."""
    for transfer in pen:
        if not transfer.verifies_with(chain.member_keys(transfer.by)):
            raise RejectedInput(reasons.BAD_HANDOVER, "handover signature does not verify")
        known_here = any(link.roster.member(transfer.by) for link in chain.links)
        if transfer.is_takeover and known_here and not chain.was_teamleider(transfer.by):
            raise RejectedInput(reasons.BAD_HANDOVER, "takeover by a member")


def _roster_of(manifest: Manifest, chain: RosterChain) -> Roster:
    roster = chain.roster(manifest.roster_version)
    if roster is None:
        if manifest.roster_version > chain.current.version:
            raise RejectedInput(reasons.ROSTER_AHEAD, "written against a newer roster")
        raise RejectedInput(reasons.BEFORE_JOIN, "written against a roster before ours")
    if chain.digest(manifest.roster_version) != manifest.roster_hash:
        raise RejectedInput(reasons.ROSTER_FORK, "written against another roster")
    return roster


def _check_recipients(manifest: Manifest, roster: Roster, stanzas: int, me: str,
                      expected: frozenset[str] | None = None) -> None:
    wanted = (expected if expected is not None
              else manifest.audience.recipients(roster)) | {manifest.author}
    if manifest.kind != "roster" and not set(manifest.audience.members) <= roster.member_ids:
        raise RejectedInput(reasons.RECIPIENTS_MISMATCH, "audience names non-members")
    recipients = set(manifest.recipients)
    if recipients != wanted or me not in recipients:
        raise RejectedInput(reasons.RECIPIENTS_MISMATCH, "recipients differ from the roster")
    if stanzas != stanza_count(roster, len(recipients)):
        raise RejectedInput(reasons.RECIPIENTS_MISMATCH, "encrypted to other than it claims")


def _check_bundle_audience(manifest: Manifest, documents: tuple[HouseholdDocument, ...],
                           roster: Roster) -> None:
    audience = manifest.audience
    if not audience.restricted:
        if any(d.afgeschermd for d in documents):
            raise RejectedInput(reasons.AFGESCHERMD_LEAK, "afgeschermd in a file for everyone")
        return
    allowed = set(manifest.recipients)
    if not all(d.afgeschermd and (d.dossierhouder in allowed
                                  or d.dossierhouder not in roster.member_ids)
               for d in documents):
        raise RejectedInput(reasons.RECIPIENTS_MISMATCH, "restricted file for other households")


def _check_reassign(manifest: Manifest, notice: ReassignNotice, current: Roster) -> None:
    author = current.member(manifest.author)
    if author is None or not author.is_teamleider:
        raise RejectedInput(reasons.NOT_TEAMLEIDER, "takeover by a member")
    if notice.transfer.by != manifest.author:
        raise RejectedInput(reasons.BAD_HANDOVER, "takeover signed by someone else")
    audience = manifest.audience
    if notice.afgeschermd != audience.restricted:
        if notice.afgeschermd:
            raise RejectedInput(reasons.AFGESCHERMD_LEAK, "afgeschermd takeover for everyone")
        raise RejectedInput(reasons.RECIPIENTS_MISMATCH, "takeover hidden from the team")
    if not set(audience.members) <= {notice.from_member, notice.to_member}:
        raise RejectedInput(reasons.RECIPIENTS_MISMATCH, "takeover for other members")


def _check_roster(manifest: Manifest, payload: dict[str, object], stanzas: int,
                  context: _Context) -> SignedRoster:
    signed = read_roster(payload)
    new = signed.roster
    if manifest.roster_version != new.version or manifest.roster_hash != new.digest():
        raise RejectedInput(reasons.NAME_MISMATCH, "manifest names another roster")
    chain, how = context.chain.consider(signed)
    previous = chain.roster(new.version - 1)
    if manifest.audience.restricted:
        # The removal notice: to the members this version removes (and its teamleiders).
        members = set(manifest.audience.members)
        if previous is not None:
            valid = members == previous.member_ids - new.member_ids
        else:  # a version we start at: we cannot see whom it removed, only that they are gone
            valid = not members & new.member_ids
        if not members or not valid:
            raise RejectedInput(reasons.RECIPIENTS_MISMATCH, "removal notice for others")
    _check_recipients(manifest, new, stanzas, context.me)
    if how == EXTENDED:
        context.chain = chain
    return signed

