"""``wijkteam-desk vt …``: the Veilig Thuis side of the exchange on the command line (the
reference implementation of docs/exchange-format.md). Every handler takes the parsed namespace and
returns the exit status: 0 ok, 1 error, 2 usage, 4 rejected input file. The exchange library loads
inside the handlers, not when the parser is built."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import RejectedInput, ValidationError
from ..files import write_private
from ..texts import REJECT_REASONS
from .base import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, say

if TYPE_CHECKING:
    from ..exchange.keys import IdentityKeys, PublicKeys
    from ..exchange.package import OpenedPackage
    from ..exchange.vt import VtState


def _now() -> datetime:
    return datetime.now(UTC)


def _rejected(path: Path, error: RejectedInput) -> int:
    name = error.facts.get("file")
    shown = path / str(name) if name else path
    reason = REJECT_REASONS.get(error.reason, error.reason)
    say(f"Bestand {shown} is geweigerd: {reason}.")
    for problem in error.facts.get("problems", []):
        say(f"  {problem}")
    return EXIT_REJECTED


def cmd_keygen(args: argparse.Namespace) -> int:
    from ..exchange.keys import vt_keygen

    folder = Path(args.out)
    try:
        keys = vt_keygen(folder, _now())
    except ValidationError:
        say(f"In {folder} staan al sleutels; kies een lege map.")
        return EXIT_ERROR
    except OSError as error:
        say(f"Kan de sleutels niet schrijven in {folder}: {error.strerror}.")
        return EXIT_ERROR
    print(f"Sleutels gemaakt in {folder}.")
    print(f"Vingerafdruk: {keys.public.signing_fingerprint}")
    print(f"Vingerafdruk versleuteling: {keys.public.encryption_fingerprint}")
    print("Geef signing.pub en encryption.pub aan het team; de .key-bestanden blijven geheim.")
    return EXIT_OK


def cmd_overdracht(args: argparse.Namespace) -> int:
    from ..exchange.keys import load_identity_folder, load_public_folder
    from ..exchange.package import read_limited
    from ..exchange.vt import VtState, build_overdracht, example_overdracht, load_json_input

    if args.example:
        print(json.dumps(example_overdracht(), indent=2, ensure_ascii=False))
        return EXIT_OK
    missing = [f"--{n}" for n in ("in", "identity", "to", "out") if getattr(args, n) is None]
    if missing:
        say(f"Ontbrekende opties: {' '.join(missing)} (of gebruik --example).")
        return EXIT_USAGE
    source, identity_dir, team_dir = Path(args.__dict__["in"]), Path(args.identity), Path(args.to)
    current = source
    try:
        data = load_json_input(read_limited(source))
        current = identity_dir
        identity = load_identity_folder(identity_dir)
        current = team_dir
        team = load_public_folder(team_dir)
        state = VtState.load(identity_dir)
        built = build_overdracht(data, identity, team, state.take_sequence(), _now)
        write_private(Path(args.out), built.data)
        state.save(identity_dir)
    except RejectedInput as error:
        return _rejected(current, error)
    except ValidationError as error:
        return _validation(source, identity_dir, error)
    except OSError as error:
        say(f"Kan {error.filename or current} niet lezen of schrijven: {error.strerror}.")
        return EXIT_ERROR
    print(f"Overdracht geschreven naar {args.out} (volgnummer {built.manifest.sequence}).")
    return EXIT_OK


def _validation(source: Path, identity_dir: Path, error: ValidationError) -> int:
    if error.code == "vt_state_damaged":
        say(f"Het bestand {identity_dir / 'vt-state.json'} is beschadigd.")
        return EXIT_ERROR
    say(f"Bestand {source} is geweigerd: de gegevens voldoen niet aan het schema.")
    for problem in error.facts.get("problems", []):
        say(f"  {problem}")
    return EXIT_REJECTED


@dataclass(frozen=True)
class _Opened:
    package: OpenedPackage
    identity: IdentityKeys
    teams: list[PublicKeys]
    state: VtState


def _open(args: argparse.Namespace, teams_dirs: list[Path], record: bool) -> int | _Opened:
    """Open ``args.file`` for VT; an exit status when that fails (the message is printed)."""
    from ..exchange.keys import load_identity_folder, load_public_folder
    from ..exchange.package import read_limited
    from ..exchange.vt import VtState, open_team_package

    package, identity_dir = Path(args.file), Path(args.identity)
    current = identity_dir
    try:
        identity = load_identity_folder(identity_dir)
        teams = []
        for folder in teams_dirs:
            current = folder
            teams.append(load_public_folder(folder))
        state = VtState.load(identity_dir)
        current = package
        opened = open_team_package(read_limited(package), identity, teams, state)
        if record:
            state.record_opened(opened)
            state.save(identity_dir)
        return _Opened(opened, identity, teams, state)
    except RejectedInput as error:
        return _rejected(current, error)
    except ValidationError:
        say(f"Het bestand {identity_dir / 'vt-state.json'} is beschadigd.")
        return EXIT_ERROR
    except OSError as error:
        say(f"Kan {error.filename or current} niet lezen: {error.strerror}.")
        return EXIT_ERROR


def cmd_open(args: argparse.Namespace) -> int:
    result = _open(args, [Path(d) for d in args.trust], record=True)
    if isinstance(result, int):
        return result
    opened = result.package
    manifest = opened.manifest
    again = " (al eerder geopend)" if opened.duplicate else ""
    say(
        f"Bestand {args.file} is geldig{again}: {manifest.kind}, volgnummer {manifest.sequence}, "
        f"ondertekend door {opened.signer.fingerprint()}."
    )
    print(json.dumps(opened.payload, indent=2, ensure_ascii=False, sort_keys=True))
    return EXIT_OK


def cmd_receipt(args: argparse.Namespace) -> int:
    from ..exchange.vt import make_receipt

    result = _open(args, [Path(args.to)], record=False)
    if isinstance(result, int):
        return result
    opened, state = result.package, result.state
    try:
        built = make_receipt(
            opened, result.identity.signing, result.teams[0].encryption, state.take_sequence(), _now
        )
        write_private(Path(args.out), built.data)
        state.record_opened(opened)
        state.save(Path(args.identity))
    except ValidationError:
        say(f"Bestand {args.file} is zelf een ontvangstbevestiging; daarop komt geen bevestiging.")
        return EXIT_ERROR
    except OSError as error:
        say(f"Kan {error.filename or args.out} niet schrijven: {error.strerror}.")
        return EXIT_ERROR
    print(f"Ontvangstbevestiging geschreven naar {args.out}.")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``vt keygen|overdracht|open|receipt``; each sets ``func`` and ``handler``
    (namespace → exit status)."""
    vt = subparsers.add_parser("vt", help="de kant van Veilig Thuis (referentie-implementatie)")
    commands = vt.add_subparsers(dest="vt_command", required=True, metavar="OPDRACHT")

    def command(
        name: str, help_text: str, handler: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help_text)
        # cli.main dispatches on ``func``; ``handler`` is the name the VT contract promised.
        parser.set_defaults(handler=handler, func=handler)
        return parser

    keygen = command("keygen", "maak een sleutelpaar voor Veilig Thuis", cmd_keygen)
    keygen.add_argument("--out", required=True, metavar="DIR")

    overdracht = command("overdracht", "maak een ondertekende overdracht", cmd_overdracht)
    overdracht.add_argument("--example", action="store_true", help="toon een geldig voorbeeld")
    overdracht.add_argument("--in", metavar="JSON")
    overdracht.add_argument("--identity", metavar="DIR")
    overdracht.add_argument("--to", metavar="DIR", help="map met de sleutels van het team")
    overdracht.add_argument("--out", metavar="FILE")

    opener = command("open", "ontsleutel, controleer en toon een pakket van een team", cmd_open)
    opener.add_argument("file", metavar="FILE")
    opener.add_argument("--identity", required=True, metavar="DIR")
    opener.add_argument("--trust", required=True, action="append", metavar="DIR")

    receipt = command("receipt", "maak de ontvangstbevestiging voor een pakket", cmd_receipt)
    receipt.add_argument("file", metavar="FILE")
    receipt.add_argument("--identity", required=True, metavar="DIR")
    receipt.add_argument("--to", required=True, metavar="DIR")
    receipt.add_argument("--out", required=True, metavar="FILE")
