"""Gezinsleden & netwerk: the members, their relationships over time, the network (helping or
threatening), the professionals involved, and the drawn family diagram."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services.cases import FileView
from .. import home_visit
from ..models.household import InvolvementsModel, MembersModel, NetworkModel, RelationshipsModel
from ..widgets.forms import run_dialog
from ..widgets.tables import selected_row, size_columns, table_view
from .common import FileHost
from .genogram import GenogramView
from .member_dialogs import (
    EndInvolvementDialog,
    InvolveDialog,
    MemberDialog,
    NetworkDialog,
    ProfessionalDialog,
    RelationshipDialog,
)

MEMBER_ROWS = 8     # members shown without scrolling, at most
MIN_DRAWING = 220   # pixels the family diagram keeps


def _page(parent: QWidget, view: QTableView, buttons: list[QPushButton]) -> QWidget:
    page = QWidget(parent)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 4, 4, 4)
    bar = QHBoxLayout()
    for b in buttons:
        bar.addWidget(b)
    bar.addStretch(1)
    layout.addLayout(bar)
    layout.addWidget(view, 1)
    return page


class MembersTab(QWidget):
    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.members_model = MembersModel(self)
        self.relationships_model = RelationshipsModel(self)
        self.network_model = NetworkModel(self)
        self.involvements_model = InvolvementsModel(self)

        self.members_view = table_view(self.members_model, self.tr("Gezinsleden"), self)
        self.members_view.doubleClicked.connect(lambda _i: self.edit_member())
        self.relationships_view = table_view(self.relationships_model, self.tr("Relaties"), self)
        self.network_view = table_view(self.network_model, self.tr("Netwerk"), self)
        self.involvements_view = table_view(self.involvements_model,
                                            self.tr("Hulpverleners"), self)

        add_member = self._button(self.tr("&Gezinslid toevoegen…"), self.add_member)
        edit_member = self._button(self.tr("Be&werken…"), self.edit_member,
                                   self.tr("Het gekozen gezinslid bewerken (of dubbelklik)"))
        add_rel = self._button(self.tr("&Relatie toevoegen…"), self.add_relationship,
                               self.tr("Partner, ex-partner, ouder – kind …, met begin en eind"))
        add_net = self._button(self.tr("&Netwerklid toevoegen…"), self.add_network,
                               self.tr("Iemand die helpt, of juist bedreigt"))
        self.add_network_button = add_net  # asks whether someone threatens: not in the mode
        add_pro = self._button(self.tr("Nieuwe h&ulpverlener…"), self.add_professional)
        involve = self._button(self.tr("Hulpverlener betre&kken…"), self.involve)
        end = self._button(self.tr("Betrokkenheid beëin&digen…"), self.end_involvement)

        self.inner = QTabWidget(self)
        self.inner.addTab(_page(self, self.members_view, [add_member, edit_member]),
                          self.tr("Gezinsleden"))
        self.inner.addTab(_page(self, self.relationships_view, [add_rel]), self.tr("Relaties"))
        self.inner.addTab(_page(self, self.network_view, [add_net]), self.tr("Netwerk"))
        self.inner.addTab(_page(self, self.involvements_view, [involve, add_pro, end]),
                          self.tr("Hulpverleners"))

        self.genogram = GenogramView(self)
        diagram = QGroupBox(self.tr("Gezinstekening"), self)
        box = QVBoxLayout(diagram)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.genogram)

        # The longest text of each column (or a number of characters): widths follow the font.
        phone = "+31 (0)30 123 45 67"
        for view, columns in ((self.members_view, (20, "00-00-0000", 26, "nee, elders", 28,
                                                   phone, "ja")),
                              (self.network_view, (22, 18, "bedreigend", phone, 32, "ja")),
                              (self.relationships_view, (22, 24, 22, "00-00-0000",
                                                         "00-00-0000")),
                              (self.involvements_view, (22, 22, 18, "00-00-0000",
                                                        "00-00-0000"))):
            size_columns(view, columns)

        self.split = QSplitter(Qt.Orientation.Vertical, self)
        split = self.split
        split.addWidget(self.inner)
        split.addWidget(diagram)
        split.setStretchFactor(0, 0)  # a bigger window goes to the drawing, the family's part
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([240, 480])  # until the members are known: see _fit_members
        self._split_moved = False
        split.splitterMoved.connect(self._user_moved_split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _button(self, text: str, slot, tip: str = "") -> QPushButton:
        b = QPushButton(text, self)
        if tip:
            b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    # -- showing --------------------------------------------------------------------------------
    def set_view(self, view: FileView, today: date, privacy: bool) -> None:
        file = view.file
        self.set_privacy(privacy, redraw=False)
        self.members_model.set_rows(file.persons)
        self.relationships_model.set_rows(file.relationships, file.persons)
        self.network_model.set_rows(file.network)
        self.involvements_model.set_rows(file, today)
        self.genogram.set_file(file, today, privacy)
        self._fit_members()

    def _user_moved_split(self, _pos: int, _index: int) -> None:
        self._split_moved = True

    def _fit_members(self) -> None:
        """Every member in view (up to ``MEMBER_ROWS``) above the drawing: at 1366×768 the
        list showed 4 of 6. Once the user moves the divider, their choice stays."""
        if self._split_moved:
            return
        view = self.members_view
        rows = min(max(self.members_model.rowCount(), 3), MEMBER_ROWS)
        table = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth() + \
            rows * view.verticalHeader().defaultSectionSize() + \
            view.horizontalScrollBar().sizeHint().height()
        around = self.inner.sizeHint().height() - view.sizeHint().height()
        total = sum(self.split.sizes()) or self.split.height()
        top = table + max(0, around)
        self.split.setSizes([top, max(total - top, MIN_DRAWING)])

    def set_privacy(self, on: bool, redraw: bool = True) -> None:
        for m in (self.members_model, self.network_model, self.involvements_model):
            m.set_privacy(on)
        home_visit.guard_action(self.add_network_button, home_visit.hides("network.stance", on))
        if redraw:
            self.genogram.set_privacy(on)

    # -- actions --------------------------------------------------------------------------------
    def add_member(self) -> None:
        run_dialog(MemberDialog(self.host.ctx, self.host.household_id, parent=self))

    def edit_member(self) -> None:
        row = selected_row(self.members_view)
        if row is None:
            return
        person = self.members_model.rows[row]
        run_dialog(MemberDialog(self.host.ctx, self.host.household_id, person, self))

    def add_relationship(self) -> None:
        if self.host.view and len(self.host.view.file.persons) >= 2:
            run_dialog(RelationshipDialog(self.host.ctx, self.host.view, self))

    def add_network(self) -> None:
        run_dialog(NetworkDialog(self.host.ctx, self.host.household_id, self))

    def add_professional(self) -> None:
        run_dialog(ProfessionalDialog(self.host.ctx, self))

    def involve(self) -> None:
        run_dialog(InvolveDialog(self.host.ctx, self.host.household_id, self))

    def end_involvement(self) -> None:
        row = selected_row(self.involvements_view)
        if row is None:
            return
        r = self.involvements_model.rows[row]
        who = r.professional.name if r.professional else "?"
        run_dialog(EndInvolvementDialog(self.host.ctx, self.host.household_id, r.id, who, self))
