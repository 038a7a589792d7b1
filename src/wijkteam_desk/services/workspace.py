"""The open vault and the services that work on it (``Workspace``), made by ``VaultService``
(services/vaults.py) on unlock or create, held by the app and the CLI until they lock or exit.
A module of its own so the unlock screen can appear before SQLAlchemy, reportlab and the rest
of the services are imported."""

from __future__ import annotations

from pathlib import Path

from ..domain.clock import Clock
from ..settings import Settings, save_settings
from ..storage import audit
from ..storage.backup import write_backup
from ..storage.secretstore import SecretStore
from ..storage.uow import SqlUnitOfWork, VaultGuard
from ..storage.vault import Vault, change_passphrase_open, integrity_problems, read_meta
from .cases import CaseService
from .checklists import ChecklistService
from .drafts import DraftService
from .exchange import ExchangeService
from .identity import Identity
from .monitoring import MonitoringService
from .organisation_key import OrganisationKeyService
from .plans import SafetyPlanService


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
        self.organisation_key = OrganisationKeyService(self.vault, self.unit_of_work)

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
