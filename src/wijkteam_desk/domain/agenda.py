"""Vandaag: what is due, for one screen to start the day with (issue 13, part 2).

Two kinds of items, from two places:
- *dated* items, whose date is in the case file: the next action (when it has a date), open plan
  agreements with a by-when, the safety-plan evaluation date, checklists started and not
  finished, monitoring moments, VT conditions to review, the one-year closing date. Storage keeps
  them per household in the caseload table (``AgendaFacts``), so Vandaag reads only the
  households with something in its window.
- *derived* items, which need the team's settings and the rules on the day: periodic checklists
  that are due, and households with a signal that needs action (a warning of severity "hoog").
  They are made with the caseload's rows (``derived_items``).

Everything is grouped as *te laat* (before today), *vandaag* and *deze week* (up to the horizon,
seven days by default). A closed household keeps only its monitoring moments (monitoring goes on
after closing); every other item is about an open case."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import NamedTuple

from .case_facts import Warning
from .monitoring import kind_label
from .rules import earliest_closing_date
from .rules_safety import SafetyRuleConfig
from .safety_plan import ReviewStatus

DEFAULT_DAYS = 7
MAX_DAYS = 366
# A VT condition is looked at again six weeks after it was set or last reviewed; two weeks when
# the last review found it not (or only partly) met.
CONDITION_REVIEW_DAYS = 42
CONDITION_REVIEW_DAYS_NOT_MET = 14
# Signals that are not repeated as a signal: Vandaag already lists them as a dated item.
COVERED_SIGNALS = frozenset({"monitoring_achterstallig", "evaluatie_veiligheidsplan",
                             "checklist_achterstallig"})


class DueKind(enum.StrEnum):
    VOLGENDE_ACTIE = "volgende_actie"
    PLANAFSPRAAK = "planafspraak"
    EVALUATIE = "evaluatie_veiligheidsplan"
    CHECKLIST = "checklist"  # a periodic checklist is due
    CHECKLIST_ONAF = "checklist_onaf"  # started and not finished
    MONITORING = "monitoring"
    VOORWAARDE = "voorwaarde"
    EINDDATUM = "einddatum"
    SIGNAAL = "signaal"


class DueBucket(enum.StrEnum):
    TE_LAAT = "te_laat"
    VANDAAG = "vandaag"
    DEZE_WEEK = "deze_week"


class FileTab(enum.StrEnum):
    """The part of the household file a line opens."""

    OVERZICHT = "overzicht"
    PLAN = "plan"
    MONITORING = "monitoring"
    ZICHT = "zicht_op_veiligheid"
    VEILIGHEIDSPLAN = "veiligheidsplan"


TABS = {DueKind.VOLGENDE_ACTIE: FileTab.OVERZICHT, DueKind.PLANAFSPRAAK: FileTab.PLAN,
        DueKind.EVALUATIE: FileTab.VEILIGHEIDSPLAN, DueKind.CHECKLIST: FileTab.ZICHT,
        DueKind.CHECKLIST_ONAF: FileTab.ZICHT, DueKind.MONITORING: FileTab.MONITORING,
        DueKind.VOORWAARDE: FileTab.VEILIGHEIDSPLAN, DueKind.EINDDATUM: FileTab.OVERZICHT,
        DueKind.SIGNAAL: FileTab.OVERZICHT}
_ORDER = {kind: n for n, kind in enumerate(DueKind)}


# Lines and the records they are made of are named tuples, not dataclasses: with thousands of
# households a day holds tens of thousands of them, and a tuple is made several times faster.
NO_FACTS: Mapping[str, str] = MappingProxyType({})


class DueItem(NamedTuple):
    """One line of Vandaag. ``what`` is the item's own words (an agreement, a checklist's
    title, a condition; a warning's code for a signal), ``ref`` the id of what it is about
    (moment, plan action, checklist run, condition; the template id of a periodic checklist)."""

    household_id: int
    household: str
    kind: DueKind
    due_on: date
    what: str = ""
    who: str = ""
    ref: int | str | None = None
    facts: Mapping[str, str] = NO_FACTS

    @property
    def tab(self) -> FileTab:
        return TABS[self.kind]

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due_on).days)


# -- what storage keeps per household ------------------------------------------------------------
class PlanDue(NamedTuple):
    action_id: int
    what: str
    who: str
    due: date


class OpenRun(NamedTuple):
    run_id: int
    template_id: str
    started_on: date


class MomentDue(NamedTuple):
    moment_id: int
    due: date
    offset_months: int | None
    purpose: str = ""


class ConditionDue(NamedTuple):
    condition_id: int
    text: str
    last_on: date  # the last review, or the day VT set the condition
    last_status: str = ""  # ReviewStatus of the last review; '' when never reviewed

    @property
    def review_on(self) -> date:
        not_met = self.last_status in (ReviewStatus.NIET.value, ReviewStatus.DEELS.value)
        days = CONDITION_REVIEW_DAYS_NOT_MET if not_met else CONDITION_REVIEW_DAYS
        return self.last_on + timedelta(days=days)


@dataclass(frozen=True)
class AgendaFacts:
    """What one household has that can fall due, as storage keeps it (dates hold on any day)."""

    household_id: int
    household: str
    open: bool
    next_action: str = ""
    next_action_on: date | None = None
    next_action_by: str = ""
    actions: tuple[PlanDue, ...] = ()
    runs: tuple[OpenRun, ...] = ()
    moments: tuple[MomentDue, ...] = ()
    conditions: tuple[ConditionDue, ...] = ()
    evaluation_on: date | None = None
    last_incident: date | None = None

    @property
    def closing_on(self) -> date | None:
        """An open case's earliest regular closing date (rule 4); None for a closed one."""
        return earliest_closing_date(self.last_incident) if self.open else None


def earliest_due(f: AgendaFacts) -> date | None:
    """The first date anything of ``dated_items`` falls due, the closing date aside (that one
    only matters while it is ahead). Storage indexes it, so Vandaag reads only households with
    ``earliest_due <= horizon``; it must agree with ``dated_items``."""
    dates = [m.due for m in f.moments]
    if f.open:
        if f.next_action_on is not None and f.next_action.strip():
            dates.append(f.next_action_on)
        dates += [a.due for a in f.actions]
        dates += [r.started_on for r in f.runs]
        dates += [c.review_on for c in f.conditions]
        if f.evaluation_on is not None:
            dates.append(f.evaluation_on)
    return min(dates, default=None)


def dated_items(f: AgendaFacts, template_titles: Mapping[str, str] | None = None
                ) -> list[DueItem]:
    """Every dated item of one household, whatever its date (``window`` picks the day's)."""
    titles = template_titles or {}
    hid, name = f.household_id, f.household
    items = [DueItem(hid, name, DueKind.MONITORING, m.due, kind_label(m.offset_months, m.purpose),
                     ref=m.moment_id) for m in f.moments]
    if not f.open:
        return items
    if f.next_action_on is not None and f.next_action.strip():
        items.append(DueItem(hid, name, DueKind.VOLGENDE_ACTIE, f.next_action_on, f.next_action,
                             f.next_action_by))
    items += [DueItem(hid, name, DueKind.PLANAFSPRAAK, a.due, a.what, a.who, a.action_id)
              for a in f.actions]
    items += [DueItem(hid, name, DueKind.CHECKLIST_ONAF, r.started_on,
                      titles.get(r.template_id, r.template_id), ref=r.run_id) for r in f.runs]
    items += [DueItem(hid, name, DueKind.VOORWAARDE, c.review_on, c.text, ref=c.condition_id,
                      facts={"laatst": c.last_on.isoformat(), "status": c.last_status})
              for c in f.conditions]
    if f.evaluation_on is not None:
        items.append(DueItem(hid, name, DueKind.EVALUATIE, f.evaluation_on))
    if f.closing_on is not None:
        items.append(DueItem(hid, name, DueKind.EINDDATUM, f.closing_on,
                             facts={"laatste_incident": f.last_incident.isoformat()
                                    if f.last_incident else ""}))
    return items


# -- what the rules and the settings add ---------------------------------------------------------
def derived_items(household_id: int, household: str, open_case: bool, opened_on: date,
                  warnings: Iterable[Warning], extra: Mapping[str, object],
                  config: SafetyRuleConfig, today: date) -> list[DueItem]:
    """Periodic checklists (``config.periodic``, from the settings) by their next due date (the
    day the household was opened when one was never completed: not knowing is the unsafe
    state), and each warning of severity "hoog" as a signal due today. ``extra`` is the
    household's ``CaseFacts.extra``. Nothing for a closed case (its rules are silent too)."""
    if not open_case:
        return []
    done = extra.get("checklists_completed")
    completed: Mapping[str, object] = done if isinstance(done, Mapping) else {}
    items = []
    for p in config.periodic:
        found = completed.get(p.template_id)
        last = found if isinstance(found, date) else None
        # Due on the last day the rule still calls it in time (domain.checklists
        # .checklist_overdue): late from the day after, as the warning says.
        due = last + timedelta(days=p.interval_days) if last else opened_on
        items.append(DueItem(household_id, household, DueKind.CHECKLIST, due, p.title,
                             ref=p.template_id,
                             facts={"laatst": last.isoformat() if last else "",
                                    "dagen": str(p.interval_days)}))
    items += [DueItem(household_id, household, DueKind.SIGNAAL, today, w.code, ref=w.code,
                      facts=dict(w.facts))
              for w in warnings if w.severity == "hoog" and w.code not in COVERED_SIGNALS]
    return items


# -- the day --------------------------------------------------------------------------------------
def bucket_of(item: DueItem, today: date, until: date) -> DueBucket | None:
    """Te laat, vandaag, deze week (up to ``until``), or None: not for this window. A closing
    date is news only while it is ahead; a signal is always for today."""
    if item.kind is DueKind.SIGNAAL:
        return DueBucket.VANDAAG
    if item.due_on < today:
        return None if item.kind is DueKind.EINDDATUM else DueBucket.TE_LAAT
    if item.due_on == today:
        return DueBucket.VANDAAG
    return DueBucket.DEZE_WEEK if item.due_on <= until else None


def horizon(today: date, days: int = DEFAULT_DAYS) -> date:
    return today + timedelta(days=max(0, min(days, MAX_DAYS)))


@dataclass(frozen=True)
class Agenda:
    today: date
    until: date
    groups: Mapping[DueBucket, tuple[DueItem, ...]]

    @property
    def items(self) -> list[DueItem]:
        return [i for b in DueBucket for i in self.groups.get(b, ())]

    def count(self, bucket: DueBucket) -> int:
        return len(self.groups.get(bucket, ()))


def build_agenda(items: Iterable[DueItem], today: date, until: date) -> Agenda:
    """The items in the window, grouped, oldest first within a group (then by household and
    kind, so the same data always reads the same way); signals after today's dated work."""
    groups: dict[DueBucket, list[DueItem]] = {b: [] for b in DueBucket}
    for item in items:
        bucket = bucket_of(item, today, until)
        if bucket is not None:
            groups[bucket].append(item)
    return Agenda(today, until, {
        b: tuple(sorted(found, key=lambda i: (i.kind is DueKind.SIGNAAL, i.due_on,
                                              i.household.casefold(), i.household_id,
                                              _ORDER[i.kind], str(i.ref))))
        for b, found in groups.items()})
