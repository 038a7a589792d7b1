"""Growing delays after wrong passphrases survive a restart (R8)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from wijkteam_desk.domain.errors import AttemptsFileUnusable, TooManyAttempts
from wijkteam_desk.storage.throttle import UnlockThrottle, delay_after
from wijkteam_desk.texts import error_text


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


def test_the_wait_never_exceeds_15_minutes(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.json"
    path.write_text(json.dumps({"failures": 100_000, "last_failure": clock.now().isoformat()}))
    throttle = UnlockThrottle(path, clock.now)
    assert throttle.seconds_to_wait() == 15 * 60
    clock.advance(minutes=15)
    throttle.check()


def test_a_last_failure_in_the_future_counts_as_now(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    """A planted file, or a clock that was wrong, must not lock the right passphrase out for
    years ("Wacht 2274630459 seconden")."""
    path = tmp_path / "attempts.json"
    future = clock.now() + timedelta(days=365 * 70)
    path.write_text(json.dumps({"failures": 3, "last_failure": future.isoformat()}))
    throttle = UnlockThrottle(path, clock.now)
    assert throttle.seconds_to_wait() == 5  # three failures, the last one now
    clock.advance(seconds=5)
    throttle.check()


@pytest.mark.parametrize("content", [
    "[]", "null", '"drie"', '{"failures": "3"}', '{"failures": true}',
    '{"failures": 3, "last_failure": 5}', '{"failures": 3, "last_failure": "gisteren"}',
    '{"failures": -4, "last_failure": "2026-11-22T10:00:00+00:00"}', "\udcff",
])
def test_garbage_in_the_state_file_counts_as_no_failures(tmp_path, clock, content) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    throttle = UnlockThrottle(path, clock.now)
    throttle.check()
    assert throttle.failed() == 1  # and the next wrong passphrase starts a fresh count
    throttle.succeeded()
    assert not path.exists()


def test_a_time_without_zone_is_read_as_utc(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.json"
    naive = clock.now().replace(tzinfo=None).isoformat()
    path.write_text(json.dumps({"failures": 4, "last_failure": naive}))
    assert UnlockThrottle(path, clock.now).seconds_to_wait() == 10


def test_a_folder_at_the_state_file_is_refused_with_its_own_message(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.json"
    path.mkdir()
    throttle = UnlockThrottle(path, clock.now)
    assert throttle.seconds_to_wait() == 0  # the unlock screen can still be drawn
    with pytest.raises(AttemptsFileUnusable) as info:
        throttle.check()
    assert error_text(info.value) == (
        f"Het bestand {path} kan niet worden gebruikt (het is een map of onleesbaar). "
        "Verwijder het en probeer het opnieuw.")
    with pytest.raises(AttemptsFileUnusable):
        throttle.failed()
    assert path.is_dir()  # never removed by us: it is not ours
