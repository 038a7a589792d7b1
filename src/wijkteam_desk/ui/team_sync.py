"""Team sync by itself (issue 16): at unlock, shortly after each change (debounced), every few
minutes, and when the team folder reappears (a USB stick, a VPN share). The sync runs in a
worker thread, so the window never waits for the folder; its result comes back on the UI thread
and becomes the status line ("Laatst gesynchroniseerd …", what came in, what was refused).

The timers are the controller's own ``QTimer``s with intervals given by the caller
(``SyncIntervals``): tests fire them by hand (``timeout.emit()``) and ``join()`` the worker, so
nothing waits on real time. Locking calls ``stop()`` before the vault closes and ``join()``
after: no sync thread outlives the open vault, and a result that arrives late is dropped."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.errors import VaultLocked, WijkteamError
from ..texts import error_text
from ..texts_team import TEAM_REASONS
from .context import AppContext

if TYPE_CHECKING:
    from ..services.team import SyncResult

log = logging.getLogger(__name__)

# The team's codes say what to type on the command line; in the app the next step is a button.
APP_TEXTS = {
    "not_in_team": "Deze laptop hoort nog niet bij een team. Maak een team of sluit je aan "
                   "(Extra → Team).",
    "invalid_member": "Je naam of functie kan zo niet in het team. Vul je naam en functie in "
                      "bij Instellingen en probeer het opnieuw.",
    "not_a_member": "Je staat nog niet in het team in deze map. Geef je aanmeldbestand aan je "
                    "teamleider; probeer het opnieuw als die je heeft toegevoegd.",
    "wrong_key": "In het team staan andere sleutels voor jou dan deze laptop heeft. Maak een "
                 "nieuw aanmeldbestand voor je teamleider.",
    "member_unknown": "Niemand in het team past bij '{member}'. Kies een collega uit de lijst.",
    "member_ambiguous": "Meer collega's passen bij '{member}'. Kies een collega uit de lijst.",
    "reassign_own": "Dit gezin is van jou. Geef het door met 'Overdragen aan collega…'.",
    "review_unknown": "Deze late wijziging is er niet meer. Sluit dit venster; de lijst is "
                      "bijgewerkt.",
    "review_item_unknown": "Een onderdeel hoort niet meer bij deze late wijziging. Sluit dit "
                           "venster en open het opnieuw.",
}


def team_error_text(error: WijkteamError) -> str:
    template = APP_TEXTS.get(getattr(error, "code", ""))
    if template is None:
        return error_text(error)
    try:
        return template.format(**error.facts)
    except (KeyError, IndexError):
        return template


TEAM_CHANGE = "team"  # ``ctx.changed`` kind for what a sync brought: never starts a sync itself


@dataclass(frozen=True)
class SyncIntervals:
    after_change_ms: int = 5_000  # a burst of edits becomes one sync
    every_ms: int = 3 * 60_000
    folder_check_ms: int = 15_000  # is the folder back? (only a directory test)


class TeamSyncController(QObject):
    """One per open vault. ``status_changed`` carries the Dutch status line; ``synced`` the
    ``SyncResult`` of each finished sync (on the UI thread)."""

    status_changed = Signal(str)
    synced = Signal(object)
    _relay = Signal(int, bool, object)  # (run, ok, result or error), from the worker

    def __init__(self, ctx: AppContext, intervals: SyncIntervals | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.intervals = intervals or SyncIntervals()
        self.status = ""
        self.last_result: SyncResult | None = None
        self._thread: threading.Thread | None = None
        self._run = 0
        self._again = False
        self._active = False
        self._folder = ""
        self._folder_present = True
        self._team_name = ""
        self.after_change = self._timer(self.intervals.after_change_ms, single=True)
        self.every = self._timer(self.intervals.every_ms)
        self.folder_check = self._timer(self.intervals.folder_check_ms)
        self.after_change.timeout.connect(self.sync_now)
        self.every.timeout.connect(self.sync_now)
        self.folder_check.timeout.connect(self.check_folder)
        self._relay.connect(self._finished)
        ctx.data_changed.connect(self._on_data_changed)

    def _timer(self, interval: int, single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(single)
        return timer

    # -- starting and stopping ---------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> bool:
        """At unlock and after joining or making a team: sync now and keep syncing. Does
        nothing (False) while this laptop is in no team."""
        if self._active or self.ctx.workspace is None:
            return self._active
        status = self.ctx.attempt(None, self.ctx.workspace.team.status)
        if status is None or not status.in_team:
            return False
        self._active = True
        self._folder = status.folder
        self._folder_present = status.folder_present
        self._team_name = status.team_name  # still said after the roster dropped us
        self.every.start()
        self.folder_check.start()
        self.sync_now()
        return True

    def stop(self) -> None:
        """Stop the timers and drop whatever a running sync still brings (the vault locks)."""
        self._active = False
        self._again = False
        self._run += 1
        for timer in (self.after_change, self.every, self.folder_check):
            timer.stop()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the worker (tests, and the lock once the vault is closed)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    # -- triggers ----------------------------------------------------------------------------
    def _on_data_changed(self, kind: str, household_id: int) -> None:
        if self._active and kind != TEAM_CHANGE:
            self.after_change.start()  # (re)started: the sync follows the last change

    def check_folder(self) -> None:
        """A folder that reappears is synced at once; a folder that went is said quietly."""
        if not self._active:
            return
        present = Path(self._folder).is_dir() if self._folder else False
        was, self._folder_present = self._folder_present, present
        if present and not was:
            self.sync_now()
        elif was and not present:
            self._say(self.tr("Teammap niet bereikbaar ({folder}). Je werk blijft bewaard; "
                              "synchroniseren gaat vanzelf verder als de map er weer is.")
                      .format(folder=self._folder))

    def sync_now(self) -> None:
        """Start a sync in the worker; while one runs, one more follows it."""
        if not self._active or self.ctx.workspace is None:
            return
        if self.running:
            self._again = True
            return
        self._run += 1
        run, relay, team = self._run, self._relay, self.ctx.workspace.team

        def work() -> None:
            try:
                result = team.sync()
            except VaultLocked:
                return  # locked meanwhile: nobody waits for this result
            except WijkteamError as exc:
                _emit(relay, run, False, exc)
            except Exception as exc:  # noqa: BLE001 - said in the status line; type only logged
                log.error("team sync failed: %s", type(exc).__name__)
                _emit(relay, run, False, exc)
            else:
                _emit(relay, run, True, result)

        self._thread = threading.Thread(target=work, name="wijkteam-team-sync", daemon=True)
        self._thread.start()

    # -- the result --------------------------------------------------------------------------
    def _finished(self, run: int, ok: bool, value: object) -> None:
        if run != self._run or not self._active or self.ctx.workspace is None:
            return
        if self._again:
            self._again = False
            self.join()  # it has emitted its result: ends at once
            self.sync_now()
        if not ok:
            self._say(self.tr("Synchroniseren lukte niet: {reason}").format(
                reason=team_error_text(value) if isinstance(value, WijkteamError)
                else self.tr("er ging iets mis. Probeer het later opnieuw.")))
            return
        result: SyncResult = value  # type: ignore[assignment]
        self.last_result = result
        self._folder = result.folder
        self._folder_present = result.status != "waiting"
        self._say(status_text(result, self._team_name))
        if result.status in ("ok", "removed"):  # removed: the colleagues' copies went
            self.ctx.changed(TEAM_CHANGE, 0)  # the caseload and banners: owners, handovers
            for household in result.households:
                self.ctx.changed(TEAM_CHANGE, household)
        self.synced.emit(result)

    def _say(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)


def local_time(at: datetime) -> str:
    """A moment stored in UTC, as the user's clock shows it."""
    aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    return aware.astimezone().strftime("%d-%m-%Y %H:%M")


def status_text(result: SyncResult, team_name: str = "") -> str:
    """The status line for a finished sync, in the user's local time."""
    if result.status == "waiting":
        return (f"Teammap niet bereikbaar ({result.folder}). Je werk blijft bewaard; "
                "synchroniseren gaat vanzelf verder als de map er weer is.")
    if result.status == "removed":  # the honest client has let go of the colleagues' copies
        team = f" {team_name}" if team_name else ""
        return (f"Je bent geen lid meer van het team{team}; de gezinnen van je collega's zijn "
                "van deze laptop verwijderd. Vraag je teamleider wat er is gebeurd.")
    parts = [f"Laatst gesynchroniseerd {local_time(result.at)}"]
    if result.applied:
        parts.append(f"{result.applied} binnengekomen")
    if result.sent:
        parts.append(f"{result.sent} verstuurd")
    if result.refused:
        reasons = sorted({TEAM_REASONS.get(r.reason, r.reason) for r in result.refused})
        parts.append(f"{len(result.refused)} geweigerd ({'; '.join(reasons)})")
    if result.late_changes:
        parts.append(f"{result.late_changes} ter beoordeling")
    return " · ".join(parts)


def _emit(signal: Any, *args: object) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the controller was destroyed (window closed): nobody is waiting
        pass
