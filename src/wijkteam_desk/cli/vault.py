"""``init``, ``recover`` (also with ``--organisation-key``), ``passwd``, ``demo-data``,
``backup``, ``restore``, ``check`` and ``gui``: making, opening and looking after the vault on
the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.errors import VaultExists
from .base import (
    EXIT_INTEGRITY,
    EXIT_USAGE,
    CliError,
    add_command,
    add_profile_arguments,
    describe_profile,
    new_passphrase,
    open_workspace,
    passphrase,
    profile_from_args,
    recovery_code,
    say,
    service,
)


def cmd_init(args: argparse.Namespace) -> int:
    svc = service(args)
    if svc.exists():
        raise VaultExists()
    profile = profile_from_args(args, asked=True)  # checked before a vault is made
    ws, code = svc.create(new_passphrase(args, fallback_to_current=True), args.team, args.region,
                          profile)
    try:
        print(f"Herstelcode: {code}")
        print(f"Vingerafdruk: {ws.exchange.own_key().signing_fingerprint}")
    finally:
        ws.lock()
    say(f"Kluis gemaakt in {args.paths.home}.")
    if profile is not None:
        say(f"Je werkt als {describe_profile(profile)}.")
    else:
        say("Geef nog op wie je bent: wijkteam-desk profile --name NAAM --role FUNCTIE. "
            "Dat komt in het logboek en bij alles wat je vastlegt.")
    say("Schrijf de herstelcode op en bewaar hem op een veilige plek. Hij wordt maar één keer "
        "getoond.")
    if not ws.device_bound:
        say("Let op: geen veilige sleutelbos gevonden. De kluis is niet aan dit apparaat "
            "gekoppeld; alleen het wachtwoord beschermt hem.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    if args.organisation_key:
        return _recover_with_organisation_key(args, Path(args.organisation_key))
    svc = service(args)
    code = recovery_code()
    bound = svc.recover(code, new_passphrase(args))
    say("Nieuw wachtwoord ingesteld. Open de kluis voortaan met dit wachtwoord.")
    if not bound:
        say("Let op: geen veilige sleutelbos gevonden; de kluis is niet aan dit apparaat "
            "gekoppeld.")
    return 0


def _recover_with_organisation_key(args: argparse.Namespace, key_file: Path) -> int:
    from ..domain.errors import NoOrganisationKey, RejectedInput
    from ..services.organisation_key import read_identity_file
    from .organisation import refused

    svc = service(args)
    try:  # read once (it may be a pipe: ``<(age -d org.key.age)``), before the prompts
        identity = read_identity_file(key_file)
    except RejectedInput as error:
        return refused(key_file, error)
    if svc.exists() and svc.organisation_key_fingerprint() is None:
        raise NoOrganisationKey()
    bound = svc.recover_with_organisation_key(identity, new_passphrase(args))
    say("Nieuw wachtwoord ingesteld met de organisatiesleutel. Dat staat nu in het logboek van "
        "de kluis. Open de kluis voortaan met het nieuwe wachtwoord.")
    if key_file.resolve().is_relative_to(args.paths.home.resolve()):
        say(f"Let op: de geheime organisatiesleutel staat in de map van de kluis ({key_file}). "
            "Haal hem daar nu weg en bewaar hem offline.")
    else:
        say("Neem de geheime organisatiesleutel weer mee en bewaar hem offline.")
    if not bound:
        say("Let op: geen veilige sleutelbos gevonden; de kluis is niet aan dit apparaat "
            "gekoppeld.")
    return 0


def _say_organisation_key_after_restore(before: str | None, after: str | None) -> None:
    if before is None or before == after:
        return
    if after is None:
        say("Let op: deze reservekopie is gemaakt voordat de organisatiesleutel werd ingesteld. "
            "De kluis heeft nu geen organisatiesleutel. Stel hem opnieuw in: wijkteam-desk "
            "organisation-key set org.pub")
    else:
        say(f"Let op: de reservekopie heeft een andere organisatiesleutel (vingerafdruk {after}) "
            f"dan de kluis had ({before}). Vraag de ICT-afdeling welke klopt, en stel zo nodig "
            "de goede in: wijkteam-desk organisation-key set org.pub")


def cmd_passwd(args: argparse.Namespace) -> int:
    svc = service(args)
    svc.change_passphrase(passphrase(args), new_passphrase(args))
    say("Wachtwoord gewijzigd.")
    return 0


# Households per transaction: a crash loses at most the batch being written, never half a
# household (docs/security.md says so; tests/unit/test_security_doc.py keeps it true).
DEMO_BATCH = 20


def cmd_demo_data(args: argparse.Namespace) -> int:
    from ..services.demo import DemoGenerator

    if args.households < 1:
        raise CliError("Geef een aantal van minstens 1 op.", EXIT_USAGE)
    ws = open_workspace(args)
    try:
        DemoGenerator(ws.unit_of_work, seed=args.seed).generate(args.households, batch=DEMO_BATCH)
    finally:
        ws.lock()
    say(f"{args.households} voorbeeldgezinnen toegevoegd.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        written = ws.backup(Path(args.out))
    finally:
        ws.lock()
    say(f"Reservekopie geschreven: {written}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    svc = service(args)
    src = Path(args.file)
    organisation_key = svc.organisation_key_fingerprint()
    if args.recovery:
        previous = svc.restore(src, recovery_code=recovery_code(),
                               new_passphrase=new_passphrase(args))
    else:
        previous = svc.restore(src, passphrase=passphrase(args))
    say(f"Reservekopie teruggezet uit {src}.")
    if previous:
        say(f"De vorige kluis is bewaard in {previous}.")
    _say_organisation_key_after_restore(organisation_key, svc.organisation_key_fingerprint())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 5 when anything is damaged or missing; each finding once, then what to do."""
    from ..texts import finding_text, findings_advice

    ws = open_workspace(args, announce=False)
    try:
        findings = ws.check()
    finally:
        ws.lock()
    if findings:
        say("De controle vond een probleem:" if len(findings) == 1 else
            "De controle vond problemen:")
        for finding in findings:
            say(f"- {finding_text(finding)}")
        say(findings_advice(findings))
        return EXIT_INTEGRITY
    say("Controle in orde: database, versleuteling en logboek zijn heel.")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from ..app import run_gui

    return run_gui(args.paths, demo=getattr(args, "demo", False))


def add_parser(sub: Any) -> None:
    g = add_command(sub, "gui", cmd_gui, "start de app (standaard)")
    g.add_argument("--demo", action="store_true", help="open een tijdelijke kluis met "
                   "voorbeeldgezinnen")
    i = add_command(sub, "init", cmd_init, "maak een nieuwe kluis")
    i.add_argument("--team", default="")
    i.add_argument("--region", default="")
    add_profile_arguments(i)
    i.add_argument("--new-passphrase-file", help=argparse.SUPPRESS)
    r = add_command(sub, "recover", cmd_recover, "nieuw wachtwoord met de herstelcode")
    r.add_argument("--new-passphrase-file")
    r.add_argument("--organisation-key", metavar="BESTAND",
                   help="gebruik de geheime sleutel van de organisatie (org.key) in plaats van "
                        "de herstelcode")
    pw = add_command(sub, "passwd", cmd_passwd, "wijzig het wachtwoord")
    pw.add_argument("--new-passphrase-file")
    d = add_command(sub, "demo-data", cmd_demo_data, "voeg voorbeeldgezinnen toe")
    d.add_argument("--households", type=int, required=True)
    d.add_argument("--seed", type=int)
    b = add_command(sub, "backup", cmd_backup, "versleutelde reservekopie")
    b.add_argument("--out", required=True)
    rs = add_command(sub, "restore", cmd_restore, "zet een reservekopie terug")
    rs.add_argument("file")
    rs.add_argument("--recovery", action="store_true", help="gebruik de herstelcode")
    rs.add_argument("--new-passphrase-file")
    add_command(sub, "check", cmd_check, "controleer database en logboek")
