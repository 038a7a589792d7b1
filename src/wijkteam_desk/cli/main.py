"""The parser made of every command group, and the dispatch with its exit statuses."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..domain.errors import ValidationError, WijkteamError
from ..paths import resolve_home
from ..texts import error_text
from . import vault
from .base import EXIT_USAGE, CliError, say
from .terminal import SafeText

# Global options that take a value: what follows them is not a command.
_WITH_VALUE = ("--home", "--passphrase-file")


def _groups() -> tuple[Any, ...]:
    from . import (
        agenda,
        attachments,
        cases,
        exchange,
        exchange_log,
        organisation,
        plans,
        profile,
        record,
        team,
        vt,
    )
    return (vault, profile, organisation, cases, plans, agenda, exchange, exchange_log, vt,
            record, attachments, team)


def starts_the_app(argv: Sequence[str]) -> bool:
    """No command, or ``gui``, after the global options (and no ``--help`` or ``--version``,
    which the whole parser answers): the parser then needs the vault group only, and the app
    starts without importing the other ten (~25 ms of a ~500 ms start)."""
    words = list(argv)
    i = 0
    while i < len(words):
        word = words[i]
        if word in _WITH_VALUE:
            i += 2
        elif word.startswith(tuple(f"{w}=" for w in _WITH_VALUE)):
            i += 1
        else:
            return word == "gui"
    return True


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        say(f"Onjuiste opdracht: {message}")
        raise SystemExit(EXIT_USAGE)


def build_parser(app_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; ``app_only``: the global options and the vault group (what
    starting the app needs, see ``starts_the_app``)."""
    p = _Parser(prog="wijkteam-desk", description="Wijkteam Desk: versleuteld dossier voor "
                "lokale teams.")
    p.add_argument("--version", action="version", version=f"wijkteam-desk {__version__}")
    p.add_argument("--home", help="map met de kluis (of WIJKTEAM_DESK_HOME)")
    p.add_argument("--passphrase-file", help="lees het wachtwoord uit dit bestand")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    for group in (vault,) if app_only else _groups():
        group.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # whatever we write (exports, PDFs, sidecar files) is private by default
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeText(stdout), SafeText(stderr)  # type: ignore[assignment]
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(app_only=starts_the_app(words)).parse_args(words)
    args.paths = resolve_home(args.home)
    if not getattr(args, "command", None):
        args.func, args.demo = vault.cmd_gui, False
    try:
        return int(args.func(args))
    except CliError as exc:
        say(str(exc))
        return exc.status
    except ValidationError as exc:
        say(error_text(exc))
        return 1
    except WijkteamError as exc:
        say(error_text(exc))
        return exc.exit_status
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        say("Afgebroken.")
        return 1


def run() -> None:
    sys.exit(main())
