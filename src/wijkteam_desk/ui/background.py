"""Run a slow call in a worker thread; the result comes back on the UI thread.

The screen stays usable and keeps painting meanwhile (typing, scrolling, the panic key). Only
the newest call counts: a result of a call that was overtaken by a newer one is dropped, and so
is anything that arrives after the owner was destroyed (the vault was locked). A service call is
safe to run in a thread: the workspace lets one unit of work at a time use the vault
(``VaultGuard``) and refuses work after lock (``VaultLocked``, which ends a call quietly).

Every worker can be joined: ``BackgroundCall.wait()`` for one owner, ``join_workers()`` for all
(quitting, and the UI tests, which must not let a worker outlive the test that started it)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal, Slot

from ..domain.errors import VaultLocked, WijkteamError

OK, ERROR, LOCKED = "ok", "error", "locked"


class _Worker(threading.Thread):
    """One call in its own thread. ``returned`` is set as soon as the call is over; its result
    is then on its way to the UI thread."""

    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__(target=work, name="wijkteam-background", daemon=True)
        self.returned = threading.Event()


class _Relay(QObject):
    """The worker's voice. A QObject of its own rather than the owner's signals: when the owner
    is destroyed while the worker runs (a lock), Qt drops the queued result for the receiver
    that is gone, instead of the worker emitting on a deleted object."""

    arrived = Signal(int, str, object)  # (ticket, OK / ERROR / LOCKED, result or error)
    progressed = Signal(int, int, int)  # (ticket, done, total)


class BackgroundCall(QObject):
    finished = Signal(object)  # the result of the newest call
    # A WijkteamError the call raised. Not for VaultLocked (the lock says enough); an unexpected
    # exception arrives here as the general WijkteamError and is then raised for the error hook.
    failed = Signal(object)
    progress = Signal(int, int)  # (done, total) reported by the call

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticket = 0
        self._running = False
        self._again: Callable[..., Any] | None = None
        self._worker: _Worker | None = None

    @property
    def running(self) -> bool:
        """True from ``start`` until the newest call's outcome has reached the UI thread."""
        return self._running

    def start(self, call: Callable[..., Any], *, with_progress: bool = False) -> None:
        """Run ``call()`` (or ``call(progress=…)``) in a worker. While one runs, a new start
        waits for it and then runs once, with the newest call."""
        if self._running:
            self._again = call if not with_progress else _with_progress(call)
            return
        self._run(call if not with_progress else _with_progress(call))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the newest call's outcome has been delivered here (signals emitted),
        follow-up calls included. For quitting and tests; False when ``timeout`` ran out."""
        while self._running:
            worker = self._worker
            if worker is None:
                return False
            worker.join(timeout)
            if worker.is_alive():
                return False
            # The outcome is a queued call to this object: deliver it now.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
            if self._running and self._worker is worker:
                return False  # delivered elsewhere or lost: nothing more will come
        return True

    def _run(self, call: Callable[..., Any]) -> None:
        self._ticket += 1
        self._running = True
        ticket = self._ticket
        relay = _Relay()
        relay.arrived.connect(self._arrived)
        relay.progressed.connect(self._progressed)

        def report(done: int, total: int) -> None:
            relay.progressed.emit(ticket, done, total)

        def work() -> None:
            try:
                value = call(report) if getattr(call, "wants_progress", False) else call()
                kind = OK
            except VaultLocked:
                kind, value = LOCKED, None  # locked meanwhile: nothing to show
            except Exception as exc:  # noqa: BLE001 - told to the owner; a bug is also raised
                kind, value = ERROR, exc
            worker.returned.set()
            relay.arrived.emit(ticket, kind, value)

        worker = _Worker(work)
        self._worker = worker
        worker.start()

    @Slot(int, int, int)
    def _progressed(self, ticket: int, done: int, total: int) -> None:
        if ticket == self._ticket:
            self.progress.emit(done, total)

    @Slot(int, str, object)
    def _arrived(self, ticket: int, kind: str, value: object) -> None:
        if ticket != self._ticket:
            return
        self._running = False
        again, self._again = self._again, None
        if kind == LOCKED:
            return  # the vault is closed: a follow-up call would find it closed too
        if again is not None:  # data changed while this call ran: its result is already old
            self._run(again)
            return
        if kind == OK:
            self.finished.emit(value)
        elif isinstance(value, WijkteamError):
            self.failed.emit(value)
        else:
            # A bug or an OS error: the owner gets the general Dutch message and its screen
            # back, then the app's error hook reports the exception itself.
            self.failed.emit(WijkteamError())
            raise value  # type: ignore[misc]


def live_workers() -> list[_Worker]:
    """Worker threads that have not ended yet (some may only be handing over their result)."""
    return [t for t in threading.enumerate() if isinstance(t, _Worker) and t.is_alive()]


def join_workers(timeout: float | None = None) -> list[_Worker]:
    """On the UI thread: wait for every worker thread to end (each up to ``timeout`` seconds)
    and deliver the outcomes of those whose owners still live. Returns the workers still
    running (none, unless the timeout ran out)."""
    for worker in live_workers():
        worker.join(timeout)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
    return live_workers()


def _with_progress(call: Callable[..., Any]) -> Callable[..., Any]:
    def run(report: Callable[[int, int], None]) -> Any:
        return call(progress=report)

    run.wants_progress = True  # type: ignore[attr-defined]
    return run
