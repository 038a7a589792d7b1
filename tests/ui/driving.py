"""Time in the UI tests is driven, never waited for (STYLE.md 14): a timer is fired by the test,
a worker thread is joined and its result delivered, and Qt's own event passes are run until
something is true, counted in passes, not seconds. So a busy machine only makes a test slower,
never red. The ``background_work`` fixture (tests/ui/conftest.py) fails a test that leaves a
worker running and joins it, so nothing of one test lands in the next."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from wijkteam_desk.ui.background import BackgroundCall, join_workers, live_workers

# Only a guard against a deadlock, never the expected duration: a worker that is joined has
# finished whatever the machine's speed; this many seconds means it never will.
DEADLOCK_SECONDS = 300


def fire(timer: QTimer) -> None:
    """Let a running single-shot timer expire now, as if its interval had passed."""
    assert timer.isActive(), "the timer is not running: nothing would happen"
    if timer.isSingleShot():
        timer.stop()
    timer.timeout.emit()


def settle(*calls: BackgroundCall) -> None:
    """Join the workers of these calls and deliver their outcomes (follow-up calls too)."""
    for call in calls:
        assert call.wait(DEADLOCK_SECONDS), "a background call did not finish"


def _started_here(call: BackgroundCall) -> bool:
    """Running, and started in this test: a widget an earlier test left for Qt to delete
    comes back with a fresh wrapper (no Python state) and started nothing here."""
    return "_running" in vars(call) and call.running


def settle_loads(window: QWidget, rounds: int = 20) -> None:
    """Join every background call of ``window``'s widgets and deliver its outcome, again while
    a delivered outcome started another (the dashboard's load starts Vandaag's): what an
    unlock set going is done when this returns, however slow the machine."""
    for _ in range(rounds):
        running = [c for c in window.findChildren(BackgroundCall) if _started_here(c)]
        if not running:
            return
        settle(*running)
    raise AssertionError(f"still loading after {rounds} rounds")


def settle_all() -> None:
    """Join every worker thread (e.g. after a lock cut their owners off) and deliver what
    is still queued for owners that live."""
    assert not join_workers(DEADLOCK_SECONDS), "a worker thread did not finish"


def drive_until(condition: Callable[[], object], passes: int = 200) -> None:
    """Run Qt's event passes until ``condition()`` holds (window activation, a lazy layout).
    Counted in passes, so the outcome does not depend on how fast the machine is."""
    for _ in range(passes):
        if condition():
            return
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert condition(), f"not true after {passes} event passes"


def unsettled_work() -> list[str]:
    """What a test left running: worker threads still inside their call, and background calls
    of live widgets whose outcome has not been delivered."""
    left = [f"{w.name}: still inside its call" for w in live_workers()
            if not w.returned.is_set()]
    for top in QApplication.topLevelWidgets():
        for call in top.findChildren(BackgroundCall):
            if _started_here(call):
                owner = call.parent()
                left.append(f"{type(owner).__name__}: outcome not delivered")
    return left


def finish_background_work() -> None:
    """The teardown of ``background_work``: fail on unsettled work, but join it first."""
    left = unsettled_work()
    settle_all()
    if left:
        pytest.fail("the test left background work running; wait for it with settle(call) "
                    "or settle_all(): " + "; ".join(left), pytrace=False)
