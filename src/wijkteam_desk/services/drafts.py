"""Autosaved drafts: an edit in progress is written to the (encrypted) vault as it is typed, so
a crash or an empty battery loses nothing. Drafts are not audited: they are not yet part of the
file."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..storage.uow import SqlUnitOfWork

MAX_DRAFT_BYTES = 1_000_000


class DraftService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork]) -> None:
        self._uow = uow_factory

    def save(self, key: str, data: dict[str, Any], household_id: int | None = None) -> None:
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
        if len(payload.encode("utf-8")) > MAX_DRAFT_BYTES:
            return  # never fail the typing; the form itself caps its fields
        with self._uow() as uow:
            uow.cases.save_draft(key, household_id, payload, uow.clock.now())
            uow.commit()

    def load(self, key: str) -> dict[str, Any] | None:
        with self._uow() as uow:
            payload = uow.cases.load_draft(key)
        if payload is None:
            return None
        try:
            data = json.loads(payload)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def discard(self, key: str) -> None:
        with self._uow() as uow:
            uow.cases.delete_draft(key)
            uow.commit()
