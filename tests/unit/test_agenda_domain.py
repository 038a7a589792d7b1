"""Vandaag's rules (domain/agenda.py) on a fixed day: what is due, in which group, which part of
the file it opens, and that the date storage indexes agrees with the items."""

from __future__ import annotations

import random
from datetime import date, timedelta

from wijkteam_desk.domain.agenda import (
    AgendaFacts,
    ConditionDue,
    DueBucket,
    DueKind,
    FileTab,
    MomentDue,
    OpenRun,
    PlanDue,
    build_agenda,
    dated_items,
    derived_items,
    earliest_due,
    horizon,
)
from wijkteam_desk.domain.case_facts import Warning
from wijkteam_desk.domain.rules_safety import PeriodicChecklist, SafetyRuleConfig

TODAY = date(2026, 11, 23)  # a Monday


def facts(**kw: object) -> AgendaFacts:
    base: dict[str, object] = {"household_id": 7, "household": "Gezin Tuinstra", "open": True}
    base.update(kw)
    return AgendaFacts(**base)  # type: ignore[arg-type]


def kinds(agenda, bucket: DueBucket) -> list[DueKind]:  # type: ignore[no-untyped-def]
    return [i.kind for i in agenda.groups[bucket]]


def test_items_fall_in_te_laat_vandaag_and_deze_week() -> None:
    f = facts(next_action="Bellen met school", next_action_on=TODAY, next_action_by="Anna",
              actions=(PlanDue(1, "Gesprek met de mentor", "regisseur", TODAY - timedelta(3)),
                       PlanDue(2, "Cursus", "vader", TODAY + timedelta(6)),
                       PlanDue(3, "Later", "moeder", TODAY + timedelta(8))),
              moments=(MomentDue(4, TODAY + timedelta(2), 3),))
    agenda = build_agenda(dated_items(f), TODAY, horizon(TODAY))
    assert kinds(agenda, DueBucket.TE_LAAT) == [DueKind.PLANAFSPRAAK]
    assert kinds(agenda, DueBucket.VANDAAG) == [DueKind.VOLGENDE_ACTIE]
    assert kinds(agenda, DueBucket.DEZE_WEEK) == [DueKind.MONITORING, DueKind.PLANAFSPRAAK]
    [today] = agenda.groups[DueBucket.VANDAAG]
    assert (today.what, today.who, today.tab) == ("Bellen met school", "Anna", FileTab.OVERZICHT)
    assert agenda.groups[DueBucket.TE_LAAT][0].days_overdue(TODAY) == 3
    assert "Later" not in [i.what for i in agenda.items]  # beyond the seven days


def test_each_kind_opens_its_part_of_the_file() -> None:
    f = facts(next_action="x", next_action_on=TODAY,
              actions=(PlanDue(1, "a", "", TODAY),), runs=(OpenRun(2, "kindcheck", TODAY),),
              moments=(MomentDue(3, TODAY, 12),),
              conditions=(ConditionDue(4, "Geen alcohol", TODAY - timedelta(42)),),
              evaluation_on=TODAY, last_incident=TODAY - timedelta(days=365) + timedelta(1))
    tabs = {i.kind: i.tab for i in dated_items(f, {"kindcheck": "Kindcheck"})}
    assert tabs == {DueKind.VOLGENDE_ACTIE: FileTab.OVERZICHT, DueKind.PLANAFSPRAAK: FileTab.PLAN,
                    DueKind.CHECKLIST_ONAF: FileTab.ZICHT, DueKind.MONITORING: FileTab.MONITORING,
                    DueKind.VOORWAARDE: FileTab.VEILIGHEIDSPLAN,
                    DueKind.EVALUATIE: FileTab.VEILIGHEIDSPLAN,
                    DueKind.EINDDATUM: FileTab.OVERZICHT}
    run = next(i for i in dated_items(f, {"kindcheck": "Kindcheck"})
               if i.kind is DueKind.CHECKLIST_ONAF)
    assert (run.what, run.ref) == ("Kindcheck", 2)


def test_a_closed_household_keeps_only_its_monitoring() -> None:
    f = facts(open=False, next_action="x", next_action_on=TODAY,
              actions=(PlanDue(1, "a", "", TODAY),), moments=(MomentDue(3, TODAY, 12),),
              evaluation_on=TODAY, last_incident=TODAY - timedelta(days=300))
    assert [i.kind for i in dated_items(f)] == [DueKind.MONITORING]
    assert earliest_due(f) == TODAY and f.closing_on is None


def test_a_next_action_without_text_or_date_is_not_on_the_agenda() -> None:
    assert dated_items(facts(next_action="", next_action_on=TODAY)) == []
    assert dated_items(facts(next_action="Bellen", next_action_on=None)) == []


def test_conditions_come_back_after_six_weeks_or_two_when_not_met() -> None:
    set_on = TODAY - timedelta(days=42)
    f = facts(conditions=(ConditionDue(1, "Set", set_on),
                          ConditionDue(2, "Niet", TODAY - timedelta(days=10), "niet"),
                          ConditionDue(3, "Deels", TODAY - timedelta(days=14), "deels"),
                          ConditionDue(4, "Voldaan", TODAY - timedelta(days=14), "met")))
    due = {i.ref: i.due_on for i in dated_items(f)}
    assert due == {1: TODAY, 2: TODAY + timedelta(days=4), 3: TODAY,
                   4: TODAY + timedelta(days=28)}


def test_the_closing_date_is_news_only_while_it_is_ahead() -> None:
    ahead = facts(last_incident=date(2025, 11, 25))  # closing 25-11-2026: in two days
    passed = facts(last_incident=date(2025, 11, 1))
    assert kinds(build_agenda(dated_items(ahead), TODAY, horizon(TODAY)),
                 DueBucket.DEZE_WEEK) == [DueKind.EINDDATUM]
    assert build_agenda(dated_items(passed), TODAY, horizon(TODAY)).items == []
    assert earliest_due(ahead) is None  # indexed apart (closing_on), so a past one costs nothing


def test_derived_items_periodic_checklists_and_signals_that_need_action() -> None:
    config = SafetyRuleConfig(periodic=(PeriodicChecklist("zicht", "Zicht op veiligheid", 42),
                                        PeriodicChecklist("kind", "Kindcheck", 90)))
    extra = {"checklists_completed": {"zicht": TODAY - timedelta(days=40)}}
    warnings = [Warning("geen_regisseur"), Warning("monitoring_achterstallig", {}, "hoog"),
                Warning("geen_veiligheidsplan", {}, "middel")]
    opened = date(2026, 1, 5)
    items = derived_items(7, "Gezin T", True, opened, warnings, extra, config, TODAY)
    due = {(i.kind, i.ref): i.due_on for i in items}
    assert due == {(DueKind.CHECKLIST, "zicht"): TODAY + timedelta(days=2),
                   (DueKind.CHECKLIST, "kind"): opened,  # never done: due since the opening
                   (DueKind.SIGNAAL, "geen_regisseur"): TODAY}
    assert derived_items(7, "Gezin T", False, opened, warnings, extra, config, TODAY) == []
    agenda = build_agenda(items, TODAY, horizon(TODAY))
    assert kinds(agenda, DueBucket.VANDAAG) == [DueKind.SIGNAAL]
    assert kinds(agenda, DueBucket.TE_LAAT) == [DueKind.CHECKLIST]


def test_the_indexed_date_is_the_first_due_date_of_the_items() -> None:
    """Storage reads only households with ``earliest_due <= horizon``: if it were later than an
    item, Vandaag would miss that item."""
    rng = random.Random(13)

    def some_day() -> date:
        return TODAY + timedelta(days=rng.randint(-400, 400))

    for _ in range(300):
        f = facts(open=rng.random() < 0.8,
                  next_action=rng.choice(["", "Bellen"]),
                  next_action_on=rng.choice([None, some_day()]),
                  actions=tuple(PlanDue(n, "a", "", some_day()) for n in range(rng.randint(0, 3))),
                  runs=tuple(OpenRun(n, "t", some_day()) for n in range(rng.randint(0, 2))),
                  moments=tuple(MomentDue(n, some_day(), 3) for n in range(rng.randint(0, 2))),
                  conditions=tuple(ConditionDue(n, "c", some_day(), rng.choice(["", "niet"]))
                                   for n in range(rng.randint(0, 2))),
                  evaluation_on=rng.choice([None, some_day()]),
                  last_incident=rng.choice([None, some_day()]))
        dates = [i.due_on for i in dated_items(f) if i.kind is not DueKind.EINDDATUM]
        assert earliest_due(f) == min(dates, default=None)


def test_the_agenda_reads_the_same_way_every_time() -> None:
    items = dated_items(facts(household="Gezin B", household_id=2,
                              actions=(PlanDue(1, "b", "", TODAY),)))
    items += dated_items(facts(household="gezin a", household_id=9,
                               actions=(PlanDue(1, "a", "", TODAY),)))
    agenda = build_agenda(reversed(items), TODAY, horizon(TODAY))
    assert [i.household for i in agenda.groups[DueBucket.VANDAAG]] == ["gezin a", "Gezin B"]
    assert horizon(TODAY, 0) == TODAY and horizon(TODAY, 10_000) == TODAY + timedelta(days=366)
