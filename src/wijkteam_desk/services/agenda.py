"""Vandaag: what is due today, overdue, and in the coming days (issue 13, part 2; domain/agenda.py).

``dated`` reads the households with something due in the window (one indexed query on the
caseload table, storage/agenda.py) and is fast enough to show at once after unlocking.
``signals`` adds what needs the rules and the settings (due periodic checklists, households with
a signal that needs action) from the caseload's rows: the dashboard's derivation, made once a day
and kept by ``CaseService``, so the two screens share it. ``due`` is both, as ``due`` on the
command line lists them. Reading the agenda writes no audit line: it shows no case content
beyond the names and next steps the caseload shows too.

In a team Vandaag is the consultant's own day: only the households this laptop's member holds
(dossierhouder = me, an incoming handover included). A colleague's read-only copy is not theirs to
act on, so neither its dated items nor its signals are listed. Outside a team every household is
one's own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.agenda import (
    DEFAULT_DAYS,
    MAX_DAYS,
    Agenda,
    DueItem,
    build_agenda,
    dated_items,
    horizon,
)
from ..domain.errors import ValidationError
from ..storage.caseload import FACTS_VERSION
from ..storage.uow import SqlUnitOfWork
from .cases import CaseService


@dataclass(frozen=True)
class DatedPart:
    """The dated items of the window, and the day and horizon they were read for."""

    today: date
    until: date
    items: tuple[DueItem, ...]


def check_days(days: int) -> int:
    if not 0 <= days <= MAX_DAYS:
        raise ValidationError("days_range", minimum=0, maximum=MAX_DAYS)
    return days


class AgendaService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], cases: CaseService,
                 template_titles: Callable[[], Mapping[str, str]],
                 before_reading: Callable[[], object] = lambda: None) -> None:
        self._uow = uow_factory
        self._cases = cases
        self._titles = template_titles
        self._before = before_reading  # the monitoring schedule's catch-up (cheap when current)

    def dated(self, days: int = DEFAULT_DAYS,
              progress: Callable[[int, int], None] | None = None) -> DatedPart:
        """Dated items due up to ``days`` ahead, and everything overdue. Households whose
        caseload entry is missing or old get one first (after an update), with ``progress``."""
        check_days(days)
        self._before()
        self._cases.refresh_stale(progress)
        titles = self._titles()
        with self._uow() as uow:
            today = uow.clock.today()
            until = horizon(today, days)
            facts = uow.agenda.facts(today, until, FACTS_VERSION)
            theirs = uow.team.read_only_ids()  # empty outside a team
        return DatedPart(today, until, tuple(i for f in facts if f.household_id not in theirs
                                             for i in dated_items(f, titles)))

    def signals(self, today: date, until: date) -> tuple[DueItem, ...]:
        """Due periodic checklists and signals, from the caseload's rows (see the module); in
        a team only of the households we hold."""
        return tuple(i for row in self._cases.list_cases() if not row.read_only
                     for i in row.agenda if i.due_on <= until)

    def due(self, days: int = DEFAULT_DAYS,
            progress: Callable[[int, int], None] | None = None) -> Agenda:
        """Everything on Vandaag, grouped te laat / vandaag / deze week."""
        part = self.dated(days, progress)
        return combine(part, self.signals(part.today, part.until))


def combine(part: DatedPart, signals: tuple[DueItem, ...]) -> Agenda:
    return build_agenda((*part.items, *signals), part.today, part.until)


def item_json(item: DueItem, today: date, bucket: str) -> dict[str, Any]:
    """One item for ``due --json`` (a stable contract for scripts)."""
    return {"household_id": item.household_id, "household": item.household,
            "kind": item.kind.value, "bucket": bucket, "due_on": item.due_on.isoformat(),
            "days_overdue": item.days_overdue(today), "what": item.what, "who": item.who or None,
            "tab": item.tab.value, "ref": item.ref, "facts": dict(item.facts)}


def agenda_json(agenda: Agenda) -> list[dict[str, Any]]:
    return [item_json(i, agenda.today, bucket.value)
            for bucket, items in agenda.groups.items() for i in items]
