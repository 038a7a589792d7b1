"""Typed errors. Each carries a stable ``code``; user-facing Dutch text is chosen by the caller
(``wijkteam_desk.texts`` for the command line, ``ui/`` for the app), never built here."""

from __future__ import annotations

from typing import Any


class WijkteamError(Exception):
    """Base of every error the app raises on purpose."""

    code = "error"
    exit_status = 1

    def __init__(self, message: str = "", **facts: Any) -> None:
        super().__init__(message or self.code)
        self.facts = facts


class ValidationError(WijkteamError):
    """Input that breaks a rule: an empty name, a date in the wrong order, a second regisseur."""

    code = "validation"

    def __init__(self, code: str, message: str = "", **facts: Any) -> None:
        super().__init__(message or code, **facts)
        self.code = code


class NotFound(WijkteamError):
    code = "not_found"


class DocumentElsewhere(NotFound):
    """A colleague's document: its list travels with the household, its bytes stay on the laptop
    of the dossierhouder (storage/household_doc.LOCAL)."""

    code = "attachment_elsewhere"


class WrongPassphrase(WijkteamError):
    code = "wrong_passphrase"
    exit_status = 3


class TooManyAttempts(WijkteamError):
    code = "too_many_attempts"
    exit_status = 3


class AttemptsFileUnusable(WijkteamError):
    """``unlock-attempts.json`` is a folder or cannot be read or written: the count of wrong
    passphrases cannot be kept, so nothing is opened until the user removes it."""

    code = "attempts_file_unusable"
    exit_status = 1


class VaultInUse(WijkteamError):
    code = "vault_in_use"
    exit_status = 3


class VaultLocked(WijkteamError):
    """Work asked of a vault that was locked meanwhile (a background load, a late click)."""

    code = "vault_locked"
    exit_status = 3


class VaultMissing(WijkteamError):
    code = "vault_missing"
    exit_status = 1


class VaultExists(WijkteamError):
    code = "vault_exists"
    exit_status = 1


class VaultDamaged(WijkteamError):
    """The database or key file is empty, truncated, foreign or tampered with."""

    code = "vault_damaged"
    exit_status = 5


class OrganisationWrapDamaged(VaultDamaged):
    """The database key sealed to the organisation's key in ``vault.key`` was changed, damaged or
    copied from another vault (``reason``): told apart from a wrong organisation key."""

    code = "organisation_wrap_damaged"
    exit_status = 5


class WrongOrganisationKey(WijkteamError):
    """An age identity that is not the one this vault's key was sealed to (a wrong key, like a
    wrong passphrase; ``fingerprint`` is the one the vault expects)."""

    code = "wrong_organisation_key"
    exit_status = 3


class NoOrganisationKey(WijkteamError):
    """``recover --organisation-key`` on a vault that never had an organisation key set."""

    code = "no_organisation_key"
    exit_status = 1


class VaultReadOnly(WijkteamError):
    """A change asked of a vault that failed its integrity check: it is open for reading only
    until a backup is restored, so the damaged file is never written to."""

    code = "vault_read_only"
    exit_status = 5


class VaultTooNew(WijkteamError):
    code = "vault_too_new"
    exit_status = 5


class EncryptionUnavailable(WijkteamError):
    code = "encryption_unavailable"
    exit_status = 5


class IntegrityFailure(WijkteamError):
    code = "integrity_failure"
    exit_status = 5


class DiskFull(WijkteamError):
    """The disk is full: the change was rolled back, the vault is intact (R12)."""

    code = "disk_full"


class RejectedInput(WijkteamError):
    """An input file (import package, restore file) that is refused; nothing was written."""

    code = "rejected_input"
    exit_status = 4

    def __init__(self, reason: str, message: str = "", **facts: Any) -> None:
        super().__init__(message or reason, **facts)
        self.reason = reason


class ReadOnlyHousehold(WijkteamError):
    """A change to a household another member of the team holds (its dossierhouder): only the
    dossierhouder's laptop changes it; everyone else holds a read-only copy. Nothing was
    written. ``holder`` is the dossierhouder's name (facts: ``household``, ``holder``)."""

    code = "read_only_household"

    def __init__(self, household_id: int, holder: str) -> None:
        super().__init__(f"household {household_id} is held by another member",
                         household=household_id, holder=holder)
        self.household_id = household_id
        self.holder = holder
