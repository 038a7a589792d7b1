"""What the tabs of the household file share: the page they live on and small HTML helpers."""

from __future__ import annotations

import html
from datetime import date
from typing import Protocol

from ...services.cases import FileView
from ..context import AppContext


class FileHost(Protocol):
    """The household page as the tabs see it."""

    ctx: AppContext
    household_id: int

    @property
    def view(self) -> FileView | None: ...

    def today(self) -> date: ...


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def days_phrase(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "vandaag"
    if delta > 0:
        return f"over {delta} dag" if delta == 1 else f"over {delta} dagen"
    return f"{-delta} dag verstreken" if delta == -1 else f"{-delta} dagen verstreken"
