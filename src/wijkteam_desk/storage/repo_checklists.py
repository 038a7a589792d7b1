"""Checklist runs and veiligheidsschaal scores, and the facts rules 5, 6, 8, 9 and the overdue
checklist need (``checklist_facts`` and ``safety_facts``, one grouped query each).

A run's answers, outcome reason and facts snapshot are one JSON document (``document``); what the
rules query on stays in columns (template, completion time, outcome). The providers read inside
that JSON with SQLite's ``json_extract``, so they stay one query for the whole caseload."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
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
from .facts_base import Scope, day, in_scope, iso, latest
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


def checklist_facts(session: Session, scope: Scope) -> dict[int, dict[str, object]]:
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
            .where(r.completed_at.is_not(None), in_scope(r.household_id, scope))
            .group_by(r.household_id, r.template_id))
    out: dict[int, dict[str, Any]] = {}
    for hid, template_id, last, escalation, thv, dependent, no_access in session.execute(stmt):
        facts = out.setdefault(hid, {"checklists_completed": {}, "consult_criteria": {}})
        facts["checklists_completed"][template_id] = iso(last)
        criteria = facts["consult_criteria"]
        if thv:
            criteria["eerder_huisverbod"] = latest(criteria.get("eerder_huisverbod"), thv)
            if template_id == ZICHT_TEMPLATE:
                facts["huisverbod_on"] = iso(thv)
        if template_id == ZICHT_TEMPLATE and escalation:
            facts["escalation_run_on"] = iso(escalation)
        if template_id in (ZICHT_TEMPLATE, MELDCODE_TEMPLATE):
            facts["reweigh_run_on"] = latest(facts.get("reweigh_run_on"), last)
        if template_id == CONSULT_TEMPLATE:
            facts["consult_run_on"] = iso(last)
            # These two hold only while the latest consultation checklist still says ja.
            for name, when in (("zorgafhankelijke_ouders", dependent),
                               ("geen_toegang", no_access)):
                if when is not None and when == last:
                    criteria[name] = iso(when)
    return out


_CHECKLIST_DATES = ("reweigh_run_on", "consult_run_on", "huisverbod_on", "escalation_run_on")


def resolve_checklists(stored: dict[str, Any], today: date) -> dict[str, object]:
    if "checklists_completed" not in stored:
        return {}
    facts: dict[str, object] = {
        "checklists_completed": {k: day(v) for k, v in stored["checklists_completed"].items()},
        "consult_criteria": {k: day(v) for k, v in stored["consult_criteria"].items()},
    }
    for key in _CHECKLIST_DATES:
        if key in stored:
            facts[key] = day(stored[key])
    return facts


def _has_form(form: ViolenceForm) -> Any:
    return (literal(",") + IncidentRow.forms + literal(",")).like(f"%,{form.value},%")


_TRIGGER_NAMES = ("eergerelateerd", "seksueel", "ernstige_dreiging", "extreme_stalking",
                  "grote_dreiging")


SAFETY_READS = frozenset({"person", "person_role", "child_offer", "incident", "journal_entry",
                          "safety_plan"})
OPENED_READS = frozenset({"household"})


def opened_facts(session: Session, scope: Scope) -> dict[int, dict[str, object]]:
    """Per household: ``opened_on``. Apart from ``safety_facts``, which reads six other tables:
    a change of the household's own row (its next action, its phase) asks only this again."""
    return {hid: {"opened_on": iso(opened)} for hid, opened in session.execute(
        select(HouseholdRow.id, HouseholdRow.opened_on).where(in_scope(HouseholdRow.id, scope)))}


def resolve_opened(stored: dict[str, Any], today: date) -> dict[str, object]:
    return {"opened_on": day(stored.get("opened_on"))} if "opened_on" in stored else {}


def safety_facts(session: Session, scope: Scope) -> dict[int, dict[str, object]]:
    """From the household file, per household: ``kind_role`` (someone has the
    role kind), ``youngest_born`` and ``offer_candidates`` ([given name, birth date, kind role]
    of each victim or witness without an offer: who of them is a child depends on the day);
    ``serious_threat_on``, ``specialist_triggers`` {trigger: latest incident date},
    ``police_report_on``, ``consult_journal_on``, ``escalation_journal_on``, ``plan_fixed_on``.
    Grouped queries, one per table, merged here (joined in one statement they are many times
    slower)."""
    roles = (select(PersonRoleRow.person_id.label("pid"),
                    func.max(case((PersonRoleRow.role == Role.KIND.value, 1), else_=0))
                    .label("kind"),
                    func.max(case((PersonRoleRow.role.in_([Role.SLACHTOFFER.value,
                                                           Role.GETUIGE.value]), 1), else_=0))
                    .label("involved"))
             .join(PersonRow, PersonRow.id == PersonRoleRow.person_id)
             .where(in_scope(PersonRow.household_id, scope))
             .group_by(PersonRoleRow.person_id).subquery())
    out: dict[int, dict[str, Any]] = {}
    for hid in session.scalars(select(HouseholdRow.id).where(in_scope(HouseholdRow.id, scope))):
        out[hid] = {"kind_role": False, "youngest_born": None, "offer_candidates": [],
                    "specialist_triggers": {}}
    people = (select(PersonRow.household_id, func.max(func.coalesce(roles.c.kind, 0)),
                     func.max(PersonRow.birth_date))
              .outerjoin(roles, roles.c.pid == PersonRow.id)
              .where(in_scope(PersonRow.household_id, scope))
              .group_by(PersonRow.household_id))
    for hid, kind, youngest in session.execute(people):
        if hid in out:
            out[hid].update(kind_role=bool(kind), youngest_born=iso(youngest))
    offered = select(ChildOfferRow.person_id).where(in_scope(ChildOfferRow.household_id, scope))
    candidates = (select(PersonRow.household_id, PersonRow.given_name, PersonRow.birth_date,
                         roles.c.kind)
                  .join(roles, roles.c.pid == PersonRow.id)
                  .where(roles.c.involved == 1, PersonRow.id.not_in(offered))
                  .order_by(PersonRow.household_id, PersonRow.id))
    for hid, given, born, kind in session.execute(candidates):
        if hid in out:
            out[hid]["offer_candidates"].append([given, iso(born), bool(kind)])
    i = IncidentRow
    severe = i.severity.in_([Severity.ERNSTIG.value, Severity.ZEER_ERNSTIG.value])
    very = i.severity == Severity.ZEER_ERNSTIG.value
    threat = and_(_has_form(ViolenceForm.BEDREIGING), severe)
    triggers = (_has_form(ViolenceForm.EERGERELATEERD), _has_form(ViolenceForm.SEKSUEEL), threat,
                and_(_has_form(ViolenceForm.STALKING), very), very)
    incidents = (select(i.household_id, func.max(case((or_(very, threat), i.occurred_on))),
                        func.max(case((i.police_report.is_(True), i.occurred_on))),
                        *[func.max(case((cond, i.occurred_on))) for cond in triggers])
                 .where(in_scope(i.household_id, scope))
                 .group_by(i.household_id))
    for hid, threat_on, police, *trigger_days in session.execute(incidents):
        if hid in out:
            out[hid].update(serious_threat_on=iso(threat_on), police_report_on=iso(police),
                            specialist_triggers={
                                name: iso(v) for name, v in zip(_TRIGGER_NAMES, trigger_days,
                                                                strict=True) if v is not None})
    j = JournalRow
    journal = (select(j.household_id,
                      func.max(case((j.kind == JournalKind.CONSULTATIE_VT.value, j.occurred_at))),
                      func.max(case((j.kind.in_([JournalKind.CONSULTATIE_VT.value,
                                                 JournalKind.CASUSOVERLEG.value]),
                                     j.occurred_at))))
               .where(in_scope(j.household_id, scope),
                      j.kind.in_([JournalKind.CONSULTATIE_VT.value,
                                  JournalKind.CASUSOVERLEG.value]))
               .group_by(j.household_id))
    for hid, consult, escalation in session.execute(journal):
        if hid in out:
            out[hid].update(consult_journal_on=iso(consult), escalation_journal_on=iso(escalation))
    plans = (select(SafetyPlanRow.household_id, func.max(SafetyPlanRow.fixed_on))
             .where(in_scope(SafetyPlanRow.household_id, scope))
             .group_by(SafetyPlanRow.household_id))
    for hid, fixed in session.execute(plans):
        if hid in out:
            out[hid]["plan_fixed_on"] = iso(fixed)
    return out


_SAFETY_DATES = ("serious_threat_on", "police_report_on", "consult_journal_on",
                 "escalation_journal_on", "plan_fixed_on")


def resolve_safety(stored: dict[str, Any], today: date) -> dict[str, object]:
    """On ``today``: who is a child (the role kind, or younger than 18) decides ``has_children``
    and ``children_without_offer``."""
    if "kind_role" not in stored:
        return {}
    born_after = add_months(today, -18 * 12)

    def child(born: object, kind_role: bool) -> bool:
        birth = day(born)
        return kind_role or (birth is not None and birth > born_after)

    facts: dict[str, object] = {key: day(stored.get(key)) for key in _SAFETY_DATES}
    facts["has_children"] = child(stored.get("youngest_born"), bool(stored.get("kind_role")))
    facts["children_without_offer"] = tuple(
        name for name, born, kind in stored.get("offer_candidates", ()) if child(born, kind))
    facts["specialist_triggers"] = {k: day(v)
                                    for k, v in stored.get("specialist_triggers", {}).items()}
    return facts
