"""Table models of the exchange with Veilig Thuis: the exchange log (every package in or out
with its status), trusted keys, the receipts the team still owes VT, and import conflicts. Rows
are the plain objects the exchange service returns; the models only format them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...texts import REJECT_REASONS
from ..widgets import colors
from .base import RowsTableModel

KINDS = {"overdracht": "Overdracht", "terugkoppeling": "Terugkoppeling", "melding": "Melding",
         "ontvangstbevestiging": "Ontvangstbevestiging", "sleutelwissel": "Nieuwe sleutel",
         "": "—"}
STATUSES = {"verzonden": "Verzonden", "bevestigd": "Bevestigd door VT",
            "ingelezen": "Ingelezen", "geweigerd": "Geweigerd", "dubbel": "Dubbel (al ingelezen)"}
DIRECTIONS = {"in": "Binnen", "out": "Verstuurd"}
FIELDS = {"given_name": "voornaam", "family_name": "achternaam", "birth_date": "geboortedatum",
          "address": "adres", "postcode": "postcode", "city": "woonplaats", "phone": "telefoon",
          "secret_address": "geheim adres", "roles": "rollen", "text": "tekst",
          "set_by": "vastgesteld door", "set_on": "datum", "name": "naam",
          "withdrawn_on": "ingetrokken op"}
OBJECTS = {"person": "Persoon", "condition": "Veiligheidsvoorwaarde", "household": "Gezin"}


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:  # the vault keeps UTC without tzinfo
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


def value_text(value: Any) -> str:
    """A conflict value as a person reads it."""
    if value is None or value == "":
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(str(v).replace(":", " (") + ")" if ":" in str(v) else str(v)
                         for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:]}-{value[5:7]}-{value[:4]}"
    return str(value) if not isinstance(value, (dict,)) else json.dumps(value)


class _Table(RowsTableModel):
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row: Any, column: int) -> str | None:
        return None

    def colour(self, row: Any) -> QColor | None:
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


COL_TIME, COL_DIRECTION, COL_KIND, COL_STATUS, COL_HOUSEHOLD, COL_SEQUENCE, COL_FILE = range(7)


class ExchangeLogModel(_Table):
    """Rows: ``PackageEntry``."""

    HEADERS = ("Tijdstip", "Richting", "Soort", "Status", "Gezin", "Volgnummer", "Bestand")

    def display(self, row: Any, column: int) -> str:
        if column == COL_TIME:
            return local_time(row.at)
        if column == COL_DIRECTION:
            return DIRECTIONS.get(row.direction.value, row.direction.value)
        if column == COL_KIND:
            return KINDS.get(row.kind, row.kind)
        if column == COL_STATUS:
            status = STATUSES.get(row.status.value, row.status.value)
            if row.reason:
                return f"{status}: {REJECT_REASONS.get(row.reason, row.reason)}"
            if row.acknowledged_at is not None:
                return f"{status} ({local_time(row.acknowledged_at)})"
            return status
        if column == COL_HOUSEHOLD:
            return "" if row.household_id is None else str(row.household_id)
        if column == COL_SEQUENCE:
            return str(row.sequence) if row.sequence else ""
        if column == COL_FILE:
            return row.file_name
        return ""

    def tooltip(self, row: Any, column: int) -> str | None:
        if column == COL_STATUS and row.reason:
            return row.reason
        if row.package_id:
            return f"Pakket {row.package_id}"
        return None

    def colour(self, row: Any) -> QColor | None:
        return colors.on_window(colors.DANGER) if row.status.value == "geweigerd" else None


KEY_NAME, KEY_ID, KEY_FINGERPRINT, KEY_ADDED, KEY_STATE = range(5)


class KeysModel(_Table):
    """Rows: ``KeyInfo`` (trusted VT keys). Five short headers, so every one fits at 1366×768;
    the encryption key's fingerprint is in the row's tooltip (people compare the signing one)."""

    HEADERS = ("Naam", "Sleutelnummer", "Vingerafdruk", "Toegevoegd", "Status")

    def display(self, row: Any, column: int) -> str:
        return (row.name, row.signing_key_id, row.signing_fingerprint, local_time(row.added_at),
                "ingetrokken" if row.revoked else "vertrouwd")[column]

    def tooltip(self, row: Any, column: int) -> str | None:
        if row.revoked:
            return "Ingetrokken: pakketten met deze sleutel worden geweigerd."
        return f"Vingerafdruk voor het versleutelen: {row.encryption_fingerprint}"

    def colour(self, row: Any) -> QColor | None:
        return colors.on_window(colors.MUTED) if row.revoked else None


OUTBOX_HOUSEHOLD, OUTBOX_ABOUT, OUTBOX_SINCE, OUTBOX_OUTCOME = range(4)
RECEIVED = {"ingelezen": "ingelezen", "ingelezen_met_verschillen": "ingelezen, met verschillen",
            "verschillen_opgelost": "verschillen beoordeeld", "geweigerd": "geweigerd"}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class OutboxModel(_Table):
    """Rows: ``OutboxItem``, the ontvangstbevestigingen the team still owes VT. ``names`` maps
    a household id to its name (set by the screen)."""

    HEADERS = ("Gezin", "Antwoord op", "Klaargezet", "Uitkomst")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: dict[int, str] = {}

    def display(self, row: Any, column: int) -> str:
        p = row.payload
        if column == OUTBOX_HOUSEHOLD:
            if row.household_id is None:
                return "—"
            return self.names.get(row.household_id, f"gezin {row.household_id}")
        if column == OUTBOX_ABOUT:
            if "acknowledged_kind" in p:
                kind = KINDS.get(p["acknowledged_kind"], p["acknowledged_kind"])
                return f"{kind} nr. {p['acknowledged_sequence']}"
            return "Bestand dat niet te openen was"
        if column == OUTBOX_SINCE:
            return local_time(row.created_at)
        if column == OUTBOX_OUTCOME:
            outcome = p.get("outcome", "ingelezen")
            text = RECEIVED.get(outcome, outcome)
            if outcome == "geweigerd":
                return f"{text}: {REJECT_REASONS.get(p.get('reason', ''), p.get('reason', ''))}"
            if p.get("open_differences"):
                return f"{text} ({_plural(p['open_differences'], 'verschil', 'verschillen')})"
            return text
        return ""


CONFLICT_OBJECT, CONFLICT_FIELD, CONFLICT_LOCAL, CONFLICT_INCOMING, CONFLICT_STATUS = range(5)


class ConflictModel(_Table):
    """Rows: ``ImportConflict``. Values can be personal data: masked in huisbezoekmodus."""

    HEADERS = ("Onderdeel", "Veld", "Waarde hier", "Waarde van Veilig Thuis", "Besluit")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.mask = lambda text: text

    def display(self, row: Any, column: int) -> str:
        if column == CONFLICT_OBJECT:
            return f"{OBJECTS.get(row.object_type, row.object_type)} {row.object_id}"
        if column == CONFLICT_FIELD:
            return FIELDS.get(row.field, row.field)
        if column == CONFLICT_LOCAL:
            return self.mask(value_text(row.local_value))
        if column == CONFLICT_INCOMING:
            return self.mask(value_text(row.incoming_value))
        return {"open": "Nog beslissen", "lokaal": "Eigen waarde gehouden",
                "inkomend": "Waarde van VT overgenomen"}[row.status.value]
