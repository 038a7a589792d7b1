"""One writer per vault: an exclusive OS file lock held while the vault is open (R4).

The OS releases the lock when the process dies, so a crash never leaves a stale lock behind."""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.errors import VaultInUse


class VaultLock:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise VaultInUse() from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        if os.name == "nt":
            import msvcrt

            try:
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
        os.close(self._fd)  # closing the descriptor drops a flock
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
