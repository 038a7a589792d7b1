"""Unit of work (cosmicpython): ``with uow:`` opens one session; leaving the block rolls back
whatever was not committed. The audit line of a change is written in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.clock import Clock
from ..domain.errors import DiskFull, IntegrityFailure
from . import audit
from .repo_checklists import ChecklistRepository
from .repo_exchange import ExchangeRepository
from .repo_monitoring import MonitoringRepository
from .repo_plans import SafetyPlanRepository
from .repository import CaseRepository


class SqlUnitOfWork:
    def __init__(
        self, session_factory: sessionmaker[Session], clock: Clock, actor: str, device: str
    ) -> None:
        self._factory = session_factory
        self.clock = clock
        self.actor = actor
        self.device = device
        self._session: Session | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self._session = self._factory()
        self.cases = CaseRepository(self._session)
        self.exchange = ExchangeRepository(self._session)
        self.monitoring = MonitoringRepository(self._session)
        self.plans = SafetyPlanRepository(self._session)
        self.checklists = ChecklistRepository(self._session)
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
        self._session = None
        if isinstance(exc, DBAPIError):
            translated = translate_database_error(exc)
            if translated is not None:
                raise translated from exc

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'with'")
        return self._session

    def commit(self) -> None:
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
        )


def translate_database_error(exc: BaseException) -> Exception | None:
    """A damaged page or a full disk becomes a typed error the screens can explain."""
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text or "hmac" in text:
        return IntegrityFailure()
    if "disk is full" in text or "disk i/o error" in text:
        return DiskFull()
    return None
