"""The wrapped database key (S3, S4, R15): right secrets open it, anything else is refused."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import pytest
from tests.conftest import CHEAP_KDF

from wijkteam_desk.domain.errors import VaultDamaged, WrongPassphrase
from wijkteam_desk.storage.keyfile import (
    KdfParams,
    KeyFile,
    check_kdf,
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


def _stored(tmp_path) -> tuple[dict, object]:  # type: ignore[no-untyped-def]
    kf, _, _ = make()
    path = tmp_path / "vault.key"
    kf.write(path)
    return json.loads(path.read_text()), path


def _resealed(data: dict) -> dict:
    """What a forger (or a careful editor) writes: the checksum made to fit the new fields."""
    payload = {k: v for k, v in data.items() if k != "checksum"}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return {**payload, "checksum": "sha256:" + hashlib.sha256(canonical).hexdigest()}


@pytest.mark.parametrize("kdf", [
    {"time_cost": 3, "memory_cost_kib": 2147483648, "parallelism": 4},
    {"time_cost": 2147483648, "memory_cost_kib": 65536, "parallelism": 4},
    {"time_cost": 3, "memory_cost_kib": 65536, "parallelism": -1},
    {"time_cost": "3", "memory_cost_kib": 65536, "parallelism": 4},
    {"time_cost": True, "memory_cost_kib": 65536, "parallelism": 4},
    {"time_cost": 3.0, "memory_cost_kib": 65536, "parallelism": 4},
    {"time_cost": 0, "memory_cost_kib": 65536, "parallelism": 4},
    {"time_cost": 3, "memory_cost_kib": 65536},
    {"time_cost": 3, "memory_cost_kib": 65536, "parallelism": 4, "extra": 1},
    {"time_cost": 12, "memory_cost_kib": 1048576, "parallelism": 4},  # minutes of CPU
    [3, 65536, 4],
])
def test_kdf_parameters_this_app_never_writes_are_damage(tmp_path, kdf, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Refused when read, before Argon2id runs: no traceback, no minutes of CPU, no 2 GiB."""
    import wijkteam_desk.storage.keyfile as keyfile

    def no_derivation(*_: object) -> bytes:
        raise AssertionError("Argon2id ran on a damaged key file")

    data, path = _stored(tmp_path)
    path.write_text(json.dumps(_resealed({**data, "kdf": kdf})))
    monkeypatch.setattr(keyfile, "hash_secret_raw", no_derivation)
    with pytest.raises(VaultDamaged) as info:
        KeyFile.read(path).unlock(PASS, None)
    assert info.value.facts["reason"] == "keyfile_kdf"


def test_weaker_parameters_than_this_app_writes_are_damage() -> None:
    check_kdf(KdfParams())
    check_kdf(KdfParams(time_cost=4, memory_cost_kib=131072, parallelism=8))  # a future version
    check_kdf(CHEAP_KDF, own=CHEAP_KDF)  # what tests and the demo configure the app to write
    for weaker in (CHEAP_KDF, KdfParams(time_cost=2), KdfParams(memory_cost_kib=32768)):
        with pytest.raises(VaultDamaged) as info:
            check_kdf(weaker)
        assert info.value.facts["reason"] == "keyfile_kdf"


@pytest.mark.parametrize("field", ["passphrase", "recovery", "vault_id", "device_bound", "kdf"])
def test_a_changed_field_is_damage_not_a_wrong_passphrase(tmp_path, field) -> None:  # type: ignore[no-untyped-def]
    data, path = _stored(tmp_path)
    if field in ("passphrase", "recovery"):
        ct = data[field]["ciphertext"]
        data[field]["ciphertext"] = ("B" if ct[0] != "B" else "C") + ct[1:]
    elif field == "vault_id":
        data["vault_id"] = "vault-2"
    elif field == "device_bound":
        data["device_bound"] = True
    else:
        data["kdf"] = {**data["kdf"], "time_cost": 2}
    path.write_text(json.dumps(data))
    with pytest.raises(VaultDamaged) as info:
        KeyFile.read(path)
    assert info.value.facts["reason"] == "keyfile_damaged"


def test_a_key_file_from_before_the_checksum_still_opens(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data, path = _stored(tmp_path)
    del data["checksum"]
    path.write_text(json.dumps(data))
    kf = KeyFile.read(path)
    assert not kf.checksummed and kf.unlock(PASS, None)
    kf.write(path)
    assert "checksum" in json.loads(path.read_text()) and KeyFile.read(path).checksummed
