"""Rules 5, 6, 8, 9 and the overdue checklist, on hand-made facts (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from wijkteam_desk.domain.case_facts import CaseFacts
from wijkteam_desk.domain.model import HouseholdStatus, Phase
from wijkteam_desk.domain.rules import derive_warnings
from wijkteam_desk.domain.rules_safety import (
    PeriodicChecklist,
    SafetyRuleConfig,
    rule_checklist_overdue,
    rule_child_offer,
    rule_consultation,
    rule_police_report,
    rule_specialist,
)
from wijkteam_desk.texts import warning_text

TODAY = date(2026, 11, 22)
CONFIG = SafetyRuleConfig(2, (PeriodicChecklist("zicht-op-veiligheid", "Zicht op veiligheid", 42),))


def facts(last_incident: date | None = None, status: HouseholdStatus = HouseholdStatus.OPEN,
          **extra: object) -> CaseFacts:
    base: dict[str, object] = {"opened_on": date(2026, 10, 1), "has_children": False}
    return CaseFacts(1, status, Phase.DIRECTE_VEILIGHEID, 1, last_incident=last_incident,
                     extra={**base, **extra})


def codes(found: list) -> list[str]:  # type: ignore[type-arg]
    return [w.code for w in found]


# --- Rule 5: verplichte consultatie Veilig Thuis.

def test_rule5_one_criterion_is_not_enough() -> None:
    assert rule_consultation(facts(has_children=True), TODAY, CONFIG) == []


def test_rule5_two_criteria_make_consultation_mandatory() -> None:
    # Children, and open for more than six months with an incident in the last six months.
    found = rule_consultation(facts(date(2026, 10, 3), has_children=True,
                                    opened_on=date(2025, 1, 10)), TODAY, CONFIG)
    assert codes(found) == ["consultatie_vt_verplicht"]
    why, todo = warning_text(found[0])
    assert "kinderen betrokken" in why and "herhaald contact" in why
    assert "Veilig Thuis" in todo


def test_rule5_repeated_contact_needs_six_months_open_and_a_recent_incident() -> None:
    recent_but_new = facts(date(2026, 11, 1), has_children=True, opened_on=date(2026, 9, 1))
    old_incident = facts(date(2026, 1, 3), has_children=True, opened_on=date(2025, 1, 10))
    assert rule_consultation(recent_but_new, TODAY, CONFIG) == []
    assert rule_consultation(old_incident, TODAY, CONFIG) == []


def test_rule5_serious_threat_alone_is_enough() -> None:
    found = rule_consultation(facts(serious_threat_on=date(2026, 11, 2)), TODAY, CONFIG)
    assert codes(found) == ["consultatie_vt_verplicht"]
    assert "ernstige dreiging" in warning_text(found[0])[0]


def test_rule5_criteria_from_the_consultation_checklist_count() -> None:
    answered = {"zorgafhankelijke_ouders": date(2026, 5, 1), "eerder_huisverbod": date(2026, 5, 1)}
    found = rule_consultation(facts(consult_criteria=answered), TODAY, CONFIG)
    assert codes(found) == ["consultatie_vt_verplicht"]
    # ... and the completed consultation checklist that recorded them is the consultation.
    done = facts(consult_criteria=answered, consult_run_on=date(2026, 5, 1))
    assert rule_consultation(done, TODAY, CONFIG) == []


def test_rule5_threshold_is_configurable() -> None:
    one = facts(has_children=True)
    assert codes(rule_consultation(one, TODAY, SafetyRuleConfig(1))) == \
        ["consultatie_vt_verplicht"]
    two = facts(date(2026, 10, 3), has_children=True, opened_on=date(2025, 1, 10))
    assert rule_consultation(two, TODAY, SafetyRuleConfig(3)) == []


def test_rule5_cleared_by_a_consultation_after_the_trigger_only() -> None:
    threat = {"serious_threat_on": date(2026, 11, 2)}
    before = facts(consult_journal_on=date(2026, 11, 1), **threat)
    same_day = facts(consult_journal_on=date(2026, 11, 2), **threat)
    checklist = facts(consult_run_on=date(2026, 11, 10), **threat)
    assert codes(rule_consultation(before, TODAY, CONFIG)) == ["consultatie_vt_verplicht"]
    assert rule_consultation(same_day, TODAY, CONFIG) == []
    assert rule_consultation(checklist, TODAY, CONFIG) == []


def test_rule5_a_new_trigger_after_a_consultation_brings_it_back() -> None:
    again = facts(date(2026, 11, 15), has_children=True, opened_on=date(2025, 1, 10),
                  consult_run_on=date(2026, 9, 1))
    assert codes(rule_consultation(again, TODAY, CONFIG)) == ["consultatie_vt_verplicht"]


def test_rules_are_silent_for_a_closed_household() -> None:
    closed = facts(status=HouseholdStatus.GESLOTEN, serious_threat_on=date(2026, 11, 2),
                   children_without_offer=("Sam",), police_report_on=date(2026, 11, 1),
                   specialist_triggers={"seksueel": date(2026, 11, 1)})
    for rule in (rule_consultation, rule_specialist, rule_child_offer, rule_police_report,
                 rule_checklist_overdue):
        assert rule(closed, TODAY, CONFIG) == []


# --- Rule 6: specialistische casusregie.

@pytest.mark.parametrize("trigger,word", [
    ("eergerelateerd", "eergerelateerd geweld"),
    ("seksueel", "seksueel geweld"),
    ("ernstige_dreiging", "ernstige dreiging"),
    ("extreme_stalking", "extreme stalking"),
    ("grote_dreiging", "grote veiligheidsdreiging"),
])
def test_rule6_each_incident_trigger_advises_specialist_direction(trigger: str,
                                                                  word: str) -> None:
    found = rule_specialist(facts(specialist_triggers={trigger: date(2026, 11, 1)}), TODAY)
    assert codes(found) == ["specialistische_regie_geadviseerd"]
    assert word in warning_text(found[0])[0]


def test_rule6_a_huisverbod_from_the_checklist_advises_specialist_direction() -> None:
    found = rule_specialist(facts(huisverbod_on=date(2026, 11, 1)), TODAY)
    assert codes(found) == ["specialistische_regie_geadviseerd"]
    assert "huisverbod" in warning_text(found[0])[0]


def test_rule6_cleared_by_a_recorded_decision_after_the_trigger() -> None:
    trigger = {"specialist_triggers": {"seksueel": date(2026, 11, 1)}}
    assert rule_specialist(facts(escalation_run_on=date(2026, 11, 5), **trigger), TODAY) == []
    assert rule_specialist(facts(escalation_journal_on=date(2026, 11, 1), **trigger), TODAY) == []
    stale = facts(escalation_journal_on=date(2026, 10, 1), **trigger)
    assert codes(rule_specialist(stale, TODAY)) == ["specialistische_regie_geadviseerd"]


def test_rule6_lists_only_the_triggers_after_the_last_decision() -> None:
    found = rule_specialist(facts(
        specialist_triggers={"seksueel": date(2026, 9, 1), "eergerelateerd": date(2026, 11, 1)},
        escalation_journal_on=date(2026, 10, 1)), TODAY)
    why = warning_text(found[0])[0]
    assert "eergerelateerd" in why and "seksueel" not in why


# --- Rule 8: een kind dat slachtoffer of getuige is, heeft een aanbod.

def test_rule8_child_witness_without_offer_warns_with_the_name() -> None:
    found = rule_child_offer(facts(children_without_offer=("Sam",)), TODAY)
    assert codes(found) == ["kind_zonder_aanbod"]
    assert "Sam" in warning_text(found[0])[0]


def test_rule8_no_warning_when_every_child_has_an_offer_or_a_reason() -> None:
    assert rule_child_offer(facts(children_without_offer=()), TODAY) == []


# --- Rule 9: nieuwe politiemelding → opnieuw wegen.

def test_rule9_police_report_after_the_last_reweighing_warns() -> None:
    found = rule_police_report(facts(police_report_on=date(2026, 11, 10),
                                     reweigh_run_on=date(2026, 11, 1)), TODAY)
    assert codes(found) == ["politiemelding_herwegen"]
    assert "10-11-2026" in warning_text(found[0])[0]


def test_rule9_police_report_before_the_last_reweighing_is_fine() -> None:
    assert rule_police_report(facts(police_report_on=date(2026, 10, 10),
                                    reweigh_run_on=date(2026, 11, 1)), TODAY) == []
    assert rule_police_report(facts(police_report_on=date(2026, 10, 10),
                                    plan_fixed_on=date(2026, 10, 12)), TODAY) == []


def test_rule9_never_reweighed_warns() -> None:
    found = rule_police_report(facts(police_report_on=date(2026, 10, 10)), TODAY)
    assert codes(found) == ["politiemelding_herwegen"]


# --- Overdue checklists.

def test_overdue_when_never_completed_or_older_than_the_interval() -> None:
    never = rule_checklist_overdue(facts(), TODAY, CONFIG)
    assert codes(never) == ["checklist_achterstallig"]
    assert "is nog niet ingevuld" in warning_text(never[0])[0]  # not "laatst: nog nooit"
    old = facts(checklists_completed={"zicht-op-veiligheid": date(2026, 10, 10)})
    assert codes(rule_checklist_overdue(old, TODAY, CONFIG)) == ["checklist_achterstallig"]
    recent = facts(checklists_completed={"zicht-op-veiligheid": date(2026, 10, 11)})
    assert rule_checklist_overdue(recent, TODAY, CONFIG) == []


def test_overdue_uses_the_configured_interval_per_template() -> None:
    longer = SafetyRuleConfig(2, (PeriodicChecklist("zicht-op-veiligheid", "Zicht", 90),))
    old = facts(checklists_completed={"zicht-op-veiligheid": date(2026, 10, 10)})
    assert rule_checklist_overdue(old, TODAY, longer) == []
    assert rule_checklist_overdue(old, TODAY, SafetyRuleConfig()) == []


def test_the_safety_rules_are_registered() -> None:
    found = codes(derive_warnings(facts(serious_threat_on=date(2026, 11, 2)), TODAY))
    assert "consultatie_vt_verplicht" in found


def test_no_facts_no_warning() -> None:
    bare = CaseFacts(1, HouseholdStatus.OPEN, Phase.DIRECTE_VEILIGHEID, 1)
    for rule in (rule_consultation, rule_specialist, rule_child_offer, rule_police_report,
                 rule_checklist_overdue):
        assert rule(bare, TODAY, CONFIG) == []
