"""age encryption (https://age-encryption.org/v1) through ``pyrage``, X25519 keys only.

Files look exactly like ``age-keygen`` output (identity) and an ``age -R`` recipients file
(public key), so ``age -d -i encryption.key`` opens what ``encrypt`` writes."""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Sequence
from datetime import datetime

import pyrage
from pyrage import x25519

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.minisign import group_for_reading

AGE_MAGIC = b"age-encryption.org/v1\n"
MAX_KEY_FILE = 4096
_CHUNK = 64 * 1024
_TAG = 16
_NONCE = 16


class EncryptionIdentity:
    """An age X25519 identity (``AGE-SECRET-KEY-1…``) and its recipient (``age1…``)."""

    def __init__(self, identity: x25519.Identity) -> None:
        self._identity = identity

    @classmethod
    def generate(cls) -> EncryptionIdentity:
        return cls(x25519.Identity.generate())

    @classmethod
    def from_secret_string(cls, text: str) -> EncryptionIdentity:
        try:
            return cls(x25519.Identity.from_str(text.strip()))
        except Exception:  # pyrage.IdentityError, and whatever a future pyrage raises
            raise RejectedInput(reasons.BAD_KEY_FILE, "not an age identity") from None

    @property
    def secret_string(self) -> str:
        """``AGE-SECRET-KEY-1…``: what a vault stores."""
        return str(self._identity)

    @property
    def recipient(self) -> str:
        """The public half, ``age1…``."""
        return str(self._identity.to_public())

    @property
    def pyrage_identity(self) -> x25519.Identity:
        return self._identity

    def file_text(self, created: datetime) -> str:
        # The age-keygen layout; age ignores the comment lines.
        return (
            f"# created: {created.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
            f"# public key: {self.recipient}\n{self.secret_string}\n"
        )

    @classmethod
    def from_file_text(cls, text: str) -> EncryptionIdentity:
        return cls.from_secret_string(_single_key_line(text, "AGE-SECRET-KEY-1"))


def _single_key_line(text: str, prefix: str) -> str:
    if len(text) > MAX_KEY_FILE:
        raise RejectedInput(reasons.BAD_KEY_FILE, "key file too large")
    keys = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(keys) != 1 or not keys[0].startswith(prefix):
        raise RejectedInput(reasons.BAD_KEY_FILE, f"expected exactly one {prefix}… line")
    return keys[0]


def parse_recipient(text: str) -> str:
    """Validate an ``age1…`` recipient string; ``RejectedInput(bad_key_file)`` otherwise."""
    text = text.strip()
    try:
        return str(x25519.Recipient.from_str(text))
    except Exception:
        raise RejectedInput(reasons.BAD_KEY_FILE, "not an age X25519 recipient") from None


def recipient_file_text(recipient: str, comment: str = "age public key (X25519)") -> str:
    return f"# {comment}\n{parse_recipient(recipient)}\n"


def recipient_from_file_text(text: str) -> str:
    return parse_recipient(_single_key_line(text, "age1"))


def recipient_fingerprint(recipient: str) -> str:
    """Grouped hex for reading an encryption key aloud, like ``SigningPublicKey.fingerprint``."""
    return group_for_reading(hashlib.sha256(recipient.encode("ascii")).hexdigest().upper()[:32])


def encrypt(plaintext: bytes, recipients: Sequence[str]) -> bytes:
    """Binary (not armored) age file for every recipient in ``recipients``."""
    if not recipients:
        raise ValueError("at least one recipient")
    return bytes(pyrage.encrypt(plaintext, [x25519.Recipient.from_str(r) for r in recipients]))


def _header_end(data: bytes) -> int | None:
    """Offset just past the header's MAC line, or None when the header never ends."""
    mac_line = data.find(b"\n--- ")
    if mac_line < 0:
        return None
    end = data.find(b"\n", mac_line + 1)
    return None if end < 0 else end + 1


def _plausible_final_chunk(length: int) -> bool:
    # Our plaintext is a tar archive: a whole number of 512-byte blocks, and age's 64 KiB chunks
    # are too, so a complete final chunk holds 512..65536 bytes plus its 16-byte tag.
    plaintext = length - _TAG
    return 0 < plaintext <= _CHUNK and plaintext % 512 == 0


class _Counter:
    """A writer that only counts: where a streamed decryption stopped, without keeping data."""

    def __init__(self) -> None:
        self.count = 0

    def write(self, chunk: bytes) -> int:
        self.count += len(chunk)
        return len(chunk)


def _opens(data: bytes, identities: Sequence[EncryptionIdentity]) -> bool:
    try:
        pyrage.decrypt_io(io.BytesIO(data), _Counter(), [i.pyrage_identity for i in identities])
    except Exception:
        return False
    return True


def _diagnose(data: bytes, header_end: int, identities: Sequence[EncryptionIdentity]) -> str:
    """Why a file for our key does not decrypt: ``truncated`` (it ends inside the stream) or
    ``corrupted`` (a chunk fails authentication, or bytes follow a complete, valid file).

    Streaming tells which chunk failed; a valid file followed by garbage is recognised by a
    prefix that ends at a possible final-chunk length and decrypts (at most 128 tries)."""
    counter = _Counter()
    with contextlib.suppress(Exception):
        pyrage.decrypt_io(io.BytesIO(data), counter, [i.pyrage_identity for i in identities])
    start = header_end + _NONCE + (counter.count // _CHUNK) * (_CHUNK + _TAG)
    # A full final chunk is written before the bytes after it are found: try ``start`` too.
    ends = [start] if counter.count else []
    ends += [start + plaintext + _TAG for plaintext in range(512, _CHUNK + 1, 512)]
    for end in ends:
        if end >= len(data):
            break
        if _opens(data[:end], identities):
            return reasons.CORRUPTED  # a whole package with something appended
    return reasons.CORRUPTED if _plausible_final_chunk(len(data) - start) else reasons.TRUNCATED


def decrypt(data: bytes, identities: Sequence[EncryptionIdentity]) -> bytes:
    """Open an age file. ``RejectedInput`` with ``not_age``, ``truncated``,
    ``decrypt_failed`` (none of ``identities`` is a recipient) or ``corrupted`` (damaged,
    changed, or with data appended)."""
    if not data.startswith(AGE_MAGIC):
        raise RejectedInput(reasons.NOT_AGE, "not a binary age file")
    header_end = _header_end(data)
    if header_end is None:
        raise RejectedInput(reasons.TRUNCATED, "age header is incomplete")
    if len(data) - header_end < _NONCE + _TAG:
        raise RejectedInput(reasons.TRUNCATED, "age payload is incomplete")
    try:
        return bytes(pyrage.decrypt(data, [i.pyrage_identity for i in identities]))
    except Exception as exc:  # pyrage.DecryptError; a trust boundary, so nothing else escapes
        message = str(exc).lower()
    if "no matching keys" in message:
        raise RejectedInput(reasons.DECRYPT_FAILED, "not encrypted to our key")
    reason = _diagnose(data, header_end, identities)
    raise RejectedInput(reason, "age payload is cut off or fails authentication")
