"""``organisation-key set|show|remove|fingerprint``: the organisation's recovery key on the
command line (``recover --organisation-key FILE`` lives with ``recover`` in cli/vault.py).

Exit status as everywhere: 4 for a refused key file (named, with its reason), 5 when the wrap in
vault.key does not check out, 3 for a wrong passphrase. The fingerprint goes to stdout (scripts,
the phone call with IT); what happened and what to do next to stderr."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..domain.errors import RejectedInput
from ..texts import rejected_file_text
from .base import EXIT_INTEGRITY, EXIT_REJECTED, add_command, open_workspace, say


def refused(path: Path | str, error: RejectedInput) -> int:
    """A refused key file: its name and the reason in Dutch, exit 4."""
    say(rejected_file_text(path, error.reason))
    return EXIT_REJECTED


def cmd_set(args: argparse.Namespace) -> int:
    from ..services.organisation_key import read_public_key_file

    path = Path(args.pubfile)
    try:
        recipient = read_public_key_file(path)  # before the passphrase: a wrong file asks nothing
    except RejectedInput as error:
        return refused(path, error)
    ws = open_workspace(args)
    try:
        before = ws.organisation_key.status()
        after = ws.organisation_key.set_organisation_key(recipient)
    finally:
        ws.lock()
    print(f"Vingerafdruk: {after.fingerprint}")
    if before.is_set and before.recipient == after.recipient and before.intact:
        say("Deze organisatiesleutel was al ingesteld. Er is niets veranderd.")
        return 0
    say("Organisatiesleutel ingesteld. Bel de ICT-afdeling en vergelijk de vingerafdruk.")
    if before.is_set and before.recipient != after.recipient:
        say(f"De vorige organisatiesleutel (vingerafdruk {before.fingerprint}) werkt niet meer "
            "voor deze kluis.")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        status = ws.organisation_key.status()
    finally:
        ws.lock()
    if args.json:
        print(json.dumps({"set": status.is_set, "recipient": status.recipient,
                          "fingerprint": status.fingerprint,
                          "intact": status.intact if status.is_set else None}, indent=1))
    elif status.is_set:
        print(f"Organisatiesleutel: {status.recipient}")
        print(f"Vingerafdruk: {status.fingerprint}")
    if not status.is_set:
        say("Er is geen organisatiesleutel ingesteld. Vraag de ICT-afdeling om het bestand "
            "org.pub en gebruik: wijkteam-desk organisation-key set org.pub")
        return 0
    if not status.intact:
        say("De organisatiesleutel in vault.key klopt niet: hij is beschadigd of veranderd. "
            "Stel hem opnieuw in: wijkteam-desk organisation-key set org.pub")
        return EXIT_INTEGRITY
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        removed = ws.organisation_key.remove()
    finally:
        ws.lock()
    if not removed.is_set:
        say("Er was geen organisatiesleutel ingesteld. Er is niets veranderd.")
        return 0
    say(f"Organisatiesleutel verwijderd (vingerafdruk {removed.fingerprint}). Zonder wachtwoord "
        "of herstelcode kan niemand deze kluis nu nog openen, ook de ICT-afdeling niet.")
    say("Let op: een reservekopie van eerder heeft de organisatiesleutel nog.")
    return 0


def cmd_fingerprint(args: argparse.Namespace) -> int:
    """For IT: the fingerprint of ``org.pub``, to read out when a user compares it."""
    from ..services.organisation_key import fingerprint, read_public_key_file

    path = Path(args.pubfile)
    try:
        recipient = read_public_key_file(path)
    except RejectedInput as error:
        return refused(path, error)
    print(f"Vingerafdruk: {fingerprint(recipient)}")
    return 0


def add_parser(sub: Any) -> None:
    group = sub.add_parser("organisation-key", help="de herstelsleutel van de organisatie")
    commands = group.add_subparsers(dest="organisation_command", required=True,
                                    metavar="OPDRACHT")
    add_command(commands, "set", cmd_set, "versleutel de sleutel van de kluis ook voor de "
                "organisatie").add_argument("pubfile", metavar="PUBBESTAND",
                                            help="het bestand org.pub (één age1…-sleutel)")
    add_command(commands, "show", cmd_show, "toon de organisatiesleutel en de vingerafdruk"
                ).add_argument("--json", action="store_true")
    add_command(commands, "remove", cmd_remove, "haal de organisatiesleutel uit deze kluis")
    fp = commands.add_parser("fingerprint", help="toon de vingerafdruk van een org.pub "
                             "(zonder kluis)")
    fp.set_defaults(func=cmd_fingerprint)
    fp.add_argument("pubfile", metavar="PUBBESTAND")
