"""Facts for the rules, read in bulk for the whole caseload (or one household).

The core facts come from ``CaseRepository.case_summaries``. Each feature that adds rules
(checklists, monitoring, safety plans) adds a provider here: grouped queries that return, per
household id, the extra facts its rules read from ``CaseFacts.extra``. Providers run once per
refresh, never per household; given a household id they must filter inside every subquery."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from .repo_checklists import checklist_facts, safety_facts
from .repo_monitoring import monitoring_facts
from .repo_plans import plan_facts

FactProvider = Callable[[Session, date, int | None], dict[int, dict[str, object]]]

# Each feature appends its provider here (one line per feature, wired explicitly, no import magic).
PROVIDERS: list[FactProvider] = []

PROVIDERS.append(monitoring_facts)  # monitoring: next moment, overdue since
PROVIDERS.append(plan_facts)  # veiligheidsplan: status, evaluation due, review after phase
PROVIDERS.extend([checklist_facts, safety_facts])  # zicht op veiligheid: rules 5, 6, 8, 9


def collect(session: Session, today: date,
            household_id: int | None = None) -> dict[int, dict[str, object]]:
    merged: dict[int, dict[str, object]] = {}
    for provider in PROVIDERS:
        for hid, facts in provider(session, today, household_id).items():
            merged.setdefault(hid, {}).update(facts)
    return merged
