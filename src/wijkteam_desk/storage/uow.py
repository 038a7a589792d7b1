"""Unit of work (cosmicpython): ``with uow:`` opens one session; leaving the block rolls back
whatever was not committed. The audit line of a change is written in the same transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.clock import Clock
from ..domain.errors import DiskFull, IntegrityFailure, VaultLocked, VaultReadOnly
from . import audit, schema  # noqa: F401 (schema: every table registered before use)
from .agenda import AgendaRepository
from .caseload import CaseloadRepository
from .repo_attachments import AttachmentRepository
from .repo_checklists import ChecklistRepository
from .repo_exchange import ExchangeRepository
from .repo_monitoring import MonitoringRepository
from .repo_plans import SafetyPlanRepository
from .repo_profile import ProfileRepository
from .repo_record import RecordRepository
from .repo_team import TeamRepository
from .repository import CaseRepository

# Audited actions that only read a household: everything else changes it (a new kind of change
# refreshes the caseload by default; a new kind of read costs one needless refresh).
READS = ("household.view", "monitoring.view", "plan.view", "print.", "export.", "exchange.export",
         "exchange.preview", "exchange.key.export", "attachment.view", "attachment.save")


T = TypeVar("T")


class VaultGuard:
    """The vault has one connection; the dashboard loads it in a worker thread while the screen
    stays usable. The guard lets one unit of work (or backup, check) at a time use it, and none
    after the vault was locked: those get ``VaultLocked``."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._closed = False

    def __enter__(self) -> VaultGuard:
        self._lock.acquire()
        if self._closed:
            self._lock.release()
            raise VaultLocked()
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def run(self, action: Callable[[], T]) -> T:
        with self:
            return action()

    def close(self, action: Callable[[], None]) -> None:
        """Wait for the unit of work in progress, then run ``action`` (closing the vault);
        nothing uses the vault after this."""
        with self._lock:
            if not self._closed:
                self._closed = True
                action()


class SqlUnitOfWork:
    def __init__(
        self, session_factory: sessionmaker[Session], clock: Clock, actor: str, device: str,
        guard: VaultGuard | None = None, *, read_only: bool = False,
        on_damage: Callable[[], None] | None = None, role: str = "", actor_id: str = "",
    ) -> None:
        self._guard = guard
        # A vault that failed its integrity check: reads work (without their audit line, which
        # cannot be written), changes raise VaultReadOnly. ``on_damage`` is told when a unit of
        # work runs into a damaged page, so the next opening is read-only.
        self.read_only = read_only
        self._on_damage = on_damage
        self._factory = session_factory
        self.clock = clock
        # Who acts (the profile, services/identity.py): ``actor`` is the name records carry as
        # their author; every audit line also carries the role and the member id.
        self.actor = actor
        self.device = device
        self.role = role
        self.actor_id = actor_id
        self._session: Session | None = None
        self._changed: set[int] = set()
        self._team_managed: set[int] = set()

    def __enter__(self) -> SqlUnitOfWork:
        if self._guard is not None:
            self._guard.__enter__()
        try:
            self._session = self._factory()
        except BaseException:
            if self._guard is not None:
                self._guard.__exit__()
            raise
        self.cases = CaseRepository(self._session)
        self.exchange = ExchangeRepository(self._session)
        self.monitoring = MonitoringRepository(self._session)
        self.plans = SafetyPlanRepository(self._session)
        self.checklists = ChecklistRepository(self._session)
        self.caseload = CaseloadRepository(self._session)
        self.record = RecordRepository(self._session)
        self.attachments = AttachmentRepository(self._session)
        self.team = TeamRepository(self._session)
        self.profile = ProfileRepository(self._session)
        self.agenda = AgendaRepository(self._session)
        self._changed = set()
        self._team_managed = set()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
            self._session.close()
        except DBAPIError:
            pass
        finally:
            self._session = None
            if self._guard is not None:
                self._guard.__exit__()
        if isinstance(exc, DBAPIError):
            translated = translate_database_error(exc)
            if isinstance(translated, IntegrityFailure) and self._on_damage is not None:
                self._on_damage()
            if translated is not None:
                raise translated from exc

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'with'")
        return self._session

    def changed(self, household_id: int) -> None:
        """This household's caseload entry is rewritten at commit (audit() calls this for every
        change it records; a change without its own audit line calls it directly)."""
        self._changed.add(household_id)

    def team_managed(self, household_id: int) -> None:
        """This unit of work writes the household on behalf of the team itself (a colleague's
        version arriving, a handover): the one-writer rule at commit leaves it alone, and so
        does the caseload refresh (the team service keeps the caseload itself)."""
        self._team_managed.add(household_id)

    def savepoint(self) -> Any:
        """A nested transaction (``with uow.savepoint():``): what happens inside is kept, or
        rolled back alone when it raises, while the unit of work goes on."""
        return self.session.begin_nested()

    def may_write(self, household_id: int) -> bool:
        """False for a colleague's household in a team (see ``commit``)."""
        return self.team.may_write(household_id)

    def commit(self) -> None:
        """Commit, after the one-writer rule of the team: a change to a household another
        member holds raises ``ReadOnlyHousehold`` (and the caller's ``with`` rolls it back);
        a change to one this laptop holds raises its version, once per unit of work."""
        if self._changed:
            claimed = self._changed - self._team_managed
            if claimed:
                self.team.claim(claimed)
                # The team's own writes see to the caseload themselves: a handover changes no
                # case data, and a sync refreshes what it applied in each batch's transaction
                # (a household new here: just after the batches).
                self.caseload.refresh(claimed)
            self._changed.clear()
        self._team_managed.clear()
        self.session.commit()

    def audit(
        self,
        action: str,
        object_type: str,
        object_id: str | int = "",
        household_id: int | None = None,
        result: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None:
        if self.read_only:
            if action.startswith(READS):
                return
            raise VaultReadOnly()
        if household_id is not None and not action.startswith(READS):
            self.changed(household_id)
        audit.append(
            self.session,
            at=self.clock.now(),
            actor=self.actor,
            device=self.device,
            action=action,
            object_type=object_type,
            object_id=object_id,
            household_id=household_id,
            result=result,
            detail=detail,
            role=self.role,
            actor_id=self.actor_id,
        )


def translate_database_error(exc: BaseException) -> Exception | None:
    """A damaged page or a full disk becomes a typed error the screens can explain."""
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text or "hmac" in text:
        return IntegrityFailure()
    if "readonly database" in text:  # a read-only vault, or a connection SQLCipher closed
        return VaultReadOnly()  # for writing after it met a damaged page
    if "disk is full" in text or "disk i/o error" in text:
        return DiskFull()
    return None
