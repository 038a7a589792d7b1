"""Monitoring at 3 and 12 months (rule 3): the schedule, the overdue warning, the agenda buckets
and the team figures (rule 12), all on plain data with a fake clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count

import pytest

from wijkteam_desk.domain.case_facts import CaseFacts
from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.domain.model import HouseholdStatus, Phase
from wijkteam_desk.domain.monitoring import (
    Bucket,
    FigureHousehold,
    MomentStatus,
    MonitoringMoment,
    SchedulePlan,
    anchor_date,
    bucket_for,
    period_figures,
    plan_schedule,
)
from wijkteam_desk.domain.rules import derive_warnings

CLOCK = FixedClock(datetime(2026, 11, 22, 10, 0, tzinfo=UTC))
TODAY = CLOCK.today()
_ids = count(1)


def moment(due: date, offset: int | None = 3, status: MomentStatus = MomentStatus.GEPLAND,
           done_on: date | None = None, outcome: str = "", safe: dict[str, str] | None = None,
           household_id: int = 1) -> MonitoringMoment:
    if done_on:
        status = MomentStatus.GEDAAN
    return MonitoringMoment(next(_ids), household_id, due, offset, status,
                            completed_at=datetime.combine(done_on, datetime.min.time())
                            if done_on else None, outcome=outcome,
                            document={"answers": {"durably_safe": safe or {}}})


def apply(plan: SchedulePlan, moments: list[MonitoringMoment]) -> list[MonitoringMoment]:
    """What storage does with a plan, on plain data."""
    moved = dict(plan.move)
    out = [MonitoringMoment(m.id, m.household_id, moved.get(m.id, m.due_on), m.offset_months,
                            m.status, m.purpose, m.completed_at, m.completed_by, m.outcome,
                            m.document)
           for m in moments if m.id not in plan.remove]
    return out + [moment(due, offset) for offset, due in plan.create]


def dues(moments: list[MonitoringMoment]) -> dict[int | None, date]:
    return {m.offset_months: m.due_on for m in moments}


def test_a_case_from_vt_counts_from_the_handover_even_when_closed() -> None:
    anchor = anchor_date(True, date(2026, 5, 10), closed_on=date(2026, 9, 1))
    assert anchor == date(2026, 5, 10)
    plan = plan_schedule(anchor, (3, 12), [])
    assert plan.create == ((3, date(2026, 8, 10)), (12, date(2027, 5, 10)))


def test_a_case_not_from_vt_counts_from_its_closing_date_and_has_none_while_open() -> None:
    assert plan_schedule(anchor_date(False, None, None), (3, 12), []).empty
    closed = anchor_date(False, None, closed_on=date(2026, 10, 15))
    assert dues(apply(plan_schedule(closed, (3, 12), []), [])) == {
        3: date(2027, 1, 15), 12: date(2027, 10, 15)}


def test_month_ends_and_leap_days_clamp_to_the_last_day_of_the_month() -> None:
    assert dues(apply(plan_schedule(date(2026, 11, 30), (3, 12), []), [])) == {
        3: date(2027, 2, 28), 12: date(2027, 11, 30)}
    assert dues(apply(plan_schedule(date(2027, 11, 30), (3,), []), [])) == {
        3: date(2028, 2, 29)}  # 2028 is a leap year
    assert dues(apply(plan_schedule(date(2028, 2, 29), (12,), []), [])) == {
        12: date(2029, 2, 28)}
    assert dues(apply(plan_schedule(date(2026, 8, 31), (1,), []), [])) == {
        1: date(2026, 9, 30)}


def test_scheduling_twice_changes_nothing() -> None:
    moments = apply(plan_schedule(date(2026, 5, 10), (3, 12), []), [])
    assert plan_schedule(date(2026, 5, 10), (3, 12), moments).empty


def test_a_changed_offset_adds_the_new_moment_and_drops_untouched_old_ones() -> None:
    moments = apply(plan_schedule(date(2026, 5, 10), (3, 12), []), [])
    started = [m if m.offset_months != 12 else MonitoringMoment(
        m.id, 1, m.due_on, 12, MomentStatus.BEZIG) for m in moments]
    plan = plan_schedule(date(2026, 5, 10), (6,), started)
    after = apply(plan, started)
    assert dues(after) == {6: date(2026, 11, 10), 12: date(2027, 5, 10)}  # started form stays
    assert [m.offset_months for m in after if m.status is MomentStatus.BEZIG] == [12]


def test_moving_the_anchor_moves_open_moments_but_never_a_done_one() -> None:
    moments = apply(plan_schedule(date(2026, 5, 10), (3, 12), []), [])
    three = next(m for m in moments if m.offset_months == 3)
    done = [moment(three.due_on, 3, done_on=date(2026, 8, 12)) if m is three else m
            for m in moments]
    plan = plan_schedule(date(2026, 5, 20), (3, 12), done)  # the handover date was corrected
    after = apply(plan, done)
    assert not plan.create  # the done 3-month moment still counts
    assert {(m.offset_months, m.due_on, m.is_done) for m in after} == {
        (3, date(2026, 8, 10), True), (12, date(2027, 5, 20), False)}


def test_closing_again_after_a_reopen_starts_a_new_round() -> None:
    first = apply(plan_schedule(date(2026, 1, 15), (3, 12), []), [])
    done = [moment(m.due_on, 3, done_on=date(2026, 4, 20), outcome="heropenen")
            if m.offset_months == 3 else m for m in first]
    reopened = apply(plan_schedule(None, (3, 12), done), done)
    assert [(m.offset_months, m.is_done) for m in reopened] == [(3, True)]
    again = apply(plan_schedule(date(2026, 10, 1), (3, 12), reopened), reopened)
    assert sorted((m.offset_months, m.due_on) for m in again if not m.is_done) == [
        (3, date(2027, 1, 1)), (12, date(2027, 10, 1))]


def test_extra_moments_are_never_touched_by_the_schedule() -> None:
    extra = moment(date(2026, 12, 1), offset=None)
    assert plan_schedule(None, (3, 12), [extra]).empty
    assert not plan_schedule(date(2026, 5, 10), (3, 12), [extra]).remove


@pytest.mark.parametrize(("days_late", "warns"), [(0, False), (14, False), (15, True)])
def test_a_moment_more_than_two_weeks_overdue_warns_also_when_closed(days_late: int,
                                                                     warns: bool) -> None:
    since = date.fromordinal(TODAY.toordinal() - days_late)
    for status in HouseholdStatus:
        facts = CaseFacts(1, status, Phase.NAZORG, active_regisseurs=1,
                          extra={"monitoring_overdue_since": since})
        codes = [w.code for w in derive_warnings(facts, TODAY)]
        assert ("monitoring_achterstallig" in codes) is warns


def test_agenda_buckets() -> None:
    sunday = date(2026, 11, 22)  # the clock's today is a Sunday
    assert bucket_for(date(2026, 11, 21), sunday) is Bucket.ACHTERSTALLIG
    assert bucket_for(sunday, sunday) is Bucket.DEZE_WEEK
    assert bucket_for(date(2026, 11, 30), sunday) is Bucket.DEZE_MAAND
    assert bucket_for(date(2026, 12, 19), sunday) is Bucket.DEZE_MAAND  # four weeks ahead
    assert bucket_for(date(2027, 1, 5), sunday) is None
    monday = date(2026, 11, 23)
    assert bucket_for(date(2026, 11, 29), monday) is Bucket.DEZE_WEEK


def test_team_figures_on_hand_made_data() -> None:
    # A: two victims, the 12-month moment says one durably safe; done on time.
    a = FigureHousehold(1, date(2025, 3, 1), (11, 12), (
        moment(date(2025, 6, 1), 3, done_on=date(2025, 6, 5), safe={"11": "nee", "12": "nee"}),
        moment(date(2026, 3, 1), 12, done_on=date(2026, 3, 10),
               safe={"11": "ja", "12": "onbekend"})))
    # B: one victim, durably safe at 3 months, then a new incident: a re-report. Late moment.
    b = FigureHousehold(2, date(2025, 6, 10), (21,), (
        moment(date(2025, 9, 10), 3, done_on=date(2025, 9, 12), safe={"21": "ja"}),
        moment(date(2026, 6, 10), 12, done_on=date(2026, 7, 30), safe={"21": "ja"})),
        incidents=(date(2025, 12, 24),))
    # C: re-opened in the period; its 12-month moment is overdue and not done.
    c = FigureHousehold(3, date(2025, 8, 1), (31,), (
        moment(date(2026, 8, 1), 12),), back_to_direct_safety=(date(2026, 2, 2),))
    f = period_figures([a, b, c], date(2026, 1, 1), date(2026, 10, 31), TODAY)
    # A: 1 of 2 safe, B: 1 of 1; C was never measured: counted apart, not as "not safe".
    assert (f.victims, f.victims_durably_safe, f.victims_unmeasured) == (3, 2, 1)
    assert f.share_durably_safe == pytest.approx(2 / 3) and f.meets_target is True
    one_short = period_figures([a, c], date(2026, 1, 1), date(2026, 10, 31), TODAY)
    assert one_short.share_durably_safe == 0.5 and one_short.meets_target is False
    assert (f.moments_on_time, f.moments_late, f.moments_overdue) == (1, 1, 1)
    assert f.reopened == 1
    assert f.rereports == 0  # B's re-report belongs to 2025 (its 3-month moment)
    earlier = period_figures([a, b, c], date(2025, 1, 1), date(2025, 12, 31), TODAY)
    assert earlier.rereports == 1 and earlier.victims == 0
