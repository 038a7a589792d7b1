"""Follow-up monitoring at 3 and 12 months (DOMAIN.md rules 3, 4 and 12; 002:509, 002:556).

Pure: the schedule (which moments a household should have, given its anchor and the region's
offsets), the overdue warning, and the team figures over plain data. Storage reads and writes the
moments; services decide when to apply a schedule."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .case_facts import CaseFacts, Warning
from .model import ChildOffer, Household, Incident, Person, PlanGoal, Role
from .schedule import add_months

OVERDUE_GRACE_DAYS = 14  # a moment more than two weeks late is a warning, and counts as late
TARGET_SHARE = 0.65  # 002:556: 65% of victims durably safe within one year


class MomentStatus(enum.StrEnum):
    GEPLAND = "gepland"
    BEZIG = "bezig"  # the form has been started (autosaved answers)
    GEDAAN = "gedaan"


class Outcome(enum.StrEnum):
    DOORGAAN = "doorgaan"
    AFSLUITEN = "afsluiten"
    HEROPENEN = "heropenen"  # back to directe veiligheid, with a new plan review
    MELDEN_VT = "melden_vt"  # prepares a melding for the exchange with Veilig Thuis


class ConditionStatus(enum.StrEnum):
    """The same values as the safety-plan feature's condition reviews (condition_review)."""

    MET = "met"
    DEELS = "deels"
    NIET = "niet"


class GoalExecution(enum.StrEnum):
    GELEVERD = "geleverd"
    DEELS = "deels"
    NIET = "niet"


class DurablySafe(enum.StrEnum):
    JA = "ja"
    NEE = "nee"
    ONBEKEND = "onbekend"


@dataclass(frozen=True)
class MonitoringMoment:
    """One follow-up moment. ``offset_months`` None is an extra moment added by hand."""

    id: int
    household_id: int
    due_on: date
    offset_months: int | None
    status: MomentStatus
    purpose: str = ""
    completed_at: datetime | None = None
    completed_by: str = ""
    outcome: str = ""
    document: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_done(self) -> bool:
        return self.status is MomentStatus.GEDAAN

    @property
    def is_extra(self) -> bool:
        return self.offset_months is None

    @property
    def completed_on(self) -> date | None:
        return self.completed_at.date() if self.completed_at else None

    def days_overdue(self, today: date) -> int:
        return 0 if self.is_done else max(0, (today - self.due_on).days)

    def answers(self) -> Mapping[str, Any]:
        value = self.document.get("answers", {})
        return value if isinstance(value, Mapping) else {}


def kind_label(offset_months: int | None, purpose: str = "") -> str:
    """What the moment is about, as the agenda and the printout say it."""
    if offset_months is None:
        return f"Extra: {purpose}" if purpose else "Extra"
    return f"{offset_months} mnd"


def kind_code(offset_months: int | None) -> str:
    return "extra" if offset_months is None else f"{offset_months}m"


# -- scheduling -----------------------------------------------------------------------------------
def anchor_date(from_vt: bool, handover: date | None, closed_on: date | None) -> date | None:
    """Rule 3: a case from VT counts from the handover; any other case from its closing date."""
    if from_vt and handover is not None:
        return handover
    return closed_on


@dataclass(frozen=True)
class SchedulePlan:
    """What to change so a household's moments match its anchor and the offsets."""

    create: tuple[tuple[int, date], ...] = ()  # (offset in months, due date)
    move: tuple[tuple[int, date], ...] = ()  # (moment id, new due date)
    remove: tuple[int, ...] = ()  # moment ids

    @property
    def empty(self) -> bool:
        return not (self.create or self.move or self.remove)


def plan_schedule(anchor: date | None, offsets_months: Iterable[int],
                  moments: Sequence[MonitoringMoment]) -> SchedulePlan:
    """Idempotent: applying the plan and planning again gives an empty plan.

    - Done moments never move or go away; a regular moment done on or after the anchor counts
      for its offset (so a corrected handover date does not ask for the same moment twice, and a
      case closed again after a re-open gets a new round).
    - Moments not yet done move with the anchor. Untouched planned moments for an offset that
      is no longer configured, or of a case without an anchor, go away; a started form stays.
    - Extra moments are the team's own and are never touched."""
    offsets = sorted({int(o) for o in offsets_months if int(o) > 0})
    regular = [m for m in moments if not m.is_extra]
    create: list[tuple[int, date]] = []
    move: list[tuple[int, date]] = []
    remove: list[int] = []
    for m in regular:
        if m.is_done:
            continue
        wanted = anchor is not None and m.offset_months in offsets
        if wanted:
            assert anchor is not None and m.offset_months is not None
            due = add_months(anchor, m.offset_months)
            if due != m.due_on:
                move.append((m.id, due))
        elif m.status is MomentStatus.GEPLAND:
            remove.append(m.id)
        elif anchor is not None and m.offset_months is not None:
            due = add_months(anchor, m.offset_months)  # started form: keep it, follow the anchor
            if due != m.due_on:
                move.append((m.id, due))
    if anchor is not None:
        for offset in offsets:
            covered = any(
                m.offset_months == offset and (
                    not m.is_done or (m.completed_on is not None and m.completed_on >= anchor))
                for m in regular)
            if not covered:
                create.append((offset, add_months(anchor, offset)))
    return SchedulePlan(tuple(create), tuple(move), tuple(remove))


def next_due(moments: Iterable[MonitoringMoment]) -> date | None:
    """The earliest moment not done yet, overdue ones included (the dashboard's date)."""
    return min((m.due_on for m in moments if not m.is_done), default=None)


# -- agenda ---------------------------------------------------------------------------------------
class Bucket(enum.StrEnum):
    ACHTERSTALLIG = "achterstallig"
    DEZE_WEEK = "deze_week"
    DEZE_MAAND = "deze_maand"


def bucket_for(due_on: date, today: date) -> Bucket | None:
    """Overdue; due this week (until Sunday); due this month (until the month's last day, or
    the next four weeks when the month is nearly over). Later moments are not on the agenda."""
    if due_on < today:
        return Bucket.ACHTERSTALLIG
    week_end = today + timedelta(days=6 - today.weekday())
    if due_on <= week_end:
        return Bucket.DEZE_WEEK
    month_end = add_months(today.replace(day=1), 1) - timedelta(days=1)
    if due_on <= max(month_end, today + timedelta(days=28)):
        return Bucket.DEZE_MAAND
    return None


def rule_monitoring_overdue(facts: CaseFacts, today: date) -> list[Warning]:
    """Rule 3: a moment more than two weeks overdue, also for a closed case."""
    since = facts.extra.get("monitoring_overdue_since")
    if not isinstance(since, date):
        return []
    days = (today - since).days
    if days <= OVERDUE_GRACE_DAYS:
        return []
    return [Warning("monitoring_achterstallig", {"datum": since.isoformat(), "dagen": str(days)})]


# -- team figures (rule 12, seeds_002 §6.2) --------------------------------------------------------
@dataclass(frozen=True)
class FigureHousehold:
    """What the figures need of one household; plain data, no names."""

    household_id: int
    started_on: date  # interventions started: the VT handover, else the opening date
    victim_ids: tuple[int, ...]
    moments: tuple[MonitoringMoment, ...]
    incidents: tuple[date, ...] = ()
    back_to_direct_safety: tuple[date, ...] = ()  # re-opened / back to directe veiligheid


@dataclass(frozen=True)
class PeriodFigures:
    start: date
    end: date  # inclusive
    victims: int = 0  # victims whose first year ended in the period, measured at a moment
    victims_durably_safe: int = 0
    victims_unmeasured: int = 0  # first year ended, but no moment was done within it
    moments_on_time: int = 0
    moments_late: int = 0
    moments_overdue: int = 0  # due in the period, still not done and past the grace period
    reopened: int = 0
    rereports: int = 0

    @property
    def share_durably_safe(self) -> float | None:
        return self.victims_durably_safe / self.victims if self.victims else None

    @property
    def meets_target(self) -> bool | None:
        share = self.share_durably_safe
        return None if share is None else share >= TARGET_SHARE


def durably_safe_victims(h: FigureHousehold) -> tuple[int, int] | None:
    """(victims, of whom durably safe) at the end of the first year: the answer at the latest
    done moment due within a year of the start ("duurzaam veilig" = ja for that victim). None
    when no moment was done in that year: not measured is not the same as not safe."""
    year_end = add_months(h.started_on, 12)
    done = sorted((m for m in h.moments if m.is_done and m.due_on <= year_end),
                  key=lambda m: (m.due_on, m.completed_at or datetime.min))
    if not done:
        return None
    value = done[-1].answers().get("durably_safe", {})
    answers: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
    safe = sum(1 for v in h.victim_ids if answers.get(str(v)) == DurablySafe.JA.value)
    return len(h.victim_ids), safe


def is_rereport(m: MonitoringMoment, incidents: Iterable[date]) -> bool:
    """A re-report: the moment ended in a re-open, or someone was called durably safe and a new
    incident followed."""
    if not m.is_done:
        return False
    if m.outcome == Outcome.HEROPENEN.value:
        return True
    answers = m.answers().get("durably_safe", {})
    called_safe = isinstance(answers, Mapping) and DurablySafe.JA.value in answers.values()
    done_on = m.completed_on or m.due_on
    return called_safe and any(day > done_on for day in incidents)


def period_figures(households: Iterable[FigureHousehold], start: date, end: date,
                   today: date) -> PeriodFigures:
    victims = safe = unmeasured = on_time = late = overdue = reopened = rereports = 0
    for h in households:
        year_end = add_months(h.started_on, 12)
        if start <= year_end <= end and year_end <= today:
            measured = durably_safe_victims(h)
            if measured is None:
                unmeasured += len(h.victim_ids)
            else:
                victims, safe = victims + measured[0], safe + measured[1]
        for m in h.moments:
            if m.is_done and m.completed_on and start <= m.completed_on <= end:
                if (m.completed_on - m.due_on).days <= OVERDUE_GRACE_DAYS:
                    on_time += 1
                else:
                    late += 1
                rereports += is_rereport(m, h.incidents)
            elif not m.is_done and start <= m.due_on <= end and \
                    (today - m.due_on).days > OVERDUE_GRACE_DAYS:
                overdue += 1
        reopened += any(start <= d <= end for d in h.back_to_direct_safety)
    return PeriodFigures(start, end, victims, safe, unmeasured, on_time, late, overdue, reopened,
                         rereports)


def month_starts(start: date, end: date) -> list[date]:
    first, out = start.replace(day=1), []
    while first <= end:
        out.append(first)
        first = add_months(first, 1)
    return out


def monthly_figures(households: Sequence[FigureHousehold], start: date, end: date,
                    today: date) -> list[PeriodFigures]:
    """The same figures per calendar month of the period (the chart and the anonymous CSV)."""
    out = []
    for first in month_starts(start, end):
        last = min(end, add_months(first, 1) - timedelta(days=1))
        out.append(period_figures(households, max(first, start), last, today))
    return out


# -- the form -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MomentForm:
    """Everything the monitoring form shows for one moment, read in one unit of work."""

    moment: MonitoringMoment
    household: Household
    conditions: tuple[tuple[int, str], ...]
    goals: tuple[PlanGoal, ...]
    incidents_since: date | None
    incidents: tuple[Incident, ...]
    persons: tuple[Person, ...]
    child_offers: tuple[ChildOffer, ...]
    help_in_place: tuple[tuple[int, str], ...]  # (involvement id, "name (organisation), role")
    regisseur: str
    today: date
    earliest_closing: date | None = None  # rule 4: one year after the last incident

    @property
    def victims(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.has_role(Role.SLACHTOFFER))

    @property
    def children(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.is_child_on(self.today))

    def child_needs_offer(self, child: Person) -> bool:
        """Rule 8: every child who is victim or witness has a targeted offer (or a reason)."""
        return child.has_role(Role.SLACHTOFFER) or child.has_role(Role.GETUIGE)

    def offers_for(self, person_id: int) -> tuple[ChildOffer, ...]:
        return tuple(o for o in self.child_offers if o.person_id == person_id)

    def children_without_offer(self) -> tuple[Person, ...]:
        return tuple(c for c in self.children
                     if self.child_needs_offer(c) and not self.offers_for(c.id))
