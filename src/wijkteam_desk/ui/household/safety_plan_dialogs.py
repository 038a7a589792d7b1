"""Dialogs of the veiligheidsplan editor. Item dialogs (goal, agreement, step, safe place, safe
person) return a domain item and change nothing stored; the editor keeps it in its working copy.
Condition, review, link and vaststellen dialogs go through the service at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.safety_plan import (
    Agreement,
    ContactDetails,
    Goal,
    PartyKind,
    PartyRef,
    ReviewStatus,
    SafePerson,
    SafePlace,
    SafetyPlan,
    Signature,
    Step,
    check_safe_person,
    new_item_id,
)
from ...domain.safety_plan_diff import Change
from ...texts import ROLES, plural
from .. import home_visit
from ..context import AppContext
from ..widgets.dates import DateField
from ..widgets.fields import (
    ValueCombo,
    check_list,
    checked_values,
    combo,
    select_data,
    set_checked,
    text_box,
)
from ..widgets.forms import ServiceDialog

KIND_WORDS = {PartyKind.MEMBER: "gezinslid", PartyKind.NETWORK: "netwerk",
              PartyKind.PROFESSIONAL: "hulpverlener"}
REVIEW_WORDS = {ReviewStatus.MET: "nagekomen", ReviewStatus.DEELS: "deels nagekomen",
                ReviewStatus.NIET: "niet nagekomen"}
SECTION_WORDS = {
    "general": "Algemeen", "conditions": "Voorwaarden Veilig Thuis", "goals": "Doelen",
    "agreements": "Afspraken", "warning_signs": "Waarschuwingssignalen",
    "steps": "Als het misgaat", "emergency_contacts": "Noodnummers",
    "safe_places": "Veilige plekken", "safe_people": "Veilige personen",
    "children": "Voor de kinderen", "participants": "Wie doen er mee",
}
FIELD_WORDS = {
    "": "", "made_by": "gemaakt door", "made_with": "samen met", "evaluate_on": "evaluatiedatum",
    "evaluate_with": "evaluatie met", "professional_notes": "notities hulpverlener",
    "text": "tekst", "what": "wat", "who": "wie", "by_when": "wanneer",
    "supervisor": "toezicht", "goal": "bij doel", "phone": "telefoon", "name": "naam",
    "shelter": "opvang", "address": "adres", "postcode": "postcode", "city": "plaats",
    "secret_address": "geheim adres", "about": "uitleg", "if_unsafe": "als het niet veilig is",
    "trusted_adults": "vertrouwde volwassenen",
}
KIND_OF_CHANGE = {"added": "toegevoegd", "removed": "weggehaald", "changed": "gewijzigd"}


def party_label(p: PartyRef, hide_roles: bool = False) -> str:
    """"Name (gezinslid, pleger)"; in huisbezoekmodus (``hide_roles``) only who someone is to
    the plan: "Name (gezinslid)"."""
    extra = [] if hide_roles else [ROLES.get(r.value, r.value) for r in p.roles]
    if p.is_threatening and not hide_roles:
        extra.append("bedreigend")
    detail = ", ".join([KIND_WORDS[p.kind], *extra])
    return f"{p.name} ({detail})"


def _party_combo(dialog: ServiceDialog, parties: tuple[PartyRef, ...],
                 none: str = "") -> ValueCombo:
    items: list[tuple[str, object]] = [(none, None)] if none else []
    hide = dialog.ctx.hides("person.roles") or dialog.ctx.hides("network.stance")
    return combo(dialog, items + [(party_label(p, hide), p) for p in parties])


class GoalDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, goal: Goal | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Doel van het gezin"), parent, self.tr(
            "Wat wil het gezin bereiken? Schrijf het in de woorden van het gezin."))
        self._goal = goal
        self.text = self.add_row(self.tr("&Doel:"), text_box(self, lines=2))
        if goal:
            self.text.setPlainText(goal.text)

    def apply(self) -> Goal:
        text = self.text.toPlainText().strip()
        if not text:
            raise ValidationError("empty", field="doel")
        if self._goal:
            return Goal(text, self._goal.agreements, self._goal.id)
        return Goal(text, (), new_item_id())


class AgreementDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, parties: tuple[PartyRef, ...],
                 agreement: Agreement | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Afspraak"), parent)
        self._id = agreement.id if agreement else new_item_id()
        self.what = self.add_row(self.tr("&Wat:"), QLineEdit(self),
                                 self.tr("Wat is er afgesproken? Concreet en kort."))
        self.who = self.add_row(self.tr("W&ie doet het:"), _party_combo(self, parties))
        self.by_when = self.add_row(self.tr("&Wanneer:"), DateField(
            None, optional=True, fallback=ctx.workspace.clock.today(), parent=self),
            self.tr("Leeg laten voor een afspraak die altijd geldt"))
        self.supervisor = self.add_row(self.tr("&Toezicht:"), _party_combo(
            self, parties, self.tr("(niemand)")), self.tr("Wie let erop dat het gebeurt?"))
        if agreement:
            self.fill(agreement.what, agreement.who, agreement.by_when, agreement.supervisor)

    def fill(self, what: str, who: PartyRef, by_when: date | None = None,
             supervisor: PartyRef | None = None) -> None:
        self.what.setText(what)
        select_data(self.who, who)
        self.by_when.set_value(by_when)
        select_data(self.supervisor, supervisor)

    def apply(self) -> Agreement:
        if not self.what.text().strip():
            raise ValidationError("agreement_empty")
        who = self.who.currentData()
        if who is None:
            raise ValidationError("empty", field="wie")
        return Agreement(self.what.text().strip(), who, self.by_when.value(),
                         self.supervisor.currentData(), self._id)


class StepDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, members: tuple[PartyRef, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Wat doen we als het misgaat?"), parent)
        self.text = self.add_row(self.tr("&Stap:"), QLineEdit(self))
        self.who = self.add_row(self.tr("&Voor wie:"), _party_combo(
            self, members, self.tr("Iedereen")), self.tr(
                "Een stap voor één persoon (bijvoorbeeld waar zij naartoe gaat) komt alleen "
                "op haar eigen exemplaar en dat van de hulpverlener."))

    def fill(self, text: str, who: PartyRef | None = None) -> None:
        self.text.setText(text)
        select_data(self.who, who)

    def apply(self) -> Step:
        if not self.text.text().strip():
            raise ValidationError("empty", field="stap")
        return Step(self.text.text().strip(), self.who.currentData())


class _ContactFields:
    """Address, postcode, city, phone and the secret-address box of a place or a person. In
    huisbezoekmodus a known address or phone shows a mask, read-only and saying why, and the
    real one is what ``contact()`` returns."""

    _kept: ContactDetails | None = None

    def _contact_rows(self, dialog: ServiceDialog, contact: ContactDetails) -> None:
        self.address = dialog.add_row(dialog.tr("&Adres:"), QLineEdit(dialog))
        self.postcode = dialog.add_row(dialog.tr("&Postcode:"), QLineEdit(dialog))
        self.city = dialog.add_row(dialog.tr("Plaa&ts:"), QLineEdit(dialog))
        self.phone = dialog.add_row(dialog.tr("&Telefoon:"), QLineEdit(dialog))
        self.secret = QCheckBox(dialog.tr("&Geheim adres: nooit op papier voor het gezin of "
                                          "de pleger"), dialog)
        self.secret.setAccessibleName(dialog.tr("Geheim adres"))
        dialog.form.addRow(self.secret)
        self._ctx = dialog.ctx
        self._show_contact(contact)

    def _show_contact(self, contact: ContactDetails) -> None:
        hide = self._ctx.hides("safety_plan.address") and any(
            (contact.address, contact.postcode, contact.city, contact.phone))
        self._kept = contact if hide else None
        for field, value, name in ((self.address, contact.address, "safety_plan.address"),
                                   (self.postcode, contact.postcode, "safety_plan.address"),
                                   (self.city, contact.city, "safety_plan.address"),
                                   (self.phone, contact.phone, "safety_plan.phone")):
            field.setText(self._ctx.shown(name, value) if hide else value)
            home_visit.guard_field(field, hide)
        self.secret.setChecked(contact.secret_address)
        self.secret.setEnabled(not hide)

    def contact(self) -> ContactDetails:
        if self._kept is not None:  # masked on screen: the real details, unchanged
            return replace(self._kept, secret_address=self.secret.isChecked())
        return ContactDetails(self.address.text().strip(), self.postcode.text().strip().upper(),
                              self.city.text().strip(), self.phone.text().strip(),
                              self.secret.isChecked())


class SafePlaceDialog(ServiceDialog, _ContactFields):
    def __init__(self, ctx: AppContext, place: SafePlace | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Veilige plek"), parent)
        self._id = place.id if place else new_item_id()
        self.name = self.add_row(self.tr("&Naam van de plek:"), QLineEdit(self))
        self.shelter = QCheckBox(self.tr("&Opvang (nooit op het exemplaar van de pleger)"), self)
        self.form.addRow(self.shelter)
        self._contact_rows(self, place.contact if place else ContactDetails())
        if place:
            self.name.setText(place.name)
            self.shelter.setChecked(place.shelter)

    def apply(self) -> SafePlace:
        if not self.name.text().strip():
            raise ValidationError("empty", field="naam")
        return SafePlace(self.name.text().strip(), self.contact(), self.shelter.isChecked(),
                         self._id)


class SafePersonDialog(ServiceDialog, _ContactFields):
    """Anyone from the lists can be picked; a threatening network member or a pleger is refused
    with the Dutch message (the domain rule decides, not the list)."""

    def __init__(self, ctx: AppContext, parties: tuple[PartyRef, ...],
                 contacts: dict[tuple[str, int], ContactDetails],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Veilige persoon"), parent, self.tr(
            "Bij wie kan iemand terecht als het thuis niet veilig is?"))
        self._contacts = contacts
        self.person = self.add_row(self.tr("&Wie:"), _party_combo(self, parties))
        self._contact_rows(self, ContactDetails())
        self.person.currentIndexChanged.connect(lambda _i: self._prefill())
        self._prefill()

    def _prefill(self) -> None:
        person = self.person.currentData()
        c = self._contacts.get(person.key, ContactDetails()) if person else ContactDetails()
        self._show_contact(c)

    def choose(self, person: PartyRef) -> None:
        select_data(self.person, person)

    def apply(self) -> SafePerson:
        person = self.person.currentData()
        if person is None:
            raise ValidationError("empty", field="wie")
        safe = SafePerson(person, self.contact(), new_item_id())
        check_safe_person(safe)
        return safe


class ConditionDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Voorwaarde van Veilig Thuis"), parent, self.tr(
            "Neem de voorwaarde over zoals Veilig Thuis die heeft gesteld."))
        self.household_id = household_id
        today = ctx.workspace.clock.today()
        self.text = self.add_row(self.tr("&Voorwaarde:"), text_box(self, lines=2))
        self.set_by = self.add_row(self.tr("&Gesteld door:"), QLineEdit("Veilig Thuis", self))
        self.set_on = self.add_row(self.tr("&Datum:"), DateField(today, maximum=today,
                                                                 parent=self))

    def apply(self) -> int:
        cid = self.ctx.workspace.plans.add_condition(
            self.household_id, self.text.toPlainText(), self.set_by.text(), self.set_on.value())
        self.ctx.changed("condition", self.household_id)
        return cid


class ReviewDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, condition_id: int, text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Voorwaarde beoordelen"), parent, text)
        self.household_id, self.condition_id = household_id, condition_id
        today = ctx.workspace.clock.today()
        self.status = self.add_row(self.tr("&Stand:"), combo(
            self, [(REVIEW_WORDS[s], s) for s in ReviewStatus]))
        self.on = self.add_row(self.tr("&Datum:"), DateField(today, maximum=today, parent=self))
        self.note = self.add_row(self.tr("&Toelichting:"), text_box(self, lines=2))

    def fill(self, status: ReviewStatus, note: str = "") -> None:
        select_data(self.status, status)
        self.note.setPlainText(note)

    def apply(self) -> int:
        rid = self.ctx.workspace.plans.review_condition(
            self.condition_id, self.status.currentData(), self.on.value(),
            self.note.toPlainText())
        self.ctx.changed("condition", self.household_id)
        return rid


class LinkGoalsDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, condition_id: int,
                 goals: tuple[Goal, ...], linked: tuple[str, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Voorwaarde koppelen aan doelen"), parent)
        self.household_id, self.condition_id = household_id, condition_id
        self.goals = self.add_row(self.tr("&Doelen:"), check_list(
            self, [(g.text, g.id) for g in goals], linked))

    def apply(self) -> None:
        self.ctx.workspace.plans.link_condition(self.condition_id, checked_values(self.goals))
        self.ctx.changed("condition", self.household_id)


class FixDialog(ServiceDialog):
    """Vaststellen: who signed, and when. Afterwards this version can no longer change."""

    def __init__(self, ctx: AppContext, plan: SafetyPlan, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Plan vaststellen"), parent, self.tr(
            "Kies wie het plan heeft ondertekend. Na het vaststellen kan deze versie niet meer "
            "veranderen; wijzigen gaat dan met een nieuwe versie."))
        self.plan = plan
        today = ctx.workspace.clock.today()
        signers = [p.party for p in plan.participants if not p.party.is_child]
        hide = ctx.hides("person.roles")
        self.signers = self.add_row(self.tr("&Getekend door:"), check_list(
            self, [(party_label(p, hide), p) for p in signers]))
        self.signed_on = self.add_row(self.tr("&Getekend op:"), DateField(
            today, maximum=today, parent=self))

    def check(self, parties: list[PartyRef]) -> None:
        set_checked(self.signers, parties)

    def apply(self) -> SafetyPlan:
        day = self.signed_on.value() or self.ctx.workspace.clock.today()
        signatures = [Signature(p, day) for p in checked_values(self.signers)]
        fixed = self.ctx.workspace.plans.fix_plan(self.plan.id or 0, signatures, day)
        self.ctx.changed("safety_plan", self.plan.household_id)
        return fixed


def change_rows(changes: list[Change]) -> list[tuple[str, str, str, str, str]]:
    """(onderdeel, wat, soort wijziging, was, wordt) in Dutch, for the compare view."""
    return [(SECTION_WORDS.get(c.section, c.section),
             " · ".join(x for x in (c.item, FIELD_WORDS.get(c.field, c.field)) if x),
             KIND_OF_CHANGE[c.kind], c.before, c.after) for c in changes]


class CompareDialog(QDialog):
    COL_SECTION, COL_ITEM, COL_KIND, COL_BEFORE, COL_AFTER = range(5)

    def __init__(self, old: SafetyPlan, new: SafetyPlan, changes: list[Change],
                 mask: object = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = self.tr("Versie {a} en versie {b} vergeleken").format(a=old.version,
                                                                     b=new.version)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        rows = change_rows(changes)
        count = plural(len(rows), "wijziging", "wijzigingen")
        info = QLabel(f"{count}." if rows else self.tr("Er is niets veranderd."), self)
        layout.addWidget(info)
        self.table = QTableWidget(len(rows), 5, self)
        self.table.setAccessibleName(self.tr("Wijzigingen"))
        self.table.setHorizontalHeaderLabels([self.tr("Onderdeel"), self.tr("Wat"),
                                              self.tr("Wijziging"),
                                              self.tr("Versie {n}").format(n=old.version),
                                              self.tr("Versie {n}").format(n=new.version)])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        # A step or a place is named by its own text: in huisbezoekmodus that is masked too.
        named_by_text = {SECTION_WORDS["steps"], SECTION_WORDS["safe_places"]}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                hide = c >= self.COL_BEFORE or (c == self.COL_ITEM and row[0] in named_by_text)
                shown = mask(value) if callable(mask) and hide else value
                item = QTableWidgetItem(shown)
                item.setToolTip(shown)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        for col in (self.COL_BEFORE, self.COL_AFTER):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[list[str]]:
        t = self.table
        return [[t.item(r, c).text() for c in range(t.columnCount())]
                for r in range(t.rowCount())]
