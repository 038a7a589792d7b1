"""Growing delays after wrong passphrases, remembered across restarts (R8).

The state file holds only a count and a time, nothing personal. It is a speed bump for someone at
the keyboard, not a barrier: deleting the file resets the count, and the Argon2id cost is what
stops an offline attack on a copied key file (docs/security.md). So the file is read
defensively: garbage counts as no failures, a count or time that could not have been written by
us is clamped, and the wait is never longer than ``MAX_DELAY`` — a planted ``last_failure`` in
the future (or a clock that was wrong) must not lock the right passphrase out for years."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..domain.errors import AttemptsFileUnusable, TooManyAttempts
from ..files import write_private

FREE_ATTEMPTS = 3
MAX_DELAY = timedelta(minutes=15)
_MAX_DOUBLINGS = 16  # 5 s × 2**16 is far beyond MAX_DELAY; keeps the arithmetic small
_MAX_FAILURES = 1_000_000


def delay_after(failures: int) -> timedelta:
    """No wait for the first few mistakes, then 5 s, 10 s, 20 s, … up to 15 minutes."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    doublings = min(failures - FREE_ATTEMPTS, _MAX_DOUBLINGS)
    return min(MAX_DELAY, timedelta(seconds=5 * 2**doublings))


class UnlockThrottle:
    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self._path = path
        self._now = now

    def _unusable(self) -> AttemptsFileUnusable:
        return AttemptsFileUnusable(file=str(self._path))

    def _load(self) -> tuple[int, datetime | None]:
        if self._path.is_dir():
            raise self._unusable()
        try:
            data = json.loads(self._path.read_text("utf-8"))
        except FileNotFoundError:
            return 0, None
        except PermissionError as exc:
            raise self._unusable() from exc
        except (OSError, ValueError):  # garbage (not UTF-8, not JSON) counts as no failures
            return 0, None
        if not isinstance(data, dict):
            return 0, None
        failures, stamp = data.get("failures"), self._stamp(data.get("last_failure"))
        if not isinstance(failures, int) or isinstance(failures, bool) or stamp is None:
            return 0, None
        failures = max(0, min(failures, _MAX_FAILURES))
        now = self._now()
        if stamp > now:
            # A time in the future counts as now, and is written down as now: otherwise the
            # wait would start again at every look and never end.
            stamp = now
            self._save(failures, stamp)
        return failures, stamp

    @staticmethod
    def _stamp(value: object) -> datetime | None:
        if not isinstance(value, str):
            return None
        try:
            stamp = datetime.fromisoformat(value)
        except ValueError:
            return None
        # we write aware times; a bare one is read as UTC
        return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)

    def _save(self, failures: int, last: datetime) -> None:
        payload = {"failures": failures, "last_failure": last.isoformat()}
        try:
            write_private(self._path, json.dumps(payload).encode("utf-8"))
        except IsADirectoryError as exc:
            raise self._unusable() from exc

    def seconds_to_wait(self) -> int:
        """Seconds until the next attempt may be made (at most ``MAX_DELAY``). An unusable
        state file waits 0 here; ``check`` refuses it with its own message."""
        try:
            failures, last = self._load()
        except AttemptsFileUnusable:
            return 0
        if last is None:
            return 0
        remaining = min(last + delay_after(failures) - self._now(), MAX_DELAY)
        return max(0, int(remaining.total_seconds() + 0.999))

    def check(self) -> None:
        """Raises TooManyAttempts while the wait lasts, AttemptsFileUnusable when the state file
        is a folder or cannot be read (the user removes it; we never delete a folder)."""
        self._load()
        wait = self.seconds_to_wait()
        if wait > 0:
            raise TooManyAttempts(seconds=wait)

    def failed(self) -> int:
        failures, _ = self._load()
        failures = min(failures + 1, _MAX_FAILURES)
        self._save(failures, self._now())
        return failures

    def succeeded(self) -> None:
        try:
            self._path.unlink(missing_ok=True)
        except (IsADirectoryError, PermissionError) as exc:
            raise self._unusable() from exc
