"""The schema ladder: step N brings a vault from ``user_version`` N-1 to N.

A step is a SQL file ``NNNN_name.sql`` in this folder (or, when data must move, a Python function
registered in ``PYTHON_STEPS``). Released steps are never edited; a change is a new step, and
``tests/fixtures/vault-vN`` keeps a vault of every released schema that a test migrates."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from typing import Any

PYTHON_STEPS: dict[int, Callable[[Any], None]] = {}


def _sql_steps() -> dict[int, str]:
    steps: dict[int, str] = {}
    for entry in resources.files(__name__).iterdir():
        match = re.fullmatch(r"(\d{4})_[a-z0-9_]+\.sql", entry.name)
        if match:
            steps[int(match.group(1))] = entry.read_text("utf-8")
    return steps


def ladder() -> list[tuple[int, Callable[[Any], None]]]:
    """Ordered (version, apply(dbapi_connection)) steps; the caller commits each step."""
    sql = _sql_steps()
    numbers = sorted(set(sql) | set(PYTHON_STEPS))
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migration ladder has a gap: {numbers}")

    def sql_step(script: str) -> Callable[[Any], None]:
        # executescript() commits whatever is open first, so the step brings its own BEGIN.
        return lambda conn: conn.executescript(f"BEGIN IMMEDIATE;\n{script}\n")

    return [(n, PYTHON_STEPS[n] if n in PYTHON_STEPS else sql_step(sql[n])) for n in numbers]


def latest_version() -> int:
    return len(ladder())
