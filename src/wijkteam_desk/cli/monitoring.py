"""``due [--json]``: monitoring moments overdue, due this week and due this month (DESIGN.md),
closed cases included."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..monitoring_texts import BUCKETS
from .base import add_command, open_workspace


def cmd_due(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        items = ws.monitoring.agenda()
    finally:
        ws.lock()
    if args.json:
        print(json.dumps([i.as_json() for i in items], ensure_ascii=False, indent=1))
        return 0
    if not items:
        print("Geen monitoringmomenten te laat of deze maand.")
        return 0
    print(f"{'nr':>5}  {'gezin':<28} {'moment':<22} {'datum':<10}  {'te laat':>7}  "
          f"{'wanneer':<10} regisseur")
    for i in items:
        late = f"{i.days_overdue} d" if i.days_overdue else ""
        gezin = i.household[:28] + (" (gesloten)" if i.closed else "")
        print(f"{i.household_id:>5}  {gezin[:28]:<28} {i.kind[:22]:<22} "
              f"{i.due_on.isoformat():<10}  {late:>7}  {BUCKETS[i.bucket.value]:<10} "
              f"{i.regisseur or '—'}")
    return 0


def add_parser(sub: Any) -> None:
    sp = add_command(sub, "due", cmd_due, "monitoringmomenten die te laat zijn of eraan komen")
    sp.add_argument("--json", action="store_true")
