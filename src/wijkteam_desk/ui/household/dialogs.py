"""Dialogs about the household as a whole: a new household, phase, regisseur, closing, reopening.

Each dialog has ``fill(...)`` and ``submit()`` so tests drive it without a modal loop."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QWidget

from ...domain.errors import ValidationError
from ...domain.model import Phase
from ...services.cases import FileView
from ...texts import PHASES
from ..context import AppContext
from ..widgets.dates import DateField, fmt_date
from ..widgets.fields import combo, select_data, text_box
from ..widgets.forms import ServiceDialog, run_dialog


class NewHouseholdDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Nieuw gezin"), parent)
        today = ctx.workspace.clock.today()
        self.name = self.add_row(self.tr("&Naam:"), QLineEdit(self),
                                 self.tr("Bijvoorbeeld: Gezin Jansen"))
        self.name.setPlaceholderText(self.tr("Gezin …"))
        self.opened = self.add_row(self.tr("&Start:"), DateField(today, maximum=today,
                                                               parent=self))
        self.from_vt = self.add_row(self.tr("Van Veilig Thuis:"),
                                    QCheckBox(self.tr("Overgedragen door &Veilig Thuis"), self))
        self.handover = self.add_row(self.tr("Datum &overdracht:"),
                                     DateField(None, optional=True, fallback=today, parent=self),
                                     self.tr("Vanaf deze datum tellen de monitoringmomenten"))
        self.vt_number = self.add_row(self.tr("&Zaaknummer VT:"), QLineEdit(self))
        self.from_vt.toggled.connect(self._vt_toggled)
        self._vt_toggled(False)

    def _vt_toggled(self, on: bool) -> None:
        self.handover.setEnabled(on)
        self.vt_number.setEnabled(on)

    def fill(self, name: str, opened: date | None = None, from_vt: bool = False,
             handover: date | None = None, vt_number: str = "") -> None:
        self.name.setText(name)
        if opened:
            self.opened.set_value(opened)
        self.from_vt.setChecked(from_vt)
        self.handover.set_value(handover)
        self.vt_number.setText(vt_number)

    def apply(self) -> int:
        vt = self.from_vt.isChecked()
        hid = self.ctx.workspace.cases.create_household(
            self.name.text(), opened_on=self.opened.value(), from_vt=vt,
            vt_case_number=self.vt_number.text() if vt else "",
            vt_handover_date=self.handover.value() if vt else None)
        self.ctx.changed("household", hid)
        return hid


class PhaseDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, view: FileView, parent: QWidget | None = None) -> None:
        h = view.file.household
        super().__init__(ctx, self.tr("Fase wijzigen"), parent, self.tr(
            "Nu: {phase}. Een fasewisseling is een gebeurtenis met datum en reden.").format(
                phase=PHASES[h.phase.value]))
        self.household_id = h.id
        today = ctx.workspace.clock.today()
        order = list(Phase)
        self.phase = self.add_row(self.tr("&Nieuwe fase:"),
                                  combo(self, ((PHASES[p.value], p) for p in Phase)))
        nxt = order[min(order.index(h.phase) + 1, len(order) - 1)]
        select_data(self.phase, nxt)
        self.on = self.add_row(self.tr("&Datum:"), DateField(today, maximum=today, parent=self))
        self.reason = self.add_row(self.tr("&Reden:"), text_box(self, self.tr(
            "Waarom gaat het gezin naar deze fase?")))

    def fill(self, phase: Phase, reason: str, on: date | None = None) -> None:
        select_data(self.phase, phase)
        self.reason.setPlainText(reason)
        if on:
            self.on.set_value(on)

    def apply(self) -> None:
        self.ctx.workspace.cases.change_phase(self.household_id, self.phase.currentData(),
                                              self.on.value(), self.reason.toPlainText())
        self.ctx.changed("household", self.household_id)


class RegisseurDialog(ServiceDialog):
    """Assign the (first) regisseur or hand case direction over (``change=True``, with reason)."""

    def __init__(self, ctx: AppContext, view: FileView, change: bool,
                 parent: QWidget | None = None) -> None:
        file = view.file
        today = ctx.workspace.clock.today()
        current = [file.professional(i.professional_id) for i in file.active_regisseurs(today)]
        now = ", ".join(p.name for p in current if p) or self.tr("niemand")
        title = self.tr("Regisseur wisselen") if change else self.tr("Regisseur toewijzen")
        intro = self.tr("Eén gezin, één regisseur. Nu: {now}. Aantal wisselingen: {n}.").format(
            now=now, n=file.regisseur_changes())
        super().__init__(ctx, title, parent, intro)
        self.household_id, self.change = file.household.id, change
        self.professional = self.add_row(self.tr("&Hulpverlener:"), combo(self, ()))
        new = QPushButton(self.tr("Nieuwe &hulpverlener…"), self)
        new.setToolTip(self.tr("Een hulpverlener toevoegen die nog niet in de lijst staat"))
        new.clicked.connect(self._new_professional)
        self.form.addRow("", new)
        self.on = self.add_row(self.tr("&Vanaf:"), DateField(today, maximum=today, parent=self))
        self.reason = None
        if change:
            self.reason = self.add_row(self.tr("&Reden:"), text_box(self, self.tr(
                "Waarom wisselt de regie? De familie houdt liefst één contactpersoon.")))
        self._load_professionals()

    def _load_professionals(self, select: int | None = None) -> None:
        self.professional.clear()
        for pid, name, org in self.ctx.workspace.cases.professionals():
            self.professional.addItem(f"{name} — {org}", pid)
        if select is not None:
            select_data(self.professional, select)

    def _new_professional(self) -> None:
        from .member_dialogs import ProfessionalDialog
        run_dialog(ProfessionalDialog(self.ctx, self),
                   lambda pid: self._load_professionals(int(pid)))  # type: ignore[call-overload]

    def fill(self, professional_id: int, reason: str = "", on: date | None = None) -> None:
        select_data(self.professional, professional_id)
        if self.reason is not None:
            self.reason.setPlainText(reason)
        if on:
            self.on.set_value(on)

    def apply(self) -> int:
        cases, pid = self.ctx.workspace.cases, self.professional.currentData()
        if pid is None:
            raise ValidationError("empty", field=self.tr("hulpverlener"))
        if self.reason is not None:
            iid = cases.change_regisseur(self.household_id, pid, self.on.value(),
                                         self.reason.toPlainText())
        else:
            iid = cases.assign_regisseur(self.household_id, pid, self.on.value())
        self.ctx.changed("household", self.household_id)
        return iid


class CloseDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, view: FileView, parent: QWidget | None = None) -> None:
        today = ctx.workspace.clock.today()
        if view.earliest_closing:
            intro = self.tr(
                "Vroegste reguliere einddatum: {d} (een jaar na het laatste incident). "
                "Sluit je eerder af, geef dan een reden.").format(d=fmt_date(view.earliest_closing))
        else:
            intro = self.tr("Er is geen incident vastgelegd: er is geen vroegste einddatum.")
        super().__init__(ctx, self.tr("Gezin afsluiten"), parent, intro)
        self.household_id = view.file.household.id
        self.earliest = view.earliest_closing
        self.on = self.add_row(self.tr("&Datum:"), DateField(today, parent=self))
        self.reason = self.add_row(self.tr("&Reden:"), text_box(self, self.tr(
            "Nodig als je afsluit voor de vroegste einddatum")))

    def fill(self, on: date, reason: str = "") -> None:
        self.on.set_value(on)
        self.reason.setPlainText(reason)

    def apply(self) -> None:
        self.ctx.workspace.cases.close_household(self.household_id, self.on.value(),
                                                 self.reason.toPlainText())
        self.ctx.changed("household", self.household_id)


class ReopenDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, view: FileView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Gezin heropenen"), parent, self.tr(
            "Het gezin gaat terug naar de fase Directe veiligheid."))
        self.household_id = view.file.household.id
        today = ctx.workspace.clock.today()
        self.on = self.add_row(self.tr("&Datum:"), DateField(today, maximum=today, parent=self))
        self.reason = self.add_row(self.tr("&Reden:"), text_box(self, self.tr(
            "Bijvoorbeeld: nieuw incident")))

    def fill(self, reason: str, on: date | None = None) -> None:
        self.reason.setPlainText(reason)
        if on:
            self.on.set_value(on)

    def apply(self) -> None:
        self.ctx.workspace.cases.reopen_household(self.household_id, self.on.value(),
                                                  self.reason.toPlainText())
        self.ctx.changed("household", self.household_id)
