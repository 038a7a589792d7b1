"""Late changes, side by side (issue 17): after a takeover, what the old dossierhouder changed
without having seen it is shown to the new dossierhouder, one dialog per late change. Each row
is one item (services/team_review.py ``RowChange``): what it is in Dutch, the fields that differ
with "Nu in het dossier" beside "Late wijziging van …", and a choice ("Huidige houden" /
"Late overnemen"). A journal entry is no choice: it is added, both are kept. Only differing
fields are shown, never ids or technical columns. "Beslissing opslaan" calls ``decide``; the
service audits and syncs; a refusal stays in the dialog with every choice kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from ..texts import PHASES, plural
from .context import AppContext
from .form_dialog import busy_cursor, message_label
from .home_visit import MASK, WHY
from .team_sync import local_time, team_error_text

TABLE_WORDS = {
    "household": "Gezin", "person": "Gezinslid", "person_role": "Rol van een gezinslid",
    "relationship": "Relatie", "network_member": "Netwerk", "involvement": "Hulpverlener",
    "journal_entry": "Journaalnotitie", "incident": "Incident", "phase_change": "Fasewissel",
    "plan_goal": "Doel in het plan", "plan_action": "Actie in het plan",
    "safety_plan": "Veiligheidsplan", "safety_condition": "Veiligheidsvoorwaarde",
    "condition_review": "Beoordeling van een voorwaarde", "safety_score": "Veiligheidsschaal",
    "checklist_run": "Checklist", "monitoring_moment": "Monitoringmoment",
    "child_offer": "Aanbod voor een kind", "attachment": "Document",
    "record_correction": "Correctie", "record_withdrawal": "Intrekking",
    "import_conflict": "Verschil met Veilig Thuis", "vt_household": "Adres van Veilig Thuis",
}
COLUMN_WORDS = {
    "name": "Naam", "status": "Status", "phase": "Fase", "opened_on": "Open sinds",
    "closed_on": "Gesloten op", "closing_reason": "Reden van sluiten",
    "next_action": "Volgende actie", "next_action_on": "Datum volgende actie",
    "next_action_by": "Wie", "given_name": "Voornaam", "family_name": "Achternaam",
    "birth_date": "Geboortedatum", "lives_in_household": "Woont in het gezin",
    "address": "Adres", "postcode": "Postcode", "city": "Plaats", "phone": "Telefoon",
    "secret_address": "Geheim adres", "note": "Notitie", "relation": "Relatie",
    "stance": "Houding", "role": "Rol", "is_regisseur": "Regisseur", "start": "Begin",
    "end": "Einde", "end_reason": "Reden einde", "kind": "Soort", "occurred_at": "Wanneer",
    "occurred_on": "Datum", "author": "Door", "text": "Tekst", "forms": "Vormen",
    "severity": "Ernst", "description": "Beschrijving", "children_present": "Kinderen erbij",
    "police_involved": "Politie erbij", "police_report": "Aangifte", "reason": "Reden",
    "from_phase": "Van fase", "to_phase": "Naar fase", "changed_on": "Datum",
    "what": "Wat", "who": "Wie", "due": "Wanneer klaar", "version": "Versie",
    "evaluation_on": "Evaluatie op", "fixed_on": "Vastgesteld op", "document": "Inhoud",
    "set_by": "Gesteld door", "set_on": "Gesteld op", "withdrawn_on": "Ingetrokken op",
    "reviewed_on": "Beoordeeld op", "score": "Score", "scored_on": "Datum",
    "scored_by": "Door", "due_on": "Datum", "purpose": "Doel", "completed_at": "Gedaan op",
    "completed_by": "Gedaan door", "outcome": "Uitkomst", "started_at": "Begonnen",
    "provider": "Aanbieder", "no_offer_reason": "Reden geen aanbod", "title": "Titel",
    "certainty": "Zekerheid", "street": "Straat", "house_number": "Huisnummer",
}
# Never shown: keys, links to other rows, bookkeeping (the person cannot judge them).
TECHNICAL = frozenset({"id", "updated_at", "import_snapshot", "external_id", "sha256",
                       "template_id", "template_version", "file_name", "media_type", "size",
                       "pages", "signed", "package_id", "object_type", "offset_months"})
WHAT_FIELDS = (("given_name", "family_name"), ("name",), ("title",), ("what",), ("text",),
               ("description",))
WHEN_FIELDS = ("occurred_at", "occurred_on", "changed_on", "scored_on", "set_on", "due_on",
               "reviewed_on", "started_at", "start", "due", "evaluation_on")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
KEEP, TAKE = "Huidige houden", "Late overnemen"


def shown_columns(late: dict[str, Any], current: dict[str, Any] | None) -> list[str]:
    """The columns a person can judge that differ (every filled one of a new row)."""
    out = []
    for column, value in late.items():
        if column in TECHNICAL or column.endswith(("_id", "_ids")):
            continue
        if current is None and value in (None, "", [], {}):
            continue
        if current is None or current.get(column) != value:
            out.append(column)
    return out


def value_text(column: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dict | list) or (isinstance(value, str) and value[:1] in "{["):
        return "(andere inhoud)" if column == "document" else "(lijst)"
    text = " ".join(str(value).split())
    if column in ("phase", "from_phase", "to_phase"):
        return PHASES.get(text, text)
    match = ISO_DATE.match(text)
    if match:
        y, m, d = match.groups()
        rest = text[10:].lstrip("T ")[:5]
        return f"{d}-{m}-{y}" + (f" {rest}" if rest and rest != "00:00" else "")
    return text if len(text) <= 120 else text[:117] + "…"


def item_text(table: str, row: dict[str, Any]) -> str:
    """What the item is, in Dutch, with a name or a date where the row has one."""
    word = TABLE_WORDS.get(table, table)
    if table == "household" and str(row.get("name", "")).startswith(word):
        return str(row["name"])[:60]  # "Gezin Bosman", not "Gezin: Gezin Bosman"
    for fields in WHAT_FIELDS:
        parts = [str(row[f]) for f in fields if row.get(f)]
        if parts and table != "journal_entry":
            return f"{word}: {value_text(fields[0], ' '.join(parts))[:60]}"
    when = next((row[f] for f in WHEN_FIELDS if row.get(f)), None)
    return f"{word}, {value_text('', when)}" if when else word


class ReviewDialog(QDialog):
    """One late change: a table of its items, a choice per item, "Beslissing opslaan"."""

    COL_ITEM, COL_FIELD, COL_NOW, COL_LATE, COL_CHOICE = range(5)

    def __init__(self, ctx: AppContext, review: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.review = review
        self.result_value: object = None
        author = review.author_name or self.tr("de vorige dossierhouder")
        self.setWindowTitle(self.tr("Late wijzigingen beoordelen"))
        self.setAccessibleName(self.tr("Late wijzigingen beoordelen"))
        self.setMinimumSize(980, 420)
        head = QLabel(self.tr(
            "Late wijziging van {author} (versie {version}), binnengekomen {at}.").format(
            author=author, version=review.version, at=local_time(review.received_at)))
        head.setWordWrap(True)
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        intro = QLabel(self.tr(
            "{author} wijzigde dit gezin nog na de overname. Kies per onderdeel wat in het "
            "dossier komt: 'Huidige houden' of 'Late overnemen'. Journaalnotities worden "
            "toegevoegd; beide blijven bewaard. Je keuze komt in het logboek.").format(
            author=author))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("Late wijzigingen"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Onderdeel"), self.tr("Wat is anders"), self.tr("Nu in het dossier"),
            # Two lines: a long name still fits a narrow column at a large text size.
            self.tr("Late wijziging van\n{author}").format(author=author), self.tr("Keuze")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col, width in ((self.COL_ITEM, 200), (self.COL_FIELD, 150), (self.COL_CHOICE, 210)):
            self.table.setColumnWidth(col, width)
        for col in (self.COL_NOW, self.COL_LATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.choices: dict[str, QComboBox] = {}
        self.hidden = bool(getattr(ctx, "privacy", False))  # huisbezoekmodus: values masked
        self.message = message_label()
        self._fill(review.changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Beslissing &opslaan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.hidden:  # nothing to judge while the family can see the screen
            self.save_button.setEnabled(False)
            self.message.setText(self.tr("Verborgen in huisbezoekmodus (F9). Zet de modus uit "
                                         "om de late wijzigingen te beoordelen."))
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _fill(self, changes: Iterable[Any]) -> None:
        changes = list(changes)
        self.table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            columns = shown_columns(change.late, change.current)
            fields = "\n".join(COLUMN_WORDS.get(c, c) for c in columns)
            now = "\n".join(value_text(c, change.current.get(c)) for c in columns) \
                if change.current is not None else self.tr("(staat er nog niet in)")
            late = "\n".join(value_text(c, change.late.get(c)) for c in columns)
            what = item_text(change.table, change.late)
            if self.hidden:
                what, now, late = TABLE_WORDS.get(change.table, change.table), MASK, MASK
            for col, text in ((self.COL_ITEM, what), (self.COL_FIELD, fields),
                              (self.COL_NOW, now), (self.COL_LATE, late)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(WHY if self.hidden and col != self.COL_FIELD else text)
                self.table.setItem(row, col, cell)
            if change.always_kept:
                kept = QTableWidgetItem(self.tr("wordt toegevoegd (beide bewaard)"))
                kept.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, self.COL_CHOICE, kept)
                continue
            choice = QComboBox()
            choice.setAccessibleName(self.tr("Keuze voor {item}").format(item=what))
            choice.setPlaceholderText(self.tr("Kies…"))
            choice.addItem(self.tr(KEEP), False)
            choice.addItem(self.tr(TAKE), True)
            choice.setCurrentIndex(-1)  # a deliberate choice per item, no default
            choice.currentIndexChanged.connect(self.message.clear)
            self.table.setCellWidget(row, self.COL_CHOICE, choice)
            self.choices[change.key] = choice
        self.table.resizeRowsToContents()

    def choose(self, key: str, take: bool) -> None:
        box = self.choices[key]
        box.setCurrentIndex(box.findData(take))

    def submit(self) -> bool:
        if any(box.currentIndex() < 0 for box in self.choices.values()):
            self.message.setText(self.tr(
                "Kies bij elk onderdeel 'Huidige houden' of 'Late overnemen'. Er is nog niets "
                "opgeslagen."))
            return False
        take = [key for key, box in self.choices.items() if box.currentData()]
        try:
            with busy_cursor():
                self.result_value = self.ctx.workspace.team.decide(self.review.id, take)
        except WijkteamError as exc:
            self.message.setText(team_error_text(exc))
            return False
        self.accept()
        return True


def decided_text(decision: Any) -> str:
    taken, kept = len(decision.taken), len(decision.kept)
    # ``taken`` counts the journal notes too: they are added whatever was chosen.
    text = (f"Je beslissing is opgeslagen: {plural(taken, 'onderdeel', 'onderdelen')} "
            f"overgenomen of toegevoegd, {kept} zoals het was.")
    if decision.status == "ok":
        return text + " Je collega's krijgen het bij hun volgende synchronisatie."
    return text + " De teammap is er nu niet: het gaat mee bij de volgende synchronisatie."


def review_late_changes(ctx: AppContext, household: int | None,
                        run: Callable[[QDialog], bool], parent: QWidget | None) -> list[Any]:
    """One dialog per open late change (of ``household``, or all); the decisions made."""
    reviews = ctx.attempt(parent, lambda: ctx.workspace.team.reviews(household)) or []
    decided = []
    for review in reviews:
        dialog = ReviewDialog(ctx, review, parent)
        ok = run(dialog)
        result = dialog.result_value
        dialog.deleteLater()
        if not ok:
            break
        decided.append(result)
        ctx.changed("team", review.household)
    return decided
