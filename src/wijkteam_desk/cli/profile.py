"""``profile`` and ``audit``: who acts on this vault, and what the audit log says they did.

The profile (name, role, organisation) is the author of every record and audit line made on this
laptop (NEN 7513); the operating-system login never is."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ..texts import PROFILE_ROLES
from .base import (
    EXIT_USAGE,
    CliError,
    add_command,
    add_profile_arguments,
    describe_profile,
    open_workspace,
    say,
)

if TYPE_CHECKING:
    from ..domain.profile import Profile
    from ..storage.audit import AuditEvent


def profile_json(profile: Profile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {"name": profile.name, "role": profile.role.value,
            "role_label": PROFILE_ROLES[profile.role.value],
            "organisation": profile.organisation, "member_id": profile.member_id}


def cmd_profile(args: argparse.Namespace) -> int:
    changing = any(v is not None for v in (args.name, args.role, args.organisation))
    ws = open_workspace(args)
    try:
        profile = ws.profile
        if changing:
            if profile is None and (args.name is None or args.role is None):
                raise CliError("Deze kluis heeft nog geen profiel. Geef je naam en functie op: "
                               "--name NAAM --role FUNCTIE.", EXIT_USAGE)
            name = args.name if args.name is not None else profile.name  # type: ignore[union-attr]
            role = args.role if args.role is not None else profile.role  # type: ignore[union-attr]
            organisation = args.organisation if args.organisation is not None \
                else (profile.organisation if profile else "")
            profile = ws.save_profile(name, role, organisation)
    finally:
        ws.lock()
    if args.json:
        print(json.dumps(profile_json(profile), ensure_ascii=False, indent=1))
    elif profile is None:
        say("Deze kluis weet nog niet wie je bent. Geef je naam op: wijkteam-desk profile "
            "--name NAAM --role FUNCTIE.")
    else:
        print(f"Naam: {profile.name}")
        print(f"Functie: {PROFILE_ROLES[profile.role.value]}")
        print(f"Organisatie: {profile.organisation or '—'}")
        print(f"Lidnummer: {profile.member_id}")
    if changing:
        say(f"Je werkt nu als {describe_profile(profile)}. Wat je eerder vastlegde, houdt de "  # type: ignore[arg-type]
            "naam van toen.")
    return 0


def event_json(e: AuditEvent) -> dict[str, Any]:
    return {"id": e.id, "at": e.at, "actor": e.actor, "role": e.role or None,
            "role_label": PROFILE_ROLES.get(e.role) if e.role else None,
            "actor_id": e.actor_id or None, "device": e.device, "action": e.action,
            "object_type": e.object_type, "object_id": e.object_id,
            "household_id": e.household_id, "result": e.result, "detail": e.detail}


def cmd_audit(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("Geef een aantal van minstens 1 op.", EXIT_USAGE)
    ws = open_workspace(args)
    try:
        events = ws.cases.audit_log(household_id=args.household)
    finally:
        ws.lock()
    events = list(reversed(events[:args.limit]))  # the newest N, oldest first like any log
    if args.json:
        print(json.dumps([event_json(e) for e in events], ensure_ascii=False, indent=1))
        return 0
    if not events:
        print("Geen regels in het logboek.")
        return 0
    for e in events:
        who = e.actor or "(geen profiel)"
        if e.role:
            who += f" ({PROFILE_ROLES.get(e.role, e.role)})"
        where = f"gezin {e.household_id}" if e.household_id is not None else ""
        print(f"{e.at[:19].replace('T', ' ')}  {who[:40]:<40} {e.action:<26} {where:<12} "
              f"{e.result}")
    return 0


def add_parser(sub: Any) -> None:
    p = add_command(sub, "profile", cmd_profile, "wie er met deze kluis werkt (naam, functie)")
    add_profile_arguments(p)
    p.add_argument("--json", action="store_true")
    a = add_command(sub, "audit", cmd_audit, "het logboek: wie heeft wat bekeken of gewijzigd")
    a.add_argument("--household", type=int, metavar="GEZIN", help="alleen over dit gezin")
    a.add_argument("--limit", type=int, default=500, help="hoeveel regels (de nieuwste)")
    a.add_argument("--json", action="store_true")
