"""What correcting the record and documents in the file show in tables: corrected timeline
entries with their earlier wordings, and the list of a household's documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from ...domain.record import AttachmentInfo, Correction
from ...record_texts import correction_text, size_text
from ..widgets.dates import fmt_date
from .household import _Table


def history(corrections: Sequence[Correction], names: dict[int, str]) -> list[str]:
    return [correction_text(c.at.isoformat(), c.author, c.reason, dict(c.before), names)
            for c in corrections]


def links_text(a: AttachmentInfo, names: dict[int, str]) -> str:
    parts = []
    if a.person_id is not None:
        parts.append(names.get(a.person_id, "gezinslid"))
    if a.plan_version is not None:
        what = "getekende versie" if a.signed else "veiligheidsplan"
        parts.append(f"{what} v{a.plan_version}")
    if a.journal_id is not None:
        parts.append("notitie")
    return ", ".join(parts) or "het hele gezin"


class AttachmentsModel(_Table):
    COL_DATE, COL_TITLE, COL_TYPE, COL_SIZE, COL_LINK, COL_BY = range(6)
    HEADERS = ("Toegevoegd", "Titel", "Soort", "Grootte", "Hoort bij", "Door")
    # A title can name a court order or a person; huisbezoekmodus masks both (ui/home_visit.py).
    FIELDS = {COL_TITLE: "attachment.title", COL_LINK: "attachment.title"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: dict[int, str] = {}

    def set_rows(self, items: Sequence[AttachmentInfo], names: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows, self.names = list(items), dict(names)
        self.endResetModel()

    def cell(self, a: AttachmentInfo, col: int) -> str:
        if col == self.COL_DATE:
            return fmt_date(a.added_at.astimezone().date())
        if col == self.COL_TITLE:
            return a.title
        if col == self.COL_TYPE:
            pages = f", {a.pages} blz." if a.pages else ""
            return f"{a.media_type.label}{pages}"
        if col == self.COL_SIZE:
            return size_text(a.size)
        if col == self.COL_LINK:
            return links_text(a, self.names)
        if col == self.COL_BY:
            return a.added_by
        return ""

    def style(self, a: AttachmentInfo, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and col == self.COL_LINK and a.signed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
