"""Opening and looking after the vault: the use cases behind the unlock screen, ``init``,
``recover``, ``passwd``, ``backup``, ``restore`` and ``check``.

``VaultService`` works on a closed vault; ``unlock``/``create`` return a ``Workspace``
(services/workspace.py), the open vault with its services, which the app and the CLI hold until
they lock or exit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.clock import Clock
from ..domain.profile import Profile
from ..paths import AppPaths
from ..settings import Settings, load_settings, save_settings
from ..storage.damage import needs_restore
from ..storage.secretstore import SecretStore
from ..storage.throttle import UnlockThrottle
from .identity import Identity

# The storage engine and the services are imported when a vault is opened, not before: the
# unlock screen needs none of them (app start, DESIGN.md).
if TYPE_CHECKING:
    from ..storage.keyfile import KdfParams
    from .workspace import Workspace


class VaultService:
    def __init__(self, paths: AppPaths, secrets: SecretStore, clock: Clock,
                 identity: Identity | None = None, kdf: KdfParams | None = None) -> None:
        self.paths = paths
        self.secrets = secrets
        self.clock = clock
        # Who acts while a vault has no profile: nobody in the app (it asks), never the
        # computer's login; tests and benches pass a fixed name.
        self.identity = identity or Identity.of_this_machine()
        self._kdf = kdf

    def exists(self) -> bool:
        """True when any part of a vault is here (then first-run setup must not run)."""
        return self.paths.database.exists() or self.paths.keyfile.exists()

    def keyring_available(self) -> bool:
        return self.secrets.available()

    def needs_restore(self) -> bool:
        """The vault failed its integrity check or lost changes from a damaged WAL: it opens
        (read-only, or with a notice) until a backup is restored."""
        return needs_restore(self.paths)

    def seconds_to_wait(self) -> int:
        return UnlockThrottle(self.paths.throttle, self.clock.now).seconds_to_wait()

    def settings(self) -> Settings:
        return load_settings(self.paths.settings)

    def check_passphrase(self, passphrase: str) -> None:
        """``ValidationError`` (passphrase_too_short) before anything else is asked or made."""
        from ..storage.vault import check_passphrase

        check_passphrase(passphrase)

    def create(self, passphrase: str, team: str = "", region: str = "",
               profile: Profile | None = None) -> tuple[Workspace, str]:
        """A new vault; returns the open workspace and the recovery code (shown once). With a
        ``profile`` (``domain.profile.make_profile``) the vault is born knowing who acts."""
        from ..storage.vault import create_vault
        from .workspace import Workspace

        vault, code = create_vault(self.paths, passphrase, self.secrets, self.clock.now(),
                                   self.identity.actor, self.identity.device, self._kdf,
                                   {"team": team.strip(), "region": region.strip()}, profile)
        settings = Settings(team=team.strip(), region=region.strip())
        save_settings(self.paths.settings, settings)
        workspace = Workspace(vault, self.clock, self.identity, settings)
        workspace.exchange.create_own_keys()  # the team's exchange keys are born with the vault
        return workspace, code

    def unlock(self, passphrase: str) -> Workspace:
        from ..storage.vault import open_vault
        from .workspace import Workspace

        vault = open_vault(self.paths, passphrase, self.secrets, self.clock.now, self._kdf)
        try:  # a damaged page met here must not leave the vault open (and locked) behind
            ws = Workspace(vault, self.clock, self.identity, self.settings())
            ws.audit("vault.unlock", "vault", vault.vault_id)
        except BaseException:
            vault.close()
            raise
        return ws

    def recover(self, recovery_code: str, new_passphrase: str) -> bool:
        """New passphrase via the recovery code; True when bound to this device's keyring."""
        from ..storage.vault import recover

        return recover(self.paths, recovery_code, new_passphrase, self.secrets, self.clock.now,
                       self._kdf)

    def recover_with_organisation_key(self, identity: str, new_passphrase: str) -> bool:
        """New passphrase via the organisation's identity (``AGE-SECRET-KEY-1…``, as
        ``organisation_key.read_identity_file`` reads it from IT's ``org.key``; kept in memory
        only), when passphrase and recovery code are both lost. Audited in the vault before the
        key file changes. True when bound to this device's keyring.

        Errors: RejectedInput (not an identity), NoOrganisationKey, WrongOrganisationKey (with
        the ``fingerprint`` the vault expects), OrganisationWrapDamaged, and what ``recover``
        raises."""
        from ..domain.errors import WrongOrganisationKey
        from ..storage.organisation_key import recover_with_organisation_key
        from .organisation_key import identity_fingerprint

        try:
            return recover_with_organisation_key(
                self.paths, identity, new_passphrase, self.secrets, self.clock.now,
                self.identity.actor, self.identity.device,
                detail={"fingerprint": identity_fingerprint(identity)})
        except WrongOrganisationKey as exc:
            raise WrongOrganisationKey(str(exc), fingerprint=self.organisation_key_fingerprint(),
                                       given=identity_fingerprint(identity)) from None

    def organisation_key_fingerprint(self) -> str | None:
        """The fingerprint of the organisation key in vault.key, read without unlocking (it is
        public); None when none is set or there is no readable key file."""
        from ..storage.organisation_key import recipient_of
        from .organisation_key import fingerprint

        recipient = recipient_of(self.paths)
        return fingerprint(recipient) if recipient else None

    def change_passphrase(self, old: str, new: str) -> None:
        from ..storage.vault import change_passphrase

        change_passphrase(self.paths, old, new, self.secrets, self.clock.now, self._kdf)

    def restore(self, src: Path, *, passphrase: str | None = None,
                recovery_code: str | None = None,
                new_passphrase: str | None = None) -> Path | None:
        from ..storage.backup import restore_backup

        return restore_backup(self.paths, src, self.secrets, self.clock.now,
                              passphrase=passphrase, recovery_code=recovery_code,
                              new_passphrase=new_passphrase, kdf=self._kdf)


