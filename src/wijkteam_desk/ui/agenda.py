"""The monitoring agenda: moments overdue, due this week and due this month, for every household
(closed ones too: closing a case keeps its monitoring open). Enter or a double-click opens the
household on its Monitoring tab. The main window's menu entries are in ui/menus.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..domain.monitoring import Bucket
from .context import AppContext
from .models.monitoring import HOUSEHOLD_ROLE, ID_ROLE, AgendaModel
from .widgets.tables import size_columns, table_view

# The longest text of each column (or a number of characters): widths follow the font.
COLUMNS = ("Deze maand", 26, 34, "00-00-0000", "999 dagen")


class AgendaDialog(QDialog):
    open_moment = Signal(object, object)  # household id, moment id (64-bit in a team)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Agenda monitoring"))
        self.setAccessibleName(self.tr("Agenda monitoring"))
        title = QLabel(self.tr("Monitoringmomenten"), self)
        font = title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)
        self.counts = QLabel(self)
        self.counts.setAccessibleName(self.tr("Aantallen"))
        intro = QLabel(self.tr("Momenten die te laat zijn, deze week of deze maand. Ook van "
                               "gesloten gezinnen. Dubbelklik of Enter opent het gezin."), self)
        intro.setWordWrap(True)
        self.model = AgendaModel(self)
        self.table = table_view(self.model, self.tr("Monitoringmomenten"), self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        size_columns(self.table, COLUMNS, bold=(0,))  # "Te laat" is bold
        # Wide enough for every column (they follow the text size), the regisseur's included.
        columns = sum(self.table.columnWidth(c) for c in range(len(COLUMNS)))
        self.resize(max(960, columns + self.fontMetrics().averageCharWidth() * 24 + 60), 520)
        self.table.activated.connect(self._activated)
        self.table.setToolTip(self.tr("Enter of dubbelklik opent het gezin op het tabblad "
                                      "Monitoring"))
        self.empty = QLabel(self.tr("Geen momenten te laat of deze maand."), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.counts, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        ctx.data_changed.connect(self._on_changed)  # a bound slot: disconnects when deleted
        self.refresh()

    def _on_changed(self, _kind: str, _household_id: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.ctx.workspace is None:  # locked while open
            return
        items = self.ctx.attempt(self, self.ctx.workspace.monitoring.agenda)
        if items is None:
            return
        self.model.set_rows(items)
        n = self.model.counts()
        self.counts.setText(self.tr("{late} te laat · {week} deze week · {month} deze maand")
                            .format(late=n[Bucket.ACHTERSTALLIG], week=n[Bucket.DEZE_WEEK],
                                    month=n[Bucket.DEZE_MAAND]))
        self.empty.setVisible(not items)

    def _activated(self, index: QModelIndex) -> None:
        hid, mid = index.data(HOUSEHOLD_ROLE), index.data(ID_ROLE)
        if hid is not None:
            self.open_moment.emit(int(hid), int(mid))


def _show_on_monitoring_tab(window: Any, moment_id: int) -> None:
    """After the main window opened a household: go to its Monitoring tab and the moment."""
    from .household.monitoring_tab import MonitoringTab

    host = getattr(window, "_household", None)
    tabs = getattr(getattr(host, "page", None), "tabs", None)
    if tabs is None:
        return
    for i in range(tabs.count()):
        tab = tabs.widget(i)
        if isinstance(tab, MonitoringTab):
            tabs.setCurrentIndex(i)
            tab.select_moment(moment_id)


def open_agenda(window: Any) -> AgendaDialog | None:
    if window.ctx is None:
        return None
    dialog = AgendaDialog(window.ctx, window)

    def go(household_id: int, moment_id: int) -> None:
        if window.open_household(household_id):
            _show_on_monitoring_tab(window, moment_id)
            dialog.accept()

    dialog.open_moment.connect(go)
    window._keep(dialog).show()  # closed and deleted with the lock
    return dialog


def open_overview(window: Any) -> QDialog | None:
    from .monitoring_overview import MonitoringOverviewDialog

    if window.ctx is None:
        return None
    dialog = MonitoringOverviewDialog(window.ctx, window)
    window._keep(dialog).show()
    return dialog
