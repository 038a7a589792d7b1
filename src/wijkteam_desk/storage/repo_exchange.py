"""All SQL of the exchange with Veilig Thuis: keys, the exchange log, import conflicts, the
VT-linked persons and conditions an overdracht updates, and the bulk read behind a terugkoppeling.
Returns domain objects only."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.exchange import (
    ConflictStatus,
    Direction,
    ExchangeKey,
    FeedbackSource,
    ImportConflict,
    MomentReport,
    OutboxItem,
    PackageEntry,
    PackageStatus,
)
from .models import (
    AuditRow,
    HouseholdRow,
    IncidentRow,
    InvolvementRow,
    PersonRow,
    PlanGoalRow,
    ProfessionalRow,
)
from .models_exchange import ExchangeOutboxRow, VtHouseholdRow
from .models_work import (
    ConditionReviewRow,
    ExchangeKeyRow,
    ExchangePackageRow,
    ImportConflictRow,
    MonitoringMomentRow,
    SafetyConditionRow,
    SafetyPlanRow,
    SafetyScoreRow,
)

_ACCEPTED_IN = (PackageStatus.INGELEZEN.value,)
# Audit lines that record looking, printing or the exchange itself, not a change to the case.
_NOT_A_CHANGE = ("%.view", "print.%", "exchange.%", "%.preview")
_OUT_KINDS_WITH_MARK = ("terugkoppeling",)
# Spellings a monitoring form may use for a condition's status, mapped to the schema's words.
_CONDITION_STATUS = {"met": "voldaan", "voldaan": "voldaan", "ja": "voldaan",
                     "deels": "deels", "partly": "deels",
                     "niet": "niet_voldaan", "niet_voldaan": "niet_voldaan", "nee": "niet_voldaan",
                     "not_met": "niet_voldaan"}
_OUTCOMES = {"voortzetten": "voortzetten", "doorgaan": "voortzetten", "continue": "voortzetten",
             "afsluiten": "afsluiten", "close": "afsluiten",
             "heropenen": "heropenen", "reopen": "heropenen", "re_open": "heropenen",
             "melden_bij_vt": "melden_bij_vt", "melden_vt": "melden_bij_vt",
             "report_vt": "melden_bij_vt", "report_to_vt": "melden_bij_vt"}


def _key(r: ExchangeKeyRow, with_secret: bool = False) -> ExchangeKey:
    return ExchangeKey(r.id, r.own, r.name, r.signing_key_id, r.signing_public,
                       r.encryption_recipient, r.added_at, r.revoked,
                       r.secret if with_secret else "", r.sequence_floor or 0)


def _entry(r: ExchangePackageRow) -> PackageEntry:
    return PackageEntry(r.id, r.package_id, Direction(r.direction), r.kind, r.peer_key_id,
                        r.sequence, r.payload_sha256, PackageStatus(r.status), r.reason,
                        r.household_id, r.file_name, r.at, r.acknowledged_at)


def _conflict(r: ImportConflictRow) -> ImportConflict:
    return ImportConflict(r.id, r.household_id, r.object_type, r.object_id, r.field,
                          json.loads(r.local_value), json.loads(r.incoming_value), r.package_id,
                          ConflictStatus(r.status), r.resolved_at)


def _naive(value: Any) -> datetime:
    """UTC without tzinfo: how SQLite hands datetimes back; audit stamps are ISO text."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class ExchangeRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- keys -----------------------------------------------------------------------------------
    def own_key(self) -> ExchangeKey | None:
        row = self.s.scalar(select(ExchangeKeyRow).where(ExchangeKeyRow.own.is_(True),
                                                         ExchangeKeyRow.revoked.is_(False)))
        return _key(row, with_secret=True) if row else None

    def own_keys(self) -> list[ExchangeKey]:
        """The team's current key and the ones it replaced (still needed to decrypt packages
        VT made before it learnt of the change), newest first, with secrets."""
        rows = self.s.scalars(select(ExchangeKeyRow).where(ExchangeKeyRow.own.is_(True))
                              .order_by(ExchangeKeyRow.id.desc()))
        return [_key(r, with_secret=True) for r in rows]

    def retire_own_key(self, key_id: int) -> None:
        row = self.s.get(ExchangeKeyRow, key_id)
        if row is None or not row.own:
            raise NotFound(key_id=key_id)
        row.revoked = True
        self.s.flush()

    def add_key(self, *, own: bool, name: str, signing_key_id: str, signing_public: str,
                encryption_recipient: str, now: datetime, secret: str = "",
                sequence_floor: int = 0) -> int:
        row = ExchangeKeyRow(own=own, name=name, signing_key_id=signing_key_id,
                             signing_public=signing_public,
                             encryption_recipient=encryption_recipient, secret=secret,
                             added_at=now, revoked=False, sequence_floor=sequence_floor)
        self.s.add(row)
        self.s.flush()
        return row.id

    def key_by_signing_id(self, signing_key_id: str) -> ExchangeKey | None:
        row = self.s.scalar(select(ExchangeKeyRow).where(
            ExchangeKeyRow.signing_key_id == signing_key_id))
        return _key(row) if row else None

    def trusted_keys(self, include_revoked: bool = False) -> list[ExchangeKey]:
        stmt = select(ExchangeKeyRow).where(ExchangeKeyRow.own.is_(False))
        if not include_revoked:
            stmt = stmt.where(ExchangeKeyRow.revoked.is_(False))
        return [_key(r) for r in self.s.scalars(stmt.order_by(ExchangeKeyRow.id))]

    def set_key(self, key_id: int, **values: Any) -> ExchangeKey:
        row = self.s.get(ExchangeKeyRow, key_id)
        if row is None or row.own:
            raise NotFound(key_id=key_id)
        for name, value in values.items():
            setattr(row, name, value)
        self.s.flush()
        return _key(row)

    # -- the exchange log -----------------------------------------------------------------------
    def log(self, *, package_id: str, direction: Direction, kind: str, status: PackageStatus,
            at: datetime, peer_key_id: str = "", sequence: int = 0, payload_sha256: str = "",
            reason: str = "", household_id: int | None = None, file_name: str = "",
            flush: bool = True) -> int:
        """Add a line to the exchange log; its id (0 when ``flush`` is False: batches of
        outgoing packages are written in one go at commit)."""
        row = ExchangePackageRow(package_id=package_id, direction=direction.value, kind=kind,
                                 peer_key_id=peer_key_id, sequence=sequence,
                                 payload_sha256=payload_sha256, status=status.value,
                                 reason=reason, household_id=household_id,
                                 file_name=file_name[:300], at=at)
        self.s.add(row)
        if not flush:
            return 0
        self.s.flush()
        return row.id

    def packages(self, household_id: int | None = None, limit: int = 2000) -> list[PackageEntry]:
        stmt = select(ExchangePackageRow).order_by(ExchangePackageRow.id.desc()).limit(limit)
        if household_id is not None:
            stmt = stmt.where(ExchangePackageRow.household_id == household_id)
        return [_entry(r) for r in self.s.scalars(stmt)]

    def last_sequences_in(self) -> dict[str, int]:
        """Per VT signer, the highest sequence accepted so far (refused packages do not count);
        a key that replaced another starts at its ``sequence_floor``."""
        rows = self.s.execute(
            select(ExchangePackageRow.peer_key_id, func.max(ExchangePackageRow.sequence))
            .where(ExchangePackageRow.direction == Direction.IN.value,
                   ExchangePackageRow.status.in_(_ACCEPTED_IN))
            .group_by(ExchangePackageRow.peer_key_id))
        last = {key: int(seq) for key, seq in rows}
        for key, floor in self.s.execute(select(ExchangeKeyRow.signing_key_id,
                                                ExchangeKeyRow.sequence_floor)):
            if floor:
                last[key] = max(last.get(key, 0), int(floor))
        return last

    def known_in(self) -> dict[str, str]:
        """Accepted incoming package ids and their payload hashes (for duplicate detection)."""
        rows = self.s.execute(
            select(ExchangePackageRow.package_id, ExchangePackageRow.payload_sha256)
            .where(ExchangePackageRow.direction == Direction.IN.value,
                   ExchangePackageRow.status.in_(_ACCEPTED_IN)))
        return {str(k): str(v) for k, v in rows}

    def next_out_sequence(self) -> int:
        """Strictly increasing over everything the team ever sent (rows are never deleted)."""
        last = self.s.scalar(select(func.max(ExchangePackageRow.sequence)).where(
            ExchangePackageRow.direction == Direction.OUT.value))
        return int(last or 0) + 1

    def acknowledge(self, package_id: str, payload_sha256: str, at: datetime,
                    refused_reason: str = "") -> PackageEntry | None:
        """Mark our package as received by VT, or (``refused_reason``) as refused by VT: then
        it stays unacknowledged, so the next export sends its news again. None when no such
        package was sent."""
        row = self.s.scalar(select(ExchangePackageRow).where(
            ExchangePackageRow.package_id == package_id,
            ExchangePackageRow.direction == Direction.OUT.value,
            ExchangePackageRow.payload_sha256 == payload_sha256))
        if row is None:
            return None
        if refused_reason and row.acknowledged_at is None:
            row.status, row.reason = PackageStatus.GEWEIGERD.value, refused_reason[:100]
            self.s.flush()
        elif not refused_reason and row.acknowledged_at is None:
            row.acknowledged_at = at
            row.status, row.reason = PackageStatus.BEVESTIGD.value, ""
            self.s.flush()
        return _entry(row)

    # -- households, persons and conditions from an overdracht ------------------------------------
    def household_by_case_number(self, vt_case_number: str) -> int | None:
        return self.s.scalar(select(HouseholdRow.id).where(
            HouseholdRow.vt_case_number == vt_case_number).order_by(HouseholdRow.id).limit(1))

    def linked_persons(self, household_id: int) -> dict[str, tuple[int, str]]:
        """VT person id → (our person id, import snapshot JSON)."""
        rows = self.s.execute(select(PersonRow.external_id, PersonRow.id,
                                     PersonRow.import_snapshot)
                              .where(PersonRow.household_id == household_id,
                                     PersonRow.external_id != ""))
        return {ext: (pid, snap) for ext, pid, snap in rows}

    def set_person_link(self, person_id: int, external_id: str, snapshot: str) -> None:
        row = self.s.get(PersonRow, person_id)
        if row is None:
            raise NotFound(person_id=person_id)
        row.external_id, row.import_snapshot = external_id, snapshot
        self.s.flush()

    def conditions(self, household_id: int) -> dict[str, tuple[int, dict[str, Any], str]]:
        """VT condition id → (our id, current values, import snapshot JSON)."""
        rows = self.s.scalars(select(SafetyConditionRow).where(
            SafetyConditionRow.household_id == household_id,
            SafetyConditionRow.external_id != ""))
        return {r.external_id: (r.id, {"text": r.text, "set_by": r.set_by,
                                       "set_on": r.set_on.isoformat() if r.set_on else None,
                                       "withdrawn_on": r.withdrawn_on.isoformat()
                                       if r.withdrawn_on else None},
                                r.import_snapshot) for r in rows}

    def add_condition(self, household_id: int, *, text: str, set_by: str, set_on: date | None,
                      external_id: str, snapshot: str, withdrawn_on: date | None = None) -> int:
        row = SafetyConditionRow(household_id=household_id, text=text, set_by=set_by,
                                 set_on=set_on, external_id=external_id,
                                 import_snapshot=snapshot, goal_ids="",
                                 withdrawn_on=withdrawn_on)
        self.s.add(row)
        self.s.flush()
        return row.id

    def update_condition(self, condition_id: int, **values: Any) -> None:
        row = self.s.get(SafetyConditionRow, condition_id)
        if row is None:
            raise NotFound(condition_id=condition_id)
        for name, value in values.items():
            if name in ("set_on", "withdrawn_on"):
                value = _as_date(value)
            setattr(row, name, value)
        self.s.flush()

    # -- the household as VT describes it ---------------------------------------------------------
    def vt_household(self, household_id: int) -> tuple[dict[str, str], str] | None:
        """VT's address for the household as last taken, and VT's last values (JSON)."""
        row = self.s.get(VtHouseholdRow, household_id)
        if row is None:
            return None
        address = {"street": row.street, "house_number": row.house_number,
                   "postcode": row.postcode, "city": row.city}
        return address, row.import_snapshot

    def set_vt_household(self, household_id: int, address: dict[str, str],
                         snapshot: str) -> None:
        row = self.s.get(VtHouseholdRow, household_id)
        if row is None:
            row = VtHouseholdRow(household_id=household_id)
            self.s.add(row)
        row.street, row.house_number = address.get("street", ""), address.get("house_number", "")
        row.postcode, row.city = address.get("postcode", ""), address.get("city", "")
        row.import_snapshot = snapshot
        self.s.flush()

    # -- receipts waiting in the outbox ---------------------------------------------------------
    def queue_receipt(self, *, household_id: int | None, peer_key_id: str,
                      payload: dict[str, Any], now: datetime) -> int:
        row = ExchangeOutboxRow(household_id=household_id, kind="ontvangstbevestiging",
                                peer_key_id=peer_key_id, created_at=now,
                                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True))
        self.s.add(row)
        self.s.flush()
        return row.id

    def outbox(self) -> list[OutboxItem]:
        rows = self.s.scalars(select(ExchangeOutboxRow).order_by(ExchangeOutboxRow.id))
        return [OutboxItem(r.id, r.household_id, r.kind, r.peer_key_id, json.loads(r.payload),
                           r.created_at) for r in rows]

    def remove_from_outbox(self, ids: Iterable[int]) -> None:
        for item_id in ids:
            row = self.s.get(ExchangeOutboxRow, item_id)
            if row is not None:
                self.s.delete(row)
        self.s.flush()

    def open_conflicts_of_package(self, package_id: str) -> int:
        return int(self.s.scalar(select(func.count()).select_from(ImportConflictRow).where(
            ImportConflictRow.package_id == package_id,
            ImportConflictRow.status == ConflictStatus.OPEN.value)) or 0)

    def incoming(self, package_id: str) -> PackageEntry | None:
        """The accepted incoming package with this id (the receipt for it needs its details)."""
        row = self.s.scalar(select(ExchangePackageRow).where(
            ExchangePackageRow.package_id == package_id,
            ExchangePackageRow.direction == Direction.IN.value,
            ExchangePackageRow.status.in_(_ACCEPTED_IN)).limit(1))
        return _entry(row) if row else None

    # -- conflicts ------------------------------------------------------------------------------
    def add_conflict(self, household_id: int, object_type: str, object_id: int, field: str,
                     local_value: Any, incoming_value: Any, package_id: str) -> int:
        row = ImportConflictRow(household_id=household_id, object_type=object_type,
                                object_id=object_id, field=field,
                                local_value=json.dumps(local_value, ensure_ascii=False),
                                incoming_value=json.dumps(incoming_value, ensure_ascii=False),
                                package_id=package_id, status=ConflictStatus.OPEN.value)
        self.s.add(row)
        self.s.flush()
        return row.id

    def conflicts(self, household_id: int | None = None,
                  only_open: bool = True) -> list[ImportConflict]:
        stmt = select(ImportConflictRow).order_by(ImportConflictRow.id)
        if household_id is not None:
            stmt = stmt.where(ImportConflictRow.household_id == household_id)
        if only_open:
            stmt = stmt.where(ImportConflictRow.status == ConflictStatus.OPEN.value)
        return [_conflict(r) for r in self.s.scalars(stmt)]

    def close_open_conflicts(self, object_type: str, object_id: int, field: str,
                             at: datetime) -> None:
        """A newer import supersedes an older, still open conflict on the same field."""
        for row in self.s.scalars(select(ImportConflictRow).where(
                ImportConflictRow.object_type == object_type,
                ImportConflictRow.object_id == object_id, ImportConflictRow.field == field,
                ImportConflictRow.status == ConflictStatus.OPEN.value)):
            row.status, row.resolved_at = ConflictStatus.LOKAAL.value, at
        self.s.flush()

    def resolve_conflict(self, conflict_id: int, status: ConflictStatus,
                         at: datetime) -> ImportConflict:
        row = self.s.get(ImportConflictRow, conflict_id)
        if row is None:
            raise NotFound(conflict_id=conflict_id)
        row.status, row.resolved_at = status.value, at
        self.s.flush()
        return _conflict(row)

    # -- terugkoppeling -------------------------------------------------------------------------
    def feedback_candidates(self) -> dict[int, datetime | None]:
        """Households VT handed over (with a case number) and, per household, the creation time
        of the last terugkoppeling VT acknowledged (the mark), or None."""
        marks = dict(self.s.execute(
            select(ExchangePackageRow.household_id, func.max(ExchangePackageRow.at))
            .where(ExchangePackageRow.direction == Direction.OUT.value,
                   ExchangePackageRow.kind.in_(_OUT_KINDS_WITH_MARK),
                   ExchangePackageRow.acknowledged_at.is_not(None))
            .group_by(ExchangePackageRow.household_id)).all())
        ids = self.s.scalars(select(HouseholdRow.id).where(
            HouseholdRow.vt_case_number != "").order_by(HouseholdRow.id))
        return {hid: marks.get(hid) for hid in ids}

    def changed_since(self, marks: dict[int, datetime | None]) -> list[int]:
        """Of ``marks``' households, those changed after their mark: the household row, a
        completed moment, or any audited change to the case (incidents, reviews, persons …;
        the audit line carries the exact time where the rows only carry a date)."""
        unmarked = [hid for hid, mark in marks.items() if mark is None]
        marked = {hid: _naive(mark) for hid, mark in marks.items() if mark is not None}
        if not marked:
            return sorted(unmarked)
        ids = list(marked)
        latest: dict[int, list[datetime]] = defaultdict(list)
        queries = [
            select(HouseholdRow.id, HouseholdRow.updated_at).where(HouseholdRow.id.in_(ids)),
            select(MonitoringMomentRow.household_id, func.max(MonitoringMomentRow.completed_at))
            .where(MonitoringMomentRow.household_id.in_(ids))
            .group_by(MonitoringMomentRow.household_id),
            select(AuditRow.household_id, func.max(AuditRow.at))
            .where(AuditRow.household_id.in_(ids), AuditRow.result == "ok",
                   *[AuditRow.action.not_like(p) for p in _NOT_A_CHANGE])
            .group_by(AuditRow.household_id),
        ]
        for stmt in queries:
            for hid, value in self.s.execute(stmt):
                if value is not None:
                    latest[hid].append(_naive(value))
        changed = [hid for hid, mark in marked.items() if any(v > mark for v in latest[hid])]
        return sorted(set(changed) | set(unmarked))

    def feedback_sources(self, household_ids: Iterable[int]) -> dict[int, FeedbackSource]:
        """Everything a terugkoppeling needs for many households, in a fixed number of queries."""
        ids = sorted(set(household_ids))
        if not ids:
            return {}
        s = self.s
        households = {h.id: h for h in s.scalars(select(HouseholdRow).where(
            HouseholdRow.id.in_(ids)))}
        regisseurs: dict[int, tuple[str, str, str]] = {}
        for inv, prof in s.execute(
                select(InvolvementRow, ProfessionalRow)
                .join(ProfessionalRow, ProfessionalRow.id == InvolvementRow.professional_id)
                .where(InvolvementRow.household_id.in_(ids),
                       InvolvementRow.is_regisseur.is_(True), InvolvementRow.end.is_(None))
                .order_by(InvolvementRow.start)):
            regisseurs[inv.household_id] = (prof.name, prof.organisation, prof.phone)
        goals: dict[int, list[str]] = defaultdict(list)
        for hid, status in s.execute(select(PlanGoalRow.household_id, PlanGoalRow.status)
                                     .where(PlanGoalRow.household_id.in_(ids))):
            goals[hid].append(status)
        plans = dict(s.execute(select(SafetyPlanRow.household_id, func.max(SafetyPlanRow.version))
                               .where(SafetyPlanRow.household_id.in_(ids))
                               .group_by(SafetyPlanRow.household_id)).all())
        person_ext = dict(s.execute(select(PersonRow.id, PersonRow.external_id).where(
            PersonRow.household_id.in_(ids), PersonRow.external_id != "")).all())
        condition_ext = dict(s.execute(
            select(SafetyConditionRow.id, SafetyConditionRow.external_id).where(
                SafetyConditionRow.household_id.in_(ids),
                SafetyConditionRow.external_id != "")).all())
        moments = list(s.scalars(select(MonitoringMomentRow).where(
            MonitoringMomentRow.household_id.in_(ids),
            MonitoringMomentRow.completed_at.is_not(None))
            .order_by(MonitoringMomentRow.due_on, MonitoringMomentRow.id)))
        moment_ids = [m.id for m in moments]
        reviews: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for cid, mid, status in s.execute(
                select(ConditionReviewRow.condition_id, ConditionReviewRow.monitoring_id,
                       ConditionReviewRow.status)
                .where(ConditionReviewRow.monitoring_id.in_(moment_ids))
                .order_by(ConditionReviewRow.id)):
            if cid in condition_ext:
                reviews[mid].append((condition_ext[cid],
                                     _CONDITION_STATUS.get(status, "onbekend")))
        scores: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for pid, mid, score in s.execute(
                select(SafetyScoreRow.person_id, SafetyScoreRow.monitoring_id,
                       SafetyScoreRow.score)
                .where(SafetyScoreRow.monitoring_id.in_(moment_ids))
                .order_by(SafetyScoreRow.id)):
            if pid in person_ext and 0 <= score <= 10:
                scores[mid].append((person_ext[pid], int(score)))
        incidents: dict[int, list[date]] = defaultdict(list)
        for hid, day in s.execute(select(IncidentRow.household_id, IncidentRow.occurred_on)
                                  .where(IncidentRow.household_id.in_(ids))):
            incidents[hid].append(_as_date(day))  # type: ignore[arg-type]
        by_household: dict[int, list[MomentReport]] = defaultdict(list)
        previous: dict[int, date | None] = {}
        for m in moments:
            hid = m.household_id
            since = previous.get(hid) or households[hid].vt_handover_date
            held = m.completed_at.date() if m.completed_at else None
            by_household[hid].append(_moment(m, reviews[m.id], scores[m.id], incidents[hid],
                                             since, held))
            previous[hid] = held
        return {hid: FeedbackSource(
            household_id=hid, vt_case_number=h.vt_case_number, status=h.status, phase=h.phase,
            regisseur=regisseurs.get(hid),
            goal_statuses=tuple(goals[hid]), plan_version=plans.get(hid),
            moments=tuple(by_household[hid])) for hid, h in households.items()}


def _document(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _durably_safe(value: Any) -> str:
    """The form asks per person (ja/nee/onbekend); VT gets one answer for the household:
    "nee" when anyone is not durably safe, "ja" only when everyone is, else "onbekend"."""
    if isinstance(value, dict):
        answers = set(value.values())
        if "nee" in answers:
            return "nee"
        return "ja" if answers == {"ja"} else "onbekend"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value if value in ("ja", "nee", "onbekend") else "onbekend"


def _moment(m: MonitoringMomentRow, reviews: list[tuple[str, str]],
            scores: list[tuple[str, int]], incidents: list[date], since: date | None,
            held: date | None) -> MomentReport:
    doc = _document(m.document)
    answers = doc.get("answers") if isinstance(doc.get("answers"), dict) else doc
    help_value = answers.get("help_in_place")  # type: ignore[union-attr]
    help_in_place = bool(help_value) if isinstance(help_value, (list, bool)) else None
    counted = sum(1 for d in incidents if (since is None or d > since)
                  and (held is None or d <= held))
    return MomentReport(
        offset_months=m.offset_months, due_on=_as_date(m.due_on) or date.min, held_on=held,
        conditions=tuple(reviews), incidents_since=max(0, min(counted, 999)),
        safety_scores=tuple(scores),
        help_in_place=help_in_place if help_value != [] else None,
        durably_safe=_durably_safe(answers.get("durably_safe")),  # type: ignore[union-attr]
        outcome=_OUTCOMES.get(str(m.outcome or answers.get("outcome") or ""), ""))  # type: ignore[union-attr]
