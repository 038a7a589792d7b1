"""Tree model of Vandaag: three groups (te laat, vandaag, the coming days), each with its lines.

A model rather than a tree of widget items: with thousands of households a day can hold tens of
thousands of lines, and a view asks only for the rows it paints. Cells are formatted when asked
(``line_texts``), so ``set_agenda`` costs next to nothing. Tested without a view.

Huisbezoekmodus follows the one registry (``ui/home_visit.py``): the next action's words are
masked, signals and the earliest closing date are left out (lines and counts), the rest stays."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from ...agenda_texts import BUCKETS, KINDS, TABS, item_text, later_label, todo_text
from ...domain.agenda import Agenda, DueBucket, DueItem, DueKind
from .. import home_visit
from ..widgets import colors
from ..widgets.dates import fmt_date

Index = QModelIndex | QPersistentModelIndex
COL_DATE, COL_HOUSEHOLD, COL_WHAT, COL_WHO, COL_TAB = range(5)
HEADERS = ("Datum", "Gezin", "Wat", "Wie", "Opent")
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the DueItem of a line (None for a group)
BUCKET_ROLE = Qt.ItemDataRole.UserRole + 2  # the DueBucket value of a group
# The field of ``home_visit.FIELDS`` each kind of line shows (kinds not named show nothing the
# mode hides: the plan's agreements and the VT conditions are worked on with the family).
KIND_FIELDS = {DueKind.VOLGENDE_ACTIE: "household.next_action",
               DueKind.SIGNAAL: "household.warnings",
               DueKind.EINDDATUM: "household.earliest_closing"}
_GROUP = 0  # internal id of a group row; a line's is its group's number + 1


def date_text(item: DueItem, today: date) -> str:
    if item.kind is DueKind.SIGNAAL:
        return "nu"
    late = item.days_overdue(today)
    return f"{fmt_date(item.due_on)} ({late} d te laat)" if late else fmt_date(item.due_on)


def left_out(item: DueItem, privacy: bool) -> bool:
    """Whether huisbezoekmodus leaves the whole line out (a signal, the closing date)."""
    field = KIND_FIELDS.get(item.kind)
    return field is not None and home_visit.hides(field, privacy) and \
        home_visit.FIELDS[field].how is home_visit.How.LEAVE_OUT


def line_texts(item: DueItem, today: date, privacy: bool) -> tuple[str, str, str, str, str]:
    """What one line shows, column by column."""
    field = KIND_FIELDS.get(item.kind)
    what, who = item_text(item), item.who
    if field is not None and home_visit.hides(field, privacy):
        what = f"{KINDS[item.kind.value]}: {home_visit.shown(field, item.what, privacy)}"
        who = home_visit.shown(field, who, privacy)
    return (date_text(item, today), item.household, what, who, TABS[item.tab.value])


class TodayModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[DueBucket, tuple[DueItem, ...]]] = []
        self._agenda: Agenda | None = None
        self.today = date.min
        self.privacy = False
        self.days = 7
        self._bold = QFont()
        self._bold.setBold(True)

    def set_agenda(self, agenda: Agenda, days: int, privacy: bool) -> None:
        self.beginResetModel()
        self._agenda, self.today, self.days, self.privacy = agenda, agenda.today, days, privacy
        self.groups = [(b, tuple(i for i in agenda.groups.get(b, ())
                                 if not left_out(i, privacy))) for b in DueBucket]
        self.endResetModel()

    def set_privacy(self, on: bool) -> None:
        """Lines may come and go (signals), so the model is reset; a view keeps which groups
        were folded through ``BUCKET_ROLE``."""
        if on != self.privacy and self._agenda is not None:
            self.set_agenda(self._agenda, self.days, on)
        self.privacy = on

    def count(self, bucket: DueBucket) -> int:
        """Lines shown in a group (the mode's left-out lines not counted)."""
        return len(dict(self.groups).get(bucket, ()))

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
