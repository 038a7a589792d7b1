"""The command line (DESIGN.md "Command line"): a stable contract for scripts and tests.

Exit status: 0 ok, 1 error, 2 usage, 3 wrong passphrase or locked vault, 4 rejected input file,
5 integrity failure. Messages are short Dutch sentences on stderr; data goes to stdout."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .domain.clock import SystemClock
from .domain.errors import ValidationError, WijkteamError
from .domain.safety_plan_json import plan_to_dict
from .paths import resolve_home
from .services.cases import CaseRow, FileView
from .services.plans import ConditionView
from .services.vaults import VaultService, Workspace
from .storage.secretstore import KeyringSecretStore
from .texts import PHASES, ROLES, error_text, warning_text

ENV_PASSPHRASE = "WIJKTEAM_DESK_PASSPHRASE"
ENV_RECOVERY = "WIJKTEAM_DESK_RECOVERY_CODE"


class CliError(Exception):
    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def say(message: str) -> None:
    print(message, file=sys.stderr)


def _read_secret_file(path: str) -> str:
    try:
        return Path(path).read_text("utf-8").rstrip("\r\n")
    except OSError as exc:
        raise CliError(f"Kan het bestand {path} niet lezen.", 2) from exc


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(f"Geen {label.lower()} opgegeven. Gebruik {ENV_PASSPHRASE} of "
                       "--passphrase-file.", 2)
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
    return VaultService(args.paths, KeyringSecretStore(), SystemClock())


def open_workspace(args: argparse.Namespace) -> Workspace:
    return service(args).unlock(passphrase(args))


# -- commands ------------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    svc = service(args)
    if svc.exists():
        raise WijkteamError("vault_exists")
    ws, code = svc.create(new_passphrase(args, fallback_to_current=True), args.team, args.region)
    try:
        print(f"Herstelcode: {code}")
        for line in _after_init_lines(ws):
            print(line)
    finally:
        ws.lock()
    say(f"Kluis gemaakt in {args.paths.home}.")
    say("Schrijf de herstelcode op en bewaar hem op een veilige plek. Hij wordt maar één keer "
        "getoond.")
    if not ws.device_bound:
        say("Let op: geen veilige sleutelbos gevonden. De kluis is niet aan dit apparaat "
            "gekoppeld; alleen het wachtwoord beschermt hem.")
    return 0


# Filled in by the exchange module (team keys are made at init); a list of extra output lines.
AFTER_INIT: list[Callable[[Workspace], list[str]]] = []


def _after_init_lines(ws: Workspace) -> list[str]:
    lines: list[str] = []
    for hook in AFTER_INIT:
        lines.extend(hook(ws))
    return lines


def cmd_recover(args: argparse.Namespace) -> int:
    svc = service(args)
    code = recovery_code()
    bound = svc.recover(code, new_passphrase(args))
    say("Nieuw wachtwoord ingesteld. Open de kluis voortaan met dit wachtwoord.")
    if not bound:
        say("Let op: geen veilige sleutelbos gevonden; de kluis is niet aan dit apparaat "
            "gekoppeld.")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    svc = service(args)
    svc.change_passphrase(passphrase(args), new_passphrase(args))
    say("Wachtwoord gewijzigd.")
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from .services.demo import DemoGenerator

    if args.households < 1:
        raise CliError("Geef een aantal van minstens 1 op.", 2)
    ws = open_workspace(args)
    try:
        DemoGenerator(ws.unit_of_work, seed=args.seed).generate(args.households, batch=20)
    finally:
        ws.lock()
    say(f"{args.households} voorbeeldgezinnen toegevoegd.")
    return 0


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _row_json(row: CaseRow, today: date) -> dict[str, Any]:
    s = row.summary
    return {
        "id": s.household_id, "name": s.name, "status": s.status.value, "phase": s.phase.value,
        "regisseur": s.regisseur or None, "next_action": s.next_action,
        "next_monitoring": _iso(row.next_monitoring),
        "earliest_closing": _iso(row.earliest_closing),
        "days_to_closing": row.days_to_closing(today),
        "warnings": [{"code": w.code, "text": " ".join(warning_text(w)).strip(),
                      "facts": w.facts} for w in row.warnings],
    }


def cmd_list(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        rows = ws.cases.list_cases()
        today = ws.clock.today()
    finally:
        ws.lock()
    if args.json:
        print(json.dumps([_row_json(r, today) for r in rows], ensure_ascii=False, indent=1))
        return 0
    print(f"{'nr':>5}  {'gezin':<28} {'fase':<30} {'regisseur':<24} {'monitoring':<10}  signalen")
    for r in rows:
        s = r.summary
        print(f"{s.household_id:>5}  {s.name[:28]:<28} {PHASES[s.phase.value]:<30} "
              f"{(s.regisseur or '—')[:24]:<24} {_iso(r.next_monitoring) or '—':<10}  "
              f"{len(r.warnings)}")
    return 0


def file_json(view: FileView) -> dict[str, Any]:
    f = view.file
    h = f.household
    names = {p.id: p.full_name for p in f.persons}

    def plain(obj: Any) -> Any:
        data = asdict(obj)
        return json.loads(json.dumps(data, default=str))

    return {
        "id": h.id, "name": h.name, "status": h.status.value, "phase": h.phase.value,
        "opened_on": _iso(h.opened_on), "from_vt": h.from_vt, "vt_case_number": h.vt_case_number,
        "vt_handover_date": _iso(h.vt_handover_date), "closed_on": _iso(h.closed_on),
        "closing_reason": h.closing_reason, "next_action": h.next_action,
        "members": [{
            "id": p.id, "name": p.full_name, "birth_date": _iso(p.birth_date),
            "roles": [{"role": r.role.value, "certainty": r.certainty.value} for r in p.roles],
            "lives_in_household": p.lives_in_household, "address": p.address,
            "postcode": p.postcode, "city": p.city, "phone": p.phone,
            "secret_address": p.secret_address} for p in f.persons],
        "relationships": [{**plain(r), "person_a": names.get(r.person_a_id),
                           "person_b": names.get(r.person_b_id)} for r in f.relationships],
        "network": [plain(n) for n in f.network],
        "professionals": [{**plain(p), "involvements": [plain(i) for i in f.involvements
                                                        if i.professional_id == p.id]}
                          for p in f.professionals],
        "regisseur": next((f.professional(i.professional_id).name  # type: ignore[union-attr]
                           for i in f.active_regisseurs(date.today())), None),
        "regisseur_changes": f.regisseur_changes(),
        "phase_history": [plain(c) for c in f.phase_history],
        "incidents": [plain(i) for i in f.incidents],
        "journal": [plain(j) for j in f.journal],
        "plan": [plain(g) for g in f.goals],
        "child_offers": [plain(o) for o in f.child_offers],
        "earliest_closing": _iso(view.earliest_closing),
        "monitoring_planned": [d.isoformat() for d in view.planned_monitoring],
        "warnings": [{"code": w.code, "text": " ".join(warning_text(w)).strip()}
                     for w in view.warnings],
    }


def condition_json(view: ConditionView) -> dict[str, Any]:
    c = view.condition
    return {"id": c.id, "text": c.text, "set_by": c.set_by, "set_on": _iso(c.set_on),
            "goal_ids": list(view.goal_ids),
            "reviews": [{"on": _iso(r.on), "status": str(getattr(r.status, "value", r.status)),
                         "note": r.note} for r in c.reviews]}


def cmd_show(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        view = ws.cases.open_file(args.household, purpose="cli show")
        monitoring = ws.monitoring.moments_json(args.household)
        conditions = ws.plans.conditions(args.household)
        versions = ws.plans.versions(args.household)
    finally:
        ws.lock()
    data = {**file_json(view), "monitoring": monitoring,
            "conditions": [condition_json(c) for c in conditions],
            "safety_plans": [plan_to_dict(p) for p in versions]}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"{data['name']} (nr {data['id']}) — {PHASES[data['phase']]}, {data['status']}")
    print(f"Regisseur: {data['regisseur'] or '—'} (wisselingen: {data['regisseur_changes']})")
    for m in data["members"]:
        roles = ", ".join(ROLES[r["role"]] + (" (vermoeden)" if r["certainty"] == "vermoeden"
                                              else "") for r in m["roles"])
        print(f"  {m['id']:>6}  {m['name']:<30} {roles}")
    for w in data["warnings"]:
        print(f"  ! {w['text']}")
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
    if args.recovery:
        previous = svc.restore(src, recovery_code=recovery_code(),
                               new_passphrase=new_passphrase(args))
    else:
        previous = svc.restore(src, passphrase=passphrase(args))
    say(f"Reservekopie teruggezet uit {src}.")
    if previous:
        say(f"De vorige kluis is bewaard in {previous}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        problems = ws.check()
    finally:
        ws.lock()
    if problems:
        say("De controle vond fouten. Zet een reservekopie terug (wijkteam-desk restore):")
        for p in problems[:20]:
            say(f"  {p}")
        return 5
    say("Controle in orde: database, versleuteling en logboek zijn heel.")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from .app import run_gui

    return run_gui(args.paths, demo=getattr(args, "demo", False))


# -- parser --------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        say(f"Onjuiste opdracht: {message}")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="wijkteam-desk", description="Wijkteam Desk: versleuteld dossier voor "
                "lokale teams.")
    p.add_argument("--version", action="version", version=f"wijkteam-desk {__version__}")
    p.add_argument("--home", help="map met de kluis (of WIJKTEAM_DESK_HOME)")
    p.add_argument("--passphrase-file", help="lees het wachtwoord uit dit bestand")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str
            ) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_)
        sp.set_defaults(func=func)
        sp.add_argument("--passphrase-file", default=argparse.SUPPRESS,
                        help="lees het wachtwoord uit dit bestand")
        return sp

    g = add("gui", cmd_gui, "start de app (standaard)")
    g.add_argument("--demo", action="store_true", help="open een tijdelijke kluis met "
                   "voorbeeldgezinnen")
    i = add("init", cmd_init, "maak een nieuwe kluis")
    i.add_argument("--team", default="")
    i.add_argument("--region", default="")
    i.add_argument("--new-passphrase-file", help=argparse.SUPPRESS)
    r = add("recover", cmd_recover, "nieuw wachtwoord met de herstelcode")
    r.add_argument("--new-passphrase-file")
    pw = add("passwd", cmd_passwd, "wijzig het wachtwoord")
    pw.add_argument("--new-passphrase-file")
    d = add("demo-data", cmd_demo_data, "voeg voorbeeldgezinnen toe")
    d.add_argument("--households", type=int, required=True)
    d.add_argument("--seed", type=int)
    ls = add("list", cmd_list, "lijst van gezinnen")
    ls.add_argument("--json", action="store_true")
    sh = add("show", cmd_show, "één gezinsdossier")
    sh.add_argument("household", type=int)
    sh.add_argument("--json", action="store_true")
    b = add("backup", cmd_backup, "versleutelde reservekopie")
    b.add_argument("--out", required=True)
    rs = add("restore", cmd_restore, "zet een reservekopie terug")
    rs.add_argument("file")
    rs.add_argument("--recovery", action="store_true", help="gebruik de herstelcode")
    rs.add_argument("--new-passphrase-file")
    add("check", cmd_check, "controleer database en logboek")
    for extend in EXTENSIONS:
        extend(sub)
    return p


# Other modules (exchange, printing) add their sub-commands here: f(subparsers) -> None.
EXTENSIONS: list[Callable[[Any], None]] = []


def _load_extensions() -> None:
    if EXTENSIONS:
        return
    from .cli_plans import add_plans_parser  # print-plan
    EXTENSIONS.append(add_plans_parser)
    from .cli_monitoring import add_monitoring_parser  # due
    EXTENSIONS.append(add_monitoring_parser)
    from .cli_exchange import add_exchange_parser, init_lines  # keys, import, export
    EXTENSIONS.append(add_exchange_parser)
    AFTER_INIT.append(init_lines)
    try:
        from .cli_vt import add_vt_parser
    except ImportError:
        return
    EXTENSIONS.append(add_vt_parser)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # whatever we write (exports, PDFs, sidecar files) is private by default
    _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.paths = resolve_home(args.home)
    if not getattr(args, "command", None):
        args.func, args.demo = cmd_gui, False
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


if __name__ == "__main__":
    run()
