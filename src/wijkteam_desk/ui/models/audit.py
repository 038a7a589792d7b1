"""Table model of the audit log (Logboek). Rows are the plain events the case service returns;
the model only formats them: Dutch words for actions and objects ("Veiligheidsplan afgedrukt —
exemplaar voor het gezin", "veiligheidsplan versie 3"), local time. Never a name: the log shows
numbers, the line's detail holds codes and ids only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...texts import PROFILE_ROLES


class AuditRow(Protocol):
    """What the model reads from an audit event (``CaseService.audit_log``)."""

    at: str
    actor: str
    device: str
    action: str
    object_type: str
    object_id: str
    household_id: int | None
    result: str
    # and, on most events, ``detail``: a dict of codes and ids (audience, version, purpose, …)


COL_TIME, COL_ACTOR, COL_ROLE, COL_DEVICE, COL_ACTION, COL_OBJECT, COL_HOUSEHOLD, COL_RESULT = \
    range(8)
HEADERS = ("Tijdstip", "Medewerker", "Functie", "Apparaat", "Actie", "Object", "Gezin",
           "Resultaat")

ACTIONS: dict[str, str] = {
    "vault.create": "Kluis gemaakt",
    "vault.unlock": "Kluis geopend",
    "vault.backup": "Reservekopie gemaakt",
    "vault.check": "Kluis gecontroleerd",
    "vault.passphrase": "Wachtwoord gewijzigd",
    "vault.restore": "Reservekopie teruggezet",
    "vault.recover": "Herstelcode gebruikt",
    "vault.organisation_key.set": "Organisatiesleutel ingesteld",
    "vault.organisation_key.remove": "Organisatiesleutel verwijderd",
    "vault.organisation_key.recover": "Kluis hersteld met de organisatiesleutel",
    "vault.migrate": "Kluis bijgewerkt",
    "settings.update": "Instellingen gewijzigd",
    "profile.create": "Profiel vastgelegd",
    "profile.update": "Profiel gewijzigd",
    "household.view": "Dossier bekeken",
    "household.create": "Gezin toegevoegd",
    "household.update": "Gezin gewijzigd",
    "household.phase": "Fase gewijzigd",
    "household.close": "Gezin afgesloten",
    "household.reopen": "Gezin heropend",
    "person.create": "Persoon toegevoegd",
    "person.update": "Persoon gewijzigd",
    "person.roles": "Rollen gewijzigd",
    "relationship.create": "Relatie toegevoegd",
    "network.create": "Netwerklid toegevoegd",
    "professional.create": "Hulpverlener toegevoegd",
    "involvement.create": "Hulpverlener betrokken",
    "involvement.end": "Betrokkenheid beëindigd",
    "regisseur.assign": "Regisseur aangewezen",
    "regisseur.change": "Regisseur gewisseld",
    "incident.create": "Incident vastgelegd",
    "journal.create": "Notitie toegevoegd",
    "demo.household": "Demogezin gemaakt",
    "checklist.start": "Checklist begonnen",
    "checklist.complete": "Checklist afgerond",
    "checklist.delete": "Checklist weggegooid",
    "child_offer.create": "Aanbod voor kind vastgelegd",
    "condition.create": "Voorwaarde toegevoegd",
    "condition.link": "Voorwaarde gekoppeld aan doelen",
    "condition.review": "Voorwaarde beoordeeld",
    "exchange.conflict": "Verschil met Veilig Thuis opgelost",
    "exchange.export": "Bestand voor Veilig Thuis gemaakt",
    "exchange.import": "Bestand van Veilig Thuis ingelezen",
    "exchange.key.create": "Eigen sleutels gemaakt",
    "exchange.key.export": "Eigen sleutels opgeslagen",
    "exchange.key.replace": "Nieuwe sleutel van Veilig Thuis (sleutelwissel)",
    "exchange.key.revoke": "Sleutel ingetrokken",
    "exchange.key.rotate": "Nieuwe eigen sleutels",
    "exchange.key.trust": "Sleutel van Veilig Thuis vertrouwd",
    "exchange.preview": "Voorbeeld van export bekeken",
    "exchange.reject": "Bestand geweigerd",
    "export.monitoring_csv": "Anonieme cijfers geëxporteerd",
    "monitoring.add": "Extra monitoringmoment",
    "monitoring.complete": "Monitoring afgerond",
    "monitoring.melding_sent": "Melding verstuurd",
    "monitoring.remove": "Monitoringmoment verwijderd",
    "monitoring.schedule": "Monitoring gepland",
    "monitoring.schedule_all": "Monitoring van alle gezinnen gepland",
    "monitoring.start": "Monitoring begonnen",
    "monitoring.view": "Monitoring bekeken",
    "plan.action.create": "Actie toegevoegd",
    "plan.action.status": "Stand van actie gewijzigd",
    "plan.goal.create": "Doel toegevoegd",
    "plan.goal.update": "Doel gewijzigd",
    "plan.create": "Veiligheidsplan begonnen",
    "plan.edit": "Veiligheidsplan bewerkt",
    "plan.fix": "Veiligheidsplan vastgesteld",
    "plan.supersede": "Oude versie vervangen",
    "plan.version": "Nieuwe versie van het veiligheidsplan",
    "plan.view": "Veiligheidsplan bekeken",
    "print.checklist": "Checklist afgedrukt",
    "print.monitoring": "Monitoring afgedrukt",
    "print.overview": "Gezinsoverzicht afgedrukt",
    "print.plan": "Veiligheidsplan afgedrukt",
    "safety_score.create": "Score veiligheidsschaal toegevoegd",
    # issue 13, parts 3 and 4: correcting the record, documents in the file
    "journal.correct": "Notitie gecorrigeerd",
    "journal.withdraw": "Notitie ingetrokken",
    "incident.correct": "Incident gecorrigeerd",
    "incident.withdraw": "Incident ingetrokken",
    "checklist.correct": "Antwoord in checklist gecorrigeerd",
    "attachment.create": "Document toegevoegd",
    "attachment.view": "Document bekeken",
    "attachment.save": "Kopie van document opgeslagen",
    "attachment.delete": "Document verwijderd",
    # issue 16: the team folder
    "team.create": "Team gemaakt",
    "team.request": "Aanmeldbestand voor het team gemaakt",
    "team.member.add": "Collega aan het team toegevoegd",
    "team.join": "Aangesloten bij het team",
    "team.roster": "Nieuwe teamlijst ontvangen",
    "team.sync": "Gesynchroniseerd met het team",
    "team.receive": "Gezinnen van collega's ontvangen",
    "team.refused": "Bestand uit de teammap geweigerd",
    "team.late_change": "Late wijziging bewaard ter beoordeling",
    "team.handover": "Gezin overgedragen aan collega",
    "team.handover.taken": "Gezin overgenomen van collega",
    "team.restore": "Eigen versies teruggehaald uit de teammap",
    # issue 17: a team's bad days
    "team.reassign": "Gezin overgenomen door teamleider (noodgeval)",
    "team.review": "Besloten over een late wijziging",
    "team.shield": "Afscherming van gezin gewijzigd",
    "team.removed": "Niet meer in het team: gezinnen van het team verwijderd",
    "team.member.remove": "Collega uit het team gehaald",
    "team.member.relink": "Nieuwe sleutels aan collega gekoppeld",
    "team.member.role": "Rol van collega gewijzigd",
}
# For codes other screens add later (print, export, import, …): a label per kind of object.
PREFIXES: dict[str, str] = {
    "vault.": "Kluis", "settings.": "Instellingen", "profile.": "Profiel", "household.": "Gezin",
    "person.": "Persoon", "relationship.": "Relatie", "network.": "Netwerk",
    "professional.": "Hulpverlener", "involvement.": "Betrokkenheid",
    "regisseur.": "Regie", "incident.": "Incident", "journal.": "Notitie",
    "safety_plan.": "Veiligheidsplan", "plan.": "Plan", "checklist.": "Checklist",
    "monitoring.": "Monitoring", "print.": "Afdruk", "export.": "Export", "import.": "Import",
    "exchange.": "Uitwisseling", "demo.": "Demo", "attachment.": "Document", "team.": "Team",
}
VERBS: dict[str, str] = {
    "view": "bekeken", "create": "toegevoegd", "update": "gewijzigd", "delete": "verwijderd",
    "print": "afgedrukt", "export": "geëxporteerd", "import": "geïmporteerd",
    "reject": "geweigerd", "save": "opgeslagen",
}
OBJECTS: dict[str, str] = {
    "vault": "kluis", "settings": "instellingen", "profile": "profiel", "household": "gezin",
    "person": "persoon",
    "relationship": "relatie", "network_member": "netwerklid", "professional": "hulpverlener",
    "involvement": "betrokkenheid", "incident": "incident", "journal_entry": "notitie",
    "safety_plan": "veiligheidsplan", "safety_condition": "voorwaarde",
    "safety_score": "score veiligheidsschaal", "plan_goal": "doel", "plan_action": "actie",
    "checklist_run": "checklist", "child_offer": "aanbod voor kind",
    "monitoring_moment": "monitoringmoment", "exchange_package": "uitwisselbestand",
    "exchange_key": "sleutel", "team": "team", "team_file": "bestand in de teammap",
    "attachment": "document",
}
# A printed or previewed veiligheidsplan: which copy (never a name, only a person's number).
AUDIENCES: dict[str, str] = {"professional": "exemplaar voor de hulpverlener",
                             "gezin": "exemplaar voor het gezin"}
SAVED = ("opslaan", "opdrachtregel")  # purposes that wrote a PDF file rather than paper
RESULTS: dict[str, str] = {"ok": "gelukt", "denied": "geweigerd", "error": "mislukt",
                           "rejected": "geweigerd", "failed": "mislukt"}


def action_label(code: str) -> str:
    """Dutch label for an action code; unknown codes keep their code so nothing is hidden."""
    if code in ACTIONS:
        return ACTIONS[code]
    for prefix, noun in PREFIXES.items():
        if code.startswith(prefix):
            verb = VERBS.get(code[len(prefix):])
            return f"{noun} {verb}" if verb else f"{noun}: {code[len(prefix):]}"
    return code


def role_label(row: AuditRow) -> str:
    """The actor's role in Dutch; '' on lines from before profiles (they had none)."""
    code = str(getattr(row, "role", "") or "")
    text = PROFILE_ROLES.get(code, code)
    return text[:1].upper() + text[1:]


def local_time(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d-%m-%Y %H:%M:%S")


def _detail(row: AuditRow) -> dict[str, Any]:
    detail = getattr(row, "detail", None)
    return detail if isinstance(detail, dict) else {}


def audience_words(audience: str) -> str:
    """``gezin-zonder:4,7`` as "exemplaar voor het gezin, zonder persoon 4 en 7"."""
    kind, _, ids = audience.partition(":")
    if kind in AUDIENCES and not ids:
        return AUDIENCES[kind]
    numbers = [i for i in ids.split(",") if i]
    people = " en ".join([", ".join(numbers[:-1]), numbers[-1]] if len(numbers) > 1
                         else numbers)
    if kind == "persoon" and people:
        return f"exemplaar voor persoon {people}"
    if kind == "gezin-zonder" and people:
        return f"exemplaar voor het gezin, zonder persoon {people}"
    return audience


def line_label(row: AuditRow) -> str:
    """The action column: the action's words, for a print or view of a plan with its copy."""
    label = action_label(row.action)
    detail = _detail(row)
    if row.action == "print.plan" and detail.get("purpose") in SAVED:
        label = "Veiligheidsplan opgeslagen als PDF"
    audience = detail.get("audience")
    if row.action in ("print.plan", "plan.view") and isinstance(audience, str):
        return f"{label} — {audience_words(audience)}"
    return label


def object_label(row: AuditRow) -> str:
    kind = OBJECTS.get(row.object_type, row.object_type)
    if row.object_type in ("vault", "profile"):
        return kind  # the vault id is noise for a reader
    version = _detail(row).get("version")
    if row.object_type == "safety_plan" and isinstance(version, int):
        return f"{kind} versie {version}"
    return f"{kind} {row.object_id}".strip()


class AuditModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def display(self, row: AuditRow, column: int) -> str:
        if column == COL_TIME:
            return local_time(row.at)
        if column == COL_ACTOR:
            return row.actor
        if column == COL_ROLE:
            return role_label(row)
        if column == COL_DEVICE:
            return row.device
        if column == COL_ACTION:
            return line_label(row)
        if column == COL_OBJECT:
            return object_label(row)
        if column == COL_HOUSEHOLD:
            return "" if row.household_id is None else str(row.household_id)
        if column == COL_RESULT:
            return RESULTS.get(row.result, row.result)
        return ""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_ACTION:
            return row.action
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TIME:
            return row.at
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_HOUSEHOLD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
