"""Preferences that are not personal data (team, region, timeouts, offsets, backup folder),
kept as JSON beside the vault. Window state is kept apart by the UI (QSettings)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .domain.errors import ValidationError
from .files import write_private


@dataclass(frozen=True)
class Settings:
    team: str = ""
    region: str = ""
    idle_lock_minutes: int = 5
    monitoring_offsets_months: tuple[int, ...] = (3, 12)
    backup_folder: str = ""
    daily_backup: bool = False
    last_backup_on: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def validated(self) -> Settings:
        if not 1 <= self.idle_lock_minutes <= 60:
            raise ValidationError("idle_lock_range", minutes=self.idle_lock_minutes)
        offsets = tuple(sorted(set(self.monitoring_offsets_months)))
        if not offsets or any(not 1 <= o <= 60 for o in offsets):
            raise ValidationError("offsets_range")
        return replace(self, monitoring_offsets_months=offsets)


def load_settings(path: Path) -> Settings:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    clean = {k: v for k, v in data.items() if k in known}
    if "monitoring_offsets_months" in clean:
        clean["monitoring_offsets_months"] = tuple(clean["monitoring_offsets_months"])
    try:
        return Settings(**clean).validated()
    except (TypeError, ValidationError):
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    data = asdict(settings.validated())
    write_private(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
