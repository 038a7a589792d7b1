"""Growing delays after wrong passphrases survive a restart (R8)."""

from __future__ import annotations

import pytest

from wijkteam_desk.domain.errors import TooManyAttempts
from wijkteam_desk.storage.throttle import UnlockThrottle, delay_after


def test_delays_grow_and_are_capped() -> None:
    waits = [delay_after(n).total_seconds() for n in range(1, 12)]
    assert waits[:2] == [0, 0]
    assert all(b >= a for a, b in zip(waits, waits[1:], strict=False))
    assert waits[2] > 0 and waits[-1] <= 15 * 60


def test_state_survives_a_new_throttle_object(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.json"
    for _ in range(3):
        UnlockThrottle(path, clock.now).failed()
    restarted = UnlockThrottle(path, clock.now)  # as after an app restart
    with pytest.raises(TooManyAttempts) as info:
        restarted.check()
    assert info.value.facts["seconds"] == 5
    clock.advance(seconds=5)
    restarted.check()
    restarted.failed()
    with pytest.raises(TooManyAttempts) as info:
        restarted.check()
    assert info.value.facts["seconds"] == 10
    restarted.succeeded()
    assert not path.exists()
    restarted.check()


def test_damaged_state_file_does_not_lock_anyone_out(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.json"
    path.write_text("{kapot")
    UnlockThrottle(path, clock.now).check()
