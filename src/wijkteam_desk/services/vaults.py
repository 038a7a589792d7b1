"""Opening and looking after the vault: the use cases behind the unlock screen, ``init``,
``recover``, ``passwd``, ``backup``, ``restore`` and ``check``.

``VaultService`` works on a closed vault; ``unlock``/``create`` return a ``Workspace``, the open
vault with its services, which the app and the CLI hold until they lock or exit."""

from __future__ import annotations

import getpass
import platform
from dataclasses import dataclass
from pathlib import Path

from ..domain.clock import Clock
from ..paths import AppPaths
from ..settings import Settings, load_settings, save_settings
from ..storage import audit
from ..storage.backup import restore_backup, write_backup
from ..storage.keyfile import KdfParams
from ..storage.secretstore import SecretStore
from ..storage.throttle import UnlockThrottle
from ..storage.uow import SqlUnitOfWork, VaultGuard
from ..storage.vault import (
    Vault,
    change_passphrase,
    change_passphrase_open,
    create_vault,
    integrity_problems,
    open_vault,
    read_meta,
    recover,
)
from .cases import CaseService
from .checklists import ChecklistService
from .drafts import DraftService
from .exchange import ExchangeService
from .monitoring import MonitoringService
from .plans import SafetyPlanService


@dataclass(frozen=True)
class Identity:
    """Who acts, for the audit log: the OS account and this device's name."""

    actor: str
    device: str

    @classmethod
    def of_this_machine(cls) -> Identity:
        try:
            user = getpass.getuser()
        except Exception:
            user = "onbekend"
        return cls(user, platform.node() or "onbekend")


class Workspace:
    """An unlocked vault and the services that work on it."""

    def __init__(self, vault: Vault, clock: Clock, identity: Identity,
                 settings: Settings) -> None:
        self.vault = vault
        self._guard = VaultGuard()  # one user of the connection at a time (see VaultGuard)
        self.clock = clock
        self.identity = identity
        self.settings = settings
        self.checklists = ChecklistService(self.unit_of_work, lambda: self.settings)
        self.cases = CaseService(self.unit_of_work,
                                 lambda: self.settings.monitoring_offsets_months,
                                 self.checklists.rule_settings)
        self.drafts = DraftService(self.unit_of_work)
        self.monitoring = MonitoringService.opened(  # schedules a schema-1 vault's households once
            self.unit_of_work, lambda: self.settings.monitoring_offsets_months, self.cases)
        self.plans = SafetyPlanService(self.unit_of_work,
                                       lambda: self.settings.monitoring_offsets_months,
                                       self.checklists.rule_settings)
        self.exchange = ExchangeService(self.unit_of_work, self.monitoring)

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.vault.session_factory, self.clock, self.identity.actor,
                             self.identity.device, self._guard)

    @property
    def device_bound(self) -> bool:
        return self.vault.device_bound

    def audit(self, action: str, object_type: str, object_id: str | int = "",
              household_id: int | None = None, detail: dict[str, object] | None = None) -> None:
        with self.unit_of_work() as uow:
            uow.audit(action, object_type, object_id, household_id, detail=detail)
            uow.commit()

    def backup(self, dest: Path) -> Path:
        """Write an encrypted backup; audited. Returns the file written."""
        written = self._guard.run(lambda: write_backup(self.vault, dest, self.clock.now()))
        self.audit("vault.backup", "vault", self.vault.vault_id)
        return written

    def check(self) -> list[str]:
        """Integrity of every page, the SQLite structure and the audit chain; audited."""
        problems = self._guard.run(lambda: integrity_problems(self.vault))
        if not problems:
            self.audit("vault.check", "vault", self.vault.vault_id)
        return problems

    def audit_head(self) -> str:
        with self._guard, self.vault.session_factory() as session:
            return audit.head(session)

    def meta(self) -> dict[str, str]:
        return self._guard.run(lambda: read_meta(self.vault))

    def change_passphrase(self, old: str, new: str, secrets: SecretStore) -> None:
        self._guard.run(lambda: change_passphrase_open(self.vault, old, new, secrets))
        self.audit("vault.passphrase", "vault", self.vault.vault_id)

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings.validated()
        save_settings(self.vault.paths.settings, self.settings)
        self.audit("settings.update", "settings")

    def lock(self) -> None:
        """Close the database and zero the key; this object is useless afterwards. Waits for a
        unit of work in progress in another thread (a dashboard load) to finish."""
        self._guard.close(self.vault.close)


class VaultService:
    def __init__(self, paths: AppPaths, secrets: SecretStore, clock: Clock,
                 identity: Identity | None = None, kdf: KdfParams | None = None) -> None:
        self.paths = paths
        self.secrets = secrets
        self.clock = clock
        self.identity = identity or Identity.of_this_machine()
        self._kdf = kdf

    def exists(self) -> bool:
        """True when any part of a vault is here (then first-run setup must not run)."""
        return self.paths.database.exists() or self.paths.keyfile.exists()

    def keyring_available(self) -> bool:
        return self.secrets.available()

    def seconds_to_wait(self) -> int:
        return UnlockThrottle(self.paths.throttle, self.clock.now).seconds_to_wait()

    def settings(self) -> Settings:
        return load_settings(self.paths.settings)

    def create(self, passphrase: str, team: str = "", region: str = "") -> tuple[Workspace, str]:
        """A new vault; returns the open workspace and the recovery code (shown once)."""
        vault, code = create_vault(self.paths, passphrase, self.secrets, self.clock.now(),
                                   self.identity.actor, self.identity.device, self._kdf,
                                   {"team": team.strip(), "region": region.strip()})
        settings = Settings(team=team.strip(), region=region.strip())
        save_settings(self.paths.settings, settings)
        workspace = Workspace(vault, self.clock, self.identity, settings)
        workspace.exchange.create_own_keys()  # the team's exchange keys are born with the vault
        return workspace, code

    def unlock(self, passphrase: str) -> Workspace:
        vault = open_vault(self.paths, passphrase, self.secrets, self.clock.now)
        ws = Workspace(vault, self.clock, self.identity, self.settings())
        ws.audit("vault.unlock", "vault", vault.vault_id)
        return ws

    def recover(self, recovery_code: str, new_passphrase: str) -> bool:
        """New passphrase via the recovery code; True when bound to this device's keyring."""
        return recover(self.paths, recovery_code, new_passphrase, self.secrets, self.clock.now)

    def change_passphrase(self, old: str, new: str) -> None:
        change_passphrase(self.paths, old, new, self.secrets, self.clock.now)

    def restore(self, src: Path, *, passphrase: str | None = None,
                recovery_code: str | None = None,
                new_passphrase: str | None = None) -> Path | None:
        return restore_backup(self.paths, src, self.secrets, self.clock.now,
                              passphrase=passphrase, recovery_code=recovery_code,
                              new_passphrase=new_passphrase)


