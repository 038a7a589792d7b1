"""Vandaag: the screen to start the day with, shown first after unlocking (issue 13, part 2).

Three groups, *te laat*, *vandaag* and *deze week*: dated items from the caseload table first
(one quick read, ``AgendaService.dated``), then the signals and due checklists when the caseload's
rules have run (``AgendaService.signals``, shared with the dashboard). Both in worker threads, so
the window never waits. Enter or a double-click opens the household on the right tab. In
huisbezoekmodus the family's own words (actions, agreements, conditions, names in a signal) are
hidden; what kind of item it is stays readable."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..agenda_texts import BUCKETS, KINDS, TABS, item_text, later_label, todo_text
from ..domain.agenda import DEFAULT_DAYS, Agenda, DueBucket, DueItem, DueKind, FileTab
from ..domain.errors import WijkteamError
from ..services.agenda import DatedPart, combine
from .background import BackgroundCall
from .context import MASK, AppContext
from .widgets import colors
from .widgets.dates import fmt_date

COL_DATE, COL_HOUSEHOLD, COL_WHAT, COL_WHO, COL_TAB = range(5)
HEADERS = ("Datum", "Gezin", "Wat", "Wie", "Opent")
WIDTHS = (200, 220, 500, 140)
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
# Items whose own words may name people or say what happened: hidden in huisbezoekmodus.
PRIVATE_KINDS = (DueKind.VOLGENDE_ACTIE, DueKind.PLANAFSPRAAK, DueKind.VOORWAARDE,
                 DueKind.SIGNAAL)
_WEEKDAYS = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
           "december").split()


def long_date(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_text(item: DueItem, today: date) -> str:
    late = item.days_overdue(today)
    if item.kind is DueKind.SIGNAAL:
        return "nu"
    if late:
        return f"{fmt_date(item.due_on)} ({late} d te laat)"
    return fmt_date(item.due_on)


def line_texts(item: DueItem, today: date, privacy: bool) -> tuple[str, str, str, str, str]:
    """What one line shows, column by column."""
    hidden = privacy and item.kind in PRIVATE_KINDS
    what = f"{KINDS[item.kind.value]}: {MASK}" if hidden else item_text(item)
    who = MASK if hidden and item.who else item.who
    return (date_text(item, today), item.household, what, who, TABS[item.tab.value])


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

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels([self.tr(h) for h in HEADERS])
        self.tree.setAccessibleName(self.tr("Wat er moet gebeuren"))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        for col, width in enumerate(WIDTHS):
            self.tree.setColumnWidth(col, width)
        self.tree.itemActivated.connect(self._activated)
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

    def _on_privacy(self, _on: bool) -> None:
        self._show()

    # -- showing ----------------------------------------------------------------------------------
    def _show(self) -> None:
        if self._part is None:
            return
        self.agenda = combine(self._part, self._signals or ())
        agenda, privacy = self.agenda, self.ctx.privacy
        self.date_label.setText(long_date(agenda.today))
        pending = self._signals is None
        counts = self.tr("{late} te laat · {today} vandaag · {week} {later}").format(
            late=agenda.count(DueBucket.TE_LAAT), today=agenda.count(DueBucket.VANDAAG),
            week=agenda.count(DueBucket.DEZE_WEEK), later=later_label(self.days).lower())
        self.counts.setText(counts + (self.tr(" · signalen laden…") if pending else ""))
        expanded = self._expanded()
        self.tree.clear()
        for bucket in DueBucket:
            items = agenda.groups.get(bucket, ())
            label = later_label(self.days) if bucket is DueBucket.DEZE_WEEK \
                else BUCKETS[bucket.value]
            group = QTreeWidgetItem(self.tree, [f"{label} ({len(items)})"])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                          self.tr("{label}: {n} regels").format(label=label, n=len(items)))
            for item in items:
                line = QTreeWidgetItem(group, list(line_texts(item, agenda.today, privacy)))
                line.setData(0, ITEM_ROLE, item)
                todo = todo_text(item)
                if todo and not privacy:
                    line.setToolTip(COL_WHAT, todo)
                if bucket is DueBucket.TE_LAAT:
                    line.setForeground(COL_DATE, QBrush(colors.on_window(colors.DANGER)))
            group.setExpanded(expanded.get(bucket.value, True))
        nothing = not agenda.items
        self.empty.setVisible(nothing and not pending)
        self.empty.setText(self.tr("Niets te laat, niets voor vandaag en niets in de komende "
                                   "dagen. Kijk bij Alle gezinnen voor de rest."))

    def _expanded(self) -> dict[str, bool]:
        out = {}
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out[list(DueBucket)[i].value] = group.isExpanded()
        return out

    def lines(self) -> list[tuple[str, ...]]:
        """Every line as shown, group titles included (tests read this instead of pixels)."""
        out: list[tuple[str, ...]] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out.append((group.text(0),))
            for j in range(group.childCount()):
                child = group.child(j)
                out.append(tuple(child.text(c) for c in range(len(HEADERS))))
        return out

    def focus_first(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group.childCount():
                self.tree.setCurrentItem(group.child(0))
                break
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _activated(self, line: QTreeWidgetItem, _column: int) -> None:
        item = line.data(0, ITEM_ROLE)
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
