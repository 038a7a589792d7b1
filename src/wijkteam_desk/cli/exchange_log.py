"""``exchange log [--json]`` and ``exchange outbox [--json]``: every package in and out with its
status and, for a refusal, the stable reason code; and the receipts waiting for Veilig Thuis.
File names and key names come from outside: they are printed through the terminal filter."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ..texts import REJECT_REASONS
from .base import add_command, open_workspace
from .terminal import one_line

if TYPE_CHECKING:
    from ..domain.exchange import OutboxItem, PackageEntry

DIRECTIONS = {"in": "in", "out": "uit"}


def _entry_json(e: PackageEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat(), "direction": e.direction.value, "kind": e.kind,
            "status": e.status.value, "reason": e.reason or None,
            "reason_text": REJECT_REASONS.get(e.reason) if e.reason else None,
            "package_id": e.package_id or None, "sequence": e.sequence or None,
            "peer_key_id": e.peer_key_id or None, "payload_sha256": e.payload_sha256 or None,
            "household_id": e.household_id, "file_name": e.file_name,
            "acknowledged_at": e.acknowledged_at.isoformat() if e.acknowledged_at else None}


def cmd_log(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        entries = ws.exchange.log()
    finally:
        ws.lock()
    entries = sorted(entries, key=lambda e: e.id)
    if args.json:
        print(json.dumps([_entry_json(e) for e in entries], ensure_ascii=False, indent=1))
        return 0
    if not entries:
        print("Er zijn nog geen pakketten verstuurd of ingelezen.")
    for e in entries:
        status = e.status.value
        if e.reason:
            status += f": {e.reason} — {REJECT_REASONS.get(e.reason, e.reason)}"
        kind = e.kind or "(onbekend)"
        number = f"volgnummer {e.sequence}" if e.sequence else "zonder volgnummer"
        household = f", gezin {e.household_id}" if e.household_id else ""
        print(f"{e.at:%Y-%m-%d %H:%M}  {DIRECTIONS[e.direction.value]:<3} {kind:<20} "
              f"{number}{household}  {status}  {one_line(e.file_name)}")
    return 0


def _outbox_json(item: OutboxItem) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "household_id": item.household_id,
            "peer_key_id": item.peer_key_id, "created_at": item.created_at.isoformat(),
            "payload": item.payload}


def cmd_outbox(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        items = ws.exchange.outbox()
    finally:
        ws.lock()
    if args.json:
        print(json.dumps([_outbox_json(i) for i in items], ensure_ascii=False, indent=1))
        return 0
    if not items:
        print("Er staat niets klaar voor Veilig Thuis.")
        return 0
    for item in items:
        p = item.payload
        what = p.get("outcome", "ingelezen")
        if p.get("reason"):
            what += f": {p['reason']} — {REJECT_REASONS.get(p['reason'], p['reason'])}"
        about = p.get("acknowledged_package_id") or f"bestand {p.get('received_file_sha256')}"
        print(f"{item.created_at:%Y-%m-%d %H:%M}  ontvangstbevestiging voor {about}: {what}")
    print("Schrijf ze met: wijkteam-desk export --kind ontvangstbevestiging --out MAP")
    return 0


def add_parser(sub: Any) -> None:
    group = sub.add_parser("exchange", help="logboek en klaarstaande pakketten van de "
                           "uitwisseling met Veilig Thuis")
    commands = group.add_subparsers(dest="exchange_command", required=True, metavar="OPDRACHT")
    add_command(commands, "log", cmd_log, "elk pakket in en uit, met de reden van een "
                "weigering").add_argument("--json", action="store_true")
    add_command(commands, "outbox", cmd_outbox, "ontvangstbevestigingen die klaarstaan voor "
                "Veilig Thuis").add_argument("--json", action="store_true")
