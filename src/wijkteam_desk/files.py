"""Writing a file the user asked for (or one of our own) safely: 0600, and whole or not at all.

One function for every writer (key file, settings, backups, PDFs, exchange packages, VT state),
so a crash never leaves half a file that looks whole, and nothing lands world-readable."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    ``durable`` also fsyncs the file and its folder, so after a power cut the old or the new
    content is there. Exports of many packages pass ``durable=False``: a package lost in a crash
    is exported again, and an fsync per file would dominate the export."""
    # os.urandom, not secrets: this module loads at app start, and secrets pulls in OpenSSL.
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable and hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
