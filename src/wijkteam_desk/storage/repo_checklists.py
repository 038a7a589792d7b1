"""Checklist runs and veiligheidsschaal scores, and the facts rules 5, 6, 8, 9 and the overdue
checklist need (``checklist_facts`` and ``safety_facts``, one grouped query each).

A run's answers, outcome reason and facts snapshot are one JSON document (``document``); what the
rules query on stays in columns (template, completion time, outcome). The providers read inside
that JSON with SQLite's ``json_extract``, so they stay one query for the whole caseload."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, true
from sqlalchemy.orm import Session

from ..domain.checklists import (
    Answer,
    ChecklistRun,
    StoredRun,
    answers_from_json,
    answers_to_json,
)
from ..domain.errors import NotFound
from ..domain.model import JournalKind, Role, Severity, ViolenceForm
from ..domain.rules_safety import CONSULT_TEMPLATE, MELDCODE_TEMPLATE, ZICHT_TEMPLATE
from ..domain.safety_scale import SafetyScore, ScoredBy
from ..domain.schedule import add_months
from .models import (
    ChildOfferRow,
    HouseholdRow,
    IncidentRow,
    JournalRow,
    PersonRoleRow,
    PersonRow,
)
from .models_work import ChecklistRunRow, SafetyPlanRow, SafetyScoreRow


def _aware(value: datetime | None) -> datetime | None:
    # SQLite keeps no time zone; every time the app writes is UTC (the clock's now()).
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _naive(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC).replace(tzinfo=None) if value and value.tzinfo else value


def _day(value: object) -> date | None:
    """Aggregates over date/datetime columns come back from SQLite as text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _document(run: ChecklistRun) -> str:
    outcome = {"value": run.outcome.value, "note": run.outcome.note} if run.outcome else None
    return json.dumps({"answers": answers_to_json(run.answers), "outcome": outcome,
                       "facts": dict(run.facts)}, ensure_ascii=False, sort_keys=True)


def _run(row: ChecklistRunRow) -> StoredRun:
    doc: dict[str, Any] = json.loads(row.document)
    raw_outcome = doc.get("outcome")
    outcome = Answer(raw_outcome["value"], raw_outcome.get("note", "")) if raw_outcome else None
    started = _aware(row.started_at)
    assert started is not None
    return StoredRun(row.id, ChecklistRun(
        row.template_id, row.template_version, row.household_id, row.author, started,
        answers=answers_from_json(doc.get("answers", {})), outcome=outcome,
        completed_at=_aware(row.completed_at), facts=doc.get("facts", {})))


class ChecklistRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- runs ---------------------------------------------------------------------------------
    def add_run(self, run: ChecklistRun) -> int:
        row = ChecklistRunRow(household_id=run.household_id, template_id=run.template_id,
                              template_version=run.template_version, author=run.author,
                              started_at=_naive(run.started_at), completed_at=None,
                              outcome="", document=_document(run))
        self.s.add(row)
        self.s.flush()
        return row.id

    def _row(self, run_id: int) -> ChecklistRunRow:
        row = self.s.get(ChecklistRunRow, run_id)
        if row is None:
            raise NotFound(run_id=run_id)
        return row

    def get_run(self, run_id: int) -> StoredRun:
        return _run(self._row(run_id))

    def save_run(self, run_id: int, run: ChecklistRun) -> None:
        row = self._row(run_id)
        row.document = _document(run)
        row.outcome = run.outcome.value if run.outcome else ""
        row.completed_at = _naive(run.completed_at)
        self.s.flush()

    def delete_run(self, run_id: int) -> None:
        self.s.delete(self._row(run_id))
        self.s.flush()

    def runs(self, household_id: int) -> list[StoredRun]:
        """Newest first: the run in progress or the last check is what the tab shows on top."""
        rows = self.s.scalars(select(ChecklistRunRow)
                              .where(ChecklistRunRow.household_id == household_id)
                              .order_by(ChecklistRunRow.started_at.desc(),
                                        ChecklistRunRow.id.desc()))
        return [_run(r) for r in rows]

    # -- veiligheidsschaal --------------------------------------------------------------------
    def add_score(self, household_id: int, person_id: int, scored_on: date, score: int,
                  scored_by: ScoredBy, note: str) -> int:
        row = SafetyScoreRow(household_id=household_id, person_id=person_id, scored_on=scored_on,
                             score=score, scored_by=scored_by.value, note=note)
        self.s.add(row)
        self.s.flush()
        return row.id

    def scores(self, household_id: int) -> list[SafetyScore]:
        rows = self.s.scalars(select(SafetyScoreRow)
                              .where(SafetyScoreRow.household_id == household_id)
                              .order_by(SafetyScoreRow.scored_on, SafetyScoreRow.id))
        return [SafetyScore(r.id, r.household_id, r.person_id, r.scored_on, r.score,
                            ScoredBy(r.scored_by), r.note) for r in rows]


# --- Facts for the rules (domain/rules_safety.py).

def _answer(item_id: str) -> Any:
    return func.json_extract(ChecklistRunRow.document, f"$.answers.{item_id}.value")


def _latest_when(condition: Any) -> Any:
    return func.max(case((condition, ChecklistRunRow.completed_at)))


def checklist_facts(session: Session, today: date,
                    household_id: int | None = None) -> dict[int, dict[str, object]]:
    """From completed runs, per household: ``checklists_completed`` {template: last date};
    ``consult_run_on``, ``reweigh_run_on`` (zicht / meldcode), ``escalation_run_on`` (a zicht
    check decided while specialist direction was advised), ``huisverbod_on`` and
    ``consult_criteria`` (rule 5 criteria the latest consultation checklist answered ja).
    One query grouped by household and template."""
    r = ChecklistRunRow
    is_zicht, is_consult = r.template_id == ZICHT_TEMPLATE, r.template_id == CONSULT_TEMPLATE
    advised = or_(func.json_extract(r.document, "$.facts.opschalen_geadviseerd") == 1,
                  _answer("huisverbod") == "ja")
    stmt = (select(r.household_id, r.template_id, func.max(r.completed_at),
                   _latest_when(and_(is_zicht, advised)),
                   _latest_when(or_(and_(is_zicht, _answer("huisverbod") == "ja"),
                                    and_(is_consult, _answer("eerder_huisverbod") == "ja"))),
                   _latest_when(and_(is_consult, _answer("zorgafhankelijke_ouders") == "ja")),
                   _latest_when(and_(is_consult, _answer("geen_toegang") == "ja")))
            .where(r.completed_at.is_not(None))
            .group_by(r.household_id, r.template_id))
    if household_id is not None:
        stmt = stmt.where(r.household_id == household_id)
    out: dict[int, dict[str, object]] = {}
    for hid, template_id, last, escalation, thv, dependent, no_access in session.execute(stmt):
        facts = out.setdefault(hid, {"checklists_completed": {}, "consult_criteria": {}})
        facts["checklists_completed"][template_id] = _day(last)  # type: ignore[index]
        criteria: dict[str, date | None] = facts["consult_criteria"]  # type: ignore[assignment]
        if thv:
            previous = criteria.get("eerder_huisverbod")
            criteria["eerder_huisverbod"] = max(d for d in (previous, _day(thv)) if d)
            if template_id == ZICHT_TEMPLATE:
                facts["huisverbod_on"] = _day(thv)
        if template_id == ZICHT_TEMPLATE and escalation:
            facts["escalation_run_on"] = _day(escalation)
        if template_id in (ZICHT_TEMPLATE, MELDCODE_TEMPLATE):
            facts["reweigh_run_on"] = max(d for d in (facts.get("reweigh_run_on"), _day(last))
                                          if isinstance(d, date))
        if template_id == CONSULT_TEMPLATE:
            facts["consult_run_on"] = _day(last)
            # These two hold only while the latest consultation checklist still says ja.
            for name, when in (("zorgafhankelijke_ouders", dependent),
                               ("geen_toegang", no_access)):
                if when is not None and when == last:
                    criteria[name] = _day(when)
    return out


def _has_form(form: ViolenceForm) -> Any:
    return (literal(",") + IncidentRow.forms + literal(",")).like(f"%,{form.value},%")


def _scope(column: Any, household_id: int | None) -> Any:
    """The household filter inside each grouped subquery: SQLite does not push it down."""
    return true() if household_id is None else column == household_id


def safety_facts(session: Session, today: date,
                 household_id: int | None = None) -> dict[int, dict[str, object]]:
    """From the household file, per household: ``opened_on``, ``has_children``,
    ``children_without_offer`` (given names), ``serious_threat_on``, ``specialist_triggers``
    {trigger: latest incident date}, ``police_report_on``, ``consult_journal_on``,
    ``escalation_journal_on`` and ``plan_fixed_on``. One statement: grouped subqueries joined
    to the household (the caseload pattern of ``CaseRepository.case_summaries``)."""
    child_born_after = add_months(today, -18 * 12)
    roles = (select(PersonRoleRow.person_id.label("pid"),
                    func.max(case((PersonRoleRow.role == Role.KIND.value, 1), else_=0))
                    .label("kind"),
                    func.max(case((PersonRoleRow.role.in_([Role.SLACHTOFFER.value,
                                                           Role.GETUIGE.value]), 1), else_=0))
                    .label("involved"))
             .where(true() if household_id is None else PersonRoleRow.person_id.in_(
                 select(PersonRow.id).where(PersonRow.household_id == household_id)))
             .group_by(PersonRoleRow.person_id).subquery())
    offered = select(ChildOfferRow.person_id).where(
        _scope(ChildOfferRow.household_id, household_id))
    is_child = or_(roles.c.kind == 1, PersonRow.birth_date > child_born_after)
    needs_offer = and_(is_child, roles.c.involved == 1, PersonRow.id.not_in(offered))
    people = (select(PersonRow.household_id.label("hid"),
                     func.max(case((is_child, 1), else_=0)).label("children"),
                     func.group_concat(case((needs_offer, PersonRow.given_name)), "|")
                     .label("no_offer"))
              .outerjoin(roles, roles.c.pid == PersonRow.id)
              .where(_scope(PersonRow.household_id, household_id))
              .group_by(PersonRow.household_id).subquery())
    i = IncidentRow
    severe = i.severity.in_([Severity.ERNSTIG.value, Severity.ZEER_ERNSTIG.value])
    very = i.severity == Severity.ZEER_ERNSTIG.value
    threat = and_(_has_form(ViolenceForm.BEDREIGING), severe)
    triggers = {
        "eergerelateerd": _has_form(ViolenceForm.EERGERELATEERD),
        "seksueel": _has_form(ViolenceForm.SEKSUEEL),
        "ernstige_dreiging": threat,
        "extreme_stalking": and_(_has_form(ViolenceForm.STALKING), very),
        "grote_dreiging": very,
    }
    incidents = (select(i.household_id.label("hid"),
                        func.max(case((or_(very, threat), i.occurred_on))).label("threat"),
                        func.max(case((i.police_report.is_(True), i.occurred_on)))
                        .label("police"),
                        *[func.max(case((cond, i.occurred_on))).label(name)
                          for name, cond in triggers.items()])
                 .where(_scope(i.household_id, household_id))
                 .group_by(i.household_id).subquery())
    j = JournalRow
    journal = (select(j.household_id.label("hid"),
                      func.max(case((j.kind == JournalKind.CONSULTATIE_VT.value, j.occurred_at)))
                      .label("consult"),
                      func.max(case((j.kind.in_([JournalKind.CONSULTATIE_VT.value,
                                                 JournalKind.CASUSOVERLEG.value]),
                                     j.occurred_at))).label("escalation"))
               .where(_scope(j.household_id, household_id))
               .group_by(j.household_id).subquery())
    plans = (select(SafetyPlanRow.household_id.label("hid"),
                    func.max(SafetyPlanRow.fixed_on).label("fixed"))
             .where(_scope(SafetyPlanRow.household_id, household_id))
             .group_by(SafetyPlanRow.household_id).subquery())
    stmt = (select(HouseholdRow.id, HouseholdRow.opened_on, people.c.children,
                   people.c.no_offer, incidents.c.threat, incidents.c.police,
                   *[incidents.c[name] for name in triggers], journal.c.consult,
                   journal.c.escalation, plans.c.fixed)
            .outerjoin(people, people.c.hid == HouseholdRow.id)
            .outerjoin(incidents, incidents.c.hid == HouseholdRow.id)
            .outerjoin(journal, journal.c.hid == HouseholdRow.id)
            .outerjoin(plans, plans.c.hid == HouseholdRow.id))
    if household_id is not None:
        stmt = stmt.where(HouseholdRow.id == household_id)
    out: dict[int, dict[str, object]] = {}
    n = len(triggers)
    for row in session.execute(stmt):
        hid, opened, children, no_offer, threat_on, police = row[:6]
        trigger_days = {name: _day(v) for name, v in zip(triggers, row[6:6 + n], strict=True)
                        if v is not None}
        consult, escalation, fixed = row[6 + n:]
        out[hid] = {
            "opened_on": _day(opened),
            "has_children": bool(children),
            "children_without_offer": tuple(no_offer.split("|")) if no_offer else (),
            "serious_threat_on": _day(threat_on),
            "specialist_triggers": trigger_days,
            "police_report_on": _day(police),
            "consult_journal_on": _day(consult),
            "escalation_journal_on": _day(escalation),
            "plan_fixed_on": _day(fixed),
        }
    return out
