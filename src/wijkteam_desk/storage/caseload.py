"""The caseload table: per household, the facts the dashboard and the rules read.

Reading the caseload from the case file itself means grouping every journal entry, incident and
checklist run of every household (seconds with 5,000 households). So each household's facts are
kept in ``caseload_entry`` as one JSON document that holds on any day (what changes with the date,
such as who is active regisseur today or who is a child, is decided when it is read). The unit of
work rewrites the entries of the households a transaction changed, in that same transaction
(``SqlUnitOfWork.commit``), so an entry is never older than its household.

An entry that is missing (a vault from schema 2, or data written before this table existed) or
written by another ``FACTS_VERSION`` is computed from the case file when read, and ``refresh``
stores it; the service does that in chunks, so a first read of a large vault stays interruptible.
Household columns (name, phase, status, next action) are always read from ``household``.

An entry is made of parts (the summary, each provider's facts), each reading some tables. When a
colleague's version changed only some tables of a household, ``refresh`` is told which: a part
that reads none of them stays as stored (a day's change of a household's next action asks one
row, not 24 queries over every table of it; those pages are not in memory then)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, and_, func, literal, or_, select, type_coerce
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from ..domain.model import CaseSummary, HouseholdStatus, Phase
from . import agenda
from .facts import PROVIDERS, query_all, resolve_all
from .facts_base import Scope, day, in_scope, iso
from .models import HouseholdRow, IncidentRow, InvolvementRow, PersonRow, ProfessionalRow
from .models_agenda import AgendaEntryRow
from .models_work import CaseloadEntryRow

# Raise when what a provider stores changes shape: entries of another version are recomputed.
# 2: with the entry, the household's agenda entry (storage/agenda.py); 3: ``opened_on`` a part
# of its own (storage/repo_checklists.py ``opened_facts``), no longer in ``safety``.
FACTS_VERSION = 3
# Dates as SQLite's text: parsed by facts_base.day (cached), not per row by SQLAlchemy.
_COLUMNS = (HouseholdRow.id, HouseholdRow.name, HouseholdRow.status, HouseholdRow.phase,
            type_coerce(HouseholdRow.opened_on, String), HouseholdRow.next_action,
            HouseholdRow.from_vt, type_coerce(HouseholdRow.vt_handover_date, String),
            type_coerce(HouseholdRow.closed_on, String), HouseholdRow.closing_reason)


# The same rows as ``_COLUMNS`` + facts, for the whole caseload (tests compare both paths;
# bench/ runs this text in raw sqlite3 as the baseline of the dashboard query).
CASELOAD_SQL = """
SELECT h.id, h.name, h.status, h.phase, h.opened_on, h.next_action, h.from_vt,
       h.vt_handover_date, h.closed_on, h.closing_reason, c.facts
FROM household h
LEFT JOIN caseload_entry c ON c.household_id = h.id AND c.facts_version = :version
ORDER BY h.id
"""


# One statement for any number of entries (executemany): a statement with the rows in its
# VALUES list was compiled anew for every refresh, ~15 ms for 250 entries.
_INSERT = insert(CaseloadEntryRow.__table__)
_WRITE_ENTRY = _INSERT.on_conflict_do_update(
    index_elements=[CaseloadEntryRow.household_id],
    set_={"facts_version": _INSERT.excluded.facts_version, "facts": _INSERT.excluded.facts})


@dataclass(frozen=True)
class CaseloadEntry:
    summary: CaseSummary
    extra: dict[str, object]  # CaseFacts.extra on the day it was read for


def summary_facts(session: Session, scope: Scope) -> dict[int, dict[str, object]]:
    """Per household: ``regisseurs`` [[start, end, name]] (every regisseur involvement; who is
    active is a question of the day), ``last_incident`` and ``members`` (names, for search)."""
    out: dict[int, dict[str, Any]] = {
        hid: {"regisseurs": [], "last_incident": None, "members": ""}
        for hid in session.scalars(select(HouseholdRow.id).where(in_scope(HouseholdRow.id, scope)))}
    regie = (select(InvolvementRow.household_id, InvolvementRow.start, InvolvementRow.end,
                    ProfessionalRow.name)
             .join(ProfessionalRow, ProfessionalRow.id == InvolvementRow.professional_id)
             .where(InvolvementRow.is_regisseur.is_(True),
                    in_scope(InvolvementRow.household_id, scope))
             .order_by(InvolvementRow.household_id, InvolvementRow.id))
    for hid, start, end, name in session.execute(regie):
        if hid in out:
            out[hid]["regisseurs"].append([iso(start), iso(end), name])
    for hid, last in session.execute(
            select(IncidentRow.household_id, func.max(IncidentRow.occurred_on))
            .where(in_scope(IncidentRow.household_id, scope)).group_by(IncidentRow.household_id)):
        if hid in out:
            out[hid]["last_incident"] = iso(last)
    members = (select(PersonRow.household_id,
                      func.group_concat(PersonRow.given_name + " " + PersonRow.family_name, "; "))
               .where(in_scope(PersonRow.household_id, scope)).group_by(PersonRow.household_id))
    for hid, names in session.execute(members):
        if hid in out:
            out[hid]["members"] = names or ""
    return out


SUMMARY_READS = frozenset({"involvement", "professional", "incident", "person"})


@dataclass(frozen=True)
class _Part:
    name: str  # its key in a stored entry
    query: Callable[[Session, Scope], dict[int, dict[str, object]]]
    reads: frozenset[str]


PARTS = (_Part("summary", summary_facts, SUMMARY_READS),
         *(_Part(p.name, p.query, p.reads) for p in PROVIDERS))


def _active_regisseurs(regisseurs: Iterable[list[Any]], today: date) -> list[str]:
    active = []
    for start, end, name in regisseurs:
        begins, ends = day(start), day(end)
        if begins is not None and begins <= today and (ends is None or ends > today):
            active.append(name)
    return active


def _dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def entry_of(row: tuple[Any, ...], today: date) -> CaseloadEntry:
    """One row of ``CaseloadRepository.rows`` as the dashboard and the rules see it on
    ``today``."""
    (hid, name, status, phase, opened_on, next_action, from_vt, handover, closed_on,
     closing_reason, text) = row
    stored = json.loads(text)
    summary = stored.get("summary", {})
    regisseurs = _active_regisseurs(summary.get("regisseurs", ()), today)
    return CaseloadEntry(
        CaseSummary(hid, name, HouseholdStatus(status), Phase(phase), day(opened_on) or today,
                    ", ".join(regisseurs), len(regisseurs), next_action,
                    day(summary.get("last_incident")), bool(from_vt), day(handover),
                    day(closed_on), closing_reason, summary.get("members", "")),
        resolve_all(stored, today))


class CaseloadRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def compute(self, scope: Scope) -> dict[int, dict[str, Any]]:
        """Stored facts of these households (or all), computed from the case file."""
        docs: dict[int, dict[str, Any]] = {
            hid: {"summary": facts} for hid, facts in summary_facts(self.s, scope).items()}
        for hid, parts in query_all(self.s, scope).items():
            if hid in docs:
                docs[hid].update(parts)
        return docs

    def refresh(self, household_ids: Iterable[int],
                changed: Collection[str] | None = None) -> None:
        """Rewrite the entries of these households from the case file (part of the caller's
        transaction). ``changed``: the only tables whose rows changed since the entries were
        written (a colleague's version applied); the parts reading none of them are kept as
        stored. None: everything is computed again."""
        ids = sorted(set(household_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            docs = self.compute(chunk) if changed is None else self._recompute(chunk, changed)
            if not docs:
                continue
            self.s.connection().execute(_WRITE_ENTRY, [
                {"household_id": hid, "facts_version": FACTS_VERSION, "facts": _dumps(doc)}
                for hid, doc in docs.items()])
        # Vandaag's entries, in the same transaction.
        agenda.write(self.s, ids, FACTS_VERSION, changed)

    def _recompute(self, scope: list[int], changed: Collection[str]) -> dict[int, dict[str, Any]]:
        """The entries of these households with the parts reading a changed table computed
        again, the others as stored; a household without a current entry is computed whole.
        Nothing (no write) when no part reads a changed table: an entry missing then is made
        when the dashboard next reads it (``stale``), as after a crash."""
        parts = [p for p in PARTS if p.reads.intersection(changed)]
        if not parts:
            return {}
        docs = {hid: json.loads(text) for hid, text in self.s.execute(
            select(CaseloadEntryRow.household_id, CaseloadEntryRow.facts)
            .where(CaseloadEntryRow.household_id.in_(scope),
                   CaseloadEntryRow.facts_version == FACTS_VERSION))}
        kept = sorted(docs)
        for part in parts if kept else ():
            fresh = part.query(self.s, kept)
            for hid in kept:
                if hid in fresh:
                    docs[hid][part.name] = fresh[hid]
                else:  # as ``compute`` leaves it out (a provider with nothing to say)
                    docs[hid].pop(part.name, None)
        missing = [hid for hid in scope if hid not in docs]
        if missing:
            docs.update(self.compute(missing))
        return docs

    def stale(self) -> list[int]:
        """Households without an entry (caseload or agenda) of this FACTS_VERSION."""
        current = and_(CaseloadEntryRow.household_id == HouseholdRow.id,
                       CaseloadEntryRow.facts_version == FACTS_VERSION)
        planned = and_(AgendaEntryRow.household_id == HouseholdRow.id,
                       AgendaEntryRow.facts_version == FACTS_VERSION)
        return list(self.s.scalars(
            select(HouseholdRow.id)
            .outerjoin(CaseloadEntryRow, current).outerjoin(AgendaEntryRow, planned)
            .where(or_(CaseloadEntryRow.household_id.is_(None),
                       AgendaEntryRow.household_id.is_(None)))
            .order_by(HouseholdRow.id)))

    def rows(self, household_id: int | None = None, *, live: bool = False) -> list[tuple[Any, ...]]:
        """The raw caseload rows by household id: household columns, then the stored facts as
        text. Equal rows give equal entries on the same day, so a caller may keep what it made
        of a row and skip parsing it again. ``live`` (or a missing or outdated entry) computes
        the facts from the case file instead, which a unit of work that has just changed the
        household needs."""
        if household_id is None and not live:
            # The dashboard's hot path, 5,000 rows: straight to the driver, no row objects.
            cursor = self.s.connection().connection.driver_connection.execute(
                CASELOAD_SQL, {"version": FACTS_VERSION})
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        else:
            scope = None if household_id is None else [household_id]
            current = and_(CaseloadEntryRow.household_id == HouseholdRow.id,
                           CaseloadEntryRow.facts_version == FACTS_VERSION)
            stmt = (select(*_COLUMNS, literal(None) if live else CaseloadEntryRow.facts)
                    .where(in_scope(HouseholdRow.id, scope)).order_by(HouseholdRow.id))
            if not live:
                stmt = stmt.outerjoin(CaseloadEntryRow, current)
            rows = [tuple(r) for r in self.s.execute(stmt)]
        missing = [r[0] for r in rows if r[-1] is None]
        if missing:
            one = None if household_id is None else [household_id]
            computed = self.compute(one if live else missing)
            rows = [r if r[-1] is not None else (*r[:-1], _dumps(computed.get(r[0], {})))
                    for r in rows]
        return rows

    def entries(self, today: date, household_id: int | None = None, *,
                live: bool = False) -> list[CaseloadEntry]:
        """Every household (or one) on ``today``, by household id (see ``rows``)."""
        return [entry_of(r, today) for r in self.rows(household_id, live=live)]
