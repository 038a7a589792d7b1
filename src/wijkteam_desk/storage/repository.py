"""All SQL about the case file. Bound parameters only; everything returned is a domain object."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.model import (
    Certainty,
    ChildOffer,
    Household,
    HouseholdFile,
    HouseholdStatus,
    Incident,
    Involvement,
    JournalEntry,
    JournalKind,
    NetworkMember,
    NetworkStance,
    Person,
    PersonRole,
    Phase,
    PhaseChange,
    PlanAction,
    PlanGoal,
    PlanStatus,
    Professional,
    Relationship,
    RelationshipKind,
    Role,
    Severity,
    ViolenceForm,
)
from .audit import AuditEvent, to_event
from .models import (
    AuditRow,
    ChildOfferRow,
    DraftRow,
    HouseholdRow,
    IncidentRow,
    InvolvementRow,
    JournalRow,
    NetworkMemberRow,
    PersonRoleRow,
    PersonRow,
    PhaseChangeRow,
    PlanActionRow,
    PlanGoalRow,
    ProfessionalRow,
    RelationshipRow,
)


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


def _join_ids(ids: tuple[int, ...] | list[int]) -> str:
    return ",".join(str(i) for i in ids)


def household_from_row(r: HouseholdRow) -> Household:
    return Household(r.id, r.name, HouseholdStatus(r.status), Phase(r.phase), r.opened_on,
                     r.from_vt, r.vt_case_number, r.vt_handover_date, r.closed_on,
                     r.closing_reason, r.next_action, r.next_action_on, r.next_action_by or "")


def person_from_row(r: PersonRow, roles: list[PersonRoleRow]) -> Person:
    return Person(r.id, r.household_id, r.given_name, r.family_name, r.birth_date,
                  tuple(PersonRole(Role(x.role), Certainty(x.certainty))
                        for x in sorted(roles, key=lambda x: x.role)),
                  r.lives_in_household, r.address, r.postcode, r.city, r.phone,
                  r.secret_address, r.note)


def incident_from_row(r: IncidentRow) -> Incident:
    return Incident(r.id, r.household_id, r.occurred_on,
                    tuple(ViolenceForm(f) for f in r.forms.split(",") if f),
                    Severity(r.severity), _ids(r.victim_ids), _ids(r.perpetrator_ids),
                    r.children_present, r.police_involved, r.police_report, r.description)


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- households ---------------------------------------------------------------------------
    def add_household(self, *, name: str, phase: Phase, opened_on: date, now: datetime,
                      from_vt: bool = False, vt_case_number: str = "",
                      vt_handover_date: date | None = None, next_action: str = "") -> int:
        row = HouseholdRow(name=name, status=HouseholdStatus.OPEN.value, phase=phase.value,
                           opened_on=opened_on, from_vt=from_vt, vt_case_number=vt_case_number,
                           vt_handover_date=vt_handover_date, closing_reason="",
                           next_action=next_action, updated_at=now)
        self.s.add(row)
        self.s.flush()
        return row.id

    def _household_row(self, household_id: int) -> HouseholdRow:
        row = self.s.get(HouseholdRow, household_id)
        if row is None:
            raise NotFound(household_id=household_id)
        return row

    def get_household(self, household_id: int) -> Household:
        return household_from_row(self._household_row(household_id))

    def update_household(self, household_id: int, now: datetime, **values: Any) -> None:
        row = self._household_row(household_id)
        for key, value in values.items():
            if not hasattr(HouseholdRow, key) or key in ("id", "updated_at"):
                raise AttributeError(key)
            setattr(row, key, value.value if hasattr(value, "value") else value)
        row.updated_at = now
        self.s.flush()

    def household_count(self) -> int:
        return int(self.s.scalar(select(func.count(HouseholdRow.id))) or 0)

    # -- persons ------------------------------------------------------------------------------
    def add_person(self, household_id: int, *, given_name: str, family_name: str,
                   birth_date: date | None = None, roles: tuple[PersonRole, ...] = (),
                   lives_in_household: bool = True, address: str = "", postcode: str = "",
                   city: str = "", phone: str = "", secret_address: bool = False,
                   note: str = "") -> int:
        self._household_row(household_id)
        row = PersonRow(household_id=household_id, given_name=given_name,
                        family_name=family_name, birth_date=birth_date,
                        lives_in_household=lives_in_household, address=address,
                        postcode=postcode, city=city, phone=phone,
                        secret_address=secret_address, note=note)
        self.s.add(row)
        self.s.flush()
        self.set_roles(row.id, roles)
        return row.id

    def get_person(self, person_id: int) -> Person:
        row = self.s.get(PersonRow, person_id)
        if row is None:
            raise NotFound(person_id=person_id)
        roles = list(self.s.scalars(select(PersonRoleRow).where(PersonRoleRow.person_id == row.id)))
        return person_from_row(row, roles)

    def update_person(self, person_id: int, **values: Any) -> None:
        row = self.s.get(PersonRow, person_id)
        if row is None:
            raise NotFound(person_id=person_id)
        for key, value in values.items():
            if not hasattr(PersonRow, key) or key in ("id", "household_id"):
                raise AttributeError(key)
            setattr(row, key, value)
        self.s.flush()

    def set_roles(self, person_id: int, roles: tuple[PersonRole, ...]) -> None:
        old_roles = select(PersonRoleRow).where(PersonRoleRow.person_id == person_id)
        for old in self.s.scalars(old_roles):
            self.s.delete(old)
        self.s.flush()
        for r in {r.role: r for r in roles}.values():
            self.s.add(PersonRoleRow(person_id=person_id, role=r.role.value,
                                     certainty=r.certainty.value))
        self.s.flush()

    # -- relationships, network, professionals ------------------------------------------------
    def add_relationship(self, household_id: int, a: int, b: int, kind: RelationshipKind,
                         start: date | None, end: date | None) -> int:
        row = RelationshipRow(household_id=household_id, person_a_id=a, person_b_id=b,
                              kind=kind.value, start=start, end=end)
        self.s.add(row)
        self.s.flush()
        return row.id

    def add_network_member(self, household_id: int, *, name: str, relation: str,
                           stance: NetworkStance, phone: str = "", address: str = "",
                           secret_address: bool = False, note: str = "") -> int:
        self._household_row(household_id)
        row = NetworkMemberRow(household_id=household_id, name=name, relation=relation,
                               stance=stance.value, phone=phone, address=address,
                               secret_address=secret_address, note=note)
        self.s.add(row)
        self.s.flush()
        return row.id

    def add_professional(self, *, name: str, organisation: str, function: str = "",
                         phone: str = "", email: str = "") -> int:
        row = ProfessionalRow(name=name, organisation=organisation, function=function,
                              phone=phone, email=email)
        self.s.add(row)
        self.s.flush()
        return row.id

    def get_professional(self, professional_id: int) -> Professional:
        r = self.s.get(ProfessionalRow, professional_id)
        if r is None:
            raise NotFound(professional_id=professional_id)
        return Professional(r.id, r.name, r.organisation, r.function, r.phone, r.email)

    def list_professionals(self) -> list[Professional]:
        rows = self.s.scalars(select(ProfessionalRow).order_by(ProfessionalRow.name))
        return [Professional(r.id, r.name, r.organisation, r.function, r.phone, r.email)
                for r in rows]

    def add_involvement(self, household_id: int, professional_id: int, *, role: str,
                        is_regisseur: bool, start: date) -> int:
        self.get_professional(professional_id)
        row = InvolvementRow(household_id=household_id, professional_id=professional_id,
                             role=role, is_regisseur=is_regisseur, start=start, end_reason="")
        self.s.add(row)
        self.s.flush()
        return row.id

    def end_involvement(self, involvement_id: int, end: date, reason: str) -> Involvement:
        row = self.s.get(InvolvementRow, involvement_id)
        if row is None:
            raise NotFound(involvement_id=involvement_id)
        row.end, row.end_reason = end, reason
        self.s.flush()
        return self._involvement(row)

    @staticmethod
    def _involvement(r: InvolvementRow) -> Involvement:
        return Involvement(r.id, r.household_id, r.professional_id, r.role, r.is_regisseur,
                           r.start, r.end, r.end_reason)

    # -- events -------------------------------------------------------------------------------
    def add_incident(self, household_id: int, *, occurred_on: date,
                     forms: tuple[ViolenceForm, ...], severity: Severity,
                     victim_ids: tuple[int, ...] = (), perpetrator_ids: tuple[int, ...] = (),
                     children_present: bool = False, police_involved: bool = False,
                     police_report: bool = False, description: str = "") -> int:
        self._household_row(household_id)
        row = IncidentRow(household_id=household_id, occurred_on=occurred_on,
                          forms=",".join(f.value for f in forms), severity=severity.value,
                          victim_ids=_join_ids(victim_ids),
                          perpetrator_ids=_join_ids(perpetrator_ids),
                          children_present=children_present, police_involved=police_involved,
                          police_report=police_report, description=description)
        self.s.add(row)
        self.s.flush()
        return row.id

    def add_journal(self, household_id: int, *, kind: JournalKind, occurred_at: datetime,
                    author: str, text: str) -> int:
        self._household_row(household_id)
        row = JournalRow(household_id=household_id, kind=kind.value, occurred_at=occurred_at,
                         author=author, text=text)
        self.s.add(row)
        self.s.flush()
        return row.id

    def add_journal_many(self, household_id: int,
                         entries: list[tuple[JournalKind, datetime, str, str]]) -> None:
        """Many entries in one flush (demo data, imports): (kind, occurred_at, author, text)."""
        self.s.add_all([JournalRow(household_id=household_id, kind=k.value, occurred_at=at,
                                   author=author, text=text) for k, at, author, text in entries])
        self.s.flush()

    def add_phase_change(self, household_id: int, *, from_phase: Phase | None, to_phase: Phase,
                         changed_on: date, author: str, reason: str) -> int:
        row = PhaseChangeRow(household_id=household_id,
                             from_phase=from_phase.value if from_phase else None,
                             to_phase=to_phase.value, changed_on=changed_on, author=author,
                             reason=reason)
        self.s.add(row)
        self.s.flush()
        return row.id

    # -- the whole file -----------------------------------------------------------------------
    def load_file(self, household_id: int) -> HouseholdFile:
        household = self.get_household(household_id)
        s, hid = self.s, household_id
        person_rows = list(s.scalars(select(PersonRow).where(PersonRow.household_id == hid)
                                     .order_by(PersonRow.id)))
        role_rows = list(s.scalars(select(PersonRoleRow).where(
            PersonRoleRow.person_id.in_([p.id for p in person_rows]))))
        persons = tuple(person_from_row(p, [r for r in role_rows if r.person_id == p.id])
                        for p in person_rows)
        relationships = tuple(
            Relationship(r.id, r.household_id, r.person_a_id, r.person_b_id,
                         RelationshipKind(r.kind), r.start, r.end)
            for r in s.scalars(select(RelationshipRow).where(RelationshipRow.household_id == hid)
                               .order_by(RelationshipRow.id)))
        network = tuple(
            NetworkMember(r.id, r.household_id, r.name, r.relation, NetworkStance(r.stance),
                          r.phone, r.address, r.secret_address, r.note)
            for r in s.scalars(select(NetworkMemberRow).where(
                NetworkMemberRow.household_id == hid).order_by(NetworkMemberRow.id)))
        involvements = tuple(self._involvement(r) for r in s.scalars(
            select(InvolvementRow).where(InvolvementRow.household_id == hid)
            .order_by(InvolvementRow.start, InvolvementRow.id)))
        prof_ids = {i.professional_id for i in involvements}
        professionals = tuple(
            Professional(r.id, r.name, r.organisation, r.function, r.phone, r.email)
            for r in s.scalars(select(ProfessionalRow).where(ProfessionalRow.id.in_(prof_ids))))
        incidents = tuple(incident_from_row(r) for r in s.scalars(
            select(IncidentRow).where(IncidentRow.household_id == hid)
            .order_by(IncidentRow.occurred_on, IncidentRow.id)))
        journal = tuple(
            JournalEntry(r.id, r.household_id, JournalKind(r.kind), r.occurred_at, r.author,
                         r.text)
            for r in s.scalars(select(JournalRow).where(JournalRow.household_id == hid)
                               .order_by(JournalRow.occurred_at, JournalRow.id)))
        phases = tuple(
            PhaseChange(r.id, r.household_id, Phase(r.from_phase) if r.from_phase else None,
                        Phase(r.to_phase), r.changed_on, r.author, r.reason)
            for r in s.scalars(select(PhaseChangeRow).where(PhaseChangeRow.household_id == hid)
                               .order_by(PhaseChangeRow.changed_on, PhaseChangeRow.id)))
        return HouseholdFile(household, persons, relationships, network, involvements,
                             professionals, incidents, journal, phases, self.goals(hid),
                             self.child_offers(hid))

    # -- plan van aanpak and offers for children -----------------------------------------------
    def add_goal(self, household_id: int, *, phase: Phase, person_id: int | None,
                 text: str) -> int:
        self._household_row(household_id)
        row = PlanGoalRow(household_id=household_id, phase=phase.value, person_id=person_id,
                          text=text, status=PlanStatus.OPEN.value)
        self.s.add(row)
        self.s.flush()
        return row.id

    def _goal_row(self, goal_id: int) -> PlanGoalRow:
        row = self.s.get(PlanGoalRow, goal_id)
        if row is None:
            raise NotFound(goal_id=goal_id)
        return row

    def goal_household(self, goal_id: int) -> int:
        return self._goal_row(goal_id).household_id

    def update_goal(self, goal_id: int, *, text: str | None = None,
                    status: PlanStatus | None = None) -> None:
        row = self._goal_row(goal_id)
        if text is not None:
            row.text = text
        if status is not None:
            row.status = status.value
        self.s.flush()

    def add_action(self, goal_id: int, *, what: str, who: str, due: date | None) -> int:
        self._goal_row(goal_id)
        row = PlanActionRow(goal_id=goal_id, what=what, who=who, due=due,
                            status=PlanStatus.OPEN.value)
        self.s.add(row)
        self.s.flush()
        return row.id

    def set_action_status(self, action_id: int, status: PlanStatus) -> int:
        row = self.s.get(PlanActionRow, action_id)
        if row is None:
            raise NotFound(action_id=action_id)
        row.status = status.value
        self.s.flush()
        return self._goal_row(row.goal_id).household_id

    def goals(self, household_id: int) -> tuple[PlanGoal, ...]:
        goal_rows = list(self.s.scalars(select(PlanGoalRow).where(
            PlanGoalRow.household_id == household_id).order_by(PlanGoalRow.id)))
        action_rows = list(self.s.scalars(select(PlanActionRow).where(
            PlanActionRow.goal_id.in_([g.id for g in goal_rows])).order_by(PlanActionRow.id)))
        return tuple(
            PlanGoal(g.id, g.household_id, Phase(g.phase), g.person_id, g.text,
                     PlanStatus(g.status),
                     tuple(PlanAction(a.id, a.goal_id, a.what, a.who, a.due, PlanStatus(a.status))
                           for a in action_rows if a.goal_id == g.id))
            for g in goal_rows)

    def add_child_offer(self, household_id: int, person_id: int, *, description: str,
                        provider: str, start: date | None, no_offer_reason: str) -> int:
        row = ChildOfferRow(household_id=household_id, person_id=person_id,
                            description=description, provider=provider, start=start,
                            no_offer_reason=no_offer_reason)
        self.s.add(row)
        self.s.flush()
        return row.id

    def child_offers(self, household_id: int) -> tuple[ChildOffer, ...]:
        return tuple(
            ChildOffer(r.id, r.household_id, r.person_id, r.description, r.provider, r.start,
                       r.no_offer_reason)
            for r in self.s.scalars(select(ChildOfferRow).where(
                ChildOfferRow.household_id == household_id).order_by(ChildOfferRow.id)))

    # -- the caseload -------------------------------------------------------------------------
    # -- audit --------------------------------------------------------------------------------
    def audit_events(self, *, household_id: int | None = None, action: str | None = None,
                     since: str | None = None, until: str | None = None,
                     limit: int = 5000) -> list[AuditEvent]:
        stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if household_id is not None:
            stmt = stmt.where(AuditRow.household_id == household_id)
        if action:
            stmt = stmt.where(AuditRow.action.startswith(action))
        if since:
            stmt = stmt.where(AuditRow.at >= since)
        if until:
            stmt = stmt.where(AuditRow.at < until)
        return [to_event(r) for r in self.s.scalars(stmt)]

    def touch(self, household_id: int, now: datetime) -> None:
        self.s.execute(update(HouseholdRow).where(HouseholdRow.id == household_id)
                       .values(updated_at=now))

    # -- drafts -------------------------------------------------------------------------------
    def save_draft(self, key: str, household_id: int | None, payload: str, now: datetime) -> None:
        row = self.s.get(DraftRow, key)
        if row is None:
            self.s.add(DraftRow(key=key, household_id=household_id, payload=payload,
                                updated_at=now))
        else:
            row.payload, row.updated_at = payload, now
        self.s.flush()

    def load_draft(self, key: str) -> str | None:
        row = self.s.get(DraftRow, key)
        return row.payload if row else None

    def delete_draft(self, key: str) -> None:
        row = self.s.get(DraftRow, key)
        if row is not None:
            self.s.delete(row)
            self.s.flush()
