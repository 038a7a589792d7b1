"""The veiligheidsplan (DOMAIN.md "The veiligheidsplan"): versioned, frozen once vastgesteld.

Everything is a frozen dataclass with tuples, so a plan can be handed to the UI, storage and the
printer without anyone changing it behind the rules' back. Changes go through the functions at the
bottom (``edit``, ``fix``, ``new_version``, ...), which raise ``ValidationError(code, **facts)``.

Ids: the plan and conditions get their integer ids from storage (``None`` until stored). Items
inside a plan (goals, agreements, safe places, ...) carry short string ids made here; they are
copied into the next version, so ``safety_plan_diff.diff_versions`` can tell "changed" from
"removed and added".
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .errors import ValidationError
from .model import NetworkStance, Role

VEILIG_THUIS_PHONE = "0800-2000"
EMERGENCY_PHONE = "112"


def new_item_id() -> str:
    return uuid.uuid4().hex[:12]


class PartyKind(enum.StrEnum):
    MEMBER = "member"
    NETWORK = "network"
    PROFESSIONAL = "professional"


class PlanStatus(enum.StrEnum):
    CONCEPT = "concept"
    VASTGESTELD = "vastgesteld"
    VERVANGEN = "vervangen"


class ReviewStatus(enum.StrEnum):
    MET = "met"
    DEELS = "deels"
    NIET = "niet"


@dataclass(frozen=True)
class PartyRef:
    """Who someone is in the plan: a household member, a network member or a professional."""

    kind: PartyKind
    id: int
    name: str
    roles: tuple[Role, ...] = ()
    stance: NetworkStance | None = None  # network members only

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind.value, self.id)

    @property
    def is_pleger(self) -> bool:
        return Role.PLEGER in self.roles

    @property
    def is_child(self) -> bool:
        return Role.KIND in self.roles

    @property
    def is_threatening(self) -> bool:
        return self.kind is PartyKind.NETWORK and self.stance is NetworkStance.BEDREIGEND


@dataclass(frozen=True)
class ConditionReview:
    on: date
    status: ReviewStatus
    note: str = ""


@dataclass(frozen=True)
class SafetyCondition:
    """A veiligheidsvoorwaarde set by Veilig Thuis; the basis of monitoring."""

    id: int | None
    text: str
    set_by: str
    set_on: date
    reviews: tuple[ConditionReview, ...] = ()
    withdrawn_on: date | None = None  # VT withdrew it (exchange format 1.1); kept for history

    @property
    def latest_review(self) -> ConditionReview | None:
        return max(self.reviews, key=lambda r: r.on, default=None)


@dataclass(frozen=True)
class Agreement:
    what: str
    who: PartyRef
    by_when: date | None = None  # None: an ongoing agreement ("altijd")
    supervisor: PartyRef | None = None
    id: str = ""


@dataclass(frozen=True)
class Goal:
    """One of the family's own goals, with the agreements that serve it."""

    text: str
    agreements: tuple[Agreement, ...] = ()
    id: str = ""


@dataclass(frozen=True)
class Step:
    """What to do when things go wrong. ``who`` None means everyone; a step for one person (for
    instance where the victim goes) only reaches that person's and the professionals' copies."""

    text: str
    who: PartyRef | None = None


@dataclass(frozen=True)
class EmergencyContact:
    label: str
    phone: str
    party: PartyRef | None = None  # None: a public number such as 112


@dataclass(frozen=True)
class ContactDetails:
    """Where and how to reach someone. ``secret_address`` covers address, postcode, city and phone:
    such details only ever reach a professional's printout (DOMAIN.md rule 10)."""

    address: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    secret_address: bool = False

    def describe(self) -> dict[str, str]:
        secret = "ja" if self.secret_address else "nee"
        return {
            "address": self.address,
            "postcode": self.postcode,
            "city": self.city,
            "phone": self.phone,
            "secret_address": secret,
        }


@dataclass(frozen=True)
class SafePlace:
    name: str
    contact: ContactDetails = ContactDetails()
    shelter: bool = False  # opvang: never on a pleger's copy, secret or not
    id: str = ""


@dataclass(frozen=True)
class SafePerson:
    person: PartyRef
    contact: ContactDetails = ContactDetails()
    id: str = ""


@dataclass(frozen=True)
class Participant:
    """Someone taking part in the plan; contact details reach the professional copy only."""

    party: PartyRef
    contact: ContactDetails = ContactDetails()


@dataclass(frozen=True)
class ChildSection:
    """The part of the plan for one child, written in words the child understands."""

    child: PartyRef
    about: str = ""
    if_unsafe: tuple[str, ...] = ()
    trusted_adults: tuple[PartyRef, ...] = ()


@dataclass(frozen=True)
class Signature:
    party: PartyRef
    signed_on: date


@dataclass(frozen=True)
class SafetyPlan:
    household_id: int
    version: int
    made_by: str
    created_on: date
    status: PlanStatus = PlanStatus.CONCEPT
    id: int | None = None
    made_with: tuple[str, ...] = ()
    condition_ids: tuple[int, ...] = ()
    goals: tuple[Goal, ...] = ()
    warning_signs: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    emergency_contacts: tuple[EmergencyContact, ...] = ()
    safe_places: tuple[SafePlace, ...] = ()
    safe_people: tuple[SafePerson, ...] = ()
    participants: tuple[Participant, ...] = ()
    children: tuple[ChildSection, ...] = ()
    evaluate_on: date | None = None
    evaluate_with: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()
    professional_notes: str = ""
    fixed_on: date | None = None

    @property
    def is_frozen(self) -> bool:
        return self.status is not PlanStatus.CONCEPT

    def parties(self) -> list[PartyRef]:
        """Every party the plan mentions, each once (participants first)."""
        seen: dict[tuple[str, int], PartyRef] = {}
        found = [p.party for p in self.participants]
        for goal in self.goals:
            for a in goal.agreements:
                found += [a.who] + ([a.supervisor] if a.supervisor else [])
        found += [s.person for s in self.safe_people] + [c.child for c in self.children]
        for party in found:
            seen.setdefault(party.key, party)
        return list(seen.values())

    def party(self, kind: PartyKind, party_id: int) -> PartyRef | None:
        return next((p for p in self.parties() if p.key == (kind.value, party_id)), None)

    def agreements(self) -> list[Agreement]:
        return [a for g in self.goals for a in g.agreements]


# --- rules -------------------------------------------------------------------------------------

# Fields that only the lifecycle functions below may change.
_LIFECYCLE_FIELDS = frozenset(
    {"id", "household_id", "version", "status", "signatures", "fixed_on", "created_on"}
)


def default_emergency_contacts(
    regisseur: PartyRef | None = None, regisseur_phone: str = ""
) -> tuple[EmergencyContact, ...]:
    contacts = [
        EmergencyContact("Bij direct gevaar: politie, ambulance, brandweer", EMERGENCY_PHONE),
        EmergencyContact("Veilig Thuis (gratis, dag en nacht)", VEILIG_THUIS_PHONE),
    ]
    if regisseur is not None:
        contacts.append(
            EmergencyContact(f"Regisseur: {regisseur.name}", regisseur_phone, regisseur)
        )
    return tuple(contacts)


def check_safe_person(person: SafePerson) -> None:
    """A network member who threatens the family, or a pleger, is nobody's safe person."""
    if person.person.is_threatening:
        raise ValidationError("safe_person_threatening", person_id=person.person.id)
    if person.person.is_pleger:
        raise ValidationError("safe_person_is_pleger", person_id=person.person.id)


def validate_plan(plan: SafetyPlan) -> None:
    """Raise on the first broken rule; a plan that passes may be stored."""
    if plan.version < 1:
        raise ValidationError("plan_version_invalid", version=plan.version)
    if not plan.made_by.strip():
        raise ValidationError("plan_made_by_missing")
    for person in plan.safe_people:
        check_safe_person(person)
    for section in plan.children:
        if not section.child.is_child:
            raise ValidationError("child_section_not_a_child", person_id=section.child.id)
        for adult in section.trusted_adults:
            if adult.is_threatening or adult.is_pleger:
                raise ValidationError("trusted_adult_unsafe", person_id=adult.id)
    for agreement in plan.agreements():
        if not agreement.what.strip():
            raise ValidationError("agreement_empty")
    if plan.evaluate_on is not None and plan.evaluate_on < plan.created_on:
        raise ValidationError("evaluation_before_plan", evaluate_on=plan.evaluate_on.isoformat())
    ids = [g.id for g in plan.goals] + [a.id for a in plan.agreements()]
    ids += [p.id for p in plan.safe_places] + [p.id for p in plan.safe_people]
    if len(set(ids)) != len(ids) or "" in ids:
        raise ValidationError("item_ids_invalid")


def ensure_editable(plan: SafetyPlan) -> None:
    if plan.is_frozen:
        raise ValidationError("plan_frozen", version=plan.version, status=plan.status.value)


def _with_ids(plan: SafetyPlan) -> SafetyPlan:
    """Give new items an id, so callers can build items without thinking about ids."""

    def fill(item: Any) -> Any:
        return item if item.id else replace(item, id=new_item_id())

    goals = tuple(
        fill(replace(g, agreements=tuple(fill(a) for a in g.agreements))) for g in plan.goals
    )
    return replace(
        plan,
        goals=goals,
        safe_places=tuple(fill(p) for p in plan.safe_places),
        safe_people=tuple(fill(p) for p in plan.safe_people),
    )


def draft_plan(household_id: int, made_by: str, created_on: date, **content: object) -> SafetyPlan:
    """A first concept (version 1); ``content`` holds any content field."""
    plan = SafetyPlan(household_id=household_id, version=1, made_by=made_by, created_on=created_on)
    return edit(plan, **content)


def edit(plan: SafetyPlan, **changes: object) -> SafetyPlan:
    """A concept with ``changes`` applied. Raises ``plan_frozen`` on a vastgesteld or vervangen
    plan, ``field_not_editable`` for lifecycle fields, and any rule of ``validate_plan``."""
    ensure_editable(plan)
    for name in changes:
        if name in _LIFECYCLE_FIELDS or name not in SafetyPlan.__dataclass_fields__:
            raise ValidationError("field_not_editable", field=name)
    updated = _with_ids(replace(plan, **changes))  # type: ignore[arg-type]
    validate_plan(updated)
    return updated


def add_safe_person(plan: SafetyPlan, person: SafePerson) -> SafetyPlan:
    check_safe_person(person)
    return edit(plan, safe_people=(*plan.safe_people, person))


def add_agreement(plan: SafetyPlan, goal_id: str, agreement: Agreement) -> SafetyPlan:
    if not any(g.id == goal_id for g in plan.goals):
        raise ValidationError("goal_not_found", goal_id=goal_id)
    goals = tuple(
        replace(g, agreements=(*g.agreements, agreement)) if g.id == goal_id else g
        for g in plan.goals
    )
    return edit(plan, goals=goals)


def fix(plan: SafetyPlan, signatures: Sequence[Signature], on: date) -> SafetyPlan:
    """Vaststellen: the signed plan becomes vastgesteld and can no longer be edited. The version it
    replaces is marked with ``mark_superseded`` by the caller (in the same unit of work)."""
    ensure_editable(plan)
    if not signatures:
        raise ValidationError("signatures_missing")
    for signature in signatures:
        if signature.signed_on > on:
            raise ValidationError("signature_after_fix", person_id=signature.party.id)
    validate_plan(plan)
    return replace(plan, status=PlanStatus.VASTGESTELD, signatures=tuple(signatures), fixed_on=on)


def new_version(plan: SafetyPlan, on: date | None = None) -> SafetyPlan:
    """A concept copy with version + 1 and no signatures; item ids are kept for ``diff_versions``.
    Only a vastgesteld plan gets a successor (a concept is simply edited)."""
    if plan.status is not PlanStatus.VASTGESTELD:
        raise ValidationError("plan_not_fixed", version=plan.version, status=plan.status.value)
    return replace(
        plan,
        id=None,
        version=plan.version + 1,
        status=PlanStatus.CONCEPT,
        created_on=on or date.today(),
        signatures=(),
        fixed_on=None,
    )


def mark_superseded(old: SafetyPlan, successor: SafetyPlan) -> SafetyPlan:
    """The old version once its successor has been vastgesteld."""
    if (
        old.status is not PlanStatus.VASTGESTELD
        or successor.status is not PlanStatus.VASTGESTELD
        or successor.household_id != old.household_id
        or successor.version <= old.version
    ):
        raise ValidationError("not_a_successor", version=old.version, by=successor.version)
    return replace(old, status=PlanStatus.VERVANGEN)


def conditions_of(plan: SafetyPlan, conditions: Iterable[SafetyCondition]) -> list[SafetyCondition]:
    """The plan's conditions in the plan's order; unknown ids are skipped, and so are those VT
    withdrew: a printout never calls a withdrawn voorwaarde one the family must meet."""
    by_id = {c.id: c for c in conditions if c.withdrawn_on is None}
    return [by_id[i] for i in plan.condition_ids if i in by_id]
