"""Hostile household documents at the application level (issue 17): files the team folder's
reader accepts — signed by a current member, for the member's own household, well-formed — whose
*content* must still not be applied. Each is refused with its own reason (or waits, for another
version of the app), logged in the audit log, writes nothing, and the sync goes on with the other
files: an honest change that arrives in the same sync is applied. The file-level matrix is
``test_team_hostile.py``; this table is in docs/team-sync.md ("Hostile and broken input")."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.team_vaults import TeamOfVaults, team_of_vaults

from wijkteam_desk.services import team_state as ts
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.team.payloads import HouseholdDocument
from wijkteam_desk.team.writer import FolderWriter, Publisher

Body = dict[str, Any]


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TeamOfVaults]:
    with team_of_vaults(tmp_path_factory.mktemp("hostile-app")) as made:
        yield made


def _own(ws: Workspace) -> int:
    return next(r.summary.household_id for r in ws.cases.list_cases() if not r.read_only)


def _row(body: Body, table: str, index: int = 0) -> dict[str, Any]:
    block = body["tables"][table]
    return dict(zip(block["columns"], block["rows"][index], strict=True))


def _set(body: Body, table: str, column: str, value: object, index: int = 0) -> None:
    block = body["tables"][table]
    block["rows"][index][block["columns"].index(column)] = value


def rows_of_another_household(body: Body, other: int) -> None:
    _set(body, "household", "id", other)
    body["household_id"] = other


def a_person_in_another_household(body: Body, other: int) -> None:
    _set(body, "person", "household_id", other)


def a_role_left_for_a_removed_person(body: Body, other: int) -> None:
    """The person goes; the role that names them stays, its table unchanged (a table that did
    not change is not read again: the children of a changed one are)."""
    roles = body["tables"]["person_role"]
    gone = roles["rows"][0][roles["columns"].index("person_id")]
    people = body["tables"]["person"]
    at = people["columns"].index("id")
    people["rows"] = [row for row in people["rows"] if row[at] != gone]


def a_relationship_left_for_a_removed_person(body: Body, other: int) -> None:
    """The person goes; a relationship naming them stays, its table unchanged (SQLite would
    delete it here on its own, while the author's copy keeps it)."""
    links = body["tables"]["relationship"]
    assert links["rows"], "the demo household has relationships"
    gone = links["rows"][0][links["columns"].index("person_b_id")]
    people = body["tables"]["person"]
    at = people["columns"].index("id")
    people["rows"] = [row for row in people["rows"] if row[at] != gone]
    for table in ("person_role", "safety_score", "child_offer"):
        block = body["tables"][table]
        at = block["columns"].index("person_id")
        block["rows"] = [row for row in block["rows"] if row[at] != gone]


def the_people_left_out(body: Body, other: int) -> None:
    """The person table missing from the document altogether (an export always has every
    table): applying would delete the household's people under their roles, unchanged."""
    del body["tables"]["person"]


def a_professional_it_does_not_name(body: Body, other: int) -> None:
    block = body["shared"]["professional"]
    extra = list(block["rows"][0])
    extra[block["columns"].index("id")] = other + 7  # a professional no row of it names
    block["rows"].append(extra)


def no_household_row(body: Body, other: int) -> None:
    del body["tables"]["household"]


def a_broken_audit_section(body: Body, other: int) -> None:
    body["audit"] = {"columns": ["at"], "rows": "niet goed"}


def a_row_of_the_wrong_shape(body: Body, other: int) -> None:
    body["tables"]["person"]["rows"][0].append("één kolom te veel")


def an_object_as_a_value(body: Body, other: int) -> None:
    # The household row is written before the person's: half of it must not stay behind.
    _set(body, "household", "next_action", "Half geschreven")
    _set(body, "person", "given_name", {"tekst": "geen waarde"})


def bytes_in_a_text_column(body: Body, other: int) -> None:
    _set(body, "household", "next_action", {"b64": "aGFsbG8="})


def a_newer_schema(body: Body, other: int) -> None:
    body["schema"] += 1


def a_newer_document_format(body: Body, other: int) -> None:
    body["format"] = 2


# (case, how the body is changed, the code, "refused" or "later")
CASES: list[tuple[str, Callable[[Body, int], None], str, str]] = [
    ("the rows of another household", rows_of_another_household,
     "document_outside_household", "refused"),
    ("a person that belongs to another household", a_person_in_another_household,
     "document_outside_household", "refused"),
    ("a role left for a removed person", a_role_left_for_a_removed_person,
     "document_outside_household", "refused"),
    ("a relationship left for a removed person", a_relationship_left_for_a_removed_person,
     "document_outside_household", "refused"),
    ("the people left out, their roles unchanged", the_people_left_out,
     "document_outside_household", "refused"),
    ("a professional the household does not name", a_professional_it_does_not_name,
     "document_outside_household", "refused"),
    ("no household row", no_household_row, "document_malformed", "refused"),
    ("a broken audit section", a_broken_audit_section, "document_malformed", "refused"),
    ("a row of the wrong shape", a_row_of_the_wrong_shape, "document_malformed", "refused"),
    ("an object where a value belongs", an_object_as_a_value, "document_malformed", "refused"),
    ("bytes in a text column", bytes_in_a_text_column, "document_malformed", "refused"),
    ("a newer schema (a colleague updated first)", a_newer_schema, "document_schema", "later"),
    ("a newer document format", a_newer_document_format, "document_format", "later"),
]


def _publisher(ws: Workspace) -> tuple[Publisher, Any]:
    household = _own(ws)
    with ws.unit_of_work() as uow:
        membership = uow.team.membership()
        assert membership is not None
        chain = ts.load_chain(membership)
        local = ts.local_member(uow, membership.member_id, chain.current)
        document = ts.document_of(uow, uow.team.state(household), local.member_id)
    writer = FolderWriter(Path(membership.folder), local.member_id)
    sequence = max([membership.next_sequence, *(e.sequence for e in writer.own_files())]) + 1
    return Publisher(writer, local, chain, ws.clock.now, sequence), document


@pytest.mark.parametrize(("case", "spoil", "code", "disposition"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_hostile_household_document_is_refused_and_the_sync_goes_on(
        team: TeamOfVaults, case: str, spoil: Callable[[Body, int], None], code: str,
        disposition: str) -> None:
    ayse, bart = team.consultants
    leader = team.leader
    victim = _own(leader)
    before = {h: ayse.cases.open_file(h).file for h in (victim, _own(bart))}
    # Bart's laptop, misbehaving, writes the next version of his own household, spoiled.
    publisher, document = _publisher(bart)
    body = copy.deepcopy(dict(document.body or {}))
    spoil(body, victim)
    publisher.publish_documents([HouseholdDocument(
        document.household, document.version + 1, document.dossierhouder, document.pen, False,
        False, body)])
    # In the same sync an honest change of the teamleider arrives.
    leader.cases.set_next_action(victim, f"Eerlijke wijziging naast: {case}")
    leader.team.sync()
    result = ayse.team.sync()
    if disposition == "refused":
        assert [(r.reason, r.household) for r in result.refused] == [(code, document.household)]
        logged = [(e.detail["reason"], e.detail.get("version"))
                  for e in ayse.cases.audit_log(action="team.refused")]
        assert (code, document.version + 1) in logged
    else:
        assert result.refused == () and result.later == 1
    # Nothing of the hostile document was written; the honest change was applied.
    assert ayse.cases.open_file(_own(bart)).file == before[_own(bart)]
    after = ayse.cases.open_file(victim).file
    assert after.household.next_action == f"Eerlijke wijziging naast: {case}"
    assert (after.persons, after.professionals, after.journal) == (
        before[victim].persons, before[victim].professionals, before[victim].journal)
    # The refused file is not read again (a waiting one is, until the app is updated).
    again = ayse.team.sync()
    assert again.refused == () and again.later == (1 if disposition == "later" else 0)
    if disposition == "later":  # out of the way of the next case: Bart's laptop is honest again
        # Two versions on (the hand-made file took his next number): the newer one replaces
        # the waiting file everywhere.
        bart.cases.set_next_action(_own(bart), f"Na: {case}")
        bart.cases.set_next_action(_own(bart), f"En verder na: {case}")
        bart.team.sync()
        assert ayse.team.sync().later == 0
