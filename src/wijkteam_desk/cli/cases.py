"""``list`` and ``show``: the caseload and one household file, for people and (``--json``) for
scripts."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from ..texts import PHASES, ROLES, warning_text
from .base import add_command, iso, open_workspace
from .terminal import one_line

if TYPE_CHECKING:
    from ..services.cases import CaseRow, FileView
    from ..services.checklists import RunView
    from ..services.plans import ConditionView


def _row_json(row: CaseRow, today: date, me: str) -> dict[str, Any]:
    s = row.summary
    return {
        "id": s.household_id, "name": s.name, "status": s.status.value, "phase": s.phase.value,
        "regisseur": s.regisseur or None, "next_action": s.next_action,
        "next_monitoring": iso(row.next_monitoring),
        "earliest_closing": iso(row.earliest_closing),
        "days_to_closing": row.days_to_closing(today),
        "warnings": [{"code": w.code, "text": " ".join(warning_text(w)).strip(),
                      "facts": w.facts} for w in row.warnings],
        # The dossierhouder (outside a team: the person who works on this laptop).
        "owner": row.owner or me or None, "read_only": row.read_only,
        "handover": row.handover or None,
    }


def cmd_list(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        rows = ws.cases.list_cases()
        today = ws.clock.today()
        me = ws.identity.actor
    finally:
        ws.lock()
    if args.mine:
        rows = [r for r in rows if not r.read_only]
    if args.json:
        print(json.dumps([_row_json(r, today, me) for r in rows], ensure_ascii=False, indent=1))
        return 0
    team = any(r.owner for r in rows)
    print(f"{'nr':>5}  {'gezin':<28} {'fase':<30} {'regisseur':<24} {'monitoring':<10}  signalen"
          + ("  dossierhouder" if team else ""))
    for r in rows:
        s = r.summary
        owner = f"  {one_line(r.owner)}" + (" (alleen lezen)" if r.read_only else "") \
            if team else ""
        print(f"{s.household_id:>5}  {one_line(s.name)[:28]:<28} {PHASES[s.phase.value]:<30} "
              f"{one_line(s.regisseur or '—')[:24]:<24} {iso(r.next_monitoring) or '—':<10}  "
              f"{len(r.warnings)}{owner}")
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
        "opened_on": iso(h.opened_on), "from_vt": h.from_vt, "vt_case_number": h.vt_case_number,
        "vt_handover_date": iso(h.vt_handover_date), "closed_on": iso(h.closed_on),
        "closing_reason": h.closing_reason, "next_action": h.next_action,
        "next_action_on": iso(h.next_action_on), "next_action_by": h.next_action_by or None,
        "members": [{
            "id": p.id, "name": p.full_name, "birth_date": iso(p.birth_date),
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
        "earliest_closing": iso(view.earliest_closing),
        "monitoring_planned": [d.isoformat() for d in view.planned_monitoring],
        "warnings": [{"code": w.code, "text": " ".join(warning_text(w)).strip()}
                     for w in view.warnings],
    }


def condition_json(view: ConditionView) -> dict[str, Any]:
    c = view.condition
    return {"id": c.id, "text": c.text, "set_by": c.set_by, "set_on": iso(c.set_on),
            "withdrawn_on": iso(c.withdrawn_on), "goal_ids": list(view.goal_ids),
            "reviews": [{"on": iso(r.on), "status": str(getattr(r.status, "value", r.status)),
                         "note": r.note} for r in c.reviews]}


def run_json(view: RunView) -> dict[str, Any]:
    """A checklist run, who filled it in and when; not its answers (they are in the app)."""
    r = view.run
    return {"id": view.id, "template_id": r.template_id, "template_version": r.template_version,
            "title": view.template.title, "author": r.author,
            "started_at": r.started_at.isoformat(),
            "completed_at": r.completed_at.isoformat() if r.completed_at else None}


def cmd_show(args: argparse.Namespace) -> int:
    from ..domain.safety_plan_json import plan_to_dict

    ws = open_workspace(args)
    try:
        view = ws.cases.open_file(args.household, purpose="cli show")
        monitoring = ws.monitoring.moments_json(args.household)
        conditions = ws.plans.conditions(args.household)
        versions = ws.plans.versions(args.household)
        vt_address = ws.exchange.vt_address(args.household)
        runs = ws.checklists.runs(args.household)
    finally:
        ws.lock()
    data = {**file_json(view), "vt_address": vt_address, "monitoring": monitoring,
            "conditions": [condition_json(c) for c in conditions],
            "safety_plans": [plan_to_dict(p) for p in versions],
            "checklists": [run_json(r) for r in runs]}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"{one_line(data['name'])} (nr {data['id']}) — {PHASES[data['phase']]}, "
          f"{data['status']}")
    print(f"Regisseur: {one_line(data['regisseur'] or '—')} (wisselingen: "
          f"{data['regisseur_changes']})")
    if vt_address:
        print(f"Adres volgens Veilig Thuis: {one_line(vt_address)}")
    for m in data["members"]:
        roles = ", ".join(ROLES[r["role"]] + (" (vermoeden)" if r["certainty"] == "vermoeden"
                                              else "") for r in m["roles"])
        print(f"  {m['id']:>6}  {one_line(m['name']):<30} {roles}")
    for w in data["warnings"]:
        print(f"  ! {w['text']}")
    return 0


def add_parser(sub: Any) -> None:
    ls = add_command(sub, "list", cmd_list, "lijst van gezinnen")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--mine", action="store_true", help="alleen de gezinnen waarvan jij "
                    "dossierhouder bent")
    sh = add_command(sub, "show", cmd_show, "één gezinsdossier")
    sh.add_argument("household", type=int)
    sh.add_argument("--json", action="store_true")
