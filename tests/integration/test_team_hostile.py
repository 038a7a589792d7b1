"""Hostile and broken input in the team folder — issue 17's list, in one parametrised matrix.

Each case plants one bad file (written by a colleague gone rogue, a removed member, an outsider,
the folder's host, or a sync engine that stopped half-way) into a team folder where honest
laptops keep working. Then the victim's laptop syncs: the bad file is skipped or refused with
its own reason code, and the honest files written after it are all accepted — nothing else is
affected. ``docs/team-sync.md`` holds the same table (``test_the_documented_table_is_this_one``
keeps them alike).

The one check that needs what the laptop saw before — a change the old dossierhouder made after a
takeover it had not seen — is made here as the second wave will make it, with ``pen.judge``."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import Any

import pyrage
import pytest
from tests.support.team import Laptop, Team

from wijkteam_desk.exchange import container
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.encryption import encrypt
from wijkteam_desk.exchange.minisign import SigningKey, sign
from wijkteam_desk.team import layout, reasons
from wijkteam_desk.team.chain import SignedRoster, sign_roster
from wijkteam_desk.team.compaction import compact, plan_compaction, read_own_folder
from wijkteam_desk.team.envelope import (
    KINDS,
    MAX_FILE_BYTES,
    Audience,
    Manifest,
    _trimmed,
    sha256_hex,
    stanza_count,
)
from wijkteam_desk.team.layout import new_id
from wijkteam_desk.team.payloads import (
    HouseholdDocument,
    ReassignNotice,
    bundle_payload,
    reassign_payload,
    roster_payload,
)
from wijkteam_desk.team.pen import PenTransfer
from wijkteam_desk.team.pen import judge as pen_judge
from wijkteam_desk.team.roster import block_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "team-sync.md"


@dataclass
class World:
    team: Team
    rogue: Laptop  # Cem: a member whose laptop misbehaves
    honest: Laptop  # Ayşe
    victim: Laptop  # Bart: the laptop that reads
    holders: dict[str, str] = field(default_factory=dict)  # household → dossierhouder, as known
    published: dict[str, HouseholdDocument] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.team.folder


def forge(world: World, author: Laptop, *, kind: str = "bundle", payload: bytes | None = None,
          audience: Audience | None = None, manifest: dict[str, Any] | None = None,
          recipients: list[str] | None = None, encrypt_to: list[str] | None = None,
          key: SigningKey | None = None, tar: bytes | None = None, sequence: int | None = None,
          folder: str | None = None, name: str | None = None) -> Path:
    """A file as ``author``'s laptop would write it, with any layer replaced."""
    assert author.chain is not None
    roster = author.chain.current
    sequence = sequence or author.next_sequence
    author.next_sequence = max(author.next_sequence, sequence + 1)
    payload = payload if payload is not None else bundle_payload([world.team.household(author)])
    audience = audience or Audience.team()
    recipients = recipients or sorted(audience.recipients(roster) | {author.id})
    signer = key or author.local.signing
    fields = Manifest(
        team=roster.team_id, kind=kind, author=author.id,
        author_key=signer.public_key.key_id_hex, sequence=sequence, floor=1,
        roster_version=roster.version, roster_hash=roster.digest(), audience=audience,
        recipients=tuple(recipients), created_at="2026-11-22T10:00:00Z",
        payload_sha256=sha256_hex(payload),
    ).to_json()
    fields.update(manifest or {})
    manifest_bytes = canonical_dumps(fields)
    signature = sign(signer, manifest_bytes, "forged")
    if tar is None:
        tar = _trimmed(container.pack(container.ContainerParts(
            manifest_bytes, signature.file_text().encode(), payload)))
    if encrypt_to is None:
        keys = [_key_of(author, r) for r in recipients]
        padding = stanza_count(roster, len(recipients)) - len(keys)
        encrypt_to = keys + [str(pyrage.x25519.Identity.generate().to_public())
                             for _ in range(padding)]
    path = world.folder / (folder or author.id) / (name or layout.file_name(sequence, KINDS[kind]))
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(encrypt(tar, encrypt_to))
    return path


def _key_of(author: Laptop, member_id: str) -> str:
    assert author.chain is not None
    for link in reversed(author.chain.links):
        member = link.roster.member(member_id)
        if member is not None:
            return member.encryption_key
    raise AssertionError(member_id)


def good_file(world: World, author: Laptop) -> Path:
    document = world.team.household(author)
    [written] = author.publish_documents([document])
    world.published[document.household] = document
    return world.folder / author.id / written.name


# -- the cases: each plants its file and returns its path -------------------------------------
def _theirs(w: World) -> HouseholdDocument:
    [theirs] = [h for h, holder in w.holders.items() if holder == w.honest.id]
    return w.published[theirs]


def colleague_household(w: World) -> Path:
    changed = replace(_theirs(w), version=7, body={"overgenomen": True})
    return forge(w, w.rogue, payload=bundle_payload([changed]))


def forged_handover(w: World) -> Path:
    # Cem signs "Ayşe hands this household to Cem" with his own key.
    theirs = _theirs(w)
    transfer = PenTransfer.make(theirs.household, 2, w.honest.id, w.rogue.id, w.honest.id,
                                w.rogue.local.signing)
    grabbed = replace(theirs, version=3, dossierhouder=w.rogue.id, pen=(transfer,))
    return forge(w, w.rogue, payload=bundle_payload([grabbed]))


def takeover_signed_by_a_member(w: World) -> Path:
    theirs = _theirs(w)
    transfer = PenTransfer.make(theirs.household, 1, w.honest.id, w.rogue.id, w.rogue.id,
                                w.rogue.local.signing)
    grabbed = replace(theirs, version=2, dossierhouder=w.rogue.id, pen=(transfer,))
    return forge(w, w.rogue, payload=bundle_payload([grabbed]))


def late_change_after_a_takeover(w: World) -> Path:
    theirs = _theirs(w)
    leader = w.team.leader
    notice = ReassignNotice.make(theirs, w.victim.id, leader.id, leader.local.signing,
                                 "Ayşe is ziek")
    leader.publish(lambda p: p.publish_reassign(notice))
    [late] = w.honest.publish_documents([w.team.changed(theirs)])  # she had not seen it
    return w.folder / w.honest.id / late.name


def removed_member(w: World) -> Path:
    stale = w.rogue.chain
    w.team.change(lambda r: r.remove_member(w.rogue.id))
    w.rogue.chain = stale  # his laptop ignores the roster and writes on
    return good_file(w, w.rogue)


def roster_by_non_teamleider(w: World) -> Path:
    current = w.rogue.roster
    draft = current.update_member(w.rogue.id, role="teamleider")
    forged = dataclasses.replace(draft, signer=w.rogue.id, created_at="2026-11-22T10:00:00Z")
    signed = SignedRoster(forged, sign(w.rogue.local.signing, forged.to_bytes(), "roster"))
    return forge(w, w.rogue, kind="roster", payload=roster_payload(signed),
                 manifest={"roster_version": forged.version, "roster_hash": forged.digest()})


def older_roster(w: World) -> Path:
    assert w.victim.chain is not None
    old_version = w.victim.chain.start_version - 1  # from before the victim joined
    old = next(link for link in w.team.leader.chain.links  # type: ignore[union-attr]
               if link.roster.version == old_version)
    return forge(w, w.team.leader, kind="roster", payload=roster_payload(old),
                 manifest={"roster_version": old_version, "roster_hash": old.roster.digest()})


def replayed(w: World) -> Path:
    first = good_file(w, w.rogue)
    kept = w.folder.parent / "gestolen-kopie"
    shutil.copy(first, kept)
    w.victim.sync()
    own = read_own_folder(w.folder, w.rogue.local, w.rogue.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
    needed = {h: v for f in own.files for h, v in f.documents.items()}
    plan = plan_compaction(own, needed, w.rogue.chain, w.rogue.next_sequence, max_files=0)  # type: ignore[arg-type]
    w.rogue.publish(lambda p: compact(p, plan, lambda wanted: [w.published[h] for h in wanted]))
    w.victim.sync()  # reads the compacted files: the floor rises
    shutil.copy(kept, first)  # the host puts the old file back
    return first


def unknown_key(w: World) -> Path:
    return forge(w, w.rogue, key=SigningKey.generate())


def subset_of_members(w: World) -> Path:
    # Claims the whole team (and lists it), but only the victim and the author can decrypt.
    keys = [_key_of(w.rogue, w.victim.id), _key_of(w.rogue, w.rogue.id)]
    return forge(w, w.rogue, encrypt_to=keys)


def truncated(w: World) -> Path:
    path = good_file(w, w.rogue)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty(w: World) -> Path:
    path = w.folder / w.rogue.id / layout.file_name(60, "bundle")
    path.write_bytes(b"")
    return path


def garbage(w: World) -> Path:
    path = w.folder / w.rogue.id / layout.file_name(61, "bundle")
    path.write_bytes(os.urandom(4096))
    return path


def three_hundred_megabytes(w: World) -> Path:
    path = w.folder / w.rogue.id / layout.file_name(62, "bundle")
    with path.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no disk used, and never read
    return path


def half_written_by_the_sync_engine(w: World) -> Path:
    final = good_file(w, w.rogue)
    partial = final.with_name(f"~syncthing~{final.name}.tmp")
    partial.write_bytes(final.read_bytes()[:700])
    final.unlink()
    return partial


def duplicate_sequence(w: World) -> Path:
    first = good_file(w, w.rogue)
    sequence = layout.parse_file_name(first.name).sequence  # type: ignore[union-attr]
    notice = ReassignNotice.make(_theirs(w), w.rogue.id, w.rogue.id, w.rogue.local.signing,
                                 "Zelf gedaan")
    return forge(w, w.rogue, kind="reassign", payload=reassign_payload(notice),
                 sequence=sequence)


def _tar_with(member: tarfile.TarInfo, data: bytes, w: World) -> bytes:
    buffer = BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:", format=tarfile.GNU_FORMAT) as archive:
        for name in container.MEMBER_NAMES[:2]:
            info = tarfile.TarInfo(name)
            info.size = 10
            archive.addfile(info, BytesIO(b"0123456789"))
        archive.addfile(member, BytesIO(data))
    return buffer.getvalue()


def sparse_tar_member(w: World) -> Path:
    member = tarfile.TarInfo(container.PAYLOAD_NAME)
    member.type = tarfile.GNUTYPE_SPARSE
    member.size = 512
    return forge(w, w.rogue, tar=_tar_with(member, b"\0" * 512, w))


def oversized_tar_member(w: World) -> Path:
    tar = bytearray(_tar_with(tarfile.TarInfo(container.PAYLOAD_NAME), b"", w))
    # The payload's header claims 8 GiB (there are 1 KiB): a reader that trusted it would try.
    header = 2 * 1024
    tar[header + 124 : header + 136] = b"%011o\0" % (8 * 1024**3)
    checksum = sum(tar[header : header + 148]) + 256 + sum(tar[header + 156 : header + 512])
    tar[header + 148 : header + 156] = b"%06o\0 " % checksum
    return forge(w, w.rogue, tar=bytes(tar))


def name_with_dotdot(w: World) -> Path:
    path = w.folder / w.rogue.id / ("..." + layout.file_name(63, "bundle"))
    path.write_bytes(good_file(w, w.rogue).read_bytes())
    return path


def name_with_control_characters(w: World) -> Path:
    path = w.folder / w.rogue.id / "000000000000064-bundle\x1b[2J\x07.wteam"
    path.write_bytes(b"x")
    return path


def name_of_1000_characters(w: World) -> Path:
    # A file system stores at most 255 bytes per name; the reader refuses anything over 120,
    # and 1,000 characters the same way (checked on the name alone).
    assert layout.unsafe_name_reason("x" * 1000) == reasons.NAME_TOO_LONG
    path = w.folder / w.rogue.id / ("9" * 240 + ".wteam")
    path.write_bytes(b"x")
    return path


def copied_into_another_subfolder(w: World) -> Path:
    source = good_file(w, w.honest)
    target = w.folder / w.rogue.id / layout.file_name(70, "bundle")
    shutil.copy(source, target)
    source.unlink()
    return target


def revoked_key(w: World) -> Path:
    old_laptop = Laptop(w.rogue.local, w.rogue.member, w.folder, w.team.clock,
                        chain=w.rogue.chain, next_sequence=80)
    new_signing, new_age = SigningKey.generate(), pyrage.x25519.Identity.generate()
    w.team.change(lambda r: r.replace_keys(w.rogue.id, new_signing.public_key,
                                           str(new_age.to_public())))
    return good_file(w, old_laptop)  # the lost laptop, found by someone, still writes


def afgeschermd_for_everyone(w: World) -> Path:
    hidden = w.team.household(w.rogue, afgeschermd=True)
    return forge(w, w.rogue, payload=bundle_payload([hidden]))


def takeover_by_a_member(w: World) -> Path:
    notice = ReassignNotice.make(_theirs(w), w.rogue.id, w.rogue.id, w.rogue.local.signing,
                                 "Ik neem het over")
    return forge(w, w.rogue, kind="reassign", payload=reassign_payload(notice))


def roster_fork(w: World) -> Path:
    leader = w.team.leader
    assert leader.chain is not None
    base = leader.chain.current
    w.team.change(lambda r: r.rename_team("Wijkteam Oost-A"))
    other = sign_roster(base.rename_team("Wijkteam Oost-B"), base, leader.id,
                        leader.local.signing, w.team.clock.now())
    return forge(w, leader, kind="roster", payload=roster_payload(other),
                 manifest={"roster_version": other.roster.version,
                           "roster_hash": other.roster.digest()})


def corrupted(w: World) -> Path:
    path = good_file(w, w.rogue)
    data = bytearray(path.read_bytes())
    data[-40] ^= 0x01
    path.write_bytes(bytes(data))
    return path


def foreign_stanza(w: World) -> Path:
    path = w.folder / w.rogue.id / layout.file_name(81, "bundle")
    path.write_bytes(pyrage.passphrase.encrypt(b"x" * 1024, "wachtwoord"))
    return path


def payload_hash_mismatch(w: World) -> Path:
    return forge(w, w.rogue, manifest={"payload_sha256": "0" * 64})


def another_team(w: World) -> Path:
    return forge(w, w.rogue, manifest={"team": new_id()})


def renamed(w: World) -> Path:
    path = good_file(w, w.rogue)
    target = path.with_name(layout.file_name(90, "bundle"))
    path.rename(target)
    return target


def symlink(w: World) -> Path:
    path = w.folder / w.rogue.id / layout.file_name(91, "bundle")
    os.symlink("/etc/hostname", path)
    return path


def bad_signature(w: World) -> Path:
    path = good_file(w, w.rogue)
    assert w.rogue.chain is not None
    # Re-encrypt the same archive with a manifest edited after signing.
    from wijkteam_desk.exchange.encryption import decrypt

    tar = decrypt(path.read_bytes(), [w.rogue.local.encryption])
    parts = container.unpack(tar)
    edited = parts.manifest.replace(b"2026-11-22T10:00:00Z", b"2026-11-22T11:00:00Z")
    forged = _trimmed(container.pack(container.ContainerParts(edited, parts.signature,
                                                              parts.payload)))
    keys = [_key_of(w.rogue, m) for m in sorted(w.rogue.roster.member_ids)]
    path.write_bytes(encrypt(forged, keys))
    return path


def not_canonical_manifest(w: World) -> Path:
    return forge(w, w.rogue, manifest={"created_at": "2026-11-22T10:00:00Z", "z": None})


def unknown_name(w: World) -> Path:
    path = w.folder / w.rogue.id / "aantekeningen.txt"
    path.write_text("x")
    return path


def roster_ahead(w: World) -> Path:
    return forge(w, w.rogue, manifest={"roster_version": 99, "roster_hash": "a" * 64})


def malformed_payload(w: World) -> Path:
    return forge(w, w.rogue, payload=canonical_dumps({"documents": "geen lijst", "pad": ""}))


@dataclass(frozen=True)
class Case:
    plant: Callable[[World], Path]
    reason: str
    who: str  # who could do this, for the table in docs/team-sync.md


CASES = {
    "a member's file changing a colleague's household": Case(
        colleague_household, reasons.NOT_DOSSIERHOUDER, "member"),
    "a handover the dossierhouder did not sign": Case(
        forged_handover, reasons.BAD_HANDOVER, "member"),
    "a takeover signed by a member": Case(
        takeover_signed_by_a_member, reasons.BAD_HANDOVER, "member"),
    "the old dossierhouder's change after a takeover (for review)": Case(
        late_change_after_a_takeover, reasons.LATE_CHANGE, "old dossierhouder"),
    "a removed member's file": Case(removed_member, reasons.REMOVED_MEMBER, "removed member"),
    "a roster signed by a non-teamleider": Case(
        roster_by_non_teamleider, reasons.ROSTER_NOT_TEAMLEIDER, "member"),
    "an older roster version": Case(older_roster, reasons.ROSTER_OUTDATED, "host"),
    "two different rosters with one version": Case(roster_fork, reasons.ROSTER_FORK, "teamleider"),
    "a replayed file": Case(replayed, reasons.REPLAYED, "host"),
    "a file from an unknown key": Case(unknown_key, reasons.UNKNOWN_KEY, "outsider"),
    "a file from a revoked key (lost laptop)": Case(revoked_key, reasons.REVOKED_KEY, "finder"),
    "encrypted to a subset, claiming all members": Case(
        subset_of_members, reasons.RECIPIENTS_MISMATCH, "member"),
    "an afgeschermd household in a file for all": Case(
        afgeschermd_for_everyone, reasons.AFGESCHERMD_LEAK, "member"),
    "a takeover notice from a non-teamleider": Case(
        takeover_by_a_member, reasons.NOT_TEAMLEIDER, "member"),
    "a truncated file": Case(truncated, reasons.TRUNCATED, "sync engine"),
    "an empty file": Case(empty, reasons.EMPTY, "sync engine"),
    "garbage": Case(garbage, reasons.NOT_AGE, "host"),
    "a 300 MB file (never read)": Case(three_hundred_megabytes, reasons.TOO_LARGE, "host"),
    "a file the sync engine left half-written": Case(
        half_written_by_the_sync_engine, reasons.TEMPORARY, "sync engine"),
    "two different files with one sequence": Case(
        duplicate_sequence, reasons.DUPLICATE_SEQUENCE, "member"),
    "a sparse tar member": Case(sparse_tar_member, reasons.BAD_TAR_MEMBER, "member"),
    "an oversized tar member": Case(oversized_tar_member, reasons.BAD_TAR_MEMBER, "member"),
    "a name with ..": Case(name_with_dotdot, reasons.UNSAFE_NAME, "host"),
    "a name with control characters": Case(
        name_with_control_characters, reasons.UNSAFE_NAME, "host"),
    "a name of 1,000 characters": Case(name_of_1000_characters, reasons.NAME_TOO_LONG, "host"),
    "a name this format never writes": Case(unknown_name, reasons.UNKNOWN_NAME, "host"),
    "a link instead of a file": Case(symlink, reasons.NOT_A_FILE, "host"),
    "a member's file copied into another's subfolder": Case(
        copied_into_another_subfolder, reasons.WRONG_FOLDER, "host"),
    "a file renamed to another sequence": Case(renamed, reasons.NAME_MISMATCH, "host"),
    "a flipped bit": Case(corrupted, reasons.CORRUPTED, "host"),
    "an age file for a passphrase": Case(foreign_stanza, reasons.BAD_ENVELOPE, "outsider"),
    "a manifest edited after signing": Case(bad_signature, reasons.BAD_SIGNATURE, "host"),
    "a manifest that is not canonical": Case(
        not_canonical_manifest, reasons.MALFORMED_MANIFEST, "member"),
    "a payload that is not the signed one": Case(
        payload_hash_mismatch, reasons.PAYLOAD_HASH_MISMATCH, "member"),
    "a payload of the wrong shape": Case(malformed_payload, reasons.MALFORMED_PAYLOAD, "member"),
    "a file of another team": Case(another_team, reasons.WRONG_TEAM, "member of two teams"),
    "a file against a roster not here yet": Case(roster_ahead, reasons.ROSTER_AHEAD, "sync"),
}


@pytest.fixture
def world(tmp_path: Path) -> World:
    folder = tmp_path / "teammap"
    folder.mkdir()
    team = Team(folder, consultants=3)
    honest, victim, rogue = team.consultants
    w = World(team, rogue=rogue, honest=honest, victim=victim)
    for laptop in (honest, rogue, team.leader):
        document = team.household(laptop)
        laptop.publish_documents([document])
        w.holders[document.household] = laptop.id
        w.published[document.household] = document
    victim.sync()
    return w


def judge(w: World, read) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The second wave's check on arrival, with every handover and takeover the laptop knows."""
    known: dict[str, list[PenTransfer]] = {}
    for document in w.published.values():
        known.setdefault(document.household, []).extend(document.pen)
    for accepted in read.accepted:
        if accepted.reassign is not None:
            known.setdefault(accepted.reassign.household, []).append(accepted.reassign.transfer)
        for document in accepted.documents:
            known.setdefault(document.household, []).extend(document.pen)
    verdicts = {}
    assert w.victim.chain is not None
    for accepted in read.accepted:
        for d in accepted.documents:
            creator = w.victim.chain.current.block_owner(block_of(d.household))
            assert creator is not None
            problem = pen_judge(accepted.author, creator, d.household, d.pen, d.version,
                                known.get(d.household, ()))
            if problem:
                verdicts[accepted.label] = problem
    return verdicts


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_refused_with_its_own_reason_and_nothing_else_is_affected(
    world: World, name: str
) -> None:
    case = CASES[name]
    hostile = case.plant(world)
    label = layout.Entry(hostile, hostile.parent.name, hostile.name).label
    afterwards = [world.team.household(world.honest), world.team.household(world.team.leader)]
    world.honest.publish_documents(afterwards[:1])
    world.team.leader.publish_documents(afterwards[1:])
    read = world.victim.sync()
    outcomes = {o.label: o for o in read.skipped}
    verdicts = judge(world, read)
    got = outcomes[label].reason if label in outcomes else verdicts.get(label, "accepted")
    assert got == case.reason, outcomes.get(label)
    # Sync went on: the honest files written after the bad one arrived, whole.
    arrived = {d.household: d for f in read.accepted for d in f.documents}
    for document in afterwards:
        assert arrived[document.household] == document
    # Nothing from the bad file was taken, and nothing else was refused.
    assert all(f.label != label for f in read.accepted) or label in verdicts
    others = [o for o in read.refused if o.label != label]
    assert others == [], others
    assert world.victim.chain is not None and world.victim.chain.current.member(world.victim.id)
    # Refused once, logged once: the next sync passes the same file by quietly.
    if outcomes.get(label) is not None and outcomes[label].disposition == "refused":
        again = world.victim.sync()
        assert again.refused == []
        assert {o.reason for o in again.skipped if o.label == label} == {reasons.ALREADY_REFUSED}


def test_the_documented_table_is_this_one() -> None:
    # The reader's table; the application level's table after it is test_team_hostile_app's.
    text = DOC.read_text(encoding="utf-8").split("**At the application level**")[0]
    rows = dict(re.findall(r"^\| (.+?) \| `([a-z_]+)` \|", text, flags=re.M))
    assert rows == {name: case.reason for name, case in CASES.items()}
