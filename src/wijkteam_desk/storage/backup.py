"""Encrypted backup to one file, and restore from it (R13).

The backup is a plain tar with three members: ``backup.json`` (format, vault id, schema version,
time — nothing personal), ``vault.key`` (the wrapped key, as on disk) and ``vault.db`` (a SQLCipher
online-backup copy under the same key). Every byte of personal data in it stays encrypted.
A restore checks everything (key, both integrity checks, schema) on a copy before the current
vault is touched, and keeps the replaced vault in a dated folder."""

from __future__ import annotations

import io
import json
import os
import secrets
import tarfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from ..domain.errors import (
    IntegrityFailure,
    RejectedInput,
    VaultDamaged,
    VaultTooNew,
    WrongPassphrase,
)
from ..files import write_private
from ..paths import AppPaths
from .engine import connect
from .keyfile import KdfParams, KeyFile, check_kdf
from .lock import VaultLock
from .migrations import latest_version
from .secretstore import SecretStore
from .throttle import UnlockThrottle
from .uow import translate_database_error
from .vault import (
    Vault,
    _device_secret_for_unlock,
    _new_device_secret,
    check_passphrase,
    move_aside,
    online_backup,
)

BACKUP_FORMAT = 1
_MEMBERS = {"backup.json", "vault.key", "vault.db"}


def _add(tar: tarfile.TarFile, name: str, data: bytes, mtime: datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(mtime.timestamp())
    tar.addfile(info, io.BytesIO(data))


def _refuse_damaged_source(conn: Any) -> None:
    """SQLCipher's backup copies a page that fails its HMAC without a word (re-encrypted, so
    the copy even passes the check): a backup that cannot be trusted must not be written, it
    would become "the latest backup". So every page of the source is checked first."""
    if list(conn.execute("PRAGMA cipher_integrity_check")):
        raise IntegrityFailure()


def write_backup(vault: Vault, dest: Path, now: datetime) -> Path:
    """Write an encrypted backup of the open vault to ``dest`` (a file the user chose)."""
    dest = dest.expanduser()
    if dest.is_dir():
        dest = dest / f"wijkteam-desk-backup-{now.strftime('%Y%m%d-%H%M%S')}.wdbackup"
    snapshot = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.db")
    try:
        try:
            conn = vault.raw_connection()
            _refuse_damaged_source(conn)
            online_backup(conn, vault._key, snapshot)
        except sqlcipher3.DatabaseError as exc:  # a damaged page: no half copy, a clear error
            raise translate_database_error(exc) or IntegrityFailure() from exc
        header = {"format": BACKUP_FORMAT, "vault_id": vault.vault_id,
                  "schema": latest_version(), "created_at": now.isoformat()}
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            _add(tar, "backup.json", json.dumps(header).encode(), now)
            _add(tar, "vault.key", vault.paths.keyfile.read_bytes(), now)
            _add(tar, "vault.db", snapshot.read_bytes(), now)
        write_private(dest, buffer.getvalue())
    finally:
        snapshot.unlink(missing_ok=True)
    return dest


def _read_backup(src: Path) -> tuple[dict[str, object], bytes, bytes]:
    try:
        with tarfile.open(src, mode="r:") as tar:
            members = {m.name: m for m in tar.getmembers()}
            if set(members) != _MEMBERS or not all(m.isfile() for m in members.values()):
                raise RejectedInput("not_a_backup")
            data = {}
            for name, member in members.items():
                fh = tar.extractfile(member)
                if fh is None:
                    raise RejectedInput("not_a_backup")
                data[name] = fh.read()
        header = json.loads(data["backup.json"])
    except (OSError, tarfile.TarError, ValueError, EOFError) as exc:
        raise RejectedInput("not_a_backup") from exc
    if not isinstance(header, dict) or header.get("format") != BACKUP_FORMAT:
        raise RejectedInput("not_a_backup")
    return header, data["vault.key"], data["vault.db"]


def restore_backup(paths: AppPaths, src: Path, secrets_store: SecretStore,
                   now: Callable[[], datetime], passphrase: str | None = None,
                   recovery_code: str | None = None,
                   new_passphrase: str | None = None,
                   kdf: KdfParams | None = None) -> Path | None:
    """Replace the vault in ``paths`` with the backup in ``src``.

    Unlocks with the passphrase, or with the recovery code plus a new passphrase. Returns the
    folder the previous vault was moved to (None when there was none). Errors: RejectedInput (not
    a backup), WrongPassphrase/DeviceNotBound, VaultDamaged (backup damaged), VaultTooNew,
    VaultInUse. Nothing is changed unless the backup checks out completely."""
    if src.is_dir() or not src.exists():
        raise RejectedInput("not_a_backup")
    header, key_bytes, db_bytes = _read_backup(src)
    try:  # the backup's own key file: its damage is damage to the backup
        keyfile = KeyFile.from_json(key_bytes.decode("utf-8"))
        check_kdf(keyfile.kdf, kdf)
    except (UnicodeDecodeError, VaultDamaged) as exc:
        raise VaultDamaged("backup key damaged", reason="backup_damaged") from exc
    paths.ensure()
    lock = VaultLock(paths.lockfile)
    lock.acquire()
    staging = paths.home / f".herstel-{secrets.token_hex(4)}.db"
    try:
        throttle = UnlockThrottle(paths.throttle, now)
        throttle.check()
        try:
            if recovery_code is not None:
                if new_passphrase is None:
                    raise ValueError("a new passphrase is needed with the recovery code")
                check_passphrase(new_passphrase)
                dek = keyfile.unlock_with_recovery(recovery_code)
            else:
                device = _device_secret_for_unlock(keyfile, secrets_store)
                dek = keyfile.unlock(passphrase or "", device)
        except WrongPassphrase:
            throttle.failed()
            raise
        throttle.succeeded()
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(db_bytes)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            conn = connect(staging, dek)
        except VaultDamaged as exc:
            raise VaultDamaged("backup damaged", reason="backup_damaged") from exc
        try:
            if list(conn.execute("PRAGMA cipher_integrity_check")) or \
                    [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
                raise VaultDamaged("backup damaged", reason="backup_damaged")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > latest_version():
                raise VaultTooNew(version=version, supported=latest_version())
        finally:
            conn.close()
        for side in ("-wal", "-shm"):
            Path(str(staging) + side).unlink(missing_ok=True)
        if recovery_code is not None and new_passphrase is not None:
            keyfile = keyfile.rewrap(dek, new_passphrase, None,
                                     _new_device_secret(keyfile.vault_id, secrets_store))
        dek[:] = bytes(len(dek))
        stamp = now().strftime("%Y%m%d-%H%M%S")
        previous = None
        if paths.database.exists() or paths.keyfile.exists():
            previous = move_aside(paths, stamp)
        os.replace(staging, paths.database)
        keyfile.write(paths.keyfile)
        del header
        return previous
    finally:
        staging.unlink(missing_ok=True)
        for side in ("-wal", "-shm"):
            Path(str(staging) + side).unlink(missing_ok=True)
        lock.release()
