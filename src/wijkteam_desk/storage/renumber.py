"""Move a vault's rows into its team id block, once, when it joins a team (storage/ids.py).

Every id below the first block (where a vault on its own numbers its rows) gets the block's
offset added: primary keys, foreign keys (found in the schema), the integer and text columns of
``id_refs``. The whole move is one transaction with foreign-key checks deferred to its commit, so
it happens completely or not at all.

The audit log is not rewritten: its lines are hash-chained and keep the ids they were written
with. The move itself is an audit line that says the offset (``vault.renumber``), so the audit
viewer and an auditor can follow a line's household to its new number. Drafts (edits in
progress) are keyed by ids in ways only the screens know; the move is refused while there are
any (``drafts_open``), so nothing typed is lost. The caseload table is rebuilt."""

from __future__ import annotations

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from ..domain.errors import IntegrityFailure, ValidationError
from .id_refs import INT_REFS, TEXT_REFS
from .ids import BLOCK_BITS, SESSION_KEY, block_range, read_block, set_block
from .schema import metadata

# Tables whose ids are this laptop's own business and never travel (see module docstring).
# The profile (schema 4) is this vault's one row, id 1, and is found by that id.
UNTOUCHED = frozenset({"audit_event", "team_membership", "profile"})


def _id_tables() -> list[Table]:
    return [t for t in metadata.sorted_tables
            if t.name not in UNTOUCHED and list(t.primary_key.columns.keys()) == ["id"]]


def renumber_into_block(session: Session, block: int) -> int:
    """Give every row of block 0 its id in ``block`` and enter team mode with that block.
    Returns the offset added. In the caller's transaction; the caller commits."""
    conn = session.connection()
    current = read_block(conn)
    if current is not None:
        raise ValidationError("already_in_team")
    drafts = conn.execute(text("SELECT count(*) FROM draft")).scalar() or 0
    if drafts:
        raise ValidationError("drafts_open", count=int(drafts))
    offset = block_range(block)[0]
    set_block(conn, block)
    session.info.pop(SESSION_KEY, None)
    if offset == 0:
        return 0
    limit = 1 << BLOCK_BITS
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    params = {"off": offset, "limit": limit}
    for table in _id_tables():
        conn.execute(text(f'UPDATE "{table.name}" SET id = id + :off '
                          "WHERE id > 0 AND id < :limit"), params)
    int_columns = {(fk.parent.table.name, fk.parent.name)
                   for table in metadata.sorted_tables for fk in table.foreign_keys}
    for table_name, column in sorted(int_columns | INT_REFS):
        if table_name in UNTOUCHED:
            continue
        conn.execute(text(f'UPDATE "{table_name}" SET "{column}" = "{column}" + :off '
                          f'WHERE "{column}" > 0 AND "{column}" < :limit'), params)

    def move(old: int) -> int:
        return old + offset if 0 < old < limit else old

    for (table_name, column), change in TEXT_REFS.items():
        rows = conn.execute(text(f'SELECT rowid, "{column}" FROM "{table_name}"')).all()
        for rowid, value in rows:
            if value is None:
                continue
            new = change(value, move)
            if new != value:
                conn.execute(text(f'UPDATE "{table_name}" SET "{column}" = :v '
                                  "WHERE rowid = :r"), {"v": new, "r": rowid})
    conn.execute(text("DELETE FROM caseload_entry"))
    conn.execute(text("DELETE FROM agenda_entry"))  # rebuilt with the caseload (its JSON has ids)
    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if problems:
        raise IntegrityFailure(f"renumber left {len(problems)} broken references")
    return offset
