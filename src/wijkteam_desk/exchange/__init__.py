"""VT package format: canonical JSON, minisign signatures, age encryption, schemas, verification.

Pure library: no database, no Qt. See ``docs/exchange-format.md``."""

from __future__ import annotations

from wijkteam_desk.exchange.encryption import EncryptionIdentity, recipient_fingerprint
from wijkteam_desk.exchange.keys import (
    IdentityKeys,
    PublicKeys,
    load_identity_folder,
    load_public_folder,
    vt_keygen,
    write_public_folder,
)
from wijkteam_desk.exchange.minisign import Signer, SigningKey, SigningPublicKey
from wijkteam_desk.exchange.package import (
    DEFAULT_MAX_BYTES,
    BuiltPackage,
    Manifest,
    OpenedPackage,
    build_package,
    open_package,
    read_limited,
)
from wijkteam_desk.exchange.schemas import KINDS
from wijkteam_desk.exchange.vt import make_receipt, receipt_payload

__all__ = [
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "BuiltPackage",
    "EncryptionIdentity",
    "IdentityKeys",
    "Manifest",
    "OpenedPackage",
    "PublicKeys",
    "Signer",
    "SigningKey",
    "SigningPublicKey",
    "build_package",
    "load_identity_folder",
    "load_public_folder",
    "make_receipt",
    "open_package",
    "read_limited",
    "receipt_payload",
    "recipient_fingerprint",
    "vt_keygen",
    "write_public_folder",
]
