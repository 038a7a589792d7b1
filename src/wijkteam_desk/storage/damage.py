"""What damage found earlier leaves behind for the next opening: the marker that makes a vault
that failed its integrity check open read-only until a backup is restored
(``vault.damaged.json``: codes and a time, nothing personal), and the WAL copies kept when
changes were missing. A restore moves both aside with the vault they belong to. Light on
purpose (no SQLite): the unlock screen asks ``needs_restore`` before anything is opened."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..domain.integrity import Finding
from ..files import write_private
from ..paths import AppPaths
from .wal import kept_copies

DAMAGE_MARKER = "vault.damaged.json"


def damage_marker(paths: AppPaths) -> dict[str, Any] | None:
    """What the last integrity check that failed recorded (codes and a time), or None."""
    path = paths.home / DAMAGE_MARKER
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        data = None
    return data if isinstance(data, dict) else {}


def mark_damaged(paths: AppPaths, codes: list[str], now: datetime) -> None:
    """From now on the vault opens read-only, until a restore moves it (and this) aside."""
    payload = {"found_at": now.isoformat(), "codes": sorted(set(codes))}
    write_private(paths.home / DAMAGE_MARKER, json.dumps(payload).encode("utf-8"))


def clear_damage_mark(paths: AppPaths) -> None:
    (paths.home / DAMAGE_MARKER).unlink(missing_ok=True)


def kept_wal_findings(paths: AppPaths) -> list[Finding]:
    """A WAL copy kept at an earlier opening means changes are missing until a restore."""
    return [Finding("wal_kept", {"file": path.name}) for path in kept_copies(paths.database)]


def needs_restore(paths: AppPaths) -> bool:
    """The vault failed its integrity check, or changes went missing from its WAL."""
    return (paths.home / DAMAGE_MARKER).exists() or bool(kept_copies(paths.database))
