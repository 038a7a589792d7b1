"""The declarative base every table module registers on (storage/schema.py gathers them)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
