"""Warnings about the veiligheidsplan (DOMAIN.md rule 2 and "The veiligheidsplan").

Facts come from ``storage.repo_plans.plan_facts`` through ``CaseFacts.extra``:
``plan_status`` ("geen" when the household has no plan at all, else the status of the current
version), ``plan_evaluation_due`` (the evaluation date of the current vastgesteld plan) and
``plan_review_needed`` (the date of a phase change after that plan was vastgesteld). A rule that
finds no facts says nothing: no provider, no warning."""

from __future__ import annotations

from datetime import date

from .case_facts import CaseFacts, Warning
from .model import HouseholdStatus


def rule_safety_plan(facts: CaseFacts, today: date) -> list[Warning]:
    if facts.status is not HouseholdStatus.OPEN:
        return []
    extra = facts.extra
    if extra.get("plan_status") == "geen":
        return [Warning("geen_veiligheidsplan", {}, "middel")]
    found: list[Warning] = []
    due = extra.get("plan_evaluation_due")
    if isinstance(due, date) and due <= today:
        found.append(Warning("evaluatie_veiligheidsplan", {"datum": due.isoformat()}, "middel"))
    changed = extra.get("plan_review_needed")
    if isinstance(changed, date):
        found.append(
            Warning("plan_herzien_na_fasewissel", {"datum": changed.isoformat()}, "middel")
        )
    return found
