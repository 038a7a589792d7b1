"""The case-file services on a real vault: rules 1, 2 and 4 as a consultant meets them."""

from __future__ import annotations

from datetime import date

import pytest

from wijkteam_desk.domain.errors import NotFound, ValidationError
from wijkteam_desk.domain.model import (
    Certainty,
    JournalKind,
    NetworkStance,
    PersonRole,
    Phase,
    PlanStatus,
    RelationshipKind,
    Role,
    Severity,
    ViolenceForm,
)


@pytest.fixture
def family(workspace):  # type: ignore[no-untyped-def]
    cases = workspace.cases
    hid = cases.create_household("Gezin de Vries", opened_on=date(2026, 1, 10))
    mother = cases.add_person(hid, "Sanne", "de Vries", birth_date=date(1990, 5, 1),
                              roles=(PersonRole(Role.SLACHTOFFER), PersonRole(Role.OUDER)))
    father = cases.add_person(hid, "Mark", "Bakker", lives_in_household=False,
                              roles=(PersonRole(Role.PLEGER, Certainty.VERMOEDEN),))
    child = cases.add_person(hid, "Daan", "de Vries", birth_date=date(2018, 3, 3),
                             roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)))
    pro_a = cases.add_professional("Ilse Jansen", "Wijkteam")
    pro_b = cases.add_professional("Rik de Boer", "Wijkteam")
    return workspace, hid, mother, father, child, pro_a, pro_b


def test_one_regisseur_and_a_change_needs_a_reason(family) -> None:  # type: ignore[no-untyped-def]
    ws, hid, *_ , pro_a, pro_b = family
    regie = ("geen_regisseur", "meerdere_regisseurs")  # other rules (plans, checklists) aside
    assert [w.code for w in ws.cases.open_file(hid).warnings if w.code in regie] == \
        ["geen_regisseur"]
    ws.cases.assign_regisseur(hid, pro_a, date(2026, 1, 10))
    with pytest.raises(ValidationError) as info:
        ws.cases.assign_regisseur(hid, pro_b, date(2026, 2, 1))
    assert info.value.code == "regisseur_exists" and info.value.facts["name"] == "Ilse Jansen"
    with pytest.raises(ValidationError) as info:
        ws.cases.change_regisseur(hid, pro_b, date(2026, 3, 1), "  ")
    assert info.value.code == "reason_required"
    ws.cases.change_regisseur(hid, pro_b, date(2026, 3, 1), "Ilse gaat met verlof")
    view = ws.cases.open_file(hid)
    assert [w for w in view.warnings if w.code in regie] == []
    assert view.file.regisseur_changes() == 1
    [active] = view.file.active_regisseurs(date(2026, 11, 22))
    assert view.file.professional(active.professional_id).name == "Rik de Boer"
    ended = [i for i in view.file.involvements if i.end]
    assert ended[0].end_reason == "Ilse gaat met verlof"


def test_incidents_move_the_earliest_closing_date(family) -> None:  # type: ignore[no-untyped-def]
    ws, hid, mother, father, *_ = family
    assert ws.cases.open_file(hid).earliest_closing is None
    ws.cases.record_incident(hid, date(2026, 2, 1), (ViolenceForm.LICHAMELIJK,), Severity.ERNSTIG,
                             victim_ids=(mother,), perpetrator_ids=(father,))
    assert ws.cases.open_file(hid).earliest_closing == date(2027, 2, 1)
    ws.cases.record_incident(hid, date(2026, 6, 30), (ViolenceForm.PSYCHISCH,), Severity.LICHT)
    assert ws.cases.open_file(hid).earliest_closing == date(2027, 6, 30)
    row = next(r for r in ws.cases.list_cases() if r.summary.household_id == hid)
    assert row.earliest_closing == date(2027, 6, 30)
    assert row.days_to_closing(date(2026, 11, 22)) == 220


def test_closing_early_needs_a_reason(family) -> None:  # type: ignore[no-untyped-def]
    ws, hid, *_ = family
    ws.cases.record_incident(hid, date(2026, 6, 1), (ViolenceForm.BEDREIGING,), Severity.LICHT)
    with pytest.raises(ValidationError) as info:
        ws.cases.close_household(hid, date(2026, 11, 22))
    assert info.value.code == "early_close_reason_required"
    ws.cases.close_household(hid, date(2026, 11, 22), "Gezin verhuist naar het buitenland")
    h = ws.cases.open_file(hid).file.household
    assert (h.status.value, h.closing_reason) == ("gesloten", "Gezin verhuist naar het buitenland")
    ws.cases.reopen_household(hid, date(2026, 11, 22), "Nieuw incident gemeld")
    assert ws.cases.open_file(hid).file.household.phase is Phase.DIRECTE_VEILIGHEID


def test_phase_change_is_an_event_with_a_reason(family) -> None:  # type: ignore[no-untyped-def]
    ws, hid, *_ = family
    with pytest.raises(ValidationError):
        ws.cases.change_phase(hid, Phase.STABIELE_VEILIGHEID, date(2026, 4, 1), "")
    ws.cases.change_phase(hid, Phase.STABIELE_VEILIGHEID, date(2026, 4, 1), "Geen incidenten meer")
    history = ws.cases.open_file(hid).file.phase_history
    assert [(c.from_phase, c.to_phase) for c in history] == [
        (None, Phase.DIRECTE_VEILIGHEID), (Phase.DIRECTE_VEILIGHEID, Phase.STABIELE_VEILIGHEID)]
    assert history[-1].author == "tester" and history[-1].reason == "Geen incidenten meer"
    with pytest.raises(ValidationError):
        ws.cases.change_phase(hid, Phase.STABIELE_VEILIGHEID, date(2026, 5, 1), "nogmaals")


def test_members_network_relationships_plan_and_offers(family) -> None:  # type: ignore[no-untyped-def]
    ws, hid, mother, father, child, pro_a, _ = family
    ws.cases.add_relationship(hid, mother, father, RelationshipKind.EX_PARTNER,
                              date(2010, 1, 1), date(2025, 12, 1))
    with pytest.raises(ValidationError):
        ws.cases.add_relationship(hid, mother, mother, RelationshipKind.PARTNER)
    with pytest.raises(ValidationError):
        ws.cases.add_relationship(hid, mother, father, RelationshipKind.PARTNER,
                                  date(2020, 1, 1), date(2019, 1, 1))
    ws.cases.add_network_member(hid, "Oma Truus", "oma", NetworkStance.VEILIG_GENOEG)
    ws.cases.add_network_member(hid, "Kees", "vriend van vader", NetworkStance.BEDREIGEND)
    ws.cases.involve_professional(hid, pro_a, "gezinscoach", date(2026, 1, 15))
    goal = ws.cases.add_goal(hid, Phase.DIRECTE_VEILIGHEID, "Geen geweld meer in huis")
    ws.cases.add_goal(hid, Phase.DIRECTE_VEILIGHEID, "Daan voelt zich veilig", person_id=child)
    action = ws.cases.add_action(goal, "Veiligheidsplan maken", "regisseur", date(2026, 2, 1))
    ws.cases.set_action_status(action, PlanStatus.GEDAAN)
    with pytest.raises(ValidationError):
        ws.cases.record_child_offer(hid, child)
    ws.cases.record_child_offer(hid, child, description="Kindgroep", provider="GGZ")
    ws.cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Huisbezoek, afspraken besproken.")
    f = ws.cases.open_file(hid).file
    assert [n.stance for n in f.network] == [NetworkStance.VEILIG_GENOEG, NetworkStance.BEDREIGEND]
    assert f.relationships[0].kind is RelationshipKind.EX_PARTNER
    assert [g.person_id for g in f.goals] == [None, child]
    assert f.goals[0].actions[0].status is PlanStatus.GEDAAN
    assert f.offers_for(child)[0].is_offer
    assert f.person(father).roles[0].certainty is Certainty.VERMOEDEN
    assert f.journal[0].author == "tester"


def test_bad_input_is_refused_with_a_code(family) -> None:  # type: ignore[no-untyped-def]
    ws, hid, mother, *_ = family
    with pytest.raises(ValidationError) as info:
        ws.cases.add_person(hid, "", "Leeg")
    assert info.value.code == "empty"
    with pytest.raises(ValidationError) as info:
        ws.cases.add_person(hid, "X" * 500, "Lang")
    assert info.value.code == "too_long"
    with pytest.raises(ValidationError):
        ws.cases.add_person(hid, "Toekomst", "Kind", birth_date=date(2030, 1, 1))
    with pytest.raises(ValidationError):
        ws.cases.record_incident(hid, date(2027, 1, 1), (ViolenceForm.OVERIG,), Severity.LICHT)
    with pytest.raises(ValidationError):
        ws.cases.record_incident(hid, date(2026, 1, 1), (), Severity.LICHT)
    with pytest.raises(ValidationError):
        ws.cases.add_journal_entry(hid, JournalKind.NOTITIE, "x" * 200_000)
    with pytest.raises(NotFound):
        ws.cases.open_file(9999)
    other = ws.cases.create_household("Gezin Anders")
    with pytest.raises(ValidationError):
        ws.cases.record_incident(other, date(2026, 1, 1), (ViolenceForm.OVERIG,), Severity.LICHT,
                                 victim_ids=(mother,))


def test_drafts_survive_closing_the_vault(workspace, vault_service) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import reopen

    workspace.drafts.save("journaal:1", {"text": "half getypte notitie"}, None)
    ws = reopen(vault_service, workspace)
    assert ws.drafts.load("journaal:1") == {"text": "half getypte notitie"}
    ws.drafts.discard("journaal:1")
    assert ws.drafts.load("journaal:1") is None
    ws.lock()


def test_backup_restore_with_the_recovery_code(vault_service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, code = vault_service.create("een lang wachtwoord")
    ws.cases.create_household("Gezin Kopie")
    backup = ws.backup(tmp_path / "kopie.wdbackup")
    ws.cases.create_household("Gezin Later")
    ws.lock()
    vault_service.restore(backup, recovery_code=code, new_passphrase="weer een nieuw wachtwoord")
    ws = vault_service.unlock("weer een nieuw wachtwoord")
    assert [r.summary.name for r in ws.cases.list_cases()] == ["Gezin Kopie"]
    ws.lock()
