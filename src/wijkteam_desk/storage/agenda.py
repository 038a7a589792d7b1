"""Vandaag's one query path: what can fall due, per household, kept next to the caseload table.

``agenda_facts`` reads, for some households or all, what can fall due: open plan agreements with
a by-when, checklist runs not finished, monitoring moments not done, VT conditions with their last
review, the current plan's evaluation date, the last incident, and the next action's date.
``write`` stores that per household in ``agenda_entry`` (models_agenda.py) with the earliest due
date (``domain.agenda.earliest_due``) and an open case's closing date in indexed columns; the
caseload's refresh calls it, so the entry is rewritten in the transaction of every change
(storage/caseload.py). ``AgendaRepository.facts`` then reads only households with something in
the window, in one statement. A table of its own rather than a part of the caseload's facts:
the dashboard query does not carry it, and Vandaag parses no JSON but its own (SQLite's
json_extract over every caseload entry cost a second for 5,000 households). Texts are cut to
``TEXT_CUT`` characters: a line of Vandaag, not the record.

What comes from the household's own row (open or not, the next action's date) is read apart
from the rest (``HOUSEHOLD_READS`` and ``REST_READS``): when a colleague's version changed only
that row, ``write`` asks it alone and keeps the rest as stored."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from ..domain.agenda import (
    AgendaFacts,
    ConditionDue,
    MomentDue,
    OpenRun,
    PlanDue,
    earliest_due,
)
from ..domain.model import HouseholdStatus, PlanStatus
from ..domain.monitoring import MomentStatus
from ..domain.safety_plan import PlanStatus as SafetyPlanStatus
from .facts_base import Scope, day, in_scope, iso
from .models import HouseholdRow, IncidentRow, PlanActionRow, PlanGoalRow
from .models_agenda import AgendaEntryRow
from .models_work import (
    ChecklistRunRow,
    ConditionReviewRow,
    MonitoringMomentRow,
    SafetyConditionRow,
    SafetyPlanRow,
)

TEXT_CUT = 200
_OPEN_WORK = (PlanStatus.OPEN.value, PlanStatus.BEZIG.value)

# Vandaag's read, as the app sends it to the driver (bench/ runs the same text in raw sqlite3):
# households with something due by the horizon, and those whose closing date falls in the window
# (each branch one index range; one OR over both indexes was three times slower). An entry of
# another facts version is skipped: the service refreshes stale entries first.
AGENDA_SQL = """
SELECT h.id, h.name, h.status, h.next_action, h.next_action_on, h.next_action_by, a.items
FROM agenda_entry a JOIN household h ON h.id = a.household_id
WHERE a.due_on <= :until AND a.facts_version = :version
UNION ALL
SELECT h.id, h.name, h.status, h.next_action, h.next_action_on, h.next_action_by, a.items
FROM agenda_entry a JOIN household h ON h.id = a.household_id
WHERE a.closing_on >= :today AND a.closing_on <= :until AND a.facts_version = :version
  AND (a.due_on IS NULL OR a.due_on > :until)
"""


_INSERT = insert(AgendaEntryRow.__table__)
_WRITE_ENTRY = _INSERT.on_conflict_do_update(
    index_elements=[AgendaEntryRow.household_id],
    set_={"facts_version": _INSERT.excluded.facts_version, "due_on": _INSERT.excluded.due_on,
          "closing_on": _INSERT.excluded.closing_on, "items": _INSERT.excluded["items"]})


def _cut(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= TEXT_CUT else text[:TEXT_CUT - 1] + "…"


HOUSEHOLD_READS = frozenset({"household"})
REST_READS = frozenset({"plan_goal", "plan_action", "checklist_run", "monitoring_moment",
                        "safety_condition", "condition_review", "safety_plan", "incident"})


def _household_parts(session: Session, scope: Scope) -> dict[int, dict[str, Any]]:
    """Per household, from its own row: ``open``, ``next_on`` (the next action's date, when it
    has text)."""
    return {hid: {"open": status == HouseholdStatus.OPEN.value,
                  "next_on": iso(next_on) if (text or "").strip() else None}
            for hid, status, next_on, text in session.execute(
                select(HouseholdRow.id, HouseholdRow.status,
                       type_coerce(HouseholdRow.next_action_on, String), HouseholdRow.next_action)
                .where(in_scope(HouseholdRow.id, scope)))}


def agenda_facts(session: Session, scope: Scope) -> dict[int, dict[str, object]]:
    """Per household: ``open``, ``next_on`` (``_household_parts``),
    ``actions`` [[due, id, what, who]] (open or busy agreements of open or busy goals),
    ``runs`` [[started, id, template]], ``moments`` [[due, id, offset, purpose]] (not done),
    ``conditions`` [[last, id, status, text]] (last review or the date set), ``evaluation``,
    ``last_incident``. One statement per table, grouped or ordered by household."""
    out: dict[int, dict[str, Any]] = {hid: {**own, **_nothing_due()}
                                      for hid, own in _household_parts(session, scope).items()}
    _fill_rest(session, scope, out)
    return out


def _nothing_due() -> dict[str, Any]:
    return {"actions": [], "runs": [], "moments": [], "conditions": [], "evaluation": None,
            "last_incident": None}


def _fill_rest(session: Session, scope: Scope, out: dict[int, dict[str, Any]]) -> None:
    """Everything of ``agenda_facts`` but the household's own row, into ``out`` (an entry
    for each household in scope, as ``_nothing_due`` makes it)."""
    actions = (select(PlanGoalRow.household_id, PlanActionRow.due, PlanActionRow.id,
                      PlanActionRow.what, PlanActionRow.who)
               .join(PlanGoalRow, PlanGoalRow.id == PlanActionRow.goal_id)
               .where(in_scope(PlanGoalRow.household_id, scope), PlanActionRow.due.is_not(None),
                      PlanActionRow.status.in_(_OPEN_WORK), PlanGoalRow.status.in_(_OPEN_WORK))
               .order_by(PlanGoalRow.household_id, PlanActionRow.due, PlanActionRow.id))
    for hid, due, aid, what, who in session.execute(actions):
        if hid in out:
            out[hid]["actions"].append([iso(due), aid, _cut(what), _cut(who)])
    runs = (select(ChecklistRunRow.household_id, ChecklistRunRow.started_at, ChecklistRunRow.id,
                   ChecklistRunRow.template_id)
            .where(in_scope(ChecklistRunRow.household_id, scope),
                   ChecklistRunRow.completed_at.is_(None))
            .order_by(ChecklistRunRow.household_id, ChecklistRunRow.id))
    for hid, started, rid, template in session.execute(runs):
        if hid in out:
            out[hid]["runs"].append([iso(started), rid, template])
    moments = (select(MonitoringMomentRow.household_id, MonitoringMomentRow.due_on,
                      MonitoringMomentRow.id, MonitoringMomentRow.offset_months,
                      MonitoringMomentRow.purpose)
               .where(in_scope(MonitoringMomentRow.household_id, scope),
                      MonitoringMomentRow.status != MomentStatus.GEDAAN.value)
               .order_by(MonitoringMomentRow.household_id, MonitoringMomentRow.due_on,
                         MonitoringMomentRow.id))
    for hid, due, mid, offset, purpose in session.execute(moments):
        if hid in out:
            out[hid]["moments"].append([iso(due), mid, offset, _cut(purpose)])
    _conditions(session, scope, out)
    fixed = SafetyPlanRow.status == SafetyPlanStatus.VASTGESTELD.value
    for hid, evaluate_on in session.execute(
            select(SafetyPlanRow.household_id, func.max(case((fixed, SafetyPlanRow.evaluation_on))))
            .where(in_scope(SafetyPlanRow.household_id, scope))
            .group_by(SafetyPlanRow.household_id)):
        if hid in out:
            out[hid]["evaluation"] = iso(evaluate_on)
    for hid, last in session.execute(
            select(IncidentRow.household_id, func.max(IncidentRow.occurred_on))
            .where(in_scope(IncidentRow.household_id, scope))
            .group_by(IncidentRow.household_id)):
        if hid in out:
            out[hid]["last_incident"] = iso(last)


def _conditions(session: Session, scope: Scope, out: dict[int, dict[str, Any]]) -> None:
    latest: dict[int, tuple[str, str]] = {}  # condition id -> (reviewed on, status), last wins
    for cid, on, status in session.execute(
            select(ConditionReviewRow.condition_id, ConditionReviewRow.reviewed_on,
                   ConditionReviewRow.status)
            .join(SafetyConditionRow, SafetyConditionRow.id == ConditionReviewRow.condition_id)
            .where(in_scope(SafetyConditionRow.household_id, scope))
            .order_by(ConditionReviewRow.reviewed_on, ConditionReviewRow.id)):
        latest[cid] = (iso(on) or "", status)
    for hid, cid, text, set_on in session.execute(
            select(SafetyConditionRow.household_id, SafetyConditionRow.id,
                   SafetyConditionRow.text, SafetyConditionRow.set_on)
            .where(in_scope(SafetyConditionRow.household_id, scope))
            .order_by(SafetyConditionRow.household_id, SafetyConditionRow.id)):
        if hid not in out:
            continue
        last_on, status = latest.get(cid, (iso(set_on) or "", ""))
        if last_on:  # a condition without any date cannot fall due
            out[hid]["conditions"].append([last_on, cid, status, _cut(text)])


def parse(hid: int, name: str, status: str, next_action: str, next_on: object, next_by: str,
          part: Mapping[str, Any] | None) -> AgendaFacts:
    """One household's stored agenda part (and its household columns) as domain facts."""
    part = part or {}
    return AgendaFacts(
        hid, name, status == HouseholdStatus.OPEN.value, next_action or "", day(next_on),
        next_by or "",
        tuple(PlanDue(aid, what, who, d) for due, aid, what, who in part.get("actions", ())
              if (d := day(due)) is not None),
        tuple(OpenRun(rid, template, d) for started, rid, template in part.get("runs", ())
              if (d := day(started)) is not None),
        tuple(MomentDue(mid, d, offset, purpose)
              for due, mid, offset, purpose in part.get("moments", ())
              if (d := day(due)) is not None),
        tuple(ConditionDue(cid, text, d, status_)
              for last, cid, status_, text in part.get("conditions", ())
              if (d := day(last)) is not None),
        day(part.get("evaluation")), day(part.get("last_incident")))


def index_columns(part: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """``due_on`` and ``closing_on`` of one household's stored agenda."""
    status = HouseholdStatus.OPEN.value if part.get("open") else HouseholdStatus.GESLOTEN.value
    # ``agenda_facts`` keeps ``next_on`` only for a next action with text, as Vandaag shows it.
    f = parse(0, "", status, "x" if part.get("next_on") else "", part.get("next_on"), "", part)
    return earliest_due(f), f.closing_on


def write(session: Session, household_ids: Iterable[int], version: int,
          changed: Collection[str] | None = None) -> None:
    """Rewrite the agenda entries of these households from the case file (in the caller's
    transaction; the caseload's refresh calls it with the same households). ``changed``: the
    only tables whose rows changed since the entries were written (None: any)."""
    ids = sorted(set(household_ids))
    if changed is not None and not (HOUSEHOLD_READS | REST_READS).intersection(changed):
        return
    own_row_only = changed is not None and not REST_READS.intersection(changed)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        parts = _with_own_row_again(session, chunk, version) if own_row_only else \
            agenda_facts(session, chunk)
        if not parts:
            continue
        values = []
        for hid, part in parts.items():
            due, closing = index_columns(part)
            values.append({"household_id": hid, "facts_version": version, "due_on": due,
                           "closing_on": closing,
                           "items": json.dumps(part, ensure_ascii=False, separators=(",", ":"))})
        session.connection().execute(_WRITE_ENTRY, values)  # one statement, executemany


def _with_own_row_again(session: Session, scope: list[int],
                        version: int) -> dict[int, dict[str, Any]]:
    """The stored entries of these households with their own row's part read again; a
    household without a current entry is read whole."""
    parts: dict[int, dict[str, Any]] = {hid: json.loads(items) for hid, items in session.execute(
        select(AgendaEntryRow.household_id, AgendaEntryRow.items)
        .where(AgendaEntryRow.household_id.in_(scope), AgendaEntryRow.facts_version == version))}
    for hid, own in (_household_parts(session, sorted(parts)) if parts else {}).items():
        parts[hid].update(own)
    missing = [hid for hid in scope if hid not in parts]
    if missing:
        parts.update(agenda_facts(session, missing))
    return parts


class AgendaRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def rows(self, today: date, until: date, version: int) -> list[tuple[Any, ...]]:
        """The raw rows of ``AGENDA_SQL``: straight to the driver, no row objects."""
        cursor = self.s.connection().connection.driver_connection.execute(
            AGENDA_SQL, {"version": version, "today": today.isoformat(),
                         "until": until.isoformat()})
        return list(cursor.fetchall())

    def facts(self, today: date, until: date, version: int) -> list[AgendaFacts]:
        """Households with something due by ``until`` (or whose closing date falls in the
        window), with everything that can fall due."""
        return [parse(hid, name, status, text, on, by, json.loads(part) if part else None)
                for hid, name, status, text, on, by, part in self.rows(today, until, version)]
