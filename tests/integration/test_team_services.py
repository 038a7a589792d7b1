"""The team in the services, on real vaults sharing one plain folder (services/team*.py):
households made on each laptop appear on the others read-only; a change to a colleague's
household is refused at commit and on arrival; a handover moves the pen; versions apply
idempotently in any order; a new laptop catches up from the folder alone; a restored laptop
never reuses a sequence number; a missing folder only makes sync wait."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.support.team_vaults import (
    TeamOfVaults,
    fingerprint,
    make_workspace,
    team_of_vaults,
)

from wijkteam_desk.domain.errors import ReadOnlyHousehold, ValidationError
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services import team_state as ts
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.secretstore import NoSecretStore
from wijkteam_desk.team import reasons
from wijkteam_desk.team.payloads import HouseholdDocument, ReassignNotice
from wijkteam_desk.team.pen import PenTransfer
from wijkteam_desk.team.writer import FolderWriter, Publisher


@pytest.fixture
def team(tmp_path: Path):  # type: ignore[no-untyped-def]
    with team_of_vaults(tmp_path) as made:
        yield made


def own_households(ws: Workspace) -> list[int]:
    return [r.summary.household_id for r in ws.cases.list_cases() if not r.read_only]


def rows(ws: Workspace) -> dict[int, tuple[str, str, bool]]:
    return {r.summary.household_id: (r.summary.name, r.owner, r.read_only)
            for r in ws.cases.list_cases()}


def state(ws: Workspace, household: int):  # type: ignore[no-untyped-def]
    with ws.unit_of_work() as uow:
        return uow.team.state(household)


def audit_actions(ws: Workspace, action: str) -> list[dict[str, object]]:
    return [e.detail for e in ws.cases.audit_log(action=action)]


# -- the caseload on every laptop -----------------------------------------------------------
def test_households_made_on_each_laptop_appear_on_the_others_read_only(
        team: TeamOfVaults) -> None:
    made = {ws.identity.actor: own_households(ws) for ws in team.all}
    assert all(len(ids) == 1 for ids in made.values())
    for ws in team.all:
        seen = rows(ws)
        for owner, ids in made.items():
            for hid in ids:
                name, shown_owner, read_only = seen[hid]
                assert shown_owner == owner
                assert read_only is (owner != ws.identity.actor)
    # The file itself is the same on every laptop: what `show --json` would print.
    hid = made[team.leader.identity.actor][0]
    original = team.leader.cases.open_file(hid).file
    for ws in team.consultants:
        assert ws.cases.open_file(hid).file == original


def test_a_change_to_a_colleagues_household_is_refused_and_writes_nothing(
        team: TeamOfVaults) -> None:
    ayse = team.consultants[0]
    hid = own_households(team.leader)[0]
    before = ayse.cases.open_file(hid).file
    with pytest.raises(ReadOnlyHousehold) as refused:
        ayse.cases.add_person(hid, "Noor", "Visser")
    assert refused.value.holder == team.leader.identity.actor
    with pytest.raises(ReadOnlyHousehold):
        ayse.cases.set_next_action(hid, "Bellen met school")
    assert ayse.cases.open_file(hid).file == before  # nothing written
    # Reading is allowed, and audited on the laptop that reads (NEN 7513).
    views = [d for d in audit_actions(ayse, "household.view") if d.get("read_only")]
    assert views
    # Her own household she changes as before.
    own = own_households(ayse)[0]
    ayse.cases.set_next_action(own, "Huisbezoek plannen")


def test_every_committed_change_raises_the_version_once_and_a_draft_never(
        team: TeamOfVaults) -> None:
    ws = team.consultants[0]
    hid = own_households(ws)[0]
    start = state(ws, hid).version
    ws.cases.set_next_action(hid, "Bellen")
    assert state(ws, hid).version == start + 1
    with ws.unit_of_work() as uow:  # two changes in one unit of work: one version
        uow.audit("household.test", "household", hid, hid)
        uow.audit("household.test", "household", hid, hid)
        uow.commit()
    assert state(ws, hid).version == start + 2
    ws.drafts.save("journal:test", {"text": "half getypt"}, hid)
    assert state(ws, hid).version == start + 2
    assert state(ws, hid).pending


@contextmanager
def statements(ws: Workspace) -> Iterator[list[str]]:
    """The first three words of every statement the vault is sent meanwhile, and "COMMIT"."""
    from sqlalchemy import event

    with ws.unit_of_work() as uow:
        engine = uow.session.get_bind()
    trace: list[str] = []

    def statement(_conn, _cursor, sql, *_rest) -> None:  # type: ignore[no-untyped-def]
        trace.append(" ".join(sql.split()[:3]).replace('"', ""))

    def commit(_conn) -> None:  # type: ignore[no-untyped-def]
        trace.append("COMMIT")

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        yield trace
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)


def test_a_colleagues_change_and_its_dashboard_entry_are_written_in_one_transaction(
        team: TeamOfVaults) -> None:
    """The caseload entry of a household that came in is rewritten in the transaction that
    writes its rows: never dropped first (it used to be deleted, then rebuilt after a commit of
    its own), so no crash in between can leave the dashboard without it or with the old facts."""
    ayse = team.consultants[0]
    hid = own_households(team.leader)[0]
    team.leader.cases.set_next_action(hid, "Gesprek met school plannen")
    team.leader.team.sync()
    with statements(ayse) as trace:
        assert ayse.team.sync().applied == 1
    assert "DELETE FROM caseload_entry" not in trace
    rows_written = trace.index("UPDATE household SET")
    entry_written = trace.index("INSERT INTO caseload_entry", rows_written)
    assert "COMMIT" not in trace[rows_written:entry_written]
    assert ayse.cases.open_file(hid).file.household.next_action == "Gesprek met school plannen"
    with ayse.unit_of_work() as uow:
        assert hid not in uow.caseload.stale()


def test_a_household_new_here_has_its_dashboard_entry_when_the_sync_is_done(
        team: TeamOfVaults) -> None:
    ayse = team.consultants[0]
    hid = team.leader.cases.create_household("Gezin Mulder")
    team.leader.team.sync()
    assert ayse.team.sync().applied == 1
    with ayse.unit_of_work() as uow:
        assert hid not in uow.caseload.stale()
        [(name, facts)] = [(r[1], r[-1]) for r in uow.caseload.rows(hid)]
    assert name == "Gezin Mulder" and facts is not None  # made by the sync, not rebuilt later


def test_households_new_here_get_their_entries_while_the_catch_up_goes_on(
        team: TeamOfVaults, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catch-up makes the entries of the households new here as soon as a batch's worth has
    arrived (their rows are still in memory then), not all at the end; the rest at the end."""
    from wijkteam_desk.services import team_sync

    monkeypatch.setattr(team_sync, "APPLY_BATCH", 1)
    monkeypatch.setattr(team_sync, "CASELOAD_BATCH", 2)
    ayse = team.consultants[0]
    made = [team.leader.cases.create_household(f"Gezin {n}") for n in range(5)]
    team.leader.team.sync()
    with statements(ayse) as trace:
        assert ayse.team.sync().applied == len(made)
    arrivals = [i for i, s in enumerate(trace) if s == "INSERT INTO household"]
    entries = [i for i, s in enumerate(trace) if s == "INSERT INTO caseload_entry"]
    assert len(arrivals) == len(made)
    assert len(entries) == 3  # 2, 2 and the last one
    assert arrivals[1] < entries[0] < arrivals[2]
    with ayse.unit_of_work() as uow:
        assert not set(made) & set(uow.caseload.stale())


def test_a_sync_pauses_the_cycle_collector_and_a_failing_one_switches_it_back(
        team: TeamOfVaults, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder's parsed households stay alive until applied; the cycle collector is paused
    meanwhile (a catch-up made it walk them again and again), and on again afterwards, also
    when the sync fails."""
    import gc

    from wijkteam_desk.services import team_sync

    ayse = team.consultants[0]
    team.leader.cases.create_household("Gezin Bakker")
    team.leader.team.sync()
    seen: list[bool] = []
    apply = team_sync.apply_household_files

    def watching(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return apply(*args, **kwargs)

    monkeypatch.setattr(team_sync, "apply_household_files", watching)
    assert ayse.team.sync().applied == 1
    assert seen == [False] and gc.isenabled()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("kapot")

    team.leader.cases.create_household("Gezin Smit")
    team.leader.team.sync()
    monkeypatch.setattr(team_sync, "apply_household_files", broken)
    with pytest.raises(RuntimeError):
        ayse.team.sync()
    assert gc.isenabled()


# -- handover -------------------------------------------------------------------------------
def test_a_handover_moves_the_pen_and_is_on_its_way_until_taken(team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    hid = own_households(ayse)[0]
    result = ayse.team.handover(hid, bart.identity.actor)
    assert (result.to_name, result.status) == (bart.identity.actor, "onderweg")
    assert [h.household for h in ayse.team.status().handovers] == [hid]
    assert rows(ayse)[hid][1:] == (bart.identity.actor, True)
    with pytest.raises(ReadOnlyHousehold):
        ayse.cases.set_next_action(hid, "nog even")
    bart.team.sync()  # takes it, and publishes its own next version
    assert rows(bart)[hid][1:] == (bart.identity.actor, False)
    bart.cases.set_next_action(hid, "Kennismaken met het gezin")
    bart.team.sync()
    ayse.team.sync()
    assert ayse.team.status().handovers == ()
    assert ayse.cases.open_file(hid).file.household.next_action == "Kennismaken met het gezin"
    team.leader.team.sync()
    assert rows(team.leader)[hid][1] == bart.identity.actor
    # The handover travels in the household's audit lines (NEN 7513): who gave it to whom.
    with team.leader.unit_of_work() as uow:
        actions = [line["action"] for line in uow.team.received_audit_lines(hid)]
    assert "team.handover" in actions and "team.handover.taken" in actions


def test_a_household_cannot_be_handed_over_by_someone_else(team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    hid = own_households(team.leader)[0]
    with pytest.raises(ReadOnlyHousehold):
        ayse.team.handover(hid, bart.identity.actor)
    with pytest.raises(ValidationError) as unknown:
        team.leader.team.handover(hid, "Niemand Bekend")
    assert unknown.value.code == "member_unknown"
    with pytest.raises(ValidationError) as itself:
        team.leader.team.handover(hid, fingerprint(team.leader))
    assert itself.value.code == "handover_self"


# -- hostile and out of order ---------------------------------------------------------------
def _publisher(ws: Workspace) -> Publisher:
    with ws.unit_of_work() as uow:
        membership = uow.team.membership()
        assert membership is not None
        chain = ts.load_chain(membership)
        local = ts.local_member(uow, membership.member_id, chain.current)
    next_sequence = max([membership.next_sequence, *(e.sequence for e in FolderWriter(
        Path(membership.folder), local.member_id).own_files())]) + 1
    return Publisher(FolderWriter(Path(membership.folder), local.member_id), local, chain,
                     ws.clock.now, next_sequence)


def test_a_change_by_someone_without_the_pen_is_refused_on_arrival_and_logged_once(
        team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    hid = own_households(team.leader)[0]
    with ayse.unit_of_work() as uow:  # Ayşe's read-only copy, changed by hand and published
        current = uow.team.state(hid)
        forged = ts.document_of(uow, current, "x")
    body = dict(forged.body or {})
    body["tables"]["household"]["rows"][0][1] = "Gezin Vervalst"
    _publisher(ayse).publish_documents([HouseholdDocument(hid, current.version + 1,
                                                          current.dossierhouder, (), False,
                                                          False, body)])
    first = bart.team.sync()
    assert [(r.reason, r.author) for r in first.refused] == [
        (reasons.NOT_DOSSIERHOUDER, team.consultants[0].team.status().member_id)]
    assert bart.cases.open_file(hid).file.household.name != "Gezin Vervalst"
    assert [d["reason"] for d in audit_actions(bart, "team.refused")] == ["not_dossierhouder"]
    assert bart.team.sync().refused == ()  # logged once
    assert len(audit_actions(bart, "team.refused")) == 1


def test_a_handover_signed_by_the_taker_is_refused(team: TeamOfVaults) -> None:
    ayse = team.consultants[0]
    hid = own_households(team.leader)[0]
    leader_id = team.leader.team.status().member_id
    with ayse.unit_of_work() as uow:
        current = uow.team.state(hid)
        membership = uow.team.membership()
        local = ts.local_member(uow, membership.member_id, ts.load_chain(membership).current)
        forged = ts.document_of(uow, current, "x")
    grab = PenTransfer.make(hid, current.version, leader_id, local.member_id, local.member_id,
                            local.signing)
    _publisher(ayse).publish_documents([HouseholdDocument(
        hid, current.version + 1, local.member_id, (grab,), False, False, forged.body)])
    result = team.consultants[1].team.sync()
    assert [r.reason for r in result.refused] == [reasons.BAD_HANDOVER]
    assert rows(team.consultants[1])[hid][1] == team.leader.identity.actor


def test_versions_arriving_out_of_order_leave_the_highest(team: TeamOfVaults,
                                                          tmp_path: Path) -> None:
    ayse, bart = team.consultants
    hid = own_households(ayse)[0]
    ayse.cases.set_next_action(hid, "eerste")
    ayse.team.sync()
    me = ayse.team.status().member_id
    older = {p.name for p in (team.folder / me).iterdir()}
    ayse.cases.set_next_action(hid, "tweede")
    ayse.team.sync()
    newer = {p.name for p in (team.folder / me).iterdir()} - older
    # Bart's sync engine brings the newer file first, the older one later.
    held_back = tmp_path / "held-back"
    held_back.mkdir()
    for name in older - {p for p in older if "roster" in p}:
        shutil.move(team.folder / me / name, held_back / name)
    assert newer
    bart.team.sync()
    assert bart.cases.open_file(hid).file.household.next_action == "tweede"
    for item in held_back.iterdir():
        shutil.move(item, team.folder / me / item.name)
    result = bart.team.sync()
    assert result.refused == ()
    assert bart.cases.open_file(hid).file.household.next_action == "tweede"
    assert bart.team.sync().applied == 0  # and again: nothing changes


def test_a_late_change_after_a_takeover_is_kept_for_review(team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    hid = own_households(ayse)[0]
    leader = team.leader
    bart_id = bart.team.status().member_id
    with leader.unit_of_work() as uow:  # the teamleider takes it over for Bart (issue 17)
        document = ts.document_of(uow, uow.team.state(hid), "x")
        me = uow.team.membership()
        local = ts.local_member(uow, me.member_id, ts.load_chain(me).current)
    notice = ReassignNotice.make(document, bart_id, local.member_id, local.signing,
                                 "Ayşe is ziek; het gezin belt in crisis")
    _publisher(leader).publish_reassign(notice)
    ayse.cases.set_next_action(hid, "Ayşe schreef dit zonder de overname te zien")
    ayse.team.sync()
    result = bart.team.sync()
    assert result.late_changes == 1 and result.refused == ()
    with bart.unit_of_work() as uow:
        [review] = uow.team.reviews(hid)
    assert review.reason == reasons.LATE_CHANGE
    assert rows(bart)[hid][1:] == (bart.identity.actor, False)
    assert "zonder de overname" not in (bart.cases.open_file(hid).file.household.next_action
                                        or "")
    # Every laptop agrees on the household: Bart's version, not Ayşe's late one.
    team.sync_all()
    for ws in team.all:
        assert rows(ws)[hid][1] == bart.identity.actor
        assert ws.cases.open_file(hid).file == bart.cases.open_file(hid).file


# -- the folder -----------------------------------------------------------------------------
def test_sync_waits_for_a_missing_folder(team: TeamOfVaults, tmp_path: Path) -> None:
    ws = team.consultants[0]
    hid = own_households(ws)[0]
    ws.cases.set_next_action(hid, "Na de vakantie bellen")
    moved = tmp_path / "elders"
    team.folder.rename(moved)  # the USB stick is out, the VPN is down
    result = ws.team.sync()
    assert result.status == "waiting" and result.sent == 0
    assert ws.team.status().pending == 1
    moved.rename(team.folder)
    assert ws.team.sync().sent == 1
    # A folder named for the occasion (the stick mounted elsewhere) works the same way.
    stick = tmp_path / "stick"
    shutil.copytree(team.folder, stick)
    assert ws.team.sync(stick).status == "ok"
    assert ws.team.status().folder == str(stick)


def test_a_new_laptop_catches_up_from_the_folder_alone(team: TeamOfVaults,
                                                       tmp_path: Path) -> None:
    ayse, bart = team.consultants
    ayse.team.handover(own_households(ayse)[0], bart.identity.actor)
    team.sync_all()
    newcomer = make_workspace(tmp_path / "nieuw", "Hatice Yılmaz", team.clock)
    request = tmp_path / "nieuw.json"
    newcomer.team.request(request)
    team.leader.team.add(request)
    # Each colleague's laptop syncs once after the roster changed (rewriting its subfolder for
    # the new member), and is then switched off: only the folder is left.
    team.sync_all(rounds=1)
    expected = {hid: (name, owner) for hid, (name, owner, _) in rows(team.leader).items()}
    leader = fingerprint(team.leader)
    team.close()
    try:
        newcomer.team.join(team.folder, leader)
        assert {h: (n, o) for h, (n, o, _) in rows(newcomer).items()} == expected
        assert all(read_only for _, _, read_only in rows(newcomer).values())
    finally:
        newcomer.lock()


def test_a_laptop_restored_from_a_backup_takes_its_own_work_back_from_the_folder(
        team: TeamOfVaults, tmp_path: Path) -> None:
    ayse, bart = team.consultants
    hid = own_households(ayse)[0]
    backup = ayse.backup(tmp_path / "reservekopie.wdbackup")
    ayse.cases.set_next_action(hid, "Na de reservekopie")
    ayse.team.sync()
    bart.team.sync()
    # Ayşe's laptop breaks; the backup from before that change goes back on it.
    home, name = ayse.vault.paths.home, ayse.identity.actor
    ayse.lock()
    service = VaultService(AppPaths(home), NoSecretStore(), team.clock,
                           Identity(name, f"laptop-{home.name}"), kdf=CHEAP_KDF)
    service.restore(backup, passphrase=PASSPHRASE)
    ayse = team.consultants[0] = service.unlock(PASSPHRASE)
    assert ayse.cases.open_file(hid).file.household.next_action != "Na de reservekopie"
    ayse.team.sync()  # learns its sequence and takes its newer version back from the folder
    assert ayse.cases.open_file(hid).file.household.next_action == "Na de reservekopie"
    ayse.cases.set_next_action(hid, "En daarna verder")
    ayse.team.sync()
    result = bart.team.sync()
    assert result.refused == () and result.applied == 1
    assert bart.cases.open_file(hid).file.household.next_action == "En daarna verder"


def test_sync_runs_in_a_worker_thread_while_the_laptop_is_in_use(team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    hid = own_households(ayse)[0]
    results: list[object] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(ayse.team.sync())
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    for n in range(5):
        ayse.cases.set_next_action(hid, f"stap {n}")
    worker.join()
    assert errors == [] and len(results) == 1
    ayse.team.sync()
    bart.team.sync()
    assert bart.cases.open_file(hid).file.household.next_action == "stap 4"


def test_joining_is_refused_while_an_edit_is_in_progress(team: TeamOfVaults,
                                                         tmp_path: Path) -> None:
    newcomer = make_workspace(tmp_path / "nieuw", "Sanne de Wit", team.clock, households=1)
    try:
        hid = own_households(newcomer)[0]
        newcomer.drafts.save("journal:nieuw", {"text": "half getypt"}, hid)
        request = tmp_path / "nieuw.json"
        newcomer.team.request(request)
        team.leader.team.add(request)
        with pytest.raises(ValidationError) as refused:
            newcomer.team.join(team.folder, fingerprint(team.leader))
        assert refused.value.code == "drafts_open"
        assert not newcomer.team.in_team() and own_households(newcomer) == [hid]
        newcomer.drafts.discard("journal:nieuw")
        newcomer.team.join(team.folder, fingerprint(team.leader))
        assert newcomer.team.in_team()
    finally:
        newcomer.lock()


def test_a_document_of_another_schema_waits_for_the_update(team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    hid = own_households(ayse)[0]
    with ayse.unit_of_work() as uow:
        current = uow.team.state(hid)
        document = ts.document_of(uow, current, current.dossierhouder)
    body = dict(document.body or {})
    body["schema"] = body["schema"] + 1  # Ayşe's laptop runs a newer version of the app
    _publisher(ayse).publish_documents([HouseholdDocument(
        hid, current.version + 1, current.dossierhouder, document.pen, False, False, body)])
    result = bart.team.sync()
    assert result.later == 1 and result.refused == () and result.applied == 0
    assert bart.team.sync().later == 1  # read again at every sync until Bart's app updates


def test_the_folder_holds_no_plaintext(team: TeamOfVaults) -> None:
    words = set()
    for ws in team.all:
        words.add(ws.identity.actor)
        for hid in own_households(ws):
            file = ws.cases.open_file(hid).file
            words.add(file.household.name)
            for person in file.persons:
                words |= {person.full_name, person.address or "", person.phone or ""}
    words = {w for w in words if len(w) > 4}
    assert len(words) > 6
    for path in team.folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for word in words:
                assert word.encode("utf-8") not in data, path.name


def test_status_names_the_team_its_members_and_the_last_sync(team: TeamOfVaults) -> None:
    status = team.consultants[0].team.status()
    assert status.in_team and status.team_name == "Wijkteam Oost"
    assert status.folder_present and status.pending == 0
    assert sorted(m.name for m in status.members) == sorted(ws.identity.actor
                                                            for ws in team.all)
    assert [m.role for m in status.members if m.name == team.leader.identity.actor] == [
        "teamleider"]
    assert all(m.last_seen for m in status.members)
    assert json.dumps(status.last_sync)  # counts only: plain data


def test_a_colleague_sees_the_list_of_documents_and_is_told_where_the_bytes_are(
        team: TeamOfVaults, tmp_path: Path) -> None:
    from tests.support.documents import make_pdf, marker

    from wijkteam_desk.domain.errors import DocumentElsewhere
    from wijkteam_desk.texts import error_text

    owner, colleague = team.leader, team.consultants[0]
    hid = own_households(owner)[0]
    scan = tmp_path / "beschikking.pdf"
    scan.write_bytes(make_pdf(marker()))
    doc = owner.attachments.attach(hid, scan, title="Beschikking")
    team.sync_all()
    [seen] = colleague.attachments.listing(hid).items
    assert (seen.id, seen.title) == (doc.id, "Beschikking")
    with pytest.raises(DocumentElsewhere) as refused:
        colleague.attachments.content(seen.id)
    assert "laptop van de dossierhouder" in error_text(refused.value)
    assert owner.attachments.content(doc.id).data == scan.read_bytes()
