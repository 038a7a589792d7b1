"""Dialogs that add to the timeline: an incident, and a journal entry (contact or note) whose text
is autosaved as a draft while typing, so a crash or an empty battery loses nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.model import JournalKind, Person, Severity, ViolenceForm
from ...texts import JOURNAL_KINDS, SEVERITIES, VIOLENCE_FORMS
from ..context import AppContext
from ..widgets.dates import DateField, DateTimeField
from ..widgets.fields import check_list, checked_values, combo, select_data, set_checked, text_box
from ..widgets.forms import ServiceDialog

AUTOSAVE_MS = 800


class IncidentDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, persons: tuple[Person, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Incident vastleggen"), parent, self.tr(
            "Een nieuw incident verschuift de vroegste einddatum: hulp loopt door tot een jaar "
            "na het laatste incident."))
        self.household_id = household_id
        today = ctx.workspace.clock.today()
        people = [(p.full_name, p.id) for p in persons]
        self.on = self.add_row(self.tr("&Datum:"), DateField(today, maximum=today, parent=self))
        # Every choice in sight (two columns of forms; the people side by side): a list cut
        # to a few rows hid most forms of violence and the last person at 1366×768.
        self.forms = self.add_row(self.tr("&Vormen van geweld:"), check_list(
            self, ((VIOLENCE_FORMS[f.value], f) for f in ViolenceForm), columns=2),
            self.tr("Vink alles aan wat van toepassing is (spatiebalk)"))
        self.severity = self.add_row(self.tr("&Ernst:"), combo(
            self, ((SEVERITIES[s.value], s) for s in Severity)))
        self.victims = check_list(self, people)
        self.perpetrators = check_list(self, people)
        who = QHBoxLayout()
        for caption, box in ((self.tr("Wie is &slachtoffer?"), self.victims),
                             (self.tr("Wie is &pleger?"), self.perpetrators)):
            column = QVBoxLayout()
            label = QLabel(caption, self)
            label.setBuddy(box)
            box.setAccessibleName(caption.replace("&", "").rstrip(":?"))
            column.addWidget(label)
            column.addWidget(box)
            column.addStretch(1)
            who.addLayout(column)
        self.form.addRow(self.tr("Wie:"), who)
        self.children = self.add_row(self.tr("Kinderen:"),
                                     QCheckBox(self.tr("&Kinderen waren erbij"), self))
        self.police = self.add_row(self.tr("Politie:"),
                                   QCheckBox(self.tr("P&olitie was erbij"), self))
        self.report = self.add_row(self.tr("Aangifte:"),
                                   QCheckBox(self.tr("&Aangifte gedaan"), self),
                                   self.tr("Een nieuwe aangifte: weeg het plan opnieuw"))
        self.description = self.add_row(self.tr("&Omschrijving:"), text_box(self, lines=3))

    def fill(self, forms: tuple[ViolenceForm, ...], severity: Severity, *,
             on: date | None = None, victims: tuple[int, ...] = (),
             perpetrators: tuple[int, ...] = (), children: bool = False, police: bool = False,
             report: bool = False, description: str = "") -> None:
        if on:
            self.on.set_value(on)
        set_checked(self.forms, forms)
        select_data(self.severity, severity)
        set_checked(self.victims, victims)
        set_checked(self.perpetrators, perpetrators)
        self.children.setChecked(children)
        self.police.setChecked(police)
        self.report.setChecked(report)
        self.description.setPlainText(description)

    def apply(self) -> int:
        iid = self.ctx.workspace.cases.record_incident(
            self.household_id, self.on.value(), tuple(checked_values(self.forms)),  # type: ignore
            self.severity.currentData(),
            victim_ids=tuple(checked_values(self.victims)),  # type: ignore[arg-type]
            perpetrator_ids=tuple(checked_values(self.perpetrators)),  # type: ignore[arg-type]
            children_present=self.children.isChecked(),
            police_involved=self.police.isChecked() or self.report.isChecked(),
            police_report=self.report.isChecked(), description=self.description.toPlainText())
        self.ctx.changed("incident", self.household_id)
        return iid


def journal_draft_key(household_id: int) -> str:
    return f"journaal:{household_id}"


class JournalDialog(ServiceDialog):
    """A contact or note. The text is saved as a draft ``AUTOSAVE_MS`` after the last keystroke
    and when the dialog closes; it comes back when the dialog opens again, until it is saved."""

    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Notitie of contact vastleggen"), parent)
        self.household_id = household_id
        self.draft_key = journal_draft_key(household_id)
        self._default_at = ctx.workspace.clock.now().astimezone().replace(
            tzinfo=None, second=0, microsecond=0)  # local time, as the field shows it
        self.kind = self.add_row(self.tr("&Soort:"), combo(
            self, ((JOURNAL_KINDS[k.value], k) for k in JournalKind)))
        self.at = self.add_row(self.tr("&Wanneer:"), DateTimeField(
            self._default_at, maximum=self._default_at.date(), parent=self))
        self.text = self.add_row(self.tr("&Tekst:"), text_box(self, self.tr(
            "Wat is er gebeurd of besproken? Wat is afgesproken?"), lines=8))
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Status van het concept"))
        self.form.addRow("", self.status)
        self.resize(560, self.sizeHint().height())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_draft)
        self._restore()
        self.text.textChanged.connect(self._timer.start)
        self.kind.currentIndexChanged.connect(lambda _i: self._timer.start())

    def _restore(self) -> None:
        draft = self.ctx.workspace.drafts.load(self.draft_key)
        if not draft:
            return
        kind = draft.get("kind")
        if kind in {k.value for k in JournalKind}:
            select_data(self.kind, JournalKind(kind))
        self.text.setPlainText(str(draft.get("text", "")))
        self.status.setText(self.tr("Concept van eerder teruggezet."))

    @property
    def draft_pending(self) -> bool:
        return self._timer.isActive()

    def save_draft(self) -> None:
        self._timer.stop()
        text = self.text.toPlainText()
        try:
            if text.strip():
                self.ctx.workspace.drafts.save(
                    self.draft_key, {"kind": self.kind.currentData().value, "text": text},
                    self.household_id)
            else:
                self.ctx.workspace.drafts.discard(self.draft_key)
        except Exception:  # noqa: BLE001 — autosave must never break typing (e.g. just locked)
            self.status.setText(self.tr("Concept kon niet worden bewaard."))
            return
        self.status.setText(self.tr("Concept bewaard."))

    def fill(self, kind: JournalKind, text: str) -> None:
        select_data(self.kind, kind)
        self.text.setPlainText(text)

    def apply(self) -> int:
        chosen = self.at.value()  # refuses a date or time that does not exist
        at: datetime | None = None
        if chosen != self._default_at:
            at = chosen.astimezone(UTC)  # naive local → UTC
        jid = self.ctx.workspace.cases.add_journal_entry(
            self.household_id, self.kind.currentData(), self.text.toPlainText(), at)
        self._timer.stop()
        self.ctx.workspace.drafts.discard(self.draft_key)
        self.ctx.changed("journal", self.household_id)
        return jid

    def done(self, result: int) -> None:
        if result != self.DialogCode.Accepted and self._timer.isActive():
            self.save_draft()
        super().done(result)
