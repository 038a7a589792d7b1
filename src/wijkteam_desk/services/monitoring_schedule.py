"""The monitoring schedule applied inside a caller's unit of work. Kept apart from
``services/monitoring.py`` so ``CaseService`` can call it when it closes, re-opens or creates a
case (same transaction: a closed case never lacks its moments), without an import cycle."""

from __future__ import annotations

from ..domain.monitoring import MonitoringMoment, SchedulePlan, anchor_date, plan_schedule
from ..storage.repo_monitoring import SYNC_MARKER, MonitoringRepository
from ..storage.uow import SqlUnitOfWork


def repo_of(uow: SqlUnitOfWork) -> MonitoringRepository:
    # The unit of work carries ``monitoring`` once wired in storage/uow.py; a plain unit of work
    # (older wiring, tests of other features) still works.
    repo = getattr(uow, "monitoring", None)
    return repo if isinstance(repo, MonitoringRepository) else MonitoringRepository(uow.session)


def apply_schedule(uow: SqlUnitOfWork, household_id: int,
                   offsets: tuple[int, ...]) -> SchedulePlan:
    """Bring one household's moments in line with its anchor, inside the caller's unit of work
    (``CaseService`` calls this when it closes, re-opens or creates a case). Idempotent."""
    repo = repo_of(uow)
    [a] = repo.anchors(household_id)
    plan = plan_schedule(anchor_date(a.from_vt, a.handover, a.closed_on), offsets,
                         repo.moments(household_id))
    apply_plan(repo, household_id, plan)
    if not plan.empty:
        uow.audit("monitoring.schedule", "household", household_id, household_id,
                  detail={"created": len(plan.create), "moved": len(plan.move),
                          "removed": len(plan.remove)})
    return plan


def apply_plan(repo: MonitoringRepository, household_id: int, plan: SchedulePlan) -> None:
    for offset, due in plan.create:
        repo.add(household_id, due_on=due, offset_months=offset)
    for moment_id, due in plan.move:
        repo.move(moment_id, due)
    for moment_id in plan.remove:
        repo.delete(moment_id)


def reconcile_all(uow: SqlUnitOfWork, offsets: tuple[int, ...], force: bool = False) -> int:
    """Schedule every household (one query for anchors, one for moments). Without ``force`` it
    only runs when the offsets differ from the last full run (or it never ran: a schema-1
    vault). Returns how many moments changed; audited when any did. Does not commit."""
    repo = repo_of(uow)
    marker = ",".join(str(o) for o in offsets)
    if not force and repo.meta(SYNC_MARKER) == marker:
        return 0
    moments: dict[int, list[MonitoringMoment]] = repo.moments_by_household()
    changed = 0
    # A colleague's household keeps the moments its dossierhouder planned (team: read-only).
    read_only = uow.team.read_only_ids()
    for a in repo.anchors():
        if a.household_id in read_only:
            continue
        plan = plan_schedule(anchor_date(a.from_vt, a.handover, a.closed_on), offsets,
                             moments.get(a.household_id, []))
        apply_plan(repo, a.household_id, plan)
        n = len(plan.create) + len(plan.move) + len(plan.remove)
        if n:
            uow.changed(a.household_id)  # one audit line for all: the caseload is told here
        changed += n
    if repo.meta(SYNC_MARKER) != marker:
        repo.set_meta(SYNC_MARKER, marker)
    if changed:
        uow.audit("monitoring.schedule_all", "vault",
                  detail={"changed": changed, "offsets": list(offsets)})
    return changed
