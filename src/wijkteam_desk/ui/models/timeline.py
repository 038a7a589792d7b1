"""The household timeline: every kind of event in one list, newest first, with a filter per kind.
Free text (descriptions, journal texts, reasons) is masked in privacy mode."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.model import HouseholdFile
from ...domain.record import Correction
from ...texts import JOURNAL_KINDS, PHASES, SEVERITIES, VIOLENCE_FORMS
from .. import home_visit
from ..widgets import colors
from .caseload import refiltering
from .household import Index, _Table
from .record import history

KIND_INCIDENT, KIND_CONTACT, KIND_PHASE, KIND_REGIE, KIND_CLOSING = (
    "incident", "contact", "fase", "regie", "afsluiting")
KIND_LABELS = {KIND_INCIDENT: "Incident", KIND_CONTACT: "Contact", KIND_PHASE: "Fase",
               KIND_REGIE: "Regie", KIND_CLOSING: "Afsluiting"}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    who: str
    detail: str  # free text: masked in privacy mode
    serious: bool = False
    has_time: bool = False
    ref: tuple[str, int] | None = None  # (table, id) of the entry: corrections, search
    corrections: tuple[str, ...] = ()  # "Gecorrigeerd op … door … (reden). Eerder: …"


def _day(d: date) -> datetime:
    return datetime.combine(d, time(0, 0))


def local_naive(at: datetime) -> datetime:
    """Stored moments are UTC; the timeline shows local time."""
    return at.astimezone().replace(tzinfo=None) if at.tzinfo else at


def timeline_entries(file: HouseholdFile,
                     closing_events: Sequence[tuple[datetime, str]] = (),
                     corrections: Sequence[Correction] = ()) -> list[TimelineEntry]:
    """Everything that happened in one list, newest first. ``closing_events`` are
    ``(when, "close" | "reopen")`` from the audit log; the current closing comes from the file.
    A corrected entry says so in its title and carries its earlier wordings."""
    names = {p.id: p.full_name for p in file.persons}
    out: list[TimelineEntry] = []
    for inc in file.incidents:
        forms = ", ".join(VIOLENCE_FORMS[f.value] for f in inc.forms)
        facts = [SEVERITIES[inc.severity.value]]
        if inc.children_present:
            facts.append("kinderen aanwezig")
        if inc.police_report:
            facts.append("aangifte gedaan")
        elif inc.police_involved:
            facts.append("politie betrokken")
        who = []
        if inc.victim_ids:
            who.append("slachtoffer: " + ", ".join(names.get(i, "?") for i in inc.victim_ids))
        if inc.perpetrator_ids:
            who.append("pleger: " + ", ".join(names.get(i, "?") for i in inc.perpetrator_ids))
        out.append(TimelineEntry(_day(inc.occurred_on), KIND_INCIDENT,
                                 f"Incident: {forms} ({'; '.join(facts)})", "; ".join(who),
                                 inc.description,
                                 serious=inc.severity.value != "licht" or inc.police_report,
                                 ref=("incident", inc.id)))
    for j in file.journal:
        at = local_naive(j.occurred_at)
        out.append(TimelineEntry(at, KIND_CONTACT, JOURNAL_KINDS[j.kind.value], j.author, j.text,
                                 has_time=True, ref=("journal_entry", j.id)))
    for ph in file.phase_history:
        if ph.from_phase is None:
            title = f"Start traject in fase {PHASES[ph.to_phase.value]}"
        else:
            title = f"Fase: {PHASES[ph.from_phase.value]} → {PHASES[ph.to_phase.value]}"
        out.append(TimelineEntry(_day(ph.changed_on), KIND_PHASE, title, ph.author, ph.reason,
                                 ref=("phase_change", ph.id)))
    for inv in file.involvements:
        if not inv.is_regisseur:
            continue
        pro = file.professional(inv.professional_id)
        name = f"{pro.name} ({pro.organisation})" if pro else "?"
        out.append(TimelineEntry(_day(inv.start), KIND_REGIE, f"Regisseur: {name}", "", ""))
        if inv.end:
            out.append(TimelineEntry(_day(inv.end), KIND_REGIE, f"Regie beëindigd: {name}", "",
                                     inv.end_reason, ref=("involvement", inv.id)))
    h = file.household
    closes = sorted((local_naive(at), what) for at, what in closing_events)
    current_close = h.closed_on is not None
    for n, (at, what) in enumerate(closes):
        if what == "reopen":
            out.append(TimelineEntry(at, KIND_CLOSING, "Heropend", "", "", has_time=True))
        elif not (current_close and n == len(closes) - 1):
            out.append(TimelineEntry(at, KIND_CLOSING, "Afgesloten", "", "", has_time=True))
    if h.closed_on is not None:
        out.append(TimelineEntry(_day(h.closed_on), KIND_CLOSING, "Afgesloten", "",
                                 h.closing_reason))
    out.sort(key=lambda e: e.at, reverse=True)
    return with_corrections(out, corrections, names) if corrections else out


class TimelineModel(_Table):
    COL_DATE, COL_KIND, COL_TITLE, COL_WHO, COL_DETAIL = range(5)
    HEADERS = ("Datum", "Soort", "Wat", "Wie", "Toelichting")
    DETAIL_FIELDS = {KIND_INCIDENT: "incident", KIND_CONTACT: "journal.text",
                     KIND_PHASE: "phase.reason", KIND_REGIE: "involvement.end_reason",
                     KIND_CLOSING: "household.closing_reason"}
    KIND_ROLE = Qt.ItemDataRole.UserRole + 3
    COLOURS = {KIND_INCIDENT: colors.TIMELINE_ROWS["incident"],  # (background, text)
               KIND_PHASE: colors.TIMELINE_ROWS["phase"], KIND_REGIE: colors.TIMELINE_ROWS["regie"],
               KIND_CLOSING: colors.TIMELINE_ROWS["closing"]}

    def set_rows(self, entries: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self.rows = list(entries)
        self.endResetModel()

    def cell(self, e: TimelineEntry, col: int) -> str:
        if col == self.COL_DATE:
            return e.at.strftime("%d-%m-%Y %H:%M") if e.has_time else e.at.strftime("%d-%m-%Y")
        if col == self.COL_KIND:
            return self.tr(KIND_LABELS[e.kind])
        if col == self.COL_TITLE:
            return e.title
        if col == self.COL_WHO:
            return e.who
        if col == self.COL_DETAIL:
            return " ".join(e.detail.split())
        return ""

    def field(self, row: TimelineEntry, col: int) -> str | None:
        if row.kind == KIND_INCIDENT:
            return "incident"  # every column: the filter leaves the row out in the mode anyway
        return self.DETAIL_FIELDS[row.kind] if col == self.COL_DETAIL else None

    def detail(self, e: TimelineEntry) -> str:
        """The whole free text of an entry, as the detail pane may show it now."""
        return home_visit.shown(self.DETAIL_FIELDS[e.kind], e.detail, self.privacy)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == self.KIND_ROLE:
            return self.rows[index.row()].kind
        return super().data(index, role)

    def style(self, e: TimelineEntry, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and e.kind in self.COLOURS:
            return QBrush(QColor(self.COLOURS[e.kind][0]))
        if role == Qt.ItemDataRole.ForegroundRole and e.kind in self.COLOURS:
            return QBrush(QColor(self.COLOURS[e.kind][1]))  # tint and text go together
        if role == Qt.ItemDataRole.FontRole and e.serious and col == self.COL_TITLE:
            font = QFont()
            font.setBold(True)
            return font
        return None


class TimelineFilter(QSortFilterProxyModel):
    """Shows only the kinds that are switched on; never an incident in huisbezoekmodus."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kinds = set(KIND_LABELS)
        self.privacy = False
        self.matches: set[tuple[str, int]] | None = None  # a search: only these entries

    def set_kind(self, kind: str, on: bool) -> None:
        with refiltering(self):
            (self.kinds.add if on else self.kinds.discard)(kind)

    def set_privacy(self, on: bool) -> None:
        if on != self.privacy:
            with refiltering(self):
                self.privacy = on

    def set_matches(self, refs: set[tuple[str, int]] | None) -> None:
        """Show only the entries a search found (None: no search)."""
        with refiltering(self):
            self.matches = refs

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, TimelineModel)
        entry = model.rows[source_row]
        if entry.kind == KIND_INCIDENT and home_visit.hides("incident", self.privacy):
            return False
        if self.matches is not None and entry.ref not in self.matches:
            return False
        return entry.kind in self.kinds


def with_corrections(entries: list[TimelineEntry], corrections: Sequence[Correction],
                     names: dict[int, str]) -> list[TimelineEntry]:
    """Each corrected entry says so in its title and carries its earlier wordings."""
    by_ref: dict[tuple[str, int], list[Correction]] = {}
    for c in corrections:
        by_ref.setdefault((c.kind.value, c.object_id), []).append(c)
    out = []
    for e in entries:
        found = by_ref.get(e.ref) if e.ref else None
        out.append(replace(e, title=f"{e.title} (gecorrigeerd)",
                           corrections=tuple(history(found, names))) if found else e)
    return out
