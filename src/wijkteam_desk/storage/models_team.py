"""Tables of the team (schema step 0007): the id high-water marks (storage/ids.py)."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class IdMarkRow(Base):
    """The highest id of this laptop's block a table ever held (rows that left this laptop)."""

    __tablename__ = "id_mark"
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
