"""The team folder with three or more laptops on one plain shared folder: what one writes, the
others read and verify; afgeschermd households reach only whom they may; a removed member learns
it and reads nothing new; a new laptop catches up from the folder alone; a laptop's subfolder
stays bounded; a laptop restored from a backup never reuses a sequence number."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from tests.support.team import Laptop, Team

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.team import layout, reasons
from wijkteam_desk.team.compaction import (
    OwnFolder,
    compact,
    learn_sequence,
    plan_compaction,
    read_own_folder,
)
from wijkteam_desk.team.envelope import MAX_FILE_BYTES, x25519_stanzas
from wijkteam_desk.team.ledger import Ledger
from wijkteam_desk.team.payloads import HouseholdDocument, ReassignNotice
from wijkteam_desk.team.pen import PenTransfer, judge, merge
from wijkteam_desk.team.writer import FolderWriter, Publisher


@pytest.fixture
def team(tmp_path: Path) -> Team:
    folder = tmp_path / "teammap"
    folder.mkdir()
    return Team(folder)


def documents_of(read) -> dict[str, HouseholdDocument]:  # type: ignore[no-untyped-def]
    """The newest version of every household the read accepted."""
    newest: dict[str, HouseholdDocument] = {}
    for document in (d for f in read.accepted for d in f.documents):
        if document.household not in newest or document.version > newest[
            document.household
        ].version:
            newest[document.household] = document
    return newest


def reasons_of(read) -> set[str]:  # type: ignore[no-untyped-def]
    return {o.reason for o in read.skipped}


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def test_a_household_made_on_one_laptop_is_read_and_verified_on_the_others(team: Team) -> None:
    ayse, bart = team.consultants
    made = [team.household(ayse) for _ in range(3)]
    ayse.publish_documents(made)
    for reader in (team.leader, bart):
        read = reader.sync()
        assert read.refused == []
        got = documents_of(read)
        assert set(got) == {d.household for d in made}
        for document in made:
            assert got[document.household] == document
        [bundle] = [f for f in read.accepted if f.kind == "bundle"]
        assert bundle.author == ayse.id and bundle.manifest.created_at == "2026-11-22T10:00:00Z"
    own = ayse.sync()  # her own files, and rosters from before she joined: skipped quietly
    assert own.accepted == [] and {o.disposition for o in own.skipped} == {"quiet"}
    # The folder holds no plaintext: not a family's name, address or journal line, not a
    # colleague's name.
    raw = all_bytes(team.folder)
    secrets = [s for d in made for s in strings_in(dict(d.body or {}))]
    secrets += [laptop.member.name for laptop in team.laptops]
    assert [s for s in secrets if s.encode("utf-8") in raw] == []


def test_each_laptop_writes_only_into_its_own_subfolder(team: Team) -> None:
    ayse, bart = team.consultants
    ayse.publish_documents([team.household(ayse)])
    bart.publish_documents([team.household(bart)])
    for laptop in team.laptops:
        own = read_own_folder(team.folder, laptop.local, laptop.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
        assert own.unreadable == ()
        assert {f.manifest.author for f in own.files} == {laptop.id}
    assert {p.name for p in team.folder.iterdir()} == {laptop.id for laptop in team.laptops}
    with pytest.raises(ValueError):
        Publisher(FolderWriter(team.folder, bart.id), ayse.local, ayse.chain,  # type: ignore[arg-type]
                  team.clock.now, 99)


def test_afgeschermd_reaches_only_its_dossierhouder_and_the_teamleiders(team: Team) -> None:
    ayse, bart = team.consultants
    hidden = team.household(ayse, afgeschermd=True)
    shown = team.household(ayse)
    written = ayse.publish_documents([hidden, shown])
    assert len(written) == 2
    bart_read = bart.sync()
    assert set(documents_of(bart_read)) == {shown.household}
    assert reasons.NOT_FOR_US in reasons_of(bart_read) and bart_read.refused == []
    assert f'"household":{hidden.household}'.encode() not in all_bytes(team.folder)
    leader_read = team.leader.sync()
    assert set(documents_of(leader_read)) == {hidden.household, shown.household}
    # The host cannot tell them apart: every file has one stanza per member of the team.
    stanzas = {x25519_stanzas(p.read_bytes()) for p in (team.folder / ayse.id).iterdir()}
    assert stanzas == {len(team.laptops)}
    # A household that becomes afgeschermd first leaves the colleagues' laptops.
    ayse.publish_documents([shown.withdrawn_version()])
    gone = documents_of(bart.sync())[shown.household]
    assert gone.withdrawn and gone.body is None and gone.version == 2


def test_a_handover_moves_the_pen_and_every_laptop_can_check_it(team: Team) -> None:
    ayse, bart = team.consultants
    family = team.household(ayse)
    ayse.publish_documents([family])
    handed = family.handed_over(bart.id, ayse.local.signing)
    [handover_file] = ayse.publish_documents([handed])
    got = documents_of(bart.sync())[family.household]
    assert (got.version, got.dossierhouder, got.writer(ayse.id)) == (2, bart.id, ayse.id)
    mine = team.changed(got)
    bart.publish_documents([mine])
    # The teamleider's laptop never sees version 2 (compacted away, or not yet delivered):
    # Bart's version 3 proves the handover by itself.
    (team.folder / ayse.id / handover_file.name).unlink()
    read = team.leader.sync()
    assert documents_of(read)[family.household] == mine and read.refused == []
    assert judge(bart.id, ayse.id, mine.household, mine.pen, 3, known=family.pen) is None
    # Ayşe no longer holds the pen: a version 4 from her is a colleague's household.
    late = replace(mine.changed({"y": 2}), dossierhouder=ayse.id, pen=())
    assert judge(ayse.id, ayse.id, late.household, late.pen, 4,
                 known=mine.pen) == reasons.NOT_DOSSIERHOUDER


def test_a_removed_member_learns_it_and_reads_nothing_new(team: Team) -> None:
    ayse, bart = team.consultants
    old_chain = bart.chain
    his = [team.household(bart), team.household(bart)]  # made on his laptop, not yet sent
    team.change(lambda roster: roster.remove_member(bart.id))
    read = bart.sync()
    assert read.is_member is False and read.refused == []  # the removal notice reached him
    assert bart.chain is not None and bart.chain.current.member(bart.id) is None
    ayse.sync()
    after = team.household(ayse)
    ayse.publish_documents([after])
    assert after.household not in documents_of(bart.sync())
    with pytest.raises(ValidationError) as error:
        bart.publish_documents(his[:1])
    assert error.value.code == "not_a_member"
    # A dishonest client that ignores the roster still gets nothing accepted.
    bart.chain = old_chain
    bart.publish_documents(his[1:])
    assert reasons.REMOVED_MEMBER in {o.reason for o in ayse.sync().refused}


def test_a_takeover_by_a_teamleider_and_the_old_dossierhouders_late_change(team: Team) -> None:
    ayse, bart = team.consultants
    family = team.household(ayse)
    ayse.publish_documents([family])
    team.leader.sync()
    notice = ReassignNotice.make(family, bart.id, team.leader.id, team.leader.local.signing,
                                 "Dossierhouder ziek, gezin in crisis")
    team.leader.publish(lambda p: p.publish_reassign(notice))
    [received] = [f for f in bart.sync().accepted if f.kind == "reassign"]
    assert received.reassign == notice and received.author == team.leader.id
    with pytest.raises(ValidationError):  # only a teamleider takes over
        ayse.publish(lambda p: p.publish_reassign(notice))
    taken = family.taken_over(notice, {"naam": "overgenomen"}, creator=ayse.id)
    bart.publish_documents([taken])
    # Ayşe had not seen the takeover and changed the family too: not applied, not dropped.
    late = team.changed(family)
    ayse.publish_documents([late])
    read = team.leader.sync()
    assert read.refused == []
    got = {(f.author, d.version): d for f in read.accepted for d in f.documents}
    assert judge(bart.id, ayse.id, taken.household, taken.pen, taken.version,
                 known=[notice.transfer]) is None
    assert judge(ayse.id, ayse.id, late.household, late.pen, late.version,
                 known=[notice.transfer]) == reasons.LATE_CHANGE
    assert set(got) == {(bart.id, 2), (ayse.id, 2)}
    # Two takeovers of one version at once: every laptop keeps the same one, in any order.
    rival = PenTransfer.make(family.household, family.version, ayse.id, team.leader.id,
                             team.leader.id, team.leader.local.signing)
    one = merge(ayse.id, family.household, [notice.transfer], [rival])
    assert one == merge(ayse.id, family.household, [rival], [notice.transfer])
    assert len(one) == 1


def test_a_new_laptop_catches_up_from_the_folder_alone(team: Team) -> None:
    ayse, bart = team.consultants
    households = [team.household(ayse) for _ in range(12)]
    ayse.publish_documents(households[:6])
    ayse.publish_documents(households[6:])
    newer = [h.changed({"v": 2}) for h in households[:4]]
    ayse.publish_documents(newer)
    dirk = team.add(team.new_laptop())
    assert documents_of(dirk.sync()) == {}  # written before he joined: not for him yet
    for laptop in (ayse, bart, team.leader):
        laptop.sync()
    # Ayşe's laptop notices the new roster and compacts: everything for the new members.
    latest = {d.household: d for d in [*households, *newer]}  # newer ones last: they win
    own = read_own_folder(team.folder, ayse.local, ayse.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
    plan = plan_compaction(own, {h: d.version for h, d in latest.items()}, ayse.chain,  # type: ignore[arg-type]
                           ayse.next_sequence)
    assert plan.republish == set(latest)
    ayse.publish(lambda p: compact(p, plan, lambda wanted: [latest[h] for h in wanted]))
    got = documents_of(dirk.sync())
    assert {h: d.version for h, d in got.items()} == {h: d.version for h, d in latest.items()}
    # Bart had everything already: the republished files change nothing for him.
    again = documents_of(bart.sync())
    assert all(again[h].version == latest[h].version for h in again)


def test_compaction_keeps_a_subfolder_bounded_and_complete(team: Team) -> None:
    ayse, bart = team.consultants
    families = [team.household(ayse, entries=20) for _ in range(10)]
    ayse.publish_documents(families)
    current = {d.household: d for d in families}
    for round_number in range(30):  # a month of small changes, one household at a time
        old = families[round_number % 10]
        new = current[old.household].changed(dict(old.body or {}))
        current[new.household] = new
        ayse.publish_documents([new])
    bart.sync()
    before = len(list((team.folder / ayse.id).iterdir()))
    own = read_own_folder(team.folder, ayse.local, ayse.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
    plan = plan_compaction(own, {h: d.version for h, d in current.items()}, ayse.chain,  # type: ignore[arg-type]
                           ayse.next_sequence, max_files=4)
    # Every household's newest version sits in a file of its own: nothing to drop, but the
    # many small files are merged.
    assert plan.delete and plan.republish == set(current)
    ayse.publish(lambda p: compact(p, plan, lambda wanted: [current[h] for h in wanted]))
    files = sorted((team.folder / ayse.id).iterdir())
    assert before == 31 and len(files) == 1
    read = read_own_folder(team.folder, ayse.local, ayse.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
    kept = {h: v for f in read.files for h, v in f.documents.items()}
    assert kept == {h: d.version for h, d in current.items()}
    # Compacting again right away changes nothing.
    assert plan_compaction(read, kept, ayse.chain, ayse.next_sequence).is_empty  # type: ignore[arg-type]
    # A colleague's ledger shrinks with the subfolder (it forgets what is below the floor).
    bart.sync()
    assert len(bart.ledger.authors[ayse.id].seen) <= 2


def test_a_laptop_restored_from_an_old_backup_never_reuses_a_sequence(team: Team) -> None:
    ayse, bart = team.consultants
    ayse.publish_documents([team.household(ayse)])
    backup_next = ayse.next_sequence  # what the vault said when the backup was made
    for _ in range(4):
        ayse.publish_documents([team.household(ayse)])
    bart.sync()
    bart.publish_documents([team.household(bart)])  # his manifest acknowledges what he read
    restored = Laptop(ayse.local, ayse.member, team.folder, team.clock, chain=ayse.chain,
                      next_sequence=backup_next)
    read = restored.sync()
    own = read_own_folder(team.folder, restored.local, restored.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
    assert learn_sequence(own, read.acks_for_me, backup_next) == ayse.next_sequence
    # Even before the sync engine brought back her own subfolder, the colleagues' word counts.
    assert read.acks_for_me == ayse.next_sequence - 1
    assert learn_sequence(OwnFolder((), ()), read.acks_for_me, backup_next) == ayse.next_sequence
    with pytest.raises(FileExistsError):
        restored.publish_documents([team.household(ayse)])


def test_the_ledger_reads_each_file_once_and_logs_each_refusal_once(team: Team) -> None:
    ayse, bart = team.consultants
    ayse.publish_documents([team.household(ayse)])
    (team.folder / ayse.id / layout.file_name(90, "bundle")).write_bytes(b"kapot")
    first = bart.sync()
    assert [o.reason for o in first.refused] == [reasons.NOT_AGE]
    second = bart.sync()
    assert second.accepted == [] and second.refused == []
    assert reasons.ALREADY_REFUSED in reasons_of(second) and reasons.ALREADY_SEEN in reasons_of(
        second
    )
    stored = Ledger.from_json(json.loads(json.dumps(bart.ledger.to_json())))
    assert stored.to_json() == bart.ledger.to_json()


def test_an_interrupted_write_leaves_nothing_under_the_final_name(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    ayse, bart = team.consultants

    def power_cut(*_args: object) -> None:
        raise OSError("stroom weg")

    with monkeypatch.context() as patch:
        patch.setattr("wijkteam_desk.team.writer.os.rename", power_cut)
        with pytest.raises(OSError):
            ayse.publish_documents([team.household(ayse)])
    assert list((team.folder / ayse.id).glob("*bundle*")) == []
    # A crash between write and rename leaves a temporary file: readers skip it, the writer
    # removes it next time.
    leftover = team.folder / ayse.id / layout.temporary_name(layout.file_name(50, "bundle"))
    leftover.write_bytes(b"half")
    assert reasons.TEMPORARY in reasons_of(bart.sync())
    assert FolderWriter(team.folder, ayse.id).remove_leftover_temporaries() == [leftover.name]


def test_a_new_laptop_for_the_same_member_takes_over_her_subfolder(team: Team) -> None:
    ayse, bart = team.consultants
    families = [team.household(ayse) for _ in range(3)]
    ayse.publish_documents(families)
    bart.sync()
    replacement = Laptop.new(team.folder, team.clock, ayse.member.name)
    replacement.local = type(ayse.local)(ayse.id, replacement.local.signing,
                                          replacement.local.encryption)
    team.change(lambda roster: roster.replace_keys(ayse.id, replacement.local.signing.public_key,
                                                   replacement.local.encryption.recipient))
    replacement.member = team.leader.roster.member(ayse.id)  # type: ignore[assignment]
    replacement.join(team.leader)
    own = read_own_folder(team.folder, replacement.local, replacement.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
    assert own.files == () and {u.reason for u in own.unreadable} == {reasons.NOT_FOR_US}
    read = replacement.sync()
    replacement.next_sequence = learn_sequence(own, read.acks_for_me, 1)
    assert replacement.next_sequence == ayse.next_sequence
    current = {d.household: d for d in families}  # the vault restored with the recovery code
    plan = plan_compaction(own, {h: 1 for h in current}, replacement.chain,  # type: ignore[arg-type]
                           replacement.next_sequence)
    assert plan.republish == set(current)
    replacement.publish(lambda p: compact(p, plan, lambda wanted: [current[h] for h in wanted]))
    read = bart.sync()
    assert set(documents_of(read)) == set(current) and read.refused == []
    # Her old laptop (found again, never synced since) uses the revoked key: refused.
    ayse.next_sequence = 500
    ayse.publish_documents([team.household(ayse)])
    assert {o.reason for o in bart.sync().refused} == {reasons.REVOKED_KEY}


def test_a_team_file_opens_with_the_standard_tools(team: Team, tmp_path: Path) -> None:
    if not (shutil.which("age") and shutil.which("minisign")):
        pytest.fail("age and minisign are not installed (apt install age minisign; .ci/run does)")
    ayse, bart = team.consultants
    [written] = ayse.publish_documents([team.household(ayse)])
    key = tmp_path / "bart.key"
    key.write_text(bart.local.encryption.file_text(team.clock.now()))
    pub = tmp_path / "ayse.pub"
    pub.write_text(ayse.local.signing.public_key.file_text())
    out = tmp_path / "open"
    out.mkdir()
    tar = subprocess.run(["age", "-d", "-i", str(key), str(team.folder / ayse.id / written.name)],
                         capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=tar, check=True)
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json", "manifest.json.minisig", "payload.json"]
    subprocess.run(["minisign", "-V", "-q", "-p", str(pub), "-m", str(out / "manifest.json")],
                   check=True)


def test_a_laptop_that_was_away_follows_the_roster_through_a_republished_copy(
    team: Team,
) -> None:
    ayse, bart = team.consultants
    away = bart.chain
    team.change(lambda roster: roster.rename_team("Wijkteam Oost-Noord"))
    team.change(lambda roster: roster.update_member(ayse.id, role="teamleider"))
    ayse.sync()
    # The signing teamleider's subfolder is lost (the host, or a wiped laptop) …
    shutil.rmtree(team.folder / team.leader.id)
    assert bart.sync().chain.current.version == away.current.version  # type: ignore[union-attr]
    # … a colleague who holds the versions republishes them, and Bart catches up.
    for version in (away.current.version + 1, away.current.version + 2):  # type: ignore[union-attr]
        ayse.publish(lambda p, v=version: p.republish_roster(v))
    read = bart.sync()
    assert read.refused == [] and bart.roster.team_name == "Wijkteam Oost-Noord"
    assert bart.roster.member(ayse.id).is_teamleider  # type: ignore[union-attr]

