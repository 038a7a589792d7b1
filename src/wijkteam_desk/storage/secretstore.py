"""The device secret that binds a vault to this machine, kept in the OS keyring.

Only a *secure* keyring is used (S4): the fail, null and chainer-without-backends backends and
everything from ``keyrings.alt`` (plaintext or weakly encrypted files) are refused, and the vault
is then simply not device-bound. The keyring never holds the database key or the passphrase.
"""

from __future__ import annotations

import base64
import secrets
from typing import Protocol

SERVICE = "wijkteam-desk"
_INSECURE_MODULE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class SecretStore(Protocol):
    def available(self) -> bool: ...
    def get(self, vault_id: str) -> bytes | None: ...
    def create(self, vault_id: str) -> bytes: ...


class KeyringSecretStore:
    """Adapter over the ``keyring`` package; any backend error counts as "no keyring"."""

    def __init__(self, backend: object | None = None) -> None:
        self._backend = backend

    def _keyring(self) -> object | None:
        try:
            import keyring
            from keyring.backends import chainer

            backend = self._backend or keyring.get_keyring()
        except Exception:
            return None
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return None
        module = type(backend).__module__
        if module.startswith(_INSECURE_MODULE_PREFIXES):
            return None
        priority = getattr(backend, "priority", 0)
        if isinstance(priority, (int, float)) and priority <= 0:
            return None
        return backend

    def available(self) -> bool:
        return self._keyring() is not None

    def get(self, vault_id: str) -> bytes | None:
        backend = self._keyring()
        if backend is None:
            return None
        try:
            value = backend.get_password(SERVICE, vault_id)  # type: ignore[attr-defined]
        except Exception:
            return None
        return base64.b64decode(value) if value else None

    def create(self, vault_id: str) -> bytes:
        backend = self._keyring()
        if backend is None:
            raise RuntimeError("no secure keyring")
        secret = secrets.token_bytes(32)
        backend.set_password(SERVICE, vault_id,  # type: ignore[attr-defined]
                             base64.b64encode(secret).decode("ascii"))
        if self.get(vault_id) != secret:
            raise RuntimeError("keyring did not keep the secret")
        return secret


class NoSecretStore:
    """For machines without a keyring, and for an explicit opt-out."""

    def available(self) -> bool:
        return False

    def get(self, vault_id: str) -> bytes | None:
        return None

    def create(self, vault_id: str) -> bytes:
        raise RuntimeError("no secure keyring")
