"""Correcting the record: corrections, withdrawals and the texts a household search reads.

A correction updates the entry in place (so every screen, printout and export reads the new
text) and keeps the changed fields as they were in ``record_correction``. A withdrawal moves the
entry out of its table into ``record_withdrawal``: no reader of journal entries or incidents can
show, print or export it by mistake, and nothing of it is lost."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.model import Incident, JournalEntry, JournalKind
from ..domain.record import Correction, RecordKind, Withdrawal
from .models import (
    IncidentRow,
    InvolvementRow,
    JournalRow,
    NetworkMemberRow,
    PersonRow,
    PhaseChangeRow,
)
from .models_record import AttachmentRow, CorrectionRow, WithdrawalRow
from .repository import incident_from_row

# The columns of an entry a correction may change (and a snapshot keeps), per table.
JOURNAL_FIELDS = ("kind", "occurred_at", "text")
INCIDENT_FIELDS = ("occurred_on", "forms", "severity", "victim_ids", "perpetrator_ids",
                   "children_present", "police_involved", "police_report", "description")


def _dumps(values: Mapping[str, object]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def _aware(at: datetime) -> datetime:
    """SQLite gives naive datetimes back; the app stores UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _journal(r: JournalRow) -> JournalEntry:
    return JournalEntry(r.id, r.household_id, JournalKind(r.kind), r.occurred_at, r.author,
                        r.text)


def _snapshot(row: JournalRow | IncidentRow) -> dict[str, Any]:
    values: dict[str, Any] = {c.name: getattr(row, c.name) for c in row.__table__.columns}
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in values.items()}


def _correction(r: CorrectionRow) -> Correction:
    return Correction(r.id, r.household_id, RecordKind(r.object_type), r.object_id, r.item,
                      json.loads(r.old_values), json.loads(r.new_values), r.reason, r.author,
                      _aware(r.corrected_at))


def _withdrawal(r: WithdrawalRow) -> Withdrawal:
    return Withdrawal(r.id, r.household_id, RecordKind(r.object_type), r.object_id,
                      json.loads(r.snapshot), r.reason, r.author, _aware(r.withdrawn_at))


class RecordRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- the entries ----------------------------------------------------------------------------
    def _journal_row(self, entry_id: int) -> JournalRow:
        row = self.s.get(JournalRow, entry_id)
        if row is None:
            raise NotFound(journal_id=entry_id)
        return row

    def _incident_row(self, incident_id: int) -> IncidentRow:
        row = self.s.get(IncidentRow, incident_id)
        if row is None:
            raise NotFound(incident_id=incident_id)
        return row

    def journal_entry(self, entry_id: int) -> JournalEntry:
        return _journal(self._journal_row(entry_id))

    def incident(self, incident_id: int) -> Incident:
        return incident_from_row(self._incident_row(incident_id))

    def update_journal(self, entry_id: int, values: Mapping[str, Any]) -> None:
        """Set the given columns (``JOURNAL_FIELDS``; ``kind`` as its value)."""
        row = self._journal_row(entry_id)
        for key, value in values.items():
            if key not in JOURNAL_FIELDS:
                raise AttributeError(key)
            setattr(row, key, value)
        self.s.flush()

    def update_incident(self, incident_id: int, values: Mapping[str, Any]) -> None:
        """Set the given columns (``INCIDENT_FIELDS``, in their stored form: forms and person
        ids as comma-separated text, severity as its value)."""
        row = self._incident_row(incident_id)
        for key, value in values.items():
            if key not in INCIDENT_FIELDS:
                raise AttributeError(key)
            setattr(row, key, value)
        self.s.flush()

    # -- corrections ----------------------------------------------------------------------------
    def add_correction(self, household_id: int, kind: RecordKind, object_id: int, *,
                       item: str, old: Mapping[str, object], new: Mapping[str, object],
                       reason: str, author: str, at: datetime) -> Correction:
        row = CorrectionRow(household_id=household_id, object_type=kind.value,
                            object_id=object_id, item=item, old_values=_dumps(old),
                            new_values=_dumps(new), reason=reason, author=author,
                            corrected_at=at)
        self.s.add(row)
        self.s.flush()
        return _correction(row)

    def corrections(self, household_id: int, kind: RecordKind | None = None,
                    object_id: int | None = None) -> list[Correction]:
        """Oldest first, so a history reads in the order it happened."""
        stmt = select(CorrectionRow).where(CorrectionRow.household_id == household_id)
        if kind is not None:
            stmt = stmt.where(CorrectionRow.object_type == kind.value)
        if object_id is not None:
            stmt = stmt.where(CorrectionRow.object_id == object_id)
        return [_correction(r) for r in self.s.scalars(
            stmt.order_by(CorrectionRow.corrected_at, CorrectionRow.id))]

    # -- withdrawals ----------------------------------------------------------------------------
    def withdraw(self, kind: RecordKind, object_id: int, *, reason: str, author: str,
                 at: datetime) -> Withdrawal:
        """Move the entry out of its table; the withdrawal keeps it whole."""
        row: JournalRow | IncidentRow
        if kind is RecordKind.JOURNAL:
            row = self._journal_row(object_id)
        elif kind is RecordKind.INCIDENT:
            row = self._incident_row(object_id)
        else:
            raise ValueError(kind)
        kept = WithdrawalRow(household_id=row.household_id, object_type=kind.value,
                             object_id=object_id, snapshot=_dumps(_snapshot(row)),
                             reason=reason, author=author, withdrawn_at=at)
        self.s.add(kept)
        self.s.delete(row)
        self.s.flush()
        return _withdrawal(kept)

    def withdrawals(self, household_id: int) -> list[Withdrawal]:
        return [_withdrawal(r) for r in self.s.scalars(
            select(WithdrawalRow).where(WithdrawalRow.household_id == household_id)
            .order_by(WithdrawalRow.withdrawn_at, WithdrawalRow.id))]

    def attachments_of_journal(self, entry_id: int) -> int:
        return len(list(self.s.scalars(select(AttachmentRow.id).where(
            AttachmentRow.journal_entry_id == entry_id))))

    # -- what a search reads --------------------------------------------------------------------
    def texts(self, household_id: int) -> Iterator[tuple[str, int, date | datetime | None,
                                                         str, str, tuple[str, int]]]:
        """Every free text of the household's file: (kind, id, when, label, text, the entry it
        belongs to as (kind, id): itself, or for an earlier wording the entry corrected). Kinds:
        ``journal_entry``, ``incident``, ``phase_change``, ``involvement`` (end of regie),
        ``person``, ``network_member`` (their notes), ``attachment`` (title and file name),
        ``correction`` (an earlier wording)."""
        hid, s = household_id, self.s
        for j in s.scalars(select(JournalRow).where(JournalRow.household_id == hid)):
            yield "journal_entry", j.id, j.occurred_at, j.kind, j.text, ("journal_entry", j.id)
        for i in s.scalars(select(IncidentRow).where(IncidentRow.household_id == hid)):
            yield "incident", i.id, i.occurred_on, i.severity, i.description, ("incident", i.id)
        for p in s.scalars(select(PhaseChangeRow).where(PhaseChangeRow.household_id == hid)):
            yield "phase_change", p.id, p.changed_on, p.to_phase, p.reason, ("phase_change", p.id)
        for v in s.scalars(select(InvolvementRow).where(InvolvementRow.household_id == hid,
                                                        InvolvementRow.end_reason != "")):
            yield "involvement", v.id, v.end, v.role, v.end_reason, ("involvement", v.id)
        for person in s.scalars(select(PersonRow).where(PersonRow.household_id == hid,
                                                        PersonRow.note != "")):
            yield ("person", person.id, None, f"{person.given_name} {person.family_name}",
                   person.note, ("person", person.id))
        for n in s.scalars(select(NetworkMemberRow).where(NetworkMemberRow.household_id == hid,
                                                          NetworkMemberRow.note != "")):
            yield "network_member", n.id, None, n.name, n.note, ("network_member", n.id)
        for a in s.scalars(select(AttachmentRow).where(AttachmentRow.household_id == hid)):
            yield ("attachment", a.id, a.added_at, a.title, f"{a.title} {a.file_name}",
                   ("attachment", a.id))
        for c in s.scalars(select(CorrectionRow).where(CorrectionRow.household_id == hid)):
            old = json.loads(c.old_values)
            words = " ".join(str(old[k]) for k in ("text", "description", "note", "value")
                             if isinstance(old.get(k), str))
            if words:
                yield ("correction", c.id, c.corrected_at, c.object_type, words,
                       (c.object_type, c.object_id))
