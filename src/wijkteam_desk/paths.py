"""Where the vault and settings live: ``--home``, else ``WIJKTEAM_DESK_HOME``, else the platform's
user data folder. Folders are created 0700; nothing is created by importing this module."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_HOME = "WIJKTEAM_DESK_HOME"


@dataclass(frozen=True)
class AppPaths:
    home: Path

    @property
    def database(self) -> Path:
        return self.home / "vault.db"

    @property
    def keyfile(self) -> Path:
        return self.home / "vault.key"

    @property
    def lockfile(self) -> Path:
        return self.home / "vault.lock"

    @property
    def throttle(self) -> Path:
        return self.home / "unlock-attempts.json"

    @property
    def settings(self) -> Path:
        return self.home / "settings.json"

    @property
    def migration_backups(self) -> Path:
        return self.home / "backups"

    def sidecars(self) -> list[Path]:
        return [self.database.with_name(self.database.name + s) for s in ("-wal", "-shm")]

    def ensure(self) -> None:
        make_private_dir(self.home)


def make_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def resolve_home(explicit: str | Path | None = None) -> AppPaths:
    if explicit:
        return AppPaths(Path(explicit).expanduser().resolve())
    env = os.environ.get(ENV_HOME)
    if env:
        return AppPaths(Path(env).expanduser().resolve())
    return AppPaths(Path(platformdirs.user_data_dir("wijkteam-desk", appauthor=False)))
