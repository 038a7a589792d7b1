"""Rules that derive warnings from the facts of a household (DOMAIN.md "Rules").

One mechanism for every rule: a rule is a function ``(CaseFacts, date) -> list[Warning]`` in
``RULES``. ``CaseFacts`` (case_facts.py) is a small summary of one household, read for the whole
caseload in a few aggregate queries (the household file reads the same facts for one household,
so both show the same warnings). A warning carries a stable code, the facts that triggered it and
a severity; the screens turn the code into Dutch text (why, and what to do).
Warnings are never stored or dismissed: they go away when the data no longer triggers them.
"""

from __future__ import annotations

from datetime import date

from .case_facts import CaseFacts, Rule, Warning
from .model import HouseholdStatus, Phase
from .monitoring import rule_monitoring_overdue
from .rules_safety import rule_safety
from .safety_plan_rules import rule_safety_plan
from .schedule import add_months


def earliest_closing_date(last_incident: date | None) -> date | None:
    """Support continues until one year after the last violent incident (002:535)."""
    return add_months(last_incident, 12) if last_incident else None


def rule_one_regisseur(facts: CaseFacts, today: date) -> list[Warning]:
    """Rule 1 (002:936-940): exactly one active regisseur per open household."""
    if facts.status is not HouseholdStatus.OPEN:
        return []
    if facts.active_regisseurs == 0:
        return [Warning("geen_regisseur")]
    if facts.active_regisseurs > 1:
        return [Warning("meerdere_regisseurs", {"aantal": str(facts.active_regisseurs)})]
    return []


def rule_one_year(facts: CaseFacts, today: date) -> list[Warning]:
    """Rule 4 (002:535): no regular closing before one year after the last incident."""
    earliest = earliest_closing_date(facts.last_incident)
    if earliest is None:
        return []
    if facts.status is HouseholdStatus.GESLOTEN:
        early = facts.closed_on is not None and facts.closed_on < earliest
        if early and not facts.closing_reason.strip():
            return [Warning("gesloten_voor_einddatum", {"datum": earliest.isoformat()})]
        return []
    if facts.phase is Phase.NAZORG and today < earliest:
        return [Warning("afsluiten_te_vroeg", {"datum": earliest.isoformat()}, "middel")]
    return []


# Rules 3 (overdue monitoring), 5, 6, 8, 9 and overdue checklists live with their feature.
RULES: list[Rule] = [rule_one_regisseur, rule_one_year, rule_safety_plan, rule_safety,
                     rule_monitoring_overdue]


def derive_warnings(facts: CaseFacts, today: date) -> list[Warning]:
    found: list[Warning] = []
    for rule in RULES:
        found.extend(rule(facts, today))
    return found
