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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from .ids import remember_ids
from .schema import metadata

FORMAT = 1
# This laptop's own tables: the caseload row (rebuilt on apply), drafts (edits in progress),
# the audit chain (a household's audit lines travel in their own section, team service), and
# what this laptop knows of the team (storage/models_team.py).
LOCAL = frozenset({"caseload_entry", "draft", "audit_event", "team_audit"})


@dataclass(frozen=True)
class Scope:
    """How to select the rows of one table that belong to a household."""

    table: Table
    where: str  # SQL condition on the table, with :h for the household id


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
                found[table.name] = Scope(table, where)
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


def apply_household(session: Session, doc: dict[str, Any]) -> int:
    """Replace the household's rows by the document's (in the caller's transaction). Returns the
    household id. Raises ValidationError for a document of another schema or a malformed one."""
    conn = session.connection()
    if doc.get("format") != FORMAT:
        raise ValidationError("document_format", found=doc.get("format"))
    if doc.get("schema") != schema_version(conn):
        raise ValidationError("document_schema", found=doc.get("schema"),
                              mine=schema_version(conn))
    household_id = doc.get("household_id")
    tables, shared = doc.get("tables"), doc.get("shared", {})
    if not isinstance(household_id, int) or not isinstance(tables, dict) or \
            not isinstance(shared, dict):
        raise ValidationError("document_malformed")
    scopes = _scopes()
    known = {s.table.name: s.table for s in scopes}
    if set(tables) - set(known) or "household" not in tables:
        raise ValidationError("document_malformed")
    head = tables["household"]
    if head.get("rows") and [r[head["columns"].index("id")] for r in head["rows"]] != \
            [household_id]:
        raise ValidationError("document_malformed")
    shared_scopes = {s.table.name: s for s in _shared(scopes)}
    if set(shared) - set(shared_scopes):
        raise ValidationError("document_malformed")
    remove_household(session, household_id)
    for name, block in shared.items():  # first: the household's rows point at them
        _insert(conn, shared_scopes[name].table, block, upsert=True)
    for scope in scopes:
        if scope.table.name in tables:
            _insert(conn, scope.table, tables[scope.table.name], upsert=False)
    # Every row written must belong to this household (or be named by it): a document cannot
    # reach into another household or overwrite a professional it does not name.
    for scope in [*scopes, *(shared_scopes[n] for n in shared)]:
        block = tables.get(scope.table.name) or shared.get(scope.table.name)
        if not block:
            continue
        held = conn.execute(text(f'SELECT count(*) FROM "{scope.table.name}" '
                                 f"WHERE {scope.where}"), {"h": household_id}).scalar()
        if held != len(block["rows"]):
            raise ValidationError("document_outside_household", table=scope.table.name)
    return household_id


def _insert(conn: Connection, table: Table, block: Any, *, upsert: bool) -> None:
    if not isinstance(block, dict):
        raise ValidationError("document_malformed")
    columns, rows = block.get("columns"), block.get("rows")
    local = {c.name for c in table.columns}
    if not isinstance(columns, list) or not isinstance(rows, list) or set(columns) != local:
        raise ValidationError("document_malformed", table=table.name)
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(f":c{i}" for i in range(len(columns)))
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    if upsert:
        keys = [c.name for c in table.primary_key.columns]
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
        sql += f' ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {updates}'
    params = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(columns):
            raise ValidationError("document_malformed", table=table.name)
        params.append({f"c{i}": _decode(v) for i, v in enumerate(row)})
    conn.execute(text(sql), params)
