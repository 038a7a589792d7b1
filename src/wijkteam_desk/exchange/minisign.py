"""Ed25519 keys and signatures in minisign's file formats (https://jedisct1.github.io/minisign/).

Only the formats are implemented here; the signature scheme itself is ``cryptography``'s Ed25519.
Signatures use minisign's default "prehashed" algorithm (``ED``): the message is hashed with
BLAKE2b-512 and the hash is signed, and a second "global" signature covers the first signature
plus the trusted comment. ``minisign -Vm FILE -p signing.pub`` verifies what ``sign`` writes, and
``minisign -S -s signing.key`` can use a secret key written by ``secret_key_text`` (unencrypted)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons

KEY_ALG = b"Ed"  # key files always say "Ed"
SIG_ALG_PREHASHED = b"ED"  # signatures over BLAKE2b-512(message), minisign's default since 0.8
KDF_NONE = b"\x00\x00"
CHK_ALG = b"B2"
COMMENT_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
MAX_KEY_FILE = 4096
MAX_SIG_FILE = 4096


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None


def _hex_id(key_id: bytes) -> str:
    # minisign prints the key id as a little-endian 64-bit number in upper-case hex.
    return key_id[::-1].hex().upper()


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
        """The key id exactly as minisign shows it (``minisign public key 6553CB0CFE370CB2``)."""
        return _hex_id(self.key_id)

    def fingerprint(self) -> str:
        """What people compare by phone before trusting a key. The key id alone is random and not
        bound to the key, so the fingerprint is a hash over id and key: 128 bits, 8 blocks."""
        digest = hashlib.sha256(KEY_ALG + self.key_id + self.public).hexdigest().upper()
        return group_for_reading(digest[:32])

    def file_text(self, comment: str | None = None) -> str:
        comment = comment or f"minisign public key {self.key_id_hex}"
        blob = base64.b64encode(KEY_ALG + self.key_id + self.public).decode("ascii")
        return f"{COMMENT_PREFIX}{comment}\n{blob}\n"

    @classmethod
    def from_file_text(cls, text: str) -> SigningPublicKey:
        """Parse a minisign public-key file; ``RejectedInput(bad_key_file)`` if it is not one."""
        lines = text.splitlines()
        if len(text) > MAX_KEY_FILE or len(lines) != 2 or not lines[0].startswith(COMMENT_PREFIX):
            raise RejectedInput(reasons.BAD_KEY_FILE, "not a minisign public key file")
        return cls.from_base64(lines[1])

    @classmethod
    def from_base64(cls, text: str) -> SigningPublicKey:
        try:
            blob = _b64decode(text)
        except ValueError:
            raise RejectedInput(reasons.BAD_KEY_FILE, "public key is not base64") from None
        if len(blob) != 42 or blob[:2] != KEY_ALG:
            raise RejectedInput(reasons.BAD_KEY_FILE, "not an Ed25519 minisign public key")
        return cls(key_id=blob[2:10], public=blob[10:])

    def _verifier(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.public)

    def verify(self, message: bytes, signature: MinisignSignature) -> None:
        """Check both the signature over ``message`` and the global signature over the trusted
        comment. ``RejectedInput``: ``unknown_signer`` when the key ids differ,
        ``bad_signature`` when either signature does not verify."""
        if signature.key_id != self.key_id:
            raise RejectedInput(reasons.UNKNOWN_SIGNER, "signed by another key")
        key = self._verifier()
        try:
            key.verify(signature.signature, hashlib.blake2b(message, digest_size=64).digest())
            key.verify(
                signature.global_signature,
                signature.signature + signature.trusted_comment.encode("utf-8"),
            )
        except InvalidSignature:
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

    def file_text(self) -> str:
        blob = base64.b64encode(SIG_ALG_PREHASHED + self.key_id + self.signature).decode("ascii")
        glob = base64.b64encode(self.global_signature).decode("ascii")
        return (
            f"{COMMENT_PREFIX}{self.untrusted_comment}\n{blob}\n"
            f"{TRUSTED_PREFIX}{self.trusted_comment}\n{glob}\n"
        )

    @classmethod
    def from_file_bytes(cls, raw: bytes) -> MinisignSignature:
        """Parse a ``.minisig`` file strictly; ``RejectedInput(malformed_signature)`` otherwise.
        Only the prehashed ``ED`` algorithm is accepted: it is all we ever write."""
        try:
            if len(raw) > MAX_SIG_FILE:
                raise ValueError("too long")
            lines = raw.decode("utf-8").split("\n")
            if lines[-1] == "":
                lines.pop()
            if len(lines) != 4:
                raise ValueError("wrong number of lines")
            if not lines[0].startswith(COMMENT_PREFIX) or not lines[2].startswith(TRUSTED_PREFIX):
                raise ValueError("missing comment lines")
            blob = _b64decode(lines[1])
            glob = _b64decode(lines[3])
        except (ValueError, UnicodeDecodeError):
            raise RejectedInput(reasons.MALFORMED_SIGNATURE, "not a minisign signature") from None
        if len(blob) != 74 or blob[:2] != SIG_ALG_PREHASHED or len(glob) != 64:
            raise RejectedInput(reasons.MALFORMED_SIGNATURE, "unsupported minisign signature")
        return cls(
            key_id=blob[2:10],
            signature=blob[10:],
            trusted_comment=lines[2][len(TRUSTED_PREFIX) :],
            global_signature=glob,
            untrusted_comment=lines[0][len(COMMENT_PREFIX) :],
        )


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

    def secret_key_text(self) -> str:
        """minisign's secret-key file, unencrypted (as ``minisign -G -W`` writes it); the file
        must be protected by its permissions and the folder it is in."""
        secret = self.seed + self._public.public  # libsodium's 64-byte secret key layout
        checksum = hashlib.blake2b(KEY_ALG + self.key_id + secret, digest_size=32).digest()
        blob = (
            KEY_ALG
            + KDF_NONE
            + CHK_ALG
            + bytes(32)
            + bytes(8)
            + bytes(8)  # salt, ops, mem unused
            + self.key_id
            + secret
            + checksum
        )
        comment = "minisign unencrypted secret key"
        return f"{COMMENT_PREFIX}{comment}\n{base64.b64encode(blob).decode('ascii')}\n"

    @classmethod
    def from_secret_key_text(cls, text: str) -> SigningKey:
        """Read an unencrypted minisign secret-key file (ours or ``minisign -G -W``)."""
        lines = text.splitlines()
        if len(text) > MAX_KEY_FILE or len(lines) != 2 or not lines[0].startswith(COMMENT_PREFIX):
            raise RejectedInput(reasons.BAD_KEY_FILE, "not a minisign secret key file")
        try:
            blob = _b64decode(lines[1])
        except ValueError:
            raise RejectedInput(reasons.BAD_KEY_FILE, "secret key is not base64") from None
        if len(blob) != 158 or blob[:2] != KEY_ALG or blob[4:6] != CHK_ALG:
            raise RejectedInput(reasons.BAD_KEY_FILE, "not an Ed25519 minisign secret key")
        if blob[2:4] != KDF_NONE:
            raise RejectedInput(reasons.BAD_KEY_FILE, "password-protected keys are not supported")
        key_id, secret = blob[54:62], blob[62:126]
        key = cls(key_id=key_id, seed=secret[:32])
        if key.public_key.public != secret[32:]:
            raise RejectedInput(reasons.BAD_KEY_FILE, "secret and public half do not match")
        return key


def sign(signer: Signer, message: bytes, trusted_comment: str) -> MinisignSignature:
    """Sign ``message`` the way ``minisign -S`` does by default (prehashed)."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise ValueError("a trusted comment is one line")
    signature = signer.sign_raw(hashlib.blake2b(message, digest_size=64).digest())
    global_signature = signer.sign_raw(signature + trusted_comment.encode("utf-8"))
    return MinisignSignature(
        key_id=signer.public_key.key_id,
        signature=signature,
        trusted_comment=trusted_comment,
        global_signature=global_signature,
    )
