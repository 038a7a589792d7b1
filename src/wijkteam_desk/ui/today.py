"""Vandaag: the screen to start the day with, shown first after unlocking (issue 13, part 2).

Three groups, *te laat*, *vandaag* and *deze week*: dated items from the caseload table first
(one quick read, ``AgendaService.dated``), then the signals and due checklists when the caseload's
rules have run (``AgendaService.signals``, shared with the dashboard). Both in worker threads, so
the window never waits. Enter or a double-click opens the household on the right tab. In
huisbezoekmodus (``ui/home_visit.py``) the next action's words are masked and signals and the
closing date left out; what kind of item a line is stays readable."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..agenda_texts import later_label
from ..domain.agenda import DEFAULT_DAYS, Agenda, DueBucket, DueItem, FileTab
from ..domain.errors import WijkteamError
from ..services.agenda import DatedPart, combine
from .background import BackgroundCall
from .context import AppContext
from .models.today import BUCKET_ROLE, ITEM_ROLE, TodayModel

WIDTHS = (200, 220, 500, 140)
_WEEKDAYS = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
           "december").split()


def long_date(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


class TodayPage(QWidget):
    open_item = Signal(object, str, object)  # household id (64 bits in a team), tab, ref
    show_caseload = Signal()
    loaded = Signal()  # after the signals have reached the screen too

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 days: int = DEFAULT_DAYS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.days = days
        self._part: DatedPart | None = None
        self._signals: tuple[DueItem, ...] | None = None
        self.agenda: Agenda | None = None
        self._stale = True
        self.dated_loader = BackgroundCall(self)
        self.dated_loader.finished.connect(self._dated_loaded)
        self.dated_loader.failed.connect(self._failed)
        self.dated_loader.progress.connect(self._progress)
        self.signals_loader = BackgroundCall(self)
        self.signals_loader.finished.connect(self._signals_loaded)
        self.signals_loader.failed.connect(self._failed)

        title = QLabel(self.tr("Vandaag"), self)
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        self.date_label = QLabel(self)
        self.date_label.setAccessibleName(self.tr("Datum van vandaag"))
        self.counts = QLabel(self)
        self.counts.setAccessibleName(self.tr("Aantallen"))
        self.caseload_button = QPushButton(self.tr("&Alle gezinnen →"), self)
        self.caseload_button.setToolTip(self.tr("Naar het overzicht van alle gezinnen (Ctrl+O)"))
        self.caseload_button.clicked.connect(self.show_caseload)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.date_label)
        top.addSpacing(12)
        top.addWidget(self.counts, 1)
        top.addWidget(self.caseload_button)
        intro = QLabel(self.tr("Wat te laat is, wat vandaag moet en wat deze week komt. Enter of "
                               "dubbelklik opent het gezin op het juiste tabblad."), self)
        intro.setWordWrap(True)

        self.model = TodayModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Wat er moet gebeuren"))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)  # tens of thousands of lines stay quick
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        for col, width in enumerate(WIDTHS):
            self.tree.setColumnWidth(col, width)
        # The longest date a line can have, at the font in use (125 % text too), after the two
        # levels of indentation (group, line): "28-11-2025 (359 d te laat)" was cut at 200 px.
        longest = self.tree.fontMetrics().horizontalAdvance("28-11-2025 (9999 d te laat)")
        self.tree.setColumnWidth(0, max(WIDTHS[0], longest + 2 * self.tree.indentation() + 16))
        self.tree.activated.connect(self._activated)  # Enter and double-click
        self.tree.setToolTip(self.tr("Enter of dubbelklik opent het gezin"))
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)

        ctx.data_changed.connect(self._on_data_changed)  # bound slots: end with this page
        ctx.privacy_changed.connect(self._on_privacy)
        self.refresh()

    # -- loading ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Dated items first (quick), then the signals; the lines on screen stay meanwhile."""
        self._stale = False
        if self.agenda is None:
            self.counts.setText(self.tr("Laden…"))
        days, agenda = self.days, self.ctx.workspace.agenda  # bound now: the worker must not
        # look at ctx later (a lock empties it; the locked service then says VaultLocked)
        self.dated_loader.start(lambda progress=None: agenda.dated(days, progress),
                                with_progress=True)

    @property
    def is_loaded(self) -> bool:
        """Both parts are on screen and nothing newer is on its way."""
        return (self._signals is not None and not self.dated_loader.running
                and not self.signals_loader.running)

    def _progress(self, done: int, total: int) -> None:
        self.counts.setText(self.tr("Gezinnen voorbereiden: {done} van {total}…").format(
            done=done, total=total))

    def _dated_loaded(self, part: object) -> None:
        assert isinstance(part, DatedPart)
        self._part = part
        if self._signals is not None:  # keep yesterday's signals out of today's screen
            self._signals = tuple(i for i in self._signals if i.due_on <= part.until)
        self._show()
        if self.ctx.workspace is None:  # locked while the dated part came in
            return
        agenda = self.ctx.workspace.agenda
        self.signals_loader.start(lambda: agenda.signals(part.today, part.until))

    def _signals_loaded(self, signals: object) -> None:
        self._signals = tuple(signals)  # type: ignore[call-overload]
        self._show()
        self.loaded.emit()

    def _failed(self, error: WijkteamError) -> None:
        self._stale = True
        if self.agenda is None:
            self.counts.setText(self.tr("Niet geladen."))
        self.ctx.report(self, error)

    def _on_data_changed(self, _kind: str, _household_id: int) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_privacy(self, on: bool) -> None:
        self._show()  # the mode leaves some lines out: counts and groups change with it

    # -- showing ----------------------------------------------------------------------------------
    def _show(self) -> None:
        if self._part is None:
            return
        self.agenda = combine(self._part, self._signals or ())
        agenda = self.agenda
        self.date_label.setText(long_date(agenda.today))
        pending = self._signals is None
        folded = self._folded()
        self.model.set_agenda(agenda, self.days, self.ctx.privacy)
        counts = self.tr("{late} te laat · {today} vandaag · {week} {later}").format(
            late=self.model.count(DueBucket.TE_LAAT), today=self.model.count(DueBucket.VANDAAG),
            week=self.model.count(DueBucket.DEZE_WEEK), later=later_label(self.days).lower())
        self.counts.setText(counts + (self.tr(" · signalen laden…") if pending else ""))
        for row in range(self.model.rowCount()):
            group = self.model.index(row, 0)
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            self.tree.setExpanded(group, group.data(BUCKET_ROLE) not in folded)
        self.empty.setVisible(not agenda.items and not pending)
        self.empty.setText(self.tr("Niets te laat, niets voor vandaag en niets in de komende "
                                   "dagen. Kijk bij Alle gezinnen voor de rest."))

    def _folded(self) -> set[str]:
        """The groups the user folded, kept across a refresh."""
        return {str(self.model.index(r, 0).data(BUCKET_ROLE))
                for r in range(self.model.rowCount())
                if not self.tree.isExpanded(self.model.index(r, 0))}

    def set_group_expanded(self, bucket: DueBucket, on: bool) -> None:
        for r in range(self.model.rowCount()):
            group = self.model.index(r, 0)
            if group.data(BUCKET_ROLE) == bucket.value:
                self.tree.setExpanded(group, on)

    def lines(self) -> list[tuple[str, ...]]:
        """Every line as shown, group titles included (tests read this instead of pixels)."""
        return self.model.lines()

    def focus_first(self) -> None:
        """The keyboard on the first line (of the first group that has one)."""
        for r in range(self.model.rowCount()):
            group = self.model.index(r, 0)
            if self.model.rowCount(group):
                self.tree.setExpanded(group, True)
                self.tree.setCurrentIndex(self.model.index(0, 0, group))
                break
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _activated(self, index: QModelIndex) -> None:
        item = index.siblingAtColumn(0).data(ITEM_ROLE)
        if isinstance(item, DueItem):
            self.open_item.emit(item.household_id, item.tab.value, item.ref)


def show_part(window: Any, tab: str, ref: object) -> None:
    """After the main window opened a household: the tab a Vandaag line is about (found by the
    tab's class, so a new tab elsewhere does not shift it), and on Monitoring the moment."""
    from .household.monitoring_tab import MonitoringTab
    from .household.overview import OverviewTab
    from .household.plan import PlanTab
    from .household.safety_plan_tab import SafetyPlanTab
    from .household.safety_tab import SafetyTab

    wanted = {FileTab.OVERZICHT.value: OverviewTab, FileTab.PLAN.value: PlanTab,
              FileTab.MONITORING.value: MonitoringTab, FileTab.ZICHT.value: SafetyTab,
              FileTab.VEILIGHEIDSPLAN.value: SafetyPlanTab}.get(tab)
    host = getattr(window, "_household", None)
    tabs = getattr(getattr(host, "page", None), "tabs", None)
    if tabs is None or wanted is None:
        return
    for i in range(tabs.count()):
        widget = tabs.widget(i)
        if isinstance(widget, wanted):
            tabs.setCurrentIndex(i)
            if isinstance(widget, MonitoringTab) and isinstance(ref, int):
                widget.select_moment(ref)
            return
