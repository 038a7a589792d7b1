"""Run a slow service call in a worker thread; the result comes back on the UI thread.

The screen stays usable meanwhile (typing, scrolling, the panic key). Only the newest call
counts: a result of a call that was overtaken by a newer one is dropped, and so is anything that
arrives after the owner was destroyed (the vault was locked). The service call itself is safe to
run in a thread: the workspace lets one unit of work at a time use the vault (``VaultGuard``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..domain.errors import VaultLocked, WijkteamError


class BackgroundCall(QObject):
    finished = Signal(object)  # the result of the newest call
    failed = Signal(object)  # the WijkteamError it raised (not VaultLocked: the lock says enough)
    progress = Signal(int, int)  # (done, total) reported by the call

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticket = 0
        self._running = False
        self._again: Callable[..., Any] | None = None
        # Emitted in the worker, received here on the UI thread (a queued connection).
        self._relay.connect(self._arrived)
        self._relay_progress.connect(self._progressed)

    _relay = Signal(int, bool, object)  # (ticket, ok, result or error)
    _relay_progress = Signal(int, int, int)  # (ticket, done, total)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, call: Callable[..., Any], *, with_progress: bool = False) -> None:
        """Run ``call()`` (or ``call(progress=…)``) in a worker. While one runs, a new start
        waits for it and then runs once, with the newest call."""
        if self._running:
            self._again = call if not with_progress else _with_progress(call)
            return
        self._run(call if not with_progress else _with_progress(call))

    def _run(self, call: Callable[..., Any]) -> None:
        self._ticket += 1
        self._running = True
        ticket = self._ticket
        relay, relay_progress = self._relay, self._relay_progress

        def report(done: int, total: int) -> None:
            _emit(relay_progress, ticket, done, total)

        def work() -> None:
            try:
                value = call(report) if getattr(call, "wants_progress", False) else call()
            except VaultLocked:
                return  # locked meanwhile: the owner is gone or going
            except WijkteamError as exc:
                _emit(relay, ticket, False, exc)
            except Exception as exc:  # noqa: BLE001 - shown as the general error, not swallowed
                _emit(relay, ticket, False, exc)
            else:
                _emit(relay, ticket, True, value)

        threading.Thread(target=work, name="wijkteam-background", daemon=True).start()

    def _progressed(self, ticket: int, done: int, total: int) -> None:
        if ticket == self._ticket:
            self.progress.emit(done, total)

    def _arrived(self, ticket: int, ok: bool, value: object) -> None:
        if ticket != self._ticket:
            return
        self._running = False
        again, self._again = self._again, None
        if again is not None:  # data changed while this call ran: its result is already old
            self._run(again)
            return
        if ok:
            self.finished.emit(value)
        elif isinstance(value, WijkteamError):
            self.failed.emit(value)
        else:
            raise value  # type: ignore[misc]  # a bug: let the app's error hook report it


def _with_progress(call: Callable[..., Any]) -> Callable[..., Any]:
    def run(report: Callable[[int, int], None]) -> Any:
        return call(progress=report)

    run.wants_progress = True  # type: ignore[attr-defined]
    return run


def _emit(signal: Any, *args: object) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the owner was destroyed (vault locked): nobody is waiting
        pass
