"""BackgroundCall: the worker's outcome comes back on the UI thread, or not at all when the
vault was locked or the owner is gone; every worker can be joined, and the UI tests fail when
one is left running. Workers are joined here, never waited for with a clock."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from wijkteam_desk.domain.errors import NotFound, VaultLocked, WijkteamError
from wijkteam_desk.ui.background import BackgroundCall, live_workers

from .driving import settle, settle_all, unsettled_work


def _collect(call: BackgroundCall) -> tuple[list[object], list[object]]:
    results: list[object] = []
    failures: list[object] = []
    call.finished.connect(results.append)
    call.failed.connect(failures.append)
    return results, failures


def test_the_result_arrives_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    results, failures = _collect(call)
    threads: list[threading.Thread] = []

    def work() -> int:
        threads.append(threading.current_thread())
        return 42

    call.start(work)
    assert call.running
    settle(call)
    assert results == [42] and failures == [] and not call.running
    assert threads[0] is not threading.main_thread()


def test_a_call_that_finds_the_vault_locked_ends_quietly(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    results, failures = _collect(call)

    def locked() -> None:
        raise VaultLocked()

    call.start(locked)
    settle(call)
    assert not call.running  # was left True for good before
    assert results == [] and failures == []
    call.start(lambda: "weer open")  # and the next call runs
    settle(call)
    assert results == ["weer open"]


def test_a_refusal_is_told_to_the_owner(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    results, failures = _collect(call)

    def missing() -> None:
        raise NotFound()

    call.start(missing)
    settle(call)
    assert [type(f) for f in failures] == [NotFound] and results == []


def test_an_unexpected_error_gives_the_owner_failed_and_is_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    results, failures = _collect(call)

    def broken() -> None:
        raise OSError("schijf weg")

    with qtbot.capture_exceptions() as exceptions:
        call.start(broken)
        settle(call)
    assert [type(f) for f in failures] == [WijkteamError]  # the general Dutch message
    assert [type(e[1]) for e in exceptions] == [OSError]  # and the error hook sees the bug
    assert not call.running


def test_the_newest_call_wins_and_progress_is_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    call = BackgroundCall()
    results, _ = _collect(call)
    steps: list[tuple[int, int]] = []
    call.progress.connect(lambda done, total: steps.append((done, total)))
    release = threading.Event()

    def first(progress) -> str:  # type: ignore[no-untyped-def]
        progress(1, 2)
        release.wait()
        return "oud"

    def newest(progress) -> str:  # type: ignore[no-untyped-def]
        progress(2, 2)
        return "nieuw"

    call.start(first, with_progress=True)
    call.start(lambda: "tussendoor")  # overtaken before it ran
    call.start(newest, with_progress=True)
    release.set()
    settle(call)
    assert results == ["nieuw"]
    assert steps[-1] == (2, 2)


def test_nothing_arrives_after_the_owner_is_destroyed(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    call = BackgroundCall(owner)
    results, failures = _collect(call)
    inside, release = threading.Event(), threading.Event()

    def slow() -> str:
        inside.set()
        release.wait()
        return "te laat"

    with qtbot.capture_exceptions() as exceptions:
        call.start(slow)
        inside.wait()
        owner.deleteLater()  # the vault was locked: the page that started the call is gone
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        release.set()
        settle_all()
    assert results == [] and failures == [] and exceptions == []
    assert live_workers() == []


def test_a_worker_left_running_is_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What the ``background_work`` fixture fails a test for, and what settling clears."""
    from PySide6.QtWidgets import QWidget

    page = QWidget()
    qtbot.addWidget(page)
    call = BackgroundCall(page)
    release = threading.Event()
    call.start(lambda: release.wait())
    left = unsettled_work()
    assert any("still inside its call" in line for line in left)
    assert any("outcome not delivered" in line for line in left)
    release.set()
    settle(call)
    assert unsettled_work() == []
