"""A colleague's version that changed only some tables of a household asks again only the parts
of its dashboard and Vandaag entries that read one of them (storage/caseload.py ``refresh``,
storage/agenda.py ``write``). That is right only while each part reads exactly the tables it
names: these tests hold every part to its list, from the statements it sends, and check the
entries a sync leaves against entries computed whole."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from tests.support.team_vaults import TeamOfVaults, team_of_vaults

from wijkteam_desk.domain.model import (
    JournalKind,
    PersonRole,
    Phase,
    Role,
    Severity,
    ViolenceForm,
)
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage import agenda, caseload
from wijkteam_desk.storage.models_agenda import AgendaEntryRow
from wijkteam_desk.storage.models_work import CaseloadEntryRow

_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?')
# A household's id is no data (it never changes): reading only the ids in scope is not reading
# the household's row.
_HOUSEHOLD_DATA = re.compile(r'\bhousehold\."?(?!id\b)\w+')


@contextmanager
def _tables_read(ws: Workspace) -> Iterator[tuple[set[str], list[str]]]:
    read: set[str] = set()
    sent: list[str] = []
    with ws.unit_of_work() as uow:
        engine = uow.session.get_bind()

    def seen(_conn, _cursor, sql, *_rest) -> None:  # type: ignore[no-untyped-def]
        sent.append(sql)
        for table in _TABLE.findall(sql):
            if table != "household" or _HOUSEHOLD_DATA.search(sql):
                read.add(table)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield read, sent
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def _rest(session: Any, scope: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {hid: agenda._nothing_due() for hid in scope}
    agenda._fill_rest(session, scope, out)
    return out


_PARTS: list[tuple[str, Callable[..., Any], frozenset[str]]] = [
    *((p.name, p.query, p.reads) for p in caseload.PARTS),
    ("agenda: the household's row", agenda._household_parts, agenda.HOUSEHOLD_READS),
    ("agenda: the rest", _rest, agenda.REST_READS),
]


@pytest.mark.parametrize(("name", "query", "reads"), _PARTS, ids=[p[0] for p in _PARTS])
def test_each_part_of_an_entry_reads_exactly_the_tables_it_names(
        workspace: Workspace, name: str, query: Callable[..., Any],
        reads: frozenset[str]) -> None:
    DemoGenerator(workspace.unit_of_work, seed=11, events_per_household=(20, 30)).generate(2)
    with workspace.unit_of_work() as uow:
        ids = uow.team.household_ids()
        with _tables_read(workspace) as (read, sent):
            found = query(uow.session, ids)
    assert sent and found, name  # it asked, and it found something to say
    assert read == reads, name


def test_the_parts_of_an_entry_are_every_provider_and_the_summary() -> None:
    from wijkteam_desk.storage.facts import PROVIDERS

    assert [p.name for p in caseload.PARTS] == ["summary", *(p.name for p in PROVIDERS)]


# -- what a sync leaves -----------------------------------------------------------------------
@pytest.fixture
def team(tmp_path: Path):  # type: ignore[no-untyped-def]
    with team_of_vaults(tmp_path, consultants=1) as made:
        yield made


def _stored(ws: Workspace, hid: int) -> tuple[dict[str, Any], tuple[Any, ...]]:
    with ws.unit_of_work() as uow:
        facts = uow.session.execute(select(CaseloadEntryRow.facts_version, CaseloadEntryRow.facts)
                                    .where(CaseloadEntryRow.household_id == hid)).one()
        entry = uow.session.execute(
            select(AgendaEntryRow.facts_version, AgendaEntryRow.due_on,
                   AgendaEntryRow.closing_on, AgendaEntryRow.items)
            .where(AgendaEntryRow.household_id == hid)).one()
    assert facts[0] == entry[0] == caseload.FACTS_VERSION
    return json.loads(facts[1]), (entry[1], entry[2], json.loads(entry[3]))


def _computed_whole(ws: Workspace, hid: int) -> tuple[dict[str, Any], tuple[Any, ...]]:
    with ws.unit_of_work() as uow:
        uow.caseload.refresh([hid])  # every part, from the case file
        uow.session.flush()
        out = uow.session.execute(select(CaseloadEntryRow.facts)
                                  .where(CaseloadEntryRow.household_id == hid)).scalar_one()
        entry = uow.session.execute(
            select(AgendaEntryRow.due_on, AgendaEntryRow.closing_on, AgendaEntryRow.items)
            .where(AgendaEntryRow.household_id == hid)).one()
        uow.session.rollback()
    return json.loads(out), (entry[0], entry[1], json.loads(entry[2]))


def test_after_each_kind_of_change_a_colleagues_entry_is_as_if_computed_whole(
        team: TeamOfVaults) -> None:
    """The leader changes one household step by step, each step touching other tables; after
    each sync the consultant's stored entries equal entries computed from the whole case file,
    and each step but one did change them (else the step would prove nothing)."""
    leader, ayse = team.leader, team.consultants[0]
    cases = leader.cases
    hid = cases.create_household("Gezin Veenstra", opened_on=date(2026, 9, 1))
    child = cases.add_person(hid, "Sanne", "Veenstra", birth_date=date(2019, 4, 2))
    team.sync_all()
    today = team.clock.today()
    steps: list[tuple[str, Callable[[], object]]] = [
        ("volgende actie", lambda: cases.set_next_action(hid, "Huisbezoek", today)),
        # The phase is read from the household's row when shown; without a fixed safety plan
        # a phase change changes no stored fact (rule 2 needs one): the entries stay.
        ("fase", lambda: cases.change_phase(hid, Phase.STABIELE_VEILIGHEID, today, "Rustiger")),
        ("persoon", lambda: cases.add_person(hid, "Bram", "Veenstra",
                                             birth_date=date(1988, 1, 5))),
        ("rollen", lambda: cases.set_roles(child, (PersonRole(Role.KIND),
                                                   PersonRole(Role.GETUIGE)))),
        ("incident", lambda: cases.record_incident(
            hid, today - timedelta(days=2), (ViolenceForm.BEDREIGING,), Severity.ERNSTIG,
            police_report=True, description="Dreiging aan de deur")),
        ("journaal", lambda: cases.add_journal_entry(hid, JournalKind.CONSULTATIE_VT,
                                                     "Consultatie Veilig Thuis")),
        ("plan", lambda: cases.add_action(
            cases.add_goal(hid, Phase.STABIELE_VEILIGHEID, "Rust in huis"), "Afspraak school",
            due=today + timedelta(days=7))),
        ("regie", lambda: cases.assign_regisseur(
            hid, cases.add_professional("Mila de Boer", "Wijkteam Oost"), today)),
        ("afsluiten", lambda: cases.close_household(hid, today, "Doelen gehaald")),
    ]
    before = _stored(ayse, hid)
    for label, step in steps:
        step()
        leader.team.sync()
        assert ayse.team.sync().applied == 1, label
        after = _stored(ayse, hid)
        assert after == _computed_whole(ayse, hid), label
        assert (after != before) == (label != "fase"), label
        before = after


def test_a_colleagues_new_next_action_asks_nothing_of_the_rest_of_the_household(
        team: TeamOfVaults) -> None:
    """The change of a day is often one row: applying it reads that row again for the entries,
    not the household's people, incidents, journal and plans (24 queries over pages that are
    not in memory then)."""
    leader, ayse = team.leader, team.consultants[0]
    hid = leader.cases.create_household("Gezin Kok")
    leader.cases.add_person(hid, "Noor", "Kok", birth_date=date(2018, 6, 1))
    team.sync_all()
    leader.cases.set_next_action(hid, "Bellen met school", team.clock.today())
    leader.team.sync()
    with _tables_read(ayse) as (read, _sent):
        assert ayse.team.sync().applied == 1
    assert "household" in read
    assert not read & (caseload.SUMMARY_READS | agenda.REST_READS), sorted(read)
    assert _stored(ayse, hid) == _computed_whole(ayse, hid)
