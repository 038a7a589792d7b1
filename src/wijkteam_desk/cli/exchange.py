"""``keys export|trust|list``, ``import`` and ``export``: the team's side of the exchange with
Veilig Thuis on the command line (DESIGN.md "Command line"). The VT side is ``cli.vt``.

Exit status: 0 ok (a package imported twice is a no-op, also 0), 1 error, 2 usage, 3 wrong
passphrase, 4 rejected input file (nothing written but the log line). Data (payloads, key
lists with ``--json``) goes to stdout, messages to stderr."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import RejectedInput, ValidationError
from ..texts import REJECT_REASONS, plural
from .base import EXIT_REJECTED, add_command, open_workspace, say

if TYPE_CHECKING:
    from ..services.exchange import KeyInfo


def refusal_text(reason: str) -> str:
    """``geweigerd: bad_signature — de handtekening klopt niet``: the stable code for scripts
    and VT's help desk, the Dutch words for people."""
    return f"geweigerd: {reason} — {REJECT_REASONS.get(reason, reason)}"


def _rejected(path: Path, error: RejectedInput) -> int:
    name = error.facts.get("file")
    shown = path / str(name) if name else path
    say(f"Bestand {shown} is {refusal_text(error.reason)}. Er is niets veranderd.")
    for problem in error.facts.get("problems", [])[:20]:
        say(f"  {problem}")
    if error.facts.get("receipt_queued"):
        say("Een ontvangstbevestiging met de reden staat klaar voor Veilig Thuis: "
            "wijkteam-desk export --kind ontvangstbevestiging --out MAP.")
    return EXIT_REJECTED


def _key_json(key: KeyInfo) -> dict[str, Any]:
    return {"id": key.id, "own": key.own, "name": key.name, "key_id": key.signing_key_id,
            "fingerprint": key.signing_fingerprint, "recipient": key.encryption_recipient,
            "encryption_fingerprint": key.encryption_fingerprint,
            "added_at": key.added_at.isoformat() if key.added_at else None,
            "revoked": key.revoked}


# -- keys --------------------------------------------------------------------------------------
def cmd_keys_export(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        key = ws.exchange.export_public_keys(Path(args.dir), ws.settings.team)
    finally:
        ws.lock()
    say(f"Publieke sleutels geschreven naar {args.dir} (signing.pub en encryption.pub).")
    print(f"Vingerafdruk: {key.signing_fingerprint}")
    print(f"Vingerafdruk versleuteling: {key.encryption_fingerprint}")
    say("Geef de map aan Veilig Thuis en vergelijk de vingerafdruk telefonisch.")
    return 0


def cmd_keys_trust(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    ws = open_workspace(args)
    try:
        key = ws.exchange.trust(folder, args.name or "")
    except RejectedInput as error:
        return _rejected(folder, error)
    finally:
        ws.lock()
    say(f"Sleutel van {key.name} ({key.signing_key_id}) wordt nu vertrouwd.")
    print(f"Vingerafdruk: {key.signing_fingerprint}")
    print(f"Vingerafdruk versleuteling: {key.encryption_fingerprint}")
    say("Vergelijk deze vingerafdruk telefonisch met Veilig Thuis voordat je pakketten inleest.")
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        own, trusted = ws.exchange.own_key(), ws.exchange.keys()
    finally:
        ws.lock()
    if args.json:
        print(json.dumps([_key_json(k) for k in (own, *trusted)], ensure_ascii=False, indent=1))
        return 0
    print(f"Eigen sleutel ({own.signing_key_id})")
    print(f"  Vingerafdruk: {own.signing_fingerprint}")
    print(f"  Versleuteling: {own.encryption_fingerprint}")
    if not trusted:
        print("Nog geen sleutel van Veilig Thuis vertrouwd (wijkteam-desk keys trust MAP).")
    for key in trusted:
        state = " — ingetrokken" if key.revoked else ""
        print(f"{key.name} ({key.signing_key_id}){state}")
        print(f"  Vingerafdruk: {key.signing_fingerprint}")
        print(f"  Versleuteling: {key.encryption_fingerprint}")
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        key = ws.exchange.find_key(args.key)
        ws.exchange.revoke(key.id)
    finally:
        ws.lock()
    say(f"Sleutel van {key.name} ({key.signing_key_id}) is ingetrokken: pakketten die ermee "
        "ondertekend zijn worden geweigerd. Vraag Veilig Thuis om de nieuwe sleutel en voeg "
        "die toe met: wijkteam-desk keys trust MAP.")
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        key, written = ws.exchange.rotate_own_key(Path(args.out))
    finally:
        ws.lock()
    say("Het team heeft een nieuwe sleutel. De oude blijft alleen om late pakketten te openen.")
    print(f"Vingerafdruk: {key.signing_fingerprint}")
    print(f"Vingerafdruk versleuteling: {key.encryption_fingerprint}")
    for item in written:
        say(f"Geschreven: {item.path} (sleutelwissel, volgnummer {item.sequence}). Stuur het "
            "naar Veilig Thuis.")
    if not written:
        say("Er is nog geen sleutel van Veilig Thuis: geef Veilig Thuis de nieuwe sleutels "
            "(wijkteam-desk keys export MAP).")
    return 0


# -- import and export -------------------------------------------------------------------------
def cmd_import(args: argparse.Namespace) -> int:
    from ..domain.exchange import PackageStatus  # not at start: the app starts through here

    path = Path(args.file)
    ws = open_workspace(args)
    try:
        outcome = ws.exchange.import_file(path)
    except RejectedInput as error:
        return _rejected(path, error)
    finally:
        ws.lock()
    if outcome.status is PackageStatus.DUBBEL:
        say(f"Bestand {path} is al eerder ingelezen; er is niets veranderd.")
    elif outcome.kind == "ontvangstbevestiging" and outcome.refused_by_vt:
        say(f"Veilig Thuis heeft pakket {outcome.acknowledged} "
            f"{refusal_text(outcome.refused_by_vt)}. Het gaat opnieuw mee bij de volgende "
            "export.")
    elif outcome.kind == "ontvangstbevestiging":
        say(f"Ontvangstbevestiging ingelezen uit {path}: Veilig Thuis heeft pakket "
            f"{outcome.acknowledged or '(onbekend)'} ontvangen.")
    elif outcome.new_key is not None:
        say(f"Veilig Thuis heeft een nieuwe sleutel ({outcome.new_key.signing_key_id}); de oude "
            "wordt niet meer vertrouwd.")
        print(f"Vingerafdruk: {outcome.new_key.signing_fingerprint}")
    else:
        what = "nieuw gezin" if outcome.created else "bestaand gezin bijgewerkt"
        say(f"Overdracht ingelezen uit {path}: gezin {outcome.household_id} ({what}), "
            f"{outcome.persons_added} personen en {outcome.conditions_added} voorwaarden "
            "toegevoegd.")
        if outcome.conflicts:
            say(f"Let op: {outcome.conflicts} verschil(len) met eigen wijzigingen. Bekijk ze "
                "in het dossier onder VT-uitwisseling.")
    if outcome.receipt_queued:
        say("Een ontvangstbevestiging staat klaar voor Veilig Thuis: "
            "wijkteam-desk export --kind ontvangstbevestiging --out MAP.")
    return 0


def _melding_options(args: argparse.Namespace) -> dict[str, Any]:
    if args.kind != "melding":
        return {}
    informed = None if args.client_informed is None else args.client_informed == "ja"
    return {"concerns": args.concerns or "", "client_informed": informed,
            "not_informed_reason": args.not_informed_reason or ""}


def _receipts(args: argparse.Namespace) -> int:
    if not args.out:
        say("Geef --out MAP op.")
        return 2
    ws = open_workspace(args)
    try:
        written = ws.exchange.write_receipts(Path(args.out))
    except ValidationError as error:
        if error.code != "nothing_to_export":
            raise
        say("Er staan geen ontvangstbevestigingen klaar.")
        return 0
    finally:
        ws.lock()
    for item in written:
        say(f"Geschreven: {item.path} ({item.kind}, volgnummer {item.sequence}).")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.kind == "ontvangstbevestiging":
        return _receipts(args)
    if not args.preview and not args.out:
        say("Geef --out BESTAND op (of --preview om alleen te bekijken).")
        return 2
    households = [args.household] if args.household is not None else None
    ws = open_workspace(args)
    try:
        drafts = ws.exchange.prepare(args.kind, households, **_melding_options(args))
        # The preview: exactly the payloads that will be signed, on stdout.
        print(json.dumps([d.payload for d in drafts], ensure_ascii=False, indent=2,
                         sort_keys=True))
        if not drafts:
            say("Er is niets nieuws om te versturen.")
            return 0
        if args.preview:
            say(f"{plural(len(drafts), 'pakket', 'pakketten')} klaar; er is niets geschreven.")
            return 0
        written = ws.exchange.write(drafts, Path(args.out), args.recipient)
    except ValidationError as error:
        if error.code != "choose_recipient":
            raise
        say(f"Er zijn meer sleutels van Veilig Thuis ({error.facts.get('names', '')}). Kies er "
            "een met --recipient NAAM (de naam of het sleutelnummer uit 'wijkteam-desk keys "
            "list').")
        return 2
    finally:
        ws.lock()
    for item in written:
        say(f"Geschreven: {item.path} ({item.kind}, volgnummer {item.sequence}).")
    return 0


def add_parser(sub: Any) -> None:
    add = add_command
    keys = sub.add_parser("keys", help="sleutels voor de uitwisseling met Veilig Thuis")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="OPDRACHT")
    add(keys_sub, "export", cmd_keys_export, "schrijf de publieke sleutels van het team naar "
        "een map").add_argument("dir", metavar="MAP")
    trust = add(keys_sub, "trust", cmd_keys_trust, "vertrouw de sleutels van Veilig Thuis uit "
                "een map")
    trust.add_argument("dir", metavar="MAP")
    trust.add_argument("--name", help="naam, bijvoorbeeld 'Veilig Thuis Utrecht'")
    add(keys_sub, "list", cmd_keys_list, "toon de sleutels en vingerafdrukken").add_argument(
        "--json", action="store_true")
    add(keys_sub, "revoke", cmd_keys_revoke, "vertrouw een sleutel van Veilig Thuis niet meer"
        ).add_argument("key", metavar="SLEUTEL", help="naam of sleutelnummer (keys list)")
    add(keys_sub, "rotate", cmd_keys_rotate, "geef het team een nieuwe sleutel en meld dat aan "
        "Veilig Thuis").add_argument("--out", required=True, metavar="MAP",
                                     help="map (of bestand) voor de sleutelwissel")

    imp = add(sub, "import", cmd_import, "lees een pakket van Veilig Thuis in (overdracht of "
              "ontvangstbevestiging)")
    imp.add_argument("file", metavar="BESTAND")

    exp = add(sub, "export", cmd_export, "schrijf een ondertekend, versleuteld pakket voor "
              "Veilig Thuis")
    exp.add_argument("--out", metavar="BESTAND", help="bestand (of map) om naar te schrijven")
    exp.add_argument("--kind", choices=("terugkoppeling", "melding", "ontvangstbevestiging"),
                     default="terugkoppeling",
                     help="ontvangstbevestiging: schrijf de bevestigingen die klaarstaan")
    exp.add_argument("--household", type=int, metavar="NR",
                     help="alleen dit gezin (standaard: alles wat veranderd is sinds de laatste "
                          "bevestigde terugkoppeling)")
    exp.add_argument("--preview", action="store_true",
                     help="toon wat er naar Veilig Thuis gaat, zonder iets te schrijven")
    exp.add_argument("--recipient", metavar="NAAM", help="welke sleutel van Veilig Thuis")
    exp.add_argument("--concerns", help="melding: de zorgen")
    exp.add_argument("--client-informed", choices=("ja", "nee"),
                     help="melding: weet de cliënt van de melding?")
    exp.add_argument("--not-informed-reason", help="melding: waarom niet ingelicht")
