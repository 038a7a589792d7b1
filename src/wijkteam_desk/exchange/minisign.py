"""Ed25519 keys and signatures in minisign's file formats, through ``py-minisign`` (the Python
implementation minisign's own page lists; https://jedisct1.github.io/minisign/).

The library parses, checks, writes, signs and verifies; this module adds what the exchange
needs around it: minisign's way of printing a key id, fingerprints to compare by phone, size
caps and reason codes for untrusted input, refusing the legacy non-prehashed ``Ed`` signatures,
and keys kept as (key id, Ed25519 seed) inside a vault. For that last need py-minisign has no
public constructor (nor accessor), so ``_library_key`` assembles the 158-byte unencrypted
secret-key record itself and lets the library check it. ``minisign -Vm FILE -p signing.pub``
verifies what ``sign`` writes, and ``minisign -S -s signing.key`` uses a ``secret_key_text``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from typing import Protocol

import minisign as library
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from minisign.algo import SignatureAlgorithm

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons

KEY_ALG = b"Ed"  # key files always say "Ed"
MAX_KEY_FILE = 4096
MAX_SIG_FILE = 4096


def _b64decode(text: str | bytes) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None


def _hex_id(key_id: bytes) -> str:
    # minisign prints the key id as a little-endian 64-bit number in upper-case hex.
    return key_id[::-1].hex().upper()


def _comment(text: str) -> str:
    # py-minisign (like minisign's spec for untrusted comments) wants printable ASCII; a team
    # name such as "Wijkteam Zoë" is shown as "Wijkteam Zoe" there. The comment is informative.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain if " " <= ch < "\x7f")


def group_for_reading(hex_text: str) -> str:
    """``"3F2A9C01…"`` → ``"3F2A 9C01 …"``: blocks of four are easy to read aloud by phone."""
    return " ".join(hex_text[i : i + 4] for i in range(0, len(hex_text), 4))


@dataclass(frozen=True)
class SigningPublicKey:
    key_id: bytes  # 8 random bytes chosen at key generation
    public: bytes  # 32-byte Ed25519 public key

    def __post_init__(self) -> None:
        if len(self.key_id) != 8 or len(self.public) != 32:
            raise ValueError("a minisign public key has an 8-byte id and a 32-byte key")

    @property
    def key_id_hex(self) -> str:
        """The key id as the exchange writes it: 16 digits (minisign drops leading zeros)."""
        return _hex_id(self.key_id)

    def fingerprint(self) -> str:
        """What people compare by phone before trusting a key. The key id alone is random and not
        bound to the key, so the fingerprint is a hash over id and key: 128 bits, 8 blocks."""
        digest = hashlib.sha256(KEY_ALG + self.key_id + self.public).hexdigest().upper()
        return group_for_reading(digest[:32])

    def _library(self) -> library.PublicKey:
        return library.PublicKey.from_base64(base64.b64encode(KEY_ALG + self.key_id + self.public))

    def file_text(self, comment: str | None = None) -> str:
        key = self._library()
        key.untrusted_comment = _comment(comment or f"minisign public key {self.key_id_hex}")
        return bytes(key).decode("ascii") + "\n"

    @classmethod
    def from_file_text(cls, text: str) -> SigningPublicKey:
        """Parse a minisign public-key file; ``RejectedInput(bad_key_file)`` if it is not one."""
        if len(text) > MAX_KEY_FILE:
            raise RejectedInput(reasons.BAD_KEY_FILE, "not a minisign public key file")
        try:
            key = library.PublicKey.from_bytes(text.encode("utf-8"))
        except (library.Error, UnicodeError):
            raise RejectedInput(reasons.BAD_KEY_FILE, "not a minisign public key file") from None
        return cls.from_base64(key.to_base64().decode("ascii"))

    @classmethod
    def from_base64(cls, text: str) -> SigningPublicKey:
        try:
            library.PublicKey.from_base64(text.strip())
            blob = _b64decode(text)
        except (library.Error, ValueError):
            raise RejectedInput(reasons.BAD_KEY_FILE, "not a minisign public key") from None
        return cls(key_id=blob[2:10], public=blob[10:])

    def verify(self, message: bytes, signature: MinisignSignature) -> None:
        """Check both the signature over ``message`` and the global signature over the trusted
        comment. ``RejectedInput``: ``unknown_signer`` when the key ids differ,
        ``bad_signature`` when either signature does not verify."""
        if signature.key_id != self.key_id:
            raise RejectedInput(reasons.UNKNOWN_SIGNER, "signed by another key")
        try:
            self._library().verify(message, signature.library())
        except library.Error:
            raise RejectedInput(reasons.BAD_SIGNATURE, "signature does not verify") from None


class Signer(Protocol):
    """What building a package needs from a signing key; the vault may supply its own."""

    @property
    def public_key(self) -> SigningPublicKey: ...

    def sign_raw(self, data: bytes) -> bytes:
        """Plain Ed25519 signature (64 bytes) over ``data``."""
        ...


@dataclass(frozen=True)
class MinisignSignature:
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    untrusted_comment: str = "signature from minisign secret key"

    def library(self) -> library.Signature:
        """The same signature as a py-minisign object (its dataclass constructor)."""
        return library.Signature(
            _untrusted_comment=self.untrusted_comment,
            _signature_algorithm=SignatureAlgorithm.PREHASHED_ED_DSA,
            _key_id=self.key_id,
            _signature=self.signature,
            _trusted_comment=self.trusted_comment,
            _global_signature=self.global_signature,
        )

    def file_text(self) -> str:
        return bytes(self.library()).decode("utf-8") + "\n"

    @classmethod
    def from_file_bytes(cls, raw: bytes) -> MinisignSignature:
        """Parse a ``.minisig`` file strictly; ``RejectedInput(malformed_signature)`` otherwise.
        Only the prehashed ``ED`` algorithm is accepted: it is all we ever write."""
        try:
            if len(raw) > MAX_SIG_FILE or raw.count(b"\n") > 4:
                raise ValueError("not a signature file")
            parsed = library.Signature.from_bytes(raw)
            lines = raw.decode("utf-8").splitlines()
            blob = _b64decode(lines[1])
        except (library.Error, ValueError, UnicodeError, IndexError):
            raise RejectedInput(reasons.MALFORMED_SIGNATURE, "not a minisign signature") from None
        if not parsed.is_prehashed():
            raise RejectedInput(reasons.MALFORMED_SIGNATURE, "unsupported minisign signature")
        return cls(
            key_id=blob[2:10],
            signature=blob[10:],
            trusted_comment=parsed.trusted_comment,
            global_signature=_b64decode(lines[3]),
            untrusted_comment=parsed.untrusted_comment,
        )


def _library_key(key_id: bytes, seed: bytes, public: bytes) -> library.SecretKey:
    """A py-minisign secret key from a vault's key id and seed (no public constructor exists):
    minisign's unencrypted record (algorithms, unused KDF fields, key id, secret, public,
    BLAKE2b checksum), checked by the library as it parses it."""
    checksum = hashlib.blake2b(KEY_ALG + key_id + seed + public, digest_size=32).digest()
    record = KEY_ALG + b"\x00\x00" + b"B2" + bytes(48) + key_id + seed + public + checksum
    return library.SecretKey.from_base64(base64.b64encode(record))


class SigningKey:
    """An Ed25519 key pair with a minisign key id. Implements ``Signer``."""

    def __init__(self, key_id: bytes, seed: bytes) -> None:
        if len(key_id) != 8 or len(seed) != 32:
            raise ValueError("a minisign secret key has an 8-byte id and a 32-byte seed")
        self.key_id = key_id
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        raw_public = self._private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self._public = SigningPublicKey(key_id=key_id, public=raw_public)
        self._library = _library_key(key_id, seed, raw_public)

    @classmethod
    def generate(cls) -> SigningKey:
        seed = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(key_id=os.urandom(8), seed=seed)

    @property
    def public_key(self) -> SigningPublicKey:
        return self._public

    @property
    def seed(self) -> bytes:
        """The 32-byte secret; with ``key_id`` all that a vault needs to store."""
        return self._private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    def sign_raw(self, data: bytes) -> bytes:
        return self._private.sign(data)

    def sign_minisign(self, message: bytes, trusted_comment: str) -> MinisignSignature:
        """``minisign -S``: prehashed, by py-minisign."""
        signature = self._library.sign(message, prehash=True, trusted_comment=trusted_comment)
        return MinisignSignature.from_file_bytes(bytes(signature))

    def secret_key_text(self) -> str:
        """minisign's secret-key file, unencrypted (as ``minisign -G -W`` writes it); the file
        must be protected by its permissions and the folder it is in."""
        self._library.untrusted_comment = "minisign unencrypted secret key"
        return bytes(self._library).decode("ascii") + "\n"

    @classmethod
    def from_secret_key_text(cls, text: str) -> SigningKey:
        """Read an unencrypted minisign secret-key file (ours or ``minisign -G -W``)."""
        if len(text) > MAX_KEY_FILE:
            raise RejectedInput(reasons.BAD_KEY_FILE, "not a minisign secret key file")
        try:
            key = library.SecretKey.from_bytes(text.encode("utf-8"))
            encrypted = key.is_encrypted()
            record = _b64decode(key.to_base64())
        except (library.Error, ValueError, UnicodeError):
            raise RejectedInput(reasons.BAD_KEY_FILE, "not a minisign secret key file") from None
        if encrypted:
            raise RejectedInput(reasons.BAD_KEY_FILE, "password-protected keys are not supported")
        key_id, seed, public = record[54:62], record[62:94], record[94:126]
        signing = cls(key_id=key_id, seed=seed)
        if signing.public_key.public != public:
            raise RejectedInput(reasons.BAD_KEY_FILE, "secret and public half do not match")
        return signing


def sign(signer: Signer, message: bytes, trusted_comment: str) -> MinisignSignature:
    """Sign ``message`` the way ``minisign -S`` does by default (prehashed)."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise ValueError("a trusted comment is one line")
    if isinstance(signer, SigningKey):
        return signer.sign_minisign(message, trusted_comment)
    # Another Signer (a key held elsewhere): the same two signatures, made with sign_raw.
    signature = signer.sign_raw(hashlib.blake2b(message, digest_size=64).digest())
    global_signature = signer.sign_raw(signature + trusted_comment.encode("utf-8"))
    return MinisignSignature(
        key_id=signer.public_key.key_id,
        signature=signature,
        trusted_comment=trusted_comment,
        global_signature=global_signature,
    )
