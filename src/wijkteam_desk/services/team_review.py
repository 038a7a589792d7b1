"""Late changes after a takeover: shown to the new dossierhouder, decided per item (issue 17).

A change the old dossierhouder made without having seen a teamleider's takeover arrives later
(``late_change``): the sync keeps it in ``team_review``, never applies it, never drops it. The
dossierhouder's laptop lists it side by side with the current file, row by row
(storage/household_merge.py: ``added`` or ``changed``), and the person chooses per item: keep
the current row, or take the late one. Journal entries are not a choice: both are kept. The
decision writes the household's next version (published at the sync that follows, so every
laptop gets the same file), keeps the old dossierhouder's audit lines with the household, and
is audited (``team.review``: which items were taken and which kept)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from ..domain.clock import Clock
from ..domain.errors import ReadOnlyHousehold, ValidationError
from ..storage.household_merge import RowChange, merged_document, review_changes
from ..storage.uow import SqlUnitOfWork
from ..team.payloads import HouseholdDocument
from . import team_state as ts

__all__ = ["ReviewDecision", "ReviewView", "RowChange", "TeamReview"]


@dataclass(frozen=True)
class ReviewView:
    """One late change: who wrote it, at which version, and what differs from the file now."""

    id: int
    household: int
    author: str  # member id of the old dossierhouder
    author_name: str
    version: int
    received_at: datetime
    changes: tuple[RowChange, ...]  # ``always_kept``: a journal entry, added in any case


@dataclass(frozen=True)
class ReviewDecision:
    review: int
    household: int
    taken: tuple[str, ...]  # item keys that went into the file (parents and journal included)
    kept: tuple[str, ...]  # item keys where the current file stayed as it was
    version: int  # the household's version now (published at the sync that followed)
    status: str  # the sync's: "ok" or "waiting"


class TeamReview:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], clock: Clock,
                 lock: threading.Lock, sync: Callable[[], str]) -> None:
        self._uow = uow_factory
        self.clock = clock
        self._lock = lock
        self._sync = sync

    def list(self, household: int | None = None) -> list[ReviewView]:
        """Open late changes of the households this laptop holds (only the dossierhouder
        decides), each compared with the file as it is here now. Reads only."""
        with self._uow() as uow:
            if uow.team.member_id() is None:
                return []
            names = uow.team.names()
            out = []
            for item in uow.team.held_reviews():
                if household is not None and item.household_id != household:
                    continue
                changes = _changes(uow, item.id, item.household_id)
                out.append(ReviewView(item.id, item.household_id, item.author,
                                      names.get(item.author, ""), item.version,
                                      item.received_at, tuple(changes)))
            return out

    def decide(self, review_id: int, take: Collection[str]) -> ReviewDecision:
        """Take the items ``take`` (keys of the review's changes) from the late change, keep
        the current file for every other item, add the late journal entries; the household
        gets its next version and a sync follows. Audited (``team.review``).
        ``ValidationError``: ``review_unknown``, ``review_closed``, ``review_item_unknown``,
        ``document_schema``, ``review_incomplete`` (a taken row needs one that was kept);
        ``ReadOnlyHousehold`` when this laptop no longer holds the household."""
        with self._lock, self._uow() as uow:
            item = uow.team.review(review_id)
            if item is None:
                raise ValidationError("review_unknown", review=review_id)
            if item.status != "open":
                raise ValidationError("review_closed")
            household = item.household_id
            me = uow.team.member_id()
            state = uow.team.state(household)
            if state is None or state.dossierhouder != me:
                holder = uow.team.names().get(state.dossierhouder if state else "", "")
                raise ReadOnlyHousehold(household, holder or "een collega")
            late = _late_body(uow, review_id)
            changes = _changes(uow, review_id, household)
            taken: list[str] = []
            if late is not None and changes:
                current = uow.team.export_household(household)
                merged, taken = merged_document(current, late, set(take))
                try:
                    with uow.savepoint():
                        uow.team.apply_household(merged)
                except ValidationError as error:
                    if error.code == "document_outside_household":
                        raise ValidationError("review_incomplete") from None
                    raise
                lines = {(line["origin"], line["hash"]): line
                         for line in [*uow.team.received_audit_lines(household),
                                      *ts.received_lines(late, me or "")]}
                uow.team.replace_received_audit(household, lines.values())
            kept = tuple(c.key for c in changes if c.key not in taken)
            uow.team.set_review_status(review_id, "decided")
            # An audit line naming the household marks it changed: at commit it gets its next
            # version (the one-writer rule), so the decision travels to every laptop.
            uow.audit("team.review", "household", household, household,
                      detail={"review": review_id, "from": item.author,
                              "version": item.version, "taken": taken, "kept": list(kept)})
            uow.commit()
            after = uow.team.state(household)
            version = after.version if after else 0
        status = self._sync()
        return ReviewDecision(review_id, household, tuple(taken), kept, version, status)


def _late_body(uow: SqlUnitOfWork, review_id: int) -> dict[str, object] | None:
    raw = uow.team.review_document(review_id)
    if raw is None:
        return None
    document = HouseholdDocument.from_json(raw)
    return None if document.withdrawn or document.body is None else dict(document.body)


def _changes(uow: SqlUnitOfWork, review_id: int, household: int) -> list[RowChange]:
    late = _late_body(uow, review_id)
    if late is None or not uow.team.household_exists(household):
        return []
    current = uow.team.export_household(household)
    if late.get("schema") != current.get("schema"):
        raise ValidationError("document_schema", found=late.get("schema"),
                              mine=current.get("schema"))
    return review_changes(current, late)
