"""``attach``, ``attachments``, ``attachment-save`` and ``attachment-delete``: documents in the
file from the command line (issue 13, part 4). A refused file exits with status 4."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..record_texts import documents_text, size_text
from .base import EXIT_USAGE, CliError, add_command, iso, open_workspace
from .terminal import one_line

if TYPE_CHECKING:
    from ..domain.record import AttachmentInfo
    from ..services.workspace import Workspace


def info_json(a: AttachmentInfo) -> dict[str, Any]:
    return {"id": a.id, "household_id": a.household_id, "title": a.title,
            "file_name": a.file_name, "type": a.media_type.label, "size": a.size,
            "sha256": a.sha256, "pages": a.pages, "added_at": a.added_at.isoformat(),
            "added_by": a.added_by, "person_id": a.person_id, "plan_version": a.plan_version,
            "journal_id": a.journal_id, "signed": a.signed}


def _describe(a: AttachmentInfo) -> str:
    pages = f", {a.pages} {'pagina' if a.pages == 1 else 'pagina’s'}" if a.pages else ""
    return f"{one_line(a.title)} ({a.media_type.label}{pages}, {size_text(a.size)})"


def _plan_id(ws: Workspace, household_id: int, version: int | None) -> int | None:
    if version is None:
        return None
    for plan in ws.plans.versions(household_id):
        if plan.version == version:
            return plan.id
    raise CliError(f"Gezin {household_id} heeft geen veiligheidsplan versie {version}.")


def cmd_attach(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        info = ws.attachments.attach(
            args.household, Path(args.file), title=args.title or "", person_id=args.person,
            plan_id=_plan_id(ws, args.household, args.plan_version), journal_id=args.journal,
            signed=args.signed)
    finally:
        ws.lock()
    if args.json:
        print(json.dumps(info_json(info), ensure_ascii=False, indent=1))
    else:
        print(f"Toegevoegd als document {info.id}: {_describe(info)}. Het staat versleuteld "
              "in de kluis; het originele bestand kun je nu veilig verwijderen.")
    return 0


def cmd_attachments(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        listing = ws.attachments.listing(args.household)
    finally:
        ws.lock()
    if args.json:
        print(json.dumps({"count": listing.count, "total_bytes": listing.total_bytes,
                          "attachments": [info_json(a) for a in listing.items]},
                         ensure_ascii=False, indent=1))
        return 0
    print(documents_text(listing.count, listing.total_bytes))
    for a in listing.items:
        signed = f"  getekende versie van plan v{a.plan_version}" if a.signed else ""
        print(f"{a.id:>6}  {iso(a.added_at.date())}  {_describe(a)}{signed}")
    return 0


def cmd_save(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not args.force:
        raise CliError(f"{out} bestaat al. Kies een andere naam of gebruik --force.",
                       EXIT_USAGE)
    ws = open_workspace(args)
    try:
        info = ws.attachments.save_copy(args.id, out)
    except OSError as exc:
        raise CliError(f"Opslaan in {out} is niet gelukt ({exc.strerror or 'onbekend'}).") \
            from None
    finally:
        ws.lock()
    print(f"Kopie van '{info.title}' opgeslagen in {out}. Bewaar hem veilig of verwijder hem "
          "na gebruik.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    try:
        info = ws.attachments.delete(args.id)
    finally:
        ws.lock()
    print(f"Document {info.id} ('{info.title}') is verwijderd. Het logboek houdt bij dat het er "
          "was.")
    return 0


def add_parser(sub: Any) -> None:
    ap = add_command(sub, "attach", cmd_attach,
                     "voeg een PDF, JPEG of PNG (hoogstens 25 MB) toe aan een gezin")
    ap.add_argument("household", type=int)
    ap.add_argument("file")
    ap.add_argument("--title", help="titel (anders de bestandsnaam)")
    ap.add_argument("--person", type=int, help="hoort bij deze persoon")
    ap.add_argument("--plan-version", type=int, help="hoort bij deze versie van het "
                    "veiligheidsplan")
    ap.add_argument("--signed", action="store_true",
                    help="de getekende versie van die versie van het veiligheidsplan")
    ap.add_argument("--journal", type=int, help="hoort bij deze notitie")
    ap.add_argument("--json", action="store_true")

    lp = add_command(sub, "attachments", cmd_attachments, "de documenten van een gezin")
    lp.add_argument("household", type=int)
    lp.add_argument("--json", action="store_true")

    sp = add_command(sub, "attachment-save", cmd_save,
                     "sla een kopie van een document op, op een plek die je zelf kiest")
    sp.add_argument("id", type=int)
    sp.add_argument("--out", required=True)
    sp.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")

    dp = add_command(sub, "attachment-delete", cmd_delete, "verwijder een document")
    dp.add_argument("id", type=int)
