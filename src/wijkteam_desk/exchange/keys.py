"""Key folders: the public folder exchanged between team and VT (``keys export`` /
``keys trust DIR``, ``--to DIR``) and the VT side's secret identity folder (``vt keygen``).

Public folder: ``signing.pub`` (minisign public-key file) and ``encryption.pub`` (one ``age1…``
line). Identity folder: the same two plus ``signing.key`` (unencrypted minisign secret key) and
``encryption.key`` (age identity, as ``age-keygen`` writes it); secret files 0600, folder 0700."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.encryption import (
    EncryptionIdentity,
    recipient_file_text,
    recipient_fingerprint,
    recipient_from_file_text,
)
from wijkteam_desk.exchange.minisign import SigningKey, SigningPublicKey

SIGNING_PUB = "signing.pub"
ENCRYPTION_PUB = "encryption.pub"
SIGNING_KEY = "signing.key"
ENCRYPTION_KEY = "encryption.key"
_MAX_KEY_FILE = 4096


@dataclass(frozen=True)
class PublicKeys:
    signing: SigningPublicKey
    encryption: str  # age1…

    @property
    def signing_fingerprint(self) -> str:
        return self.signing.fingerprint()

    @property
    def encryption_fingerprint(self) -> str:
        return recipient_fingerprint(self.encryption)


@dataclass(frozen=True)
class IdentityKeys:
    signing: SigningKey
    encryption: EncryptionIdentity

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(signing=self.signing.public_key, encryption=self.encryption.recipient)


def _read_key_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_KEY_FILE + 1)
    except FileNotFoundError:
        raise RejectedInput(reasons.BAD_KEY_FILE, "key file missing", file=path.name) from None
    if len(raw) > _MAX_KEY_FILE:
        raise RejectedInput(reasons.BAD_KEY_FILE, "key file too large", file=path.name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedInput(reasons.BAD_KEY_FILE, "key file is not text", file=path.name) from None


def _with_file(error: RejectedInput, name: str) -> RejectedInput:
    return RejectedInput(error.reason, str(error), file=name)


def load_public_folder(folder: Path) -> PublicKeys:
    """Read ``signing.pub`` and ``encryption.pub``; ``RejectedInput(bad_key_file)`` naming the
    file (``facts["file"]``) when one is missing or not a key. ``OSError`` for other I/O trouble."""
    try:
        signing = SigningPublicKey.from_file_text(_read_key_file(folder / SIGNING_PUB))
    except RejectedInput as error:
        raise _with_file(error, SIGNING_PUB) from None
    try:
        encryption = recipient_from_file_text(_read_key_file(folder / ENCRYPTION_PUB))
    except RejectedInput as error:
        raise _with_file(error, ENCRYPTION_PUB) from None
    return PublicKeys(signing=signing, encryption=encryption)


def load_identity_folder(folder: Path) -> IdentityKeys:
    """Read the secret ``signing.key`` and ``encryption.key`` of a ``vt keygen`` folder."""
    try:
        signing = SigningKey.from_secret_key_text(_read_key_file(folder / SIGNING_KEY))
    except RejectedInput as error:
        raise _with_file(error, SIGNING_KEY) from None
    try:
        encryption = EncryptionIdentity.from_file_text(_read_key_file(folder / ENCRYPTION_KEY))
    except RejectedInput as error:
        raise _with_file(error, ENCRYPTION_KEY) from None
    return IdentityKeys(signing=signing, encryption=encryption)


def write_private_file(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Create ``path`` with mode 0600 from the start (no window where it is world-readable)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.chmod(path, 0o600)  # O_CREAT's mode is filtered by the umask; be explicit


def make_private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def write_public_folder(folder: Path, keys: PublicKeys, name: str = "") -> None:
    """``keys export DIR``: write ``signing.pub`` and ``encryption.pub`` (overwriting them).
    Public keys, so 0644: the folder is meant to be handed over."""
    folder.mkdir(parents=True, exist_ok=True)
    label = f" ({name})" if name else ""
    comment = f"minisign public key {keys.signing.key_id_hex}{label}"
    (folder / SIGNING_PUB).write_text(keys.signing.file_text(comment), encoding="utf-8")
    (folder / ENCRYPTION_PUB).write_text(
        recipient_file_text(keys.encryption, f"age public key{label}"), encoding="utf-8"
    )


def vt_keygen(folder: Path, now: datetime, name: str = "Veilig Thuis") -> IdentityKeys:
    """Create a VT identity folder: new signing and encryption keys, secret files 0600 in a
    0700 folder, plus the public files to hand to teams. Refuses (``ValidationError``
    ``keys_exist``) to overwrite keys that are already there."""
    make_private_dir(folder)
    existing = [
        n
        for n in (SIGNING_KEY, ENCRYPTION_KEY, SIGNING_PUB, ENCRYPTION_PUB)
        if (folder / n).exists()
    ]
    if existing:
        raise ValidationError("keys_exist", files=existing)
    keys = IdentityKeys(signing=SigningKey.generate(), encryption=EncryptionIdentity.generate())
    write_private_file(folder / SIGNING_KEY, keys.signing.secret_key_text())
    write_private_file(folder / ENCRYPTION_KEY, keys.encryption.file_text(now))
    write_public_folder(folder, keys.public, name)
    for public_file in (SIGNING_PUB, ENCRYPTION_PUB):
        os.chmod(folder / public_file, 0o600)  # the whole identity folder stays private
    return keys
