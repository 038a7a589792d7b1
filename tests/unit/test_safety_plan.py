"""Rules of the veiligheidsplan (DOMAIN.md "The veiligheidsplan"): versions, freezing, safe people.
Pure domain: no database, no files. All names are made up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import NetworkStance, Role
from wijkteam_desk.domain.safety_plan import (
    Agreement,
    ChildSection,
    ConditionReview,
    ContactDetails,
    Goal,
    PartyKind,
    PartyRef,
    PlanStatus,
    ReviewStatus,
    SafePerson,
    SafePlace,
    SafetyCondition,
    SafetyPlan,
    Signature,
    add_agreement,
    add_safe_person,
    conditions_of,
    default_emergency_contacts,
    draft_plan,
    edit,
    fix,
    mark_superseded,
    new_version,
)
from wijkteam_desk.domain.safety_plan_diff import diff_versions

MOTHER = PartyRef(PartyKind.MEMBER, 1, "Anna Voorbeeld", (Role.SLACHTOFFER,))
FATHER = PartyRef(PartyKind.MEMBER, 2, "Kees Proefpersoon", (Role.PLEGER,))
CHILD = PartyRef(PartyKind.MEMBER, 3, "Zoë Voorbeeld", (Role.KIND,))
AUNT = PartyRef(PartyKind.NETWORK, 7, "Tante Ria", stance=NetworkStance.VEILIG_GENOEG)
UNCLE = PartyRef(PartyKind.NETWORK, 8, "Oom Bert", stance=NetworkStance.BEDREIGEND)
REGISSEUR = PartyRef(PartyKind.PROFESSIONAL, 20, "Mira Testregisseur")
DAY = date(2025, 3, 1)


def concept() -> SafetyPlan:
    return draft_plan(
        42,
        "Mira Testregisseur",
        DAY,
        goals=(Goal("Geen geweld meer thuis.", (Agreement("Kees gaat naar training.", FATHER),)),),
        warning_signs=("Kees drinkt.",),
        safe_places=(SafePlace("Opvang", ContactDetails("Geheimelaan 1", secret_address=True)),),
        emergency_contacts=default_emergency_contacts(REGISSEUR, "06-99988877"),
    )


def fixed() -> SafetyPlan:
    return fix(concept(), [Signature(MOTHER, DAY), Signature(FATHER, DAY)], DAY)


def code_of(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as err:
        call(*args, **kwargs)  # type: ignore[operator]
    return err.value.code


def test_draft_gives_every_item_an_id() -> None:
    plan = concept()
    assert plan.version == 1 and plan.status is PlanStatus.CONCEPT
    assert plan.goals[0].id and plan.goals[0].agreements[0].id and plan.safe_places[0].id


def test_default_emergency_contacts_hold_112_veilig_thuis_and_the_regisseur() -> None:
    phones = [c.phone for c in default_emergency_contacts(REGISSEUR, "06-99988877")]
    assert phones == ["112", "0800-2000", "06-99988877"]


def test_threatening_network_member_cannot_be_a_safe_person() -> None:
    assert code_of(add_safe_person, concept(), SafePerson(UNCLE)) == "safe_person_threatening"
    assert code_of(edit, concept(), safe_people=(SafePerson(UNCLE),)) == "safe_person_threatening"


def test_pleger_cannot_be_a_safe_person_but_a_safe_aunt_can() -> None:
    assert code_of(add_safe_person, concept(), SafePerson(FATHER)) == "safe_person_is_pleger"
    plan = add_safe_person(concept(), SafePerson(AUNT, ContactDetails(phone="06-1")))
    assert plan.safe_people[0].person == AUNT and plan.safe_people[0].id


def test_threatening_adult_is_not_a_childs_trusted_adult() -> None:
    section = ChildSection(CHILD, "Tekst", trusted_adults=(UNCLE,))
    assert code_of(edit, concept(), children=(section,)) == "trusted_adult_unsafe"
    assert code_of(edit, concept(), children=(ChildSection(MOTHER),)) == "child_section_not_a_child"


def test_fix_freezes_the_plan() -> None:
    plan = fixed()
    assert plan.status is PlanStatus.VASTGESTELD and plan.fixed_on == DAY
    assert code_of(edit, plan, warning_signs=()) == "plan_frozen"
    assert code_of(add_safe_person, plan, SafePerson(AUNT)) == "plan_frozen"
    assert code_of(fix, plan, [Signature(MOTHER, DAY)], DAY) == "plan_frozen"


def test_fix_needs_signatures_dated_on_or_before_the_day() -> None:
    assert code_of(fix, concept(), [], DAY) == "signatures_missing"
    late = [Signature(MOTHER, date(2025, 3, 2))]
    assert code_of(fix, concept(), late, DAY) == "signature_after_fix"


def test_lifecycle_fields_are_not_edited_directly() -> None:
    for field in ("status", "version", "signatures", "fixed_on", "no_such_field"):
        assert code_of(edit, concept(), **{field: None}) == "field_not_editable"


def test_new_version_is_a_concept_copy_and_the_old_one_is_superseded_once_fixed() -> None:
    old = fixed()
    new = new_version(old, on=date(2025, 4, 1))
    assert (new.version, new.status, new.signatures, new.fixed_on) == (
        2,
        PlanStatus.CONCEPT,
        (),
        None,
    )
    assert new.goals == old.goals  # same item ids, so the versions can be compared
    assert code_of(new_version, new) == "plan_not_fixed"
    assert code_of(mark_superseded, old, new) == "not_a_successor"  # not fixed yet
    new = fix(new, [Signature(MOTHER, date(2025, 4, 2))], date(2025, 4, 2))
    superseded = mark_superseded(old, new)
    assert superseded.status is PlanStatus.VERVANGEN
    assert code_of(edit, superseded, warning_signs=()) == "plan_frozen"
    assert code_of(new_version, superseded) == "plan_not_fixed"


def test_diff_between_versions_names_section_item_and_values() -> None:
    old = fixed()
    new = new_version(old, on=date(2025, 4, 1))
    goal = new.goals[0]
    new = add_agreement(new, goal.id, Agreement("Anna belt de regisseur.", MOTHER))
    changed = replace(new.goals[0].agreements[0], by_when=date(2025, 6, 1), supervisor=REGISSEUR)
    goals = (replace(new.goals[0], agreements=(changed, *new.goals[0].agreements[1:])),)
    new = edit(
        new,
        goals=goals,
        warning_signs=("Kees drinkt.", "Kees slaapt slecht."),
        safe_places=(),
        evaluate_on=date(2025, 7, 1),
    )
    changes = {
        (c.section, c.item, c.field): (c.before, c.after, c.kind) for c in diff_versions(old, new)
    }
    agreement = ("agreements", "Kees gaat naar training.")
    assert changes[(*agreement, "by_when")] == ("", "01-06-2025", "added")
    assert changes[(*agreement, "supervisor")] == ("", "Mira Testregisseur", "added")
    assert changes[("agreements", "Anna belt de regisseur.", "")][2] == "added"
    assert changes[("warning_signs", "Kees slaapt slecht.", "")][2] == "added"
    assert changes[("safe_places", "Opvang", "")] == ("Opvang", "", "removed")
    assert changes[("general", "", "evaluate_on")] == ("", "01-07-2025", "added")
    assert diff_versions(old, new_version(old, on=DAY)) == []


def test_diff_reports_a_changed_value_as_changed() -> None:
    old = fixed()
    new = new_version(old, on=DAY)
    place = replace(
        new.safe_places[0], contact=ContactDetails("Nieuwe laan 2", secret_address=True)
    )
    new = edit(new, safe_places=(place,))
    [change] = diff_versions(old, new)
    assert (change.section, change.field, change.before, change.after, change.kind) == (
        "safe_places",
        "address",
        "Geheimelaan 1",
        "Nieuwe laan 2",
        "changed",
    )


def test_conditions_keep_the_plans_order_and_know_their_latest_review() -> None:
    a = SafetyCondition(1, "Geen alcohol", "Veilig Thuis", DAY)
    b = SafetyCondition(
        2,
        "Geen contact",
        "Veilig Thuis",
        DAY,
        (
            ConditionReview(date(2025, 4, 1), ReviewStatus.NIET),
            ConditionReview(date(2025, 5, 1), ReviewStatus.MET),
        ),
    )
    plan = edit(concept(), condition_ids=(2, 1, 99))
    assert conditions_of(plan, [a, b]) == [b, a]
    assert b.latest_review is not None and b.latest_review.status is ReviewStatus.MET


def test_add_agreement_to_an_unknown_goal_is_refused() -> None:
    assert code_of(add_agreement, concept(), "nope", Agreement("x", MOTHER)) == "goal_not_found"


def test_plan_lists_its_parties_once() -> None:
    plan = edit(concept(), safe_people=(SafePerson(AUNT),), children=(ChildSection(CHILD),))
    keys = [p.key for p in plan.parties()]
    assert len(keys) == len(set(keys)) and ("network", 7) in keys and ("member", 3) in keys
    assert plan.party(PartyKind.MEMBER, 2) == FATHER
