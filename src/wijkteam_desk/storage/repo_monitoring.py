"""SQL for monitoring moments, plus what the monitoring form and the team figures read from the
shared tables (conditions, reviews, scores, incidents, phase changes). Everything returned is a
domain object or plain data; the form's answers are JSON inside the encrypted database."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.model import HouseholdStatus, Phase, Role
from ..domain.monitoring import FigureHousehold, MomentStatus, MonitoringMoment
from .facts_base import Scope, day, in_scope, iso
from .models import (
    HouseholdRow,
    IncidentRow,
    InvolvementRow,
    MetaRow,
    PersonRoleRow,
    PersonRow,
    PhaseChangeRow,
    ProfessionalRow,
)
from .models_work import (
    ConditionReviewRow,
    MonitoringMomentRow,
    SafetyConditionRow,
    SafetyScoreRow,
)

SYNC_MARKER = "monitoring_schedule_offsets"  # meta key: the offsets the last full sync used


def moment_from_row(r: MonitoringMomentRow) -> MonitoringMoment:
    try:
        document = json.loads(r.document or "{}")
    except ValueError:
        document = {}
    return MonitoringMoment(r.id, r.household_id, r.due_on, r.offset_months,
                            MomentStatus(r.status), r.purpose, r.completed_at, r.completed_by,
                            r.outcome, document if isinstance(document, dict) else {})


@dataclass(frozen=True)
class Anchor:
    household_id: int
    from_vt: bool
    handover: date | None
    closed_on: date | None


@dataclass(frozen=True)
class AgendaEntry:
    """A moment not yet done, with what the agenda shows about its household."""

    moment: MonitoringMoment
    household_name: str
    household_status: HouseholdStatus
    regisseur: str


class MonitoringRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- moments ------------------------------------------------------------------------------
    def _row(self, moment_id: int) -> MonitoringMomentRow:
        row = self.s.get(MonitoringMomentRow, moment_id)
        if row is None:
            raise NotFound(moment_id=moment_id)
        return row

    def get(self, moment_id: int) -> MonitoringMoment:
        return moment_from_row(self._row(moment_id))

    def moments(self, household_id: int) -> list[MonitoringMoment]:
        rows = self.s.scalars(select(MonitoringMomentRow)
                              .where(MonitoringMomentRow.household_id == household_id)
                              .order_by(MonitoringMomentRow.due_on, MonitoringMomentRow.id))
        return [moment_from_row(r) for r in rows]

    def moments_by_household(self, household_ids: list[int] | None = None
                             ) -> dict[int, list[MonitoringMoment]]:
        stmt = select(MonitoringMomentRow).order_by(MonitoringMomentRow.due_on,
                                                    MonitoringMomentRow.id)
        if household_ids is not None:
            stmt = stmt.where(MonitoringMomentRow.household_id.in_(household_ids))
        out: dict[int, list[MonitoringMoment]] = defaultdict(list)
        for r in self.s.scalars(stmt):
            out[r.household_id].append(moment_from_row(r))
        return out

    def add(self, household_id: int, *, due_on: date, offset_months: int | None,
            purpose: str = "") -> int:
        if self.s.get(HouseholdRow, household_id) is None:
            raise NotFound(household_id=household_id)
        row = MonitoringMomentRow(household_id=household_id, due_on=due_on,
                                  offset_months=offset_months, purpose=purpose,
                                  status=MomentStatus.GEPLAND.value, completed_by="",
                                  outcome="", document="{}")
        self.s.add(row)
        self.s.flush()
        return row.id

    def move(self, moment_id: int, due_on: date) -> None:
        self._row(moment_id).due_on = due_on
        self.s.flush()

    def delete(self, moment_id: int) -> None:
        self.s.delete(self._row(moment_id))
        self.s.flush()

    def save_document(self, moment_id: int, document: dict[str, Any],
                      status: MomentStatus) -> None:
        row = self._row(moment_id)
        row.document = json.dumps(document, ensure_ascii=False, sort_keys=True)
        row.status = status.value
        self.s.flush()

    def complete(self, moment_id: int, *, at: datetime, by: str, outcome: str,
                 document: dict[str, Any]) -> None:
        row = self._row(moment_id)
        row.document = json.dumps(document, ensure_ascii=False, sort_keys=True)
        row.status, row.completed_at, row.completed_by = MomentStatus.GEDAAN.value, at, by
        row.outcome = outcome
        self.s.flush()

    # -- anchors and the one-time sync ----------------------------------------------------------
    def anchors(self, household_id: int | None = None) -> list[Anchor]:
        stmt = select(HouseholdRow.id, HouseholdRow.from_vt, HouseholdRow.vt_handover_date,
                      HouseholdRow.closed_on).order_by(HouseholdRow.id)
        if household_id is not None:
            stmt = stmt.where(HouseholdRow.id == household_id)
        return [Anchor(hid, bool(vt), day(h), day(c))
                for hid, vt, h, c in self.s.execute(stmt)]

    def meta(self, key: str) -> str | None:
        row = self.s.get(MetaRow, key)
        return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        row = self.s.get(MetaRow, key)
        if row is None:
            self.s.add(MetaRow(key=key, value=value))
        else:
            row.value = value
        self.s.flush()

    # -- the agenda ---------------------------------------------------------------------------
    def open_moments(self, today: date, until: date) -> list[AgendaEntry]:
        """Moments not done and due up to ``until`` (overdue ones included), with household name,
        status and the active regisseur(s), in one query."""
        active = and_(InvolvementRow.is_regisseur.is_(True), InvolvementRow.start <= today,
                      (InvolvementRow.end.is_(None)) | (InvolvementRow.end > today))
        regie = (select(InvolvementRow.household_id.label("hid"),
                        func.group_concat(ProfessionalRow.name, ", ").label("names"))
                 .join(ProfessionalRow, ProfessionalRow.id == InvolvementRow.professional_id)
                 .where(active).group_by(InvolvementRow.household_id).subquery())
        stmt = (select(MonitoringMomentRow, HouseholdRow.name, HouseholdRow.status,
                       regie.c.names)
                .join(HouseholdRow, HouseholdRow.id == MonitoringMomentRow.household_id)
                .outerjoin(regie, regie.c.hid == HouseholdRow.id)
                .where(MonitoringMomentRow.status != MomentStatus.GEDAAN.value,
                       MonitoringMomentRow.due_on <= until)
                .order_by(MonitoringMomentRow.due_on, HouseholdRow.name))
        return [AgendaEntry(moment_from_row(m), name, HouseholdStatus(status), names or "")
                for m, name, status, names in self.s.execute(stmt)]

    # -- what the form reads and writes on shared tables ----------------------------------------
    def conditions(self, household_id: int, open_on: date | None = None) -> list[tuple[int, str]]:
        """The VT conditions (id, text); written by the safety-plan feature or an overdracht.
        With ``open_on``: only those still in force that day (VT had not withdrawn them)."""
        stmt = (select(SafetyConditionRow.id, SafetyConditionRow.text)
                .where(SafetyConditionRow.household_id == household_id)
                .order_by(SafetyConditionRow.id))
        if open_on is not None:
            stmt = stmt.where(or_(SafetyConditionRow.withdrawn_on.is_(None),
                                  SafetyConditionRow.withdrawn_on > open_on))
        return [(cid, text) for cid, text in self.s.execute(stmt)]

    def add_condition_review(self, condition_id: int, *, on: date, status: str, note: str,
                             monitoring_id: int) -> None:
        self.s.add(ConditionReviewRow(condition_id=condition_id, reviewed_on=on, status=status,
                                      note=note, monitoring_id=monitoring_id))
        self.s.flush()

    def add_score(self, household_id: int, person_id: int, *, on: date, score: int,
                  scored_by: str, monitoring_id: int) -> None:
        self.s.add(SafetyScoreRow(household_id=household_id, person_id=person_id, scored_on=on,
                                  score=score, scored_by=scored_by, note="",
                                  monitoring_id=monitoring_id))
        self.s.flush()

    # -- team figures -------------------------------------------------------------------------
    def figure_households(self) -> list[FigureHousehold]:
        """Plain data for the team figures, a handful of grouped queries for the caseload."""
        households = list(self.s.execute(select(
            HouseholdRow.id, HouseholdRow.opened_on, HouseholdRow.from_vt,
            HouseholdRow.vt_handover_date)))
        victims: dict[int, list[int]] = defaultdict(list)
        for hid, pid in self.s.execute(
                select(PersonRow.household_id, PersonRow.id)
                .join(PersonRoleRow, PersonRoleRow.person_id == PersonRow.id)
                .where(PersonRoleRow.role == Role.SLACHTOFFER.value)):
            victims[hid].append(pid)
        incidents: dict[int, list[date]] = defaultdict(list)
        for hid, on in self.s.execute(select(IncidentRow.household_id, IncidentRow.occurred_on)):
            incidents[hid].append(day(on) or date.min)
        back: dict[int, list[date]] = defaultdict(list)
        for hid, on in self.s.execute(
                select(PhaseChangeRow.household_id, PhaseChangeRow.changed_on)
                .where(PhaseChangeRow.from_phase.is_not(None),
                       PhaseChangeRow.to_phase == Phase.DIRECTE_VEILIGHEID.value)):
            back[hid].append(day(on) or date.min)
        moments = self.moments_by_household()
        out = []
        for hid, opened, from_vt, handover in households:
            start = day(handover) if from_vt and handover else day(opened)
            out.append(FigureHousehold(hid, start or date.min, tuple(victims.get(hid, ())),
                                       tuple(moments.get(hid, ())),
                                       tuple(incidents.get(hid, ())), tuple(back.get(hid, ()))))
        return out


def monitoring_facts(session: Session, scope: Scope) -> dict[int, dict[str, object]]:
    """Per household with moments: ``next_monitoring`` (earliest not done, overdue included; None
    when all are done). One grouped query."""
    not_done = MonitoringMomentRow.status != MomentStatus.GEDAAN.value
    stmt = (select(MonitoringMomentRow.household_id,
                   func.min(case((not_done, MonitoringMomentRow.due_on))))
            .where(in_scope(MonitoringMomentRow.household_id, scope))
            .group_by(MonitoringMomentRow.household_id))
    return {hid: {"next_monitoring": iso(earliest)} for hid, earliest in session.execute(stmt)}


def resolve_monitoring(stored: dict[str, Any], today: date) -> dict[str, object]:
    """On ``today``: ``next_monitoring`` and ``monitoring_overdue_since`` (that date when it has
    passed). Nothing for a household without moments."""
    if "next_monitoring" not in stored:
        return {}
    due = day(stored["next_monitoring"])
    facts: dict[str, object] = {"next_monitoring": due}
    if due is not None and due < today:
        facts["monitoring_overdue_since"] = due
    return facts
