"""Creating, opening, checking and closing the encrypted vault (DESIGN.md "The vault").

A vault is ``vault.db`` (SQLCipher 4, raw 256-bit key) plus ``vault.key`` (the wrapped key).
Opening refuses, with a specific error and without touching the files, anything that is not a
healthy vault of ours: a missing half, a zero-byte or truncated file, a plaintext or foreign file,
a damaged key file, a damaged first page, a newer schema, or a vault another process has open.
A WAL left by a crash is copied and checked (storage/wal.py). A vault that failed its integrity
check carries a marker (``vault.damaged.json``) and opens read-only until a backup is restored,
so the damaged file is never written to."""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import (
    ValidationError,
    VaultDamaged,
    VaultExists,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from ..domain.integrity import Finding
from ..domain.profile import Profile
from ..paths import AppPaths, make_private_dir
from . import audit
from .damage import DAMAGE_MARKER, damage_marker, kept_wal_findings
from .engine import connect, looks_plaintext, make_engine
from .keyfile import KdfParams, KeyFile, check_kdf, new_recovery_code
from .lock import VaultLock
from .migrations import ladder, latest_version
from .repo_profile import ProfileRepository
from .secretstore import SecretStore
from .throttle import UnlockThrottle
from .wal import guard_before_open, kept_copies

MIN_PASSPHRASE = 10
PAGE_SIZE = 4096


class DeviceNotBound(WrongPassphrase):
    """The vault is bound to another device's keyring: only the recovery code opens it here."""

    code = "device_not_bound"


@dataclass
class Vault:
    paths: AppPaths
    keyfile: KeyFile
    engine: Engine
    _key: bytearray
    _wipe: Callable[[], None]
    _lock: VaultLock
    read_only: bool = False
    # What opening found and the user must hear (missing changes, read-only): Finding codes.
    notices: list[Finding] = field(default_factory=list)
    session_factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def vault_id(self) -> str:
        return self.keyfile.vault_id

    @property
    def device_bound(self) -> bool:
        return self.keyfile.device_bound

    @property
    def is_open(self) -> bool:
        return self._lock.held

    def raw_connection(self) -> Any:
        return self.engine.raw_connection().driver_connection

    def close(self) -> None:
        """Checkpoint (the WAL is emptied into the database, so a crash later finds nothing to
        lose), dispose the engine (SQLCipher frees its key), zero our key copy, drop the lock."""
        if not self._lock.held:
            return
        if not self.read_only:
            _checkpoint(self.engine)
        self.engine.dispose()
        if self.read_only:  # SQLite made an empty WAL it may not remove from a read-only file
            wal = self.paths.sidecars()[0]
            if wal.exists() and wal.stat().st_size == 0:
                wal.unlink()
        self._wipe()
        self._lock.release()


def _checkpoint(engine: Engine) -> int | None:
    """Copy the WAL into the database and empty it; returns how many frames the WAL held (what
    SQLite applied from it), None when that could not be done (a damaged or read-only file)."""
    try:
        raw = engine.raw_connection()
        try:
            conn: Any = raw.driver_connection
            # TRUNCATE reports 0 frames once it has emptied the WAL; PASSIVE says how many.
            row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
    except (sqlcipher3.DatabaseError, DBAPIError):
        return None
    return int(row[1]) if row is not None and int(row[1]) >= 0 else None


def check_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise ValidationError("passphrase_too_short", minimum=MIN_PASSPHRASE)


def _refuse_unusable_database(paths: AppPaths) -> None:
    db, key = paths.database, paths.keyfile
    if not db.exists() and not key.exists():
        raise VaultMissing()
    if not key.exists():
        raise VaultDamaged("key file missing", reason="keyfile_missing")
    if not db.exists():
        raise VaultDamaged("database missing", reason="database_missing")
    size = db.stat().st_size
    if size == 0:
        raise VaultDamaged("database is empty", reason="empty")
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise VaultDamaged("database is truncated", reason="truncated")
    if looks_plaintext(db):
        raise VaultDamaged("database is not encrypted", reason="plaintext")


def _device_secret_for_unlock(keyfile: KeyFile, secrets: SecretStore) -> bytes | None:
    if not keyfile.device_bound:
        return None
    secret = secrets.get(keyfile.vault_id)
    if secret is None:
        raise DeviceNotBound()
    return secret


def _new_device_secret(vault_id: str, secrets: SecretStore) -> bytes | None:
    if not secrets.available():
        return None
    try:
        return secrets.create(vault_id)
    except Exception:  # a keyring that fails at write time is no keyring
        return None


def _chmod_private(paths: AppPaths) -> None:
    for path in [paths.database, paths.keyfile, *paths.sidecars()]:
        if path.exists():
            os.chmod(path, 0o600)


def _schema_version(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def _migrate(paths: AppPaths, engine: Engine, key: bytearray, now: datetime) -> int:
    """Bring the schema up to date, after an encrypted backup of the vault as it was."""
    current = _schema_version(engine)
    target = latest_version()
    if current > target:
        raise VaultTooNew(version=current, supported=target)
    if current == target:
        return current
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        if current > 0:
            stamp = now.strftime("%Y%m%dT%H%M%S")
            online_backup(conn, key,
                          paths.migration_backups / f"voor-migratie-v{current}-{stamp}.db")
        for version, apply in ladder()[current:]:
            try:
                if not conn.in_transaction:
                    conn.execute("BEGIN IMMEDIATE")
                apply(conn)
                conn.execute(f"PRAGMA user_version = {int(version)}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    finally:
        raw.close()
    return target


def online_backup(conn: Any, key: bytearray, dest: Path) -> None:
    """SQLCipher's backup API into a new file under the same key (never plaintext)."""
    make_private_dir(dest.parent)
    target = connect(dest, key)
    try:
        conn.backup(target)
    finally:
        target.close()
    os.chmod(dest, 0o600)


def _open_engine(paths: AppPaths, keyfile: KeyFile, dek: bytearray, lock: VaultLock,
                 now: datetime) -> Vault:
    marker = damage_marker(paths)
    read_only = marker is not None
    notices: list[Finding] = []
    guard = guard_before_open(paths.database, dek, PAGE_SIZE, now)
    engine, wipe = make_engine(paths.database, dek, read_only=read_only)
    try:
        if guard is not None:
            with engine.connect():  # the first read recovers the WAL; then see what it applied
                pass
            finding = guard.settle(None if read_only else _checkpoint(engine))
            if finding is not None:
                notices.append(finding)
        told = {str(n.facts.get("file")) for n in notices}  # and copies kept at earlier openings
        notices += [k for k in kept_wal_findings(paths) if str(k.facts["file"]) not in told]
        if read_only:
            since = str((marker or {}).get("found_at", ""))[:10]
            notices.append(Finding("read_only", {"since": since}))
            if _schema_version(engine) != latest_version():
                raise VaultDamaged("damaged vault needs a migration", reason="read_only")
        else:
            _migrate(paths, engine, dek, now)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT value FROM meta WHERE key = 'vault_id'")).scalar()
        if stored is not None and stored != keyfile.vault_id:
            raise VaultDamaged("database belongs to another vault", reason="foreign")
    except (sqlcipher3.DatabaseError, DBAPIError) as exc:
        engine.dispose()
        wipe()
        raise VaultDamaged("database unreadable", reason="unreadable") from exc
    except BaseException:
        engine.dispose()
        wipe()
        raise
    _chmod_private(paths)
    return Vault(paths, keyfile, engine, dek, wipe, lock, read_only, notices)


def create_vault(paths: AppPaths, passphrase: str, secrets: SecretStore, now: datetime,
                 actor: str, device: str, kdf: KdfParams | None = None,
                 meta: dict[str, str] | None = None,
                 profile: Profile | None = None) -> tuple[Vault, str]:
    """Create a new vault; returns it open, with the recovery code to show once. With a
    ``profile``, the vault is born with it and the profile makes the first audit line.

    Raises VaultExists when any part of a vault is already there (never overwrites; a 0-byte
    database is not "no vault"), ValidationError for a short passphrase."""
    check_passphrase(passphrase)
    if paths.database.exists() or paths.keyfile.exists():
        raise VaultExists()
    paths.ensure()
    lock = VaultLock(paths.lockfile)
    lock.acquire()
    try:
        if kept_copies(paths.database) or damage_marker(paths) is not None:
            # left by a vault that is gone: kept with a date, never applied to the new one
            move_aside(paths, now.strftime("%Y%m%d-%H%M%S"))
        vault_id = str(uuid.uuid4())
        code = new_recovery_code()
        keyfile, dek = KeyFile.create(passphrase, code, kdf or KdfParams(),
                                      _new_device_secret(vault_id, secrets), vault_id)
        keyfile.write(paths.keyfile)
        fd = os.open(paths.database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        vault = _open_engine(paths, keyfile, dek, lock, now)
    except BaseException:
        lock.release()
        raise
    with vault.session_factory() as session:
        values = {"vault_id": vault_id, "created_at": now.isoformat(), **(meta or {})}
        for key, value in values.items():
            session.execute(text("INSERT INTO meta(key, value) VALUES (:k, :v)"),
                            {"k": key, "v": value})
        if profile is not None:
            ProfileRepository(session).save(profile, now)
            actor = profile.name
        audit.append(session, at=now, actor=actor, device=device, action="vault.create",
                     object_type="vault", object_id=vault_id,
                     role=profile.role.value if profile else "",
                     actor_id=profile.member_id if profile else "")
        session.commit()
    return vault, code


def read_keyfile(paths: AppPaths, kdf: KdfParams | None = None) -> KeyFile:
    """The key file, checked: VaultDamaged (never a wrong passphrase) for a damaged one, before
    the throttle is asked and before any key derivation runs."""
    keyfile = KeyFile.read(paths.keyfile)
    check_kdf(keyfile.kdf, kdf)
    return keyfile


def open_vault(paths: AppPaths, passphrase: str, secrets: SecretStore,
               now: Callable[[], datetime], kdf: KdfParams | None = None) -> Vault:
    """Unlock with the passphrase. Errors: VaultMissing, VaultDamaged (also a damaged key file;
    not counted), VaultInUse, VaultTooNew, TooManyAttempts, AttemptsFileUnusable,
    DeviceNotBound, WrongPassphrase (which counts towards the delay). ``kdf``: the Argon2id
    parameters this app writes, when not the default (tests, the demo)."""
    _refuse_unusable_database(paths)
    lock = VaultLock(paths.lockfile)
    lock.acquire()
    try:
        keyfile = read_keyfile(paths, kdf)
        throttle = UnlockThrottle(paths.throttle, now)
        throttle.check()
        device_secret = _device_secret_for_unlock(keyfile, secrets)
        try:
            dek = keyfile.unlock(passphrase, device_secret)
        except WrongPassphrase:
            throttle.failed()
            raise
        throttle.succeeded()
        if not keyfile.checksummed:  # written before key files had a checksum: add it now
            keyfile.write(paths.keyfile)
        return _open_engine(paths, keyfile, dek, lock, now())
    except BaseException:
        lock.release()
        raise


def _unlock_for_rekey(paths: AppPaths, throttle: UnlockThrottle,
                      unwrap: Callable[[KeyFile], bytearray],
                      kdf: KdfParams | None) -> tuple[KeyFile, bytearray]:
    _refuse_unusable_database(paths)
    keyfile = read_keyfile(paths, kdf)
    throttle.check()
    try:
        dek = unwrap(keyfile)
    except WrongPassphrase:
        throttle.failed()
        raise
    throttle.succeeded()
    connect(paths.database, dek).close()  # proves the key opens this very database
    return keyfile, dek


def recover(paths: AppPaths, recovery_code: str, new_passphrase: str, secrets: SecretStore,
            now: Callable[[], datetime], kdf: KdfParams | None = None) -> bool:
    """Set a new passphrase with the recovery code (a forgotten passphrase, another laptop).

    Binds the vault to this device's keyring when there is one; returns whether it did."""
    check_passphrase(new_passphrase)
    lock = VaultLock(paths.lockfile)
    lock.acquire()
    try:
        throttle = UnlockThrottle(paths.throttle, now)
        keyfile, dek = _unlock_for_rekey(paths, throttle,
                                         lambda kf: kf.unlock_with_recovery(recovery_code),
                                         kdf)
        secret = _new_device_secret(keyfile.vault_id, secrets)
        keyfile.rewrap(dek, new_passphrase, None, secret).write(paths.keyfile)
        dek[:] = bytes(len(dek))
        return secret is not None
    finally:
        lock.release()


def change_passphrase(paths: AppPaths, old: str, new: str, secrets: SecretStore,
                      now: Callable[[], datetime], kdf: KdfParams | None = None) -> None:
    """Rewrap the key under a new passphrase; the database itself is not re-encrypted."""
    check_passphrase(new)
    lock = VaultLock(paths.lockfile)
    lock.acquire()
    try:
        throttle = UnlockThrottle(paths.throttle, now)
        keyfile, dek = _unlock_for_rekey(
            paths, throttle, lambda kf: kf.unlock(old, _device_secret_for_unlock(kf, secrets)),
            kdf)
        secret = secrets.get(keyfile.vault_id) if keyfile.device_bound else None
        keyfile.rewrap(dek, new, None, secret).write(paths.keyfile)
        dek[:] = bytes(len(dek))
    finally:
        lock.release()


def change_passphrase_open(vault: Vault, old: str, new: str, secrets: SecretStore) -> None:
    """The same, for the app while the vault is open (it already holds the lock)."""
    check_passphrase(new)
    keyfile = KeyFile.read(vault.paths.keyfile)
    dek = keyfile.unlock(old, _device_secret_for_unlock(keyfile, secrets))
    secret = secrets.get(keyfile.vault_id) if keyfile.device_bound else None
    vault.keyfile = keyfile.rewrap(dek, new, None, secret)
    vault.keyfile.write(vault.paths.keyfile)
    dek[:] = bytes(len(dek))


def integrity_findings(vault: Vault) -> list[Finding]:
    """Full check: every page's HMAC, SQLite's own structure check, and the audit chain. One
    finding per kind of damage, never SQLite's page-by-page report."""
    conn = vault.raw_connection()
    try:
        bad = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    except (sqlcipher3.DatabaseError, DBAPIError):
        return [Finding("unreadable")]
    if bad:
        # After a page fails its HMAC SQLCipher refuses the connection further reads, so
        # SQLite's own check would list every page after it and the chain could not be read:
        # the damaged pages are the finding.
        pages = sorted({int(n) for n in re.findall(r"page (\d+)", " ".join(bad))})
        return [Finding("pages_damaged", {"count": len(pages) or len(bad), "pages": pages})]
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            return [Finding("structure_damaged")]
        with vault.session_factory() as session:
            broken = audit.verify_chain(session)
    except (sqlcipher3.DatabaseError, DBAPIError):
        return [Finding("unreadable")]
    return [] if broken is None else [Finding("audit_broken", {"line": broken})]


def integrity_problems(vault: Vault) -> list[str]:
    """The codes of ``integrity_findings`` (empty when the vault is whole)."""
    return [finding.code for finding in integrity_findings(vault)]


def read_meta(vault: Vault) -> dict[str, str]:
    with vault.session_factory() as session:
        rows = session.execute(text("SELECT key, value FROM meta")).all()
    return {k: v for k, v in rows}


def describe(paths: AppPaths) -> dict[str, Any]:
    """What can be said about a vault without unlocking it (no personal data)."""
    info: dict[str, Any] = {"home": str(paths.home), "exists": paths.keyfile.exists()}
    if paths.keyfile.exists():
        try:
            kf = json.loads(paths.keyfile.read_text("utf-8"))
            info.update(vault_id=kf.get("vault_id"), device_bound=kf.get("device_bound"),
                        kdf=kf.get("kdf"))
        except (OSError, ValueError):
            info["keyfile"] = "onleesbaar"
    if paths.database.exists():
        info["database_bytes"] = paths.database.stat().st_size
    return info


def move_aside(paths: AppPaths, stamp: str) -> Path:
    """Keep the current vault files in a dated folder instead of deleting them: with the WAL
    copies and the damage marker, which belong to the vault being replaced."""
    dest = paths.home / f"vervangen-{stamp}"
    make_private_dir(dest)
    for path in [paths.database, paths.keyfile, *paths.sidecars(), *kept_copies(paths.database),
                 paths.home / DAMAGE_MARKER]:
        if path.exists():
            shutil.move(str(path), dest / path.name)
    return dest
