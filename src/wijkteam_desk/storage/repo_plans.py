"""SQL for veiligheidsvoorwaarden (VT conditions, with their reviews) and veiligheidsplan versions.

A plan version is stored whole, as canonical JSON in ``safety_plan.document`` (the domain
dataclasses, see ``domain.safety_plan_json``); what lists and rules query on (version, status,
evaluation date, fix date) is copied into columns. Everything returned is a domain object."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.safety_plan import (
    ConditionReview,
    PlanStatus,
    ReviewStatus,
    SafetyCondition,
    SafetyPlan,
)
from ..domain.safety_plan_json import plan_from_json, plan_to_json
from .facts_base import Scope, day, in_scope, iso
from .models import HouseholdRow, PhaseChangeRow
from .models_work import ConditionReviewRow, SafetyConditionRow, SafetyPlanRow


def _split(text: str) -> tuple[str, ...]:
    return tuple(x for x in text.split(",") if x)


class SafetyPlanRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- conditions ---------------------------------------------------------------------------
    def add_condition(self, household_id: int, *, text: str, set_by: str, set_on: date | None,
                      external_id: str = "") -> int:
        if self.s.get(HouseholdRow, household_id) is None:
            raise NotFound(household_id=household_id)
        row = SafetyConditionRow(household_id=household_id, text=text, set_by=set_by,
                                 set_on=set_on, external_id=external_id, import_snapshot="",
                                 goal_ids="")
        self.s.add(row)
        self.s.flush()
        return row.id

    def _condition_row(self, condition_id: int) -> SafetyConditionRow:
        row = self.s.get(SafetyConditionRow, condition_id)
        if row is None:
            raise NotFound(condition_id=condition_id)
        return row

    def condition_household(self, condition_id: int) -> int:
        return self._condition_row(condition_id).household_id

    def add_review(self, condition_id: int, *, on: date, status: ReviewStatus, note: str = "",
                   monitoring_id: int | None = None) -> int:
        self._condition_row(condition_id)
        row = ConditionReviewRow(condition_id=condition_id, reviewed_on=on, status=status.value,
                                 note=note, monitoring_id=monitoring_id)
        self.s.add(row)
        self.s.flush()
        return row.id

    def set_condition_goals(self, condition_id: int, goal_ids: tuple[str, ...]) -> None:
        self._condition_row(condition_id).goal_ids = ",".join(dict.fromkeys(goal_ids))
        self.s.flush()

    def conditions(self, household_id: int) -> list[SafetyCondition]:
        rows = list(self.s.scalars(select(SafetyConditionRow).where(
            SafetyConditionRow.household_id == household_id).order_by(SafetyConditionRow.id)))
        reviews = list(self.s.scalars(select(ConditionReviewRow).where(
            ConditionReviewRow.condition_id.in_([r.id for r in rows]))
            .order_by(ConditionReviewRow.reviewed_on, ConditionReviewRow.id)))
        return [
            SafetyCondition(
                r.id, r.text, r.set_by, r.set_on or date.min,
                tuple(ConditionReview(v.reviewed_on, ReviewStatus(v.status), v.note)
                      for v in reviews if v.condition_id == r.id), r.withdrawn_on)
            for r in rows
        ]

    def condition_goal_links(self, household_id: int) -> dict[int, tuple[str, ...]]:
        rows = self.s.execute(select(SafetyConditionRow.id, SafetyConditionRow.goal_ids).where(
            SafetyConditionRow.household_id == household_id))
        return {cid: _split(goals or "") for cid, goals in rows}

    # -- plan versions ------------------------------------------------------------------------
    def add_plan(self, plan: SafetyPlan, now: datetime) -> SafetyPlan:
        """Store a new version; returns it with its storage id."""
        if self.s.get(HouseholdRow, plan.household_id) is None:
            raise NotFound(household_id=plan.household_id)
        row = SafetyPlanRow(household_id=plan.household_id, version=plan.version,
                            status=plan.status.value, evaluation_on=plan.evaluate_on,
                            fixed_on=plan.fixed_on, document="{}", updated_at=now)
        self.s.add(row)
        self.s.flush()
        stored = replace(plan, id=row.id)
        row.document = plan_to_json(stored)
        self.s.flush()
        return stored

    def update_plan(self, plan: SafetyPlan, now: datetime) -> SafetyPlan:
        """Overwrite a stored version (same id, household and version number)."""
        row = self._plan_row(plan.id or 0)
        if row.household_id != plan.household_id or row.version != plan.version:
            raise NotFound(plan_id=plan.id)
        row.status = plan.status.value
        row.evaluation_on = plan.evaluate_on
        row.fixed_on = plan.fixed_on
        row.document = plan_to_json(plan)
        row.updated_at = now
        self.s.flush()
        return plan

    def _plan_row(self, plan_id: int) -> SafetyPlanRow:
        row = self.s.get(SafetyPlanRow, plan_id)
        if row is None:
            raise NotFound(plan_id=plan_id)
        return row

    @staticmethod
    def _from_row(row: SafetyPlanRow) -> SafetyPlan:
        return replace(plan_from_json(row.document), id=row.id)

    def get_plan(self, plan_id: int) -> SafetyPlan:
        return self._from_row(self._plan_row(plan_id))

    def plans(self, household_id: int) -> list[SafetyPlan]:
        """Every version of the household's plan, oldest first."""
        rows = self.s.scalars(select(SafetyPlanRow).where(
            SafetyPlanRow.household_id == household_id).order_by(SafetyPlanRow.version))
        return [self._from_row(r) for r in rows]


def plan_facts(session: Session, scope: Scope) -> dict[int, dict[str, object]]:
    """Per household: ``plan_status`` (geen / concept / vastgesteld), ``plan_evaluation_due``
    (evaluation date of the current vastgesteld plan) and ``plan_review_needed`` (the date of
    the last phase change when it came after that plan was vastgesteld; rule 2). Two grouped
    queries for the whole caseload, merged here (one join of both is many times slower)."""
    fixed = SafetyPlanRow.status == PlanStatus.VASTGESTELD.value
    plans = (select(SafetyPlanRow.household_id, func.count(),
                    func.sum(case((fixed, 1), else_=0)),
                    func.max(case((fixed, SafetyPlanRow.fixed_on))),
                    func.max(case((fixed, SafetyPlanRow.evaluation_on))))
             .where(in_scope(SafetyPlanRow.household_id, scope))
             .group_by(SafetyPlanRow.household_id))
    last_phase = {hid: last for hid, last in session.execute(
        select(PhaseChangeRow.household_id, func.max(PhaseChangeRow.changed_on))
        .where(in_scope(PhaseChangeRow.household_id, scope))
        .group_by(PhaseChangeRow.household_id))}
    ids = scope if scope is not None else session.scalars(select(HouseholdRow.id))
    out: dict[int, dict[str, object]] = {hid: {"plan_status": "geen"} for hid in ids}
    for hid, n, n_fixed, fixed_on, evaluate_on in session.execute(plans):
        if not n:
            continue
        facts: dict[str, object] = {"plan_status": "vastgesteld" if n_fixed else "concept"}
        fixed_day, last = day(fixed_on), day(last_phase.get(hid))
        if n_fixed:
            facts["plan_evaluation_due"] = iso(evaluate_on)
            if fixed_day and last and last > fixed_day:
                facts["plan_review_needed"] = last.isoformat()
        out[hid] = facts
    return out


def resolve_plan(stored: dict[str, Any], today: date) -> dict[str, object]:
    facts: dict[str, object] = {}
    if "plan_status" in stored:
        facts["plan_status"] = stored["plan_status"]
    for key in ("plan_evaluation_due", "plan_review_needed"):
        if key in stored:
            facts[key] = day(stored[key])
    return facts
