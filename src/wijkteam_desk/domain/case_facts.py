"""What the warning rules read and what they say (DOMAIN.md "Rules"): ``CaseFacts`` in,
``Warning`` out. Below every rule module, so each imports these without importing the others."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .model import HouseholdStatus, Phase


@dataclass(frozen=True)
class Warning:
    code: str
    facts: dict[str, str] = field(default_factory=dict)
    severity: str = "hoog"


@dataclass(frozen=True)
class CaseFacts:
    """What the rules look at: one summary row per household, read in bulk by storage."""

    household_id: int
    status: HouseholdStatus
    phase: Phase
    active_regisseurs: int
    last_incident: date | None = None
    closed_on: date | None = None
    closing_reason: str = ""
    # Facts contributed by feature providers (storage/facts.py), read by that feature's rules.
    extra: Mapping[str, object] = field(default_factory=dict)
    # Team settings a rule reads (e.g. "safety": rules_safety.SafetyRuleConfig), resolved once per
    # refresh by the service, never looked up per household and never kept in module state.
    settings: Mapping[str, object] = field(default_factory=dict)


Rule = Callable[[CaseFacts, date], list[Warning]]
