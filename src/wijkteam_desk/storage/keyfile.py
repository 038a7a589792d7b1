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

A key file that was damaged must not look like a wrong passphrase (that would count towards the
waiting time and lock the user out for longer and longer). The AEAD tag cannot tell the two
apart, so the file carries a SHA-256 checksum of its fields: a flipped byte, a changed
``vault_id`` or changed parameters are found before any key derivation. The checksum finds
damage, not a forger (anyone who can write the file can also delete it). The Argon2id
parameters are checked before they are used: a huge cost would hang the unlock for minutes, a
lower one than this app writes would weaken the wrap (``check_kdf``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass, field, replace
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


# What this app writes, and how far a future version may raise it; anything else is damage.
# Parallelism only spreads the same work over cores, so any value up to the ceiling is fine.
KDF_WRITTEN = KdfParams()
KDF_CEILING = KdfParams(time_cost=12, memory_cost_kib=1_048_576, parallelism=16)
_KDF_BUDGET = 16 * KDF_WRITTEN.time_cost * KDF_WRITTEN.memory_cost_kib  # ~16× today's unlock
_WRAP_BYTES = {"salt": 16, "nonce": 12, "ciphertext": DEK_BYTES + 16}


def _damaged(why: str, reason: str) -> VaultDamaged:
    return VaultDamaged(why, reason=reason)


def _positive_int(value: object, ceiling: int) -> int:
    # bool is an int in Python; a key file with "time_cost": true is not one we wrote
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= ceiling:
        raise _damaged("key file KDF parameter out of range", "keyfile_kdf")
    return value


def kdf_from_json(data: object) -> KdfParams:
    """The parameters as stored, refused (VaultDamaged) unless they are whole numbers that cost
    no more than ``KDF_CEILING`` and the budget: checked before any key derivation runs."""
    if not isinstance(data, dict) or set(data) != {"time_cost", "memory_cost_kib",
                                                   "parallelism"}:
        raise _damaged("key file KDF parameters malformed", "keyfile_kdf")
    kdf = KdfParams(time_cost=_positive_int(data["time_cost"], KDF_CEILING.time_cost),
                    memory_cost_kib=_positive_int(data["memory_cost_kib"],
                                                  KDF_CEILING.memory_cost_kib),
                    parallelism=_positive_int(data["parallelism"], KDF_CEILING.parallelism))
    if kdf.memory_cost_kib < 8 * kdf.parallelism or \
            kdf.time_cost * kdf.memory_cost_kib > _KDF_BUDGET:
        raise _damaged("key file KDF parameters out of range", "keyfile_kdf")
    return kdf


def check_kdf(kdf: KdfParams, own: KdfParams | None = None) -> None:
    """Accept the parameters this app writes (``own``: the production default unless a test or
    the demo configured cheaper ones) or a future, stronger setting within the ceiling. A lower
    cost is a weakened key file: VaultDamaged, not a wrong passphrase."""
    if kdf == (own or KDF_WRITTEN):
        return
    if kdf.time_cost < KDF_WRITTEN.time_cost or kdf.memory_cost_kib < KDF_WRITTEN.memory_cost_kib:
        raise _damaged("key file KDF parameters weakened", "keyfile_kdf")


def _checksum(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


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
    # False for a key file written before the checksum existed: rewritten on the next unlock.
    checksummed: bool = field(default=True, compare=False)
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
            raise _damaged("key file fields are not base64", "keyfile_unreadable") from exc
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
        bound = replace(self, device_bound=device_secret is not None, checksummed=True)
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
    def _payload(self) -> dict[str, Any]:
        payload = {"format": self.format, "vault_id": self.vault_id, "kdf": asdict(self.kdf),
                   "device_bound": self.device_bound, "passphrase": asdict(self.passphrase),
                   "recovery": asdict(self.recovery)}
        if self.organisation is not None:  # without one the file reads as before the field
            payload["organisation"] = asdict(self.organisation)
        return payload

    def to_json(self) -> str:
        payload = self._payload()
        return json.dumps({**payload, "checksum": _checksum(payload)}, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        """Parse and check a key file. VaultDamaged (with a ``reason``) for anything this app
        did not write: not JSON, a missing or extra field, a wrong type, parameters out of
        range, a checksum that does not match."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise _damaged("key file is not JSON", "keyfile_unreadable") from exc
        if not isinstance(data, dict):
            raise _damaged("key file is not an object", "keyfile_unreadable")
        if data.get("format") != FORMAT:
            raise _damaged("unknown key file format", "keyfile_unreadable")
        known = {"format", "vault_id", "kdf", "device_bound", "passphrase", "recovery"}
        if not known <= set(data) <= known | {"checksum", "organisation"}:
            raise _damaged("key file fields missing", "keyfile_unreadable")
        kdf = kdf_from_json(data["kdf"])
        if not isinstance(data["vault_id"], str) or not isinstance(data["device_bound"], bool):
            raise _damaged("key file field of the wrong type", "keyfile_unreadable")
        keyfile = cls(vault_id=data["vault_id"], kdf=kdf, device_bound=data["device_bound"],
                      passphrase=_wrap(data["passphrase"]), recovery=_wrap(data["recovery"]),
                      format=FORMAT, checksummed="checksum" in data,
                      organisation=_organisation_wrap(data.get("organisation")))
        stored = data.get("checksum")
        if stored is not None and not (isinstance(stored, str) and hmac.compare_digest(
                stored, _checksum(keyfile._payload()))):
            raise _damaged("key file checksum does not match", "keyfile_damaged")
        return keyfile

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            return cls.from_json(path.read_text("utf-8"))
        except UnicodeDecodeError as exc:
            raise _damaged("key file is not UTF-8", "keyfile_unreadable") from exc
        except IsADirectoryError as exc:
            raise _damaged("key file is a folder", "keyfile_unreadable") from exc

    def write(self, path: Path) -> None:
        write_private(path, self.to_json().encode("utf-8"))


def _wrap(data: object) -> Wrap:
    """A wrap as stored: three base64 fields of the sizes AES-256-GCM gives us."""
    if not isinstance(data, dict) or set(data) != set(_WRAP_BYTES):
        raise _damaged("key file wrap malformed", "keyfile_unreadable")
    for name, size in _WRAP_BYTES.items():
        value = data[name]
        try:
            ok = isinstance(value, str) and len(_unb64(value)) == size
        except ValueError:
            ok = False
        if not ok:
            raise _damaged("key file wrap malformed", "keyfile_damaged")
    return Wrap(data["salt"], data["nonce"], data["ciphertext"])
