"""Real vaults in a team for the service tests: a teamleider and consultants, each a workspace
on its own SQLCipher vault, sharing one plain folder. Synthetic Dutch names (Faker nl_NL).
Time is a ``FixedClock``; nothing waits on real time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from faker import Faker
from tests.conftest import CHEAP_KDF, PASSPHRASE

from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.secretstore import NoSecretStore

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def make_workspace(home: Path, name: str, clock: FixedClock, households: int = 0,
                   seed: int = 1) -> Workspace:
    service = VaultService(AppPaths(home), NoSecretStore(), clock,
                           Identity(name, f"laptop-{home.name}"), kdf=CHEAP_KDF)
    ws, _ = service.create(PASSPHRASE, "Wijkteam Oost", "Utrecht")
    if households:
        DemoGenerator(ws.unit_of_work, seed=seed).generate(households)
    return ws


def reopen(ws: Workspace, clock: FixedClock) -> Workspace:
    home = ws.vault.paths.home
    name = ws.identity.actor
    ws.lock()
    service = VaultService(AppPaths(home), NoSecretStore(), clock,
                           Identity(name, f"laptop-{home.name}"), kdf=CHEAP_KDF)
    return service.unlock(PASSPHRASE)


def fingerprint(ws: Workspace) -> str:
    return next(m.fingerprint for m in ws.team.status().members if m.is_me)


@dataclass
class TeamOfVaults:
    folder: Path
    clock: FixedClock
    leader: Workspace
    consultants: list[Workspace] = field(default_factory=list)

    @property
    def all(self) -> list[Workspace]:
        return [self.leader, *self.consultants]

    def join(self, ws: Workspace, role: str | None = None) -> None:
        request = self.folder.parent / f"request-{ws.vault.paths.home.name}.json"
        ws.team.request(request)
        self.leader.team.add(request, role)
        ws.team.join(self.folder, fingerprint(self.leader))
        self.consultants.append(ws)

    def sync_all(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for ws in self.all:
                ws.team.sync()

    def close(self) -> None:
        for ws in self.all:
            if ws.vault.is_open:
                ws.lock()


@contextmanager
def team_of_vaults(base: Path, consultants: int = 2, households: int = 1,
                   seed: int = 16) -> Iterator[TeamOfVaults]:
    """A teamleider and ``consultants`` consultants, each with ``households`` demo households
    of their own made before the team existed; everyone joined and in sync."""
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    clock = FixedClock(NOW)
    folder = base / "teammap"
    leader = make_workspace(base / "leider", fake.name(), clock, households, seed)
    team = TeamOfVaults(folder, clock, leader)
    try:
        leader.team.create("Wijkteam Oost", folder)
        for i in range(consultants):
            ws = make_workspace(base / f"consulent{i + 1}", fake.name(), clock, households,
                                seed + i + 1)
            team.join(ws)
        team.sync_all()
        yield team
    finally:
        team.close()
