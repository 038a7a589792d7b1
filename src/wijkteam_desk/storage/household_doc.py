"""One household as a document: every row of it, as stored, to carry it to a colleague's laptop.

The tables of a household are found in the schema: ``household`` and every table that reaches it
through foreign keys (a person, a person's roles, a plan goal's actions, …), except what is this
laptop's own (``LOCAL``). Rows the household points at but does not own (the professionals of
its involvements) travel along as ``shared`` rows. Values are copied as SQLite stores them (text
dates, 0/1 booleans, bytes as base64): ids are team-wide (storage/ids.py), so nothing is
translated, and applying a document replaces the household's rows with exactly these.

The document names the schema version it was written with; a laptop applies only documents of
its own schema (a colleague on another version is told to update, never half-applied)."""

from __future__ import annotations

import base64
import hashlib
import io
import pickle
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from sqlalchemy import LargeBinary, Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, InterfaceError, ProgrammingError
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from .ids import remember_ids
from .schema import metadata

FORMAT = 1
# This laptop's own tables: the caseload and agenda rows (rebuilt on apply), drafts (edits in
# progress), the audit chain (a household's audit lines travel in their own section, team
# service), what this laptop knows of the team (storage/models_team.py), and the bytes of
# attachments (up to 25 MB each: the list of a household's documents travels, the bytes stay
# where they were added; docs/team-sync.md "What travels"). A name of a table this schema does
# not have yet is harmless here.
LOCAL = frozenset({"caseload_entry", "agenda_entry", "draft", "audit_event", "team_audit",
                   "attachment_blob"})


@dataclass(frozen=True)
class Scope:
    """How to select the rows of one table that belong to a household."""

    table: Table
    where: str  # SQL condition on the table, with :h for the household id
    key: str = ""  # the column that ties a row to its parent in the household ('' for household)
    parent: str = ""  # that parent's table
    parent_key: str = ""  # the parent's column the key names


@cache
def _scopes() -> list[Scope]:
    """The household's tables, parents before children, each with its row condition."""
    found: dict[str, Scope] = {"household": Scope(metadata.tables["household"], "id = :h")}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in found or table.name in LOCAL:
                continue
            # Membership follows a required key, the household's own first: a plan goal points
            # at the household and (optionally) at a person; only the first says whose it is.
            keys = sorted((fk for fk in table.foreign_keys if not fk.parent.nullable),
                          key=lambda fk: (fk.column.table.name != "household", fk.parent.name))
            for fk in keys:
                parent = found.get(fk.column.table.name)
                if parent is None:
                    continue
                if parent.table.name == "household":
                    where = f'"{fk.parent.name}" = :h'
                else:
                    where = (f'"{fk.parent.name}" IN (SELECT "{fk.column.name}" FROM '
                             f'"{parent.table.name}" WHERE {parent.where})')
                found[table.name] = Scope(table, where, fk.parent.name, parent.table.name,
                                          fk.column.name)
                changed = True
                break
    order = [t.name for t in metadata.sorted_tables]
    return sorted(found.values(), key=lambda s: order.index(s.table.name))


def _shared(scopes: list[Scope]) -> list[Scope]:
    """Rows outside the household that it points at (the professionals of its involvements),
    each with the condition that selects exactly the rows the household names."""
    inside = {s.table.name for s in scopes}
    out = []
    for scope in scopes:
        for fk in scope.table.foreign_keys:
            target = fk.column.table
            if target.name not in inside and target.name not in LOCAL:
                out.append(Scope(target, f'"{fk.column.name}" IN (SELECT "{fk.parent.name}" '
                                         f'FROM "{scope.table.name}" WHERE {scope.where})'))
    return out


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"b64"}:
        return base64.b64decode(value["b64"], validate=True)
    return value


def _rows(conn: Connection, table: Table, where: str, hid: int) -> dict[str, Any]:
    columns = [c.name for c in table.columns]
    keys = [c.name for c in table.primary_key.columns] or ["rowid"]
    names = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{k}"' for k in keys)
    result = conn.execute(text(f'SELECT {names} FROM "{table.name}" WHERE {where} '
                               f"ORDER BY {order}"), {"h": hid})
    return {"columns": columns, "rows": [[_encode(v) for v in row] for row in result]}


def schema_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def export_household(session: Session, household_id: int) -> dict[str, Any]:
    """Every row of the household (and the professionals it names), ready for canonical JSON."""
    conn = session.connection()
    scopes = _scopes()
    tables = {s.table.name: _rows(conn, s.table, s.where, household_id) for s in scopes}
    if not tables["household"]["rows"]:
        raise ValidationError("household_not_found", household=household_id)
    shared = {s.table.name: _rows(conn, s.table, s.where, household_id) for s in _shared(scopes)}
    return {"format": FORMAT, "schema": schema_version(conn), "household_id": household_id,
            "tables": tables, "shared": shared}


def _ids_of(conn: Connection, scopes: list[Scope], household_id: int) -> Iterator[
        tuple[str, list[int]]]:
    for s in scopes:
        if list(s.table.primary_key.columns.keys()) == ["id"]:
            ids = conn.execute(text(f'SELECT id FROM "{s.table.name}" WHERE {s.where}'),
                               {"h": household_id}).scalars().all()
            yield s.table.name, list(ids)


def remove_household(session: Session, household_id: int) -> None:
    """Drop this laptop's copy of a household (all its rows); ids of this laptop's block that
    it held are remembered, so they are never given to a new row (storage/ids.py)."""
    conn = session.connection()
    for table, ids in _ids_of(conn, _scopes(), household_id):
        remember_ids(conn, table, ids)
    conn.execute(text("DELETE FROM household WHERE id = :h"), {"h": household_id})


def table_digests(doc: dict[str, Any]) -> dict[str, str]:
    """A digest of each table of a document (``shared:`` for the shared rows): a caller that
    stored the digests of the version it applied before passes the tables whose digest did
    not change as ``unchanged``, and applying a day's change reads and writes one or two
    tables instead of twenty. Each digest covers the household id too: a table left unread
    as unchanged is one of the same household (a document that claims another household's
    id matches nothing stored, and every table of it is checked).

    What is hashed is the block's values as ``_exact_bytes`` writes them."""
    out = {}
    owner = f"{doc.get('household_id')!r}\n".encode()
    for section, prefix in (("tables", ""), ("shared", "shared:")):
        for name, block in (doc.get(section) or {}).items():
            out[prefix + name] = hashlib.sha256(owner + _exact_bytes(block)).hexdigest()
    return out


def _exact_bytes(value: Any) -> bytes:
    """``value`` (parsed JSON) as ``pickle`` writes it without its memo: an exact encoding (it
    reads back to an equal value, so different rows never give equal bytes; 1, True and "1"
    differ) that depends on the value alone, not on which objects hold it, and is three times
    quicker than JSON text — a day's change hashes every table of each household that
    arrives. Nothing is ever unpickled. Equal values spelt differently (another key order,
    another Python) may give other bytes: the table is then read and checked as changed."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, 5)
    pickler.fast = True  # no memo: a string seen twice is written twice, as JSON would
    pickler.dump(value)
    return buffer.getvalue()


def apply_household(session: Session, doc: dict[str, Any],
                    unchanged: Collection[str] = ()) -> tuple[int, bool]:
    """Make the household's rows exactly the document's (in the caller's transaction): rows
    it no longer has are deleted, changed rows updated, new rows inserted — only what differs
    is written. ``unchanged``: tables (``table_digests`` names) whose rows here are exactly the
    document's already, left alone. Returns the household id, and whether the household was
    here before (a new one has nothing else yet: no caseload entry). ``ValidationError``:
    ``document_format``, ``document_schema`` (another version of the app),
    ``document_malformed``, ``document_outside_household`` (a row that would belong to, or
    overwrite, another household or a professional the household does not name)."""
    conn = session.connection()
    if doc.get("format") != FORMAT:
        raise ValidationError("document_format", found=doc.get("format"))
    mine = schema_version(conn)
    if doc.get("schema") != mine:
        raise ValidationError("document_schema", found=doc.get("schema"), mine=mine)
    household_id = doc.get("household_id")
    tables, shared = doc.get("tables"), doc.get("shared", {})
    if not isinstance(household_id, int) or not isinstance(tables, dict) or \
            not isinstance(shared, dict):
        raise ValidationError("document_malformed")
    scopes = _scopes()
    known = {s.table.name: s for s in scopes}
    shared_scopes = {s.table.name: s for s in _shared(scopes)}
    if set(tables) - set(known) or "household" not in tables or \
            set(shared) - set(shared_scopes):
        raise ValidationError("document_malformed")
    present = conn.execute(text("SELECT 1 FROM household WHERE id = :h"),
                           {"h": household_id}).first() is not None
    if not present:  # nothing here to be unchanged against: every table is read and written
        unchanged = ()
    wanted = _to_check(scopes, tables, shared, unchanged)
    rows = {name: _parse(known[name].table, block) for name, block in tables.items()
            if name in wanted}
    common = {name: _parse(shared_scopes[name].table, block) for name, block in shared.items()
              if f"shared:{name}" not in unchanged}
    if [r[0] for r in rows["household"].rows] != [household_id]:
        raise ValidationError("document_malformed")
    _check_membership(scopes, rows, common, household_id)
    _check_references(scopes, rows)
    try:
        for name, block in common.items():  # first: the household's rows point at them
            if f"shared:{name}" not in unchanged:
                _upsert(conn, shared_scopes[name].table, block)
        _replace(conn, [s for s in scopes if s.table.name not in unchanged], rows,
                 household_id, present)
    except IntegrityError:
        raise ValidationError("document_outside_household") from None
    except (InterfaceError, ProgrammingError):  # a value SQLite cannot store (an object, a list)
        raise ValidationError("document_malformed") from None
    return household_id, present


def written_tables(unchanged: Collection[str]) -> frozenset[str]:
    """The tables ``apply_household`` may write when ``unchanged`` (``table_digests`` names)
    are left alone: a household's tables and the shared ones, each by its own name."""
    scopes = _scopes()
    return frozenset({s.table.name for s in scopes if s.table.name not in unchanged} | {
        s.table.name for s in _shared(scopes) if f"shared:{s.table.name}" not in unchanged})


def _to_check(scopes: list[Scope], tables: dict[str, Any], shared: dict[str, Any],
              unchanged: Collection[str]) -> set[str]:
    """The tables to parse and check: those that changed or are missing (and ``household``),
    every table pointing at a changed one (a row removed there must leave nothing pointing at
    it; the household's own key never changes), every table that names a changed shared
    block, and every table these point at (a row is checked against its parent's rows and
    the rows it names). Any other table is left unread: its rows here are exactly the
    document's, checked when they were written, and they are not written again."""
    by_name = {s.table.name: s for s in scopes}
    changed = {s.table.name for s in scopes if s.table.name not in unchanged}  # or missing
    pointed = (changed - {"household"}) | {
        name for name in shared if f"shared:{name}" not in unchanged}
    wanted = changed | {"household"} | {
        s.table.name for s in scopes if s.table.name in tables and any(
            fk.column.table.name in pointed for fk in s.table.foreign_keys)}
    todo = list(wanted)
    while todo:  # and every table a wanted one points at (its parent, the rows it names)
        for fk in by_name[todo.pop()].table.foreign_keys:
            target = fk.column.table.name
            if target in by_name and target not in wanted:
                wanted.add(target)
                todo.append(target)
    return wanted


def _check_references(scopes: list[Scope], rows: dict[str, _Block]) -> None:
    """A row's other keys inside the household (a relationship's two people, a score's
    person) name rows the document has: a document that drops a person but keeps what names
    them is refused, not applied half (SQLite would cascade here what the author kept). The
    key that ties a row to its parent is ``_check_membership``'s."""
    inside = {s.table.name for s in scopes} - {"household"}
    membership = {s.table.name: s.key for s in scopes}
    for name, block in rows.items():
        for fk in metadata.tables[name].foreign_keys:
            target = fk.column.table.name
            if target not in inside or fk.parent.name == membership[name]:
                continue
            at = block.columns.index(fk.parent.name)
            named = {r[at] for r in block.rows} - {None}
            if not named:
                continue
            other = rows.get(target)
            have = {r[other.columns.index(fk.column.name)] for r in other.rows} if other else set()
            if named - have:
                raise ValidationError("document_outside_household", table=name)


@dataclass(frozen=True)
class _Block:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    key: list[int]  # positions of the primary key columns

    @cached_property
    def by_key(self) -> dict[tuple[Any, ...], tuple[Any, ...]]:
        return {tuple(row[i] for i in self.key): row for row in self.rows}


@cache
def _binary(table: Table) -> frozenset[str]:
    """The columns that hold bytes (``{"b64": …}`` in a document): only these are decoded, so
    bytes sent for a text column are refused (SQLite would store them)."""
    return frozenset(c.name for c in table.columns
                     if isinstance(getattr(c.type, "impl", c.type), LargeBinary))


def _parse(table: Table, block: Any) -> _Block:
    if not isinstance(block, dict):
        raise ValidationError("document_malformed")
    columns, raw = block.get("columns"), block.get("rows")
    if not isinstance(columns, list) or not isinstance(raw, list) or \
            sorted(columns) != sorted(c.name for c in table.columns):
        raise ValidationError("document_malformed", table=table.name)
    width, binary = len(columns), _binary(table)
    decode = [i for i, c in enumerate(columns) if c in binary]
    rows = []
    for row in raw:
        if type(row) is not list or len(row) != width:
            raise ValidationError("document_malformed", table=table.name)
        if decode:
            row = list(row)
            for i in decode:
                row[i] = _decode(row[i])
        rows.append(tuple(row))  # a value SQLite cannot store is refused when written
    key = [columns.index(c.name) for c in table.primary_key.columns]
    block_ = _Block(columns, rows, key)
    if not key or len(block_.by_key) != len(rows):
        raise ValidationError("document_malformed", table=table.name)
    return block_


def _check_membership(scopes: list[Scope], rows: dict[str, _Block],
                      common: dict[str, _Block], household_id: int) -> None:
    """Every row of the document belongs to the household by the same rule that selects it
    (its key names the household or a parent row in the document), and every shared row is
    one the household's rows name: a document cannot reach into another household or
    overwrite a professional it does not name."""
    for scope in scopes:
        block = rows.get(scope.table.name)
        if block is None or not scope.key:
            continue
        parent = rows.get(scope.parent)
        allowed = {household_id} if scope.parent == "household" else (
            {r[parent.columns.index(scope.parent_key)] for r in parent.rows} if parent else set())
        at = block.columns.index(scope.key)
        if any(r[at] not in allowed for r in block.rows):
            raise ValidationError("document_outside_household", table=scope.table.name)
    for name, block in common.items():
        named = set()
        for scope in scopes:
            inside = rows.get(scope.table.name)
            for fk in scope.table.foreign_keys:
                if inside is not None and fk.column.table.name == name:
                    at = inside.columns.index(fk.parent.name)
                    named |= {r[at] for r in inside.rows}
        if any(r[block.key[0]] not in named for r in block.rows):
            raise ValidationError("document_outside_household", table=name)


def _replace(conn: Connection, scopes: list[Scope], rows: dict[str, _Block],
             household_id: int, present: bool) -> None:
    """Delete what the household no longer has (children first), then update and insert
    (parents first)."""
    existing: dict[str, dict[tuple[Any, ...], tuple[Any, ...]]] = {}
    if present:  # a household not here yet has no rows anywhere (its keys say so)
        for scope in scopes:
            columns = rows[scope.table.name].columns if scope.table.name in rows else \
                [c.name for c in scope.table.columns]
            names = ", ".join(f'"{c}"' for c in columns)
            found = conn.exec_driver_sql(f'SELECT {names} FROM "{scope.table.name}" '
                                         f"WHERE {scope.where}", {"h": household_id}).all()
            key = [columns.index(c.name) for c in scope.table.primary_key.columns]
            existing[scope.table.name] = {tuple(r[i] for i in key): tuple(r) for r in found}
    for scope in reversed(scopes):
        have = existing.get(scope.table.name, {})
        wanted = rows[scope.table.name].by_key if scope.table.name in rows else {}
        gone = [k for k in have if k not in wanted]
        if gone:
            _delete(conn, scope.table, gone)
    for scope in scopes:
        block = rows.get(scope.table.name)
        if block is None:
            continue
        have = existing.get(scope.table.name, {})
        new = [r for k, r in block.by_key.items() if k not in have]
        changed = [r for k, r in block.by_key.items() if k in have and have[k] != r]
        if new:
            names = ", ".join(f'"{c}"' for c in block.columns)
            marks = ", ".join("?" for _ in block.columns)
            conn.exec_driver_sql(f'INSERT INTO "{scope.table.name}" ({names}) VALUES ({marks})',
                                 new)
        if changed:
            # The key is not SET (it is the same): a key in the SET list makes SQLite look for
            # the row's children in every table pointing at it, at every update.
            keys = [block.columns[i] for i in block.key]
            rest = [i for i, c in enumerate(block.columns) if c not in keys]
            sets = ", ".join(f'"{block.columns[i]}" = ?' for i in rest)
            where = " AND ".join(f'"{k}" = ?' for k in keys)
            conn.exec_driver_sql(f'UPDATE "{scope.table.name}" SET {sets} WHERE {where}',
                                 [(*(r[i] for i in rest), *(r[i] for i in block.key))
                                  for r in changed])


def _delete(conn: Connection, table: Table, keys: list[tuple[Any, ...]]) -> None:
    columns = [c.name for c in table.primary_key.columns]
    if columns == ["id"]:
        remember_ids(conn, table.name, [k[0] for k in keys])
    where = " AND ".join(f'"{c}" = ?' for c in columns)
    conn.exec_driver_sql(f'DELETE FROM "{table.name}" WHERE {where}', keys)


def _upsert(conn: Connection, table: Table, block: _Block) -> None:
    if not block.rows:
        return
    keys = [block.columns[i] for i in block.key]
    names = ", ".join(f'"{c}"' for c in block.columns)
    marks = ", ".join("?" for _ in block.columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in block.columns if c not in keys)
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks}) '
                         f'ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {updates}', block.rows)
