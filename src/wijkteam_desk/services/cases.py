"""Use cases on the case file. Each public method runs in one unit of work, checks the domain
rules, writes one audit line with the change, commits, and returns plain data.

Errors: ``ValidationError`` (with a code the UI and CLI turn into Dutch text), ``NotFound``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..domain.agenda import DueItem, derived_items
from ..domain.case_facts import CaseFacts, Warning
from ..domain.errors import ValidationError
from ..domain.model import (
    CaseSummary,
    HouseholdFile,
    HouseholdStatus,
    JournalKind,
    NetworkStance,
    PersonRole,
    Phase,
    PlanStatus,
    RelationshipKind,
    Severity,
    ViolenceForm,
)
from ..domain.monitoring import MomentStatus
from ..domain.rules import derive_warnings, earliest_closing_date
from ..domain.rules_safety import SETTINGS_KEY, SafetyRuleConfig
from ..domain.schedule import planned_moments
from ..storage.audit import AuditEvent
from ..storage.caseload import CaseloadEntry, entry_of
from ..storage.uow import SqlUnitOfWork
from .bulk import cycle_collector_paused
from .monitoring_schedule import apply_schedule
from .team_view import HouseholdTeamView, household_views

MAX_NAME = 200
MAX_TEXT = 100_000  # a note of 100k characters is a document, not a note (R11)


def _name(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError("empty", field=field)
    if len(value) > MAX_NAME:
        raise ValidationError("too_long", field=field, maximum=MAX_NAME)
    return value


def _text(value: str, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError("reason_required" if field == "reden" else "empty", field=field)
    if len(value) > MAX_TEXT:
        raise ValidationError("too_long", field=field, maximum=MAX_TEXT)
    return value


@dataclass(frozen=True)
class CaseRow:
    """A dashboard row with what the rules derive. In a team, ``owner`` is the dossierhouder's
    name (``owner_id`` their member id), ``read_only`` is true on a colleague's household and
    ``handover`` says "outgoing"/"incoming" while a handover is on its way; outside a team
    ``owner`` is empty: every household is this laptop's person's."""

    summary: CaseSummary
    warnings: tuple[Warning, ...]
    earliest_closing: date | None
    next_monitoring: date | None
    # Vandaag's items that need the settings and the rules: due checklists, signals
    agenda: tuple[DueItem, ...] = ()
    owner: str = ""
    owner_id: str = ""
    read_only: bool = False
    handover: str = ""

    def days_to_closing(self, today: date) -> int | None:
        return (self.earliest_closing - today).days if self.earliest_closing else None


@dataclass(frozen=True)
class FileView:
    file: HouseholdFile
    warnings: tuple[Warning, ...]
    earliest_closing: date | None
    planned_monitoring: tuple[date, ...]  # moments still to do (or planned, before scheduling)
    monitoring_done: int = 0  # moments completed


def summary_facts(s: CaseSummary, extra: Mapping[str, object] | None = None,
                  settings: Mapping[str, object] | None = None) -> CaseFacts:
    return CaseFacts(household_id=s.household_id, status=s.status, phase=s.phase,
                     active_regisseurs=s.active_regisseurs, last_incident=s.last_incident,
                     closed_on=s.closed_on, closing_reason=s.closing_reason, extra=extra or {},
                     settings=settings or {})


def case_warnings(uow: SqlUnitOfWork, household_id: int,
                  settings: Mapping[str, object]) -> list[Warning]:
    """The warnings of one household now, from its file as this unit of work sees it."""
    [entry] = uow.caseload.entries(uow.clock.today(), household_id, live=True)
    return derive_warnings(summary_facts(entry.summary, entry.extra, settings),
                           uow.clock.today())


RuleSettings = Callable[[], Mapping[str, object]]


def _with_owner(row: CaseRow, view: HouseholdTeamView | None) -> CaseRow:
    if view is None:
        return row
    return replace(row, owner=view.owner, owner_id=view.owner_id, read_only=view.read_only,
                   handover=view.handover)


REFRESH_CHUNK = 250  # households per transaction when the caseload table is (re)filled


class CaseService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork],
                 offsets_months: Callable[[], tuple[int, ...]] = lambda: (3, 12),
                 rule_settings: RuleSettings = dict) -> None:
        self._uow = uow_factory
        self._offsets = offsets_months
        self._rule_settings = rule_settings
        self._memo: dict[int, tuple[tuple[object, ...], CaseRow]] = {}
        self._memo_key: object = None

    # -- reading --------------------------------------------------------------------------------
    def _monitoring(self, from_vt: bool, handover: date | None,
                    closed_on: date | None) -> list[date]:
        anchor = handover if from_vt and handover else closed_on
        return planned_moments(anchor, self._offsets())

    def _rows(self, uow: SqlUnitOfWork, household_id: int | None = None, *,
              live: bool = False) -> list[CaseRow]:
        """Rows of the caseload (or one household). For the whole caseload, a household whose
        caseload row is unchanged since the last refresh on the same day with the same settings
        keeps the row made then: a refresh after one edit derives one household, not 5,000."""
        today = uow.clock.today()
        settings = self._rule_settings()  # once per refresh, not per household
        offsets = self._offsets()
        whole = household_id is None and not live
        if (today, settings, offsets) != self._memo_key:
            self._memo, self._memo_key = {}, (today, settings, offsets)
        kept: dict[int, tuple[tuple[object, ...], CaseRow]] = {}
        rows = []
        with cycle_collector_paused(not self._memo and whole):
            for raw in uow.caseload.rows(household_id, live=live):
                hit = self._memo.get(raw[0]) if whole else None  # type: ignore[call-overload]
                if hit is not None and hit[0] == raw:
                    row = hit[1]
                else:
                    row = self._case_row(entry_of(raw, today), today, settings, offsets)
                if whole:
                    kept[raw[0]] = (raw, row)  # type: ignore[index]
                rows.append(row)
        if whole:
            self._memo = kept
        return rows

    @staticmethod
    def _case_row(entry: CaseloadEntry, today: date, settings: Mapping[str, object],
                  offsets: tuple[int, ...]) -> CaseRow:
        s, extra = entry.summary, entry.extra
        upcoming = extra.get("next_monitoring")
        if "next_monitoring" not in extra:
            anchor = s.vt_handover_date if s.from_vt and s.vt_handover_date else s.closed_on
            upcoming = next((m for m in planned_moments(anchor, offsets) if m >= today), None)
        warnings = tuple(derive_warnings(summary_facts(s, extra, settings), today))
        config = settings.get(SETTINGS_KEY)
        agenda = derived_items(
            s.household_id, s.name, s.status is HouseholdStatus.OPEN, s.opened_on, warnings, extra,
            config if isinstance(config, SafetyRuleConfig) else SafetyRuleConfig(), today)
        return CaseRow(s, warnings, earliest_closing_date(s.last_incident),
                       upcoming if isinstance(upcoming, date) else None, tuple(agenda))

    def list_cases(self, progress: Callable[[int, int], None] | None = None) -> list[CaseRow]:
        """Every household with its warnings (no audit line: the list shows no case content).

        Reads the caseload table. Households without a current entry (a vault just migrated)
        get one first, ``REFRESH_CHUNK`` per transaction, with ``progress(done, total)``."""
        self.refresh_stale(progress)
        with self._uow() as uow:
            rows = self._rows(uow)
            team = household_views(uow)
        if not team:
            return rows
        return [_with_owner(r, team.get(r.summary.household_id)) for r in rows]

    def refresh_stale(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Give every household without a current caseload entry one (see ``list_cases``)."""
        with self._uow() as uow:
            stale = uow.caseload.stale()
        for i in range(0, len(stale), REFRESH_CHUNK):
            with self._uow() as uow:
                uow.caseload.refresh(stale[i:i + REFRESH_CHUNK])
                uow.commit()
            if progress is not None:
                progress(min(i + REFRESH_CHUNK, len(stale)), len(stale))

    def open_file(self, household_id: int, purpose: str = "bekijken") -> FileView:
        """The whole household file. Side effect: an audit line ``household.view`` (NEN 7513)."""
        with self._uow() as uow:
            file = uow.cases.load_file(household_id)
            [row] = self._rows(uow, household_id, live=True)
            moments = uow.monitoring.moments(household_id)
            detail: dict[str, object] = {"purpose": purpose}
            if not uow.may_write(household_id):  # a colleague's household, read here (NEN 7513)
                detail["read_only"] = True
            uow.audit("household.view", "household", household_id, household_id, detail=detail)
            uow.commit()
        h = file.household
        if moments:  # scheduled: what is still to do (a done moment is not "verstreken")
            planned = tuple(m.due_on for m in moments if m.status is not MomentStatus.GEDAAN)
        else:
            planned = tuple(self._monitoring(h.from_vt, h.vt_handover_date, h.closed_on))
        return FileView(file, row.warnings, row.earliest_closing, planned,
                        sum(m.status is MomentStatus.GEDAAN for m in moments))

    def audit_log(self, *, household_id: int | None = None, action: str | None = None,
                  since: date | None = None, until: date | None = None) -> list[AuditEvent]:
        with self._uow() as uow:
            return uow.cases.audit_events(
                household_id=household_id, action=action,
                since=since.isoformat() if since else None,
                until=until.isoformat() if until else None)

    def professionals(self) -> list[tuple[int, str, str]]:
        with self._uow() as uow:
            return [(p.id, p.name, p.organisation) for p in uow.cases.list_professionals()]

    # -- households -----------------------------------------------------------------------------
    def create_household(self, name: str, *, opened_on: date | None = None,
                         phase: Phase = Phase.DIRECTE_VEILIGHEID, from_vt: bool = False,
                         vt_case_number: str = "", vt_handover_date: date | None = None,
                         reason: str = "Start traject") -> int:
        name = _name(name, "naam")
        if from_vt and vt_handover_date is None:
            raise ValidationError("handover_date_required")
        with self._uow() as uow:
            opened = opened_on or uow.clock.today()
            hid = uow.cases.add_household(name=name, phase=phase, opened_on=opened,
                                          now=uow.clock.now(), from_vt=from_vt,
                                          vt_case_number=vt_case_number.strip(),
                                          vt_handover_date=vt_handover_date)
            uow.cases.add_phase_change(hid, from_phase=None, to_phase=phase, changed_on=opened,
                                       author=uow.actor, reason=reason)
            uow.audit("household.create", "household", hid, hid)
            apply_schedule(uow, hid, self._offsets())  # a case from VT: moments from the handover
            uow.commit()
            return hid

    def set_next_action(self, household_id: int, text: str, on: date | None = None,
                        by: str = "") -> None:
        """The next action, optionally with a date (Vandaag lists it then) and who does it.
        An empty text clears all three. ``next_action_date_without_text`` for a date or who
        without a text."""
        text, by = _text(text, "volgende actie"), " ".join((by or "").split())
        if not text and (on is not None or by):
            raise ValidationError("next_action_date_without_text")
        if len(by) > MAX_NAME:
            raise ValidationError("too_long", field="wie", maximum=MAX_NAME)
        with self._uow() as uow:
            uow.cases.update_household(household_id, uow.clock.now(), next_action=text,
                                       next_action_on=on if text else None,
                                       next_action_by=by if text else "")
            uow.audit("household.update", "household", household_id, household_id,
                      detail={"field": "next_action", "dated": on is not None})
            uow.commit()

    def change_phase(self, household_id: int, to_phase: Phase, on: date, reason: str) -> None:
        """A phase change is an event with date, author and reason (rule 2)."""
        reason = _text(reason, "reden", required=True)
        with self._uow() as uow:
            h = uow.cases.get_household(household_id)
            if h.phase is to_phase:
                raise ValidationError("same_phase")
            uow.cases.add_phase_change(household_id, from_phase=h.phase, to_phase=to_phase,
                                       changed_on=on, author=uow.actor, reason=reason)
            uow.cases.update_household(household_id, uow.clock.now(), phase=to_phase)
            uow.audit("household.phase", "household", household_id, household_id,
                      detail={"from": h.phase.value, "to": to_phase.value})
            uow.commit()

    def close_household(self, household_id: int, on: date, reason: str = "") -> None:
        """Close the case. Before one year after the last incident a reason is required (rule 4)."""
        reason = _text(reason, "reden")
        with self._uow() as uow:
            file = uow.cases.load_file(household_id)
            if file.household.status is HouseholdStatus.GESLOTEN:
                raise ValidationError("already_closed")
            earliest = earliest_closing_date(
                max((i.occurred_on for i in file.incidents), default=None))
            if earliest and on < earliest and not reason:
                raise ValidationError("early_close_reason_required", date=earliest.isoformat())
            uow.cases.update_household(household_id, uow.clock.now(),
                                       status=HouseholdStatus.GESLOTEN, closed_on=on,
                                       closing_reason=reason)
            uow.audit("household.close", "household", household_id, household_id,
                      detail={"early": bool(earliest and on < earliest)})
            if earliest and on < earliest:  # rule 4: the reason for closing early, in the timeline
                uow.cases.add_journal(household_id, kind=JournalKind.NOTITIE,
                                      occurred_at=uow.clock.now(), author=uow.actor,
                                      text=f"Afgesloten vóór de einddatum: {reason}")
            apply_schedule(uow, household_id, self._offsets())  # monitoring stays open
            uow.commit()

    def reopen_household(self, household_id: int, on: date, reason: str) -> None:
        """Back to directe veiligheid, as after a new incident (rule 2)."""
        reason = _text(reason, "reden", required=True)
        with self._uow() as uow:
            h = uow.cases.get_household(household_id)
            if h.status is HouseholdStatus.OPEN:
                raise ValidationError("already_open")
            uow.cases.update_household(household_id, uow.clock.now(),
                                       status=HouseholdStatus.OPEN, closed_on=None,
                                       closing_reason="", phase=Phase.DIRECTE_VEILIGHEID)
            uow.cases.add_phase_change(household_id, from_phase=h.phase,
                                       to_phase=Phase.DIRECTE_VEILIGHEID, changed_on=on,
                                       author=uow.actor, reason=reason)
            uow.audit("household.reopen", "household", household_id, household_id)
            apply_schedule(uow, household_id, self._offsets())  # anchor gone or unchanged
            uow.commit()

    # -- people ---------------------------------------------------------------------------------
    def add_person(self, household_id: int, given_name: str, family_name: str, *,
                   birth_date: date | None = None, roles: tuple[PersonRole, ...] = (),
                   lives_in_household: bool = True, address: str = "", postcode: str = "",
                   city: str = "", phone: str = "", secret_address: bool = False,
                   note: str = "") -> int:
        given, family = _name(given_name, "voornaam"), _name(family_name, "achternaam")
        with self._uow() as uow:
            if birth_date and birth_date > uow.clock.today():
                raise ValidationError("birth_date_future")
            pid = uow.cases.add_person(
                household_id, given_name=given, family_name=family, birth_date=birth_date,
                roles=roles, lives_in_household=lives_in_household, address=address.strip(),
                postcode=postcode.strip().upper(), city=city.strip(), phone=phone.strip(),
                secret_address=secret_address, note=_text(note, "notitie"))
            uow.audit("person.create", "person", pid, household_id,
                      detail={"roles": sorted(r.role.value for r in roles)})
            uow.commit()
            return pid

    def update_person(self, person_id: int, **values: object) -> None:
        for key in ("given_name", "family_name"):
            if key in values:
                values[key] = _name(str(values[key]), key)
        if "note" in values:
            values["note"] = _text(str(values["note"]), "notitie")
        with self._uow() as uow:
            person = uow.cases.get_person(person_id)
            uow.cases.update_person(person_id, **values)
            uow.audit("person.update", "person", person_id, person.household_id,
                      detail={"fields": sorted(values)})
            uow.commit()

    def set_roles(self, person_id: int, roles: tuple[PersonRole, ...]) -> None:
        with self._uow() as uow:
            person = uow.cases.get_person(person_id)
            uow.cases.set_roles(person_id, roles)
            uow.audit("person.roles", "person", person_id, person.household_id,
                      detail={"roles": sorted(f"{r.role.value}:{r.certainty.value}"
                                              for r in roles)})
            uow.commit()

    def add_relationship(self, household_id: int, person_a: int, person_b: int,
                         kind: RelationshipKind, start: date | None = None,
                         end: date | None = None) -> int:
        if person_a == person_b:
            raise ValidationError("relationship_self")
        if start and end and end < start:
            raise ValidationError("end_before_start")
        with self._uow() as uow:
            for pid in (person_a, person_b):
                if uow.cases.get_person(pid).household_id != household_id:
                    raise ValidationError("person_other_household")
            rid = uow.cases.add_relationship(household_id, person_a, person_b, kind, start, end)
            uow.audit("relationship.create", "relationship", rid, household_id,
                      detail={"kind": kind.value})
            uow.commit()
            return rid

    def add_network_member(self, household_id: int, name: str, relation: str,
                           stance: NetworkStance, *, phone: str = "", address: str = "",
                           secret_address: bool = False, note: str = "") -> int:
        name = _name(name, "naam")
        with self._uow() as uow:
            nid = uow.cases.add_network_member(
                household_id, name=name, relation=relation.strip(), stance=stance,
                phone=phone.strip(), address=address.strip(), secret_address=secret_address,
                note=_text(note, "notitie"))
            uow.audit("network.create", "network_member", nid, household_id,
                      detail={"stance": stance.value})
            uow.commit()
            return nid

    # -- professionals and case direction ---------------------------------------------------------
    def add_professional(self, name: str, organisation: str, *, function: str = "",
                         phone: str = "", email: str = "") -> int:
        name, org = _name(name, "naam"), _name(organisation, "organisatie")
        with self._uow() as uow:
            pid = uow.cases.add_professional(name=name, organisation=org, function=function,
                                             phone=phone, email=email)
            uow.audit("professional.create", "professional", pid)
            uow.commit()
            return pid

    def involve_professional(self, household_id: int, professional_id: int, role: str,
                             start: date) -> int:
        with self._uow() as uow:
            iid = uow.cases.add_involvement(household_id, professional_id,
                                            role=_text(role, "rol"), is_regisseur=False,
                                            start=start)
            uow.audit("involvement.create", "involvement", iid, household_id)
            uow.commit()
            return iid

    def assign_regisseur(self, household_id: int, professional_id: int, start: date) -> int:
        """Make a professional the regisseur. Refused while another one is active (rule 1):
        use ``change_regisseur`` for a hand-over."""
        with self._uow() as uow:
            file = uow.cases.load_file(household_id)
            active = file.active_regisseurs(start)
            if active:
                current = file.professional(active[0].professional_id)
                raise ValidationError("regisseur_exists", name=current.name if current else "")
            iid = uow.cases.add_involvement(household_id, professional_id, role="regisseur",
                                            is_regisseur=True, start=start)
            uow.audit("regisseur.assign", "involvement", iid, household_id)
            uow.commit()
            return iid

    def change_regisseur(self, household_id: int, professional_id: int, on: date,
                         reason: str) -> int:
        """Hand case direction over: the current regisseur's involvement ends with the reason."""
        reason = _text(reason, "reden", required=True)
        with self._uow() as uow:
            file = uow.cases.load_file(household_id)
            active = file.active_regisseurs(on)
            if any(i.professional_id == professional_id for i in active):
                raise ValidationError("already_regisseur")
            for inv in active:
                uow.cases.end_involvement(inv.id, on, reason)
            iid = uow.cases.add_involvement(household_id, professional_id, role="regisseur",
                                            is_regisseur=True, start=on)
            uow.audit("regisseur.change", "involvement", iid, household_id,
                      detail={"ended": [i.id for i in active]})
            uow.commit()
            return iid

    def end_involvement(self, household_id: int, involvement_id: int, end: date,
                        reason: str) -> None:
        reason = _text(reason, "reden", required=True)
        with self._uow() as uow:
            inv = uow.cases.end_involvement(involvement_id, end, reason)
            if inv.household_id != household_id:
                raise ValidationError("person_other_household")
            uow.audit("involvement.end", "involvement", involvement_id, household_id)
            uow.commit()

    # -- timeline -------------------------------------------------------------------------------
    def record_incident(self, household_id: int, occurred_on: date,
                        forms: tuple[ViolenceForm, ...], severity: Severity, *,
                        victim_ids: tuple[int, ...] = (), perpetrator_ids: tuple[int, ...] = (),
                        children_present: bool = False, police_involved: bool = False,
                        police_report: bool = False, description: str = "") -> int:
        if not forms:
            raise ValidationError("forms_required")
        with self._uow() as uow:
            if occurred_on > uow.clock.today():
                raise ValidationError("date_future")
            for pid in (*victim_ids, *perpetrator_ids):
                if uow.cases.get_person(pid).household_id != household_id:
                    raise ValidationError("person_other_household")
            iid = uow.cases.add_incident(
                household_id, occurred_on=occurred_on, forms=forms, severity=severity,
                victim_ids=victim_ids, perpetrator_ids=perpetrator_ids,
                children_present=children_present, police_involved=police_involved,
                police_report=police_report, description=_text(description, "omschrijving"))
            uow.audit("incident.create", "incident", iid, household_id,
                      detail={"severity": severity.value, "police_report": police_report})
            uow.commit()
            return iid

    def add_journal_entry(self, household_id: int, kind: JournalKind, text: str,
                          occurred_at: datetime | None = None) -> int:
        text = _text(text, "tekst", required=True)
        with self._uow() as uow:
            jid = uow.cases.add_journal(household_id, kind=kind,
                                        occurred_at=occurred_at or uow.clock.now(),
                                        author=uow.actor, text=text)
            uow.audit("journal.create", "journal_entry", jid, household_id,
                      detail={"kind": kind.value})
            uow.commit()
            return jid

    # -- plan van aanpak ---------------------------------------------------------------------------
    def add_goal(self, household_id: int, phase: Phase, text: str,
                 person_id: int | None = None) -> int:
        """A goal for one person, or for the whole system when ``person_id`` is None."""
        text = _text(text, "doel", required=True)
        with self._uow() as uow:
            if person_id is not None and \
                    uow.cases.get_person(person_id).household_id != household_id:
                raise ValidationError("person_other_household")
            gid = uow.cases.add_goal(household_id, phase=phase, person_id=person_id, text=text)
            uow.audit("plan.goal.create", "plan_goal", gid, household_id,
                      detail={"phase": phase.value})
            uow.commit()
            return gid

    def update_goal(self, goal_id: int, *, text: str | None = None,
                    status: PlanStatus | None = None) -> None:
        if text is not None:
            text = _text(text, "doel", required=True)
        with self._uow() as uow:
            hid = uow.cases.goal_household(goal_id)
            uow.cases.update_goal(goal_id, text=text, status=status)
            uow.audit("plan.goal.update", "plan_goal", goal_id, hid,
                      detail={"status": status.value if status else None})
            uow.commit()

    def add_action(self, goal_id: int, what: str, who: str = "",
                   due: date | None = None) -> int:
        what = _text(what, "wat", required=True)
        with self._uow() as uow:
            hid = uow.cases.goal_household(goal_id)
            aid = uow.cases.add_action(goal_id, what=what, who=who.strip()[:MAX_NAME], due=due)
            uow.audit("plan.action.create", "plan_action", aid, hid)
            uow.commit()
            return aid

    def set_action_status(self, action_id: int, status: PlanStatus) -> None:
        with self._uow() as uow:
            hid = uow.cases.set_action_status(action_id, status)
            uow.audit("plan.action.status", "plan_action", action_id, hid,
                      detail={"status": status.value})
            uow.commit()

    def record_child_offer(self, household_id: int, person_id: int, *, description: str = "",
                           provider: str = "", start: date | None = None,
                           no_offer_reason: str = "") -> int:
        """Rule 8: an offer for a child victim or witness, or the reason there is none."""
        description = _text(description, "aanbod")
        no_offer_reason = _text(no_offer_reason, "reden")
        if not description and not no_offer_reason:
            raise ValidationError("offer_or_reason_required")
        with self._uow() as uow:
            if uow.cases.get_person(person_id).household_id != household_id:
                raise ValidationError("person_other_household")
            oid = uow.cases.add_child_offer(household_id, person_id, description=description,
                                            provider=provider.strip()[:MAX_NAME], start=start,
                                            no_offer_reason=no_offer_reason)
            uow.audit("child_offer.create", "child_offer", oid, household_id,
                      detail={"offer": not no_offer_reason})
            uow.commit()
            return oid
