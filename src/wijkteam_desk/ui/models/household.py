"""Table models of the household file: members, relationships, network and professionals
(the timeline is in ``timeline.py``). Each has ``COL_*`` constants and ``set_rows``. ``FIELDS``
names, per column, the field of ``home_visit.FIELDS`` it shows: huisbezoekmodus (switched with
``set_privacy``) masks or leaves out those columns as the registry says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.model import (
    Certainty,
    HouseholdFile,
    Involvement,
    NetworkMember,
    NetworkStance,
    Person,
    PersonRole,
    Professional,
    Relationship,
    Role,
)
from ...texts import (
    RELATIONSHIPS,
    ROLES,
    STANCES,
)
from .. import home_visit
from ..widgets import colors
from ..widgets.dates import fmt_date
from .base import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2


ROLE_ORDER = {r: i for i, r in enumerate(Role)}


def sorted_roles(person: Person) -> list[PersonRole]:
    return sorted(person.roles, key=lambda r: ROLE_ORDER[r.role])


def roles_text(person: Person) -> str:
    parts = []
    for r in sorted_roles(person):
        word = ROLES[r.role.value]
        parts.append(f"{word} (vermoeden)" if r.certainty is Certainty.VERMOEDEN else word)
    return ", ".join(parts)


def address_text(address: str, postcode: str = "", city: str = "") -> str:
    place = " ".join(p for p in (postcode, city) if p)
    return ", ".join(p for p in (address, place) if p)


class _Table(RowsTableModel):
    """Rows plus which field of the home-visit registry each sensitive column shows."""

    FIELDS: dict[int, str] = {}

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.privacy = False

    def set_privacy(self, on: bool) -> None:
        if on != self.privacy:
            self.privacy = on
            if self.rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def field(self, row: Any, col: int) -> str | None:
        """The registry field a cell shows (a model whose rows differ per kind overrides)."""
        return self.FIELDS.get(col)

    def shown(self, row: Any, col: int) -> str:
        """What a cell shows now: its text, masked or left out in huisbezoekmodus."""
        value, field = self.cell(row, col), self.field(row, col)
        return home_visit.shown(field, value, self.privacy) if field else value

    def cell(self, row: Any, col: int) -> str:
        raise NotImplementedError

    def style(self, row: Any, col: int, role: int) -> Any:
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.shown(row, col)
        if role == ID_ROLE:
            return getattr(row, "id", None)
        return self.style(row, col, role)


class MembersModel(_Table):
    COL_NAME, COL_BIRTH, COL_ROLES, COL_LIVES, COL_ADDRESS, COL_PHONE, COL_SECRET, COL_NOTE = \
        range(8)
    HEADERS = ("Naam", "Geboortedatum", "Rollen", "Woont in huis", "Adres", "Telefoon",
               "Geheim adres", "Notitie")
    FIELDS = {COL_BIRTH: "person.birth_date", COL_ROLES: "person.roles",
              COL_ADDRESS: "person.address", COL_PHONE: "person.phone",
              COL_SECRET: "person.secret_address", COL_NOTE: "person.note"}

    def set_rows(self, persons: Sequence[Person]) -> None:
        self.beginResetModel()
        self.rows = list(persons)
        self.endResetModel()

    def cell(self, p: Person, col: int) -> str:
        if col == self.COL_NAME:
            return p.full_name
        if col == self.COL_BIRTH:
            return fmt_date(p.birth_date)
        if col == self.COL_ROLES:
            return roles_text(p)
        if col == self.COL_LIVES:
            return self.tr("ja") if p.lives_in_household else self.tr("nee, elders")
        if col == self.COL_ADDRESS:
            return address_text(p.address, p.postcode, p.city)
        if col == self.COL_PHONE:
            return p.phone
        if col == self.COL_SECRET:
            return self.tr("geheim") if p.secret_address else ""
        if col == self.COL_NOTE:
            return p.note
        return ""

    def style(self, p: Person, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_SECRET and p.secret_address \
                and not self.privacy:
            return QBrush(colors.on_window(colors.DANGER))
        return None


class RelationshipsModel(_Table):
    COL_A, COL_KIND, COL_B, COL_START, COL_END = range(5)
    HEADERS = ("Persoon", "Relatie", "Met", "Vanaf", "Tot")

    def set_rows(self, relationships: Sequence[Relationship], persons: Sequence[Person]) -> None:
        self.beginResetModel()
        self._names = {p.id: p.full_name for p in persons}
        self.rows = list(relationships)
        self.endResetModel()

    def cell(self, r: Relationship, col: int) -> str:
        if col == self.COL_A:
            return self._names.get(r.person_a_id, "?")
        if col == self.COL_KIND:
            return RELATIONSHIPS[r.kind.value]
        if col == self.COL_B:
            return self._names.get(r.person_b_id, "?")
        if col == self.COL_START:
            return fmt_date(r.start)
        if col == self.COL_END:
            return fmt_date(r.end)
        return ""


class NetworkModel(_Table):
    COL_NAME, COL_RELATION, COL_STANCE, COL_PHONE, COL_ADDRESS, COL_SECRET, COL_NOTE = range(7)
    HEADERS = ("Naam", "Relatie", "Veilig?", "Telefoon", "Adres", "Geheim adres", "Notitie")
    FIELDS = {COL_STANCE: "network.stance", COL_PHONE: "network.phone",
              COL_ADDRESS: "network.address", COL_SECRET: "network.secret_address",
              COL_NOTE: "network.note"}

    def set_rows(self, network: Sequence[NetworkMember]) -> None:
        self.beginResetModel()
        self.rows = list(network)
        self.endResetModel()

    def cell(self, n: NetworkMember, col: int) -> str:
        if col == self.COL_NAME:
            return n.name
        if col == self.COL_RELATION:
            return n.relation
        if col == self.COL_STANCE:
            word = STANCES[n.stance.value]
            return f"⚠ {word}" if n.stance is NetworkStance.BEDREIGEND else word
        if col == self.COL_PHONE:
            return n.phone
        if col == self.COL_ADDRESS:
            return n.address
        if col == self.COL_SECRET:
            return self.tr("geheim") if n.secret_address else ""
        if col == self.COL_NOTE:
            return n.note
        return ""

    def style(self, n: NetworkMember, col: int, role: int) -> Any:
        # In huisbezoekmodus a threatening member looks like any other: the tint says it too.
        threatening = n.stance is NetworkStance.BEDREIGEND and not self.privacy
        # A tinted row sets its text colour too, so it reads under a dark palette as well.
        if role == Qt.ItemDataRole.ForegroundRole and threatening:
            return QBrush(QColor(colors.DANGER if col in (self.COL_NAME, self.COL_STANCE)
                                 else colors.THREAT_ROW[1]))
        if role == Qt.ItemDataRole.FontRole and threatening and col == self.COL_STANCE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and threatening:
            return QBrush(QColor(colors.THREAT_ROW[0]))
        return None


@dataclass(frozen=True)
class InvolvementRow:
    involvement: Involvement
    professional: Professional | None

    @property
    def id(self) -> int:
        return self.involvement.id


class InvolvementsModel(_Table):
    COL_NAME, COL_ORG, COL_ROLE, COL_START, COL_END, COL_END_REASON = range(6)
    HEADERS = ("Hulpverlener", "Organisatie", "Rol", "Vanaf", "Tot", "Reden einde")
    FIELDS = {COL_END_REASON: "involvement.end_reason"}

    def set_rows(self, file: HouseholdFile, today: date) -> None:
        self.beginResetModel()
        self.today = today
        self.rows = [InvolvementRow(i, file.professional(i.professional_id))
                     for i in sorted(file.involvements,
                                     key=lambda i: (i.end is not None, i.start), )]
        self.endResetModel()

    def cell(self, r: InvolvementRow, col: int) -> str:
        inv, pro = r.involvement, r.professional
        if col == self.COL_NAME:
            return pro.name if pro else "?"
        if col == self.COL_ORG:
            return pro.organisation if pro else ""
        if col == self.COL_ROLE:
            return self.tr("Regisseur") if inv.is_regisseur else inv.role
        if col == self.COL_START:
            return fmt_date(inv.start)
        if col == self.COL_END:
            return fmt_date(inv.end)
        if col == self.COL_END_REASON:
            return inv.end_reason
        return ""

    def style(self, r: InvolvementRow, col: int, role: int) -> Any:
        active = r.involvement.active_on(self.today)
        if role == Qt.ItemDataRole.ForegroundRole and not active:
            return QBrush(colors.on_window(colors.MUTED))
        if role == Qt.ItemDataRole.FontRole and r.involvement.is_regisseur and active:
            font = QFont()
            font.setBold(True)
            return font
        return None
