"""Fixtures for the GUI tests: a vault in tmp_path with a cheap KDF and no keyring, a fake clock
(``clock``, ``paths`` and ``vault_service`` come from tests/conftest.py), and stand-in pages so the
shell is tested without the real dashboard and household screens."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Signal  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wijkteam_desk.services.vaults import VaultService  # noqa: E402
from wijkteam_desk.ui.context import AppContext  # noqa: E402
from wijkteam_desk.ui.main_window import MainWindow, PageFactories  # noqa: E402

PASSPHRASE = "correct paard batterij nietje"
HOUSEHOLD_NAME = "Gezin Zwanenburg-Okafor"
PERSON_NAMES = ("Ilse", "Zwanenburg", "Chidi", "Okafor")


@pytest.fixture
def service(vault_service) -> VaultService:
    """The root conftest's vault service: tmp_path home, fake clock, no keyring, cheap KDF."""
    return vault_service


@dataclass
class Seeded:
    household_id: int
    recovery_code: str


@pytest.fixture
def seeded(service) -> Seeded:
    """A closed vault with one household and two people in it."""
    workspace, code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht")
    hid = workspace.cases.create_household(HOUSEHOLD_NAME)
    workspace.cases.add_person(hid, "Ilse", "Zwanenburg", address="Lindelaan 4")
    workspace.cases.add_person(hid, "Chidi", "Okafor", phone="0612345678")
    workspace.lock()
    return Seeded(hid, code)


class StandInDashboard(QWidget):
    open_household = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.list = QListWidget()
        for row in ctx.workspace.cases.list_cases():
            self.list.addItem(f"{row.summary.household_id}: {row.summary.name}")
        QVBoxLayout(self).addWidget(self.list)


class StandInHousehold(QWidget):
    def __init__(self, ctx: AppContext, household_id: int) -> None:
        super().__init__()
        view = ctx.workspace.cases.open_file(household_id)
        self.tabs = QTabWidget()
        self.tabs.addTab(QLabel(view.file.household.name), "Overzicht")
        people = ", ".join(f"{p.given_name} {p.family_name}" for p in view.file.persons)
        self.tabs.addTab(QLabel(people), "Gezinsleden")
        self.tabs.addTab(QLineEdit(ctx.mask(view.file.persons[0].address)), "Plan")
        QVBoxLayout(self).addWidget(self.tabs)

    def current_tab(self) -> int:
        return self.tabs.currentIndex()

    def set_current_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)


@pytest.fixture
def stand_ins() -> PageFactories:
    return PageFactories(StandInDashboard, StandInHousehold)


@pytest.fixture
def make_window(qtbot, service, clock, stand_ins):
    def make(**kwargs) -> MainWindow:
        kwargs.setdefault("page_factories", stand_ins)
        kwargs.setdefault("watch_system", False)
        window = MainWindow(service, clock=clock, **kwargs)
        qtbot.addWidget(window)
        return window
    return make


@pytest.fixture
def unlocked(make_window, service, seeded) -> Iterator[MainWindow]:
    window = make_window()
    window.show()
    window.begin()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    assert not window.is_locked
    yield window
    window.lock()


def flush_deletes() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def visible_texts() -> list[str]:
    """Every string any live widget could show: labels, fields, buttons, titles, tips, items."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount()
            except TypeError:  # a list model hides columnCount
                columns = 1
            for r in range(model.rowCount()):
                for c in range(columns):
                    texts.append(str(model.data(model.index(r, c)) or ""))
    return texts
