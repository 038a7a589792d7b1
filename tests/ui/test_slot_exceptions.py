"""A slot that raises fails the test (tests/ui/conftest.py ``fail_on_slot_exceptions``), and the
screens that used to raise no longer do: after a household was opened a second time, every F9
printed "Internal C++ object … already deleted" from lambdas the first, deleted page had left
connected to ``ctx.privacy_changed`` (STYLE.md rule 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from wijkteam_desk.ui.context import MASK
from wijkteam_desk.ui.household.page import HouseholdPage

from .conftest import flush_deletes
from .content_fixtures import ctx, family  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PROBE = "WIJKTEAM_DESK_SLOT_PROBE"


class _Emitter(QObject):
    fired = Signal()


@pytest.mark.skipif(not os.environ.get(PROBE), reason="only run by the test below, in a subprocess")
def test_probe_a_slot_raises() -> None:
    emitter = _Emitter()
    emitter.fired.connect(lambda: 1 / 0)
    emitter.fired.emit()  # PySide prints the ZeroDivisionError and carries on


def test_an_exception_in_a_slot_fails_the_test() -> None:
    """Run the probe in a pytest of its own, with pytest-qt's capture switched off: the suite's
    own guard must fail it, and show the traceback."""
    env = {**os.environ, PROBE: "1", "QT_QPA_PLATFORM": "offscreen"}
    node = f"{Path(__file__).relative_to(ROOT)}::test_probe_a_slot_raises"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-o", "qt_no_exception_capture=true",
         "-q", node], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "1 exception(s) raised in a Qt slot or event handler" in out
    assert "ZeroDivisionError: division by zero" in out
    assert "ERROR at teardown of test_probe_a_slot_raises" in out


def test_privacy_after_a_household_was_opened_twice(ctx, family, qtbot,  # noqa: F811
                                                    fail_on_slot_exceptions) -> None:
    first = HouseholdPage(ctx, family.household_id)
    first.deleteLater()
    flush_deletes()
    page = HouseholdPage(ctx, family.household_id)
    qtbot.addWidget(page)
    ctx.set_privacy(True)
    ctx.set_privacy(False)
    ctx.set_privacy(True)
    assert fail_on_slot_exceptions == []
    members = page.members.members_model
    assert members.text(0, members.COL_ADDRESS) == MASK  # the live page still follows F9


def test_exchange_dialog_closed_then_privacy(ctx, qtbot, fail_on_slot_exceptions) -> None:  # noqa: F811
    from wijkteam_desk.ui.exchange import ExchangeDialog

    dialog = ExchangeDialog(ctx)
    dialog.deleteLater()
    flush_deletes()
    ctx.set_privacy(True)
    assert fail_on_slot_exceptions == []
