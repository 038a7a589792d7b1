"""Dutch words for Vandaag (domain/agenda.py), shared by the screen and ``due`` on the command
line, so both say the same thing."""

from __future__ import annotations

from .domain.agenda import DueItem, DueKind
from .domain.case_facts import Warning
from .texts import warning_text

BUCKETS = {"te_laat": "Te laat", "vandaag": "Vandaag", "deze_week": "Deze week"}

KINDS = {
    "volgende_actie": "Volgende actie",
    "planafspraak": "Afspraak uit het plan",
    "evaluatie_veiligheidsplan": "Veiligheidsplan evalueren",
    "checklist": "Checklist invullen",
    "checklist_onaf": "Checklist afmaken",
    "monitoring": "Monitoring",
    "voorwaarde": "Voorwaarde bekijken",
    "einddatum": "Vroegste einddatum",
    "signaal": "Signaal",
}

TABS = {"overzicht": "Overzicht", "plan": "Plan", "monitoring": "Monitoring",
        "zicht_op_veiligheid": "Zicht op veiligheid", "veiligheidsplan": "Veiligheidsplan"}


def later_label(days: int) -> str:
    """The third group: "Deze week" for seven days, else how far it looks ahead."""
    if days == 7:
        return BUCKETS["deze_week"]
    return "Morgen" if days == 1 else f"Komende {days} dagen"


def item_text(item: DueItem) -> str:
    """What to do, in one line: "Afspraak uit het plan: Gesprek met school"."""
    kind = KINDS[item.kind.value]
    if item.kind is DueKind.SIGNAAL:
        why, _todo = warning_text(Warning(item.what, dict(item.facts)))
        return f"{kind}: {why}"
    if item.kind is DueKind.EINDDATUM:
        return f"{kind}: een jaar na het laatste incident; afsluiten kan vanaf dan"
    if item.kind is DueKind.EVALUATIE:
        return kind
    return f"{kind}: {item.what}" if item.what else kind


def todo_text(item: DueItem) -> str:
    """For a signal, what to do about it (the warning's second half); '' for other items."""
    if item.kind is not DueKind.SIGNAAL:
        return ""
    return warning_text(Warning(item.what, dict(item.facts)))[1]
