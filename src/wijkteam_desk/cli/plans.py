"""``print-plan HOUSEHOLD --audience professional|gezin|persoon:ID --out FILE.pdf`` (DESIGN.md).

The PDF is made in memory and written only to ``--out`` (or, when ``--out`` is a folder, into it
under the suggested file name, which never holds a name). Printing is audited by the service."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..files import write_private
from .base import EXIT_USAGE, CliError, add_command, open_workspace, say


def cmd_print_plan(args: argparse.Namespace) -> int:
    from ..domain.errors import ValidationError
    from ..reports.print_model import Audience
    from ..texts import error_text

    try:  # a usage error (exit 2), told before the vault is opened
        Audience.parse(args.audience)
    except ValidationError as exc:
        raise CliError(error_text(exc), EXIT_USAGE) from exc
    out = Path(args.out)
    if not out.is_dir() and not out.parent.is_dir():
        raise CliError(f"De map {out.parent} bestaat niet. Er is niets geschreven.", EXIT_USAGE)
    ws = open_workspace(args)
    try:
        printout = ws.plans.print_plan(args.household, args.audience, purpose="opdrachtregel")
    finally:
        ws.lock()
    target = out / printout.file_name if out.is_dir() else out
    try:
        write_private(target, printout.data)
    except OSError as exc:
        raise CliError(f"Kan {target} niet schrijven: {exc.strerror}. "
                       "Er is niets geschreven.") from exc
    say(f"Veiligheidsplan geschreven: {target}")
    return 0


def add_parser(sub: Any) -> None:
    sp = add_command(sub, "print-plan", cmd_print_plan,
                     "druk het geldende veiligheidsplan af (PDF)")
    sp.add_argument("household", type=int, help="nummer van het gezin")
    sp.add_argument("--audience", required=True,
                    help="voor wie: professional, gezin, gezin-zonder:NUMMER (het gezin "
                         "zonder deze persoon, die een eigen exemplaar krijgt) of "
                         "persoon:NUMMER")
    sp.add_argument("--out", required=True, help="PDF-bestand (of map) om naar te schrijven")
