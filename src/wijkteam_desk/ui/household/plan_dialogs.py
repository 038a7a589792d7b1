"""Dialogs of the one plan van aanpak: goals, actions and the offer for each child (rule 8)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QRadioButton, QWidget

from ...domain.errors import ValidationError
from ...domain.model import Person, Phase, PlanGoal
from ...texts import PHASES
from ..context import AppContext
from ..widgets.dates import DateField
from ..widgets.fields import combo, select_data, text_box
from ..widgets.forms import ServiceDialog

WHOLE_FAMILY = -1  # combo data for "Hele gezin": a goal for the system


class GoalDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, persons: tuple[Person, ...],
                 phase: Phase, person_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Doel toevoegen"), parent, self.tr(
            "Eén plan voor het hele gezin: doelen per persoon en voor het gezin als geheel."))
        self.household_id = household_id
        self.phase = self.add_row(self.tr("&Fase:"), combo(
            self, ((PHASES[p.value], p) for p in Phase)))
        select_data(self.phase, phase)
        self.person = self.add_row(self.tr("&Voor wie:"), combo(
            self, [(self.tr("Hele gezin"), WHOLE_FAMILY)] + [(p.full_name, p.id)
                                                            for p in persons]))
        select_data(self.person, WHOLE_FAMILY if person_id is None else person_id)
        self.text = self.add_row(self.tr("&Doel:"), text_box(self, self.tr(
            "Wat is er bereikt als het goed gaat? In woorden van het gezin."), lines=2))

    def fill(self, text: str, phase: Phase | None = None, person_id: int | None = None) -> None:
        self.text.setPlainText(text)
        if phase:
            select_data(self.phase, phase)
        select_data(self.person, WHOLE_FAMILY if person_id is None else person_id)

    def apply(self) -> int:
        person = self.person.currentData()
        gid = self.ctx.workspace.cases.add_goal(
            self.household_id, self.phase.currentData(), self.text.toPlainText(),
            None if person == WHOLE_FAMILY else person)
        self.ctx.changed("plan", self.household_id)
        return gid


class ActionDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, goals: tuple[PlanGoal, ...],
                 goal_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Actie toevoegen"), parent)
        self.household_id = household_id
        self.goal = self.add_row(self.tr("&Bij doel:"), combo(
            self, ((self._short(g.text), g.id) for g in goals)))
        if goal_id is not None:
            select_data(self.goal, goal_id)
        self.what = self.add_row(self.tr("&Wat:"), QLineEdit(self))
        self.who = self.add_row(self.tr("W&ie:"), QLineEdit(self))
        self.who.setPlaceholderText(self.tr("Bijvoorbeeld: moeder, regisseur, GGZ"))
        self.due = self.add_row(self.tr("Wa&nneer:"), DateField(
            None, optional=True, fallback=ctx.workspace.clock.today(), parent=self))

    @staticmethod
    def _short(text: str) -> str:
        return text if len(text) <= 70 else text[:67] + "…"

    def fill(self, what: str, who: str = "", due: date | None = None,
             goal_id: int | None = None) -> None:
        if goal_id is not None:
            select_data(self.goal, goal_id)
        self.what.setText(what)
        self.who.setText(who)
        self.due.set_value(due)

    def apply(self) -> int:
        if self.goal.currentData() is None:
            raise ValidationError("empty", field=self.tr("doel"))
        aid = self.ctx.workspace.cases.add_action(self.goal.currentData(), self.what.text(),
                                                  self.who.text(), self.due.value())
        self.ctx.changed("plan", self.household_id)
        return aid


class ChildOfferDialog(ServiceDialog):
    """Rule 8: every child who is victim or witness gets an offer, or a recorded reason why not."""

    def __init__(self, ctx: AppContext, household_id: int, child: Person,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Aanbod voor {name}").format(name=child.given_name),
                         parent, self.tr("Elk kind dat slachtoffer of getuige is, krijgt een "
                                         "eigen aanbod. Of je legt vast waarom niet."))
        self.household_id, self.child_id = household_id, child.id
        self.is_offer = QRadioButton(self.tr("Er is een &aanbod"), self)
        self.no_offer = QRadioButton(self.tr("&Geen aanbod, met reden"), self)
        self.is_offer.setChecked(True)
        self.form.addRow(self.is_offer)
        self.description = self.add_row(self.tr("&Aanbod:"), QLineEdit(self))
        self.description.setPlaceholderText(self.tr("Bijvoorbeeld: KIES-training"))
        self.provider = self.add_row(self.tr("&Door:"), QLineEdit(self))
        self.start = self.add_row(self.tr("&Start:"), DateField(
            None, optional=True, fallback=ctx.workspace.clock.today(), parent=self))
        self.form.addRow(self.no_offer)
        self.reason = self.add_row(self.tr("&Reden:"), text_box(self, lines=2))
        self.is_offer.toggled.connect(self._toggle)
        self._toggle(True)

    def _toggle(self, offer: bool) -> None:
        for w in (self.description, self.provider, self.start):
            w.setEnabled(offer)
        self.reason.setEnabled(not offer)

    def fill(self, description: str = "", provider: str = "", start: date | None = None,
             no_offer_reason: str = "") -> None:
        (self.no_offer if no_offer_reason else self.is_offer).setChecked(True)
        self.description.setText(description)
        self.provider.setText(provider)
        self.start.set_value(start)
        self.reason.setPlainText(no_offer_reason)

    def apply(self) -> int:
        offer = self.is_offer.isChecked()
        oid = self.ctx.workspace.cases.record_child_offer(
            self.household_id, self.child_id,
            description=self.description.text() if offer else "",
            provider=self.provider.text() if offer else "",
            start=self.start.value() if offer else None,
            no_offer_reason="" if offer else self.reason.toPlainText())
        self.ctx.changed("plan", self.household_id)
        return oid
