"""What the main window hosts: the page factories (the real Vandaag, dashboard and household
screens by default, stand-ins in tests), the household page's frame with the way back, and
``NavState``, the only thing about the open screens that survives a lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .context import AppContext


@dataclass(frozen=True)
class NavState:
    """Where the user was; plain data, so it can outlive a lock."""

    household_id: int | None = None
    tab: int = 0
    caseload: bool = False  # on the caseload rather than Vandaag (when no household is open)
    from_today: bool = False  # the open household was reached from Vandaag


@dataclass(frozen=True)
class PageFactories:
    dashboard: Callable[[AppContext], QWidget]
    household: Callable[[AppContext, int], QWidget]
    today: Callable[[AppContext], QWidget] | None = None  # None: the caseload comes first


def _placeholder(text: str) -> QWidget:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _real_dashboard(ctx: AppContext) -> QWidget:
    try:
        from .dashboard import DashboardPage
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.dashboard":
            raise
        return _placeholder("Het overzicht is in deze versie nog niet beschikbaar.")
    return DashboardPage(ctx)


def _real_household(ctx: AppContext, household_id: int) -> QWidget:
    try:
        from .household.page import HouseholdPage
    except ModuleNotFoundError as exc:
        if exc.name not in (f"{__package__}.household", f"{__package__}.household.page"):
            raise
        return _placeholder("Het gezinsdossier is in deze versie nog niet beschikbaar.")
    return HouseholdPage(ctx, household_id)


def _real_today(ctx: AppContext) -> QWidget:
    from .today import TodayPage  # the services it uses load with the vault, not at start

    return TodayPage(ctx)


def default_page_factories() -> PageFactories:
    return PageFactories(_real_dashboard, _real_household, _real_today)


class HouseholdHost(QWidget):
    """A household page with the way back to the overview above it."""

    back_requested = Signal()

    def __init__(self, page: QWidget, household_id: int, to_today: bool = False) -> None:
        super().__init__()
        self.page = page
        self.household_id = household_id
        self.to_today = to_today
        if to_today:  # opened from Vandaag: back is back there
            self.back_button = QPushButton(self.tr("← &Terug naar Vandaag"))
            self.back_button.setAccessibleName(self.tr("Terug naar Vandaag"))
            self.back_button.setToolTip(self.tr("Terug naar Vandaag (Alt+Pijl links)"))
        else:
            self.back_button = QPushButton(self.tr("← &Terug naar overzicht"))
            self.back_button.setAccessibleName(self.tr("Terug naar overzicht"))
            self.back_button.setToolTip(self.tr("Terug naar het overzicht van alle gezinnen "
                                                "(Alt+Pijl links)"))
        self.back_button.clicked.connect(self.back_requested)
        back = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 0)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(page, 1)

    def focus_page(self) -> None:
        """Keyboard focus into the page (its tab bar when it has tabs: arrows then walk them)."""
        tabs = getattr(self.page, "tabs", None)
        target = tabs.tabBar() if isinstance(tabs, QTabWidget) else self.page
        if target.focusPolicy() == Qt.FocusPolicy.NoFocus:
            self.page.setFocus(Qt.FocusReason.OtherFocusReason)
            self.page.focusNextChild()
        else:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_tab(self) -> int:
        getter = getattr(self.page, "current_tab", None)
        return int(getter()) if callable(getter) else 0

    def set_current_tab(self, index: int) -> None:
        setter = getattr(self.page, "set_current_tab", None)
        if callable(setter):
            setter(index)
