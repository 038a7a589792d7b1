"""The organisation's recovery key: set, show and remove it on an open vault (the app's
Instellingen, ``organisation-key``, and the team when a laptop joins), and read the two files IT
hands out: ``org.pub`` (one ``age1…`` recipient) and, only for ``recover``, ``org.key`` (the
``AGE-SECRET-KEY-1…`` identity, kept offline; this app never stores or makes one).

Files are refused (RejectedInput, exit 4) with a reason of their own, so a user who picks the
secret key where the public key belongs is told to take it off the laptop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import RejectedInput

# The file readers serve the settings screen before a vault is open: storage and pyrage are
# imported where they are used (app start, DESIGN.md).
if TYPE_CHECKING:
    from ..storage.uow import SqlUnitOfWork
    from ..storage.vault import Vault

MAX_KEY_FILE = 4096  # age-keygen writes about 190 bytes; a bigger file is not a key file
SET_ACTION = "vault.organisation_key.set"
REMOVE_ACTION = "vault.organisation_key.remove"
_SECRET_PREFIX = "AGE-SECRET-KEY-"
_RECIPIENT_PREFIX = "age1"


@dataclass(frozen=True)
class OrganisationKeyStatus:
    """What the user compares by phone: the recipient and its fingerprint; ``intact`` is False
    when the wrap in ``vault.key`` does not check out with this vault's key (then set it again)."""

    recipient: str | None
    fingerprint: str | None
    intact: bool

    @property
    def is_set(self) -> bool:
        return self.recipient is not None


NOT_SET = OrganisationKeyStatus(None, None, False)


def fingerprint(recipient: str) -> str:
    """The same grouped fingerprint ``keys list`` shows for an age key (docs/security.md says how
    IT computes it from ``org.pub`` with ``sha256sum``)."""
    from ..exchange.encryption import recipient_fingerprint

    return recipient_fingerprint(recipient)


def _key_lines(path: Path, refusal: str) -> list[str]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEY_FILE + 1)
    except OSError:
        raise RejectedInput("key_file_unreadable", "cannot read", file=str(path)) from None
    if len(raw) > MAX_KEY_FILE:
        raise RejectedInput(refusal, "too large", file=str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedInput(refusal, "not text", file=str(path)) from None
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def parse_recipient(text: str) -> str:
    """``text`` as one ``age1…`` X25519 recipient; RejectedInput(secret_key_given) for an
    identity, RejectedInput(not_organisation_key) for anything else."""
    from ..exchange.encryption import parse_recipient as parse

    text = text.strip()
    if text.upper().startswith(_SECRET_PREFIX):
        raise RejectedInput("secret_key_given", "an identity where a recipient belongs")
    if not text.startswith(_RECIPIENT_PREFIX):
        raise RejectedInput("not_organisation_key", "not an age recipient")
    try:
        return parse(text)
    except RejectedInput:
        raise RejectedInput("not_organisation_key", "not an age X25519 recipient") from None


def read_public_key_file(path: Path) -> str:
    """The one ``age1…`` recipient in ``path`` (``age-keygen -y org.key > org.pub``)."""
    lines = _key_lines(path, "not_organisation_key")
    try:
        if any(line.upper().startswith(_SECRET_PREFIX) for line in lines):
            raise RejectedInput("secret_key_given", "an identity where a recipient belongs")
        if len(lines) > 1:
            raise RejectedInput("several_keys", "more than one line")
        if not lines:
            raise RejectedInput("not_organisation_key", "empty")
        return parse_recipient(lines[0])
    except RejectedInput as error:
        raise RejectedInput(error.reason, str(error), file=str(path)) from None


def read_identity_file(path: Path) -> str:
    """The one ``AGE-SECRET-KEY-1…`` identity in ``path`` (as ``age-keygen -o`` writes it)."""
    from ..exchange.encryption import EncryptionIdentity

    lines = _key_lines(path, "not_organisation_identity")
    secrets = [line for line in lines if line.upper().startswith(_SECRET_PREFIX)]
    if len(secrets) > 1:
        raise RejectedInput("several_keys", "more than one identity", file=str(path))
    if not secrets:
        reason = ("public_key_given" if any(line.startswith(_RECIPIENT_PREFIX) for line in lines)
                  else "not_organisation_identity")
        raise RejectedInput(reason, "no age identity", file=str(path))
    try:
        return EncryptionIdentity.from_secret_string(secrets[0]).secret_string
    except RejectedInput:
        raise RejectedInput("not_organisation_identity", "not an age identity",
                            file=str(path)) from None


def identity_fingerprint(identity: str) -> str:
    """The fingerprint of the recipient that belongs to ``identity``."""
    from ..exchange.encryption import EncryptionIdentity

    return fingerprint(EncryptionIdentity.from_secret_string(identity).recipient)


class OrganisationKeyService:
    """The organisation's key on the open vault. Every change is one audit line
    (``vault.organisation_key.set`` / ``.remove``, with fingerprints), committed with it."""

    def __init__(self, vault: Vault, unit_of_work: Callable[[], SqlUnitOfWork]) -> None:
        self._vault = vault
        self._uow = unit_of_work

    def status(self) -> OrganisationKeyStatus:
        """The key set for this vault (``NOT_SET`` when none), checked against the vault's key.
        Errors: VaultDamaged (``vault.key`` unreadable or another vault's), VaultLocked."""
        from ..storage.organisation_key import wrap_state

        with self._uow():  # holds the vault for the read, like every use of its key
            wrap, intact = wrap_state(self._vault)
        if wrap is None:
            return NOT_SET
        return OrganisationKeyStatus(wrap.recipient, fingerprint(wrap.recipient), intact)

    def set_organisation_key(self, recipient: str) -> OrganisationKeyStatus:
        """Seal this vault's database key to ``recipient`` (an ``age1…`` string) in vault.key,
        replacing any earlier organisation key. The team calls this when a laptop joins. Setting
        the key that is already set (and intact) changes nothing and writes no audit line.

        Errors: RejectedInput (``secret_key_given``, ``not_organisation_key``), VaultDamaged,
        VaultLocked, OSError when vault.key cannot be written (then nothing changed)."""
        from ..storage.organisation_key import set_wrap, wrap_state

        recipient = parse_recipient(recipient)
        with self._uow() as uow:
            current, intact = wrap_state(self._vault)
            if current is not None and current.recipient == recipient and intact:
                return OrganisationKeyStatus(recipient, fingerprint(recipient), True)
            detail: dict[str, object] = {"fingerprint": fingerprint(recipient)}
            if current is not None:
                detail["replaced"] = fingerprint(current.recipient)
            # The line is written in the transaction that commits after vault.key is replaced:
            # a failed rewrite leaves neither the new key nor a line saying it was set.
            uow.audit(SET_ACTION, "vault", self._vault.vault_id, detail=detail)
            set_wrap(self._vault, recipient)
            uow.commit()
        return OrganisationKeyStatus(recipient, fingerprint(recipient), True)

    def set_from_file(self, path: Path) -> OrganisationKeyStatus:
        """``set_organisation_key`` with the recipient in ``path`` (IT's ``org.pub``)."""
        return self.set_organisation_key(read_public_key_file(path))

    def remove(self) -> OrganisationKeyStatus:
        """Take the organisation's key out of vault.key; returns what was removed (``NOT_SET``
        when there was none, and then nothing is written)."""
        from ..storage.organisation_key import remove_wrap, wrap_state

        with self._uow() as uow:
            current, _intact = wrap_state(self._vault)
            if current is None:
                return NOT_SET
            uow.audit(REMOVE_ACTION, "vault", self._vault.vault_id,
                      detail={"fingerprint": fingerprint(current.recipient)})
            remove_wrap(self._vault)
            uow.commit()
        return OrganisationKeyStatus(current.recipient, fingerprint(current.recipient), False)
