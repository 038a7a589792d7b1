"""Use cases of follow-up monitoring (DOMAIN.md rule 3): the schedule, the agenda, the form with
its outcome, prepared meldingen for the exchange, printing, and the team figures (rule 12).

Each public method runs in one unit of work and audits what it changes or shows. Errors:
``ValidationError`` (``moment_done``, ``not_extra``, ``reason_required``, …), ``NotFound``.
The case actions of an outcome (close, re-open) go through ``CaseService``, so their rules (the
one-year rule's reason, the phase change that asks for a plan review) apply unchanged."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..domain.errors import ValidationError
from ..domain.model import HouseholdStatus, Phase
from ..domain.monitoring import (
    Bucket,
    ConditionStatus,
    DurablySafe,
    GoalExecution,
    MomentForm,
    MomentStatus,
    MonitoringMoment,
    Outcome,
    PeriodFigures,
    SchedulePlan,
    anchor_date,
    bucket_for,
    kind_code,
    kind_label,
    monthly_figures,
    period_figures,
)
from ..domain.rules import earliest_closing_date
from ..domain.safety_scale import ScoredBy, check_score
from ..storage.repo_monitoring import AgendaEntry, MonitoringRepository
from ..storage.uow import SqlUnitOfWork
from .cases import CaseService
from .monitoring_schedule import apply_schedule, reconcile_all, repo_of

MAX_TEXT = 20_000  # one answer on a form; a longer text belongs in the journal
CSV_BY_MONTH, CSV_BY_MOMENT = "maand", "moment"


@dataclass(frozen=True)
class AgendaItem:
    moment_id: int
    household_id: int
    household: str
    closed: bool
    regisseur: str
    kind: str  # "3 mnd", "12 mnd", "Extra: …"
    offset_months: int | None
    due_on: date
    days_overdue: int
    bucket: Bucket
    status: MomentStatus

    def as_json(self) -> dict[str, Any]:
        return {"moment_id": self.moment_id, "household_id": self.household_id,
                "household": self.household, "closed": self.closed,
                "regisseur": self.regisseur or None, "kind": kind_code(self.offset_months),
                "label": self.kind, "offset_months": self.offset_months,
                "due_on": self.due_on.isoformat(), "days_overdue": self.days_overdue,
                "bucket": self.bucket.value, "status": self.status.value}


def moment_json(m: MonitoringMoment) -> dict[str, Any]:
    """A moment for ``show --json``: what and when, never the form's free text."""
    return {"id": m.id, "kind": kind_code(m.offset_months), "offset_months": m.offset_months,
            "purpose": m.purpose, "due_on": m.due_on.isoformat(), "status": m.status.value,
            "completed_on": m.completed_on.isoformat() if m.completed_on else None,
            "completed_by": m.completed_by or None, "outcome": m.outcome or None,
            "melding_prepared": isinstance(m.document.get("melding"), Mapping)}


def _text(value: object) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError("too_long", field="antwoord", maximum=MAX_TEXT)
    return text


def _choice(value: object, allowed: type[Any]) -> str:
    return str(value) if str(value) in {m.value for m in allowed} else ""


def clean_answers(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only what the form knows, with valid values (autosave never fails on a half-filled
    form: unknown or empty answers are dropped, too-long texts refused)."""
    def rated(key: str, allowed: type[Any]) -> dict[str, dict[str, str]]:
        out = {}
        for k, v in dict(raw.get(key) or {}).items():
            v = v if isinstance(v, Mapping) else {"status": v}
            status, note = _choice(v.get("status"), allowed), _text(v.get("note"))
            if status or note:
                out[str(k)] = {"status": status, "note": note}
        return out

    scores: dict[str, int] = {}
    for k, v in dict(raw.get("scores") or {}).items():
        if v is None or v == "":
            continue
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 10:
            raise ValidationError("score_range", minimum=0, maximum=10)
        scores[str(k)] = v
    return {
        "conditions": rated("conditions", ConditionStatus),
        "goals": rated("goals", GoalExecution),
        "incidents": {str(k): bool(v) for k, v in dict(raw.get("incidents") or {}).items()},
        "scores": scores,
        "help": _text(raw.get("help")),
        "help_in_place": sorted({int(i) for i in raw.get("help_in_place") or []}),
        "children": {str(k): _text(v) for k, v in dict(raw.get("children") or {}).items()
                     if _text(v)},
        "durably_safe": {str(k): _choice(v, DurablySafe)
                         for k, v in dict(raw.get("durably_safe") or {}).items()
                         if _choice(v, DurablySafe)},
        "family_view": _text(raw.get("family_view")),
        "outcome": _choice(raw.get("outcome"), Outcome),
        "outcome_reason": _text(raw.get("outcome_reason")),
    }


class MonitoringService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork],
                 offsets_months: Callable[[], tuple[int, ...]], cases: CaseService) -> None:
        self._uow = uow_factory
        self._offsets = offsets_months
        self._cases = cases

    @classmethod
    def opened(cls, uow_factory: Callable[[], SqlUnitOfWork],
               offsets_months: Callable[[], tuple[int, ...]],
               cases: CaseService) -> MonitoringService:
        """The service for a workspace that has just been opened: schedules the moments of
        households from before monitoring existed (a schema-1 vault), once."""
        service = cls(uow_factory, offsets_months, cases)
        service.sync_all()
        return service

    # -- the schedule -------------------------------------------------------------------------
    def sync_all(self, force: bool = False) -> int:
        """Schedule every household when the offsets changed since the last full run (or it
        never ran); ``force`` checks every household anyway. Returns how many moments changed."""
        with self._uow() as uow:
            changed = reconcile_all(uow, tuple(self._offsets()), force)
            uow.commit()
            return changed

    def sync_schedule(self, household_id: int) -> SchedulePlan:
        """Re-apply the schedule for one household (e.g. after an import changed its handover
        date). Idempotent; audited when something changed."""
        with self._uow() as uow:
            plan = apply_schedule(uow, household_id, tuple(self._offsets()))
            uow.commit()
            return plan

    def moments(self, household_id: int) -> list[MonitoringMoment]:
        """The household's moments, after bringing them in line with its anchor (whatever path
        changed the anchor, e.g. an import). Idempotent."""
        self.sync_all()
        with self._uow() as uow:
            if uow.may_write(household_id) and not apply_schedule(
                uow, household_id, tuple(self._offsets())
            ).empty:
                uow.commit()
            return repo_of(uow).moments(household_id)

    def moments_json(self, household_id: int) -> list[dict[str, Any]]:
        return [moment_json(m) for m in self.moments(household_id)]

    def add_extra(self, household_id: int, due_on: date, purpose: str) -> int:
        """An extra moment by hand; the purpose says what it is about."""
        purpose = _text(purpose)
        if not purpose:
            raise ValidationError("empty", field="doel van het moment")
        with self._uow() as uow:
            mid = repo_of(uow).add(household_id, due_on=due_on, offset_months=None,
                                 purpose=purpose[:500])
            uow.audit("monitoring.add", "monitoring_moment", mid, household_id)
            uow.commit()
            return mid

    def remove_extra(self, moment_id: int) -> None:
        with self._uow() as uow:
            repo = repo_of(uow)
            m = repo.get(moment_id)
            if not m.is_extra:
                raise ValidationError("not_extra")
            if m.is_done:
                raise ValidationError("moment_done")
            repo.delete(moment_id)
            uow.audit("monitoring.remove", "monitoring_moment", moment_id, m.household_id)
            uow.commit()

    # -- the agenda ---------------------------------------------------------------------------
    def agenda(self) -> list[AgendaItem]:
        """Moments overdue, due this week and due this month, closed cases included."""
        self.sync_all(force=True)  # catches anchors changed by any path; one pass, idempotent
        with self._uow() as uow:
            today = uow.clock.today()
            entries = repo_of(uow).open_moments(today, date.max)
        return [item for e in entries if (item := self._item(e, today)) is not None]

    @staticmethod
    def _item(e: AgendaEntry, today: date) -> AgendaItem | None:
        m = e.moment
        bucket = bucket_for(m.due_on, today)
        if bucket is None:
            return None
        return AgendaItem(m.id, m.household_id, e.household_name,
                          e.household_status is HouseholdStatus.GESLOTEN, e.regisseur,
                          kind_label(m.offset_months, m.purpose), m.offset_months, m.due_on,
                          m.days_overdue(today), bucket, m.status)

    # -- the form -----------------------------------------------------------------------------
    def form(self, moment_id: int) -> MomentForm:
        """The moment with what its form shows. Audited as a view of the household's data."""
        with self._uow() as uow:
            repo = repo_of(uow)
            m = repo.get(moment_id)
            file = uow.cases.load_file(m.household_id)
            h = file.household
            today = uow.clock.today()
            earlier = [x for x in repo.moments(m.household_id)
                       if x.is_done and x.id != m.id and x.completed_on
                       and (not m.is_done or x.completed_on <= (m.completed_on or today))]
            last_done = max((x.completed_on for x in earlier if x.completed_on), default=None)
            since = last_done or anchor_date(h.from_vt, h.vt_handover_date, h.closed_on) \
                or h.opened_on
            until = m.completed_on or today
            # Since the last moment (that day itself was covered then); else since the anchor.
            incidents = tuple(i for i in file.incidents if i.occurred_on <= until and (
                i.occurred_on > since if last_done else i.occurred_on >= since))
            names = {p.id: p for p in file.professionals}
            active = [i for i in file.involvements if i.active_on(until)]
            help_ = tuple((i.id, f"{names[i.professional_id].name} "
                           f"({names[i.professional_id].organisation}), {i.role}")
                          for i in active if i.professional_id in names)
            regisseur = ", ".join(names[i.professional_id].name for i in active
                                  if i.is_regisseur and i.professional_id in names)
            # A voorwaarde VT withdrew is no longer open: not asked about (issue 14).
            conditions = tuple(repo.conditions(m.household_id, open_on=until))
            form = MomentForm(m, h, conditions, file.goals, since,
                              incidents, file.persons, file.child_offers, help_, regisseur,
                              today, earliest_closing_date(
                                  max((i.occurred_on for i in file.incidents), default=None)))
            uow.audit("monitoring.view", "monitoring_moment", moment_id, m.household_id)
            uow.commit()
            return form

    def save_answers(self, moment_id: int, answers: Mapping[str, Any]) -> None:
        """Autosave while the form is open: the moment becomes 'bezig'. Refused once done. The
        first save is audited (the form was started); later autosaves are not, like drafts."""
        clean = clean_answers(answers)
        with self._uow() as uow:
            repo = repo_of(uow)
            m = repo.get(moment_id)
            if m.is_done:
                raise ValidationError("moment_done")
            repo.save_document(moment_id, {**m.document, "answers": clean}, MomentStatus.BEZIG)
            if m.status is MomentStatus.GEPLAND:
                uow.audit("monitoring.start", "monitoring_moment", moment_id, m.household_id)
            uow.commit()

    def complete(self, moment_id: int, answers: Mapping[str, Any], outcome: Outcome, *,
                 reason: str = "", on: date | None = None) -> None:
        """Finish the moment; afterwards it is read-only. Side effects by outcome:
        ``afsluiten`` closes the case (before one year after the last incident only with a
        reason: ``early_close_reason_required``); ``heropenen`` re-opens a closed case or moves an
        open one back to directe veiligheid (the phase change asks for a plan review);
        ``melden_vt`` stores a prepared melding for the exchange. Condition reviews and safety
        scores are written with the moment's id."""
        outcome = Outcome(outcome)
        reason = _text(reason)
        clean = {**clean_answers(answers), "outcome": outcome.value, "outcome_reason": reason}
        if outcome in (Outcome.HEROPENEN, Outcome.MELDEN_VT) and not reason:
            raise ValidationError("reason_required", field="reden")
        self.save_answers(moment_id, clean)  # 'bezig': a schedule change cannot remove it now
        with self._uow() as uow:
            m = repo_of(uow).get(moment_id)
            h = uow.cases.get_household(m.household_id)
            on = on or uow.clock.today()
        if outcome is Outcome.AFSLUITEN and h.status is HouseholdStatus.OPEN:
            self._cases.close_household(h.id, on, reason)
        elif outcome is Outcome.HEROPENEN:
            text = f"Monitoring: {reason}"
            if h.status is HouseholdStatus.GESLOTEN:
                self._cases.reopen_household(h.id, on, text)
            elif h.phase is not Phase.DIRECTE_VEILIGHEID:
                self._cases.change_phase(h.id, Phase.DIRECTE_VEILIGHEID, on, text)
        with self._uow() as uow:
            repo = repo_of(uow)
            m = repo.get(moment_id)
            if m.is_done:
                raise ValidationError("moment_done")
            document: dict[str, Any] = {**m.document, "answers": clean}
            if outcome is Outcome.MELDEN_VT:
                document["melding"] = {
                    "status": "klaar", "household_id": h.id, "moment_id": m.id,
                    "vt_case_number": h.vt_case_number, "prepared_on": on.isoformat(),
                    "prepared_by": uow.actor, "reason": reason, "package_id": ""}
            self._write_reviews(repo, m, clean, on)
            repo.complete(moment_id, at=uow.clock.now(), by=uow.actor, outcome=outcome.value,
                          document=document)
            uow.audit("monitoring.complete", "monitoring_moment", moment_id, m.household_id,
                      detail={"outcome": outcome.value, "kind": kind_code(m.offset_months),
                              "days_late": max(0, (on - m.due_on).days)})
            uow.commit()

    @staticmethod
    def _write_reviews(repo: MonitoringRepository, m: MonitoringMoment,
                       answers: Mapping[str, Any], on: date) -> None:
        known = {cid for cid, _text in repo.conditions(m.household_id, open_on=on)}
        for cid, value in answers["conditions"].items():
            if int(cid) in known and value["status"]:
                repo.add_condition_review(int(cid), on=on, status=value["status"],
                                          note=value["note"], monitoring_id=m.id)
        for pid, score in answers["scores"].items():
            check_score(score, on, on)
            repo.add_score(m.household_id, int(pid), on=on, score=score,
                           scored_by=ScoredBy.PERSOON.value, monitoring_id=m.id)

    # -- meldingen for the exchange -------------------------------------------------------------
    def prepared_meldingen(self) -> list[dict[str, Any]]:
        """Meldingen prepared at a monitoring moment and not yet sent (status 'klaar'). For the
        exchange: each dict has household_id, moment_id, vt_case_number, prepared_on,
        prepared_by and reason."""
        with self._uow() as uow:
            out = []
            for moments in repo_of(uow).moments_by_household().values():
                for m in moments:
                    melding = m.document.get("melding")
                    if isinstance(melding, Mapping) and melding.get("status") == "klaar":
                        out.append(dict(melding))
            return out

    def mark_melding_sent(self, moment_id: int, package_id: str) -> None:
        """The exchange calls this once the melding left in a package."""
        with self._uow() as uow:
            repo = repo_of(uow)
            m = repo.get(moment_id)
            melding = m.document.get("melding")
            if not isinstance(melding, Mapping):
                raise ValidationError("no_melding")
            document = {**m.document, "melding": {**melding, "status": "verstuurd",
                                                  "package_id": package_id}}
            repo.save_document(moment_id, document, m.status)
            uow.audit("monitoring.melding_sent", "monitoring_moment", moment_id, m.household_id,
                      detail={"package_id": package_id})
            uow.commit()

    # -- printing -----------------------------------------------------------------------------
    def print_moment(self, moment_id: int) -> bytes:
        """The moment with its answers as a PDF (bytes; the caller saves where the user
        chooses). Audited as ``print.monitoring``."""
        from ..reports.monitoring_pdf import monitoring_pdf

        form = self.form(moment_id)
        with self._uow() as uow:
            pdf = monitoring_pdf(form, uow.clock.today())
            uow.audit("print.monitoring", "monitoring_moment", moment_id,
                      form.moment.household_id)
            uow.commit()
        return pdf

    # -- team figures -------------------------------------------------------------------------
    def figures(self, start: date, end: date) -> tuple[PeriodFigures, list[PeriodFigures]]:
        """The period's figures and the same per month (no names; not audited as a view of a
        household, only counts leave the vault)."""
        with self._uow() as uow:
            data = repo_of(uow).figure_households()
            today = uow.clock.today()
        return period_figures(data, start, end, today), monthly_figures(data, start, end, today)

    def export_csv(self, start: date, end: date, kind: str = CSV_BY_MONTH) -> str:
        """The anonymous monitoring export (rule 11): counts per month, or one row per moment
        with a random per-export pseudonym, codes and months only. Audited."""
        with self._uow() as uow:
            data = repo_of(uow).figure_households()
            today = uow.clock.today()
            text = (_csv_by_moment(data, start, end) if kind == CSV_BY_MOMENT
                    else _csv_by_month(data, start, end, today))
            uow.audit("export.monitoring_csv", "vault",
                      detail={"kind": kind, "from": start.isoformat(), "to": end.isoformat()})
            uow.commit()
            return text


def _month(day: date | datetime | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else ""


def _csv_by_month(data: list[Any], start: date, end: date, today: date) -> str:
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(["maand", "slachtoffers_na_een_jaar", "duurzaam_veilig", "percentage",
                "zonder_meting", "op_tijd", "te_laat", "achterstallig", "heropend",
                "nieuwe_meldingen"])
    for f in [*monthly_figures(data, start, end, today),
              period_figures(data, start, end, today)]:
        share = f.share_durably_safe
        label = _month(f.start) if f.start.month == f.end.month and \
            f.start.year == f.end.year else "totaal"
        w.writerow([label, f.victims, f.victims_durably_safe,
                    "" if share is None else f"{share * 100:.0f}", f.victims_unmeasured,
                    f.moments_on_time,
                    f.moments_late, f.moments_overdue, f.reopened, f.rereports])
    return buffer.getvalue()


def _csv_by_moment(data: list[Any], start: date, end: date) -> str:
    from ..domain.monitoring import OVERDUE_GRACE_DAYS, is_rereport

    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(["gezin", "moment", "gepland_maand", "gedaan_maand", "op_tijd", "uitkomst",
                "slachtoffers", "duurzaam_veilig_ja", "duurzaam_veilig_nee",
                "duurzaam_veilig_onbekend", "nieuwe_melding"])
    pseudonyms: dict[int, str] = {}
    rows = []
    for h in data:
        for m in h.moments:
            if not start <= m.due_on <= end:
                continue
            # Random per export, so two exports cannot be linked to each other or to an id.
            alias = pseudonyms.setdefault(h.household_id, f"G-{secrets.token_hex(4)}")
            answers = m.answers().get("durably_safe", {})
            values = list(answers.values()) if isinstance(answers, Mapping) else []
            on_time = "" if not m.is_done or m.completed_on is None else (
                "ja" if (m.completed_on - m.due_on).days <= OVERDUE_GRACE_DAYS else "nee")
            rows.append([alias, kind_code(m.offset_months), _month(m.due_on),
                         _month(m.completed_on), on_time, m.outcome if m.is_done else "",
                         len(h.victim_ids), values.count("ja"), values.count("nee"),
                         values.count("onbekend"), "ja" if is_rereport(m, h.incidents) else "nee"])
    rows.sort(key=lambda r: (r[2], r[0]))  # not in storage order: ids must not shine through
    w.writerows(rows)
    return buffer.getvalue()
