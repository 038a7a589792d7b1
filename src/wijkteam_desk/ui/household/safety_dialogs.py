"""Dialogs of the Zicht op veiligheid tab: start a checklist, add a veiligheidsschaal score."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QSpinBox, QWidget

from ...checklist_texts import SCORED_BY
from ...domain.checklists import ChecklistTemplate
from ...domain.safety_scale import MAX_SCORE, MIN_SCORE, ScoredBy
from ..context import AppContext
from ..widgets.dates import DateField
from ..widgets.fields import combo, text_box
from ..widgets.forms import ServiceDialog


class NewChecklistDialog(ServiceDialog):
    """Choose a template; the run starts with its newest version. Returns the run id."""

    def __init__(self, ctx: AppContext, household_id: int,
                 templates: Sequence[ChecklistTemplate], parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Nieuwe checklist", parent,
                         "Kies welke checklist je nu invult. Wat je invult, wordt vanzelf "
                         "bewaard.")
        self.household_id = household_id
        self.template = self.add_row("&Checklist:", combo(self, [
            (f"{t.title} (versie {t.version})", t.id) for t in templates]),
            "De nieuwste versie van de vragenlijst")
        self.buttons.button(self.buttons.StandardButton.Save).setText("Beginnen")

    def apply(self) -> int:
        return self.ctx.workspace.checklists.start(self.household_id,
                                                   self.template.currentData())


class ScoreDialog(ServiceDialog):
    """A veiligheidsschaal score: person, 0-10, date, who gave it, a note."""

    def __init__(self, ctx: AppContext, household_id: int,
                 persons: Sequence[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Score toevoegen", parent,
                         "Hoe veilig is het, op een schaal van 0 tot 10? 0 is helemaal niet "
                         "veilig, 10 is helemaal veilig.")
        self.household_id = household_id
        today = ctx.workspace.clock.today()
        self.person = self.add_row("&Persoon:", combo(self, list(
            (name, pid) for pid, name in persons)), "Over wie gaat de score?")
        self.score = QSpinBox(self)
        self.score.setRange(MIN_SCORE, MAX_SCORE)
        self.score.setValue(5)
        self.add_row("&Score (0-10):", self.score)
        self.day = self.add_row("&Datum:", DateField(today, maximum=today, parent=self))
        self.by = self.add_row("&Gegeven door:", combo(self, [
            (SCORED_BY[b.value], b) for b in ScoredBy]), "Wie gaf deze score?")
        self.note = self.add_row("&Notitie:", text_box(self, "Wat zei iemand erbij?", lines=2))

    def fill(self, person_id: int, score: int, day: date, by: ScoredBy, note: str = "") -> None:
        self.person.setCurrentIndex(self.person.findData(person_id))
        self.score.setValue(score)
        self.day.set_value(day)
        self.by.setCurrentIndex(self.by.findData(by))
        self.note.setPlainText(note)

    def apply(self) -> int:
        return self.ctx.workspace.checklists.add_score(
            self.household_id, self.person.currentData(), self.score.value(),
            self.day.value() or self.ctx.workspace.clock.today(), self.by.currentData(),
            self.note.toPlainText())
