"""Crash, disk-full and interrupted-rewrite behaviour of the vault (R3, R12, R15)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from tests.conftest import CHEAP_KDF, PASSPHRASE

from wijkteam_desk import files as files_module
from wijkteam_desk.domain.errors import DiskFull, WrongPassphrase
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore


def crash_copy(src: AppPaths, dest: Path) -> AppPaths:
    """What is on disk if the power goes now: the files as they are, WAL included."""
    dest.mkdir(mode=0o700)
    for name in ("vault.db", "vault.db-wal", "vault.key"):
        if (src.home / name).exists():
            shutil.copy2(src.home / name, dest / name)
    return AppPaths(dest)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_torn_or_garbage_wal_opens_consistently(workspace, paths, clock, tmp_path, seed) -> None:  # type: ignore[no-untyped-def]
    conn = workspace.vault.raw_connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep every transaction in the WAL
    names = [f"Gezin Wal{n:02d}" for n in range(12)]
    for name in names:
        hid = workspace.cases.create_household(name)
        workspace.cases.add_person(hid, "Kind", name.split()[1])
    copy = crash_copy(paths, tmp_path / "crash")
    wal = copy.home / "vault.db-wal"
    data = wal.read_bytes()
    rng = random.Random(seed)
    cut = rng.randrange(32, len(data))
    wal.write_bytes(data[:cut] + rng.randbytes(rng.randrange(0, 5000)))
    service = VaultService(copy, NoSecretStore(), clock, Identity("t", "t"), kdf=CHEAP_KDF)
    ws = service.unlock(PASSPHRASE)
    try:
        assert ws.check() == []
        got = [r.summary.name for r in ws.cases.list_cases()]
        assert got == names[: len(got)]  # a prefix of what was committed, nothing half
        for row in ws.cases.list_cases():
            assert ws.cases.open_file(row.summary.household_id).file.persons or \
                row.summary.name == got[-1]  # the last one may have lost its person's commit
    finally:
        ws.lock()


def test_disk_full_rolls_back_and_says_so(workspace) -> None:  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household("Gezin Vol")
    conn = workspace.vault.raw_connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # as if the disk were full
    with pytest.raises(DiskFull):
        workspace.cases.add_person(hid, "Groot", "Bestand", note="x" * 90_000)
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert workspace.cases.open_file(hid).file.persons == ()
    assert workspace.check() == []
    workspace.cases.add_person(hid, "Klein", "Bestand")  # works again once there is room
    assert len(workspace.cases.open_file(hid).file.persons) == 1


def test_interrupted_passphrase_change_keeps_the_old_passphrase(workspace, vault_service,
                                                                 paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    workspace.lock()

    def power_cut(src, dst) -> None:  # type: ignore[no-untyped-def]
        raise OSError("stroom weg")

    monkeypatch.setattr(files_module.os, "replace", power_cut)
    with pytest.raises(OSError):
        vault_service.change_passphrase(PASSPHRASE, "een heel ander wachtwoord")
    monkeypatch.undo()
    assert [p.name for p in paths.home.iterdir() if p.name.endswith(".tmp")] == []
    with pytest.raises(WrongPassphrase):
        vault_service.unlock("een heel ander wachtwoord")
    vault_service.unlock(PASSPHRASE).lock()
