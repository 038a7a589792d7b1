"""Team-wide row ids, the one-time move of a vault's rows into its block, and a household carried
as a document from one laptop's vault to another's (storage/ids.py, renumber.py,
household_doc.py). Synthetic households from the demo generator: every feature filled in."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from tests.conftest import CHEAP_KDF, PASSPHRASE

from wijkteam_desk.cli.cases import condition_json, file_json
from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.safety_plan_json import plan_to_dict
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage import household_doc, ids
from wijkteam_desk.storage.id_refs import TEXT_REFS, TEXT_WITHOUT_IDS
from wijkteam_desk.storage.renumber import UNTOUCHED, renumber_into_block
from wijkteam_desk.storage.schema import metadata
from wijkteam_desk.storage.secretstore import NoSecretStore

CLOCK = FixedClock(datetime(2026, 11, 22, 10, 0, tzinfo=UTC))
BIG = 100_000  # every row id of a test vault lies above this: no id looks like a score or version


def make_vault(home: Path, households: int = 0, seed: int = 7, push_ids: bool = True) -> Workspace:
    service = VaultService(AppPaths(home), NoSecretStore(), CLOCK,
                           Identity("tester", "testapparaat"), kdf=CHEAP_KDF)
    ws, _ = service.create(PASSPHRASE, "Wijkteam Test", "Utrecht")
    if push_ids:
        _push_ids(ws)
    if households:
        DemoGenerator(ws.unit_of_work, seed=seed).generate(households)
    if push_ids:
        _park(ws, remove=True)
    return ws


def _id_tables() -> list[Any]:
    return [t for t in metadata.sorted_tables
            if list(t.primary_key.columns.keys()) == ["id"] and t.name != "audit_event"]


def _push_ids(ws: Workspace) -> None:
    """A parked row at BIG in every id table, so every row made after it has an id above BIG
    (SQLite numbers a row one above the highest); ``_park(remove=True)`` takes them away."""
    _park(ws, remove=False)


def _park(ws: Workspace, remove: bool) -> None:
    with ws.unit_of_work() as uow:
        conn = uow.session.connection()
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for table in _id_tables():
            if remove:
                conn.execute(table.delete().where(table.c.id == BIG))
                continue
            row: dict[str, Any] = {c.name: _filler(c) for c in table.columns}
            row["id"] = BIG
            for fk in table.foreign_keys:
                row[fk.parent.name] = BIG
            conn.execute(table.insert().values(**row))
        uow.commit()


def _filler(column: Any) -> Any:
    kind = column.type.python_type
    if kind is bool:
        return False
    if kind is int:
        return 0
    if kind.__name__ in ("date", "datetime"):
        return datetime(2026, 1, 1) if kind.__name__ == "datetime" else datetime(2026, 1, 1).date()
    return "{}" if column.name in ("document", "detail", "facts") else ""


def show(ws: Workspace, hid: int) -> dict[str, Any]:
    """What `show --json` prints: the household file, monitoring, conditions, plan versions."""
    view = ws.cases.open_file(hid)
    return {**file_json(view), "monitoring": ws.monitoring.moments_json(hid),
            "conditions": [condition_json(c) for c in ws.plans.conditions(hid)],
            "safety_plans": [plan_to_dict(p) for p in ws.plans.versions(hid)]}


def real_households(ws: Workspace) -> list[int]:
    return [r.summary.household_id for r in ws.cases.list_cases()]


def shift(value: Any, offset: int) -> Any:
    """``value`` with every id above BIG moved by ``offset`` (ints and digit-string keys; a
    string value is text, e.g. a safe place's own id inside the plan, and stays)."""
    if isinstance(value, dict):
        return {shift_key(k, offset): shift(v, offset) for k, v in value.items()}
    if isinstance(value, list):
        return [shift(v, offset) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and value >= BIG:
        return value + offset
    return value


def shift_key(key: str, offset: int) -> str:
    return str(int(key) + offset) if key.isdigit() and int(key) >= BIG else key


# -- ids --------------------------------------------------------------------------------------
def test_a_vault_alone_numbers_its_rows_as_before(tmp_path: Path) -> None:
    ws = make_vault(tmp_path / "a", push_ids=False)
    try:
        first = ws.cases.create_household("Gezin Jansen")
        second = ws.cases.create_household("Gezin de Vries")
        assert (first, second) == (1, 2)
    finally:
        ws.lock()


def test_in_a_team_new_rows_get_ids_of_the_members_block(tmp_path: Path) -> None:
    ws = make_vault(tmp_path / "a", push_ids=False)
    try:
        with ws.unit_of_work() as uow:
            renumber_into_block(uow.session, 3)
            uow.commit()
        hid = ws.cases.create_household("Gezin Jansen")
        pid = ws.cases.add_person(hid, "Fenna", "Jansen")
        lo, hi = ids.block_range(3)
        assert lo < hid < hi and lo < pid < hi
        # A colleague's row (block 5) in the table does not move this laptop's numbering.
        with ws.unit_of_work() as uow:
            uow.session.execute(text(
                "INSERT INTO household (id, name, status, phase, opened_on, from_vt, "
                "vt_case_number, closing_reason, next_action, updated_at) VALUES (:i, 'Gezin "
                "Bakker', 'open', 'directe_veiligheid', '2026-01-01', 0, '', '', '', "
                "'2026-01-01 00:00:00')"), {"i": ids.block_range(5)[0] + 1})
            uow.commit()
        assert ws.cases.create_household("Gezin Smit") == hid + 1
    finally:
        ws.lock()


def test_many_new_rows_of_one_table_in_one_flush_get_ids_of_their_own(tmp_path: Path) -> None:
    """A household with its journal made in one unit of work (the demo generator, an import)
    adds many rows of one table in one flush: each gets its own id in the block (failed with
    a UNIQUE constraint on journal_entry.id before)."""
    ws = make_vault(tmp_path / "a", push_ids=False)
    try:
        with ws.unit_of_work() as uow:
            renumber_into_block(uow.session, 3)
            uow.commit()
        DemoGenerator(ws.unit_of_work, seed=6).generate(2)
        lo, hi = ids.block_range(3)
        with ws.unit_of_work() as uow:
            journal = uow.session.execute(text("SELECT id FROM journal_entry")).scalars().all()
        assert len(journal) == len(set(journal)) > 10
        assert all(lo < i < hi for i in journal)
    finally:
        ws.lock()


def test_an_id_of_a_removed_copy_is_never_given_again(tmp_path: Path) -> None:
    ws = make_vault(tmp_path / "a", push_ids=False)
    try:
        with ws.unit_of_work() as uow:
            renumber_into_block(uow.session, 2)
            uow.commit()
        older = ws.cases.create_household("Gezin Jansen")
        newest = ws.cases.create_household("Gezin de Vries")
        with ws.unit_of_work() as uow:
            household_doc.remove_household(uow.session, newest)
            uow.commit()
        assert ws.cases.create_household("Gezin Smit") == newest + 1 > older
    finally:
        ws.lock()


# -- renumber ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo") / "home"
    make_vault(home, households=12, seed=11).lock()
    return home


def copy_of(demo: Path, tmp_path: Path) -> Workspace:
    import shutil

    home = tmp_path / "copy"
    shutil.copytree(demo, home)
    service = VaultService(AppPaths(home), NoSecretStore(), CLOCK,
                           Identity("tester", "testapparaat"), kdf=CHEAP_KDF)
    return service.unlock(PASSPHRASE)


def test_renumbering_moves_every_reference_and_changes_nothing_else(
        demo_vault: Path, tmp_path: Path) -> None:
    ws = copy_of(demo_vault, tmp_path)
    try:
        before = {hid: show(ws, hid) for hid in real_households(ws)}
        with ws.unit_of_work() as uow:
            offset = renumber_into_block(uow.session, 2)
            uow.commit()
        assert offset == ids.block_range(2)[0]
        after = {hid: show(ws, hid) for hid in real_households(ws)}
        assert sorted(after) == sorted(h + offset for h in before)
        for hid, view in before.items():
            assert after[hid + offset] == shift(view, offset)
        # No old id is left in any id-bearing column (the views above resolve names, so a
        # missed reference would show there too; this finds the ones no view reads).
        with ws.unit_of_work() as uow:
            conn = uow.session.connection()
            for (table, column) in TEXT_REFS:
                for (value,) in conn.execute(text(f'SELECT "{column}" FROM "{table}"')):
                    assert all(n >= offset for n in _numbers(value)), (table, column)
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        ws.lock()


def test_every_list_or_json_column_is_known_to_hold_ids_or_not(
        demo_vault: Path, tmp_path: Path) -> None:
    ws = copy_of(demo_vault, tmp_path)
    try:
        unknown = set()
        with ws.unit_of_work() as uow:
            conn = uow.session.connection()
            for table in metadata.sorted_tables:
                if table.name in UNTOUCHED:  # the audit chain keeps its ids
                    continue
                for column in table.columns:
                    if column.type.python_type is not str:
                        continue
                    values = conn.execute(text(
                        f'SELECT "{column.name}" FROM "{table.name}" LIMIT 200')).scalars()
                    if any(_structured(v) for v in values):
                        unknown.add((table.name, column.name))
        assert unknown - set(TEXT_REFS) - TEXT_WITHOUT_IDS == set()
    finally:
        ws.lock()


def _numbers(value: str | None) -> list[int]:
    """The integers of a comma-separated list or a JSON document (values and digit keys) that
    are large enough to be row ids; a phone number is a string and is not counted."""
    if not value:
        return []
    if re.fullmatch(r"\d+(,\d+)*", value):
        return [int(n) for n in value.split(",")]
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(int(k) for k in node if k.isdigit())
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, int) and not isinstance(node, bool):
            found.append(node)

    walk(json.loads(value))
    return [n for n in found if n >= BIG]


def _structured(value: str | None) -> bool:
    if not value:
        return False
    if re.fullmatch(r"\d+(,\d+)+|\d{6,}", value):
        return True
    try:
        return isinstance(json.loads(value), dict | list)
    except ValueError:
        return False


def test_renumbering_is_refused_while_an_edit_is_in_progress(
        demo_vault: Path, tmp_path: Path) -> None:
    ws = copy_of(demo_vault, tmp_path)
    try:
        hid = real_households(ws)[0]
        ws.drafts.save("journal:test", {"text": "half getypt"}, hid)
        with ws.unit_of_work() as uow, pytest.raises(ValidationError) as refused:
            renumber_into_block(uow.session, 2)
        assert refused.value.code == "drafts_open"
        assert real_households(ws)[0] == hid  # nothing moved
    finally:
        ws.lock()


# -- household documents ----------------------------------------------------------------------
def _export(ws: Workspace, hid: int) -> dict[str, Any]:
    with ws.unit_of_work() as uow:
        return household_doc.export_household(uow.session, hid)


def _apply(ws: Workspace, doc: dict[str, Any]) -> None:
    with ws.unit_of_work() as uow:
        hid, _ = household_doc.apply_household(uow.session, json.loads(json.dumps(doc)))
        uow.changed(hid)
        uow.commit()


@pytest.fixture
def two_laptops(demo_vault: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    a = copy_of(demo_vault, tmp_path / "a")
    with a.unit_of_work() as uow:
        renumber_into_block(uow.session, 1)
        uow.commit()
    b = make_vault(tmp_path / "b", households=3, seed=99)
    with b.unit_of_work() as uow:
        renumber_into_block(uow.session, 2)
        uow.commit()
    yield a, b
    a.lock()
    b.lock()


def test_a_household_arrives_on_a_colleagues_laptop_exactly_as_it_is(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = two_laptops
    own = {hid: show(b, hid) for hid in real_households(b)}
    for hid in real_households(a):
        _apply(b, _export(a, hid))
        assert show(b, hid) == show(a, hid)
        assert _export(b, hid) == _export(a, hid)
    assert {hid: show(b, hid) for hid in own} == own  # b's own households untouched


def test_applying_is_idempotent_and_a_newer_version_replaces_the_older(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = two_laptops
    hid = real_households(a)[0]
    older = _export(a, hid)
    a.cases.add_person(hid, "Noor", "Visser")
    newer = _export(a, hid)
    _apply(b, older)
    _apply(b, older)
    assert _export(b, hid) == older
    _apply(b, newer)
    assert "Noor Visser" in [m["name"] for m in show(b, hid)["members"]]
    assert _export(b, hid) == newer


def test_a_document_cannot_write_into_another_household(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = two_laptops
    victim = real_households(b)[0]
    before = _export(b, victim)
    doc = _export(a, real_households(a)[0])
    person = doc["tables"]["person"]
    person["rows"][0][person["columns"].index("household_id")] = victim
    with pytest.raises(ValidationError) as refused:
        _apply(b, doc)
    assert refused.value.code == "document_outside_household"
    assert _export(b, victim) == before


def test_a_document_cannot_overwrite_a_row_of_another_household(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = two_laptops
    victim = real_households(b)[0]
    before = _export(b, victim)
    doc = _export(a, real_households(a)[0])
    person = doc["tables"]["person"]
    theirs = before["tables"]["person"]["rows"][0][before["tables"]["person"]["columns"].index(
        "id")]
    person["rows"][0][person["columns"].index("id")] = theirs  # same id, "our" household
    with pytest.raises(ValidationError) as refused:
        _apply(b, doc)
    assert refused.value.code == "document_outside_household"
    assert _export(b, victim) == before


def test_a_document_cannot_overwrite_a_professional_it_does_not_name(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = two_laptops
    doc = _export(a, real_households(a)[0])
    professionals = doc["shared"]["professional"]
    named = {r[professionals["columns"].index("id")] for r in professionals["rows"]}
    other = _export(b, real_households(b)[0])["shared"]["professional"]
    stranger = next(r for r in other["rows"] if r[other["columns"].index("id")] not in named)
    professionals["rows"].append(list(stranger))
    with pytest.raises(ValidationError) as refused:
        _apply(b, doc)
    assert refused.value.code == "document_outside_household"


def test_a_newer_version_without_a_row_removes_it(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = two_laptops
    hid = real_households(a)[0]
    _apply(b, _export(a, hid))
    with a.unit_of_work() as uow:  # the dossierhouder's laptop lost a journal entry
        uow.session.execute(text("DELETE FROM journal_entry WHERE id = (SELECT min(id) FROM "
                                 "journal_entry WHERE household_id = :h)"), {"h": hid})
        uow.changed(hid)
        uow.commit()
    newer = _export(a, hid)
    _apply(b, newer)
    assert _export(b, hid) == newer
    assert show(b, hid) == show(a, hid)


def test_a_document_of_another_schema_is_refused(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, b = two_laptops
    doc = _export(a, real_households(a)[0])
    doc["schema"] += 1
    with pytest.raises(ValidationError) as refused:
        _apply(b, doc)
    assert refused.value.code == "document_schema"


def test_a_document_holds_every_row_that_names_the_household(two_laptops) -> None:  # type: ignore[no-untyped-def]
    a, _b = two_laptops
    for hid in real_households(a):
        doc = _export(a, hid)
        with a.unit_of_work() as uow:
            conn = uow.session.connection()
            for name, block in doc["tables"].items():
                if "household_id" in block["columns"]:
                    held = conn.execute(text(f'SELECT count(*) FROM "{name}" '
                                             "WHERE household_id = :h"), {"h": hid}).scalar()
                    assert len(block["rows"]) == held, name


def test_a_batch_reads_the_team_state_of_its_households_once(tmp_path: Path) -> None:
    """``team sync`` loads the team state of a batch in one query; judging and applying each
    household then asks for it twice more and must not go back to the vault for it (a query
    each cost ~2 ms on a 5,000-household vault)."""
    import gc

    from sqlalchemy import event

    ws = make_vault(tmp_path / "a", push_ids=False)
    try:
        ws.team.create("Wijkteam Test", tmp_path / "teammap")
        households = [ws.cases.create_household(f"Gezin {n}") for n in ("Jansen", "Smit", "Bos")]
        with ws.unit_of_work() as uow:
            asked: list[str] = []
            engine = uow.session.get_bind()

            def count(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
                if "team_household" in statement:
                    asked.append(statement)

            uow.team.prefetch_states(households)
            gc.collect()  # nothing else holds the rows the prefetch loaded
            event.listen(engine, "before_cursor_execute", count)
            try:
                states = [uow.team.state(h) for h in households + households]
            finally:
                event.remove(engine, "before_cursor_execute", count)
        assert all(s is not None and s.version >= 1 for s in states)
        assert asked == []
    finally:
        ws.lock()


def test_a_household_new_here_is_not_first_looked_for_in_the_caseload(two_laptops) -> None:  # type: ignore[no-untyped-def]
    """A catch-up of 5,000 households spent a DELETE on each for a caseload entry a household
    not here yet cannot have; a household that was here has its entry dropped (and rebuilt)."""
    from sqlalchemy import event

    a, b = two_laptops
    hid = real_households(a)[0]
    document = _export(a, hid)
    for present_before, deletes_expected in ((False, 0), (True, 1)):
        with b.unit_of_work() as uow:
            engine = uow.session.get_bind()
            deletes: list[str] = []

            def count(_conn, _cursor, statement, *_rest, seen=deletes) -> None:  # type: ignore[no-untyped-def]
                if statement.startswith("DELETE FROM caseload_entry"):
                    seen.append(statement)

            event.listen(engine, "before_cursor_execute", count)
            try:
                applied, _digests = uow.team.apply_household(json.loads(json.dumps(document)))
                uow.team.forget_caseload(applied)
            finally:
                event.remove(engine, "before_cursor_execute", count)
            uow.commit()
        assert applied == hid and len(deletes) == deletes_expected, present_before
    assert _export(b, hid) == document


def test_a_changed_row_is_updated_without_setting_its_key(two_laptops) -> None:  # type: ignore[no-untyped-def]
    """A key in an UPDATE's SET list (even set to itself) makes SQLite look for the row's
    children in every table that points at it: for a household, twenty tables at each of a
    day's 300 changes. The key only selects the row."""
    from sqlalchemy import event

    a, b = two_laptops
    hid = real_households(a)[0]
    document = _export(a, hid)
    with b.unit_of_work() as uow:
        uow.team.apply_household(json.loads(json.dumps(document)))
        uow.commit()
    block = document["tables"]["household"]
    block["rows"][0][block["columns"].index("next_action")] = "Huisbezoek met de wijkagent"
    with b.unit_of_work() as uow:
        engine = uow.session.get_bind()
        updates: list[str] = []

        def seen(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
            if statement.startswith("UPDATE "):
                updates.append(statement)

        event.listen(engine, "before_cursor_execute", seen)
        try:
            uow.team.apply_household(json.loads(json.dumps(document)))
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        uow.commit()
    assert len(updates) == 1 and updates[0].startswith('UPDATE "household" SET ')
    assert '"id" = ?' not in updates[0].split(" WHERE ")[0]
    assert _export(b, hid) == document


def test_a_household_not_here_gets_every_table_whatever_digests_are_stored(two_laptops) -> None:  # type: ignore[no-untyped-def]
    """Digests say which tables are as stored here; for a household that is not here (its copy
    removed, its team state kept) they are out of date: every table is written."""
    from wijkteam_desk.storage import household_doc

    a, b = two_laptops
    hid = real_households(a)[0]
    document = _export(a, hid)
    stale = json.dumps(household_doc.table_digests(document), sort_keys=True)
    with b.unit_of_work() as uow:
        uow.team.apply_household(json.loads(json.dumps(document)), stale)
        uow.commit()
    assert _export(b, hid) == document
