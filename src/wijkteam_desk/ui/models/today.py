"""Tree model of Vandaag: three groups (te laat, vandaag, the coming days), each with its lines.

A model rather than a tree of widget items: with thousands of households a day can hold tens of
thousands of lines, and a view asks only for the rows it paints. Cells are formatted when asked
(``line_texts``), so ``set_agenda`` costs next to nothing. Tested without a view."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from ...agenda_texts import BUCKETS, KINDS, TABS, item_text, later_label, todo_text
from ...domain.agenda import Agenda, DueBucket, DueItem, DueKind
from ..context import MASK
from ..widgets import colors
from ..widgets.dates import fmt_date

Index = QModelIndex | QPersistentModelIndex
COL_DATE, COL_HOUSEHOLD, COL_WHAT, COL_WHO, COL_TAB = range(5)
HEADERS = ("Datum", "Gezin", "Wat", "Wie", "Opent")
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the DueItem of a line (None for a group)
BUCKET_ROLE = Qt.ItemDataRole.UserRole + 2  # the DueBucket value of a group
# Items whose own words may name people or say what happened: hidden in huisbezoekmodus.
PRIVATE_KINDS = (DueKind.VOLGENDE_ACTIE, DueKind.PLANAFSPRAAK, DueKind.VOORWAARDE,
                 DueKind.SIGNAAL)
_GROUP = 0  # internal id of a group row; a line's is its group's number + 1


def date_text(item: DueItem, today: date) -> str:
    if item.kind is DueKind.SIGNAAL:
        return "nu"
    late = item.days_overdue(today)
    return f"{fmt_date(item.due_on)} ({late} d te laat)" if late else fmt_date(item.due_on)


def line_texts(item: DueItem, today: date, privacy: bool) -> tuple[str, str, str, str, str]:
    """What one line shows, column by column."""
    hidden = privacy and item.kind in PRIVATE_KINDS
    what = f"{KINDS[item.kind.value]}: {MASK}" if hidden else item_text(item)
    who = MASK if hidden and item.who else item.who
    return (date_text(item, today), item.household, what, who, TABS[item.tab.value])


class TodayModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[DueBucket, tuple[DueItem, ...]]] = []
        self.today = date.min
        self.privacy = False
        self.days = 7
        self._bold = QFont()
        self._bold.setBold(True)

    def set_agenda(self, agenda: Agenda, days: int, privacy: bool) -> None:
        self.beginResetModel()
        self.groups = [(b, tuple(agenda.groups.get(b, ()))) for b in DueBucket]
        self.today, self.days, self.privacy = agenda.today, days, privacy
        self.endResetModel()

    def set_privacy(self, on: bool) -> None:
        if on != self.privacy:
            self.privacy = on
            if self.groups:  # every line may read differently now
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.groups) - 1,
                                                                   len(HEADERS) - 1))
                for g in range(len(self.groups)):
                    parent = self.index(g, 0)
                    n = self.rowCount(parent)
                    if n:
                        self.dataChanged.emit(self.index(0, 0, parent),
                                              self.index(n - 1, len(HEADERS) - 1, parent))

    def group_label(self, bucket: DueBucket) -> str:
        label = later_label(self.days) if bucket is DueBucket.DEZE_WEEK else BUCKETS[bucket.value]
        count = len(dict(self.groups).get(bucket, ()))
        return f"{label} ({count})"

    def item_at(self, index: Index) -> DueItem | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self.groups[index.internalId() - 1][1][index.row()]

    # -- Qt ------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            bucket = self.groups[index.row()][0]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self.group_label(bucket)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                return self.tr("{label} regels").format(label=self.group_label(bucket))
            if role == BUCKET_ROLE:
                return bucket.value
            return None
        bucket, items = self.groups[index.internalId() - 1]
        item = items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line_texts(item, self.today, self.privacy)[index.column()]
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_WHAT:
            return (todo_text(item) or None) if not self.privacy else None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_DATE \
                and bucket is DueBucket.TE_LAAT:
            return QBrush(colors.on_window(colors.DANGER))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- for tests and the page ------------------------------------------------------------------
    def lines(self) -> list[tuple[str, ...]]:
        """Every row as shown, group titles included."""
        out: list[tuple[str, ...]] = []
        for g, (bucket, items) in enumerate(self.groups):
            out.append((self.group_label(bucket),))
            parent = self.index(g, 0)
            for r in range(len(items)):
                out.append(tuple(str(self.index(r, c, parent).data() or "")
                                 for c in range(len(HEADERS))))
        return out
