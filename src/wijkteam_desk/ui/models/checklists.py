"""Table models of the Zicht op veiligheid tab: checklist runs and veiligheidsschaal scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from ...checklist_texts import SCORED_BY, answer_label
from ...domain.safety_scale import SafetyScore
from ...services.checklists import RunView
from ..widgets.dates import fmt_date
from .household import _Table


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%d-%m-%Y %H:%M")


class RunsModel(_Table):
    COL_TEMPLATE, COL_VERSION, COL_AUTHOR, COL_STARTED, COL_COMPLETED, COL_OUTCOME = range(6)
    HEADERS = ("Checklist", "Versie", "Ingevuld door", "Begonnen", "Afgerond", "Besluit")

    def set_rows(self, runs: Sequence[RunView]) -> None:
        self.beginResetModel()
        self.rows = list(runs)
        self.endResetModel()

    def cell(self, v: RunView, col: int) -> str:
        if col == self.COL_TEMPLATE:
            return v.template.title
        if col == self.COL_VERSION:
            return str(v.run.template_version)
        if col == self.COL_AUTHOR:
            return v.run.author
        if col == self.COL_STARTED:
            return local_time(v.run.started_at)
        if col == self.COL_COMPLETED:
            return local_time(v.run.completed_at) if v.run.completed else "bezig"
        if col == self.COL_OUTCOME and v.run.outcome and v.template.outcome:
            return answer_label(v.template, v.template.outcome.id, v.run.outcome.value)
        return ""

    def style(self, v: RunView, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and not v.run.completed:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class ScoresModel(_Table):
    COL_DATE, COL_PERSON, COL_SCORE, COL_BY, COL_NOTE = range(5)
    HEADERS = ("Datum", "Persoon", "Score", "Gegeven door", "Notitie")
    FIELDS = {COL_NOTE: "safety_score.note"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: Mapping[int, str] = {}

    def set_rows(self, scores: Sequence[SafetyScore], names: Mapping[int, str]) -> None:
        self.beginResetModel()
        self.names = dict(names)
        self.rows = sorted(scores, key=lambda s: (s.scored_on, s.id), reverse=True)
        self.endResetModel()

    def cell(self, s: SafetyScore, col: int) -> str:
        if col == self.COL_DATE:
            return fmt_date(s.scored_on)
        if col == self.COL_PERSON:
            return self.names.get(s.person_id, "")
        if col == self.COL_SCORE:
            return str(s.score)
        if col == self.COL_BY:
            return SCORED_BY[s.scored_by.value]
        return s.note
