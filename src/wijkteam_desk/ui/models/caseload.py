"""The caseload: one row per household, filled from one ``list_cases()`` call (Vorta-style
``COL_*`` constants and ``set_rows``; tested without a view).

Built for 5,000 households: the model sorts its own rows and the filter decides in one pass, so
neither Qt's sorting nor its filtering calls Python once per row or per pair of rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QFont

from ...domain.model import HouseholdStatus, Phase
from ...services.cases import CaseRow
from ...texts import PHASES, plural, warning_text
from .. import home_visit
from ..widgets import colors
from ..widgets.dates import fmt_date
from .base import Index, RowsTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
PHASE_ORDER = {p: i for i, p in enumerate(Phase)}
LAST = 10**9  # rows without a value sort after the ones with one
SOON_DAYS = 14



class CaseloadModel(RowsTableModel):
    (COL_NAME, COL_PHASE, COL_REGISSEUR, COL_NEXT_ACTION, COL_MONITORING, COL_DAYS, COL_SIGNALS,
     COL_OWNER) = range(8)
    HEADERS = ("Gezin", "Fase", "Regisseur", "Volgende actie", "Monitoring",
               "Dagen tot einddatum", "Signalen", "Dossierhouder")
    HEADER_TIPS = (
        "Naam van het gezin",
        "Fase van de ketenzorg",
        "De ene regisseur (casusregie) van dit gezin",
        "Wat er als eerste moet gebeuren",
        "Datum van het volgende monitoringmoment (3 en 12 maanden)",
        "Dagen tot een jaar na het laatste incident: daarvoor sluit je niet regulier af",
        "Aantal signalen: wat niet klopt volgens de regels",
        "Wie in het team dit gezin bijwerkt; de anderen kunnen het alleen lezen",
    )

    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[CaseRow] = []
        self.sort_column = -1  # -1: the order of set_rows
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._loaded: list[CaseRow] = []
        self._order: list[int] = []  # per row its position in _loaded
        self._names: list[str] = []
        self._names_and_members: list[str] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self.privacy = False

    def set_privacy(self, on: bool) -> None:
        """Huisbezoekmodus: no next action, signal texts or closing date (``home_visit``)."""
        if on != self.privacy:
            self.privacy = on
            if self.rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    # -- filling ------------------------------------------------------------------------------
    def set_rows(self, rows: list[CaseRow], today: date | None = None) -> None:
        self.beginResetModel()
        if today is not None:
            self.today = today
        self._loaded = list(rows)
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Put the rows themselves in order (column -1: the order of ``set_rows``). One Python
        sort on the sort values; a sorting proxy compares pairs of cells through ``data()``,
        which takes half a second for 5,000 rows."""
        self.layoutAboutToBeChanged.emit()
        old_order, persistent = self._order, self.persistentIndexList()
        self.sort_column, self.sort_order = column, order
        self._arrange()
        new_row = [0] * len(self._order)
        for row, loaded in enumerate(self._order):
            new_row[loaded] = row
        self.changePersistentIndexList(
            persistent, [self.index(new_row[old_order[i.row()]], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def _arrange(self) -> None:
        order = list(range(len(self._loaded)))
        if 0 <= self.sort_column < len(self.HEADERS):
            keys = [self._sort_value(r, self.sort_column) for r in self._loaded]
            # stable, also reversed: equal rows keep the order of set_rows, as in Qt
            order.sort(key=keys.__getitem__,
                       reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        self._order = order
        self.rows = [self._loaded[i] for i in order]
        # Folded once per load, so a keystroke only does substring tests. Search terms never hold
        # whitespace, so the "\n" keeps a term from matching across the name and the members.
        self._names = [r.summary.name.casefold() for r in self.rows]
        self._names_and_members = [f"{name}\n{r.summary.member_names.casefold()}"
                                   for name, r in zip(self._names, self.rows, strict=True)]

    def row_at(self, row: int) -> CaseRow:
        return self.rows[row]

    def search_texts(self, with_members: bool) -> list[str]:
        """Per row the folded text a search looks in: the household name, plus the member names
        unless privacy mode leaves them out."""
        return self._names_and_members if with_members else self._names

    def owners(self) -> list[tuple[str, str]]:
        """The team's dossierhouders in the caseload: (member id, name), by name."""
        found = {r.owner_id: r.owner for r in self._loaded if r.owner_id}
        return sorted(found.items(), key=lambda item: item[1].casefold())

    def regisseurs(self) -> list[str]:
        names = {r.summary.regisseur for r in self.rows if r.summary.regisseur}
        return sorted(names, key=str.casefold)

    # -- Qt (rowCount, columnCount and header titles from RowsTableModel) ---------------------
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(self.HEADER_TIPS[section])
        return super().headerData(section, orientation, role)

    def days_text(self, row: CaseRow) -> str:
        if row.summary.status is HouseholdStatus.GESLOTEN:
            return "—"
        days = row.days_to_closing(self.today)
        if days is None:
            return self.tr("geen incident")
        if days < 0:
            return self.tr("verstreken ({n})").format(n=plural(-days, "dag", "dagen"))
        return str(days)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        s, col = row.summary, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_NAME:
                return s.name
            if col == self.COL_PHASE:
                phase = PHASES[s.phase.value]
                if s.status is HouseholdStatus.GESLOTEN:
                    return self.tr("{phase} (gesloten)").format(phase=phase)
                return phase
            if col == self.COL_REGISSEUR:
                if s.active_regisseurs == 0:
                    return self.tr("— geen —")
                return s.regisseur
            if col == self.COL_NEXT_ACTION:
                return home_visit.shown("household.next_action", s.next_action, self.privacy)
            if col == self.COL_MONITORING:
                return fmt_date(row.next_monitoring) or "—"
            if col == self.COL_DAYS:
                return home_visit.shown("household.earliest_closing", self.days_text(row),
                                        self.privacy)
            if col == self.COL_SIGNALS:
                return str(len(row.warnings)) if row.warnings else ""
            if col == self.COL_OWNER:
                return self._owner_text(row)
        elif role == SORT_ROLE:
            return self._sort_value(row, col)
        elif role == ID_ROLE:
            return s.household_id
        elif role == Qt.ItemDataRole.ToolTipRole:
            if self.privacy and col in (self.COL_SIGNALS, self.COL_DAYS):
                return None  # the signals' words and the closing date: not in the mode
            if col == self.COL_SIGNALS and row.warnings:
                return "\n".join(" ".join(warning_text(w)) for w in row.warnings)
            if col == self.COL_DAYS and row.earliest_closing:
                return self.tr("Vroegste reguliere einddatum: {d}").format(
                    d=fmt_date(row.earliest_closing))
            if col == self.COL_MONITORING and not row.next_monitoring:
                return self.tr("Geen overdracht van Veilig Thuis: monitoring wordt gepland "
                               "bij afsluiten")
            if col == self.COL_OWNER and row.owner_id:
                return self._owner_text(row)
            if col == self.COL_REGISSEUR and s.active_regisseurs > 1:
                return self.tr("Meer dan één regisseur actief")
        elif role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_SIGNALS and row.warnings:
                return QBrush(colors.on_window(colors.DANGER))
            if col == self.COL_DAYS:
                days = row.days_to_closing(self.today)
                if days is not None and days < 0:
                    return QBrush(colors.on_window(colors.MUTED))
            if col == self.COL_REGISSEUR and s.active_regisseurs != 1 \
                    and s.status is HouseholdStatus.OPEN:
                return QBrush(colors.on_window(colors.DANGER))
            if s.status is HouseholdStatus.GESLOTEN:
                return QBrush(colors.on_window(colors.MUTED))
        elif role == Qt.ItemDataRole.FontRole:
            if col == self.COL_SIGNALS and row.warnings:
                return self._bold
            if col == self.COL_MONITORING and row.next_monitoring and \
                    (row.next_monitoring - self.today).days <= SOON_DAYS:
                return self._bold
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.COL_DAYS, self.COL_SIGNALS):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.AccessibleTextRole:
            if col == self.COL_SIGNALS:
                return self.tr("{n} signalen").format(n=len(row.warnings))
        return None

    def _owner_text(self, row: CaseRow) -> str:
        if not row.owner_id:
            return ""
        text = row.owner if row.read_only else self.tr("{name} (jij)").format(name=row.owner)
        if row.handover:
            text += self.tr(" · overdracht onderweg")
        return text

    def _sort_value(self, row: CaseRow, col: int) -> Any:
        s = row.summary
        if col == self.COL_NAME:
            return s.name.casefold()
        if col == self.COL_PHASE:
            closed = s.status is HouseholdStatus.GESLOTEN
            return PHASE_ORDER[s.phase] + (10 if closed else 0)
        if col == self.COL_REGISSEUR:
            return s.regisseur.casefold() if s.active_regisseurs else "\uffff"
        if col == self.COL_NEXT_ACTION:
            return s.next_action.casefold() or "\uffff"
        if col == self.COL_MONITORING:
            return row.next_monitoring.toordinal() if row.next_monitoring else LAST
        if col == self.COL_DAYS:
            days = row.days_to_closing(self.today)
            if days is None or s.status is HouseholdStatus.GESLOTEN:
                return LAST
            return days
        if col == self.COL_SIGNALS:
            return len(row.warnings)
        if col == self.COL_OWNER:
            return row.owner.casefold()
        return None


@contextmanager
def refiltering(proxy: QSortFilterProxyModel) -> Iterator[None]:
    """Change what a proxy filters on (Qt 6.10+ wants begin/end around the change)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        yield
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # older Qt
        yield
        proxy.invalidateRowsFilter()


ALL = ""
NO_REGISSEUR = "\x00geen"
MINE = "\x00mijn"  # the owner filter: households this laptop's person holds


@dataclass(frozen=True)
class Criteria:
    """Everything the dashboard filters on; ``terms`` are the folded words of the search box."""

    terms: tuple[str, ...] = ()
    members: bool = True
    phase: Phase | None = None
    regisseur: str = ALL
    status: str = "open"
    signals_only: bool = False
    owner: str = ALL  # ALL, MINE or a dossierhouder's member id

    def same_filters(self, other: Criteria) -> bool:
        """Equal apart from the search."""
        return (self.phase, self.regisseur, self.status, self.signals_only, self.owner) == \
            (other.phase, other.regisseur, other.status, other.signals_only, other.owner)

    def narrows(self, previous: Criteria) -> bool:
        """Whether every row this accepts was accepted by ``previous`` (one more letter typed)."""
        return self.same_filters(previous) and self.members == previous.members and all(
            any(old in new for new in self.terms) for old in previous.terms)


class CaseloadFilter(QSortFilterProxyModel):
    """Search as you type (household name and, outside privacy mode, member names) plus the
    dashboard's filters.

    Qt asks ``filterAcceptsRow`` about every row on every change, so the decision is made
    beforehand in one pass over the source model's prepared texts and Qt only tests membership
    of a set. Typing one more letter only re-examines the rows shown; a change that shows the
    same rows does not refilter at all. After ``set_rows`` or a sort (rows renumbered) the
    decision is made afresh.

    Sorting is left to the caseload itself, so Qt keeps the source order here: with Qt sorting
    and ``dynamicSortFilter`` off, rows that came back when a search widened landed out of
    order, and placing them in order would cost half a second per keystroke."""

    STATUS_OPEN, STATUS_CLOSED, STATUS_ALL = "open", "gesloten", "alle"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._criteria = Criteria(status=self.STATUS_OPEN)
        self._accepted: frozenset[int] | None = None  # None: compute when Qt next asks
        self._unsearched: tuple[Criteria, list[int]] | None = None  # rows before the search
        self.setDynamicSortFilter(False)

    def caseload(self) -> CaseloadModel:
        model = self.sourceModel()
        assert isinstance(model, CaseloadModel)
        return model

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._forget)
            old.layoutAboutToBeChanged.disconnect(self._forget)
        self._forget()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget)
        model.layoutAboutToBeChanged.connect(self._forget)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.caseload().sort(column, order)

    def sortColumn(self) -> int:  # noqa: N802
        return self.caseload().sort_column

    def sortOrder(self) -> Qt.SortOrder:  # noqa: N802
        return self.caseload().sort_order

    def set_search(self, text: str) -> None:
        self._apply(replace(self._criteria, terms=tuple(text.casefold().split())))

    def set_phase(self, phase: Phase | None) -> None:
        self._apply(replace(self._criteria, phase=phase))

    def set_regisseur(self, name: str) -> None:
        """``ALL``, ``NO_REGISSEUR`` or a regisseur's name."""
        self._apply(replace(self._criteria, regisseur=name))

    def set_status(self, status: str) -> None:
        self._apply(replace(self._criteria, status=status))

    def set_signals_only(self, on: bool) -> None:
        self._apply(replace(self._criteria, signals_only=on))

    def set_owner(self, owner: str) -> None:
        """``ALL`` (heel het team), ``MINE`` or a colleague's member id."""
        self._apply(replace(self._criteria, owner=owner))

    def set_search_members(self, on: bool) -> None:
        """Privacy mode turns searching on member names off."""
        self._apply(replace(self._criteria, members=on))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        accepted = self._accepted
        if accepted is None:
            accepted = self._accepted = self._matching(self._criteria)
        return source_row in accepted

    # -- the decision ---------------------------------------------------------------------------
    def _forget(self) -> None:
        self._accepted = None
        self._unsearched = None

    def _apply(self, criteria: Criteria) -> None:
        if criteria == self._criteria:
            return
        if self.sourceModel() is None:
            self._criteria = criteria
            return
        accepted = self._matching(criteria)
        if accepted == self._accepted:  # the same rows: Qt need not ask about all 5,000 again
            self._criteria = criteria
            return
        # Qt (6.10+) wants the old filter in force at begin and the new one at end.
        with refiltering(self):
            self._criteria = criteria
            self._accepted = accepted

    def _matching(self, criteria: Criteria) -> frozenset[int]:
        if not criteria.terms:
            return frozenset(self._rows_before_search(criteria))
        if self._accepted is not None and criteria.narrows(self._criteria):
            rows: Iterable[int] = self._accepted
        else:
            rows = self._rows_before_search(criteria)
        texts = self.caseload().search_texts(criteria.members)
        return frozenset(i for i in rows if all(t in texts[i] for t in criteria.terms))

    def _rows_before_search(self, criteria: Criteria) -> list[int]:
        """The rows the phase, regisseur, status and signals filters let through; kept while
        only the search changes."""
        if self._unsearched is not None and self._unsearched[0].same_filters(criteria):
            return self._unsearched[1]
        rows = [i for i, row in enumerate(self.caseload().rows) if _passes(row, criteria)]
        self._unsearched = (criteria, rows)
        return rows


def _passes(row: CaseRow, criteria: Criteria) -> bool:
    s = row.summary
    if criteria.status == CaseloadFilter.STATUS_OPEN and s.status is not HouseholdStatus.OPEN \
            and row.next_monitoring is None:  # closed, monitoring open: stays in view
        return False
    if criteria.status == CaseloadFilter.STATUS_CLOSED and s.status is not HouseholdStatus.GESLOTEN:
        return False
    if criteria.phase is not None and s.phase is not criteria.phase:
        return False
    if criteria.signals_only and not row.warnings:
        return False
    if criteria.owner == MINE and row.read_only:
        return False
    if criteria.owner not in (ALL, MINE) and row.owner_id != criteria.owner:
        return False
    if criteria.regisseur == NO_REGISSEUR:
        return not s.active_regisseurs
    return not criteria.regisseur or criteria.regisseur in s.regisseur.split(", ")
