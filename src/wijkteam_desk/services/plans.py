"""Use cases of the veiligheidsplan: VT conditions and their reviews, plan versions (concept →
vastgesteld → vervangen), comparing versions, and printing per audience (each copy redacted for
the strictest of its readers, who are read from the household as it is today).

Each public method runs in one unit of work, checks the domain rules, writes one audit line
(codes and ids only: never a name or free text), commits, and returns plain data.
Errors: ``ValidationError`` (code → Dutch text in ``texts.ERRORS``), ``NotFound``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..domain.errors import ValidationError
from ..domain.model import HouseholdFile, Role
from ..domain.safety_plan import (
    ChildSection,
    ContactDetails,
    Participant,
    PartyKind,
    PartyRef,
    PlanStatus,
    ReviewStatus,
    SafetyCondition,
    SafetyPlan,
    Signature,
    default_emergency_contacts,
    draft_plan,
    edit,
    fix,
    mark_superseded,
    new_version,
)
from ..domain.safety_plan_diff import Change, diff_versions
from ..domain.schedule import add_months
from ..reports import (
    Audience,
    CopyRule,
    Reader,
    copy_rule,
    overview_file_name,
    project_plan,
    render_family_overview,
    render_print_plan,
    suggested_file_name,
)
from ..reports import AudienceKind as AudienceKind  # re-exported: the print dialog reads it
from ..storage.uow import SqlUnitOfWork
from .cases import RuleSettings
from .plan_overview import build_overview

MAX_TEXT = 10_000
PREVIEW = "voorbeeld"  # the print dialog's purpose for what is only looked at
# What the editor may change; the rest is the lifecycle's (version, status, signatures, ...).
CONTENT_FIELDS = tuple(
    f.name for f in dataclasses.fields(SafetyPlan)
    if f.name not in {"id", "household_id", "version", "status", "signatures", "fixed_on",
                      "created_on"}
)


@dataclass(frozen=True)
class ConditionView:
    """A veiligheidsvoorwaarde with the ids of the plan goals it is linked to."""

    condition: SafetyCondition
    goal_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanParties:
    """Who can appear in a plan, as the editor's lists offer them."""

    members: tuple[PartyRef, ...] = ()
    network: tuple[PartyRef, ...] = ()
    professionals: tuple[PartyRef, ...] = ()
    regisseur: PartyRef | None = None
    contacts: tuple[Participant, ...] = ()

    def all(self) -> tuple[PartyRef, ...]:
        return (*self.members, *self.network, *self.professionals)

    def contact(self, party: PartyRef) -> ContactDetails:
        return next((p.contact for p in self.contacts if p.party.key == party.key),
                    ContactDetails())


@dataclass(frozen=True)
class Printout:
    """PDF bytes and a file name without any name in it; nothing has been written to disk."""

    data: bytes
    file_name: str


def _text(value: str, field: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError("empty", field=field)
    if len(value) > MAX_TEXT:
        raise ValidationError("too_long", field=field, maximum=MAX_TEXT)
    return value


def parties_of(file: HouseholdFile, today: date) -> PlanParties:
    """Members with their roles (a suspected role counts: the print redaction must err on the
    safe side), network members with their stance, and the professionals involved now."""
    members, contacts = [], []
    for p in file.persons:
        roles = [r.role for r in p.roles]
        if p.is_child_on(today) and Role.KIND not in roles:
            roles.append(Role.KIND)
        ref = PartyRef(PartyKind.MEMBER, p.id, p.full_name, tuple(roles))
        members.append(ref)
        contacts.append(Participant(ref, ContactDetails(p.address, p.postcode, p.city, p.phone,
                                                        p.secret_address)))
    network = []
    for n in file.network:
        ref = PartyRef(PartyKind.NETWORK, n.id, n.name, (), n.stance)
        network.append(ref)
        contacts.append(Participant(ref, ContactDetails(n.address, phone=n.phone,
                                                        secret_address=n.secret_address)))
    professionals, regisseur = [], None
    for inv in file.involvements:
        pro = file.professional(inv.professional_id)
        if pro is None or not inv.active_on(today):
            continue
        ref = PartyRef(PartyKind.PROFESSIONAL, pro.id, f"{pro.name} ({pro.organisation})")
        if ref.key not in {r.key for r in professionals}:
            professionals.append(ref)
            contacts.append(Participant(ref, ContactDetails(phone=pro.phone)))
        if inv.is_regisseur and regisseur is None:
            regisseur = ref
    return PlanParties(tuple(members), tuple(network), tuple(professionals), regisseur,
                       tuple(contacts))


def readers_of(file: HouseholdFile, today: date) -> tuple[Reader, ...]:
    """The household as the print rule reads it: members (with suspected roles) and whether
    they live in the house, and network members with their stance."""
    parties = parties_of(file, today)
    home = {p.id for p in file.persons if p.lives_in_household}
    return tuple(Reader(p, p.kind is PartyKind.MEMBER and p.id in home)
                 for p in (*parties.members, *parties.network))


def with_current_parties(plan: SafetyPlan, parties: PlanParties) -> SafetyPlan:
    """``plan`` with its participants as the household is now: who joined since (a new member,
    network member or professional) takes part, everyone keeps their place but with their name,
    roles and contact details of today, a threatening network member takes no part, and a new
    child gets a section. A successor version starts from this (issue 12 item 8: a member
    added after version 1 was missing from version 2's "Wie doen er mee?" and print audiences)."""
    now = {p.party.key: p for p in parties.contacts}
    kept = [now.get(p.party.key, p) for p in plan.participants]
    known = {p.party.key for p in kept}
    joined = [p for key, p in now.items() if key not in known]
    participants = tuple(p for p in (*kept, *joined) if not p.party.is_threatening)
    members = {m.key: m for m in parties.members}
    sections = [dataclasses.replace(c, child=members.get(c.child.key, c.child))
                for c in plan.children]
    with_section = {c.child.key for c in sections}
    sections += [ChildSection(m) for m in parties.members
                 if m.is_child and m.key not in with_section]
    return dataclasses.replace(plan, participants=participants, children=tuple(sections))


def current_of(versions: Sequence[SafetyPlan]) -> SafetyPlan | None:
    """The plan that holds now: the vastgesteld version, else the newest concept."""
    fixed = [p for p in versions if p.status is PlanStatus.VASTGESTELD]
    if fixed:
        return fixed[-1]
    return versions[-1] if versions else None


class SafetyPlanService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork],
                 offsets_months: Callable[[], tuple[int, ...]] = lambda: (3, 12),
                 rule_settings: RuleSettings = dict) -> None:
        self._uow = uow_factory
        self._offsets = offsets_months
        self._rule_settings = rule_settings

    # -- conditions (veiligheidsvoorwaarden) ------------------------------------------------------
    def conditions(self, household_id: int) -> list[ConditionView]:
        with self._uow() as uow:
            links = uow.plans.condition_goal_links(household_id)
            return [ConditionView(c, links.get(c.id or 0, ()))
                    for c in uow.plans.conditions(household_id)]

    def add_condition(self, household_id: int, text: str, set_by: str = "Veilig Thuis",
                      set_on: date | None = None) -> int:
        """A condition set by VT, entered by hand. Audited ``condition.create``."""
        text = _text(text, "voorwaarde")
        set_by = _text(set_by, "gesteld door")[:200]
        with self._uow() as uow:
            day = set_on or uow.clock.today()
            if day > uow.clock.today():
                raise ValidationError("date_future")
            cid = uow.plans.add_condition(household_id, text=text, set_by=set_by, set_on=day)
            uow.audit("condition.create", "safety_condition", cid, household_id)
            uow.commit()
            return cid

    def review_condition(self, condition_id: int, status: ReviewStatus | str,
                         on: date | None = None, note: str = "") -> int:
        """Record whether a condition is met, partly met or not met. Audited with the status."""
        try:
            status = ReviewStatus(status)
        except ValueError as exc:
            raise ValidationError("review_status_invalid") from exc
        note = _text(note, "toelichting", required=False)
        with self._uow() as uow:
            day = on or uow.clock.today()
            if day > uow.clock.today():
                raise ValidationError("date_future")
            hid = uow.plans.condition_household(condition_id)
            rid = uow.plans.add_review(condition_id, on=day, status=status, note=note)
            uow.audit("condition.review", "safety_condition", condition_id, hid,
                      detail={"status": status.value})
            uow.commit()
            return rid

    def link_condition(self, condition_id: int, goal_ids: Sequence[str]) -> None:
        """Link a condition to goals of the household's plan (by their item ids)."""
        with self._uow() as uow:
            hid = uow.plans.condition_household(condition_id)
            known = {g.id for p in uow.plans.plans(hid) for g in p.goals}
            for goal_id in goal_ids:
                if goal_id not in known:
                    raise ValidationError("goal_not_found", goal_id=goal_id)
            uow.plans.set_condition_goals(condition_id, tuple(goal_ids))
            uow.audit("condition.link", "safety_condition", condition_id, hid,
                      detail={"goals": len(goal_ids)})
            uow.commit()

    # -- reading plans ----------------------------------------------------------------------------
    def versions(self, household_id: int) -> list[SafetyPlan]:
        """Every version, oldest first (concept, vastgesteld and vervangen)."""
        with self._uow() as uow:
            uow.cases.get_household(household_id)
            return uow.plans.plans(household_id)

    def current_plan(self, household_id: int) -> SafetyPlan | None:
        return current_of(self.versions(household_id))

    def plan(self, plan_id: int) -> SafetyPlan:
        with self._uow() as uow:
            return uow.plans.get_plan(plan_id)

    def parties(self, household_id: int) -> PlanParties:
        with self._uow() as uow:
            return parties_of(uow.cases.load_file(household_id), uow.clock.today())

    # -- changing plans ---------------------------------------------------------------------------
    def create_draft(self, household_id: int) -> SafetyPlan:
        """Version 1 as a concept, filled from the household file: participants (members,
        network members who are safe enough, professionals involved), the VT conditions, the
        emergency numbers with the regisseur, a section per child, evaluation in 3 months.
        Refused (``plan_draft_exists``) when the household already has a plan."""
        with self._uow() as uow:
            today = uow.clock.today()
            existing = uow.plans.plans(household_id)
            if existing:
                raise ValidationError("plan_draft_exists", version=existing[-1].version)
            file = uow.cases.load_file(household_id)
            parties = parties_of(file, today)
            regisseur = parties.regisseur
            # "Gemaakt door": who acts on this vault (the profile), not the computer's login.
            made_by = uow.actor or (regisseur.name if regisseur else "")
            participants = tuple(p for p in parties.contacts if not p.party.is_threatening)
            plan = draft_plan(
                household_id, made_by, today,
                made_with=tuple(p.name for p in parties.members if not p.is_child),
                condition_ids=tuple(c.id for c in uow.plans.conditions(household_id)
                                    if c.id is not None and c.withdrawn_on is None),
                emergency_contacts=default_emergency_contacts(
                    regisseur, parties.contact(regisseur).phone if regisseur else ""),
                participants=participants,
                children=tuple(ChildSection(m) for m in parties.members if m.is_child),
                evaluate_on=add_months(today, 3),
            )
            stored = uow.plans.add_plan(plan, uow.clock.now())
            uow.audit("plan.create", "safety_plan", stored.id or "", household_id,
                      detail={"version": stored.version})
            uow.commit()
            return stored

    def edit_draft(self, plan_id: int, **changes: object) -> SafetyPlan:
        """Change content fields of a concept. ``plan_frozen`` for a vastgesteld or vervangen
        version; any rule of ``validate_plan`` (a threatening safe person, ...)."""
        with self._uow() as uow:
            stored = uow.plans.get_plan(plan_id)
            updated = edit(stored, **changes)
            uow.plans.update_plan(updated, uow.clock.now())
            uow.audit("plan.edit", "safety_plan", plan_id, stored.household_id,
                      detail={"version": stored.version, "fields": sorted(changes)})
            uow.commit()
            return updated

    def save_draft(self, plan: SafetyPlan) -> SafetyPlan:
        """Store the editor's working copy of a concept (its content fields only)."""
        if plan.id is None:
            raise ValidationError("plan_missing")
        with self._uow() as uow:
            stored = uow.plans.get_plan(plan.id)
        if stored.household_id != plan.household_id:
            raise ValidationError("plan_other_household")
        changed = {f: getattr(plan, f) for f in CONTENT_FIELDS
                   if getattr(plan, f) != getattr(stored, f)}
        if not changed:
            if stored.is_frozen:
                raise ValidationError("plan_frozen", version=stored.version,
                                      status=stored.status.value)
            return stored
        return self.edit_draft(plan.id, **changed)

    def fix_plan(self, plan_id: int, signatures: Sequence[Signature],
                 on: date | None = None) -> SafetyPlan:
        """Vaststellen with the signatures given. The version that held until now is marked
        vervangen in the same transaction. Audited ``plan.fix`` with the number of signatures."""
        with self._uow() as uow:
            day = on or uow.clock.today()
            if day > uow.clock.today():
                raise ValidationError("date_future")
            stored = uow.plans.get_plan(plan_id)
            fixed = fix(stored, signatures, day)
            for old in uow.plans.plans(stored.household_id):
                if old.status is PlanStatus.VASTGESTELD and old.id != plan_id:
                    uow.plans.update_plan(mark_superseded(old, fixed), uow.clock.now())
                    uow.audit("plan.supersede", "safety_plan", old.id or "",
                              stored.household_id, detail={"version": old.version,
                                                           "by": fixed.version})
            uow.plans.update_plan(fixed, uow.clock.now())
            uow.audit("plan.fix", "safety_plan", plan_id, stored.household_id,
                      detail={"version": fixed.version, "signatures": len(signatures)})
            uow.commit()
            return fixed

    def start_new_version(self, household_id: int) -> SafetyPlan:
        """A concept copy of the vastgesteld plan (version + 1) with the household's parties of
        today (``with_current_parties``). Refused when a concept exists already
        (``plan_draft_exists``) or when nothing is vastgesteld (``plan_not_fixed``)."""
        with self._uow() as uow:
            versions = uow.plans.plans(household_id)
            if not versions:
                raise ValidationError("plan_missing")
            concept = [p for p in versions if p.status is PlanStatus.CONCEPT]
            if concept:
                raise ValidationError("plan_draft_exists", version=concept[-1].version)
            base = current_of(versions)
            assert base is not None
            today = uow.clock.today()
            parties = parties_of(uow.cases.load_file(household_id), today)
            successor = with_current_parties(new_version(base, today), parties)
            successor = replace(successor, made_by=uow.actor or successor.made_by)
            stored = uow.plans.add_plan(successor, uow.clock.now())
            uow.audit("plan.version", "safety_plan", stored.id or "", household_id,
                      detail={"version": stored.version, "from": base.version})
            uow.commit()
            return stored

    def diff(self, plan_id_a: int, plan_id_b: int) -> list[Change]:
        """What changed from version a to version b (same household)."""
        with self._uow() as uow:
            a, b = uow.plans.get_plan(plan_id_a), uow.plans.get_plan(plan_id_b)
        if a.household_id != b.household_id:
            raise ValidationError("plan_other_household")
        return diff_versions(a, b)

    # -- printing ---------------------------------------------------------------------------------
    def _printed_plan(self, uow: SqlUnitOfWork, household_id: int,
                      plan_id: int | None) -> SafetyPlan:
        if plan_id is None:
            plan = current_of(uow.plans.plans(household_id))
            if plan is None:
                uow.cases.get_household(household_id)
                raise ValidationError("plan_missing")
            return plan
        plan = uow.plans.get_plan(plan_id)
        if plan.household_id != household_id:
            raise ValidationError("plan_other_household")
        return plan

    def copies(self, household_id: int, plan_id: int | None = None) -> list[CopyRule]:
        """Every copy the print dialog offers, each with who reads it and what it leaves out:
        the professional's, the family's, the family's without each strict reader (when a
        pleger reads it), and one per member of the plan or the household. Reads only."""
        with self._uow() as uow:
            plan = self._printed_plan(uow, household_id, plan_id)
            file = uow.cases.load_file(household_id)
            household = readers_of(file, uow.clock.today())
        family = copy_rule(plan, "gezin", household)
        rules = [copy_rule(plan, "professional", household), family]
        if family.strictest:
            off = tuple(sorted(p.id for p in family.strictest if p.kind is PartyKind.MEMBER))
            if off:
                rules.append(copy_rule(plan, Audience(family.audience.kind, left_off=off),
                                       household))
        members = [p.party for p in plan.participants if p.party.kind is PartyKind.MEMBER]
        members += [r.party for r in household if r.party.kind is PartyKind.MEMBER]
        for pid in dict.fromkeys(m.id for m in members):
            rules.append(copy_rule(plan, f"persoon:{pid}", household))
        return rules

    def copy_rule(self, household_id: int, audience: Audience | str,
                  plan_id: int | None = None) -> CopyRule:
        """Who reads one copy and what that leaves out (``copies`` for one audience)."""
        with self._uow() as uow:
            plan = self._printed_plan(uow, household_id, plan_id)
            household = readers_of(uow.cases.load_file(household_id), uow.clock.today())
        return copy_rule(plan, audience, household)

    def print_plan(self, household_id: int, audience: Audience | str,
                   plan_id: int | None = None, purpose: str = "afdrukken") -> Printout:
        """The PDF of the current plan (or version ``plan_id``) for one audience: ``professional``,
        ``gezin``, ``gezin-zonder:<id>`` or ``persoon:<id>``, redacted for the strictest of its
        readers. Writes no file. Audited as one line with the audience and version: purpose
        ``voorbeeld`` (the print dialog's preview) is a view, ``plan.view``; anything else
        (``afdrukken``, ``printer``, ``opslaan``, ...) is ``print.plan``. ``plan_missing`` when
        the household has no plan."""
        aud = Audience.parse(audience) if isinstance(audience, str) else audience
        with self._uow() as uow:
            plan = self._printed_plan(uow, household_id, plan_id)
            household = readers_of(uow.cases.load_file(household_id), uow.clock.today())
            model = project_plan(plan, aud, uow.plans.conditions(household_id), household)
            data = render_print_plan(model)
            name = suggested_file_name(plan, aud, uow.clock.today())
            action = "plan.view" if purpose == PREVIEW else "print.plan"
            uow.audit(action, "safety_plan", plan.id or "", household_id,
                      detail={"audience": str(aud), "version": plan.version,
                              "purpose": purpose[:40]})
            uow.commit()
            return Printout(data, name)

    def print_family_overview(self, household_id: int, purpose: str = "afdrukken") -> Printout:
        """The one-page gezinsoverzicht (professional audience). Audited ``print.overview``."""
        with self._uow() as uow:
            overview = build_overview(uow, household_id, self._offsets(),
                                      self._rule_settings())
            data = render_family_overview(overview)
            uow.audit("print.overview", "household", household_id, household_id,
                      detail={"purpose": purpose[:40]})
            uow.commit()
            return Printout(data, overview_file_name(overview))

