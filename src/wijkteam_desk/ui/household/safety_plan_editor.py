"""The editor of one veiligheidsplan version, section by section as the printed plan reads
(DOMAIN.md "The veiligheidsplan"). It edits a working copy (a ``SafetyPlan``) and emits
``edited`` after every change; the tab autosaves that copy as a draft and stores it on Opslaan.
A vastgesteld or vervangen version is shown read-only, and its fields say so.

Huisbezoekmodus shows what the family copy shows (``home_visit``): addresses and phone numbers,
the name of a secret shelter and the professional's notes are masked, and a step for one
person is left out. Everything else stays editable, the children's sections included: filling
in the plan together is the point of the visit. A masked field is read-only and says why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.safety_plan import (
    ChildSection,
    ContactDetails,
    EmergencyContact,
    Goal,
    PartyRef,
    SafePlace,
    SafetyPlan,
)
from ...services.plans import ConditionView, PlanParties
from .. import home_visit
from ..context import AppContext
from ..widgets import colors
from ..widgets.dates import DateField, fmt_date
from ..widgets.fields import check_list, checked_values, set_checked, text_box
from ..widgets.forms import run_dialog
from .safety_plan_dialogs import (
    REVIEW_WORDS,
    AgreementDialog,
    GoalDialog,
    SafePersonDialog,
    SafePlaceDialog,
    StepDialog,
)

ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
WHY_FROZEN = ("Deze versie is vastgesteld en verandert niet meer. Kies 'Nieuwe versie' om iets "
              "aan te passen.")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.splitlines() if x.strip())


def _table(parent: QWidget, name: str, heads: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(heads), parent)
    t.setAccessibleName(name)
    t.setHorizontalHeaderLabels(heads)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setTabKeyNavigation(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    _fit(t)
    return t


def _fit(t: QTableWidget) -> None:
    """As high as its rows (at least one empty row): the editor scrolls, not each table."""
    height = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth() + 4
    height += sum(t.rowHeight(r) for r in range(t.rowCount())) if t.rowCount() else \
        t.verticalHeader().defaultSectionSize()
    t.setFixedHeight(height)


def _fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            t.setItem(r, c, item)
    t.resizeColumnsToContents()
    _fit(t)


class PlanEditor(QScrollArea):
    edited = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: SafetyPlan | None = None
        self.parties = PlanParties()
        self.conditions: list[ConditionView] = []
        self.read_only = True
        self._loading = False
        self._buttons: list[QPushButton] = []
        self.setWidgetResizable(True)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.setWidget(body)
        self._build_who()
        self._build_conditions()
        self._build_goals()
        self._build_when_wrong()
        self._build_safety()
        self.children_box = QGroupBox(self.tr("Voor de kinderen (in woorden die het kind "
                                              "begrijpt)"), body)
        self.children_layout = QVBoxLayout(self.children_box)
        self.body.addWidget(self.children_box)
        self._child_fields: list[tuple[PartyRef, QPlainTextEdit, QPlainTextEdit, object]] = []
        self._build_end()
        self.body.addStretch(1)

    # -- building -------------------------------------------------------------------------------
    def _group(self, title: str) -> QVBoxLayout:
        box = QGroupBox(title, self.widget())
        layout = QVBoxLayout(box)
        self.body.addWidget(box)
        return layout

    def _button(self, text: str, tip: str, slot: Callable[[], None],
                row: QHBoxLayout, always: bool = False) -> QPushButton:
        b = QPushButton(text, self.widget())
        b.setToolTip(tip)
        b.clicked.connect(slot)
        row.addWidget(b)
        if not always:
            self._buttons.append(b)
        return b

    def _build_who(self) -> None:
        layout = self._group(self.tr("Wie maakte het plan, en met wie?"))
        form = QFormLayout()
        self.made_by = QLineEdit(self.widget())
        self.made_by.setAccessibleName(self.tr("Gemaakt door"))
        self.made_with = QLineEdit(self.widget())
        self.made_with.setAccessibleName(self.tr("Samen met"))
        self.made_with.setToolTip(self.tr("Namen, gescheiden door komma's"))
        form.addRow(self.tr("Gemaakt door:"), self.made_by)
        form.addRow(self.tr("Samen met:"), self.made_with)
        layout.addLayout(form)
        for field in (self.made_by, self.made_with):
            field.textEdited.connect(lambda _t: self._sync_text())

    def _build_conditions(self) -> None:
        layout = self._group(self.tr("Voorwaarden van Veilig Thuis"))
        self.conditions_table = _table(self.widget(), self.tr("Voorwaarden van Veilig Thuis"), [
            self.tr("In plan"), self.tr("Voorwaarde"), self.tr("Gesteld door"),
            self.tr("Stand"), self.tr("Bij doel")])
        self.conditions_table.itemChanged.connect(self._condition_toggled)
        layout.addWidget(self.conditions_table)
        row = QHBoxLayout()
        # Conditions are records of the household: they can be added and reviewed at any time,
        # also while the plan version shown is vastgesteld.
        self.add_condition_button = self._button(
            self.tr("Voo&rwaarde toevoegen…"), self.tr("Een voorwaarde van Veilig Thuis"),
            lambda: self.condition_action("add"), row, always=True)
        self.review_button = self._button(
            self.tr("Beoor&delen…"), self.tr("Nagekomen, deels of niet?"),
            lambda: self.condition_action("review"), row, always=True)
        self.link_button = self._button(
            self.tr("&Koppelen aan doelen…"), self.tr("Bij welke doelen hoort deze voorwaarde?"),
            lambda: self.condition_action("link"), row, always=True)
        row.addStretch(1)
        layout.addLayout(row)
        self.condition_action: Callable[[str], None] = lambda _what: None

    def _build_goals(self) -> None:
        layout = self._group(self.tr("Doelen van het gezin en afspraken"))
        self.goals_tree = QTreeWidget(self.widget())
        self.goals_tree.setAccessibleName(self.tr("Doelen en afspraken"))
        self.goals_tree.setHeaderLabels([self.tr("Doel / afspraak"), self.tr("Wie"),
                                         self.tr("Wanneer"), self.tr("Toezicht")])
        self.goals_tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.goals_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.goals_tree.header().setStretchLastSection(False)
        layout.addWidget(self.goals_tree)
        row = QHBoxLayout()
        self._button(self.tr("Doe&l toevoegen…"), self.tr("Een eigen doel van het gezin"),
                     self.add_goal, row)
        self._button(self.tr("Af&spraak toevoegen…"), self.tr("Een afspraak bij het gekozen doel"),
                     self.add_agreement, row)
        self._button(self.tr("&Weghalen"), self.tr("Haal het gekozen doel of de afspraak weg"),
                     self.remove_goal_item, row)
        row.addStretch(1)
        layout.addLayout(row)

    def _build_when_wrong(self) -> None:
        layout = self._group(self.tr("Als het misgaat"))
        layout.addWidget(QLabel(self.tr("Waarschuwingssignalen (één per regel):")))
        self.warning_signs = text_box(self.widget(), self.tr(
            "Hoe merken we dat het niet goed gaat?"), lines=3)
        self.warning_signs.setAccessibleName(self.tr("Waarschuwingssignalen"))
        self.warning_signs.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.warning_signs.textChanged.connect(self._sync_text)
        layout.addWidget(self.warning_signs)
        self.steps_table = _table(self.widget(), self.tr("Stappen als het misgaat"),
                                  [self.tr("Stap"), self.tr("Voor wie")])
        layout.addWidget(self.steps_table)
        row = QHBoxLayout()
        self._button(self.tr("Sta&p toevoegen…"), self.tr("Wat doet iemand als het misgaat?"),
                     self.add_step, row)
        self._button(self.tr("Stap weghalen"), "", lambda: self._remove_row(
            self.steps_table, "steps"), row)
        row.addStretch(1)
        layout.addLayout(row)
        self.emergency_table = _table(self.widget(), self.tr("Noodnummers"),
                                      [self.tr("Wie"), self.tr("Telefoon")])
        layout.addWidget(QLabel(self.tr("Noodnummers:")))
        layout.addWidget(self.emergency_table)

    def _build_safety(self) -> None:
        layout = self._group(self.tr("Veilige plekken en veilige personen"))
        self.places_table = _table(self.widget(), self.tr("Veilige plekken"), [
            self.tr("Plek"), self.tr("Soort"), self.tr("Adres"), self.tr("Telefoon"),
            self.tr("Geheim adres")])
        layout.addWidget(self.places_table)
        row = QHBoxLayout()
        self._button(self.tr("Plek toevoege&n…"), self.tr("Een veilige plek of opvang"),
                     self.add_place, row)
        self._button(self.tr("Plek weghalen"), "", lambda: self._remove_row(
            self.places_table, "safe_places"), row)
        row.addStretch(1)
        layout.addLayout(row)
        self.people_table = _table(self.widget(), self.tr("Veilige personen"), [
            self.tr("Naam"), self.tr("Adres"), self.tr("Telefoon"), self.tr("Geheim adres")])
        layout.addWidget(self.people_table)
        row = QHBoxLayout()
        self._button(self.tr("Persoon toevoegen…"), self.tr(
            "Iemand bij wie het gezin terecht kan. Niet: een pleger of een bedreigend "
            "netwerklid."), self.add_person, row)
        self._button(self.tr("Persoon weghalen"), "", lambda: self._remove_row(
            self.people_table, "safe_people"), row)
        row.addStretch(1)
        layout.addLayout(row)

    def _build_end(self) -> None:
        layout = self._group(self.tr("Evaluatie, handtekeningen en notities"))
        form = QFormLayout()
        self.evaluate_on = DateField(None, optional=True, parent=self.widget())
        self.evaluate_on.setAccessibleName(self.tr("Evaluatiedatum"))
        self.evaluate_on.changed.connect(self._sync_text)
        self.evaluate_with = QLineEdit(self.widget())
        self.evaluate_with.setAccessibleName(self.tr("Evaluatie met"))
        self.evaluate_with.setToolTip(self.tr("Namen, gescheiden door komma's"))
        self.evaluate_with.textEdited.connect(lambda _t: self._sync_text())
        form.addRow(self.tr("Evaluatie op:"), self.evaluate_on)
        form.addRow(self.tr("Met wie:"), self.evaluate_with)
        self.signatures = QLabel(self.widget())
        self.signatures.setAccessibleName(self.tr("Handtekeningen"))
        self.signatures.setWordWrap(True)
        form.addRow(self.tr("Handtekeningen:"), self.signatures)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Notities voor de hulpverlener (nooit op het exemplaar "
                                        "voor het gezin):")))
        self.notes = text_box(self.widget(), lines=2)
        self.notes.setAccessibleName(self.tr("Notities voor de hulpverlener"))
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.notes.textChanged.connect(self._sync_text)
        layout.addWidget(self.notes)

    # -- showing --------------------------------------------------------------------------------
    def set_plan(self, plan: SafetyPlan, parties: PlanParties, conditions: list[ConditionView],
                 read_only: bool) -> None:
        self.plan, self.parties, self.conditions = plan, parties, conditions
        self.read_only = read_only
        self.show_plan()

    def lock(self) -> None:
        """Read-only whatever the version (a colleague's household in a team); the next
        ``set_plan`` decides again."""
        if not self.read_only:
            self.read_only = True
            self._apply_read_only()

    def on_privacy(self, _on: bool) -> None:
        # The working copy holds every value: showing it again masks or unmasks, loses nothing.
        self.show_plan()

    def show_plan(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self._loading = True
        shown = self.ctx.shown

        def place_name(p: SafePlace) -> str:
            secret = p.shelter and p.contact.secret_address
            return shown("safety_plan.secret_shelter", p.name) if secret else p.name

        try:
            self.made_by.setText(plan.made_by)
            self.made_with.setText(", ".join(plan.made_with))
            self._show_conditions()
            self._show_goals()
            self.warning_signs.setPlainText("\n".join(plan.warning_signs))
            _fill(self.steps_table, [[s.text, s.who.name if s.who else self.tr("iedereen")]
                                     for s in plan.steps])
            for row, step in enumerate(plan.steps):  # hidden, not removed: rows keep their index
                self.steps_table.setRowHidden(row, step.who is not None and self.ctx.hides(
                    "safety_plan.personal_step"))
            _fit(self.steps_table)
            _fill(self.emergency_table, [
                [c.label, shown("safety_plan.phone", c.phone) if c.party else c.phone]
                for c in plan.emergency_contacts])
            _fill(self.places_table, [
                [place_name(p), self.tr("opvang") if p.shelter else "",
                 shown("safety_plan.address", self._address(p.contact)),
                 shown("safety_plan.phone", p.contact.phone),
                 self.tr("ja") if p.contact.secret_address else ""]
                for p in plan.safe_places])
            _fill(self.people_table, [
                [p.person.name, shown("safety_plan.address", self._address(p.contact)),
                 shown("safety_plan.phone", p.contact.phone),
                 self.tr("ja") if p.contact.secret_address else ""] for p in plan.safe_people])
            self._show_children()
            self.evaluate_on.set_value(plan.evaluate_on)
            self.evaluate_with.setText(", ".join(plan.evaluate_with))
            if plan.signatures:
                text = "; ".join(f"{s.party.name} ({fmt_date(s.signed_on)})"
                                 for s in plan.signatures)
            else:
                text = self.tr("Nog niet ondertekend. Handtekeningen worden gezet bij "
                               "'Vaststellen'.")
            self.signatures.setText(text)
            self.notes.setPlainText(shown("safety_plan.professional_notes",
                                          plan.professional_notes))
        finally:
            self._loading = False
        self._apply_read_only()

    @staticmethod
    def _address(c: ContactDetails) -> str:
        return ", ".join(x for x in (c.address, f"{c.postcode} {c.city}".strip()) if x)

    def _show_conditions(self) -> None:
        plan = self.plan
        assert plan is not None
        goal_text = {g.id: g.text for g in plan.goals}
        t = self.conditions_table
        t.blockSignals(True)
        t.setRowCount(len(self.conditions))
        for r, view in enumerate(self.conditions):
            c = view.condition
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            # A voorwaarde VT withdrew stays in the list for the history, never as open.
            check.setCheckState(Qt.CheckState.Checked if c.id in plan.condition_ids
                                and c.withdrawn_on is None else Qt.CheckState.Unchecked)
            check.setData(ITEM_ROLE, c.id)
            check.setToolTip(self.tr("Hoort deze voorwaarde bij dit plan?"))
            t.setItem(r, 0, check)
            latest = c.latest_review
            state = (f"{REVIEW_WORDS[latest.status]} ({fmt_date(latest.on)})" if latest
                     else self.tr("nog niet beoordeeld"))
            if c.withdrawn_on is not None:
                state = self.tr("ingetrokken door Veilig Thuis op {d}").format(
                    d=fmt_date(c.withdrawn_on))
                check.setFlags(Qt.ItemFlag.NoItemFlags)
                check.setToolTip(self.tr("Ingetrokken: deze voorwaarde geldt niet meer."))
            goals = ", ".join(goal_text.get(g, "") for g in view.goal_ids if g in goal_text)
            for col, value in enumerate((c.text, f"{c.set_by}, {fmt_date(c.set_on)}", state,
                                         goals), start=1):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c.withdrawn_on is not None:  # muted: history, not something to meet
                    item.setForeground(colors.on_window(colors.MUTED))
                t.setItem(r, col, item)
        t.resizeColumnsToContents()
        _fit(t)
        t.blockSignals(False)

    def _show_goals(self) -> None:
        plan = self.plan
        assert plan is not None
        self.goals_tree.clear()
        for goal in plan.goals:
            top = QTreeWidgetItem(self.goals_tree, [self.tr("Doel: {t}").format(t=goal.text)])
            top.setData(0, ITEM_ROLE, ("goal", goal.id))
            for a in goal.agreements:
                item = QTreeWidgetItem(top, [a.what, a.who.name,
                                             fmt_date(a.by_when) or self.tr("doorlopend"),
                                             a.supervisor.name if a.supervisor else ""])
                item.setData(0, ITEM_ROLE, ("agreement", a.id))
                item.setToolTip(0, a.what)
        self.goals_tree.expandAll()
        lines = len(plan.goals) + len(plan.agreements())
        row = self.goals_tree.fontMetrics().height() + 6
        self.goals_tree.setFixedHeight(self.goals_tree.header().sizeHint().height() + 8 +
                                       row * max(2, lines))

    def _show_children(self) -> None:
        plan = self.plan
        assert plan is not None
        while self.children_layout.count():
            w = self.children_layout.takeAt(0).widget()
            if w:
                w.deleteLater()
        self._child_fields = []
        if not plan.children:
            self.children_layout.addWidget(QLabel(self.tr("Geen kinderen in dit plan.")))
        adults = tuple(p for p in self.parties.all()
                       if not p.is_child and not p.is_pleger and not p.is_threatening)
        for section in plan.children:
            box = QGroupBox(section.child.name, self.children_box)
            form = QFormLayout(box)
            about = text_box(box, self.tr("Wat is er afgesproken? In woorden voor een kind."), 2)
            about.setAccessibleName(self.tr("Uitleg voor {n}").format(n=section.child.name))
            about.setPlainText(section.about)  # the child's own words: the family may see them
            unsafe = text_box(box, self.tr("Wat doe jij als het niet veilig is? Eén per regel."),
                              2)
            unsafe.setAccessibleName(self.tr("Als het niet veilig is, voor {n}").format(
                n=section.child.name))
            unsafe.setPlainText("\n".join(section.if_unsafe))
            trusted = check_list(box, [(p.name, p) for p in adults], section.trusted_adults)
            trusted.setAccessibleName(self.tr("Vertrouwde volwassenen van {n}").format(
                n=section.child.name))
            trusted.setMaximumHeight(90)
            form.addRow(self.tr("Uitleg:"), about)
            form.addRow(self.tr("Als het niet veilig is:"), unsafe)
            form.addRow(self.tr("Grote mensen die je vertrouwt:"), trusted)
            about.textChanged.connect(self._sync_text)
            unsafe.textChanged.connect(self._sync_text)
            trusted.itemChanged.connect(lambda _i: self._sync_text())
            self._child_fields.append((section.child, about, unsafe, trusted))
            self.children_layout.addWidget(box)

    def _apply_read_only(self) -> None:
        """A vastgesteld version is read-only and says so; in huisbezoekmodus only the masked
        notes are (a mask must never be saved back over the real text)."""
        locked = self.read_only
        fields = [self.made_by, self.made_with, self.evaluate_with, self.warning_signs]
        for _child, about, unsafe, _trusted in self._child_fields:
            fields += [about, unsafe]
        for field in fields:
            home_visit.guard_field(field, False, locked, WHY_FROZEN)
        # Not typed with the family watching either, so read-only in the mode even when empty.
        masked = self.ctx.hides("safety_plan.professional_notes")
        home_visit.guard_field(self.notes, masked, locked, WHY_FROZEN)
        self.evaluate_on.setEnabled(not locked)
        for b in self._buttons:
            b.setEnabled(not locked)
        for _child, _about, _unsafe, trusted in self._child_fields:
            trusted.setEnabled(not locked)
        t = self.conditions_table
        t.blockSignals(True)
        for r in range(t.rowCount()):
            item = t.item(r, 0)
            if r < len(self.conditions) and self.conditions[r].condition.withdrawn_on:
                continue  # withdrawn: never ticked into a plan again
            flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if not locked else Qt.ItemFlag.ItemIsUserCheckable)
        t.blockSignals(False)

    # -- editing --------------------------------------------------------------------------------
    def _changed(self, plan: SafetyPlan) -> None:
        self.plan = plan
        self.edited.emit()

    def _sync_text(self) -> None:
        if self._loading or self.read_only or self.plan is None:
            return
        plan = self.plan
        children = []
        for section in plan.children:
            fields = next((f for f in self._child_fields if f[0].key == section.child.key), None)
            if fields is None:
                children.append(section)
                continue
            _c, about, unsafe, trusted = fields
            children.append(replace(section, about=about.toPlainText().strip(),
                                    if_unsafe=_lines(unsafe.toPlainText()),
                                    trusted_adults=tuple(checked_values(trusted))))
        notes = plan.professional_notes if self.notes.isReadOnly() else \
            self.notes.toPlainText().strip()
        self._changed(replace(
            plan,
            made_by=self.made_by.text().strip(),
            made_with=tuple(x.strip() for x in self.made_with.text().split(",") if x.strip()),
            warning_signs=_lines(self.warning_signs.toPlainText()),
            evaluate_on=self.evaluate_on.valid_value(plan.evaluate_on),
            evaluate_with=tuple(x.strip() for x in self.evaluate_with.text().split(",")
                                if x.strip()),
            children=tuple(children),
            professional_notes=notes,
        ))

    def _condition_toggled(self, item: QTableWidgetItem) -> None:
        if self._loading or self.read_only or self.plan is None or item.column() != 0:
            return
        ids = []
        for r in range(self.conditions_table.rowCount()):
            check = self.conditions_table.item(r, 0)
            if check.checkState() == Qt.CheckState.Checked:
                ids.append(int(check.data(ITEM_ROLE)))
        self._changed(replace(self.plan, condition_ids=tuple(ids)))

    def selected_condition(self) -> ConditionView | None:
        r = self.conditions_table.currentRow()
        return self.conditions[r] if 0 <= r < len(self.conditions) else None

    def _run(self, dialog: object) -> object:
        got: list[object] = []
        run_dialog(dialog, got.append)  # type: ignore[arg-type]
        return got[0] if got else None

    def add_goal(self) -> None:
        goal = self._run(GoalDialog(self.ctx, parent=self))
        if isinstance(goal, Goal) and self.plan:
            self.append_goal(goal)

    def append_goal(self, goal: Goal) -> None:
        assert self.plan is not None
        self._changed(replace(self.plan, goals=(*self.plan.goals, goal)))
        self._show_goals()

    def _selected_goal_id(self) -> str | None:
        item = self.goals_tree.currentItem()
        if item is None:
            return self.plan.goals[-1].id if self.plan and self.plan.goals else None
        if item.parent() is not None:
            item = item.parent()
        return item.data(0, ITEM_ROLE)[1]

    def add_agreement(self) -> None:
        goal_id = self._selected_goal_id()
        if goal_id is None:
            return
        agreement = self._run(AgreementDialog(self.ctx, self.parties.all(), parent=self))
        if agreement is not None:
            self.append_agreement(goal_id, agreement)  # type: ignore[arg-type]

    def append_agreement(self, goal_id: str, agreement: object) -> None:
        assert self.plan is not None
        goals = tuple(replace(g, agreements=(*g.agreements, agreement)) if g.id == goal_id
                      else g for g in self.plan.goals)
        self._changed(replace(self.plan, goals=goals))
        self._show_goals()

    def remove_goal_item(self) -> None:
        item = self.goals_tree.currentItem()
        if item is None or self.plan is None:
            return
        kind, item_id = item.data(0, ITEM_ROLE)
        if kind == "goal":
            goals = tuple(g for g in self.plan.goals if g.id != item_id)
        else:
            goals = tuple(replace(g, agreements=tuple(a for a in g.agreements
                                                      if a.id != item_id))
                          for g in self.plan.goals)
        self._changed(replace(self.plan, goals=goals))
        self._show_goals()

    def add_step(self) -> None:
        step = self._run(StepDialog(self.ctx, self.parties.members, parent=self))
        if step is not None:
            self.append("steps", step)

    def add_place(self) -> None:
        place = self._run(SafePlaceDialog(self.ctx, parent=self))
        if place is not None:
            self.append("safe_places", place)

    def person_dialog(self) -> SafePersonDialog:
        contacts = {p.party.key: p.contact for p in self.parties.contacts}
        return SafePersonDialog(self.ctx, self.parties.all(), contacts, parent=self)

    def add_person(self) -> None:
        person = self._run(self.person_dialog())
        if person is not None:
            self.append("safe_people", person)

    def append(self, field: str, item: object) -> None:
        assert self.plan is not None
        self._changed(replace(self.plan, **{field: (*getattr(self.plan, field), item)}))
        self.show_plan()

    def _remove_row(self, table: QTableWidget, field: str) -> None:
        r = table.currentRow()
        if self.plan is None or r < 0:
            return
        items = list(getattr(self.plan, field))
        if r < len(items):
            del items[r]
            self._changed(replace(self.plan, **{field: tuple(items)}))
            self.show_plan()

    def set_emergency(self, contacts: tuple[EmergencyContact, ...]) -> None:
        assert self.plan is not None
        self._changed(replace(self.plan, emergency_contacts=contacts))
        self.show_plan()

    def set_child(self, section: ChildSection) -> None:
        assert self.plan is not None
        children = tuple(section if c.child.key == section.child.key else c
                         for c in self.plan.children)
        self._changed(replace(self.plan, children=children))
        self.show_plan()

    def child_fields(self) -> list[tuple[PartyRef, QPlainTextEdit, QPlainTextEdit, object]]:
        return self._child_fields

    def check_trusted(self, index: int, adults: list[PartyRef]) -> None:
        set_checked(self._child_fields[index][3], adults)  # type: ignore[arg-type]
