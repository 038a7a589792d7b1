"""Fixtures for the GUI tests: a vault in tmp_path with a cheap KDF and no keyring, a fake clock
(``clock``, ``paths`` and ``vault_service`` come from tests/conftest.py), and stand-in pages so the
shell is tested without the real dashboard and household screens.

Every test here fails when an exception is raised in a Qt slot, a virtual override or an event
handler (``fail_on_slot_exceptions``): Qt cannot pass such an exception on, so PySide prints it
and carries on, and a user sees a traceback in the terminal and a screen half updated."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
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

from .driving import finish_background_work, settle  # noqa: E402
from .walker import app_texts  # noqa: E402

PASSPHRASE = "correct paard batterij nietje"
HOUSEHOLD_NAME = "Gezin Zwanenburg-Okafor"
PERSON_NAMES = ("Ilse", "Zwanenburg", "Chidi", "Okafor")


Caught = tuple[type[BaseException], BaseException, TracebackType | None]


@pytest.fixture(autouse=True)
def fail_on_slot_exceptions() -> Iterator[list[Caught]]:
    """Collects what PySide hands to ``sys.excepthook`` (an exception a slot raised) during the
    test, its fixtures' set-up and their tear-down, and fails the test with the tracebacks.
    Autouse and first, so it is torn down last: a slot that raises while a window is locked or
    deleted at the end of a test counts too. This does not depend on pytest-qt's own capture
    (which a test or an ini option can switch off)."""
    caught: list[Caught] = []
    previous = sys.excepthook

    def collect(kind: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
        caught.append((kind, value, tb))

    sys.excepthook = collect
    try:
        yield caught
    finally:
        sys.excepthook = previous
    if caught:
        text = "".join("".join(traceback.format_exception(*c)) for c in caught)
        pytest.fail(f"{len(caught)} exception(s) raised in a Qt slot or event handler:\n{text}",
                    pytrace=False)


@pytest.fixture(autouse=True)
def background_work(qtbot) -> Iterator[None]:
    """No worker thread outlives its test (tests/ui/driving.py): a test that leaves one running
    fails, and every worker is joined and its result delivered before the next test starts.
    Torn down after the test's own fixtures (they lock first), before qtbot closes widgets.
    The test's timers are stopped first (``stop_leftover_timers``)."""
    yield
    stop_leftover_timers()
    finish_background_work()


def stop_leftover_timers() -> None:
    """A test's widgets live on until Python collects them, and so do their timers: a checklist
    answered at the end of a test started its 800 ms autosave, which fired in the next test on a
    busy machine and reported that test's locked vault. Nothing of a test runs after it."""
    for widget in QApplication.topLevelWidgets():
        for timer in widget.findChildren(QTimer):
            timer.stop()


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


def submit_passphrase(gate, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    """Type the passphrase, press Ontgrendelen, and join the worker that tries it: when this
    returns the vault has opened or the panel says why not."""
    gate.passphrase.setText(passphrase)
    gate.submit()
    settle(gate.opener)


@pytest.fixture
def unlocked(make_window, service, seeded) -> Iterator[MainWindow]:
    window = make_window()
    window.show()
    window.begin()
    submit_passphrase(window.gate)
    assert not window.is_locked
    yield window
    window.lock()


def flush_deletes() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def visible_texts() -> list[str]:
    """Every string any live widget could show: labels, fields, buttons, titles, tips, items."""
    return app_texts()
