"""Facts for the rules, read in bulk for the whole caseload (or some households).

Each feature that adds rules (checklists, monitoring, safety plans) adds a provider here: a
``query`` of grouped statements that returns, per household id, facts that hold on any day
(JSON-ready: dates as ISO text), and a ``resolve`` that turns them into the ``CaseFacts.extra``
its rules read on a given day (who is a child, what is overdue). The split lets the caseload table
(storage/caseload.py) keep the stored part, written when the household changes, and still give
the right warnings tomorrow. Providers run once per refresh, never per household; given a scope
they filter inside every subquery (facts_base.in_scope).

Each provider names the tables its query reads (``reads``): when a colleague's version changed
only some tables of a household, the parts that read none of them are kept as stored
(storage/caseload.py ``refresh``). A household's id is no data: reading the ids in scope is not
reading ``household``. ``tests/integration/test_caseload_reads.py`` holds every provider to its
list, from the statements it sends."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from .facts_base import Scope
from .repo_checklists import (
    OPENED_READS,
    SAFETY_READS,
    checklist_facts,
    opened_facts,
    resolve_checklists,
    resolve_opened,
    resolve_safety,
    safety_facts,
)
from .repo_monitoring import monitoring_facts, resolve_monitoring
from .repo_plans import plan_facts, resolve_plan


@dataclass(frozen=True)
class FactProvider:
    name: str  # its part of a household's stored facts
    query: Callable[[Session, Scope], dict[int, dict[str, object]]]
    resolve: Callable[[dict[str, Any], date], dict[str, object]]
    reads: frozenset[str]  # the tables ``query`` reads


# Each feature appends its provider here (one line per feature, wired explicitly, no import magic).
PROVIDERS: list[FactProvider] = []

PROVIDERS.append(FactProvider("monitoring", monitoring_facts, resolve_monitoring,  # next moment
                              frozenset({"monitoring_moment"})))
PROVIDERS.append(FactProvider("plan", plan_facts, resolve_plan,  # veiligheidsplan, rule 2
                              frozenset({"safety_plan", "phase_change"})))
PROVIDERS.extend([FactProvider("checklists", checklist_facts, resolve_checklists,  # rules 5, 6,
                               frozenset({"checklist_run"})),
                  FactProvider("safety", safety_facts, resolve_safety, SAFETY_READS),  # 8, 9,
                  FactProvider("opened", opened_facts, resolve_opened, OPENED_READS)])  # overdue


def query_all(session: Session, scope: Scope) -> dict[int, dict[str, dict[str, object]]]:
    """Per household, each provider's stored facts under its name."""
    merged: dict[int, dict[str, dict[str, object]]] = {}
    for provider in PROVIDERS:
        for hid, facts in provider.query(session, scope).items():
            merged.setdefault(hid, {})[provider.name] = facts
    return merged


def resolve_all(stored: Mapping[str, Any], today: date) -> dict[str, object]:
    """The ``CaseFacts.extra`` of one household on ``today``."""
    extra: dict[str, object] = {}
    for provider in PROVIDERS:
        part = stored.get(provider.name)
        if part:
            extra.update(provider.resolve(part, today))
    return extra
