"""What every command group shares: passphrases from a file, the environment or a prompt;
opening the vault; Dutch messages on stderr; the exit-status convention.

Exit status: 0 ok, 1 error, 2 usage, 3 wrong passphrase or locked vault, 4 rejected input file,
5 integrity failure. Messages are short Dutch sentences on stderr; data goes to stdout."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import WijkteamError
from ..domain.profile import Profile, ProfileRole, make_profile
from ..texts import PROFILE_ROLES

if TYPE_CHECKING:
    from ..services.vaults import VaultService
    from ..services.workspace import Workspace

ENV_PASSPHRASE = "WIJKTEAM_DESK_PASSPHRASE"
ENV_RECOVERY = "WIJKTEAM_DESK_RECOVERY_CODE"
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REJECTED, EXIT_INTEGRITY = 0, 1, 2, 4, 5

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def say(message: str) -> None:
    print(message, file=sys.stderr)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _read_secret_file(path: str) -> str:
    try:
        return Path(path).read_text("utf-8").rstrip("\r\n")
    except OSError as exc:
        raise CliError(f"Kan het bestand {path} niet lezen.", EXIT_USAGE) from exc


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(f"Geen {label.lower()} opgegeven. Gebruik {ENV_PASSPHRASE} of "
                       "--passphrase-file.", EXIT_USAGE)
    return getpass.getpass(f"{label}: ")


def passphrase(args: argparse.Namespace) -> str:
    if getattr(args, "passphrase_file", None):
        return _read_secret_file(args.passphrase_file)
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    return _prompt("Wachtwoord")


def new_passphrase(args: argparse.Namespace, fallback_to_current: bool = False) -> str:
    if getattr(args, "new_passphrase_file", None):
        return _read_secret_file(args.new_passphrase_file)
    if fallback_to_current:
        return passphrase(args)
    first = _prompt("Nieuw wachtwoord")
    if _prompt("Herhaal het nieuwe wachtwoord") != first:
        raise WijkteamError("passphrase_mismatch")
    return first


def recovery_code() -> str:
    if os.environ.get(ENV_RECOVERY):
        return os.environ[ENV_RECOVERY]
    return _prompt("Herstelcode")


def service(args: argparse.Namespace) -> VaultService:
    from ..domain.clock import SystemClock
    from ..services.vaults import VaultService
    from ..storage.secretstore import KeyringSecretStore

    return VaultService(args.paths, KeyringSecretStore(), SystemClock())


def open_workspace(args: argparse.Namespace, announce: bool = True) -> Workspace:
    """Unlock, and say on stderr what opening found (missing changes, a read-only vault): every
    command, so a script's log shows it too. ``check`` reports those itself (``announce``)."""
    from ..texts import finding_text, findings_advice

    ws = service(args).unlock(passphrase(args))
    if announce and ws.notices:
        for notice in ws.notices:
            say(finding_text(notice))
        say(findings_advice(ws.notices))
    return ws


ROLE_CHOICES = ", ".join(r.value for r in ProfileRole)


def add_profile_arguments(parser: argparse.ArgumentParser) -> None:
    """``--name``, ``--role`` and ``--organisation``: who acts on this vault (``init``,
    ``profile``)."""
    parser.add_argument("--name", help="je naam, zoals die in het dossier en het logboek komt")
    parser.add_argument("--role", help=f"je functie: {ROLE_CHOICES}")
    parser.add_argument("--organisation", help="je organisatie (mag leeg)")


def describe_profile(profile: Profile) -> str:
    """"Anna de Vries (consulent, Wijkteam Noord)"."""
    parts = [PROFILE_ROLES[profile.role.value], *([profile.organisation]
                                                   if profile.organisation else [])]
    return f"{profile.name} ({', '.join(parts)})"


def profile_from_args(args: argparse.Namespace, asked: bool = False) -> Profile | None:
    """The profile given with ``--name`` and ``--role`` (both or neither). Neither: asked for
    at a terminal when ``asked``, else None (the vault gets one later)."""
    name, role = getattr(args, "name", None), getattr(args, "role", None)
    organisation = getattr(args, "organisation", None) or ""
    if name is None and role is None:
        if not (asked and sys.stdin.isatty()):
            return None
        name = input("Je naam: ")
        role = input(f"Je functie ({ROLE_CHOICES}): ")
        organisation = organisation or input("Je organisatie (mag leeg): ")
    if name is None:
        raise CliError("Geef ook je naam op met --name.", EXIT_USAGE)
    if role is None:
        raise CliError(f"Geef ook je functie op met --role: {ROLE_CHOICES}.", EXIT_USAGE)
    return make_profile(name, role, organisation)


def add_command(parent: Any, name: str, func: Handler, help_: str) -> argparse.ArgumentParser:
    """A sub-command that opens the vault: it accepts ``--passphrase-file`` after its name too."""
    sp: argparse.ArgumentParser = parent.add_parser(name, help=help_)
    sp.set_defaults(func=func)
    sp.add_argument("--passphrase-file", default=argparse.SUPPRESS,
                    help="lees het wachtwoord uit dit bestand")
    return sp
