"""``team …`` and ``handover``: one team, many laptops (issue 16). Setting up (create, request,
add, join), sync and status, handing a household to a colleague. Data (and ``--json``) on
stdout, messages on stderr; a change to a colleague's household exits 1 with "Dit gezin is van
…; vraag om overdracht." (``texts_team.py``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..texts import plural
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
        say("Je bent geen lid meer van het team: de teamleider heeft je uit de teamlijst "
            f"gehaald. De gezinnen van je collega's zijn van deze laptop verwijderd (aantal: "
            f"{result.withdrawn}). Vraag je teamleider wat er is gebeurd.")
        return
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


def _checked_request(ws: Any, args: argparse.Namespace, nothing_done: str) -> Path:
    """The join request in ``args.file``; with ``--fingerprint``, refused unless it matches."""
    path = Path(args.file)
    if args.fingerprint:
        seen = ws.team.read_request(path).fingerprint
        if "".join(seen.split()) != "".join(args.fingerprint.split()).upper():
            raise CliError(f"De vingerafdruk in {args.file} is {seen}, niet "
                           f"{args.fingerprint}. {nothing_done}")
    return path


def cmd_add(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        path = _checked_request(ws, args, "Er is niemand toegevoegd.")
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
        late = plural(status.reviews, "late wijziging", "late wijzigingen")
        print(f"  ter beoordeling: {late}")
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


# -- issue 17: a team's bad days -----------------------------------------------------------
def cmd_reassign(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        result = ws.team.reassign(args.household, args.to, args.reason)
    finally:
        ws.lock()
    name = one_line(result.to_name)
    print(json.dumps({"household": result.household, "from": result.from_member,
                      "to": result.to_member, "base_version": result.base_version,
                      "dossierhouder": result.dossierhouder, "status": result.status})
          if args.json else f"Gezin {result.household}: overgenomen voor {name}.")
    if result.dossierhouder != result.to_member:
        say("Een andere teamleider nam dit gezin tegelijk over; die overname geldt op elke "
            "laptop. Bekijk: wijkteam-desk team status.")
    elif result.status == "waiting":
        say("De teammap is er nu niet: de overname gaat mee bij de volgende synchronisatie.")
    else:
        say(f"De overname staat in de teammap. Wijzigingen die de vorige dossierhouder nog "
            f"maakte, ziet {name} ter beoordeling (team review list).")
    return 0


def _value(value: object) -> str:
    return one_line(str(value))[:60]


def _review_json(review: Any) -> dict[str, Any]:
    return {"id": review.id, "household": review.household, "author": review.author,
            "author_name": review.author_name, "version": review.version,
            "received_at": review.received_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "changes": [{"key": c.key, "table": c.table, "kind": c.kind,
                         "always_kept": c.always_kept, "late": c.late, "current": c.current}
                        for c in review.changes]}


def cmd_review_list(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        reviews = ws.team.reviews(args.household)
    finally:
        ws.lock()
    if args.json:
        print(json.dumps([_review_json(r) for r in reviews], ensure_ascii=False, indent=1))
        return 0
    if not reviews:
        say("Er zijn geen late wijzigingen om te beoordelen.")
        return 0
    for r in reviews:
        print(f"Late wijziging {r.id}: gezin {r.household}, van "
              f"{one_line(r.author_name or r.author[:8])} (versie {r.version}), binnengekomen "
              f"{r.received_at.strftime('%Y-%m-%d %H:%M')}")
        for c in r.changes:
            if c.always_kept:
                print(f"  {c.key}  nieuw journaalbericht: blijft altijd bewaard")
                continue
            print(f"  {c.key}  {'nieuw' if c.kind == 'added' else 'anders'}")
            for column, late in c.late.items():
                now = None if c.current is None else c.current.get(column)
                if c.current is None or now != late:
                    before = "" if c.current is None else f"nu: {_value(now)}; "
                    print(f"      {column}: {before}laat: {_value(late)}")
    say("Kies per onderdeel: wijkteam-desk team review choose NUMMER --take ONDERDEEL "
        "(wat je niet noemt, blijft zoals het nu is).")
    return 0


def cmd_review_choose(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        take = list(args.take or [])
        if args.take_all:
            [review] = [r for r in ws.team.reviews() if r.id == args.review] or [None]
            if review is not None:
                take = [c.key for c in review.changes if not c.always_kept]
        decision = ws.team.decide(args.review, take)
    finally:
        ws.lock()
    print(f"Overgenomen: {len(decision.taken)}  Zoals het was: {len(decision.kept)}")
    say(f"Besloten over late wijziging {decision.review} van gezin {decision.household}. "
        + ("Je collega's krijgen het bij hun volgende synchronisatie."
           if decision.status == "ok" else
           "De teammap is er nu niet: het gaat mee bij de volgende synchronisatie."))
    return 0


def _roster_said(change: Any, done: str) -> None:
    name = one_line(change.name)
    tail = ("" if change.status == "ok" else " De teammap is er nu niet: de nieuwe teamlijst "
            "gaat mee bij de volgende synchronisatie.")
    say(f"{name}: {done} (teamlijst versie {change.roster_version}).{tail}")


def cmd_remove(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        change = ws.team.remove(args.member)
    finally:
        ws.lock()
    _roster_said(change, "uit het team gehaald. Vanaf nu wordt niets meer voor deze collega "
                         "versleuteld en worden diens bestanden geweigerd")
    return 0


def cmd_relink(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        path = _checked_request(ws, args, "Er is niets veranderd.")
        change = ws.team.relink(path)
    finally:
        ws.lock()
    _roster_said(change, "de nieuwe sleutels horen nu bij deze collega; de oude zijn "
                         "ingetrokken. De gezinnen blijven bij de collega")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        change = ws.team.set_role(args.member, args.role)
    finally:
        ws.lock()
    _roster_said(change, f"is nu {ROLE_WORDS.get(args.role, args.role)}")
    return 0


def cmd_shield(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        result = ws.team.shield(args.household, not args.off)
    finally:
        ws.lock()
    if result.afgeschermd:
        say(f"Gezin {result.household} is afgeschermd: alleen jij en de teamleiders krijgen het. "
            "De laptops van je andere collega's halen hun kopie weg bij hun volgende "
            "synchronisatie.")
    else:
        say(f"Gezin {result.household} is niet meer afgeschermd: het hele team krijgt het weer.")
    if result.status == "waiting":
        say("De teammap is er nu niet: het gaat mee bij de volgende synchronisatie.")
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
    reassign = add_command(team_sub, "reassign", cmd_reassign, "teamleider: neem een gezin "
                           "over voor een collega (noodgeval)")
    reassign.add_argument("household", type=int, metavar="GEZIN")
    reassign.add_argument("--to", required=True, metavar="COLLEGA", help="naam of vingerafdruk")
    reassign.add_argument("--reason", required=True, metavar="REDEN")
    reassign.add_argument("--json", action="store_true")
    review = team_sub.add_parser("review", help="late wijzigingen na een overname beoordelen")
    review_sub = review.add_subparsers(dest="review_command", required=True, metavar="OPDRACHT")
    listing = add_command(review_sub, "list", cmd_review_list, "toon de late wijzigingen")
    listing.add_argument("--household", type=int, metavar="GEZIN")
    listing.add_argument("--json", action="store_true")
    choose = add_command(review_sub, "choose", cmd_review_choose, "kies per onderdeel")
    choose.add_argument("review", type=int, metavar="NUMMER")
    choose.add_argument("--take", action="append", metavar="ONDERDEEL",
                        help="neem dit onderdeel van de late wijziging over (vaker te geven)")
    choose.add_argument("--take-all", action="store_true", help="neem alles over")
    shield = add_command(team_sub, "shield", cmd_shield, "scherm een gezin af: alleen jij en "
                         "de teamleiders krijgen het")
    shield.add_argument("household", type=int, metavar="GEZIN")
    shield.add_argument("--off", action="store_true", help="hef de afscherming op")
    remove = add_command(team_sub, "remove", cmd_remove, "teamleider: haal een collega uit "
                         "het team (vertrek of verloren laptop)")
    remove.add_argument("member", metavar="COLLEGA")
    relink = add_command(team_sub, "relink", cmd_relink, "teamleider: koppel nieuwe sleutels "
                         "(nieuwe laptop) aan een collega")
    relink.add_argument("file", metavar="BESTAND")
    relink.add_argument("--fingerprint", metavar="VINGERAFDRUK")
    role = add_command(team_sub, "role", cmd_role, "teamleider: geef een collega een andere rol")
    role.add_argument("member", metavar="COLLEGA")
    role.add_argument("--role", required=True, choices=("consulent", "teamleider"))
    handover = add_command(sub, "handover", cmd_handover, "geef een gezin aan een collega")
    handover.add_argument("household", type=int, metavar="GEZIN")
    handover.add_argument("--to", required=True, metavar="COLLEGA",
                          help="naam of vingerafdruk")
