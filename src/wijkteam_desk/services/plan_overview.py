"""Builds the gezinsoverzicht ("één gezin, één plan, één regisseur") from the household file, the
rules' warnings and what is due. Runs inside the caller's unit of work; writes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..domain.model import HouseholdFile, PlanStatus
from ..domain.safety_plan import PlanStatus as SafetyPlanStatus
from ..domain.schedule import planned_moments
from ..reports import (
    FamilyOverview,
    OverviewDue,
    OverviewGoal,
    OverviewMember,
    OverviewPhaseChange,
    OverviewProfessional,
)
from ..storage.uow import SqlUnitOfWork
from ..texts import STANCES, warning_text
from .cases import case_warnings

OPEN_ACTIONS = (PlanStatus.OPEN, PlanStatus.BEZIG)


def _members(file: HouseholdFile, today: date) -> list[OverviewMember]:
    out = []
    for p in file.persons:
        address = ", ".join(x for x in (p.address, f"{p.postcode} {p.city}".strip()) if x)
        out.append(OverviewMember(
            p.full_name, tuple(r.role.value for r in p.roles),
            "" if p.lives_in_household else "woont elders",
            p.age_on(today),
            address, p.secret_address))
    for n in file.network:
        out.append(OverviewMember(
            n.name, (), f"netwerk: {n.relation} ({STANCES.get(n.stance.value, n.stance.value)})",
            None, n.address, n.secret_address))
    return out


def build_overview(uow: SqlUnitOfWork, household_id: int, offsets: tuple[int, ...],
                   rule_settings: Mapping[str, object]) -> FamilyOverview:
    today = uow.clock.today()
    file = uow.cases.load_file(household_id)
    h = file.household
    warnings = [" ".join(warning_text(w)).strip()
                for w in case_warnings(uow, household_id, rule_settings)]
    professionals = []
    for inv in file.involvements:
        pro = file.professional(inv.professional_id)
        if pro is not None and inv.active_on(today):
            professionals.append(OverviewProfessional(pro.name, pro.organisation,
                                                      inv.role, pro.phone))
    regisseurs = tuple(
        pro.name for inv in file.active_regisseurs(today)
        if (pro := file.professional(inv.professional_id)) is not None)
    due: list[OverviewDue] = []
    anchor = h.vt_handover_date if h.from_vt else h.closed_on
    for day in planned_moments(anchor, offsets):
        if day >= today or (today - day).days <= 60:
            due.append(OverviewDue("Monitoringmoment", day, day < today))
    plans = uow.plans.plans(household_id)
    fixed = [p for p in plans if p.status is SafetyPlanStatus.VASTGESTELD]
    current = fixed[-1] if fixed else (plans[-1] if plans else None)
    if fixed and fixed[-1].evaluate_on:
        day = fixed[-1].evaluate_on
        due.append(OverviewDue("Veiligheidsplan evalueren", day, day < today))
    for goal in file.goals:
        for action in goal.actions:
            if action.status in OPEN_ACTIONS and action.due is not None:
                due.append(OverviewDue(action.what, action.due, action.due < today))
    due.sort(key=lambda d: (not d.overdue, d.on or today))
    return FamilyOverview(
        household_id=household_id,
        printed_on=today,
        current_phase=h.phase.value,
        regisseurs=regisseurs,
        regisseur_changes=file.regisseur_changes(),
        plan_version=current.version if current else None,
        members=tuple(_members(file, today)),
        professionals=tuple(professionals),
        goals=tuple(OverviewGoal(g.phase.value, g.text, g.status.value) for g in file.goals),
        phase_history=tuple(OverviewPhaseChange(c.changed_on, c.to_phase.value, c.reason)
                            for c in file.phase_history),
        warnings=tuple(warnings),
        due=tuple(due),
    )
