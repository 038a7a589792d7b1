"""``team …`` and ``handover``: one team, many laptops (issue 16). Setting up (create, request,
add, join), sync and status, handing a household to a colleague. Data (and ``--json``) on
stdout, messages on stderr; a change to a colleague's household exits 1 with "Dit gezin is van
…; vraag om overdracht." (``texts_team.py``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..texts_team import TEAM_REASONS
from .base import CliError, add_command, open_workspace, say
from .terminal import one_line

if TYPE_CHECKING:
    from ..services.team import SyncResult, TeamStatus

ROLE_WORDS = {"teamleider": "teamleider", "consulent": "consulent"}


def _sync_json(result: SyncResult, names: dict[str, str]) -> dict[str, Any]:
    def refusal(r: Any) -> dict[str, Any]:
        return {"file": r.label, "author": r.author, "author_name": names.get(r.author),
                "reason": r.reason, "household": r.household}

    return {**result.counts(), "folder": result.folder,
            "at": result.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files_written": result.files_written, "compacted": result.compacted,
            "households": list(result.households),
            "refused": [refusal(r) for r in result.refused],
            "flagged": [refusal(r) for r in result.flagged]}


def _print_sync(result: SyncResult, names: dict[str, str]) -> None:
    if result.status == "waiting":
        say(f"De teammap {result.folder} is er nu niet. Er is niets verstuurd; de volgende "
            "keer gaat het verder.")
        return
    if result.status == "removed":
        say("Deze laptop staat niet meer in het team. Vraag je teamleider wat er is gebeurd.")
    print(f"Verstuurd: {result.sent}  Binnengekomen: {result.applied}  "
          f"Geweigerd: {len(result.refused)}  Ter beoordeling: {result.late_changes}")
    for r in result.refused:
        who = one_line(names.get(r.author, r.author[:8] or "onbekend"))
        print(f"  geweigerd: {r.label} van {who}: {TEAM_REASONS.get(r.reason, r.reason)}")
    for r in result.flagged:
        who = one_line(names.get(r.author, r.author[:8]))
        print(f"  niet te lezen voor jou als teamleider: {r.label} van {who}")


def _names(ws: Any) -> dict[str, str]:
    return {m.member_id: m.name for m in ws.team.status().members}


def cmd_create(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        result = ws.team.create(args.name, Path(args.folder))
        status = ws.team.status()
        names = _names(ws)
    finally:
        ws.lock()
    me = next(m for m in status.members if m.is_me)
    print(f"Vingerafdruk: {me.fingerprint}")
    say(f"Team '{one_line(status.team_name)}' gemaakt in {status.folder}. Jij bent teamleider. "
        "Collega's sluiten zich aan met deze vingerafdruk; vergelijk hem telefonisch.")
    _print_sync(result, names)
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        info = ws.team.request(Path(args.out))
    finally:
        ws.lock()
    print(f"Vingerafdruk: {info.fingerprint}")
    say(f"Aanmeldbestand geschreven: {args.out}. Geef het aan je teamleider en vergelijk de "
        "vingerafdruk telefonisch of persoonlijk.")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        path = Path(args.file)
        if args.fingerprint:
            seen = ws.team.read_request(path).fingerprint
            if "".join(seen.split()) != "".join(args.fingerprint.split()).upper():
                raise CliError(f"De vingerafdruk in {args.file} is {seen}, niet "
                               f"{args.fingerprint}. Er is niemand toegevoegd.")
        info = ws.team.add(path, args.role)
    finally:
        ws.lock()
    print(f"Vingerafdruk: {info.fingerprint}")
    say(f"{one_line(info.name)} ({ROLE_WORDS.get(info.role, info.role)}) staat nu in het team. "
        "De collega sluit zich aan met: wijkteam-desk team join.")
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        result = ws.team.join(Path(args.folder), args.leader)
        status = ws.team.status()
        names = _names(ws)
    finally:
        ws.lock()
    say(f"Je bent aangesloten bij '{one_line(status.team_name)}'.")
    _print_sync(result, names)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        result = ws.team.sync(Path(args.folder) if args.folder else None)
        names = _names(ws)
    finally:
        ws.lock()
    if args.json:
        print(json.dumps(_sync_json(result, names), ensure_ascii=False, indent=1))
    else:
        _print_sync(result, names)
    return 0


def _status_json(status: TeamStatus) -> dict[str, Any]:
    names = {m.member_id: m.name for m in status.members}
    return {
        "in_team": status.in_team, "team": status.team_name or None,
        "team_id": status.team_id or None, "member_id": status.member_id or None,
        "role": status.role or None, "folder": status.folder or None,
        "folder_present": status.folder_present, "roster_version": status.roster_version,
        "members": [{"member_id": m.member_id, "name": m.name, "role": m.role,
                     "fingerprint": m.fingerprint, "last_seen": m.last_seen, "me": m.is_me,
                     "current": m.current} for m in status.members],
        "last_sync": status.last_sync_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        if status.last_sync_at else None,
        "last_result": status.last_sync or None, "pending": status.pending,
        "handovers": [{"household": h.household, "direction": h.direction,
                       "member_id": h.member_id, "member": names.get(h.member_id)}
                      for h in status.handovers],
        "reviews": status.reviews,
    }


def cmd_status(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        status = ws.team.status()
    finally:
        ws.lock()
    if args.json:
        print(json.dumps(_status_json(status), ensure_ascii=False, indent=1))
        return 0
    if not status.in_team:
        say("Deze laptop hoort nog niet bij een team.")
        return 0
    print(f"Team: {one_line(status.team_name)} (teamlijst versie {status.roster_version})")
    print(f"Teammap: {status.folder}" + ("" if status.folder_present else " (nu niet bereikbaar)"))
    last = status.last_sync_at.strftime("%Y-%m-%d %H:%M") if status.last_sync_at else "nog nooit"
    print(f"Laatst gesynchroniseerd: {last}; nog te versturen: {status.pending}")
    for m in status.members:
        if not m.current:
            continue
        mark = " (jij)" if m.is_me else ""
        seen = (m.last_seen or "nog niet gezien").replace("T", " ").rstrip("Z")
        print(f"  {one_line(m.name)[:30]:<30} {m.role:<12} {m.fingerprint}  {seen}{mark}")
    names = {m.member_id: m.name for m in status.members}
    for h in status.handovers:
        other = one_line(names.get(h.member_id, h.member_id[:8]))
        way = "naar" if h.direction == "outgoing" else "van"
        print(f"  overdracht onderweg: gezin {h.household} {way} {other}")
    if status.reviews:
        print(f"  ter beoordeling: {status.reviews} late wijziging(en)")
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        result = ws.team.handover(args.household, args.to)
    finally:
        ws.lock()
    name = one_line(result.to_name)
    if result.status == "waiting":
        say(f"Gezin {result.household} gaat naar {name}. De teammap is er nu niet: de "
            "overdracht gaat mee bij de volgende synchronisatie.")
    else:
        say(f"Gezin {result.household} gaat naar {name}. Overdracht onderweg: {name} neemt het "
            "over bij de volgende synchronisatie.")
    return 0


def add_parser(sub: Any) -> None:
    team = sub.add_parser("team", help="één team, veel laptops: de teammap")
    team_sub = team.add_subparsers(dest="team_command", required=True, metavar="OPDRACHT")
    create = add_command(team_sub, "create", cmd_create, "maak een team; jij wordt teamleider")
    create.add_argument("--name", required=True, metavar="NAAM")
    create.add_argument("--folder", required=True, metavar="MAP")
    request = add_command(team_sub, "request", cmd_request,
                          "schrijf je aanmeldbestand voor de teamleider")
    request.add_argument("--out", required=True, metavar="BESTAND")
    add = add_command(team_sub, "add", cmd_add, "teamleider: zet een collega in het team")
    add.add_argument("file", metavar="BESTAND")
    add.add_argument("--role", choices=("consulent", "teamleider"))
    add.add_argument("--fingerprint", metavar="VINGERAFDRUK",
                     help="weiger als het aanmeldbestand een andere vingerafdruk heeft")
    join = add_command(team_sub, "join", cmd_join, "sluit je aan bij het team in een map")
    join.add_argument("--folder", required=True, metavar="MAP")
    join.add_argument("--leader", required=True, metavar="VINGERAFDRUK")
    sync = add_command(team_sub, "sync", cmd_sync, "verstuur je wijzigingen en haal die van "
                       "je collega's op")
    sync.add_argument("--folder", metavar="MAP", help="de teammap staat nu hier")
    sync.add_argument("--json", action="store_true")
    status = add_command(team_sub, "status", cmd_status, "team, collega's, teammap, laatste "
                         "synchronisatie")
    status.add_argument("--json", action="store_true")
    handover = add_command(sub, "handover", cmd_handover, "geef een gezin aan een collega")
    handover.add_argument("household", type=int, metavar="GEZIN")
    handover.add_argument("--to", required=True, metavar="COLLEGA",
                          help="naam of vingerafdruk")
