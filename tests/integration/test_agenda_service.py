"""Vandaag through the services on a real vault (issue 13, part 2): what a consultant records
shows up on the right day, in the right group, and goes away when it is done; the indexed read
finds exactly what reading every household would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wijkteam_desk.domain.agenda import (
    DueBucket,
    DueKind,
    FileTab,
    build_agenda,
    dated_items,
    horizon,
)
from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import Phase, PlanStatus
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.storage import agenda as agenda_storage
from wijkteam_desk.storage.caseload import FACTS_VERSION

TODAY = date(2026, 11, 22)  # the clock fixture's day (a Sunday)


def lines(ws, days: int = 7):  # type: ignore[no-untyped-def]
    agenda = ws.agenda.due(days)
    return {(b, i.kind, i.household_id, i.what): i for b, items in agenda.groups.items()
            for i in items}


def kinds_of(ws, hid: int) -> set[tuple[DueBucket, DueKind]]:  # type: ignore[no-untyped-def]
    return {(b, k) for (b, k, h, _w) in lines(ws) if h == hid}


def test_a_dated_next_action_is_on_the_day_and_goes_when_cleared(workspace, clock) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    hid = ws.cases.create_household("Gezin Datum")
    ws.cases.set_next_action(hid, "Bellen met school", TODAY + timedelta(days=2), "Anna")
    [item] = [i for (_b, k, h, _w), i in lines(ws).items() if k is DueKind.VOLGENDE_ACTIE]
    assert (item.household_id, item.what, item.who, item.tab) == \
        (hid, "Bellen met school", "Anna", FileTab.OVERZICHT)
    h = ws.cases.open_file(hid).file.household
    assert (h.next_action_on, h.next_action_by) == (TODAY + timedelta(days=2), "Anna")
    clock.advance(days=2)
    assert (DueBucket.VANDAAG, DueKind.VOLGENDE_ACTIE) in kinds_of(ws, hid)
    clock.advance(days=1)
    assert (DueBucket.TE_LAAT, DueKind.VOLGENDE_ACTIE) in kinds_of(ws, hid)
    ws.cases.set_next_action(hid, "Bellen met school")  # no date: not on the agenda
    assert DueKind.VOLGENDE_ACTIE not in {k for _b, k in kinds_of(ws, hid)}
    with pytest.raises(ValidationError) as caught:
        ws.cases.set_next_action(hid, "", TODAY)
    assert caught.value.code == "next_action_date_without_text"


def test_plan_agreements_by_when_until_done(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    hid = ws.cases.create_household("Gezin Plan")
    goal = ws.cases.add_goal(hid, Phase.DIRECTE_VEILIGHEID, "Rust in huis")
    late = ws.cases.add_action(goal, "Gesprek met de mentor", "regisseur",
                               TODAY - timedelta(days=4))
    ws.cases.add_action(goal, "Zonder datum", "moeder")
    ws.cases.add_action(goal, "Volgende maand", "vader", TODAY + timedelta(days=30))
    found = [(b, i.what, i.who, i.ref) for (b, k, h, _w), i in lines(ws).items()
             if k is DueKind.PLANAFSPRAAK]
    assert found == [(DueBucket.TE_LAAT, "Gesprek met de mentor", "regisseur", late)]
    assert any(k is DueKind.PLANAFSPRAAK for (_b, k, _h, _w) in lines(ws, days=31))
    ws.cases.set_action_status(late, PlanStatus.GEDAAN)
    assert not any(k is DueKind.PLANAFSPRAAK for (_b, k, _h, _w) in lines(ws))


def test_checklists_started_and_not_finished(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    hid = ws.cases.create_household("Gezin Checklist")
    run = ws.checklists.start(hid, "kindcheck")
    started = [i for (b, k, h, _w), i in lines(ws).items() if k is DueKind.CHECKLIST_ONAF]
    assert [(i.what, i.ref, i.tab) for i in started] == [("Kindcheck", run, FileTab.ZICHT)]
    ws.checklists.delete(run)
    assert not any(k is DueKind.CHECKLIST_ONAF for (_b, k, _h, _w) in lines(ws))


def test_periodic_checklists_and_signals_that_need_action(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    hid = ws.cases.create_household("Gezin Signaal")  # opened today, no regisseur
    found = kinds_of(ws, hid)
    assert (DueBucket.VANDAAG, DueKind.SIGNAAL) in found  # geen regisseur
    assert (DueBucket.VANDAAG, DueKind.CHECKLIST) in found  # zicht op veiligheid, never done
    signal = next(i for (_b, k, h, _w), i in lines(ws).items()
                  if k is DueKind.SIGNAAL and h == hid)
    assert signal.what == "geen_regisseur" and signal.tab is FileTab.OVERZICHT
    pro = ws.cases.add_professional("Mira Regie", "Wijkteam Zuid")
    ws.cases.assign_regisseur(hid, pro, TODAY)
    assert (DueBucket.VANDAAG, DueKind.SIGNAAL) not in kinds_of(ws, hid)


def test_conditions_to_review_and_a_closed_household(workspace, clock) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    hid = ws.cases.create_household("Gezin Voorwaarde", from_vt=True,
                                    vt_handover_date=TODAY - timedelta(days=40))
    cid = ws.plans.add_condition(hid, "Geen alcohol in huis", "Veilig Thuis",
                                 TODAY - timedelta(days=40))
    condition = [i for (b, k, h, _w), i in lines(ws).items() if k is DueKind.VOORWAARDE]
    assert [(i.ref, i.due_on) for i in condition] == [(cid, TODAY + timedelta(days=2))]
    ws.plans.review_condition(cid, "niet", TODAY)
    [again] = [i for (b, k, h, _w), i in lines(ws, days=14).items() if k is DueKind.VOORWAARDE]
    assert again.due_on == TODAY + timedelta(days=14) and again.tab is FileTab.VEILIGHEIDSPLAN
    moment = ws.monitoring.add_extra(hid, TODAY + timedelta(days=1), "Even bellen")
    ws.cases.close_household(hid, TODAY, "Verhuisd naar een andere gemeente")
    left = {(k, i.ref) for (_b, k, h, _w), i in lines(ws, days=14).items() if h == hid}
    assert left == {(DueKind.MONITORING, moment)}  # monitoring goes on after closing


def test_the_indexed_read_finds_what_reading_every_household_finds(workspace, clock) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    DemoGenerator(ws.unit_of_work, seed=11).generate(30)
    titles = {t.id: t.title for t in ws.checklists.templates()}
    for days in (0, 7, 60):
        part = ws.agenda.dated(days)
        with ws.unit_of_work() as uow:  # every household, no index: read live
            parts = agenda_storage.agenda_facts(uow.session, None)
            households = {hid: uow.cases.get_household(hid) for hid in parts}
        everything = []
        for hid, stored in parts.items():
            h = households[hid]
            f = agenda_storage.parse(hid, h.name, h.status.value, h.next_action,
                                     h.next_action_on, h.next_action_by, stored)
            everything += dated_items(f, titles)
        until = horizon(clock.today(), days)
        expected = build_agenda(everything, clock.today(), until)
        assert build_agenda(part.items, clock.today(), until) == expected
        assert expected.items, "the demo has something due"
    assert {i.kind for i in expected.items} >= {DueKind.MONITORING, DueKind.PLANAFSPRAAK,
                                                DueKind.VOORWAARDE}


def test_entries_of_an_older_facts_version_are_brought_up_to_date_first(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    hid = ws.cases.create_household("Gezin Oud")
    ws.cases.set_next_action(hid, "Huisbezoek", TODAY)
    conn = ws.vault.raw_connection()
    conn.execute("UPDATE caseload_entry SET facts_version = ?", (FACTS_VERSION - 1,))
    conn.execute("DELETE FROM agenda_entry")
    conn.commit()
    steps: list[tuple[int, int]] = []
    part = ws.agenda.dated(7, progress=lambda done, total: steps.append((done, total)))
    assert [i.kind for i in part.items if i.household_id == hid] == [DueKind.VOLGENDE_ACTIE]
    assert steps and steps[-1][0] == steps[-1][1]


def test_days_out_of_range_are_refused(workspace) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        workspace.agenda.due(-1)
    assert caught.value.code == "days_range"
