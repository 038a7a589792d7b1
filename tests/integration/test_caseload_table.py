"""The caseload table (storage/caseload.py): written with every change, read on any day, filled
for a vault that has none, and the rules' settings belong to the workspace that reads them."""

from __future__ import annotations

import gc
import threading
from datetime import date

import pytest
from tests.conftest import CHEAP_KDF, PASSPHRASE

from wijkteam_desk.domain.errors import VaultLocked
from wijkteam_desk.domain.model import PersonRole, Role, Severity, ViolenceForm
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services import cases as cases_module
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.settings import Settings
from wijkteam_desk.storage.secretstore import NoSecretStore

# Seconds a thread may take before the test calls it hung: a guard, never the expected pace.
HANG = 300


def _cached(ws: Workspace, household_id: int):  # type: ignore[no-untyped-def]
    with ws.unit_of_work() as uow:
        [entry] = uow.caseload.entries(uow.clock.today(), household_id)
        assert uow.caseload.stale() == []  # read from the table, not computed on the way
        return entry


def _codes(ws: Workspace, household_id: int) -> list[str]:
    [row] = [r for r in ws.cases.list_cases() if r.summary.household_id == household_id]
    return [w.code for w in row.warnings]


def test_a_change_rewrites_the_entry_in_its_own_transaction(workspace: Workspace) -> None:
    cases = workspace.cases
    hid = cases.create_household("Gezin Tabelman", opened_on=date(2026, 1, 5))
    assert _cached(workspace, hid).summary.last_incident is None
    cases.record_incident(hid, date(2026, 10, 1), (ViolenceForm.LICHAMELIJK,), Severity.ERNSTIG)
    assert _cached(workspace, hid).summary.last_incident == date(2026, 10, 1)
    cases.add_person(hid, "Lotte", "Tabelman")
    assert _cached(workspace, hid).summary.member_names == "Lotte Tabelman"
    with workspace.unit_of_work() as uow:  # a change that is never committed
        uow.cases.add_person(hid, given_name="Niet", family_name="Bewaard")
        uow.audit("person.create", "person", 0, hid)
    assert _cached(workspace, hid).summary.member_names == "Lotte Tabelman"


def test_the_day_decides_who_is_regisseur_and_who_is_a_child(workspace: Workspace,
                                                              clock) -> None:  # type: ignore[no-untyped-def]
    cases = workspace.cases
    hid = cases.create_household("Gezin Morgen", opened_on=date(2026, 1, 5))
    pro = cases.add_professional("Rian Regie", "Wijkteam")
    cases.assign_regisseur(hid, pro, date(2026, 11, 25))  # starts in three days
    # Turns 18 on 2026-11-24 and is a witness without an offer.
    cases.add_person(hid, "Daan", "Morgen", birth_date=date(2008, 11, 24),
                     roles=(PersonRole(Role.GETUIGE),))
    today = _cached(workspace, hid)
    assert (today.summary.active_regisseurs, today.summary.regisseur) == (0, "")
    assert today.extra["children_without_offer"] == ("Daan",)
    assert "geen_regisseur" in _codes(workspace, hid)

    clock.advance(days=4)  # nothing written since: the same entry, read on another day
    later = _cached(workspace, hid)
    assert (later.summary.active_regisseurs, later.summary.regisseur) == (1, "Rian Regie")
    assert later.extra["children_without_offer"] == ()
    assert later.extra["has_children"] is False
    codes = _codes(workspace, hid)
    assert "geen_regisseur" not in codes and "kind_zonder_aanbod" not in codes


def test_a_vault_without_entries_is_filled_in_chunks(workspace: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    DemoGenerator(workspace.unit_of_work, seed=7).generate(12)
    before = workspace.cases.list_cases()
    conn = workspace.vault.raw_connection()
    conn.execute("DELETE FROM caseload_entry")  # what a vault migrated from schema 2 has
    with workspace.unit_of_work() as uow:
        assert len(uow.caseload.stale()) == 12
        # Still right while empty: a missing entry is computed from the case file.
        assert [e.summary for e in uow.caseload.entries(uow.clock.today())] == \
            [r.summary for r in before]
    monkeypatch.setattr(cases_module, "REFRESH_CHUNK", 5)
    seen: list[tuple[int, int]] = []
    after = workspace.cases.list_cases(progress=lambda done, total: seen.append((done, total)))
    assert seen == [(5, 12), (10, 12), (12, 12)]
    assert after == before
    with workspace.unit_of_work() as uow:
        assert uow.caseload.stale() == []
    assert workspace.cases.list_cases(progress=lambda *a: seen.append(a)) == before
    assert len(seen) == 3  # nothing left to fill


def test_entries_of_another_version_are_recomputed(workspace: Workspace) -> None:
    DemoGenerator(workspace.unit_of_work, seed=8).generate(4)
    before = workspace.cases.list_cases()
    workspace.vault.raw_connection().execute(
        "UPDATE caseload_entry SET facts_version = 0, facts = '{}'")
    with workspace.unit_of_work() as uow:
        assert len(uow.caseload.stale()) == 4
    assert workspace.cases.list_cases() == before


def _child_household(ws: Workspace) -> int:
    hid = ws.cases.create_household("Gezin Drempel", opened_on=date(2026, 10, 1))
    ws.cases.add_person(hid, "Sam", "Drempel", birth_date=date(2018, 5, 1),
                        roles=(PersonRole(Role.KIND),))
    return hid


def test_rule_settings_belong_to_the_workspace_that_reads_them(workspace: Workspace, tmp_path,
                                                               clock) -> None:  # type: ignore[no-untyped-def]
    other_service = VaultService(AppPaths(tmp_path / "ander"), NoSecretStore(), clock,
                                 Identity("tester", "testapparaat"), kdf=CHEAP_KDF)
    other, _ = other_service.create(PASSPHRASE, "Wijkteam Zuid", "Utrecht")
    try:
        strict, lenient = _child_household(workspace), _child_household(other)
        workspace.save_settings(Settings(extra={"consultation_threshold": 1}))
        # Opened after the first: the last workspace opened must not decide for both.
        other.save_settings(Settings(extra={"consultation_threshold": 2}))
        assert "consultatie_vt_verplicht" in _codes(workspace, strict)
        assert "consultatie_vt_verplicht" not in _codes(other, lenient)
        assert "consultatie_vt_verplicht" in _codes(workspace, strict)
    finally:
        other.lock()


def test_a_refresh_after_one_edit_derives_only_that_household(workspace: Workspace,
                                                                clock) -> None:  # type: ignore[no-untyped-def]
    DemoGenerator(workspace.unit_of_work, seed=9).generate(6)
    first = {r.summary.household_id: r for r in workspace.cases.list_cases()}
    edited = next(iter(first))
    workspace.cases.set_next_action(edited, "Huisbezoek plannen")
    second = {r.summary.household_id: r for r in workspace.cases.list_cases()}
    assert second[edited].summary.next_action == "Huisbezoek plannen"
    assert [hid for hid in first if second[hid] is not first[hid]] == [edited]
    clock.advance(days=1)  # another day: every row is derived again
    third = {r.summary.household_id: r for r in workspace.cases.list_cases()}
    assert all(third[hid] is not second[hid] for hid in second)


def test_lock_waits_for_work_in_another_thread_and_refuses_work_after(
        workspace: Workspace) -> None:
    """The dashboard loads in a worker thread; locking must not pull the vault from under it,
    and nothing may read the vault after it was locked."""
    hid = workspace.cases.create_household("Gezin Draad")
    inside, release = threading.Event(), threading.Event()
    seen: list[object] = []

    def worker() -> None:
        with workspace.unit_of_work() as uow:
            inside.set()
            release.wait(HANG)
            seen.append([e.summary.household_id for e in uow.caseload.entries(date.today())])

    busy = threading.Thread(target=worker)
    busy.start()
    assert inside.wait(HANG)
    locker = threading.Thread(target=workspace.lock)
    locker.start()
    locker.join(0.5)  # a lock that does not wait would be done by now; one that waits is not
    assert locker.is_alive() and workspace.vault.is_open  # waiting for the worker
    release.set()
    busy.join(HANG)
    locker.join(HANG)
    assert not busy.is_alive() and not locker.is_alive()
    assert seen == [[hid]]  # the worker finished its read on an open vault
    assert not workspace.vault.is_open
    with pytest.raises(VaultLocked):
        workspace.cases.list_cases()


def test_a_failed_load_leaves_the_cycle_collector_on(workspace: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The first load pauses the cycle collector for its loop; a failure must switch it back."""
    workspace.cases.create_household("Gezin Fout")

    def broken(*args: object) -> object:
        raise RuntimeError("kapot")

    monkeypatch.setattr(cases_module, "entry_of", broken)
    with pytest.raises(RuntimeError):
        workspace.cases.list_cases()
    assert gc.isenabled()
