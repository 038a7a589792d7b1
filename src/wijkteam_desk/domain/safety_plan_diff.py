"""Comparing two versions of a veiligheidsplan, so a screen can show what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from .safety_plan import Agreement, ChildSection, PartyRef, SafetyPlan

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """One difference between two versions. ``section`` and ``field`` are codes the screen turns
    into Dutch; ``item`` names the thing in the plan's own words; values are display strings."""

    section: str
    item: str
    field: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        return "removed" if not self.after else "changed"


def _d(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _names(parties: Iterable[PartyRef | None]) -> str:
    return ", ".join(p.name for p in parties if p is not None)


def _diff_keyed(
    section: str,
    pairs: tuple[Sequence[T], Sequence[T]],
    key: Callable[[T], object],
    label: Callable[[T], str],
    describe: Callable[[T], dict[str, str]],
) -> list[Change]:
    old = {key(x): x for x in pairs[0]}
    new = {key(x): x for x in pairs[1]}
    changes = [Change(section, label(x), "", label(x), "") for k, x in old.items() if k not in new]
    for k, y in new.items():
        if k not in old:
            changes.append(Change(section, label(y), "", "", label(y)))
            continue
        a, b = describe(old[k]), describe(y)
        changes += [
            Change(section, label(y), f, a.get(f, ""), b.get(f, ""))
            for f in dict.fromkeys([*a, *b])
            if a.get(f, "") != b.get(f, "")
        ]
    return changes


def _agreement_fields(goal_of: dict[str, str]) -> Callable[[Agreement], dict[str, str]]:
    def describe(x: Agreement) -> dict[str, str]:
        return {
            "what": x.what,
            "who": x.who.name,
            "by_when": _d(x.by_when),
            "supervisor": _names([x.supervisor]),
            "goal": goal_of.get(x.id, ""),
        }

    return describe


def _child_fields(c: ChildSection) -> dict[str, str]:
    return {
        "about": c.about,
        "if_unsafe": " / ".join(c.if_unsafe),
        "trusted_adults": _names(c.trusted_adults),
    }


def diff_versions(a: SafetyPlan, b: SafetyPlan) -> list[Change]:
    """What changed from ``a`` to ``b`` (normally version N to N+1), section by section.
    Items are matched by id (conditions by condition id, children and participants by party), so
    an edited agreement shows as "changed" with one ``Change`` per field."""
    general = {
        "made_by": (a.made_by, b.made_by),
        "made_with": (", ".join(a.made_with), ", ".join(b.made_with)),
        "evaluate_on": (_d(a.evaluate_on), _d(b.evaluate_on)),
        "evaluate_with": (", ".join(a.evaluate_with), ", ".join(b.evaluate_with)),
        "professional_notes": (a.professional_notes, b.professional_notes),
    }
    changes = [Change("general", "", f, x, y) for f, (x, y) in general.items() if x != y]
    goal_of = {ag.id: g.text for g in (*a.goals, *b.goals) for ag in g.agreements}
    same: Callable[[object], str] = str
    for args in [
        ("conditions", (a.condition_ids, b.condition_ids), same, same, lambda _: {}),
        ("goals", (a.goals, b.goals), lambda g: g.id, lambda g: g.text, lambda g: {"text": g.text}),
        (
            "agreements",
            (a.agreements(), b.agreements()),
            lambda x: x.id,
            lambda x: x.what,
            _agreement_fields(goal_of),
        ),
        ("warning_signs", (a.warning_signs, b.warning_signs), same, same, lambda _: {}),
        (
            "steps",
            (a.steps, b.steps),
            lambda s: (s.text, s.who and s.who.key),
            lambda s: s.text,
            lambda s: {"who": _names([s.who])},
        ),
        (
            "emergency_contacts",
            (a.emergency_contacts, b.emergency_contacts),
            lambda c: c.label,
            lambda c: c.label,
            lambda c: {"phone": c.phone},
        ),
        (
            "safe_places",
            (a.safe_places, b.safe_places),
            lambda p: p.id,
            lambda p: p.name,
            lambda p: {"name": p.name, "shelter": str(p.shelter), **p.contact.describe()},
        ),
        (
            "safe_people",
            (a.safe_people, b.safe_people),
            lambda p: p.id,
            lambda p: p.person.name,
            lambda p: p.contact.describe(),
        ),
        (
            "children",
            (a.children, b.children),
            lambda c: c.child.key,
            lambda c: c.child.name,
            _child_fields,
        ),
        (
            "participants",
            (a.participants, b.participants),
            lambda p: p.party.key,
            lambda p: p.party.name,
            lambda p: p.contact.describe(),
        ),
    ]:
        changes += _diff_keyed(*args)
    return changes
