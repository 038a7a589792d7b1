"""Dialogs for people around the household: members (with roles), relationships, network
members, professionals and their involvement."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from ...domain.errors import ValidationError
from ...domain.model import (
    Certainty,
    NetworkStance,
    Person,
    PersonRole,
    RelationshipKind,
    Role,
)
from ...services.cases import FileView
from ...texts import RELATIONSHIPS, ROLES, STANCES
from ..context import AppContext
from ..widgets.dates import DateField
from ..widgets.fields import combo, select_data, text_box
from ..widgets.forms import ServiceDialog


class RolesEditor(QWidget):
    """One check box per role, each with its certainty (vermoeden / bevestigd)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, tuple[QCheckBox, QComboBox]] = {}
        for row, role in enumerate(Role):
            box = QCheckBox(ROLES[role.value], self)
            certainty = combo(self, ((self.tr("bevestigd"), Certainty.BEVESTIGD),
                                     (self.tr("vermoeden"), Certainty.VERMOEDEN)))
            certainty.setAccessibleName(self.tr("Zekerheid van de rol {r}").format(
                r=ROLES[role.value]))
            certainty.setToolTip(self.tr("Een vermoeden is nog geen feit"))
            certainty.setEnabled(False)
            box.toggled.connect(certainty.setEnabled)
            grid.addWidget(box, row // 2, (row % 2) * 2)
            grid.addWidget(certainty, row // 2, (row % 2) * 2 + 1)
            self.boxes[role] = (box, certainty)

    def set_roles(self, roles: tuple[PersonRole, ...]) -> None:
        chosen = {r.role: r.certainty for r in roles}
        for role, (box, certainty) in self.boxes.items():
            box.setChecked(role in chosen)
            select_data(certainty, chosen.get(role, Certainty.BEVESTIGD))

    def roles(self) -> tuple[PersonRole, ...]:
        return tuple(PersonRole(role, certainty.currentData())
                     for role, (box, certainty) in self.boxes.items() if box.isChecked())


class MemberDialog(ServiceDialog):
    """Add a member, or edit one (``person`` given)."""

    def __init__(self, ctx: AppContext, household_id: int, person: Person | None = None,
                 parent: QWidget | None = None) -> None:
        title = self.tr("Gezinslid bewerken") if person else self.tr("Gezinslid toevoegen")
        super().__init__(ctx, title, parent)
        self.household_id, self.person = household_id, person
        today = ctx.workspace.clock.today()
        self.given = self.add_row(self.tr("&Voornaam:"), QLineEdit(self))
        self.family = self.add_row(self.tr("&Achternaam:"), QLineEdit(self))
        self.birth = self.add_row(self.tr("&Geboortedatum:"), DateField(
            None, optional=True, fallback=date(today.year - 30, 1, 1), maximum=today,
            parent=self))
        self.roles = self.add_row(self.tr("Rollen:"), RolesEditor(self))
        self.lives = self.add_row(self.tr("Woont:"), QCheckBox(self.tr("&Woont in het huis"),
                                                               self))
        self.lives.setChecked(True)
        self.address = self.add_row(self.tr("A&dres:"), QLineEdit(self))
        self.postcode = self.add_row(self.tr("&Postcode:"), QLineEdit(self))
        self.city = self.add_row(self.tr("Plaa&ts:"), QLineEdit(self))
        self.phone = self.add_row(self.tr("&Telefoon:"), QLineEdit(self))
        self.secret = self.add_row(self.tr("Geheim:"), QCheckBox(self.tr("G&eheim adres"), self),
                                   self.tr("Komt nooit op een afdruk voor anderen dan "
                                           "hulpverleners"))
        self.note = self.add_row(self.tr("&Notitie:"), text_box(self, lines=2))
        if person:
            self.fill(person.given_name, person.family_name, birth=person.birth_date,
                      roles=person.roles, lives=person.lives_in_household,
                      address=person.address, postcode=person.postcode, city=person.city,
                      phone=person.phone, secret=person.secret_address, note=person.note)
        self._hide_for_home_visit()

    def _hide_for_home_visit(self) -> None:
        """In huisbezoekmodus the rows the mode hides are not shown; they keep their values,
        so Opslaan stores them unchanged. A line says so."""
        rows = {"person.birth_date": [self.birth], "person.roles": [self.roles],
                "person.address": [self.address, self.postcode, self.city, self.secret],
                "person.phone": [self.phone], "person.note": [self.note]}
        hidden = [w for field, widgets in rows.items() if self.ctx.hides(field)
                  for w in widgets]
        for widget in hidden:
            self.form.setRowVisible(widget, False)
        if hidden:
            note = QLabel(self.tr("Geboortedatum, rollen, adres, telefoon en notitie zijn "
                                  "verborgen in huisbezoekmodus (F9) en blijven zoals ze zijn."),
                          self)
            note.setWordWrap(True)
            self.form.addRow(note)

    def fill(self, given: str, family: str, *, birth: date | None = None,
             roles: tuple[PersonRole, ...] = (), lives: bool = True, address: str = "",
             postcode: str = "", city: str = "", phone: str = "", secret: bool = False,
             note: str = "") -> None:
        self.given.setText(given)
        self.family.setText(family)
        self.birth.set_value(birth)
        self.roles.set_roles(roles)
        self.lives.setChecked(lives)
        self.address.setText(address)
        self.postcode.setText(postcode)
        self.city.setText(city)
        self.phone.setText(phone)
        self.secret.setChecked(secret)
        self.note.setPlainText(note)

    def _values(self) -> dict[str, object]:
        return dict(birth_date=self.birth.value(), lives_in_household=self.lives.isChecked(),
                    address=self.address.text().strip(),
                    postcode=self.postcode.text().strip().upper(),
                    city=self.city.text().strip(), phone=self.phone.text().strip(),
                    secret_address=self.secret.isChecked(), note=self.note.toPlainText())

    def apply(self) -> int:
        cases = self.ctx.workspace.cases
        if self.person is None:
            pid = cases.add_person(self.household_id, self.given.text(), self.family.text(),
                                   roles=self.roles.roles(), **self._values())  # type: ignore
        else:
            pid = self.person.id
            today = self.ctx.workspace.clock.today()
            birth = self.birth.value()
            if birth and birth > today:
                raise ValidationError("birth_date_future")
            cases.update_person(pid, given_name=self.given.text(),
                                family_name=self.family.text(), **self._values())
            if self.roles.roles() != self.person.roles:
                cases.set_roles(pid, self.roles.roles())
        self.ctx.changed("person", self.household_id)
        return pid


class RelationshipDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, view: FileView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Relatie toevoegen"), parent)
        self.household_id = view.file.household.id
        people = [(p.full_name, p.id) for p in view.file.persons]
        self.a = self.add_row(self.tr("&Persoon:"), combo(self, people))
        self.kind = self.add_row(self.tr("&Relatie:"), combo(
            self, ((RELATIONSHIPS[k.value], k) for k in RelationshipKind)),
            self.tr("Bij ouder – kind: kies eerst de ouder, dan het kind"))
        self.b = self.add_row(self.tr("&Met:"), combo(self, people))
        if len(people) > 1:
            self.b.setCurrentIndex(1)
        self.start = self.add_row(self.tr("&Vanaf:"), DateField(None, optional=True,
                                                              parent=self))
        self.end = self.add_row(self.tr("&Tot:"), DateField(None, optional=True, parent=self))

    def fill(self, a: int, kind: RelationshipKind, b: int, start: date | None = None,
             end: date | None = None) -> None:
        select_data(self.a, a)
        select_data(self.kind, kind)
        select_data(self.b, b)
        self.start.set_value(start)
        self.end.set_value(end)

    def apply(self) -> int:
        if self.a.currentData() is None or self.b.currentData() is None:
            raise ValidationError("relationship_self")
        rid = self.ctx.workspace.cases.add_relationship(
            self.household_id, self.a.currentData(), self.b.currentData(),
            self.kind.currentData(), self.start.value(), self.end.value())
        self.ctx.changed("relationship", self.household_id)
        return rid


class NetworkDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Netwerklid toevoegen"), parent, self.tr(
            "Iemand uit het netwerk kan helpen, maar ook bedreigen. Leg vast wat geldt."))
        self.household_id = household_id
        self.name = self.add_row(self.tr("&Naam:"), QLineEdit(self))
        self.relation = self.add_row(self.tr("&Relatie:"), QLineEdit(self))
        self.relation.setPlaceholderText(self.tr("Bijvoorbeeld: oma, buurvrouw"))
        self.stance = self.add_row(self.tr("&Veilig?"), combo(
            self, ((STANCES[s.value], s) for s in NetworkStance)))
        self.phone = self.add_row(self.tr("&Telefoon:"), QLineEdit(self))
        self.address = self.add_row(self.tr("A&dres:"), QLineEdit(self))
        self.secret = self.add_row(self.tr("Geheim:"), QCheckBox(self.tr("G&eheim adres"), self))
        self.note = self.add_row(self.tr("N&otitie:"), text_box(self, lines=2))

    def fill(self, name: str, relation: str, stance: NetworkStance, phone: str = "",
             address: str = "", secret: bool = False, note: str = "") -> None:
        self.name.setText(name)
        self.relation.setText(relation)
        select_data(self.stance, stance)
        self.phone.setText(phone)
        self.address.setText(address)
        self.secret.setChecked(secret)
        self.note.setPlainText(note)

    def apply(self) -> int:
        nid = self.ctx.workspace.cases.add_network_member(
            self.household_id, self.name.text(), self.relation.text(), self.stance.currentData(),
            phone=self.phone.text(), address=self.address.text(),
            secret_address=self.secret.isChecked(), note=self.note.toPlainText())
        self.ctx.changed("network", self.household_id)
        return nid


class ProfessionalDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Hulpverlener toevoegen"), parent)
        self.name = self.add_row(self.tr("&Naam:"), QLineEdit(self))
        self.organisation = self.add_row(self.tr("&Organisatie:"), QLineEdit(self))
        self.function = self.add_row(self.tr("&Functie:"), QLineEdit(self))
        self.phone = self.add_row(self.tr("&Telefoon:"), QLineEdit(self))
        self.email = self.add_row(self.tr("&E-mail:"), QLineEdit(self))

    def fill(self, name: str, organisation: str, function: str = "", phone: str = "",
             email: str = "") -> None:
        self.name.setText(name)
        self.organisation.setText(organisation)
        self.function.setText(function)
        self.phone.setText(phone)
        self.email.setText(email)

    def apply(self) -> int:
        pid = self.ctx.workspace.cases.add_professional(
            self.name.text(), self.organisation.text(), function=self.function.text().strip(),
            phone=self.phone.text().strip(), email=self.email.text().strip())
        self.ctx.changed("professional", 0)
        return pid


class InvolveDialog(ServiceDialog):
    """A professional becomes involved (not as regisseur: that has its own dialog)."""

    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Hulpverlener betrekken"), parent)
        self.household_id = household_id
        today = ctx.workspace.clock.today()
        self.professional = self.add_row(self.tr("&Hulpverlener:"), combo(
            self, ((f"{name} — {org}", pid)
                   for pid, name, org in ctx.workspace.cases.professionals())))
        self.role = self.add_row(self.tr("&Rol:"), QLineEdit(self))
        self.role.setPlaceholderText(self.tr("Bijvoorbeeld: gezinscoach, behandelaar"))
        self.start = self.add_row(self.tr("&Vanaf:"), DateField(today, parent=self))

    def fill(self, professional_id: int, role: str, start: date | None = None) -> None:
        select_data(self.professional, professional_id)
        self.role.setText(role)
        if start:
            self.start.set_value(start)

    def apply(self) -> int:
        pid = self.professional.currentData()
        if pid is None:
            raise ValidationError("empty", field=self.tr("hulpverlener"))
        iid = self.ctx.workspace.cases.involve_professional(
            self.household_id, pid, self.role.text(), self.start.value())
        self.ctx.changed("involvement", self.household_id)
        return iid


class EndInvolvementDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, involvement_id: int, who: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Betrokkenheid beëindigen"), parent, self.tr(
            "{who} is niet meer betrokken bij dit gezin.").format(who=who))
        self.household_id, self.involvement_id = household_id, involvement_id
        self.end = self.add_row(self.tr("&Datum:"), DateField(ctx.workspace.clock.today(),
                                                            parent=self))
        self.reason = self.add_row(self.tr("&Reden:"), text_box(self, lines=2))

    def fill(self, reason: str, end: date | None = None) -> None:
        self.reason.setPlainText(reason)
        if end:
            self.end.set_value(end)

    def apply(self) -> None:
        self.ctx.workspace.cases.end_involvement(self.household_id, self.involvement_id,
                                                 self.end.value(), self.reason.toPlainText())
        self.ctx.changed("involvement", self.household_id)
