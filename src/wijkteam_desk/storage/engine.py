"""The SQLCipher engine: a raw 256-bit key, one long-lived connection, fail closed.

See reference/security-requirements.md §1.3-1.4: ``PRAGMA key`` must come first and is not a
key check (a read is); plain sqlite3 would silently write plaintext, so ``cipher_version`` must
answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from ..domain.errors import EncryptionUnavailable, VaultDamaged

PLAINTEXT_HEADER = b"SQLite format 3\x00"
_PRAGMAS = (
    "cipher_memory_security = ON",
    "journal_mode = WAL",
    "synchronous = FULL",
    "foreign_keys = ON",
    "secure_delete = ON",
    "busy_timeout = 5000",
    "temp_store = MEMORY",  # sorts and temp tables never touch the disk, not even encrypted
    # 64 MiB of decrypted pages: a 5,000-household caseload is read once, not per refresh.
    "cache_size = -65536",
    # After a checkpoint the WAL file is cut back to 4 MiB at most: what a crash can leave
    # behind (and what damage to the WAL can cost) stays small in a long session.
    "journal_size_limit = 4194304",
)


def connect(path: Path, key: bytearray, module: Any = sqlcipher3, read_only: bool = False) -> Any:
    """Open one keyed connection; raises VaultDamaged when the key does not fit the file.

    ``read_only`` opens the file so that SQLite never writes it, not even a checkpoint on close:
    for a vault that failed its integrity check."""
    wal = path.with_name(path.name + "-wal")
    if not read_only and wal.exists() and wal.stat().st_size > 0:
        # A connection whose first read fails still checkpoints the WAL into the file when it
        # closes: prove the key on a read-only connection first, so a refused vault stays as
        # it was.
        connect(path, key, module, read_only=True).close()
    # No statement cache: with cipher_memory_security every allocation SQLite makes outside
    # its per-connection lookaside buffer is locked (mlock) and wiped one by one, and cached
    # prepared statements fill that buffer. With the driver's cache of 128 statements inserting
    # a colleague's household cost ~28 ms, with none ~9 ms (re-preparing is cheap next to it);
    # docs/benchmarks.md "Team: de app".
    if read_only:
        conn = module.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                              check_same_thread=False, cached_statements=0)
    else:
        conn = module.connect(str(path), check_same_thread=False, cached_statements=0)
    try:
        # Built from the bytearray at the last moment; hex leaves nothing to escape.
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        # SQLCipher logs page errors to stderr; we report them ourselves, in Dutch.
        conn.execute("PRAGMA cipher_log_level = NONE")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise EncryptionUnavailable()
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except module.DatabaseError as exc:
            raise VaultDamaged(str(exc), reason="key_mismatch") from exc
        for pragma in _PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path, key: bytearray, module: Any = sqlcipher3,
                read_only: bool = False) -> tuple[Engine, Callable[[], None]]:
    """An engine on one keyed connection, and a function that zeroes the key it was given."""

    def creator() -> Any:
        return connect(path, key, module, read_only)

    # A read-only file cannot take the write lock; its units of work only read.
    begin = "BEGIN" if read_only else "BEGIN IMMEDIATE"

    engine = create_engine("sqlite://", creator=creator, module=sqlcipher3,
                           poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        # Take the write lock at the start of a unit of work, so two writers never deadlock.
        conn.exec_driver_sql(begin)

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (above)

    def wipe() -> None:
        for i in range(len(key)):
            key[i] = 0

    return engine, wipe


def looks_plaintext(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER
