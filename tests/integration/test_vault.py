"""The vault on real SQLCipher files: what it refuses, what it never writes in the clear."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, reopen

from wijkteam_desk.domain.errors import (
    EncryptionUnavailable,
    ValidationError,
    VaultDamaged,
    VaultExists,
    VaultInUse,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.storage.engine import connect
from wijkteam_desk.storage.vault import DeviceNotBound


def test_new_vault_is_encrypted_private_and_opens_again(workspace, vault_service, paths) -> None:  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household("Gezin Markeerdersma")
    workspace.cases.add_person(hid, "Zoë", "Markeerdersma", address="Geheimelaan 12")
    conn = workspace.vault.raw_connection()
    assert conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA cipher_memory_security").fetchone()[0] == "1"
    assert (paths.home.stat().st_mode & 0o777) == 0o700
    for f in paths.home.iterdir():
        if f.is_file() and f.name != "vault.lock":
            assert (f.stat().st_mode & 0o777) == 0o600, f
            data = f.read_bytes()
            assert b"SQLite format 3" not in data
            assert b"Markeerdersma" not in data and b"Geheimelaan" not in data
    ws = reopen(vault_service, workspace)
    assert [r.summary.name for r in ws.cases.list_cases()] == ["Gezin Markeerdersma"]
    ws.lock()


def test_wrong_passphrase_is_refused_and_nothing_is_touched(  # type: ignore[no-untyped-def]
        workspace, vault_service, paths) -> None:
    workspace.lock()
    before = paths.database.stat().st_mtime_ns, paths.database.read_bytes()
    with pytest.raises(WrongPassphrase):
        vault_service.unlock("dit is het niet")
    assert (paths.database.stat().st_mtime_ns, paths.database.read_bytes()) == before


def test_second_writer_is_refused(workspace, vault_service) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(VaultInUse):
        vault_service.unlock(PASSPHRASE)


def test_missing_vault_and_existing_vault(vault_service, workspace) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(VaultExists):
        vault_service.create(PASSPHRASE)


def test_no_vault_yet(vault_service) -> None:  # type: ignore[no-untyped-def]
    assert not vault_service.exists()
    with pytest.raises(VaultMissing):
        vault_service.unlock(PASSPHRASE)


def test_short_passphrase_is_refused(vault_service, paths) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        vault_service.create("kort")
    assert info.value.code == "passphrase_too_short"
    assert not paths.database.exists()


@pytest.mark.parametrize("damage", ["zero", "truncate", "random", "plaintext", "no_keyfile",
                                    "no_database", "flip_first_page"])
def test_damaged_vault_is_refused_and_left_as_it_was(workspace, vault_service, paths,
                                                     damage) -> None:  # type: ignore[no-untyped-def]
    workspace.cases.create_household("Gezin Beschadigd")
    workspace.lock()
    db = paths.database
    if damage == "zero":
        db.write_bytes(b"")
    elif damage == "truncate":
        db.write_bytes(db.read_bytes()[:5000])
    elif damage == "random":
        db.write_bytes(os.urandom(db.stat().st_size))
    elif damage == "plaintext":
        db.unlink()
        sqlite3.connect(db).execute("CREATE TABLE t(x)").connection.commit()
    elif damage == "no_keyfile":
        paths.keyfile.unlink()
    elif damage == "no_database":
        db.unlink()
    elif damage == "flip_first_page":
        data = bytearray(db.read_bytes())
        data[100] ^= 0xFF
        db.write_bytes(bytes(data))
    before = db.read_bytes() if db.exists() else None
    with pytest.raises(VaultDamaged):
        vault_service.unlock(PASSPHRASE)
    assert (db.read_bytes() if db.exists() else None) == before
    assert not vault_service.seconds_to_wait()  # damage is not counted as a wrong passphrase


def test_zero_byte_database_never_becomes_a_new_vault(vault_service, paths) -> None:  # type: ignore[no-untyped-def]
    paths.ensure()
    paths.database.write_bytes(b"")
    assert vault_service.exists()
    with pytest.raises(VaultExists):
        vault_service.create(PASSPHRASE)
    assert paths.database.read_bytes() == b""


def test_foreign_database_with_this_key_file_is_refused(tmp_path, clock, workspace,
                                                        vault_service, paths) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import CHEAP_KDF

    from wijkteam_desk.paths import AppPaths
    from wijkteam_desk.services.identity import Identity
    from wijkteam_desk.services.vaults import VaultService
    from wijkteam_desk.storage.secretstore import NoSecretStore

    other = VaultService(AppPaths(tmp_path / "other"), NoSecretStore(), clock,
                         Identity("b", "b"), kdf=CHEAP_KDF)
    ws2, _ = other.create(PASSPHRASE)
    ws2.lock()
    workspace.lock()
    paths.database.write_bytes((tmp_path / "other" / "vault.db").read_bytes())
    with pytest.raises(VaultDamaged):
        vault_service.unlock(PASSPHRASE)


def test_vault_of_a_newer_schema_is_refused(workspace, vault_service) -> None:  # type: ignore[no-untyped-def]
    conn = workspace.vault.raw_connection()
    conn.execute("PRAGMA user_version = 999")
    workspace.lock()
    with pytest.raises(VaultTooNew):
        vault_service.unlock(PASSPHRASE)


def test_plain_sqlite_driver_is_refused_before_anything_is_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.db"
    with pytest.raises(EncryptionUnavailable):
        connect(path, bytearray(32), module=sqlite3)
    assert not path.exists() or path.stat().st_size == 0


def test_lock_zeroes_the_key_and_closes_the_engine(workspace) -> None:  # type: ignore[no-untyped-def]
    key = workspace.vault._key
    assert any(key)
    workspace.lock()
    assert not any(key)
    assert not workspace.vault.is_open


def test_device_bound_vault_needs_this_machines_keyring(bound_service, paths, clock) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import CHEAP_KDF
    from tests.support.keyrings import MemoryKeyring

    from wijkteam_desk.services.identity import Identity
    from wijkteam_desk.services.vaults import VaultService
    from wijkteam_desk.storage.secretstore import KeyringSecretStore

    ws, code = bound_service.create(PASSPHRASE)
    assert ws.device_bound
    ws.lock()
    bound_service.unlock(PASSPHRASE).lock()
    elsewhere = VaultService(paths, KeyringSecretStore(MemoryKeyring()), clock,
                             Identity("t", "ander"), kdf=CHEAP_KDF)
    with pytest.raises(DeviceNotBound):
        elsewhere.unlock(PASSPHRASE)
    assert elsewhere.recover(code, "nieuw lang wachtwoord") is True
    elsewhere.unlock("nieuw lang wachtwoord").lock()


def test_insecure_keyring_backends_are_not_used() -> None:
    from keyring.backends import fail, null

    from wijkteam_desk.storage.secretstore import KeyringSecretStore

    assert not KeyringSecretStore(fail.Keyring()).available()
    assert not KeyringSecretStore(null.Keyring()).available()


def test_passphrase_change_rewraps_without_reencrypting(workspace, vault_service, paths) -> None:  # type: ignore[no-untyped-def]
    workspace.cases.create_household("Gezin Wissel")
    workspace.lock()
    db_before = paths.database.read_bytes()
    vault_service.change_passphrase(PASSPHRASE, "een nieuw lang wachtwoord")
    assert paths.database.read_bytes() == db_before
    with pytest.raises(WrongPassphrase):
        vault_service.unlock(PASSPHRASE)
    ws = vault_service.unlock("een nieuw lang wachtwoord")
    assert len(ws.cases.list_cases()) == 1
    ws.lock()


def test_secure_delete_leaves_no_trace_of_removed_text(workspace, paths) -> None:  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household("Gezin Wis")
    pid = workspace.cases.add_person(hid, "Anna", "Wis", note="BLIJFADRES-MARKER " * 50)
    workspace.cases.update_person(pid, note="")
    conn = workspace.vault.raw_connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # decrypt every page with the key and look for the removed text
    pages = [row for row in conn.execute("SELECT quote(data) FROM sqlite_dbpage")] \
        if _has_dbpage(conn) else []
    assert all("424C494A464144524553" not in str(p[0]) for p in pages)  # hex of BLIJFADRES


def _has_dbpage(conn) -> bool:  # type: ignore[no-untyped-def]
    try:
        conn.execute("SELECT 1 FROM sqlite_dbpage LIMIT 1").fetchall()
        return True
    except Exception:
        return False


def test_many_households_leave_nothing_readable_anywhere(workspace, paths) -> None:  # type: ignore[no-untyped-def]
    DemoGenerator(workspace.unit_of_work, seed=7, events_per_household=(2, 4)).generate(15)
    names = [r.summary.name.split(" ", 1)[1].encode() for r in workspace.cases.list_cases()]
    for f in Path(paths.home).rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert b"SQLite format 3" not in data, f
            assert not [n for n in names if n in data], f


@pytest.mark.parametrize("damage", ["flip_wrapped_key", "vault_id", "weakened_kdf"])
def test_a_damaged_key_file_is_not_a_wrong_passphrase(workspace, vault_service, paths,
                                                      damage) -> None:  # type: ignore[no-untyped-def]
    """Damage does not count towards the waiting time: after many tries the right key file
    still opens at once."""
    import json

    workspace.lock()
    good = paths.keyfile.read_text()
    data = json.loads(good)
    if damage == "flip_wrapped_key":
        ct = data["passphrase"]["ciphertext"]
        data["passphrase"]["ciphertext"] = ("B" if ct[0] != "B" else "C") + ct[1:]
    elif damage == "vault_id":
        data["vault_id"] = "00000000-0000-4000-8000-000000000000"
    else:
        data["kdf"] = {"time_cost": 1, "memory_cost_kib": 8, "parallelism": 1}
    paths.keyfile.write_text(json.dumps(data))
    for _ in range(6):
        with pytest.raises(VaultDamaged):
            vault_service.unlock(PASSPHRASE)
    assert not paths.throttle.exists() and vault_service.seconds_to_wait() == 0
    paths.keyfile.write_text(good)
    vault_service.unlock(PASSPHRASE).lock()


def test_a_key_file_without_checksum_gets_one_at_the_next_unlock(workspace, vault_service,
                                                                 paths) -> None:  # type: ignore[no-untyped-def]
    import json

    workspace.lock()
    data = json.loads(paths.keyfile.read_text())
    del data["checksum"]  # as written by release 1
    paths.keyfile.write_text(json.dumps(data))
    vault_service.unlock(PASSPHRASE).lock()
    assert json.loads(paths.keyfile.read_text())["checksum"].startswith("sha256:")
    assert (paths.keyfile.stat().st_mode & 0o777) == 0o600


def test_a_folder_at_the_attempts_file_is_told_not_a_traceback(workspace, vault_service,
                                                               paths) -> None:  # type: ignore[no-untyped-def]
    from wijkteam_desk.domain.errors import AttemptsFileUnusable

    workspace.lock()
    paths.throttle.mkdir()
    with pytest.raises(AttemptsFileUnusable):
        vault_service.unlock(PASSPHRASE)
    paths.throttle.rmdir()  # what the message tells the user to do
    vault_service.unlock(PASSPHRASE).lock()
