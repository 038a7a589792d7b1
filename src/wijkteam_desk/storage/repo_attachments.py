"""Documents in the file: their description in ``attachment``, their bytes in
``attachment_blob``, both inside the encrypted vault (and so in every backup).

Deleting removes both rows; ``PRAGMA secure_delete`` (storage/engine.py) overwrites the freed
pages, and ``checkpoint`` then moves the write-ahead log into the database and empties it, so no
older copy of the pages stays behind in the log either."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import DocumentElsewhere, NotFound
from ..domain.record import AttachmentInfo, MediaType
from .models_record import AttachmentBlobRow, AttachmentRow
from .models_work import SafetyPlanRow


def _info(r: AttachmentRow, plan_version: int | None) -> AttachmentInfo:
    added = r.added_at if r.added_at.tzinfo else r.added_at.replace(tzinfo=UTC)
    return AttachmentInfo(r.id, r.household_id, r.title, r.file_name, MediaType(r.media_type),
                          r.size, r.sha256, r.pages, added, r.added_by, r.person_id,
                          r.safety_plan_id, plan_version, r.journal_entry_id, r.signed)


class AttachmentRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, household_id: int, *, title: str, file_name: str, media_type: MediaType,
            sha256: str, pages: int | None, data: bytes, added_at: datetime, added_by: str,
            person_id: int | None = None, plan_id: int | None = None,
            journal_id: int | None = None, signed: bool = False) -> int:
        row = AttachmentRow(household_id=household_id, title=title, file_name=file_name,
                            media_type=media_type.value, size=len(data), sha256=sha256,
                            pages=pages, person_id=person_id, safety_plan_id=plan_id,
                            journal_entry_id=journal_id, signed=signed, added_at=added_at,
                            added_by=added_by)
        self.s.add(row)
        self.s.flush()
        self.s.add(AttachmentBlobRow(attachment_id=row.id, data=data))
        self.s.flush()
        return row.id

    def _rows(self, *where: Any) -> list[AttachmentInfo]:
        stmt = (select(AttachmentRow, SafetyPlanRow.version)
                .outerjoin(SafetyPlanRow, SafetyPlanRow.id == AttachmentRow.safety_plan_id)
                .where(*where).order_by(AttachmentRow.added_at.desc(), AttachmentRow.id.desc()))
        return [_info(row, version) for row, version in self.s.execute(stmt)]

    def of_household(self, household_id: int) -> list[AttachmentInfo]:
        """Newest first; without the bytes."""
        return self._rows(AttachmentRow.household_id == household_id)

    def get(self, attachment_id: int) -> AttachmentInfo:
        found = self._rows(AttachmentRow.id == attachment_id)
        if not found:
            raise NotFound(attachment_id=attachment_id)
        return found[0]

    def data(self, attachment_id: int) -> bytes:
        blob = self.s.get(AttachmentBlobRow, attachment_id)
        if blob is None:
            self.get(attachment_id)  # NotFound when the document itself is gone
            raise DocumentElsewhere(attachment_id=attachment_id)
        return bytes(blob.data)

    def totals(self, household_id: int) -> tuple[int, int]:
        """(number of documents, their bytes together)."""
        count, size = self.s.execute(
            select(func.count(AttachmentRow.id), func.coalesce(func.sum(AttachmentRow.size), 0))
            .where(AttachmentRow.household_id == household_id)).one()
        return int(count), int(size)

    def plan_household(self, plan_id: int) -> int | None:
        return self.s.scalar(select(SafetyPlanRow.household_id)
                             .where(SafetyPlanRow.id == plan_id))

    def delete(self, attachment_id: int) -> AttachmentInfo:
        info = self.get(attachment_id)
        blob = self.s.get(AttachmentBlobRow, attachment_id)
        if blob is not None:
            self.s.delete(blob)
        self.s.delete(self.s.get(AttachmentRow, attachment_id))
        self.s.flush()
        return info


def checkpoint(raw_connection: Any) -> None:
    """Copy the write-ahead log into the database and empty it (outside any transaction)."""
    raw_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
