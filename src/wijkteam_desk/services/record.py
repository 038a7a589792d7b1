"""Correcting the record (issue 13, part 3): correct a journal entry, an incident or a checklist
answer; withdraw an entry made in the wrong household; search a household's timeline and notes.

A case file is evidence. A correction shows the new text and keeps the old one with who, when
and why (``record_correction``); the audit line names the correction and fingerprints (SHA-256)
both versions, so the hash-chained log vouches for what the record says was there. A withdrawal
takes the entry out of every view, printout and export and keeps it whole, with the reason
(``record_withdrawal``), beside its audit line. The audit detail holds no free text.

Errors: ``ValidationError`` with codes ``reason_required``, ``reason_too_short``,
``too_long``, ``nothing_changed``, ``date_future``, ``forms_required``,
``person_other_household``, ``run_in_progress``, ``checklist_incomplete``, ``invalid_answer``,
``withdraw_has_attachments``, ``not_withdrawable``; ``NotFound``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from ..domain.checklists import Answer, complete, set_answer, set_outcome, template_for_run
from ..domain.errors import ValidationError
from ..domain.model import JournalKind, Severity, ViolenceForm
from ..domain.record import (
    MIN_REASON,
    WITHDRAWABLE,
    Correction,
    RecordKind,
    Withdrawal,
    matches,
    snippet,
    terms,
)
from ..storage.uow import SqlUnitOfWork
from .cases import _text
from .checklists import ChecklistService, RunView

MAX_REASON = 2000
MAX_QUERY = 200
AUDIT_NAMES = {RecordKind.JOURNAL: "journal", RecordKind.INCIDENT: "incident",
               RecordKind.CHECKLIST_ANSWER: "checklist"}


@dataclass(frozen=True)
class SearchHit:
    """One text of the household's file that holds every word of the query."""

    kind: str  # journal_entry, incident, phase_change, involvement, person, network_member,
    # attachment, correction (an earlier wording of an entry)
    object_id: int
    when: date | None
    label: str  # a journal kind, a severity, a name, a title: what the hit is, as stored
    snippet: str
    ref: tuple[str, int]  # the entry it belongs to: itself, or the entry an old wording was of


def fingerprint(values: Mapping[str, object]) -> str:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason_required", field="reden")
    if len(reason) < MIN_REASON:
        raise ValidationError("reason_too_short", minimum=MIN_REASON)
    if len(reason) > MAX_REASON:
        raise ValidationError("too_long", field="reden", maximum=MAX_REASON)
    return reason


def _utc_naive(at: datetime) -> datetime:
    """How the vault keeps a moment (UTC, without the zone), so old and new compare."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def _json(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return getattr(value, "value", value)


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


class RecordService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork],
                 checklists: ChecklistService) -> None:
        self._uow = uow_factory
        self._checklists = checklists

    def _record(self, uow: SqlUnitOfWork, kind: RecordKind, object_id: int, household_id: int,
                old: Mapping[str, object], new: Mapping[str, object], reason: str,
                item: str = "") -> Correction:
        correction = uow.record.add_correction(
            household_id, kind, object_id, item=item, old=old, new=new, reason=reason,
            author=uow.actor, at=uow.clock.now())
        uow.audit(f"{AUDIT_NAMES[kind]}.correct", kind.value, object_id, household_id,
                  detail={"correction": correction.id, "fields": sorted(new),
                          "old_sha256": fingerprint(old), "new_sha256": fingerprint(new)})
        uow.commit()
        return correction

    # -- corrections ----------------------------------------------------------------------------
    def correct_journal(self, entry_id: int, reason: str, *, text: str | None = None,
                        kind: JournalKind | None = None,
                        occurred_at: datetime | None = None) -> Correction:
        """Correct a journal entry's text, kind or moment. The entry shows the new values; the
        old ones stay readable in its corrections. Audited ``journal.correct``."""
        reason = _reason(reason)
        wanted: dict[str, Any] = {}
        if text is not None:
            wanted["text"] = _text(text, "tekst", required=True)
        if kind is not None:
            wanted["kind"] = kind.value
        with self._uow() as uow:
            entry = uow.record.journal_entry(entry_id)
            if occurred_at is not None:
                if _utc_naive(occurred_at) > _utc_naive(uow.clock.now()):
                    raise ValidationError("date_future")
                wanted["occurred_at"] = _utc_naive(occurred_at)
            current = {"text": entry.text, "kind": entry.kind.value,
                       "occurred_at": _utc_naive(entry.occurred_at)}
            changed = {k: v for k, v in wanted.items() if current[k] != v}
            if not changed:
                raise ValidationError("nothing_changed")
            uow.record.update_journal(entry_id, changed)
            return self._record(uow, RecordKind.JOURNAL, entry_id, entry.household_id,
                                {k: _json(current[k]) for k in changed},
                                {k: _json(v) for k, v in changed.items()}, reason)

    def correct_incident(self, incident_id: int, reason: str, *,
                         occurred_on: date | None = None,
                         forms: tuple[ViolenceForm, ...] | None = None,
                         severity: Severity | None = None,
                         victim_ids: tuple[int, ...] | None = None,
                         perpetrator_ids: tuple[int, ...] | None = None,
                         children_present: bool | None = None,
                         police_involved: bool | None = None,
                         police_report: bool | None = None,
                         description: str | None = None) -> Correction:
        """Correct any field of an incident (the ones given). Checked like a new incident: at
        least one form, no date in the future, only persons of this household. Audited
        ``incident.correct``."""
        reason = _reason(reason)
        if forms is not None and not forms:
            raise ValidationError("forms_required")
        given: dict[str, Any] = {
            "occurred_on": occurred_on, "forms": tuple(forms) if forms is not None else None,
            "severity": severity, "victim_ids": victim_ids, "perpetrator_ids": perpetrator_ids,
            "children_present": children_present, "police_involved": police_involved,
            "police_report": police_report,
            "description": None if description is None else _text(description, "omschrijving")}
        with self._uow() as uow:
            incident = uow.record.incident(incident_id)
            hid = incident.household_id
            if occurred_on is not None and occurred_on > uow.clock.today():
                raise ValidationError("date_future")
            for pid in (*(victim_ids or ()), *(perpetrator_ids or ())):
                if uow.cases.get_person(pid).household_id != hid:
                    raise ValidationError("person_other_household")
            changed = {k: v for k, v in given.items()
                       if v is not None and getattr(incident, k) != v}
            if not changed:
                raise ValidationError("nothing_changed")
            stored = {k: ",".join(str(_json(x)) for x in v) if isinstance(v, tuple)
                      else _json(v) if k == "severity" else v for k, v in changed.items()}
            uow.record.update_incident(incident_id, stored)
            return self._record(uow, RecordKind.INCIDENT, incident_id, hid,
                                {k: _json(getattr(incident, k)) for k in changed},
                                {k: _json(v) for k, v in changed.items()}, reason)

    def correct_answer(self, run_id: int, item_id: str, value: str, note: str,
                       reason: str) -> Correction:
        """Correct one answer (or the decision) of a completed checklist; a run in progress is
        simply edited (``run_in_progress``). The corrected run must still be complete
        (``checklist_incomplete``); an answer to a question the correction hides is dropped and
        kept in the correction. Audited ``checklist.correct``."""
        reason = _reason(reason)
        checklists = self._checklists
        with self._uow() as uow:
            stored = uow.checklists.get_run(run_id)
            run = stored.run
            if not run.completed or run.completed_at is None:
                raise ValidationError("run_in_progress")
            template = template_for_run(checklists.library, run)
            is_outcome = template.outcome is not None and template.outcome.id == item_id
            before = run.outcome if is_outcome else run.answers.get(item_id)
            open_run = replace(run, completed_at=None)
            if is_outcome:
                changed = set_outcome(open_run, template, value, note.strip())
            else:
                changed = set_answer(open_run, template, item_id, value, note.strip())
            after = changed.outcome if is_outcome else changed.answers.get(item_id)
            if after == before:
                raise ValidationError("nothing_changed")
            problems = checklists.problems(RunView(run_id, changed, template, dict(run.facts)))
            if problems:
                raise ValidationError("checklist_incomplete", aantal=len(problems),
                                      eerste=problems[0], problems=tuple(problems))
            done = complete(changed, template, dict(run.facts), run.completed_at)
            uow.checklists.save_run(run_id, done)

            def plain(answer: Answer | None) -> dict[str, str]:
                return {"value": answer.value, "note": answer.note} if answer else {}

            old: dict[str, object] = dict(plain(before))
            dropped = {k: plain(a) for k, a in run.answers.items() if k not in done.answers}
            if dropped:
                old["dropped"] = dropped
            return self._record(uow, RecordKind.CHECKLIST_ANSWER, run_id, run.household_id,
                                old, plain(after), reason, item=item_id)

    def corrections(self, household_id: int, kind: RecordKind | None = None,
                    object_id: int | None = None) -> list[Correction]:
        """Corrections of the household's entries, oldest first (read with the open file: no
        audit line of its own)."""
        with self._uow() as uow:
            return uow.record.corrections(household_id, kind, object_id)

    # -- withdrawals ----------------------------------------------------------------------------
    def withdraw(self, kind: RecordKind, object_id: int, reason: str) -> Withdrawal:
        """Take a journal entry or incident made in the wrong household out of it: gone from
        its views, printouts and exports, kept whole with the reason. Refused while documents
        hang on a journal entry (``withdraw_has_attachments``). Audited ``….withdraw``."""
        reason = _reason(reason)
        if kind not in WITHDRAWABLE:
            raise ValidationError("not_withdrawable")
        with self._uow() as uow:
            if kind is RecordKind.JOURNAL:
                linked = uow.record.attachments_of_journal(object_id)
                uow.record.journal_entry(object_id)  # NotFound before anything else
                if linked:
                    raise ValidationError("withdraw_has_attachments", aantal=linked)
            withdrawal = uow.record.withdraw(kind, object_id, reason=reason, author=uow.actor,
                                             at=uow.clock.now())
            uow.audit(f"{AUDIT_NAMES[kind]}.withdraw", kind.value, object_id,
                      withdrawal.household_id,
                      detail={"withdrawal": withdrawal.id,
                              "sha256": fingerprint(withdrawal.snapshot)})
            uow.commit()
            return withdrawal

    def withdrawals(self, household_id: int) -> list[Withdrawal]:
        with self._uow() as uow:
            uow.cases.get_household(household_id)
            return uow.record.withdrawals(household_id)

    # -- search ---------------------------------------------------------------------------------
    def search(self, household_id: int, query: str, *, audited: bool = True) -> list[SearchHit]:
        """Texts of one household's file holding every word of ``query`` (case and accents do
        not matter), newest first. Runs on the vault's own rows: nothing is indexed outside it.
        Side effect when ``audited`` (the command line; the app searches a file it has open and
        logged): an audit line ``household.view`` with purpose ``zoeken``."""
        words = terms(query[:MAX_QUERY])
        with self._uow() as uow:
            uow.cases.get_household(household_id)
            hits = [SearchHit(kind, oid, _day(when), str(label), snippet(text, words), ref)
                    for kind, oid, when, label, text, ref in uow.record.texts(household_id)
                    if matches(text, words)]
            if audited and words:
                uow.audit("household.view", "household", household_id, household_id,
                          detail={"purpose": "zoeken", "hits": len(hits)})
                uow.commit()
        hits.sort(key=lambda h: (h.when is not None, h.when or date.min, h.object_id),
                  reverse=True)
        return hits

