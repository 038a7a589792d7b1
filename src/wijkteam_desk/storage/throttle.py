"""Growing delays after wrong passphrases, remembered across restarts (R8).

The state file holds only a count and a time, nothing personal. It is a speed bump for someone at
the keyboard; the Argon2id cost is what stops an offline attack on a copied key file."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from ..domain.errors import TooManyAttempts
from ..files import write_private

FREE_ATTEMPTS = 3
MAX_DELAY = timedelta(minutes=15)


def delay_after(failures: int) -> timedelta:
    """No wait for the first few mistakes, then 5 s, 10 s, 20 s, … up to 15 minutes."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    return min(MAX_DELAY, timedelta(seconds=5 * 2 ** (failures - FREE_ATTEMPTS)))


class UnlockThrottle:
    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self._path = path
        self._now = now

    def _load(self) -> tuple[int, datetime | None]:
        try:
            data = json.loads(self._path.read_text("utf-8"))
            stamp = data.get("last_failure")
            last = datetime.fromisoformat(stamp) if stamp else None
            return int(data.get("failures", 0)), last
        except (OSError, ValueError, KeyError, TypeError):
            return 0, None

    def seconds_to_wait(self) -> int:
        failures, last = self._load()
        if last is None:
            return 0
        remaining = last + delay_after(failures) - self._now()
        return max(0, int(remaining.total_seconds() + 0.999))

    def check(self) -> None:
        wait = self.seconds_to_wait()
        if wait > 0:
            raise TooManyAttempts(seconds=wait)

    def failed(self) -> int:
        failures, _ = self._load()
        failures += 1
        payload = {"failures": failures, "last_failure": self._now().isoformat()}
        write_private(self._path, json.dumps(payload).encode("utf-8"))
        return failures

    def succeeded(self) -> None:
        self._path.unlink(missing_ok=True)
