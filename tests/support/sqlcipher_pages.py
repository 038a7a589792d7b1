"""Read a vault's pages decrypted, free pages included, to see what the file still holds.

SQLCipher 4 defaults with a raw 256-bit key: pages of 4096 bytes, each ending in 80 reserved
bytes (a 16-byte IV, then a 64-byte HMAC); page 1 begins with the 16-byte salt. The raw key is
the AES-256-CBC key itself, so a test can decrypt every page, live or freed, with the key alone
(the HMAC is not checked here: ``check`` does that)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
SALT = 16


def decrypted_pages(path: Path, key: bytes) -> Iterator[bytes]:
    data = path.read_bytes()
    for start in range(0, len(data) - PAGE + 1, PAGE):
        page = data[start:start + PAGE]
        begin = SALT if start == 0 else 0
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        yield decryptor.update(page[begin:PAGE - RESERVE]) + decryptor.finalize()


def holds(path: Path, key: bytes, needle: bytes) -> bool:
    """Whether any page of the database file holds ``needle`` once decrypted."""
    return any(needle in page for page in decrypted_pages(path, key))
