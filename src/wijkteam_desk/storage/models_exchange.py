"""Tables of schema 6 (exchange format 1.1): what an overdracht says about the household beyond
the household row, and the receipts waiting in the outbox.

Columns holding ids of other rows (team sync must know them): ``vt_household.import_snapshot``
holds none (VT's values only); ``exchange_outbox.payload`` holds no row ids (VT's package ids and
hashes only); ``exchange_outbox.peer_key_id`` is a minisign key id, not a row id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class VtHouseholdRow(Base):
    """VT's household address as last taken, and VT's household values of the last overdracht
    (name and address, JSON) to tell a change VT made from one the team made."""

    __tablename__ = "vt_household"
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True)
    street: Mapped[str] = mapped_column(String(120), default="")
    house_number: Mapped[str] = mapped_column(String(16), default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    import_snapshot: Mapped[str] = mapped_column(Text, default="")


class ExchangeOutboxRow(Base):
    """A receipt the team owes VT, signed only when it is written out (so its sequence number
    is taken in the order the files leave the laptop). Deleted once written: the exchange log
    keeps the line."""

    __tablename__ = "exchange_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), nullable=True)
    kind: Mapped[str] = mapped_column(String(40))
    peer_key_id: Mapped[str] = mapped_column(String(32))  # the VT signing key it answers
    payload: Mapped[str] = mapped_column(Text)  # the receipt payload, JSON
    created_at: Mapped[datetime] = mapped_column(DateTime)
