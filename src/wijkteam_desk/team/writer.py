"""Writing into the team folder: only into this laptop's own subfolder, whole files only.

``FolderWriter`` puts bytes on disk (temporary name → fsync → rename → fsync the folder; an
existing name is never overwritten, because a sequence number is used once). ``Publisher``
makes the files: it numbers them, builds and signs the manifest, and encrypts each file to the
members allowed to read it under the current roster."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.exchange.minisign import SigningKey
from wijkteam_desk.team import layout
from wijkteam_desk.team.chain import RosterChain, SignedRoster
from wijkteam_desk.team.envelope import (
    KINDS,
    MAX_FILE_BYTES,
    Audience,
    Manifest,
    created_at,
    seal,
    sha256_hex,
    stanza_count,
)
from wijkteam_desk.team.payloads import (
    HouseholdDocument,
    ReassignNotice,
    bundle_payload,
    reassign_payload,
    roster_payload,
)
from wijkteam_desk.team.roster import Roster

# A bundle is cut at about this much JSON: a few hundred households, quick to decrypt, and far
# below the reader's limit (``MAX_FILE_BYTES``) even with padding.
BUNDLE_TARGET_BYTES = 2 * 1024 * 1024

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class LocalMember:
    """This laptop's member: its id and the vault's secret keys."""

    member_id: str
    signing: SigningKey
    encryption: EncryptionIdentity


@dataclass(frozen=True)
class Written:
    name: str
    sequence: int
    kind: str
    size: int
    audience: Audience


class FolderWriter:
    """Files in ``folder/<member_id>/``, written whole or not at all."""

    def __init__(self, folder: Path, member_id: str) -> None:
        if not layout.is_valid_id(member_id):
            raise ValueError("not a member id")
        self.folder = folder
        self.member_id = member_id

    @property
    def own_dir(self) -> Path:
        return self.folder / self.member_id

    def write(self, name: str, data: bytes, *, durable: bool = True) -> Path:
        """``FileExistsError`` when ``name`` exists: a sequence number is never reused.
        ``OSError`` (folder gone, disk full) leaves no file under the final name."""
        if layout.parse_file_name(name) is None:
            raise ValueError("not a team file name")
        self.own_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        final = self.own_dir / name
        if final.exists():
            raise FileExistsError(final)
        temporary = self.own_dir / layout.temporary_name(name)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.rename(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        if durable and hasattr(os, "O_DIRECTORY"):
            directory = os.open(self.own_dir, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        return final

    def delete(self, names: Iterable[str]) -> None:
        for name in names:
            if layout.parse_file_name(name) is None:
                raise ValueError("not a team file name")
            (self.own_dir / name).unlink(missing_ok=True)

    def remove_leftover_temporaries(self) -> list[str]:
        """Temporary files of an earlier write that crashed (only one laptop writes here)."""
        removed = []
        for entry in layout.scan_member(self.folder, self.member_id):
            if entry.name.startswith(layout.TEMP_PREFIX) and entry.name.endswith(
                layout.TEMP_SUFFIX
            ):
                entry.path.unlink(missing_ok=True)
                removed.append(entry.name)
        return removed

    def own_files(self) -> list[layout.Entry]:
        """Our files with a valid name, by sequence."""
        entries = layout.scan_member(self.folder, self.member_id)
        return sorted((e for e in entries if e.reason is None), key=lambda e: e.sequence)


class Publisher:
    """Numbers, signs, encrypts and writes this laptop's files.

    ``next_sequence`` is the number the next file gets; the caller stores it after publishing
    (and, on a laptop restored from a backup, first raises it with ``compaction.learn_sequence``).
    ``floor`` is written into every manifest: the lowest sequence of a file other than a roster
    still kept in our subfolder (readers refuse anything below it as a replay).
    ``acks`` (per author, the highest sequence this laptop read) lets a colleague's laptop that
    was restored from an old backup learn how far it had already written."""

    def __init__(self, writer: FolderWriter, me: LocalMember, chain: RosterChain, clock: Clock,
                 next_sequence: int, *, floor: int | None = None,
                 acks: Mapping[str, int] | None = None) -> None:
        if writer.member_id != me.member_id:
            raise ValueError("a laptop writes only into its own subfolder")
        self.writer = writer
        self.me = me
        self.chain = chain
        self.clock = clock
        self.next_sequence = next_sequence
        existing = writer.own_files()
        self.floor = floor if floor is not None else min(
            (e.sequence for e in existing if e.name_kind != "roster"), default=next_sequence
        )
        self.acks = dict(acks or {})

    def _recipient_key(self, member_id: str) -> str:
        for link in reversed(self.chain.links):
            member = link.roster.member(member_id)
            if member is not None:
                return member.encryption_key
        raise ValidationError("unknown_member", member=member_id)

    def _require_member(self) -> None:
        me = self.chain.current.member(self.me.member_id)
        if me is None:
            raise ValidationError("not_a_member")
        if me.signing_key != self.me.signing.public_key or (
            me.encryption_key != self.me.encryption.recipient
        ):
            raise ValidationError("wrong_key")

    def publish(self, kind: str, payload: bytes, audience: Audience, *,
                against: Roster | None = None) -> Written:
        """Write one file of ``kind`` for ``audience`` under the current roster (``against``:
        an older version of the chain, for a roster file that carries that version).
        ``ValidationError``: ``not_a_member`` (this laptop is not in the roster),
        ``wrong_key`` (the roster lists other keys for us), ``file_too_large``."""
        self._require_member()
        roster = against or self.chain.current
        recipients = sorted(audience.recipients(roster) | {self.me.member_id})
        moment = self.clock()
        manifest = Manifest(
            team=roster.team_id, kind=kind, author=self.me.member_id,
            author_key=self.me.signing.public_key.key_id_hex, sequence=self.next_sequence,
            floor=min(self.floor, self.next_sequence), roster_version=roster.version,
            roster_hash=roster.digest(), audience=audience, recipients=tuple(recipients),
            created_at=created_at(moment), payload_sha256=sha256_hex(payload),
            acks={k: v for k, v in self.acks.items() if k != self.me.member_id},
        )
        data = seal(manifest, payload, self.me.signing,
                    [self._recipient_key(r) for r in recipients],
                    stanza_count(roster, len(recipients)), moment)
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError("file_too_large", size=len(data))
        name = layout.file_name(self.next_sequence, KINDS[kind])
        self.writer.write(name, data)
        self.next_sequence += 1
        return Written(name, manifest.sequence, kind, len(data), audience)

    # -- the kinds ------------------------------------------------------------------------
    def publish_documents(self, documents: Sequence[HouseholdDocument]) -> list[Written]:
        """Bundle ``documents`` (several files when many): afgeschermde households only to
        their dossierhouder, us and the teamleiders, all others to the whole team. (A document
        republished by compaction may name a dossierhouder who has left since: it goes to the
        current members only.)"""
        self._require_member()
        groups: dict[Audience, list[HouseholdDocument]] = {}
        roster = self.chain.current
        for document in documents:
            named = [m for m in (self.me.member_id, document.dossierhouder)
                     if roster.member(m) is not None]
            audience = Audience.only(named) if document.afgeschermd else Audience.team()
            groups.setdefault(audience, []).append(document)
        written = []
        for audience in sorted(groups, key=lambda a: (a.restricted, a.members)):
            for chunk in _chunks(groups[audience]):
                written.append(self.publish("bundle", bundle_payload(chunk), audience))
        return written

    def publish_roster(self, signed: SignedRoster, previous: Roster | None) -> list[Written]:
        """Publish a roster version that ``chain`` already holds as current: to its members,
        and — when it removes members — a second file to the removed members (and the
        teamleiders), so that their laptops learn they are no longer in the team."""
        if signed.roster.digest() != self.chain.current.digest():
            raise ValueError("publish the chain's current roster")
        payload = roster_payload(signed)
        written = [self.publish("roster", payload, Audience.team())]
        removed = sorted(previous.member_ids - signed.roster.member_ids) if previous else []
        if removed:
            written.append(self.publish("roster", payload, Audience.only(removed)))
        return written

    def republish_roster(self, version: int) -> Written:
        """Publish a copy of a roster version from our chain, for its own members: a laptop
        that was away needs every version to follow the chain, also when the subfolder of the
        teamleider who signed it is gone. Any member may; the roster's own signature counts."""
        roster = self.chain.roster(version)
        link = next((s for s in self.chain.links if s.roster.version == version), None)
        if roster is None or link is None:
            raise ValidationError("unknown_roster_version", version=version)
        return self.publish("roster", roster_payload(link), Audience.team(), against=roster)

    def publish_reassign(self, notice: ReassignNotice) -> Written:
        """``ValidationError(not_teamleider)`` unless this member is a teamleider."""
        member = self.chain.current.member(self.me.member_id)
        if member is None or not member.is_teamleider:
            raise ValidationError("not_teamleider")
        # A removed (or lost) dossierhouder gets nothing: only current members are named.
        named = [m for m in (notice.from_member, notice.to_member)
                 if self.chain.current.member(m) is not None]
        audience = Audience.only(named) if notice.afgeschermd else Audience.team()
        return self.publish("reassign", reassign_payload(notice), audience)


def _chunks(documents: Sequence[HouseholdDocument]) -> list[list[HouseholdDocument]]:
    chunks: list[list[HouseholdDocument]] = [[]]
    size = 0
    for document in sorted(documents, key=lambda d: d.household):
        length = len(canonical_dumps(document.to_json()))
        if chunks[-1] and size + length > BUNDLE_TARGET_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(document)
        size += length
    return [chunk for chunk in chunks if chunk]
