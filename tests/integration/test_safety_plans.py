"""Veiligheidsplan on a real vault: storage round trip, conditions and reviews, versions
(concept → vastgesteld → vervangen), comparing, the rules, and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from tests.integration.plan_fixtures import (  # noqa: F401
    HOUSEHOLD_NAME,
    PlanFamily,
    fill_plan,
    plan_family,
)
from tests.integration.test_print_plan import sample_plan

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import NetworkStance, Phase, Role
from wijkteam_desk.domain.safety_plan import (
    PlanStatus,
    ReviewStatus,
    SafePerson,
    Signature,
)
from wijkteam_desk.domain.safety_plan_json import plan_from_json, plan_to_json


@pytest.mark.storage_only
def test_a_whole_plan_survives_storage_exactly(plan_family: PlanFamily) -> None:  # noqa: F811
    ws = plan_family.ws
    for fixed in (False, True):
        plan = replace(sample_plan(fixed=fixed), household_id=plan_family.household_id,
                       version=2 if fixed else 1)
        assert plan_from_json(plan_to_json(plan)) == plan
        with ws.unit_of_work() as uow:
            stored = uow.plans.add_plan(plan, uow.clock.now())
            uow.commit()
        with ws.unit_of_work() as uow:
            loaded = uow.plans.get_plan(stored.id)
        assert loaded == replace(plan, id=stored.id)
        assert loaded.safe_places[0].contact.secret_address
        assert loaded.goals[0].agreements[0].who.roles == (Role.PLEGER, Role.OUDER)
        assert loaded.safe_people[0].person.stance is NetworkStance.VEILIG_GENOEG


def test_conditions_are_reviewed_and_linked_to_goals(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    plans = f.ws.plans
    plans.review_condition(f.condition, ReviewStatus.DEELS, date(2026, 6, 1), "Eén keer niet")
    plans.review_condition(f.condition, "met", date(2026, 9, 1))
    with pytest.raises(ValidationError) as info:
        plans.review_condition(f.condition, "misschien")
    assert info.value.code == "review_status_invalid"
    with pytest.raises(ValidationError) as info:
        plans.add_condition(f.household_id, "  ")
    assert info.value.code == "empty"
    pid = fill_plan(f)
    goal = plans.plan(pid).goals[0]
    plans.link_condition(f.condition, [goal.id])
    with pytest.raises(ValidationError):
        plans.link_condition(f.condition, ["bestaat-niet"])
    [view] = plans.conditions(f.household_id)
    assert view.goal_ids == (goal.id,)
    assert [r.status for r in view.condition.reviews] == [ReviewStatus.DEELS, ReviewStatus.MET]
    assert view.condition.latest_review.status is ReviewStatus.MET
    assert view.condition.reviews[0].note == "Eén keer niet"


def test_a_draft_starts_from_the_household_file(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    draft = f.ws.plans.create_draft(f.household_id)
    assert draft.status is PlanStatus.CONCEPT and draft.version == 1
    assert draft.made_by == "tester"  # who acts on this vault, not the regisseur or the login
    assert draft.condition_ids == (f.condition,)
    parties = {p.party.key: p.party for p in draft.participants}
    assert parties[("member", f.pleger)].is_pleger  # a suspected pleger counts as one
    assert parties[("member", f.child)].is_child
    assert parties[("network", f.aunt)].stance is NetworkStance.VEILIG_GENOEG
    assert ("network", f.threat) not in parties
    assert ("professional", f.regisseur) in parties
    phones = [c.phone for c in draft.emergency_contacts]
    assert phones[:2] == ["112", "0800-2000"] and "06-11223344" in phones
    assert [c.child.id for c in draft.children] == [f.child]
    with pytest.raises(ValidationError) as info:
        f.ws.plans.create_draft(f.household_id)
    assert info.value.code == "plan_draft_exists"


def test_a_threatening_network_member_is_never_a_safe_person(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    pid = fill_plan(f)
    threat = next(p for p in f.ws.plans.parties(f.household_id).network if p.id == f.threat)
    assert threat.is_threatening
    before = f.ws.plans.plan(pid)
    with pytest.raises(ValidationError) as info:
        f.ws.plans.edit_draft(pid, safe_people=(*before.safe_people, SafePerson(threat)))
    assert info.value.code == "safe_person_threatening"
    assert f.ws.plans.plan(pid) == before


def test_fixed_plan_is_frozen_and_a_new_version_is_compared(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    plans = f.ws.plans
    pid = fill_plan(f)
    parties = plans.parties(f.household_id)
    signers = [p for p in parties.members if p.id in (f.victim, f.pleger)] + [parties.regisseur]
    with pytest.raises(ValidationError) as info:
        plans.fix_plan(pid, [])
    assert info.value.code == "signatures_missing"
    v1 = plans.fix_plan(pid, [Signature(p, date(2026, 11, 20)) for p in signers],
                        date(2026, 11, 21))
    assert v1.status is PlanStatus.VASTGESTELD and v1.fixed_on == date(2026, 11, 21)
    assert [s.party.key for s in plans.plan(pid).signatures] == [p.key for p in signers]
    with pytest.raises(ValidationError) as info:
        plans.edit_draft(pid, warning_signs=("iets anders",))
    assert info.value.code == "plan_frozen"
    with pytest.raises(ValidationError) as info:
        plans.save_draft(replace(v1, warning_signs=("iets anders",)))
    assert info.value.code == "plan_frozen"
    assert plans.plan(pid).warning_signs == ("Bram belt vaak achter elkaar.",)

    v2 = plans.start_new_version(f.household_id)
    assert (v2.version, v2.status, v2.signatures) == (2, PlanStatus.CONCEPT, ())
    with pytest.raises(ValidationError) as info:
        plans.start_new_version(f.household_id)
    assert info.value.code == "plan_draft_exists"
    goal = v2.goals[0]
    agreement = replace(goal.agreements[0], what="Bram komt niet meer langs.")
    plans.save_draft(replace(v2, goals=(replace(goal, agreements=(agreement,
                                                                  goal.agreements[1])),),
                             evaluate_on=date(2027, 3, 1)))
    changes = plans.diff(pid, v2.id)
    assert ("agreements", "what", "Bram komt alleen op afspraak langs.",
            "Bram komt niet meer langs.") in [(c.section, c.field, c.before, c.after)
                                             for c in changes]
    assert any(c.section == "general" and c.field == "evaluate_on" for c in changes)
    assert plans.current_plan(f.household_id).version == 1  # the concept does not hold yet

    plans.fix_plan(v2.id, [Signature(signers[0], date(2026, 11, 22))])
    statuses = [(p.version, p.status) for p in plans.versions(f.household_id)]
    assert statuses == [(1, PlanStatus.VERVANGEN), (2, PlanStatus.VASTGESTELD)]
    assert plans.current_plan(f.household_id).version == 2
    actions = [e.action for e in f.ws.cases.audit_log(household_id=f.household_id)]
    for action in ("plan.create", "plan.edit", "plan.fix", "plan.version", "plan.supersede",
                   "condition.create"):
        assert action in actions


def _codes(f: PlanFamily) -> list[str]:
    return [w.code for w in f.ws.cases.open_file(f.household_id).warnings]


def test_rules_ask_for_a_plan_its_evaluation_and_a_review_after_a_phase_change(
        plan_family: PlanFamily, clock) -> None:  # noqa: F811
    f = plan_family
    assert "geen_veiligheidsplan" in _codes(f)
    listed = {r.summary.household_id: r for r in f.ws.cases.list_cases()}
    assert "geen_veiligheidsplan" in [w.code for w in listed[f.household_id].warnings]
    pid = fill_plan(f)
    assert "geen_veiligheidsplan" not in _codes(f)
    f.ws.plans.edit_draft(pid, evaluate_on=date(2026, 12, 1))
    signer = f.ws.plans.parties(f.household_id).regisseur
    f.ws.plans.fix_plan(pid, [Signature(signer, date(2026, 11, 1))], date(2026, 11, 1))
    codes = _codes(f)
    assert "evaluatie_veiligheidsplan" not in codes and "plan_herzien_na_fasewissel" not in codes
    clock.current = clock.current.replace(month=12, day=2)
    warning = next(w for w in f.ws.cases.open_file(f.household_id).warnings
                   if w.code == "evaluatie_veiligheidsplan")
    assert warning.facts == {"datum": "2026-12-01"} and warning.severity == "middel"
    f.ws.cases.change_phase(f.household_id, Phase.STABIELE_VEILIGHEID, date(2026, 12, 2),
                            "Geen incidenten meer")
    assert "plan_herzien_na_fasewissel" in _codes(f)


def test_closed_household_gets_no_plan_warnings(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    f.ws.cases.close_household(f.household_id, date(2026, 11, 22), "Verhuisd naar buitenland")
    assert not {"geen_veiligheidsplan", "evaluatie_veiligheidsplan"} & set(_codes(f))


def test_no_names_in_the_audit_details(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    pid = fill_plan(f)
    f.ws.plans.print_plan(f.household_id, "professional")
    f.ws.plans.print_plan(f.household_id, f"persoon:{f.pleger}", plan_id=pid)
    f.ws.plans.print_family_overview(f.household_id)
    events = f.ws.cases.audit_log(household_id=f.household_id)
    prints = [e for e in events if e.action.startswith("print.")]
    assert {e.action for e in prints} == {"print.plan", "print.overview"}
    audiences = {e.detail.get("audience") for e in prints if e.action == "print.plan"}
    assert audiences == {"professional", f"persoon:{f.pleger}"}
    text = repr([e.detail for e in events])
    for name in (HOUSEHOLD_NAME, "Inge", "Bram", "Proefhuis", "Opvanghuis", "Els"):
        assert name not in text


def test_a_new_version_takes_in_who_joined_the_household_since(plan_family: PlanFamily) -> None:  # noqa: F811
    """Issue 12 item 8: a member added after version 1 was missing from version 2's participants
    ("Wie doen er mee?") and so from the print audiences, although the editor listed her."""
    from wijkteam_desk.domain.model import Certainty, PersonRole

    f = plan_family
    plans = f.ws.plans
    pid = fill_plan(f)
    regisseur = plans.parties(f.household_id).regisseur
    plans.fix_plan(pid, [Signature(regisseur, date(2026, 11, 20))], date(2026, 11, 21))
    sister = f.ws.cases.add_person(f.household_id, "Fenna", "Proefhuis",
                                   birth_date=date(2021, 2, 3))
    grandpa = f.ws.cases.add_network_member(f.household_id, "Opa Jan", "opa",
                                            NetworkStance.VEILIG_GENOEG, phone="030-1112223")
    f.ws.cases.set_roles(f.pleger, (PersonRole(Role.PLEGER, Certainty.BEVESTIGD),))
    v2 = plans.start_new_version(f.household_id)
    keys = [p.party.key for p in v2.participants]
    assert ("member", sister) in keys and ("network", grandpa) in keys
    assert len(keys) == len(set(keys))
    assert ("network", f.threat) not in keys  # a threatening member is nobody's participant
    assert [c.child.id for c in v2.children] == [f.child, sister]  # a section for the new child
    bram = next(p.party for p in v2.participants if p.party.id == f.pleger)
    assert bram.roles == (Role.PLEGER,)  # who someone is now, not when version 1 was made
    v1 = plans.plan(pid)
    assert ("member", sister) not in [p.party.key for p in v1.participants]  # v1 unchanged


def test_a_preview_is_a_view_and_a_print_is_one_line_with_its_copy(plan_family: PlanFamily) -> None:  # noqa: F811
    """Issue 12 item 9: 20 'Veiligheidsplan afgedrukt' rows for 5 PDFs, because every preview
    was logged as a print. A preview is a read (plan.view), a print or a save one print.plan."""
    f = plan_family
    fill_plan(f)
    for audience in ("professional", "gezin", f"persoon:{f.victim}"):
        f.ws.plans.print_plan(f.household_id, audience, purpose="voorbeeld")
    f.ws.plans.print_plan(f.household_id, f"gezin-zonder:{f.pleger}", purpose="opslaan")
    events = [e for e in reversed(f.ws.cases.audit_log(household_id=f.household_id))
              if e.action in ("plan.view", "print.plan")]  # the log lists the newest first
    assert [(e.action, e.detail["audience"]) for e in events] == [
        ("plan.view", "professional"), ("plan.view", "gezin"),
        ("plan.view", f"persoon:{f.victim}"), ("print.plan", f"gezin-zonder:{f.pleger}")]
    assert {e.object_type for e in events} == {"safety_plan"}
    assert {e.detail["version"] for e in events} == {1}
