"""Tables of schema step 5 (issue 13, parts 3 and 4): corrections, withdrawals, attachments.

Columns that hold ids of other rows without a foreign key (registered in storage/id_refs.py:
team sync copies households between laptops and renumbers ids):
- ``record_correction.object_id``: a ``journal_entry``, ``incident`` or ``checklist_run`` id, by
  ``object_type``; ``old_values`` / ``new_values`` (JSON) of an incident may hold ``victim_ids`` and
  ``perpetrator_ids`` (``person`` ids).
- ``record_withdrawal.object_id``: the id the withdrawn ``journal_entry`` or ``incident`` had;
  ``snapshot`` (JSON) holds that row whole, with ``household_id`` and, for an incident,
  ``victim_ids`` and ``perpetrator_ids`` (``person`` ids).
``attachment`` links to a person, a safety-plan version and a journal entry through foreign keys.

An attachment's bytes live in ``attachment_blob``, apart from its description, so listing the
documents of a household never reads them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class CorrectionRow(Base):
    """What an entry said before a correction, what it says since, who, when and why."""

    __tablename__ = "record_correction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(100), default="")  # a checklist question's id
    old_values: Mapped[str] = mapped_column(Text)  # JSON: the changed fields as they were
    new_values: Mapped[str] = mapped_column(Text)  # JSON: the same fields as they are now
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    corrected_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (Index("ix_correction_object", "household_id", "object_type", "object_id"),)


class WithdrawalRow(Base):
    """An entry made in the wrong household, taken out of it: kept whole, with the reason."""

    __tablename__ = "record_withdrawal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)  # JSON: the row as it was
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (Index("ix_withdrawal_household", "household_id"),)


class AttachmentRow(Base):
    """A document in the file (PDF, JPEG, PNG); its bytes are in ``attachment_blob``."""

    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    safety_plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_plan.id", ondelete="SET NULL"), nullable=True)
    journal_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entry.id", ondelete="SET NULL"), nullable=True)
    signed: Mapped[bool] = mapped_column(Boolean, default=False)  # getekende versie of the plan
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(200))
    __table_args__ = (Index("ix_attachment_household", "household_id"),)


class AttachmentBlobRow(Base):
    __tablename__ = "attachment_blob"
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
