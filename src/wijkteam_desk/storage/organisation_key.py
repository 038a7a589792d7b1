"""The organisation's recovery key (DESIGN.md "The vault" (b)): the database key (DEK) sealed to
an age recipient whose identity the organisation keeps offline, and opening a vault with it.

The wrap (``KeyFile.organisation`` in ``vault.key``):
- ``sealed``: a standard armored age file to the recipient; its plaintext is the DEK as 64 hex
  characters, so IT can open it with the ``age`` tool alone and, in an emergency, the database
  with ``sqlcipher`` (docs/security.md says how);
- ``mac``: HMAC-SHA256 under a key derived from the DEK (HKDF) over the format, vault id,
  purpose, recipient and ``sealed``. age does not authenticate a sender (anyone can seal anything
  to a public key), so this is what makes the wrap "authenticated like the other wraps": only a
  holder of the DEK can make one that checks out. A changed recipient, a swapped age file or a
  wrap copied from another vault is damage (exit 5), never mistaken for a wrong identity (exit 3).

The organisation's identity never comes near the vault: ``recover_with_organisation_key`` gets it
from the caller (read from a file the user names), uses it in memory and stores nothing of it.
pyrage is imported where a wrap is made or opened, not when a vault is unlocked."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import string
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.exc import DBAPIError

from ..domain.errors import (
    NoOrganisationKey,
    OrganisationWrapDamaged,
    RejectedInput,
    VaultDamaged,
    WrongOrganisationKey,
)
from ..paths import AppPaths
from . import audit
from .engine import connect
from .keyfile import DEK_BYTES, FORMAT, KeyFile, OrganisationWrap
from .lock import VaultLock
from .secretstore import SecretStore
from .throttle import UnlockThrottle
from .uow import translate_database_error
from .vault import (
    Vault,
    _new_device_secret,
    _open_engine,
    _refuse_unusable_database,
    check_passphrase,
)

PURPOSE = "organisation"
RECOVER_ACTION = "vault.organisation_key.recover"
_MAC_INFO = b"wijkteam-desk organisation wrap"
_HEX = frozenset(string.hexdigits.lower())


def _mac(dek: bytes, vault_id: str, recipient: str, sealed: str) -> str:
    key = HKDF(hashes.SHA256(), 32, None, _MAC_INFO).derive(dek)
    header = json.dumps({"format": FORMAT, "vault_id": vault_id, "purpose": PURPOSE,
                         "recipient": recipient, "sealed": sealed},
                        sort_keys=True, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(hmac.new(key, header, hashlib.sha256).digest()).decode("ascii")


def seal(dek: bytes, recipient: str, vault_id: str) -> OrganisationWrap:
    """Seal ``dek`` to ``recipient`` (an ``age1…`` X25519 recipient) for vault ``vault_id``.
    RejectedInput(not_organisation_key) for anything pyrage does not read as a recipient."""
    import pyrage
    from pyrage import x25519

    try:
        to = x25519.Recipient.from_str(recipient)
    except Exception:  # pyrage.RecipientError, and whatever a future pyrage raises
        raise RejectedInput("not_organisation_key", "not an age X25519 recipient") from None
    sealed = bytes(pyrage.encrypt(dek.hex().encode("ascii"), [to], armored=True)).decode("ascii")
    return OrganisationWrap(recipient, sealed, _mac(dek, vault_id, recipient, sealed))


def authentic(wrap: OrganisationWrap, dek: bytes, vault_id: str) -> bool:
    """True when ``wrap`` was made for this vault with this DEK and is unchanged since."""
    return hmac.compare_digest(wrap.mac, _mac(dek, vault_id, wrap.recipient, wrap.sealed))


def unseal(wrap: OrganisationWrap, identity: str, vault_id: str,
           opens: Callable[[bytearray], bool]) -> bytearray:
    """The DEK from ``wrap`` with the organisation's ``identity`` (``AGE-SECRET-KEY-1…``).

    ``opens(dek)`` says whether a key opens this vault's database. Errors: WrongOrganisationKey
    (an identity of another recipient), OrganisationWrapDamaged with reason
    ``organisation_wrap_damaged`` (changed or damaged) or ``organisation_wrap_foreign`` (it
    holds another vault's key), VaultDamaged(unreadable) when an intact wrap's key does not open
    the database (the database is what is damaged)."""
    import pyrage
    from pyrage import x25519

    try:
        me = x25519.Identity.from_str(identity.strip())
    except Exception:
        raise RejectedInput("not_organisation_identity", "not an age identity") from None
    try:
        plain = bytes(pyrage.decrypt(wrap.sealed.encode("ascii"), [me]))
    except Exception:  # pyrage.DecryptError, a broken armor: nothing of ours to trust
        if str(me.to_public()) != wrap.recipient:
            raise WrongOrganisationKey("identity of another recipient") from None
        raise OrganisationWrapDamaged("sealed key does not decrypt",
                                      reason="organisation_wrap_damaged") from None
    text = plain.decode("ascii", "replace")
    if len(text) != 2 * DEK_BYTES or not set(text) <= _HEX:
        raise OrganisationWrapDamaged("sealed key is not a key", reason="organisation_wrap_damaged")
    dek = bytearray(bytes.fromhex(text))
    if authentic(wrap, bytes(dek), vault_id):
        if not opens(dek):
            raise VaultDamaged("database does not open with its own key", reason="unreadable")
        return dek
    # The MAC fails: if the key still opens this database, the wrap was changed (a recipient
    # or age file swapped in); if not, it is another vault's wrap.
    reason = "organisation_wrap_damaged" if opens(dek) else "organisation_wrap_foreign"
    dek[:] = bytes(len(dek))
    raise OrganisationWrapDamaged("organisation wrap fails its MAC", reason=reason)


# -- on an open vault ----------------------------------------------------------------------------
def _current_keyfile(vault: Vault) -> KeyFile:
    """``vault.key`` as on disk (the truth a rewrite starts from), and it must be this vault's."""
    keyfile = KeyFile.read(vault.paths.keyfile)
    if keyfile.vault_id != vault.vault_id:
        raise VaultDamaged("key file belongs to another vault", reason="foreign")
    return keyfile


def wrap_state(vault: Vault) -> tuple[OrganisationWrap | None, bool]:
    """The wrap in ``vault.key`` (None when not set) and whether it is authentic."""
    keyfile = _current_keyfile(vault)
    wrap = keyfile.organisation
    return wrap, wrap is not None and authentic(wrap, bytes(vault._key), keyfile.vault_id)


def set_wrap(vault: Vault, recipient: str) -> OrganisationWrap | None:
    """Seal the open vault's key to ``recipient`` in ``vault.key`` (atomic rewrite); returns the
    wrap it replaced. The passphrase and recovery wraps stay as they are."""
    keyfile = _current_keyfile(vault)
    wrap = seal(bytes(vault._key), recipient, keyfile.vault_id)
    vault.keyfile = replace(keyfile, organisation=wrap)
    vault.keyfile.write(vault.paths.keyfile)
    return keyfile.organisation


def remove_wrap(vault: Vault) -> OrganisationWrap | None:
    """Take the organisation's wrap out of ``vault.key``; returns it (None: there was none)."""
    keyfile = _current_keyfile(vault)
    if keyfile.organisation is not None:
        vault.keyfile = replace(keyfile, organisation=None)
        vault.keyfile.write(vault.paths.keyfile)
    return keyfile.organisation


def recipient_of(paths: AppPaths) -> str | None:
    """The recipient in ``vault.key`` without unlocking (it is public); None when not set, when
    there is no key file, or when it cannot be read (opening says why)."""
    try:
        wrap = KeyFile.read(paths.keyfile).organisation
    except (OSError, VaultDamaged):
        return None
    return wrap.recipient if wrap else None


# -- recovery ------------------------------------------------------------------------------------
def _opens(paths: AppPaths) -> Callable[[bytearray], bool]:
    def opens(dek: bytearray) -> bool:
        try:
            connect(paths.database, bytearray(dek)).close()
        except VaultDamaged:
            return False
        return True

    return opens


def recover_with_organisation_key(paths: AppPaths, identity: str, new_passphrase: str,
                                  secrets: SecretStore, now: Callable[[], datetime],
                                  actor: str, device: str,
                                  detail: dict[str, Any] | None = None) -> bool:
    """Set a new passphrase with the organisation's identity, when passphrase and recovery code
    are both lost. The use is written into the audit chain (``vault.organisation_key.recover``,
    with ``detail``) before the key file changes: no recovery without its audit line.

    Binds the vault to this device's keyring when there is one; returns whether it did. The
    organisation wrap and the recovery wrap stay. Errors: ValidationError (short passphrase),
    VaultMissing, VaultDamaged, VaultInUse, NoOrganisationKey, WrongOrganisationKey,
    OrganisationWrapDamaged. Not throttled: the identity is a 256-bit key, not a guessable
    secret, and IT must not wait out a user's wrong passphrases."""
    check_passphrase(new_passphrase)
    _refuse_unusable_database(paths)
    lock = VaultLock(paths.lockfile)
    lock.acquire()
    try:
        keyfile = KeyFile.read(paths.keyfile)
        if keyfile.organisation is None:
            raise NoOrganisationKey()
        dek = unseal(keyfile.organisation, identity, keyfile.vault_id, _opens(paths))
        vault = _open_engine(paths, keyfile, dek, lock, now())
        try:
            try:
                with vault.session_factory() as session:
                    audit.append(session, at=now(), actor=actor, device=device,
                                 action=RECOVER_ACTION, object_type="vault",
                                 object_id=keyfile.vault_id, detail=detail)
                    session.commit()
            except DBAPIError as exc:  # a full disk, a damaged page: no line, so no recovery
                raise translate_database_error(exc) or VaultDamaged(
                    "audit line not written", reason="unreadable") from exc
            secret = _new_device_secret(keyfile.vault_id, secrets)
            keyfile.rewrap(dek, new_passphrase, None, secret).write(paths.keyfile)
        finally:
            vault.close()  # disposes the engine, zeroes the key, releases the lock
        UnlockThrottle(paths.throttle, now).succeeded()  # the new passphrase works at once
        return secret is not None
    finally:
        lock.release()
