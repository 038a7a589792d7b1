"""Who acts (issue 13, part 1): the profile in the vault is the author of records and audit lines
(name and role, NEN 7513); a vault from before profiles keeps its history, its audit chain still
verifies, and asks for a name once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.fixtures.make_vault_fixture import PASSPHRASE as FIXTURE_PASSPHRASE

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.integrity import Finding
from wijkteam_desk.domain.model import JournalKind
from wijkteam_desk.domain.profile import ProfileRole, make_profile
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore

FIXTURE_V3 = Path(__file__).parents[1] / "fixtures" / "vault-v3"


def app_service(paths: AppPaths, clock) -> VaultService:  # type: ignore[no-untyped-def]
    """As the app makes it: nobody acts until the vault says who."""
    return VaultService(paths, NoSecretStore(), clock, Identity.of_this_machine(), kdf=CHEAP_KDF)


def test_the_profile_made_with_the_vault_authors_records_and_audit_lines(paths, clock) -> None:  # type: ignore[no-untyped-def]
    service = app_service(paths, clock)
    anna = make_profile("Anna de Vries", "procesregisseur", "Wijkteam Noord")
    ws, _code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht", anna)
    try:
        assert not ws.needs_profile and ws.profile == anna
        hid = ws.cases.create_household("Gezin Profiel")
        ws.cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Huisbezoek gedaan.")
        run = ws.checklists.start(hid, "kindcheck")
        draft = ws.plans.create_draft(hid)
        view = ws.cases.open_file(hid)
        assert view.file.journal[0].author == "Anna de Vries"
        assert view.file.phase_history[0].author == "Anna de Vries"
        assert ws.checklists.get(run).run.author == "Anna de Vries"
        assert draft.made_by == "Anna de Vries"
        events = ws.cases.audit_log()
        assert events and all((e.actor, e.role, e.actor_id) ==
                              ("Anna de Vries", "procesregisseur", anna.member_id)
                              for e in events)
        assert events[-1].action == "vault.create"
        assert ws.check() == []
    finally:
        ws.lock()


def test_renaming_keeps_the_member_id_and_what_was_recorded_before(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    first = ws.save_profile("Anna de Vries", "consulent")
    hid = ws.cases.create_household("Gezin Naam")
    ws.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Eerste notitie.")
    second = ws.save_profile("Anna Jansen-de Vries", "teamleider", "Wijkteam Zuid")
    ws.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Tweede notitie.")
    assert second.member_id == first.member_id and second.role is ProfileRole.TEAMLEIDER
    authors = sorted(j.author for j in ws.cases.open_file(hid).file.journal)
    assert authors == ["Anna Jansen-de Vries", "Anna de Vries"]
    changes = [e for e in ws.cases.audit_log(action="profile.")]
    assert [e.action for e in changes] == ["profile.update", "profile.create"]
    assert changes[0].detail == {"fields": ["name", "organisation", "role"]}  # no names in detail
    assert changes[0].actor == "Anna Jansen-de Vries" and changes[0].role == "teamleider"
    assert ws.check() == []


def test_a_refused_profile_changes_nothing(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.save_profile("Anna de Vries", "consulent")
    for name, role in (("", "consulent"), ("Anna", "baas"), ("A\u0007", "consulent")):
        with pytest.raises(ValidationError):
            ws.save_profile(name, role)
    assert ws.profile.name == "Anna de Vries" and ws.identity.actor == "Anna de Vries"
    assert [e.action for e in ws.cases.audit_log(action="profile.")] == ["profile.create"]


def test_the_chain_covers_name_and_role(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    ws.cases.create_household("Gezin Oud")  # a line without role, as before the profile
    ws.save_profile("Anna de Vries", "consulent")
    ws.cases.create_household("Gezin Nieuw")
    assert ws.check() == []
    line = ws.cases.audit_log(action="household.create")[0]
    conn = ws.vault.raw_connection()
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET actor_role = 'teamleider' WHERE id = ?", (line.id,))
    assert ws.check() == [Finding("audit_broken", {"line": line.id})]
    conn.execute("UPDATE audit_event SET actor_role = '', actor_id = '' WHERE id = ?", (line.id,))
    assert ws.check() == [Finding("audit_broken", {"line": line.id})]  # stripping it shows too


def test_a_vault_from_before_profiles_asks_once_and_keeps_its_history(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    shutil.copytree(FIXTURE_V3, home)
    home.chmod(0o700)
    paths = AppPaths(home)
    service = app_service(paths, clock)
    ws = service.unlock(FIXTURE_PASSPHRASE)
    try:
        assert ws.needs_profile and ws.profile is None
        before = {(e.id, e.actor) for e in ws.cases.audit_log()}
        ws.save_profile("Bram Bakker", "consulent")
        assert not ws.needs_profile
        assert ws.check() == []  # the old lines (nine fields) and the new ones verify together
        after = {(e.id, e.actor) for e in ws.cases.audit_log()}
        assert before <= after  # nothing from before was rewritten
    finally:
        ws.lock()
    ws = service.unlock(FIXTURE_PASSPHRASE)  # asked once: the profile is in the vault now
    try:
        assert not ws.needs_profile and ws.identity.actor == "Bram Bakker"
        assert ws.cases.audit_log()[0].actor == "Bram Bakker"  # the unlock line
    finally:
        ws.lock()


def test_the_computer_login_is_never_who_acts(paths, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LOGNAME", "oslogin7")
    monkeypatch.setenv("USER", "oslogin7")
    ws, _code = app_service(paths, clock).create(PASSPHRASE)
    try:
        assert ws.needs_profile and ws.identity.actor == ""
        assert all("oslogin7" not in (e.actor, e.device) for e in ws.cases.audit_log())
    finally:
        ws.lock()


def test_joining_a_team_keeps_who_acts_and_rebuilds_vandaag(workspace) -> None:  # type: ignore[no-untyped-def]
    """Renumbering into a team block (storage/renumber.py) leaves the one profile row alone, and
    the agenda entries (their JSON holds row ids) are rebuilt with the caseload."""
    from datetime import date

    from wijkteam_desk.storage.renumber import renumber_into_block

    ws = workspace
    profile = ws.save_profile("Anna de Vries", "consulent")
    hid = ws.cases.create_household("Gezin Team")
    ws.cases.set_next_action(hid, "Bellen", date(2026, 11, 22))
    with ws.unit_of_work() as uow:
        renumber_into_block(uow.session, 3)
        uow.commit()
    with ws.unit_of_work() as uow:
        assert uow.profile.get() == profile
    [item] = ws.agenda.dated(7).items
    assert item.household_id == hid + (3 << 40) and item.what == "Bellen"


def test_a_read_only_vault_without_a_profile_opens_without_asking(paths, clock) -> None:  # type: ignore[no-untyped-def]
    """A damaged vault opens read-only so the work in it can be read and restored: asking for a
    name there would only fail to save it and keep the user out."""
    from datetime import date

    from wijkteam_desk.storage.damage import mark_damaged

    service = app_service(paths, clock)
    ws, _code = service.create(PASSPHRASE)  # no profile, as a vault from before profiles
    hid = ws.cases.create_household("Gezin Leesbaar")
    ws.cases.set_next_action(hid, "Bellen", date(2026, 11, 22))
    ws.lock()
    mark_damaged(paths, ["pages_damaged"], clock.now())
    ws = service.unlock(PASSPHRASE)
    try:
        assert ws.read_only and ws.profile is None and not ws.needs_profile
        assert "Bellen" in [i.what for i in ws.agenda.due(7).items]  # Vandaag still reads
    finally:
        ws.lock()


def test_the_team_knows_you_by_your_profile(paths, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One person, one identity (issue 16): the team sees the profile's name, role and member id,
    and a changed name or role from the next time it asks; the member id stays."""
    service = app_service(paths, clock)
    ws, _code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht",
                               make_profile("Anna de Vries", "procesregisseur"))
    try:
        who = ws.team_identity()
        assert (who.member_id, who.name, who.role) == \
            (ws.profile.member_id, "Anna de Vries", "procesregisseur")
        ws.save_profile("Anna van Dijk", "teamleider")
        again = ws.team_identity()
        assert (again.member_id, again.name, again.role) == \
            (who.member_id, "Anna van Dijk", "teamleider")
        ws.team.create("Team Noord", tmp_path / "teammap")
        [me] = ws.team.status().members
        assert (me.member_id, me.name) == (who.member_id, "Anna van Dijk")
    finally:
        ws.lock()
