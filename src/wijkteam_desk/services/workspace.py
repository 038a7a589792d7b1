"""The open vault and the services that work on it (``Workspace``), made by ``VaultService``
(services/vaults.py) on unlock or create, held by the app and the CLI until they lock or exit.
A module of its own so the unlock screen can appear before SQLAlchemy, reportlab and the rest
of the services are imported."""

from __future__ import annotations

from pathlib import Path

from ..domain.clock import Clock
from ..domain.errors import IntegrityFailure
from ..domain.integrity import Finding
from ..domain.profile import Profile, ProfileRole, make_profile
from ..settings import Settings, save_settings
from ..storage import audit
from ..storage.backup import write_backup
from ..storage.damage import clear_damage_mark, kept_wal_findings, mark_damaged
from ..storage.repo_attachments import checkpoint
from ..storage.secretstore import SecretStore
from ..storage.uow import SqlUnitOfWork, VaultGuard
from ..storage.vault import Vault, change_passphrase_open, integrity_findings, read_meta
from .agenda import AgendaService
from .attachments import AttachmentService
from .cases import CaseService
from .checklists import ChecklistService
from .drafts import DraftService
from .exchange import ExchangeService
from .identity import Identity
from .monitoring import MonitoringService
from .organisation_key import OrganisationKeyService
from .plans import SafetyPlanService
from .record import RecordService
from .team import TeamService
from .team_state import Who


class Workspace:
    """An unlocked vault and the services that work on it.

    Who acts is the profile in the vault (``profile``); ``identity`` follows it. A vault without
    a profile acts as the ``identity`` it was opened with: nobody ('') in the app, which then asks
    for the profile once (``needs_profile``); a fixed name in tests and benches."""

    def __init__(self, vault: Vault, clock: Clock, identity: Identity,
                 settings: Settings) -> None:
        self.vault = vault
        self._guard = VaultGuard()  # one user of the connection at a time (see VaultGuard)
        self.clock = clock
        self._device_identity = identity
        self.identity = identity
        self.settings = settings
        with self.unit_of_work() as uow:
            self.profile: Profile | None = uow.profile.get()
        if self.profile is not None:
            self.identity = identity.acting_as(self.profile)
        self.checklists = ChecklistService(self.unit_of_work, lambda: self.settings)
        self.cases = CaseService(self.unit_of_work,
                                 lambda: self.settings.monitoring_offsets_months,
                                 self.checklists.rule_settings)
        self.drafts = DraftService(self.unit_of_work)
        # opened() schedules a schema-1 vault's households once: a write, so not when read-only
        self.monitoring = (
            MonitoringService(self.unit_of_work, self._offsets, self.cases) if self.read_only
            else MonitoringService.opened(self.unit_of_work, self._offsets, self.cases))
        self.plans = SafetyPlanService(self.unit_of_work,
                                       lambda: self.settings.monitoring_offsets_months,
                                       self.checklists.rule_settings)
        self.exchange = ExchangeService(self.unit_of_work, self.monitoring)
        self.organisation_key = OrganisationKeyService(self.vault, self.unit_of_work)
        self.record = RecordService(self.unit_of_work, self.checklists)
        self.attachments = AttachmentService(self.unit_of_work, self._checkpoint)
        self.team = TeamService(self.unit_of_work, self.clock, self.team_identity)
        self.agenda = AgendaService(
            self.unit_of_work, self.cases,
            lambda: {t.id: t.title for t in self.checklists.templates()},
            self.monitoring.sync_all)

    def _offsets(self) -> tuple[int, ...]:
        return self.settings.monitoring_offsets_months

    def unit_of_work(self) -> SqlUnitOfWork:
        i = self.identity
        return SqlUnitOfWork(self.vault.session_factory, self.clock, i.actor, i.device,
                             self._guard, read_only=self.read_only, on_damage=self._damage_met,
                             role=i.role, actor_id=i.member_id)

    def _checkpoint(self) -> None:
        self._guard.run(lambda: checkpoint(self.vault.raw_connection()))

    def team_identity(self) -> Who:
        """Who this laptop's person is in the team: the profile's member id, name and role
        (once in a team, the member id the roster knows). Without a profile (a vault from
        before profiles, opened by a script): the name the workspace acts under, as consulent,
        and a member id made once for this vault."""
        profile = self.profile
        with self.unit_of_work() as uow:
            member_id = uow.team.member_id() or (
                profile.member_id if profile is not None else uow.team.local_member_id())
            uow.commit()
        if profile is not None:
            return Who(member_id, profile.name, profile.role.value)
        return Who(member_id, self.identity.actor, ProfileRole.CONSULENT.value)

    # -- who acts -----------------------------------------------------------------------------
    @property
    def needs_profile(self) -> bool:
        """Nobody is known to act on this vault yet (a vault from before profiles). A read-only
        (damaged) vault is never asked: the answer could not be saved, and reading it to rescue
        the work writes nothing that needs an author."""
        return self.profile is None and not self.identity.actor and not self.read_only

    def save_profile(self, name: str, role: str, organisation: str = "") -> Profile:
        """Set or change who acts on this vault; from now on every record and audit line
        carries this name and role (records made before keep theirs). The member id stays.
        Audited (``profile.create`` / ``profile.update``, under the new name). Errors:
        ``ValidationError`` (empty or too long name, unknown role, control characters)."""
        old = self.profile
        profile = make_profile(name, role, organisation, old.member_id if old else "")
        changed = sorted(k for k in ("name", "role", "organisation")
                         if old is None or getattr(old, k) != getattr(profile, k))
        self.identity = self._device_identity.acting_as(profile)
        try:
            with self.unit_of_work() as uow:
                uow.profile.save(profile, uow.clock.now())
                uow.audit("profile.update" if old else "profile.create", "profile", "",
                          detail={"fields": changed})
                uow.commit()
        except BaseException:
            self.identity = self._device_identity.acting_as(old) if old else \
                self._device_identity
            raise
        self.profile = profile
        return profile

    @property
    def device_bound(self) -> bool:
        return self.vault.device_bound

    @property
    def read_only(self) -> bool:
        """The vault failed its integrity check: it can be read, nothing is saved in it."""
        return self.vault.read_only

    @property
    def notices(self) -> list[Finding]:
        """What opening found that the user must be told (``texts.finding_text``): changes
        missing from a damaged WAL, a vault open read-only."""
        return list(self.vault.notices)

    def _damage_met(self) -> None:
        if self.read_only:
            return  # marked already; the first finding stays on record
        try:
            mark_damaged(self.vault.paths, ["unreadable"], self.clock.now())
        except OSError:
            pass  # the error the user sees already says to restore a backup

    def audit(self, action: str, object_type: str, object_id: str | int = "",
              household_id: int | None = None, detail: dict[str, object] | None = None) -> None:
        if self.read_only:
            return  # nothing can be written to a damaged vault, not even a log line
        with self.unit_of_work() as uow:
            uow.audit(action, object_type, object_id, household_id, detail=detail)
            uow.commit()

    def backup(self, dest: Path) -> Path:
        """Write an encrypted backup; audited. Returns the file written."""
        try:
            written = self._guard.run(lambda: write_backup(self.vault, dest, self.clock.now()))
        except IntegrityFailure:
            self._damage_met()  # a damaged page found on the way: read-only from now on
            raise
        self.audit("vault.backup", "vault", self.vault.vault_id)
        return written

    def check(self) -> list[Finding]:
        """Integrity of every page, the SQLite structure and the audit chain, and changes found
        missing from a WAL (at this opening or an earlier one): one finding per kind, empty when
        all is well. Side effects: damage to the database marks the vault read-only from the
        next opening; a clean check lifts that mark. Audited when clean."""
        damage = self._guard.run(lambda: integrity_findings(self.vault))
        findings = [n for n in self.vault.notices if n.code in ("wal_lost", "wal_foreign")]
        reported = {str(n.facts.get("file")) for n in findings}
        findings += [k for k in kept_wal_findings(self.vault.paths)
                     if str(k.facts.get("file")) not in reported]
        if damage:
            mark_damaged(self.vault.paths, [d.code for d in damage], self.clock.now())
        elif not findings:
            clear_damage_mark(self.vault.paths)
            self.audit("vault.check", "vault", self.vault.vault_id)
        return damage + findings

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
