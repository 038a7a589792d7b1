"""What goes into the outbox: the payloads of terugkoppelingen and meldingen, read inside the
caller's unit of work, and where their files go. Writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.errors import ValidationError
from ..storage.uow import SqlUnitOfWork
from .exchange_payloads import (
    incidents_summary,
    melding_payload,
    terugkoppeling_payload,
)

EXPORT_KINDS = ("terugkoppeling", "melding")


def prepare_drafts(uow: SqlUnitOfWork, kind: str, household_ids: Sequence[int] | None,
                   **melding: Any) -> list[tuple[int, dict[str, Any]]]:
    if kind not in EXPORT_KINDS:
        raise ValidationError("unknown_kind", kind=kind)
    today = uow.clock.today()
    if kind == "melding":
        if not household_ids or len(household_ids) != 1:
            raise ValidationError("melding_one_household")
        return [(household_ids[0], _melding(uow, household_ids[0], today, **melding))]
    if household_ids is None:
        ids = uow.exchange.changed_since(uow.exchange.feedback_candidates())
    else:
        ids = sorted(set(household_ids))
        for hid in ids:
            if not uow.cases.get_household(hid).vt_case_number:
                raise ValidationError("no_vt_case_number", household_id=hid)
    sources = uow.exchange.feedback_sources(ids)
    return [(hid, terugkoppeling_payload(sources[hid], today)) for hid in ids]


def _melding(uow: SqlUnitOfWork, hid: int, today: date, *, concerns: str = "",
             client_informed: bool | None = None,
             not_informed_reason: str = "") -> dict[str, Any]:
    file = uow.cases.load_file(hid)
    active = file.active_regisseurs(today)
    professional = file.professional(active[0].professional_id) if active else None
    if professional is None:
        raise ValidationError("melder_required")
    concerns = concerns.strip() or incidents_summary(file)
    if not concerns:
        raise ValidationError("concerns_required")
    if client_informed is None:
        raise ValidationError("client_informed_required")
    if not client_informed and len(not_informed_reason.strip()) < 10:
        raise ValidationError("not_informed_reason_required")
    phone = professional.phone.strip()
    if not phone:
        raise ValidationError("melder_phone_required", name=professional.name)
    external = {pid: ext for ext, (pid, _snap) in uow.exchange.linked_persons(hid).items()}
    return melding_payload(file, today, concerns=concerns, client_informed=client_informed,
                           not_informed_reason=not_informed_reason,
                           melder=(professional.name, professional.organisation, phone),
                           external_ids=external)


def suggested_name(kind: str, sequence: int, today: date) -> str:
    """``<kind>-<date>-<sequence>.tar.age``: never a family name (docs/exchange-format.md)."""
    return f"{kind}-{today:%Y%m%d}-{sequence}.tar.age"


def target_paths(out: Path, items: Sequence[tuple[str, int]], today: date) -> list[Path]:
    """``out`` itself for one package; for several, ``out`` then ``name-2.tar.age`` … beside
    it. When ``out`` is a folder, every package gets its suggested name inside it."""
    if out.is_dir():
        return [out / suggested_name(kind, seq, today) for kind, seq in items]
    stem, dot, rest = out.name.partition(".")
    return [out if i == 0 else out.with_name(f"{stem}-{i + 1}{dot}{rest}")
            for i in range(len(items))]
