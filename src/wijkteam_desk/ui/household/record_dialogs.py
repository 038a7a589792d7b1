"""Dialogs that correct the record: correct a journal entry, an incident or a checklist answer,
and withdraw an entry made in the wrong household. Every one asks for a reason; the old text
stays readable in the file and the audit log has both (services/record.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...checklist_texts import ANSWERS
from ...domain.checklists import ItemKind, visible_items
from ...domain.model import Incident, JournalEntry, JournalKind, Person
from ...domain.record import RecordKind
from ...services.checklists import RunView
from ...texts import JOURNAL_KINDS
from ..context import AppContext
from ..widgets.dates import DateTimeField
from ..widgets.fields import checked_values, combo, select_data, text_box
from ..widgets.forms import ServiceDialog
from .timeline_dialogs import IncidentDialog

REASON_HINT = "Waarom? Bijvoorbeeld: verkeerde datum, tikfout, verkeerd gezin."


def _reason_box(dialog: ServiceDialog) -> QLineEdit:
    box = QLineEdit(dialog)
    box.setPlaceholderText(REASON_HINT)
    box.setMaxLength(2000)
    return box


def _local(at: datetime) -> datetime:
    """A stored moment as the field shows it: local time, naive, to the minute."""
    local = at.replace(tzinfo=UTC).astimezone() if at.tzinfo is None else at.astimezone()
    return local.replace(tzinfo=None, second=0, microsecond=0)


class CorrectJournalDialog(ServiceDialog):
    """The entry's kind, moment and text, filled in; change what was wrong and say why."""

    def __init__(self, ctx: AppContext, entry: JournalEntry, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Notitie corrigeren"), parent, self.tr(
            "Verbeter wat er fout staat. De oude tekst blijft leesbaar in het dossier, met de "
            "datum, jouw naam en de reden."))
        self.entry = entry
        self.kind = self.add_row(self.tr("&Soort:"), combo(
            self, ((JOURNAL_KINDS[k.value], k) for k in JournalKind)))
        select_data(self.kind, entry.kind)
        # The app's one date field (typed dd-mm-jjjj, calendar on request, no silent change).
        self.at = self.add_row(self.tr("&Wanneer:"), DateTimeField(
            _local(entry.occurred_at), parent=self))
        self.text = self.add_row(self.tr("&Tekst:"), text_box(self, lines=8))
        self.text.setPlainText(entry.text)
        self.reason = self.add_row(self.tr("&Reden:"), _reason_box(self))
        self.resize(580, self.sizeHint().height())

    def apply(self) -> object:
        chosen = self.at.value()  # refuses a date or time that does not exist
        at = None
        if chosen != _local(self.entry.occurred_at):
            at = chosen.astimezone(UTC)  # naive local → UTC
        done = self.ctx.workspace.record.correct_journal(
            self.entry.id, self.reason.text(), text=self.text.toPlainText(),
            kind=self.kind.currentData(), occurred_at=at)
        self.ctx.changed("journal", self.entry.household_id)
        return done


class CorrectIncidentDialog(IncidentDialog):
    """The incident dialog, filled in with what was recorded, and a reason."""

    def __init__(self, ctx: AppContext, incident: Incident, persons: tuple[Person, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, incident.household_id, persons, parent)
        self.incident = incident
        title = self.tr("Incident corrigeren")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.fill(incident.forms, incident.severity, on=incident.occurred_on,
                  victims=incident.victim_ids, perpetrators=incident.perpetrator_ids,
                  children=incident.children_present, police=incident.police_involved,
                  report=incident.police_report, description=incident.description)
        note = QLabel(self.tr("De oude gegevens blijven leesbaar in het dossier, met de datum, "
                              "jouw naam en de reden."), self)
        note.setWordWrap(True)
        self.form.addRow("", note)
        self.reason = self.add_row(self.tr("&Reden:"), _reason_box(self))

    def apply(self) -> object:
        done = self.ctx.workspace.record.correct_incident(
            self.incident.id, self.reason.text(), occurred_on=self.on.value(),
            forms=tuple(checked_values(self.forms)), severity=self.severity.currentData(),
            victim_ids=tuple(checked_values(self.victims)),
            perpetrator_ids=tuple(checked_values(self.perpetrators)),
            children_present=self.children.isChecked(),
            police_involved=self.police.isChecked() or self.report.isChecked(),
            police_report=self.report.isChecked(), description=self.description.toPlainText())
        self.ctx.changed("incident", self.incident.household_id)
        return done


class WithdrawDialog(ServiceDialog):
    """Withdraw an entry made in the wrong household: it leaves this file's views, printouts
    and exports, and stays in the audit trail with the reason."""

    def __init__(self, ctx: AppContext, household_id: int, kind: RecordKind, object_id: int,
                 summary: str, parent: QWidget | None = None) -> None:
        what = self.tr("notitie") if kind is RecordKind.JOURNAL else self.tr("incident")
        super().__init__(ctx, self.tr("Intrekken"), parent, self.tr(
            "Trek deze {what} alleen in als hij bij het verkeerde gezin staat. Hij verdwijnt "
            "uit dit dossier, uit afdrukken en uit bestanden voor Veilig Thuis. Hij blijft "
            "bewaard in het logboek, met jouw naam en de reden. Leg hem daarna vast bij het "
            "goede gezin.").format(what=what))
        self.household_id, self.kind, self.object_id = household_id, kind, object_id
        shown = QPlainTextEdit(self)
        shown.setReadOnly(True)
        shown.setPlainText(summary)
        shown.setMaximumHeight(110)
        self.add_row(self.tr("Wat:"), shown)
        self.reason = self.add_row(self.tr("&Reden:"), _reason_box(self))
        self.reason.setPlaceholderText(self.tr("Bijvoorbeeld: hoort bij een ander gezin."))
        self.buttons.button(self.buttons.StandardButton.Save).setText(self.tr("Intrekken"))
        self.resize(560, self.sizeHint().height())

    def apply(self) -> object:
        done = self.ctx.workspace.record.withdraw(self.kind, self.object_id, self.reason.text())
        self.ctx.changed("withdraw", self.household_id)
        return done


class CorrectAnswerDialog(ServiceDialog):
    """Correct one answer (or the decision) of a completed checklist."""

    def __init__(self, ctx: AppContext, view: RunView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Antwoord corrigeren"), parent, self.tr(
            "De checklist is afgerond. Verbeter een antwoord dat fout is ingevuld. Het oude "
            "antwoord blijft leesbaar, met de datum, jouw naam en de reden."))
        self.view = view
        template, run = view.template, view.run
        items = [i for i in visible_items(template, view.facts, run.answers)]
        if template.outcome is not None:
            items.append(template.outcome)
        self.items = {i.id: i for i in items}
        self.question = self.add_row(self.tr("&Vraag:"), combo(
            self, ((i.text if len(i.text) <= 90 else i.text[:89] + "…", i.id) for i in items)))
        self.answer = self.add_row(self.tr("&Antwoord:"), combo(self, []))
        self.free = self.add_row(self.tr("&Tekst:"), text_box(self, lines=3))
        self.note = self.add_row(self.tr("&Toelichting:"), QLineEdit(self))
        self.reason = self.add_row(self.tr("&Reden:"), _reason_box(self))
        self.question.currentIndexChanged.connect(self._show_item)
        self._show_item()
        self.resize(620, self.sizeHint().height())

    def _show_item(self, _index: int = 0) -> None:
        item = self.items[self.question.currentData()]
        run = self.view.run
        current = run.outcome if self.view.template.outcome is item else \
            run.answers.get(item.id)
        text = item.kind is ItemKind.TEXT
        self.answer.setVisible(not text)
        self.form.labelForField(self.answer).setVisible(not text)
        self.free.setVisible(text)
        self.form.labelForField(self.free).setVisible(text)
        labels = {o.value: o.label for o in item.options}
        self.answer.clear()
        for value in item.allowed:
            self.answer.addItem(labels.get(value) or ANSWERS.get(value, value), value)
        if current is not None and not text:
            select_data(self.answer, current.value)
        self.free.setPlainText(current.value if current is not None and text else "")
        self.note.setText(current.note if current is not None else "")

    def choose(self, item_id: str, value: str, note: str = "") -> None:
        """What picking a question, an answer and typing a note do (tests, keyboard users)."""
        select_data(self.question, item_id)
        if self.items[item_id].kind is ItemKind.TEXT:
            self.free.setPlainText(value)
        else:
            select_data(self.answer, value)
        self.note.setText(note)

    def apply(self) -> object:
        item = self.items[self.question.currentData()]
        value = self.free.toPlainText() if item.kind is ItemKind.TEXT else \
            str(self.answer.currentData())
        done = self.ctx.workspace.record.correct_answer(
            self.view.id, item.id, value, self.note.text(), self.reason.text())
        self.ctx.changed("checklist", self.view.run.household_id)
        return done
