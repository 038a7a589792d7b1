"""BackgroundCall: slow service calls in a worker, results on the UI thread, newest only."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread

from wijkteam_desk.domain.errors import NotFound, VaultLocked, WijkteamError
from wijkteam_desk.ui.background import BackgroundCall


def test_the_result_arrives_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    ran_in: list[object] = []
    arrived_in: list[object] = []
    call.finished.connect(lambda value: arrived_in.append((value, QThread.currentThread())))
    with qtbot.waitSignal(call.finished, timeout=5000):
        call.start(lambda: ran_in.append(threading.current_thread()) or 42)
    assert ran_in[0] is not threading.main_thread()
    assert arrived_in == [(42, QObject().thread())]
    assert not call.running


def test_a_call_asked_for_while_one_runs_follows_and_only_the_newest_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    release = threading.Event()
    results: list[object] = []
    call.finished.connect(results.append)
    call.start(lambda: release.wait(10) and "oud")
    call.start(lambda: "tussen")
    call.start(lambda: "nieuw")  # replaces "tussen": it never runs
    release.set()
    qtbot.waitUntil(lambda: not call.running, timeout=5000)
    assert results == ["nieuw"]


def test_errors_are_told_and_a_locked_vault_is_silent(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    failures: list[object] = []
    call.failed.connect(failures.append)

    def locked() -> None:
        raise VaultLocked()

    call.start(locked)
    qtbot.waitUntil(lambda: not call.running, timeout=5000)  # locked: no message, not stuck

    def missing() -> None:
        raise NotFound()

    with qtbot.waitSignal(call.failed, timeout=5000):
        call.start(missing)
    assert [type(f) for f in failures] == [NotFound]


def test_an_unexpected_error_gives_the_screen_back_and_is_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    failures: list[object] = []
    call.failed.connect(failures.append)

    def broken() -> None:
        raise OSError("schijf weg")

    with qtbot.capture_exceptions() as exceptions:
        call.start(broken)
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert type(failures[0]) is WijkteamError  # the general Dutch message
    assert [type(e[1]) for e in exceptions] == [OSError]
    assert not call.running
