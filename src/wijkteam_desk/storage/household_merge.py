"""A late change side by side with the current file, and the file merged from a person's choice.

After a teamleider's takeover, a change the old dossierhouder made without having seen it is
kept for review (services/team_review.py). The new dossierhouder sees, row by row, what the
late document has that the current file has not (``added``) or has otherwise (``changed``), and
chooses per item: keep the current row, or take the late one. Journal entries are never a
choice: the journal only grows, so a late entry is added beside the current ones (both kept).

Both documents are ``household_doc`` documents (every row as stored). The merged document is
the current one with the taken rows put in; a taken row brings the parent rows it needs (a
role needs its person) from the late document, and the shared rows (professionals) the merged
rows name. What the old dossierhouder deleted is not offered: without the version both started
from, a row missing from the late document cannot be told from one added since."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..domain.errors import ValidationError
from .household_doc import Scope, _scopes, _shared

ALWAYS_KEPT = frozenset({"journal_entry"})  # "both kept": a late journal entry is added


@dataclass(frozen=True)
class RowChange:
    key: str  # "table:primary key", the handle a person chooses with
    table: str
    kind: str  # "added" (only in the late document) or "changed" (differs from the current)
    late: dict[str, Any]  # the row as the old dossierhouder wrote it
    current: dict[str, Any] | None  # the row in the current file (None when added)
    always_kept: bool = False  # a journal entry: added whatever is chosen


def _block_rows(block: dict[str, Any]) -> list[dict[str, Any]]:
    columns = block["columns"]
    return [dict(zip(columns, row, strict=True)) for row in block["rows"]]


def _pk(scope_table: Any) -> list[str]:
    return [c.name for c in scope_table.primary_key.columns]


def _key(table: str, pk: list[str], row: dict[str, Any]) -> str:
    return f"{table}:" + "/".join(str(row[c]) for c in pk)


def _indexed(doc: dict[str, Any], scope: Scope) -> dict[str, dict[str, Any]]:
    block = (doc.get("tables") or {}).get(scope.table.name)
    if not isinstance(block, dict):
        return {}
    pk = _pk(scope.table)
    try:
        return {_key(scope.table.name, pk, row): row for row in _block_rows(block)}
    except (KeyError, TypeError, ValueError):
        raise ValidationError("document_malformed", table=scope.table.name) from None


def review_changes(current: dict[str, Any], late: dict[str, Any]) -> list[RowChange]:
    """Every row the late document has and the current file has not, or has otherwise,
    parents before children."""
    changes = []
    for scope in _scopes():
        have = _indexed(current, scope)
        for key, row in _indexed(late, scope).items():
            now = have.get(key)
            if now == row:
                continue
            changes.append(RowChange(key, scope.table.name, "added" if now is None else "changed",
                                     row, now, now is None and scope.table.name in ALWAYS_KEPT))
    return changes


def merged_document(current: dict[str, Any], late: dict[str, Any],
                    take: Collection[str]) -> tuple[dict[str, Any], list[str]]:
    """The current document with the taken rows of the late one (and every late journal
    entry) put in. Returns it and the keys that went in (parents brought along included).
    ``ValidationError``: ``review_item_unknown`` for a key that is no change of this review."""
    changes = {c.key: c for c in review_changes(current, late)}
    unknown = [k for k in take if k not in changes]
    if unknown:
        raise ValidationError("review_item_unknown", item=unknown[0][:80])
    scopes = {s.table.name: s for s in _scopes()}
    merged = copy.deepcopy(current)
    tables = merged["tables"]
    rows = {name: _indexed(merged, scope) for name, scope in scopes.items()}
    late_rows = {name: _indexed(late, scope) for name, scope in scopes.items()}
    taken: list[str] = []

    def put(change_key: str) -> None:
        if change_key in taken:
            return
        table = change_key.split(":", 1)[0]
        row = late_rows[table][change_key]
        scope = scopes[table]
        if scope.key and scope.parent != "household":  # bring the parent row it needs
            value = row[scope.key]
            if not any(r.get(scope.parent_key) == value for r in rows[scope.parent].values()):
                parent = next((k for k, r in late_rows[scope.parent].items()
                               if r.get(scope.parent_key) == value), None)
                if parent is not None:
                    put(parent)
        rows[table][change_key] = row
        taken.append(change_key)

    for key in [*take, *(c.key for c in changes.values() if c.always_kept)]:
        put(key)
    for name, indexed in rows.items():
        if name in tables:
            columns = tables[name]["columns"]
            tables[name]["rows"] = [[r[c] for c in columns] for r in indexed.values()]
    merged["shared"] = _merged_shared(current, late, tables)
    return merged, taken


def _merged_shared(current: dict[str, Any], late: dict[str, Any],
                   tables: dict[str, Any]) -> dict[str, Any]:
    """The shared rows (professionals) the merged rows name: the current file's, else the
    late document's."""
    out: dict[str, Any] = {}
    scopes = _scopes()
    for shared in _shared(scopes):
        name = shared.table.name
        pk = _pk(shared.table)
        named = set()
        for scope in scopes:
            block = tables.get(scope.table.name)
            for fk in scope.table.foreign_keys:
                if block is not None and fk.column.table.name == name:
                    at = block["columns"].index(fk.parent.name)
                    named |= {r[at] for r in block["rows"]}
        found: dict[str, dict[str, Any]] = {}
        columns: list[str] | None = None
        for doc in (late, current):  # the current file's row wins
            block = (doc.get("shared") or {}).get(name)
            if isinstance(block, dict):
                columns = block["columns"]
                found.update({_key(name, pk, r): r for r in _block_rows(block)})
        if columns is not None:
            out[name] = {"columns": columns,
                         "rows": [[r[c] for c in columns] for r in found.values()
                                  if r[pk[0]] in named]}
    return out
