"""Plan: the one plan van aanpak. Goals by phase, then for the whole family and per person, each
with its actions (wat, wie, wanneer, status). Below: every child who is victim or witness, with
the offer for that child or the recorded reason why there is none (rule 8)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Person, Phase, PlanStatus, Role
from ...services.cases import FileView
from ...texts import PHASES, PLAN_STATUSES
from ..widgets import colors
from ..widgets.dates import fmt_date
from ..widgets.fields import combo, select_data
from ..widgets.forms import run_dialog
from .common import FileHost
from .plan_dialogs import ActionDialog, ChildOfferDialog, GoalDialog

GOAL_ROLE = Qt.ItemDataRole.UserRole + 1


def children_needing_offer(view: FileView, today: date) -> list[Person]:
    """Rule 8: every child who is victim or witness."""
    return [p for p in view.file.persons if p.is_child_on(today) and
            (p.has_role(Role.SLACHTOFFER) or p.has_role(Role.GETUIGE))]


class PlanTab(QWidget):
    COL_TEXT, COL_WHO, COL_DUE, COL_STATUS = range(4)

    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self._view: FileView | None = None
        bar = QHBoxLayout()
        add_goal = QPushButton(self.tr("&Doel toevoegen…"), self)
        add_goal.setToolTip(self.tr("Een doel voor het hele gezin of voor één persoon"))
        add_goal.clicked.connect(self.add_goal)
        self.add_action_button = QPushButton(self.tr("&Actie toevoegen…"), self)
        self.add_action_button.setToolTip(self.tr("Een actie bij het gekozen doel"))
        self.add_action_button.clicked.connect(self.add_action)
        bar.addWidget(add_goal)
        bar.addWidget(self.add_action_button)
        bar.addStretch(1)

        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Plan van aanpak"))
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("Doel / actie"), self.tr("Wie"),
                                   self.tr("Wanneer"), self.tr("Status")])
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 150), (2, 100), (3, 120)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.tree.setColumnWidth(col, width)
        self.tree.itemDoubleClicked.connect(lambda _i, _c: self.add_action())

        children_box = QGroupBox(self.tr("Kinderen: een eigen aanbod voor elk kind dat "
                                         "slachtoffer of getuige is"), self)
        self.children_table = QTableWidget(0, 4, children_box)
        self.children_table.setAccessibleName(self.tr("Aanbod voor kinderen"))
        self.children_table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Rol"), self.tr("Aanbod of besluit"), ""])
        self.children_table.verticalHeader().setVisible(False)
        self.children_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.children_table.setTabKeyNavigation(False)
        ch = self.children_table.horizontalHeader()
        ch.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.children_table.setColumnWidth(0, 190)
        self.children_table.setColumnWidth(1, 160)
        self.children_table.setColumnWidth(3, 190)
        self.no_children = QLabel(self.tr("Geen kinderen die slachtoffer of getuige zijn."),
                                  children_box)
        cl = QVBoxLayout(children_box)
        cl.addWidget(self.no_children)
        cl.addWidget(self.children_table)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tree)
        split.addWidget(children_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    # -- showing --------------------------------------------------------------------------------
    def set_view(self, view: FileView, today: date, privacy: bool) -> None:
        self._view, self._today = view, today
        scroll = self.tree.verticalScrollBar().value()
        self.tree.clear()
        file = view.file
        bold = QFont(self.font())
        bold.setBold(True)
        for phase in Phase:
            goals = [g for g in file.goals if g.phase is phase]
            current = phase is file.household.phase
            label = PHASES[phase.value] + (self.tr("  (huidige fase)") if current else "")
            top = QTreeWidgetItem(self.tree, [label])
            top.setFont(0, bold)
            top.setFirstColumnSpanned(True)
            if not goals:
                QTreeWidgetItem(top, [self.tr("Nog geen doelen in deze fase.")]).setForeground(
                    0, QBrush(colors.on_window(colors.MUTED)))
            groups: list[tuple[str, list]] = [
                (self.tr("Hele gezin"), [g for g in goals if g.person_id is None])]
            for p in file.persons:
                mine = [g for g in goals if g.person_id == p.id]
                if mine:
                    groups.append((p.full_name, mine))
            for who, group in groups:
                if not group:
                    continue
                person_item = QTreeWidgetItem(top, [who])
                person_item.setFirstColumnSpanned(True)
                italic = QFont(self.font())
                italic.setItalic(True)
                person_item.setFont(0, italic)
                for g in group:
                    gi = QTreeWidgetItem(person_item, [self.tr("Doel: {t}").format(t=g.text)])
                    gi.setData(0, GOAL_ROLE, g.id)
                    gi.setFont(0, bold)
                    gi.setToolTip(0, g.text)
                    self._status_combo(gi, g.status, lambda s, gid=g.id: self.set_goal_status(
                        gid, s), self.tr("Status van het doel"))
                    for a in g.actions:
                        ai = QTreeWidgetItem(gi, [a.what, a.who, fmt_date(a.due)])
                        ai.setData(0, GOAL_ROLE, g.id)
                        ai.setToolTip(0, a.what)
                        late = a.due and a.due < today and a.status in (PlanStatus.OPEN,
                                                                        PlanStatus.BEZIG)
                        if late:
                            ai.setForeground(2, QBrush(colors.on_window(colors.DANGER)))
                            ai.setToolTip(2, self.tr("Datum is verstreken"))
                        self._status_combo(ai, a.status, lambda s, aid=a.id:
                                           self.set_action_status(aid, s),
                                           self.tr("Status van de actie"))
            top.setExpanded(True)
        self.tree.expandAll()
        self.tree.verticalScrollBar().setValue(scroll)
        self._fill_children(view, today, privacy)

    def _status_combo(self, item: QTreeWidgetItem, status: PlanStatus, on_change,
                      name: str) -> None:
        box = combo(self.tree, ((PLAN_STATUSES[s.value], s) for s in PlanStatus))
        box.setAccessibleName(name)
        select_data(box, status)
        box.currentIndexChanged.connect(lambda _i, b=box: on_change(b.currentData()))
        self.tree.setItemWidget(item, self.COL_STATUS, box)

    def status_combo(self, item: QTreeWidgetItem) -> QComboBox:
        widget = self.tree.itemWidget(item, self.COL_STATUS)
        assert isinstance(widget, QComboBox)
        return widget

    def _fill_children(self, view: FileView, today: date, privacy: bool) -> None:
        kids = children_needing_offer(view, today)
        self.no_children.setVisible(not kids)
        self.children_table.setVisible(bool(kids))
        self.children_table.setRowCount(len(kids))
        ctx = self.host.ctx
        self.children_table.setColumnHidden(1, ctx.hides("person.roles"))
        for row, child in enumerate(kids):
            offers = view.file.offers_for(child.id)
            roles = [] if ctx.hides("person.roles") else [
                w for w, r in ((self.tr("slachtoffer"), Role.SLACHTOFFER),
                               (self.tr("getuige"), Role.GETUIGE)) if child.has_role(r)]
            self.children_table.setItem(row, 0, QTableWidgetItem(child.full_name))
            self.children_table.setItem(row, 1, QTableWidgetItem(", ".join(roles)))
            if not offers:
                text = self.tr("⚠ Nog geen aanbod en geen besluit vastgelegd")
            else:
                o = offers[-1]
                if o.is_offer:
                    since = self.tr(", sinds {d}").format(d=fmt_date(o.start)) if o.start else ""
                    by = f" ({o.provider})" if o.provider else ""
                    text = self.tr("Aanbod: {d}{by}{since}").format(d=o.description, by=by,
                                                                   since=since)
                else:
                    text = self.tr("Geen aanbod. Reden: {r}").format(
                        r=ctx.shown("child_offer.no_offer_reason", o.no_offer_reason))
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if not offers:
                item.setForeground(QBrush(colors.on_window(colors.DANGER)))
            self.children_table.setItem(row, 2, item)
            button = QPushButton(self.tr("Aanbod vastleggen…"), self.children_table)
            button.setAccessibleName(self.tr("Aanbod vastleggen voor {n}").format(
                n=child.full_name))
            button.clicked.connect(lambda _c=False, p=child: self.record_offer(p))
            self.children_table.setCellWidget(row, 3, button)

    def children_rows(self) -> list[tuple[str, str]]:
        t = self.children_table
        return [(t.item(r, 0).text(), t.item(r, 2).text()) for r in range(t.rowCount())]

    # -- actions --------------------------------------------------------------------------------
    def selected_goal(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, GOAL_ROLE) if item else None

    def add_goal(self) -> None:
        if self._view:
            file = self._view.file
            run_dialog(GoalDialog(self.host.ctx, file.household.id, file.persons,
                                  file.household.phase, parent=self))

    def add_action(self) -> None:
        if self._view and self._view.file.goals:
            run_dialog(ActionDialog(self.host.ctx, self.host.household_id, self._view.file.goals,
                                    self.selected_goal(), self))

    def record_offer(self, child: Person) -> None:
        run_dialog(ChildOfferDialog(self.host.ctx, self.host.household_id, child, self))

    def set_action_status(self, action_id: int, status: PlanStatus) -> None:
        ctx = self.host.ctx
        if ctx.attempt(self, lambda: ctx.workspace.cases.set_action_status(action_id, status)
                       or True):
            ctx.changed("plan", self.host.household_id)

    def set_goal_status(self, goal_id: int, status: PlanStatus) -> None:
        ctx = self.host.ctx
        if ctx.attempt(self, lambda: ctx.workspace.cases.update_goal(goal_id, status=status)
                       or True):
            ctx.changed("plan", self.host.household_id)

    def set_privacy(self, on: bool) -> None:
        if self._view:
            self._fill_children(self._view, self._today, on)
