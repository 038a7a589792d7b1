"""Row ids that are unique in the whole team, so a household travels between laptops verbatim.

A vault on its own lets SQLite number rows (1, 2, 3, …). In a team, every member has a *block*
of ids (``block << BLOCK_BITS`` up to the next block), given by the roster and never reused: a row
gets the next id in its author's block and keeps it on every laptop, in every copy, through every
handover. Nothing is translated when a household arrives, and a reference inside a JSON document
(a person in a safety plan, a condition in a monitoring form) means the same row everywhere.

The team's first teamleider keeps block 0, which is where a vault's ids already are. A vault
with households of its own that joins as another member moves its rows into its block once
(``storage/renumber.py``).

Allocation (the mapper event below) runs only in team mode (``meta.id_block`` set): the next id
is one above the highest id of this block in the table and above the block's high-water mark in
``id_mark``. The mark remembers ids of rows that left this laptop (a copy removed when a
household became afgeschermd, or a colleague's household dropped when leaving the team), so an
id is never given twice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, object_session

from .base import Base

BLOCK_BITS = 40  # 10^12 rows per member per table; 2^23 members fit below SQLite's 2^63
META_KEY = "id_block"
SESSION_KEY = "wijkteam_id_block"  # Session.info: this unit of work's block (set_block clears it)
GIVEN_KEY = "wijkteam_ids_given"  # Session.info: the last id given per (block, table)


def block_range(block: int) -> tuple[int, int]:
    """The ids of ``block``: ``lo <= id < hi``."""
    return block << BLOCK_BITS, (block + 1) << BLOCK_BITS


def block_of(row_id: int) -> int:
    return row_id >> BLOCK_BITS


def read_block(connection: Connection) -> int | None:
    """This vault's block, or None when it is not in a team (SQLite numbers the rows). Read
    each time (one lookup in a tiny table), so a rolled-back change of block leaves nothing."""
    value = connection.execute(text("SELECT value FROM meta WHERE key = :k"),
                               {"k": META_KEY}).scalar()
    return None if value is None else int(value)


def set_block(connection: Connection, block: int) -> None:
    """Enter team mode with ``block`` (in the caller's transaction)."""
    if block < 0 or block >= 1 << (63 - BLOCK_BITS):
        raise ValueError(f"id block out of range: {block}")
    connection.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                       {"k": META_KEY, "v": str(block)})


def next_id(connection: Connection, table: str, block: int) -> int:
    lo, hi = block_range(block)
    highest = connection.execute(
        text(f'SELECT max(id) FROM "{table}" WHERE id >= :lo AND id < :hi'),
        {"lo": lo, "hi": hi}).scalar()
    mark = connection.execute(text("SELECT last_id FROM id_mark WHERE table_name = :t"),
                              {"t": table}).scalar()
    candidates = [lo] + [v for v in (highest, mark) if v is not None and lo <= v < hi]
    value = max(candidates) + 1
    if value >= hi:
        raise OverflowError(f"id block {block} of {table} is full")
    return value


def remember_ids(connection: Connection, table: str, ids: list[int]) -> None:
    """Raise the high-water mark of this vault's block for ``table`` to the highest of ``ids``
    that lies in the block: those rows are being removed here but may live on elsewhere."""
    block = read_block(connection)
    if block is None:
        return
    lo, hi = block_range(block)
    mine = [i for i in ids if lo <= i < hi]
    if not mine:
        return
    connection.execute(text(
        "INSERT INTO id_mark (table_name, last_id) VALUES (:t, :v) "
        "ON CONFLICT(table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id)"),
        {"t": table, "v": max(mine)})


def _single_id_column(mapper: Mapper[Any]) -> str | None:
    keys = mapper.primary_key
    if len(keys) == 1 and keys[0].name == "id" and keys[0].type.python_type is int:
        return mapper.get_property_by_column(keys[0]).key
    return None


@event.listens_for(Base, "before_insert", propagate=True)
def _allocate(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    attr = _single_id_column(mapper)
    if attr is None or getattr(target, attr) is not None:
        return
    # Read once per unit of work (a session lives for one): inserting a thousand rows asks once.
    session = object_session(target)
    cache = session.info if session is not None else {}
    if SESSION_KEY not in cache:
        cache[SESSION_KEY] = read_block(connection)
    block = cache[SESSION_KEY]
    if block is None:
        return
    # A flush of many new rows of one table asks for all their ids before inserting any: the
    # table's highest id is then the same each time, so remember what this unit gave last.
    table = mapper.local_table.name
    given = cache.setdefault(GIVEN_KEY, {})
    value = next_id(connection, table, block)
    last = given.get((block, table))
    if last is not None and value <= last:
        value = last + 1
        if value >= block_range(block)[1]:
            raise OverflowError(f"id block {block} of {table} is full")
    given[(block, table)] = value
    setattr(target, attr, value)
