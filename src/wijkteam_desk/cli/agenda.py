"""``due [--json] [--days N]``: what is due, as on the Vandaag screen: overdue, today and the
coming days (seven by default). Every kind of item: the next action, plan agreements,
safety-plan evaluations, checklists, monitoring moments, VT conditions, the one-year closing date
and households with a signal that needs action."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .base import EXIT_USAGE, CliError, add_command, open_workspace


def cmd_due(args: argparse.Namespace) -> int:
    # Not at module top: every command group is imported when the app starts (test_startup_imports).
    from ..agenda_texts import BUCKETS, TABS, item_text, later_label
    from ..services.agenda import agenda_json

    if not 0 <= args.days <= 366:
        raise CliError("Kies een aantal dagen van 0 tot en met 366.", EXIT_USAGE)
    ws = open_workspace(args)
    try:
        agenda = ws.agenda.due(args.days)
    finally:
        ws.lock()
    if args.json:
        print(json.dumps(agenda_json(agenda), ensure_ascii=False, indent=1))
        return 0
    if not agenda.items:
        print("Niets te laat, niets voor vandaag en niets in de komende dagen.")
        return 0
    for bucket, items in agenda.groups.items():
        if not items:
            continue
        label = later_label(args.days) if bucket.value == "deze_week" else BUCKETS[bucket.value]
        print(f"{label} ({len(items)})")
        for i in items:
            late = f"{i.days_overdue(agenda.today)} d te laat" if i.days_overdue(agenda.today) \
                else ""
            who = f" — {i.who}" if i.who else ""
            print(f"  {i.household_id:>5}  {i.household[:26]:<26} {i.due_on:%d-%m-%Y}  "
                  f"{late:>12}  {item_text(i)[:70]}{who}  [{TABS[i.tab.value]}]")
    return 0


def add_parser(sub: Any) -> None:
    sp = add_command(sub, "due", cmd_due, "wat er moet gebeuren: te laat, vandaag, deze week")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--days", type=int, default=7, metavar="N",
                    help="hoeveel dagen vooruit (standaard 7)")
