"""What every fact provider shares: the household scope of a query, and dates.

A provider (storage/facts.py) reads facts for the whole caseload or for some households; SQLite
does not push a household filter into grouped subqueries, so each subquery applies ``in_scope``.
SQLite keeps dates as text (aggregates over date columns come back as text) and the caseload
table keeps them as ISO text inside JSON: ``day`` reads any of those, ``iso`` writes one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import true

# None: every household; else these household ids (at most a few hundred per query).
Scope = Sequence[int] | None


def in_scope(column: Any, scope: Scope) -> Any:
    return true() if scope is None else column.in_(list(scope))


def day(value: object) -> date | None:
    if value.__class__ is str:  # the common case (JSON, SQLite text): keep it cheap
        return _from_text(value) if value else None  # type: ignore[arg-type]
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@lru_cache(maxsize=65536)  # a caseload holds far fewer distinct dates than date fields
def _from_text(text: str) -> date:
    return date.fromisoformat(text[:10])


def iso(value: object) -> str | None:
    d = day(value)
    return d.isoformat() if d else None


def latest(*values: object) -> str | None:
    """The newest of several dates (any of them may be missing), as ISO text."""
    found = [d for d in (day(v) for v in values) if d is not None]
    return max(found).isoformat() if found else None
