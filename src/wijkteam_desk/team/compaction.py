"""Keeping this laptop's subfolder small and complete, and never reusing a sequence number.

**Compaction.** A new laptop must be able to catch up from the folder alone, so our subfolder
always holds the newest document of every household we are (or were, until the new dossierhouder
publishes) the writer of, encrypted to the *current* roster. Everything else may go:
``plan_compaction`` decides, ``compact`` executes (new files first, deletions after, so a reader
never finds a household missing). A bundle that is less than half live is rewritten, so the
subfolder holds at most about twice what is live; and when small files pile up (one per change
published), they are merged into few large ones. Files written against an older membership
(a colleague joined, one left, a teamleider changed, our keys were replaced) are rewritten for
the current members. Roster files are never removed: a laptop that was away for a while needs
every version to follow the chain.

**Sequence numbers after a restore.** A laptop restored from an old backup believes it wrote
less than it did. ``learn_sequence`` takes the highest of: what the vault says, our own files in
the folder that verify, and what colleagues' manifests acknowledge having read from us."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.team import layout, reasons
from wijkteam_desk.team.chain import RosterChain
from wijkteam_desk.team.envelope import (
    Manifest,
    open_age,
    read_payload,
    read_signature,
    unpack,
    verify_manifest,
)
from wijkteam_desk.team.payloads import HouseholdDocument, read_bundle
from wijkteam_desk.team.writer import LocalMember, Publisher, Written

MIN_LIVE_FRACTION = 0.5
# More bundle files than this (a change published at a time makes one small file each), and the
# small ones are merged: reading a few large files is much cheaper than many small ones.
MAX_BUNDLE_FILES = 32
SMALL_FILE_BYTES = 512 * 1024
# A name in our subfolder that we cannot verify counts for the next sequence number only when
# it is plausible; one planted by the folder's host must not exhaust the number space.
UNVERIFIED_MARGIN = 1_000_000
# Reasons that may pass by themselves (the file is still arriving): leave such a file alone.
_TRANSIENT = frozenset({reasons.CHANGED_WHILE_READING, reasons.TEMPORARY})
# What a roster file in our subfolder must look like to be deleted anyway: plain garbage.
_GARBAGE = frozenset({reasons.EMPTY, reasons.NOT_AGE, reasons.TRUNCATED, reasons.BAD_ENVELOPE,
                      reasons.BAD_TAR_MEMBER, reasons.MALFORMED_CONTAINER, reasons.UNKNOWN_NAME,
                      reasons.NOT_A_FILE})


@dataclass(frozen=True)
class OwnFile:
    """One of our files, as read back from our subfolder."""

    name: str
    sequence: int
    kind: str
    manifest: Manifest
    documents: Mapping[int, int]  # household → version (bundles only)
    size: int = 0


@dataclass(frozen=True)
class Unreadable:
    """A file in our subfolder that does not verify as ours with our current keys."""

    name: str
    sequence: int  # from its name: untrusted
    name_kind: str
    reason: str


@dataclass(frozen=True)
class OwnFolder:
    files: tuple[OwnFile, ...]
    unreadable: tuple[Unreadable, ...]


def read_own_folder(folder: Path, me: LocalMember, chain: RosterChain,
                    max_bytes: int) -> OwnFolder:
    """Read back our own subfolder with our current keys."""
    files, unreadable = [], []
    for entry in layout.scan_member(folder, me.member_id):
        if entry.reason is not None:
            if entry.reason != reasons.TEMPORARY:
                unreadable.append(Unreadable(entry.name, 0, "", entry.reason))
            continue
        try:
            files.append(_read_own(entry, me, max_bytes))
        except RejectedInput as error:
            unreadable.append(Unreadable(entry.name, entry.sequence, entry.name_kind,
                                         error.reason))
        except Exception:  # our own folder is as untrusted as any other: skip, never crash
            unreadable.append(Unreadable(entry.name, entry.sequence, entry.name_kind,
                                         reasons.UNREADABLE))
    return OwnFolder(tuple(files), tuple(unreadable))


def _read_own(entry: layout.Entry, me: LocalMember, max_bytes: int) -> OwnFile:
    if entry.size == 0 or entry.size > max_bytes:
        raise RejectedInput(reasons.EMPTY if entry.size == 0 else reasons.TOO_LARGE, "size")
    raw = entry.path.read_bytes()
    if len(raw) != entry.size:
        raise RejectedInput(reasons.CHANGED_WHILE_READING, "changed while reading")
    parts = unpack(open_age(raw, [me.encryption]), max_bytes)
    signature = read_signature(parts)
    if signature.key_id != me.signing.public_key.key_id:
        raise RejectedInput(reasons.REVOKED_KEY, "not signed with our current key")
    manifest = verify_manifest(parts, signature, me.signing.public_key)
    if manifest.author != me.member_id or manifest.sequence != entry.sequence:
        raise RejectedInput(reasons.NAME_MISMATCH, "not our file")
    documents: dict[int, int] = {}
    if manifest.kind == "bundle":
        documents = {d.household: d.version for d in read_bundle(read_payload(parts, manifest))}
    return OwnFile(entry.name, entry.sequence, manifest.kind, manifest, documents, entry.size)


def learn_sequence(own: OwnFolder, acks_for_me: int, stored_next: int) -> int:
    """The next sequence number that is safe to use (never one a colleague has seen)."""
    trusted = max([stored_next - 1, acks_for_me, *(f.sequence for f in own.files)])
    plausible = [u.sequence for u in own.unreadable
                 if 0 < u.sequence <= trusted + UNVERIFIED_MARGIN]
    return max([trusted, *plausible]) + 1


@dataclass(frozen=True)
class CompactionPlan:
    republish: frozenset[int]  # households whose needed document must be written again
    delete: tuple[str, ...]  # our file names to remove once the republished files are written
    floor: int  # the lowest sequence of a kept file other than a roster: in manifests from now

    @property
    def is_empty(self) -> bool:
        return not self.republish and not self.delete


def _expected_recipients(manifest: Manifest, chain: RosterChain) -> frozenset[str]:
    return manifest.audience.recipients(chain.current) | {manifest.author}


def plan_compaction(own: OwnFolder, needed: Mapping[int, int], chain: RosterChain,
                    next_sequence: int, *, keep_notices: Collection[int] = (),
                    keep_files: Collection[int] = (),
                    min_live: float = MIN_LIVE_FRACTION,
                    max_files: int = MAX_BUNDLE_FILES) -> CompactionPlan:
    """Decide what to rewrite and what to delete. ``needed`` maps every household whose
    document we must keep published to the version we published last (the caller knows: the
    households we hold, and those we handed over until the new dossierhouder published).
    ``keep_notices``: sequence numbers of our notices still in force (a takeover whose new
    dossierhouder has not published yet). ``keep_files``: sequences of our bundles to keep
    as they are (a household withdrawn from colleagues who have not all read it yet)."""
    claimed: dict[int, OwnFile] = {}
    bundles = sorted((f for f in own.files if f.kind == "bundle"), key=lambda f: -f.sequence)
    valid = {f.name for f in own.files
             if set(f.manifest.recipients) == _expected_recipients(f.manifest, chain)}
    for file in bundles:
        if file.name not in valid:
            continue
        for household, version in file.documents.items():
            if needed.get(household) == version and household not in claimed:
                claimed[household] = file
    kept: list[int] = []  # sequences of kept files other than rosters (they set the floor)
    delete: list[str] = []
    live = {f.name: sum(1 for c in claimed.values() if c is f) for f in bundles}
    worth_keeping = [f for f in bundles if f.name in valid and live[f.name]
                     and live[f.name] >= min_live * len(f.documents)]
    if len(worth_keeping) > max_files:
        worth_keeping = [f for f in worth_keeping if f.size >= SMALL_FILE_BYTES]
    keep_names = {f.name for f in worth_keeping}
    for file in own.files:
        if file.kind == "roster":
            continue
        if file.kind == "bundle":
            if file.name in keep_names or file.sequence in keep_files:
                kept.append(file.sequence)
            else:
                delete.append(file.name)
                claimed = {h: f for h, f in claimed.items() if f is not file}
        elif file.sequence in keep_notices:
            kept.append(file.sequence)
        else:
            delete.append(file.name)
    for item in own.unreadable:
        if item.name_kind == "roster" and item.reason not in _GARBAGE:
            continue
        if item.reason in _TRANSIENT:
            if item.sequence:
                kept.append(item.sequence)
            continue
        delete.append(item.name)
    republish = frozenset(h for h in needed if h not in claimed)
    if not republish:
        # Keep the newest file: it tells a restored laptop how far this subfolder got.
        newest = max(own.files, key=lambda f: f.sequence, default=None)
        if newest is not None and newest.name in delete:
            delete.remove(newest.name)
            kept.append(newest.sequence)
    # Rosters are exempt from the floor (a replayed roster is harmless: the chain decides).
    floor = min([*kept, next_sequence])
    return CompactionPlan(republish, tuple(sorted(delete)), floor)


def compact(publisher: Publisher, plan: CompactionPlan,
            documents_for: Callable[[frozenset[int]], Sequence[HouseholdDocument]]
            ) -> list[Written]:
    """Write the republished documents (``documents_for`` returns them at the needed
    versions), then delete. Deleting only after writing means a reader always finds every
    household somewhere in our subfolder."""
    publisher.floor = plan.floor
    written = publisher.publish_documents(documents_for(plan.republish)) if plan.republish else []
    publisher.writer.delete(plan.delete)
    return written

