"""The household file: a header and four tabs. Refreshes itself when ``ctx.data_changed`` names
this household, and re-masks on ``ctx.privacy_changed``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ...domain.model import HouseholdStatus
from ...services.cases import FileView
from ...texts import PHASES
from ..context import AppContext
from ..widgets import colors
from ..widgets.dates import fmt_date
from .attachments_tab import AttachmentsTab
from .exchange_tab import ExchangeTab
from .members import MembersTab
from .monitoring_tab import MonitoringTab
from .overview import OverviewTab
from .plan import PlanTab
from .safety_plan_tab import SafetyPlanTab
from .safety_tab import SafetyTab
from .team_bar import TeamBar
from .timeline import TimelineTab


class HouseholdPage(QWidget):
    TAB_OVERVIEW, TAB_MEMBERS, TAB_PLAN, TAB_TIMELINE = range(4)

    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self._view: FileView | None = None

        self.title = QLabel(self)
        self.title.setAccessibleName(self.tr("Naam van het gezin"))
        font = self.title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.subtitle.setAccessibleName(self.tr("Status en fase"))
        self.privacy_label = QLabel(self.tr("Huisbezoekmodus: gevoelige gegevens verborgen"),
                                    self)
        self.privacy_label.setStyleSheet(colors.banner_css(
            colors.WARN, "padding: 3px 8px; border-radius: 4px;"))
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.subtitle, 1)
        header.addWidget(self.privacy_label)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Onderdelen van het dossier"))
        self.overview = OverviewTab(self, self.tabs)
        self.members = MembersTab(self, self.tabs)
        self.plan = PlanTab(self, self.tabs)
        self.timeline = TimelineTab(self, self.tabs)
        self.attachments = AttachmentsTab(self, self.tabs)
        for i, (tab, label) in enumerate(((self.overview, self.tr("Overzicht")),
                                          (self.members, self.tr("Gezinsleden && netwerk")),
                                          (self.plan, self.tr("Plan")),
                                          (self.timeline, self.tr("Tijdlijn")),
                                          (MonitoringTab(ctx, household_id, self.tabs),
                                           self.tr("Monitoring")),
                                          (SafetyTab(ctx, household_id, self.tabs),
                                           self.tr("Zicht op veiligheid")),
                                          (SafetyPlanTab(ctx, household_id, self.tabs),
                                           self.tr("Veiligheidsplan")),
                                          (ExchangeTab(ctx, household_id, self.tabs),
                                           self.tr("VT-uitwisseling")),
                                          (self.attachments, self.tr("Documenten")))):
            self.tabs.addTab(tab, label)
            self.tabs.setTabToolTip(i, self.tr("Ctrl+{n}").format(n=i + 1))
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=i: self.set_current_tab(i))

        # In a team: "Alleen lezen — dossierhouder: …" and the handover (household/team_bar.py)
        self.team_bar = TeamBar(ctx, household_id, self.tabs, self)
        self.tabs.currentChanged.connect(self._rescan_read_only)
        self.team_bar.lifted.connect(self.refresh)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.team_bar)
        layout.addWidget(self.tabs, 1)

        ctx.data_changed.connect(self._on_data_changed)
        ctx.privacy_changed.connect(self._on_privacy)
        self.attachments.summary_changed.connect(self._on_documents)
        self.refresh(purpose="bekijken")

    # -- the FileHost the tabs use ----------------------------------------------------------------
    @property
    def view(self) -> FileView | None:
        return self._view

    def today(self) -> date:
        return self.ctx.workspace.clock.today()

    # -- contract with the main window ------------------------------------------------------------
    def current_tab(self) -> int:
        return self.tabs.currentIndex()

    def set_current_tab(self, i: int) -> None:
        if 0 <= i < self.tabs.count():
            self.tabs.setCurrentIndex(i)

    # -- refreshing -------------------------------------------------------------------------------
    def refresh(self, purpose: str = "bijwerken") -> None:
        view = self.ctx.attempt(self, lambda: self.ctx.workspace.cases.open_file(
            self.household_id, purpose))
        if view is None:
            return
        self._view = view
        today, privacy = self.today(), self.ctx.privacy
        h = view.file.household
        self.title.setText(h.name)
        if h.status is HouseholdStatus.OPEN:
            status = self.tr("Open sinds {d}").format(d=fmt_date(h.opened_on))
        else:
            status = self.tr("Gesloten op {d}").format(d=fmt_date(h.closed_on))
        vt = self.tr(" · van Veilig Thuis ({nr})").format(nr=h.vt_case_number or "—") \
            if h.from_vt else ""
        self.subtitle.setText(f"{status} · {self.tr('Fase')}: {PHASES[h.phase.value]}{vt}")
        self.privacy_label.setVisible(privacy)
        self.overview.set_view(view, today, privacy)
        self.members.set_view(view, today, privacy)
        self.plan.set_view(view, today, privacy)
        self.timeline.set_view(view, today, privacy)
        self.attachments.refresh()
        self.team_bar.refresh(h.name)  # a colleague's: its fields read-only (ReadOnlyGuard)

    def _rescan_read_only(self, _index: int) -> None:
        self.team_bar.guard.rescan()

    def _on_documents(self, count: int) -> None:
        index = self.tabs.indexOf(self.attachments)
        self.tabs.setTabText(index, self.tr("Documenten ({n})").format(n=count) if count
                             else self.tr("Documenten"))

    def _on_data_changed(self, kind: str, household_id: int) -> None:
        if household_id == self.household_id:
            self.refresh()
        elif kind == "team" and household_id == 0:  # a sync: the banner may have changed
            self.team_bar.refresh()
        else:
            self.team_bar.guard.rescan()

    def _on_privacy(self, on: bool) -> None:
        self.privacy_label.setVisible(on)
        if self._view is None:
            return
        today = self.today()
        self.overview.set_view(self._view, today, on)  # a colleague's fields stay read-only
        self.members.set_privacy(on)
        self.plan.set_privacy(on)
        self.timeline.set_privacy(on)
