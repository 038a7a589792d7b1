"""Table models of the monitoring screens: the agenda (moments overdue, this week, this month)
and a household's list of moments. Plain rows in, text out; tested without a view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from ...domain.monitoring import OVERDUE_GRACE_DAYS, Bucket, MonitoringMoment
from ...monitoring_texts import BUCKETS, MOMENT_STATUSES, OUTCOMES
from ...texts import plural
from ..widgets import colors
from ..widgets.dates import fmt_date
from .base import RowsTableModel

if TYPE_CHECKING:  # the service (and the storage under it) loads when a vault opens
    from ...services.monitoring import AgendaItem

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the moment id
HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole + 2
BUCKET_ORDER = {Bucket.ACHTERSTALLIG: 0, Bucket.DEZE_WEEK: 1, Bucket.DEZE_MAAND: 2}


class _Rows(RowsTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)



class AgendaModel(_Rows):
    COL_WHEN, COL_HOUSEHOLD, COL_KIND, COL_DUE, COL_LATE, COL_REGISSEUR = range(6)
    HEADERS = ("Wanneer", "Gezin", "Moment", "Datum", "Te laat", "Regisseur")

    def set_rows(self, items: Sequence[AgendaItem]) -> None:
        self.beginResetModel()
        self.rows = sorted(items, key=lambda i: (BUCKET_ORDER[i.bucket], i.due_on,
                                                 i.household.casefold()))
        self.endResetModel()

    def counts(self) -> dict[Bucket, int]:
        return {b: sum(1 for i in self.rows if i.bucket is b) for b in Bucket}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item: AgendaItem = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.COL_WHEN: BUCKETS[item.bucket.value],
                self.COL_HOUSEHOLD: item.household + (self.tr(" (gesloten)") if item.closed
                                                      else ""),
                self.COL_KIND: item.kind,
                self.COL_DUE: fmt_date(item.due_on),
                self.COL_LATE: plural(item.days_overdue, "dag", "dagen")
                if item.days_overdue else "",
                self.COL_REGISSEUR: item.regisseur or self.tr("— geen —"),
            }[col]
        if role == ID_ROLE:
            return item.moment_id
        if role == HOUSEHOLD_ROLE:
            return item.household_id
        if role == Qt.ItemDataRole.ForegroundRole and item.days_overdue > OVERDUE_GRACE_DAYS \
                and col in (self.COL_WHEN, self.COL_LATE):
            return QBrush(colors.on_window(colors.DANGER))
        if role == Qt.ItemDataRole.FontRole and item.bucket is Bucket.ACHTERSTALLIG \
                and col == self.COL_WHEN:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and item.days_overdue > OVERDUE_GRACE_DAYS:
            return self.tr("Meer dan twee weken te laat")
        return None


class MomentsModel(_Rows):
    COL_KIND, COL_DUE, COL_STATUS, COL_OUTCOME = range(4)
    HEADERS = ("Moment", "Datum", "Status", "Uitkomst")

    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def set_rows(self, moments: Sequence[MonitoringMoment], today: date) -> None:
        self.beginResetModel()
        self.today = today
        self.rows = list(moments)
        self.endResetModel()

    def row_of(self, moment_id: int) -> int | None:
        return next((i for i, m in enumerate(self.rows) if m.id == moment_id), None)

    @staticmethod
    def kind_text(m: MonitoringMoment) -> str:
        return f"{m.offset_months} mnd" if m.offset_months is not None else \
            f"Extra: {m.purpose}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m: MonitoringMoment = self.rows[index.row()]
        col = index.column()
        late = m.days_overdue(self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_KIND:
                return self.kind_text(m)
            if col == self.COL_DUE:
                return fmt_date(m.due_on)
            if col == self.COL_STATUS:
                status = MOMENT_STATUSES[m.status.value]
                if m.is_done and m.completed_on:
                    return self.tr("{s} op {d}").format(s=status, d=fmt_date(m.completed_on))
                if not late:
                    return status
                return self.tr("{s}, {n} te laat").format(s=status, n=plural(late, "dag", "dagen"))
            if col == self.COL_OUTCOME:
                return OUTCOMES.get(m.outcome, "") if m.is_done else ""
        if role == ID_ROLE:
            return m.id
        if role == Qt.ItemDataRole.ForegroundRole and late > OVERDUE_GRACE_DAYS \
                and col == self.COL_STATUS:
            return QBrush(colors.on_window(colors.DANGER))
        return None
