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
    say(f"Bestand {shown} is geweigerd: {error.reason} — {reason}.")
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
        built = build_overdracht(data, identity, state.current(team), state.take_sequence(),
                                 _now)
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


def _open(args: argparse.Namespace, teams_dirs: list[Path], record: bool,
          refusals: list[RejectedInput] | None = None) -> int | _Opened:
    """Open ``args.file`` for VT; an exit status when that fails (the message is printed;
    a refusal of the package itself is also appended to ``refusals``)."""
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
        if current == package and refusals is not None:
            refusals.append(error)
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
    payload = opened.payload
    if manifest.kind == "sleutelwissel" and not opened.duplicate:
        new = result.state.record_key_change(opened)
        result.state.save(Path(args.identity))
        say(f"Het team heeft een nieuwe sleutel ({new.signing.key_id_hex}); de oude wordt niet "
            f"meer vertrouwd. Nieuwe vingerafdruk: {new.signing_fingerprint}. Vergelijk die "
            "telefonisch met het team.")
    elif manifest.kind == "ontvangstbevestiging":
        outcome = payload.get("outcome", "ingelezen")
        about = payload.get("acknowledged_package_id") or (
            f"het bestand met SHA-256 {payload.get('received_file_sha256')}")
        reason = payload.get("reason")
        why = f": {reason} — {REJECT_REASONS.get(reason, reason)}" if reason else ""
        say(f"Het team meldt over pakket {about}: {outcome}{why}.")
        if reason:
            say("Maak het pakket opnieuw (nieuw volgnummer) nadat de oorzaak is opgelost.")
    print(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True))
    return EXIT_OK


def _refusal_receipt(args: argparse.Namespace, error: RejectedInput) -> int:
    """``vt receipt`` for a package that was refused: tell the team why (format 1.1)."""
    from ..exchange.keys import load_identity_folder, load_public_folder
    from ..exchange.package import build_package, read_limited
    from ..exchange.vt import VtState, refusal_payload

    identity_dir = Path(args.identity)
    try:
        raw = read_limited(Path(args.file))
        identity = load_identity_folder(identity_dir)
        state = VtState.load(identity_dir)
        team = state.current(load_public_folder(Path(args.to)))
        built = build_package("ontvangstbevestiging", refusal_payload(error, raw, _now),
                              identity.signing, team.encryption, state.take_sequence(), _now)
        write_private(Path(args.out), built.data)
        state.save(identity_dir)
    except (RejectedInput, ValidationError, OSError):
        return EXIT_REJECTED  # the refusal itself was already reported
    say(f"Ontvangstbevestiging (geweigerd: {error.reason}) geschreven naar {args.out}.")
    return EXIT_REJECTED


def cmd_receipt(args: argparse.Namespace) -> int:
    from ..exchange.vt import make_receipt

    refusal: list[RejectedInput] = []
    result = _open(args, [Path(args.to)], record=False, refusals=refusal)
    if isinstance(result, int):
        if refusal and refusal[0].reason not in ("too_large", "bad_key_file"):
            return _refusal_receipt(args, refusal[0])
        return result
    opened, state = result.package, result.state
    try:
        built = make_receipt(
            opened, result.identity.signing, state.current(result.teams[0]).encryption,
            state.take_sequence(), _now
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


def cmd_rotate(args: argparse.Namespace) -> int:
    """VT's key change for one team: signed with the old key, announcing the keys in ``--new``
    (made with ``vt keygen``). The sequence continues: the new folder takes over the state."""
    from ..exchange.keys import load_identity_folder, load_public_folder
    from ..exchange.vt import STATE_FILE, VtState, build_key_change

    old_dir, new_dir = Path(args.identity), Path(args.new)
    current = old_dir
    try:
        old = load_identity_folder(old_dir)
        current = new_dir
        new = load_identity_folder(new_dir)
        current = Path(args.to)
        team = load_public_folder(current)
        state_dir = new_dir if (new_dir / STATE_FILE).exists() else old_dir
        state = VtState.load(state_dir)
        built = build_key_change(old, new.public, state.current(team), state.take_sequence(),
                                 _now)
        write_private(Path(args.out), built.data)
        state.save(new_dir)
        if state_dir == old_dir:
            state.save(old_dir)  # the old folder must not hand out the same numbers again
    except RejectedInput as error:
        return _rejected(current, error)
    except ValidationError:
        say(f"Het bestand {current / STATE_FILE} is beschadigd.")
        return EXIT_ERROR
    except OSError as error:
        say(f"Kan {error.filename or current} niet lezen of schrijven: {error.strerror}.")
        return EXIT_ERROR
    print(f"Sleutelwissel geschreven naar {args.out} (volgnummer {built.manifest.sequence}).")
    print(f"Vingerafdruk: {new.public.signing_fingerprint}")
    say(f"Gebruik voortaan --identity {new_dir}. Vraag het team de vingerafdruk te vergelijken.")
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    from ..exchange.package import normal_key_id
    from ..exchange.vt import VtState

    identity_dir = Path(args.identity)
    try:
        state = VtState.load(identity_dir)
        key = normal_key_id(args.key_id)
        if key not in state.revoked:
            state.revoked.append(key)
        state.save(identity_dir)
    except ValidationError:
        say(f"Het bestand {identity_dir / 'vt-state.json'} is beschadigd.")
        return EXIT_ERROR
    except OSError as error:
        say(f"Kan {error.filename or identity_dir} niet schrijven: {error.strerror}.")
        return EXIT_ERROR
    say(f"Sleutel {key} wordt niet meer vertrouwd; pakketten ermee worden geweigerd.")
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

    rotate = command("rotate", "meld een team de nieuwe sleutel van Veilig Thuis", cmd_rotate)
    rotate.add_argument("--identity", required=True, metavar="DIR", help="de oude sleutels")
    rotate.add_argument("--new", required=True, metavar="DIR", help="de nieuwe (vt keygen)")
    rotate.add_argument("--to", required=True, metavar="DIR", help="map met de sleutels van het "
                        "team")
    rotate.add_argument("--out", required=True, metavar="FILE")

    revoke = command("revoke", "vertrouw een sleutel van een team niet meer", cmd_revoke)
    revoke.add_argument("key_id", metavar="SLEUTELNUMMER")
    revoke.add_argument("--identity", required=True, metavar="DIR")

    receipt = command("receipt", "maak de ontvangstbevestiging voor een pakket (ook als het "
                      "geweigerd wordt)", cmd_receipt)
    receipt.add_argument("file", metavar="FILE")
    receipt.add_argument("--identity", required=True, metavar="DIR")
    receipt.add_argument("--to", required=True, metavar="DIR")
    receipt.add_argument("--out", required=True, metavar="FILE")
