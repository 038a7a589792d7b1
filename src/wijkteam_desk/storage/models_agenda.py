"""Schema 4: Vandaag's table (storage/agenda.py).

``agenda_entry`` is household-scoped (household_id, ON DELETE CASCADE). Its JSON column ``items``
holds ids of other rows of the same household: plan actions, checklist runs, monitoring moments
and VT conditions (team sync copying a household must map them, or simply rebuild the entry:
it is derived from the case file and rewritten with every change)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AgendaEntryRow(Base):
    """Per household what can fall due, as JSON that holds on any day, with the earliest due
    date and an open case's earliest regular closing date in indexed columns. Rewritten with the
    caseload entry in the transaction of every change to the household."""

    __tablename__ = "agenda_entry"
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True)
    facts_version: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closing_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    items: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_agenda_due", "due_on"), Index("ix_agenda_closing", "closing_on"))
