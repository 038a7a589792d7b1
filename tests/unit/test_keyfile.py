"""The wrapped database key (S3, S4, R15): right secrets open it, anything else is refused."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from tests.conftest import CHEAP_KDF

from wijkteam_desk.domain.errors import VaultDamaged, WrongPassphrase
from wijkteam_desk.storage.keyfile import (
    KdfParams,
    KeyFile,
    new_recovery_code,
    normalise_recovery_code,
)

PASS = "correct paard batterij"


def make(device: bytes | None = None) -> tuple[KeyFile, bytearray, str]:
    code = new_recovery_code()
    kf, dek = KeyFile.create(PASS, code, CHEAP_KDF, device, "vault-1")
    return kf, dek, code


def test_passphrase_and_recovery_code_both_unwrap_the_same_key() -> None:
    kf, dek, code = make()
    assert len(dek) == 32
    assert kf.unlock(PASS, None) == dek
    assert kf.unlock_with_recovery(code) == dek
    # the code is typed by a person: case and separators do not matter
    assert kf.unlock_with_recovery(code.lower().replace("-", " ")) == dek


def test_wrong_passphrase_is_told_apart_from_damage() -> None:
    kf, _, code = make()
    with pytest.raises(WrongPassphrase):
        kf.unlock("verkeerd wachtwoord", None)
    with pytest.raises(WrongPassphrase):
        kf.unlock_with_recovery(normalise_recovery_code("A" * 30))


def test_changed_kdf_parameters_fail_like_a_wrong_passphrase() -> None:
    kf, _, _ = make()
    weaker = replace(kf, kdf=KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1))
    with pytest.raises(WrongPassphrase):
        weaker.unlock(PASS, None)


def test_device_bound_key_needs_the_device_secret() -> None:
    kf, dek, code = make(device=b"d" * 32)
    assert kf.device_bound
    assert kf.unlock(PASS, b"d" * 32) == dek
    with pytest.raises(WrongPassphrase):
        kf.unlock(PASS, b"x" * 32)
    with pytest.raises(WrongPassphrase):
        replace(kf, device_bound=False).unlock(PASS, None)
    assert kf.unlock_with_recovery(code) == dek  # the recovery code works anywhere


def test_rewrap_changes_the_passphrase_but_not_the_key() -> None:
    kf, dek, code = make()
    new = kf.rewrap(dek, "een ander wachtwoord", None, None)
    assert new.unlock("een ander wachtwoord", None) == dek
    with pytest.raises(WrongPassphrase):
        new.unlock(PASS, None)
    assert new.unlock_with_recovery(code) == dek


def test_key_file_round_trips_and_holds_no_secret_in_the_clear(tmp_path) -> None:  # type: ignore[no-untyped-def]
    kf, dek, code = make()
    path = tmp_path / "vault.key"
    kf.write(path)
    assert (path.stat().st_mode & 0o777) == 0o600
    text = path.read_text()
    assert PASS not in text and code not in text and dek.hex() not in text
    assert KeyFile.read(path).unlock(PASS, None) == dek


@pytest.mark.parametrize(
    "content",
    ["", "{", "[]", json.dumps({"format": 99}), json.dumps({"format": 1, "vault_id": "x"})],
)
def test_unreadable_key_file_is_damage_not_a_wrong_passphrase(tmp_path, content) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vault.key"
    path.write_text(content)
    with pytest.raises(VaultDamaged):
        KeyFile.read(path)


def test_recovery_codes_are_unique_and_readable() -> None:
    codes = {new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        groups = code.split("-")
        assert len(groups) == 6 and all(len(g) == 5 for g in groups)
        assert not set(code) & set("01OIL")
