"""``search``, ``correct``, ``withdraw`` and ``corrections``: correcting the record from the
command line (issue 13, part 3). A correction or withdrawal always needs ``--reason``."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..record_texts import HIT_KINDS, KINDS
from ..texts import JOURNAL_KINDS, SEVERITIES, VIOLENCE_FORMS
from .base import EXIT_USAGE, CliError, add_command, open_workspace
from .terminal import one_line

if TYPE_CHECKING:
    from ..domain.record import Correction, Withdrawal


def cmd_search(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        hits = ws.record.search(args.household, " ".join(args.words))
    finally:
        ws.lock()
    if args.json:
        print(json.dumps([{"kind": h.kind, "id": h.object_id,
                           "date": h.when.isoformat() if h.when else None, "label": h.label,
                           "snippet": h.snippet} for h in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("Niets gevonden.")
        return 0
    for h in hits:
        when = h.when.strftime("%d-%m-%Y") if h.when else "          "
        print(f"{when}  {HIT_KINDS.get(h.kind, h.kind):<24} {h.object_id:>6}  "
              f"{one_line(h.snippet)}")
    return 0


def _ids(text: str | None) -> tuple[int, ...] | None:
    if text is None:
        return None
    try:
        return tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise CliError("Geef nummers van personen, gescheiden door komma's.", EXIT_USAGE) from None


def _text_arg(args: argparse.Namespace, name: str) -> str | None:
    value = getattr(args, name, None)
    source = getattr(args, f"{name}_file", None)
    if source:
        try:
            return Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            raise CliError(f"Kan het bestand {source} niet lezen.", EXIT_USAGE) from None
    return value  # type: ignore[no-any-return]


def cmd_correct(args: argparse.Namespace) -> int:
    from ..domain.model import JournalKind, Severity, ViolenceForm

    try:
        kind = JournalKind(args.journal_kind) if args.journal_kind else None
        severity = Severity(args.severity) if args.severity else None
        forms = tuple(ViolenceForm(f.strip()) for f in args.forms.split(",") if f.strip()) \
            if args.forms is not None else None
        on = date.fromisoformat(args.date) if args.date else None
        at = datetime.fromisoformat(args.at).astimezone() if args.at else None
    except ValueError as exc:
        raise CliError(f"Onjuiste waarde: {exc}.", EXIT_USAGE) from None
    ws = open_workspace(args)
    try:
        if args.what == "journal":
            done = ws.record.correct_journal(args.id, args.reason, text=_text_arg(args, "text"),
                                             kind=kind, occurred_at=at)
        else:
            done = ws.record.correct_incident(
                args.id, args.reason, occurred_on=on, forms=forms, severity=severity,
                victim_ids=_ids(args.victims), perpetrator_ids=_ids(args.perpetrators),
                children_present=args.children_present, police_involved=args.police_involved,
                police_report=args.police_report, description=_text_arg(args, "description"))
    finally:
        ws.lock()
    print(f"Gecorrigeerd: {KINDS[done.kind.value]} {done.object_id} "
          f"({', '.join(sorted(done.after))}).")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from ..domain.record import RecordKind

    kind = RecordKind.JOURNAL if args.what == "journal" else RecordKind.INCIDENT
    ws = open_workspace(args)
    try:
        done = ws.record.withdraw(kind, args.id, args.reason)
    finally:
        ws.lock()
    print(f"Ingetrokken: {KINDS[done.kind.value]} {done.object_id} uit gezin "
          f"{done.household_id}. Het staat nog in het logboek, met de reden.")
    return 0


def correction_json(c: Correction) -> dict[str, Any]:
    return {"id": c.id, "kind": c.kind.value, "object_id": c.object_id, "item": c.item or None,
            "before": dict(c.before), "after": dict(c.after), "reason": c.reason,
            "author": c.author, "at": c.at.isoformat()}


def withdrawal_json(w: Withdrawal) -> dict[str, Any]:
    return {"id": w.id, "kind": w.kind.value, "object_id": w.object_id,
            "entry": dict(w.snapshot), "reason": w.reason, "author": w.author,
            "at": w.at.isoformat()}


def cmd_corrections(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        corrections = ws.record.corrections(args.household)
        withdrawals = ws.record.withdrawals(args.household)
    finally:
        ws.lock()
    if args.json:
        print(json.dumps({"corrections": [correction_json(c) for c in corrections],
                          "withdrawals": [withdrawal_json(w) for w in withdrawals]},
                         ensure_ascii=False, indent=1))
        return 0
    if not corrections and not withdrawals:
        print("Niets gecorrigeerd of ingetrokken.")
    for c in corrections:
        print(f"{c.at.astimezone():%d-%m-%Y %H:%M}  gecorrigeerd  {KINDS[c.kind.value]} "
              f"{c.object_id}  door {one_line(c.author)}: {one_line(c.reason)}")
    for w in withdrawals:
        print(f"{w.at.astimezone():%d-%m-%Y %H:%M}  ingetrokken   {KINDS[w.kind.value]} "
              f"{w.object_id}  door {one_line(w.author)}: {one_line(w.reason)}")
    return 0


def add_parser(sub: Any) -> None:
    sp = add_command(sub, "search", cmd_search, "zoek in de tijdlijn en notities van een gezin")
    sp.add_argument("household", type=int)
    sp.add_argument("words", nargs="+", help="woorden die er allemaal in moeten staan")
    sp.add_argument("--json", action="store_true")

    cp = add_command(sub, "correct", cmd_correct,
                     "corrigeer een notitie of incident (de oude tekst blijft leesbaar)")
    cp.add_argument("what", choices=("journal", "incident"))
    cp.add_argument("id", type=int)
    cp.add_argument("--reason", required=True, help="waarom (verplicht)")
    cp.add_argument("--text", help="notitie: de nieuwe tekst")
    cp.add_argument("--text-file", help="notitie: lees de nieuwe tekst uit dit bestand")
    cp.add_argument("--journal-kind", choices=sorted(JOURNAL_KINDS), help="notitie: de soort")
    cp.add_argument("--at", help="notitie: wanneer (JJJJ-MM-DDTUU:MM)")
    cp.add_argument("--date", help="incident: datum (JJJJ-MM-DD)")
    cp.add_argument("--severity", choices=sorted(SEVERITIES), help="incident: ernst")
    cp.add_argument("--forms", help="incident: vormen van geweld, met komma's: "
                    + ",".join(sorted(VIOLENCE_FORMS)))
    cp.add_argument("--victims", help="incident: nummers van slachtoffers, met komma's")
    cp.add_argument("--perpetrators", help="incident: nummers van plegers, met komma's")
    for flag in ("children-present", "police-involved", "police-report"):
        cp.add_argument(f"--{flag}", action=argparse.BooleanOptionalAction, default=None)
    cp.add_argument("--description", help="incident: de nieuwe omschrijving")
    cp.add_argument("--description-file", help="incident: lees de omschrijving uit dit bestand")

    wp = add_command(sub, "withdraw", cmd_withdraw,
                     "trek een notitie of incident in dat bij het verkeerde gezin staat")
    wp.add_argument("what", choices=("journal", "incident"))
    wp.add_argument("id", type=int)
    wp.add_argument("--reason", required=True, help="waarom (verplicht)")

    lp = add_command(sub, "corrections", cmd_corrections,
                     "wat er in een dossier is gecorrigeerd of ingetrokken")
    lp.add_argument("household", type=int)
    lp.add_argument("--json", action="store_true")
