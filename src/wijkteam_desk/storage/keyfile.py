"""The vault's key file: the random database key (DEK), only ever stored wrapped.

Wraps (AES-256-GCM, the wrap's parameters bound as associated data so a changed parameter fails
like a wrong passphrase and a damaged database is told apart from a wrong passphrase):
- ``passphrase``: KEK = Argon2id(passphrase) — mixed with a device secret from the OS keyring when
  the vault is bound to this device (a copied vault does not open with the passphrase alone);
- ``recovery``: KEK = Argon2id(recovery code), the code shown once at creation;
- ``organisation`` (optional): the key sealed to the organisation's age recipient, with a MAC
  under the key itself (storage/organisation_key.py).
Rewrites are atomic (temp file, fsync, ``os.replace``), so an interrupted passphrase change leaves
the old or the new key file, never neither (R15).
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..domain.errors import OrganisationWrapDamaged, VaultDamaged, WrongPassphrase
from ..files import write_private

FORMAT = 1
DEK_BYTES = 32
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud safely
_RECOVERY_GROUPS = 6
_RECOVERY_GROUP_LEN = 5


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default takes about 0.15-0.3 s on a 2-core laptop (S3: >= 64 MiB)."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        return hash_secret_raw(secret, salt, self.time_cost, self.memory_cost_kib,
                               self.parallelism, 32, Type.ID)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def new_recovery_code() -> str:
    groups = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LEN))
              for _ in range(_RECOVERY_GROUPS)]
    return "-".join(groups)


def normalise_recovery_code(code: str) -> str:
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(plain[i:i + _RECOVERY_GROUP_LEN]
                    for i in range(0, len(plain), _RECOVERY_GROUP_LEN))


@dataclass(frozen=True)
class Wrap:
    salt: str
    nonce: str
    ciphertext: str


@dataclass(frozen=True)
class OrganisationWrap:
    """The DEK sealed to the organisation's ``age1…`` recipient: ``sealed`` is an armored age
    file whose plaintext is the DEK in hex; ``mac`` binds it to this vault (see
    storage/organisation_key.py, which makes and opens it)."""

    recipient: str
    sealed: str
    mac: str


_AGE_ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----"


def _organisation_wrap(data: object) -> OrganisationWrap | None:
    """The optional ``organisation`` field as stored; its shape is checked here, its content
    only when it is used (the MAC needs the key)."""
    if data is None:
        return None
    fields = {"recipient", "sealed", "mac"}
    if not isinstance(data, dict) or set(data) != fields or \
            not all(isinstance(data[f], str) for f in fields) or \
            not data["recipient"].startswith("age1") or len(data["recipient"]) > 200 or \
            not data["sealed"].startswith(_AGE_ARMOR) or len(data["sealed"]) > 4096 or \
            len(data["mac"]) > 100:
        raise OrganisationWrapDamaged("organisation wrap malformed",
                                      reason="organisation_wrap_damaged")
    return OrganisationWrap(data["recipient"], data["sealed"], data["mac"])


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    kdf: KdfParams
    device_bound: bool
    passphrase: Wrap
    recovery: Wrap
    format: int = FORMAT
    # Only present once the organisation's key is set; rewraps keep it (``replace``).
    organisation: OrganisationWrap | None = None

    # -- wrapping ---------------------------------------------------------------------------
    def _header(self, purpose: str, salt: str) -> dict[str, Any]:
        bound = self.device_bound if purpose == "passphrase" else False
        return {"format": self.format, "vault_id": self.vault_id, "kdf": asdict(self.kdf),
                "device_bound": bound, "purpose": purpose, "salt": salt}

    @staticmethod
    def _kek(kdf: KdfParams, secret: bytes, salt: bytes, device_secret: bytes | None) -> bytes:
        stretched = kdf.derive(secret, salt)
        if device_secret is None:
            return stretched
        return HKDF(hashes.SHA256(), 32, salt, b"wijkteam-desk device-bound kek").derive(
            stretched + device_secret)

    def _seal(self, purpose: str, secret: bytes, dek: bytes,
              device_secret: bytes | None) -> Wrap:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = self._kek(self.kdf, secret, salt, device_secret)
        ct = AESGCM(kek).encrypt(nonce, dek, _aad(self._header(purpose, _b64(salt))))
        return Wrap(_b64(salt), _b64(nonce), _b64(ct))

    def _open(self, purpose: str, wrap: Wrap, secret: bytes,
              device_secret: bytes | None) -> bytearray:
        try:
            salt, nonce, ct = _unb64(wrap.salt), _unb64(wrap.nonce), _unb64(wrap.ciphertext)
        except ValueError as exc:
            raise VaultDamaged("key file fields are not base64") from exc
        kek = self._kek(self.kdf, secret, salt, device_secret)
        try:
            dek = AESGCM(kek).decrypt(nonce, ct, _aad(self._header(purpose, wrap.salt)))
        except InvalidTag as exc:
            raise WrongPassphrase() from exc
        return bytearray(dek)

    # -- use cases --------------------------------------------------------------------------
    @classmethod
    def create(cls, passphrase: str, recovery_code: str, kdf: KdfParams,
               device_secret: bytes | None, vault_id: str) -> tuple[KeyFile, bytearray]:
        dek = bytearray(secrets.token_bytes(DEK_BYTES))
        empty = Wrap("", "", "")
        draft = cls(vault_id, kdf, device_secret is not None, empty, empty)
        return draft.rewrap(dek, passphrase, recovery_code, device_secret), dek

    def rewrap(self, dek: bytearray, passphrase: str, recovery_code: str | None,
               device_secret: bytes | None) -> KeyFile:
        """A new passphrase wrap (and recovery wrap when a code is given); the DEK stays."""
        bound = replace(self, device_bound=device_secret is not None)
        pw = bound._seal("passphrase", passphrase.encode("utf-8"), bytes(dek), device_secret)
        rec = self.recovery
        if recovery_code is not None:
            rec = bound._seal("recovery", normalise_recovery_code(recovery_code).encode(),
                              bytes(dek), None)
        return replace(bound, passphrase=pw, recovery=rec)

    def unlock(self, passphrase: str, device_secret: bytes | None) -> bytearray:
        return self._open("passphrase", self.passphrase, passphrase.encode("utf-8"),
                          device_secret if self.device_bound else None)

    def unlock_with_recovery(self, code: str) -> bytearray:
        return self._open("recovery", self.recovery,
                          normalise_recovery_code(code).encode("ascii"), None)

    # -- files ------------------------------------------------------------------------------
    def to_json(self) -> str:
        data = asdict(self)
        if self.organisation is None:  # a key file without one reads as before the field existed
            del data["organisation"]
        return json.dumps(data, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise VaultDamaged("unknown key file format")
            return cls(vault_id=str(data["vault_id"]), kdf=KdfParams(**data["kdf"]),
                       device_bound=bool(data["device_bound"]),
                       passphrase=Wrap(**data["passphrase"]), recovery=Wrap(**data["recovery"]),
                       format=FORMAT,
                       organisation=_organisation_wrap(data.get("organisation")))
        except VaultDamaged:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise VaultDamaged("key file unreadable") from exc

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            return cls.from_json(path.read_text("utf-8"))
        except UnicodeDecodeError as exc:
            raise VaultDamaged("key file unreadable") from exc

    def write(self, path: Path) -> None:
        write_private(path, self.to_json().encode("utf-8"))
