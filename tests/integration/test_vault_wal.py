"""A WAL left behind by a writer that stopped without a checkpoint (issue 15, item 1): what it
held is applied, or the user is told, the WAL is kept and ``check`` fails. Never silent loss."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from tests.conftest import CHEAP_KDF, PASSPHRASE

from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.wal import FRAME_HEADER, WAL_HEADER, read_wal

FRAME = FRAME_HEADER + 4096
UPDATES = ["Gezin Eerste", "Gezin Tweede"]


def service(paths: AppPaths, clock) -> VaultService:  # type: ignore[no-untyped-def]
    from wijkteam_desk.storage.secretstore import NoSecretStore

    return VaultService(paths, NoSecretStore(), clock, Identity("t", "t"), kdf=CHEAP_KDF)


def crashed(workspace: Workspace, paths: AppPaths, dest: Path, names: list[str]) -> AppPaths:
    """The files as a crash leaves them after ``names`` were committed to the WAL only."""
    conn = workspace.vault.raw_connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for name in names:
        workspace.cases.create_household(name)
    dest.mkdir(mode=0o700)
    for name in ("vault.db", "vault.db-wal", "vault.db-shm", "vault.key"):
        shutil.copy2(paths.home / name, dest / name)
    return AppPaths(dest)


@pytest.fixture
def crash(workspace, paths, tmp_path) -> AppPaths:  # type: ignore[no-untyped-def]
    workspace.cases.create_household("Gezin Basis")
    return crashed(workspace, paths, tmp_path / "crash", UPDATES)


@pytest.fixture
def other_wal(tmp_path, clock) -> bytes:  # type: ignore[no-untyped-def]
    other = AppPaths(tmp_path / "ander")
    ws, _ = service(other, clock).create(PASSPHRASE)
    try:
        copy = crashed(ws, other, tmp_path / "ander-crash", ["Gezin Ander"])
    finally:
        ws.lock()
    return (copy.home / "vault.db-wal").read_bytes()


def names(ws: Workspace) -> list[str]:
    return [row.summary.name for row in ws.cases.list_cases()]


def test_an_intact_wal_is_applied_checkpointed_and_not_kept(crash, clock) -> None:  # type: ignore[no-untyped-def]
    wal = crash.home / "vault.db-wal"
    left = len(read_wal(wal.read_bytes(), 4096).frames)
    ws = service(crash, clock).unlock(PASSPHRASE)
    try:
        # checkpointed at opening (only the unlock's own log line is in the WAL now): a second
        # crash has nothing of the first to lose
        assert len(read_wal(wal.read_bytes(), 4096).frames) < left
        assert names(ws) == ["Gezin Basis", *UPDATES]
        assert ws.notices == [] and ws.check() == []
    finally:
        ws.lock()
    assert sorted(p.name for p in crash.home.iterdir() if "kept" in p.name) == []


def _random_bytes(wal: Path, home: Path) -> None:
    data = bytearray(wal.read_bytes())
    data[WAL_HEADER + 100:WAL_HEADER + 400] = random.Random(4).randbytes(300)
    wal.write_bytes(bytes(data))


def _random_bytes_no_shm(wal: Path, home: Path) -> None:
    _random_bytes(wal, home)
    (home / "vault.db-shm").unlink()


def _flip(offset: int):  # type: ignore[no-untyped-def]
    def damage(wal: Path, home: Path) -> None:
        data = bytearray(wal.read_bytes())
        data[offset] ^= 0x01
        wal.write_bytes(bytes(data))
    return damage


DAMAGES = {
    "random-bytes": _random_bytes,
    "random-bytes-no-shm": _random_bytes_no_shm,
    "flip-wal-header": _flip(12),
    "flip-first-frame": _flip(WAL_HEADER + FRAME_HEADER + 2000),
}


@pytest.mark.parametrize("damage", [*DAMAGES, "another-vaults-wal"])
def test_a_damaged_wal_is_kept_reported_and_fails_the_check(crash, clock, other_wal,
                                                            damage) -> None:  # type: ignore[no-untyped-def]
    wal = crash.home / "vault.db-wal"
    if damage == "another-vaults-wal":
        wal.write_bytes(other_wal)
    else:
        DAMAGES[damage](wal, crash.home)
    damaged = wal.read_bytes()
    ws = service(crash, clock).unlock(PASSPHRASE)
    try:
        assert names(ws) == ["Gezin Basis"]  # what was checkpointed before; nothing foreign
        [notice] = ws.notices
        assert notice.code == ("wal_foreign" if damage == "another-vaults-wal" else "wal_lost")
        kept = crash.home / notice.facts["file"]
        assert kept.read_bytes() == damaged  # the copy holds what the WAL held, for support
        assert kept.stat().st_mode & 0o777 == 0o600
        assert [f.code for f in ws.check()] == [notice.code]
    finally:
        ws.lock()
    ws = service(crash, clock).unlock(PASSPHRASE)  # and it is not forgotten at the next opening
    try:
        assert [n.code for n in ws.notices] == ["wal_kept"]
        assert [f.code for f in ws.check()] == ["wal_kept"]
    finally:
        ws.lock()
    assert kept.read_bytes() == damaged


def test_a_torn_last_write_is_not_damage(crash, clock) -> None:  # type: ignore[no-untyped-def]
    wal = crash.home / "vault.db-wal"
    data = wal.read_bytes()
    wal.write_bytes(data[:len(data) - FRAME - 100])  # the last commit frame never made it
    ws = service(crash, clock).unlock(PASSPHRASE)
    try:
        assert names(ws) == ["Gezin Basis", UPDATES[0]]
        assert ws.notices == [] and ws.check() == []
    finally:
        ws.lock()
    assert not [p for p in crash.home.iterdir() if "kept" in p.name]


def test_damage_to_the_key_check_leaves_the_wal_alone(crash, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database whose first page does not fit the key is refused before anything else: the
    WAL is not copied, moved or applied."""
    from wijkteam_desk.domain.errors import VaultDamaged

    db = crash.home / "vault.db"
    data = bytearray(db.read_bytes())
    data[40] ^= 0x01
    db.write_bytes(bytes(data))
    def files() -> dict[str, bytes]:  # the -shm is SQLite's index of the WAL, rebuilt from it
        return {p.name: p.read_bytes() for p in crash.home.iterdir()
                if p.is_file() and p.name not in ("vault.lock", "vault.db-shm")}

    before = files()
    with pytest.raises(VaultDamaged):
        service(crash, clock).unlock(PASSPHRASE)
    assert files() == before


def test_the_wal_reader_agrees_with_sqlite(crash) -> None:  # type: ignore[no-untyped-def]
    contents = read_wal((crash.home / "vault.db-wal").read_bytes(), 4096)
    assert contents.header_ok and contents.applied == len(contents.frames)
    assert contents.unapplied_commits(0) == 2 and not contents.damaged(contents.applied)
    assert contents.damaged(0)  # had SQLite applied nothing, two commits would be lost


def test_locking_empties_the_wal(workspace, paths) -> None:  # type: ignore[no-untyped-def]
    conn = workspace.vault.raw_connection()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(5):
        workspace.cases.create_household(f"Gezin Slot{n}")
    assert (paths.home / "vault.db-wal").stat().st_size > 0
    workspace.lock()
    wal = paths.home / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_restore_takes_the_kept_copy_along_with_the_old_vault(crash, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    svc = service(crash, clock)
    wal = crash.home / "vault.db-wal"
    wal.write_bytes(_flipped(wal.read_bytes(), 12))
    ws = svc.unlock(PASSPHRASE)
    try:
        [notice] = ws.notices
        backup = ws.backup(tmp_path / "kopie.wdbackup")
    finally:
        ws.lock()
    previous = svc.restore(backup, passphrase=PASSPHRASE)
    assert previous is not None and (previous / notice.facts["file"]).exists()
    assert not svc.needs_restore()
    ws = svc.unlock(PASSPHRASE)
    try:
        assert ws.notices == [] and ws.check() == []
    finally:
        ws.lock()


def _flipped(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 0x01
    return bytes(changed)
