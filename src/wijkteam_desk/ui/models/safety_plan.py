"""The list of veiligheidsplan versions (concept / vastgesteld / vervangen), newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from ...domain.safety_plan import PlanStatus, SafetyPlan
from ..widgets import colors
from ..widgets.dates import fmt_date

STATUS_WORDS = {PlanStatus.CONCEPT: "concept", PlanStatus.VASTGESTELD: "vastgesteld",
                PlanStatus.VERVANGEN: "vervangen"}
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class PlanVersionsModel(QAbstractTableModel):
    COL_VERSION, COL_STATUS, COL_DATE = range(3)
    HEADERS = ("Versie", "Status", "Datum")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SafetyPlan] = []

    def set_rows(self, plans: list[SafetyPlan]) -> None:
        self.beginResetModel()
        self._rows = sorted(plans, key=lambda p: p.version, reverse=True)
        self.endResetModel()

    def plan_at(self, row: int) -> SafetyPlan | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, plan_id: int | None) -> int:
        return next((i for i, p in enumerate(self._rows) if p.id == plan_id), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        plan = self.plan_at(index.row())
        if plan is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_VERSION:
                return str(plan.version)
            if col == self.COL_STATUS:
                return STATUS_WORDS[plan.status]
            return fmt_date(plan.fixed_on or plan.created_on)
        if role == Qt.ItemDataRole.ToolTipRole:
            if plan.status is PlanStatus.VASTGESTELD:
                return f"Geldt nu. Vastgesteld op {fmt_date(plan.fixed_on)}."
            if plan.status is PlanStatus.VERVANGEN:
                return "Vervangen door een nieuwere versie; alleen nog om terug te lezen."
            return "Concept: nog te bespreken, te ondertekenen en vast te stellen."
        if role == Qt.ItemDataRole.FontRole and plan.status is PlanStatus.VASTGESTELD:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and plan.status is PlanStatus.VERVANGEN:
            return QBrush(colors.on_window(colors.MUTED))
        return None
