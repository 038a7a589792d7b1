"""Use cases of the Zicht op veiligheid tab: checklist runs, the veiligheidsschaal, printing.

A run in progress is stored as the run itself (autosaved: every save is the whole run), so a crash
loses nothing and a half-filled check is visible to colleagues. Completing makes it read-only.
A run is always shown with its own template version. Every change is audited (no free text).

This service also turns the settings the safety rules read into their configuration
(``rule_settings``): ``Settings.extra["consultation_threshold"]`` and
``Settings.extra["checklist_intervals"]``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..checklist_texts import problem_text
from ..domain import rules_safety
from ..domain.case_facts import Warning
from ..domain.checklists import (
    Answer,
    ChecklistRun,
    ChecklistTemplate,
    Facts,
    StoredRun,
    TemplateLibrary,
    complete,
    completion_problems,
    load_library,
    set_answer,
    set_outcome,
    start_run,
    template_for_run,
)
from ..domain.errors import ValidationError
from ..domain.safety_scale import SafetyScore, ScoredBy, check_score
from ..reports.checklist_pdf import checklist_file_name, render_checklist
from ..resources import resource_path
from ..settings import Settings
from ..storage.uow import SqlUnitOfWork
from ..texts import PHASES, SEVERITIES
from .cases import summary_facts
from .plans import Printout

MAX_NOTE = 20_000
MAX_INTERVAL_DAYS = 730


@dataclass(frozen=True)
class RunView:
    """One run with the template version it was filled in with and the facts to evaluate it:
    the snapshot for a completed run, today's household facts for one in progress."""

    id: int
    run: ChecklistRun
    template: ChecklistTemplate
    facts: Facts


@dataclass(frozen=True)
class ScaleData:
    """Everything the veiligheidsschaal plot shows for one household."""

    persons: tuple[tuple[int, str], ...]
    scores: tuple[SafetyScore, ...]
    incidents: tuple[tuple[date, str], ...]
    phases: tuple[tuple[date, str], ...]


def _note(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_NOTE:
        raise ValidationError("too_long", field="toelichting", maximum=MAX_NOTE)
    return text


class ChecklistService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork],
                 settings: Callable[[], Settings] = Settings,
                 templates_dir: Path | None = None) -> None:
        self._uow = uow_factory
        self._settings = settings
        self._dir = templates_dir
        self._library: TemplateLibrary | None = None

    # -- templates and settings -----------------------------------------------------------------
    @property
    def library(self) -> TemplateLibrary:
        if self._library is None:  # loaded on first use: opening a vault stays fast
            self._library = load_library(self._dir or resource_path("checklists"))
        return self._library

    def templates(self) -> list[ChecklistTemplate]:
        """The newest version of every template: what a new run is started with."""
        return [self.library.latest(t) for t in self.library.ids()]

    def _extra(self) -> Mapping[str, object]:
        extra = self._settings().extra
        return extra if isinstance(extra, Mapping) else {}

    def interval_days(self, template_id: str) -> int | None:
        """The template's interval, unless the settings override it for this template."""
        overrides = self._extra().get("checklist_intervals")
        if isinstance(overrides, Mapping):
            value = overrides.get(template_id)
            if isinstance(value, int) and not isinstance(value, bool) and \
                    1 <= value <= MAX_INTERVAL_DAYS:
                return value
        return self.library.latest(template_id).interval_days

    def rule_config(self) -> rules_safety.SafetyRuleConfig:
        threshold = self._extra().get("consultation_threshold")
        if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
            threshold = rules_safety.DEFAULT_CONSULTATION_THRESHOLD
        periodic = []
        for template in self.templates():
            days = self.interval_days(template.id)
            if days:
                periodic.append(rules_safety.PeriodicChecklist(template.id, template.title, days))
        return rules_safety.SafetyRuleConfig(threshold, tuple(periodic))

    def rule_settings(self) -> dict[str, object]:
        """What ``CaseFacts.settings`` carries for the safety rules."""
        return {rules_safety.SETTINGS_KEY: self.rule_config()}

    # -- facts ----------------------------------------------------------------------------------
    def _facts(self, uow: SqlUnitOfWork, household_id: int) -> dict[str, bool]:
        """Household facts the templates may ask about, derived from the file (not typed in)."""
        today = uow.clock.today()
        file = uow.cases.load_file(household_id)
        return {
            "has_children": any(p.is_child_on(today) for p in file.persons),
            "opschalen_geadviseerd": any(
                w.code == "specialistische_regie_geadviseerd"
                for w in self._warnings(uow, household_id)),
        }

    def _warnings(self, uow: SqlUnitOfWork, household_id: int) -> list[Warning]:
        today = uow.clock.today()
        [entry] = uow.caseload.entries(today, household_id, live=True)
        return rules_safety.rule_safety(
            summary_facts(entry.summary, entry.extra, self.rule_settings()), today)

    def notices(self, household_id: int) -> list[Warning]:
        """The safety warnings of this household now (rules 5, 6, 8, 9, overdue), for the tab."""
        with self._uow() as uow:
            return self._warnings(uow, household_id)

    def _view(self, uow: SqlUnitOfWork, stored: StoredRun) -> RunView:
        template = template_for_run(self.library, stored.run)
        if stored.run.completed:
            facts: Facts = dict(stored.run.facts)
        else:
            live = self._facts(uow, stored.run.household_id)
            facts = {k: v for k, v in live.items() if k in template.facts}
        return RunView(stored.id, stored.run, template, facts)

    # -- runs -----------------------------------------------------------------------------------
    def runs(self, household_id: int) -> list[RunView]:
        with self._uow() as uow:
            uow.cases.get_household(household_id)
            return [self._view(uow, s) for s in uow.checklists.runs(household_id)]

    def get(self, run_id: int) -> RunView:
        with self._uow() as uow:
            return self._view(uow, uow.checklists.get_run(run_id))

    def start(self, household_id: int, template_id: str) -> int:
        template = self.library.latest(template_id)
        with self._uow() as uow:
            uow.cases.get_household(household_id)
            run = start_run(template, household_id, uow.actor, uow.clock.now())
            run_id = uow.checklists.add_run(run)
            uow.audit("checklist.start", "checklist_run", run_id, household_id,
                      detail={"template": template.id, "version": template.version})
            uow.commit()
            return run_id

    def _change(self, run_id: int, action: str,
                change: Callable[[ChecklistRun, ChecklistTemplate], ChecklistRun]) -> RunView:
        with self._uow() as uow:
            stored = uow.checklists.get_run(run_id)
            if stored.run.completed:
                raise ValidationError("run_completed", template_id=stored.run.template_id)
            template = template_for_run(self.library, stored.run)
            run = change(stored.run, template)
            uow.checklists.save_run(run_id, run)
            uow.audit(action, "checklist_run", run_id, run.household_id,
                      detail={"template": template.id, "answered": len(run.answers)})
            uow.commit()
            return self._view(uow, StoredRun(run_id, run))

    def save(self, run_id: int, answers: Mapping[str, Answer],
             outcome: Answer | None = None) -> RunView:
        """Autosave: the whole state of a run in progress. Every answer is checked against its
        item; a completed run refuses (``run_completed``)."""

        def apply(run: ChecklistRun, template: ChecklistTemplate) -> ChecklistRun:
            fresh = ChecklistRun(run.template_id, run.template_version, run.household_id,
                                 run.author, run.started_at, completed_at=run.completed_at)
            for item_id, answer in answers.items():
                fresh = set_answer(fresh, template, item_id, answer.value, _note(answer.note))
            if outcome is not None:
                fresh = set_outcome(fresh, template, outcome.value, _note(outcome.note))
            return fresh

        return self._change(run_id, "checklist.save", apply)

    def answer(self, run_id: int, item_id: str, value: str, note: str = "") -> RunView:
        return self._change(run_id, "checklist.answer",
                            lambda r, t: set_answer(r, t, item_id, value, _note(note)))

    def set_outcome(self, run_id: int, value: str, reason: str = "") -> RunView:
        return self._change(run_id, "checklist.outcome",
                            lambda r, t: set_outcome(r, t, value, _note(reason)))

    def problems(self, view: RunView) -> list[str]:
        """What still blocks completion, in Dutch, in display order."""
        if view.run.completed:
            return []
        return [problem_text(p, view.template)
                for p in completion_problems(view.run, view.template, view.facts)]

    def complete(self, run_id: int) -> RunView:
        """Complete the run: read-only from now on. Refused with ``checklist_incomplete`` (the
        number of problems and the first, in Dutch) while anything is missing."""
        with self._uow() as uow:
            view = self._view(uow, uow.checklists.get_run(run_id))
            if view.run.completed:
                raise ValidationError("run_completed", template_id=view.template.id)
            problems = self.problems(view)
            if problems:
                raise ValidationError("checklist_incomplete", aantal=len(problems),
                                      eerste=problems[0], problems=tuple(problems))
            done = complete(view.run, view.template, view.facts, uow.clock.now())
            uow.checklists.save_run(run_id, done)
            uow.audit("checklist.complete", "checklist_run", run_id, done.household_id,
                      detail={"template": done.template_id, "version": done.template_version,
                              "outcome": done.outcome.value if done.outcome else ""})
            uow.commit()
            return RunView(run_id, done, view.template, dict(done.facts))

    def delete(self, run_id: int) -> None:
        """Throw away a run in progress (a check started by mistake). A completed run stays."""
        with self._uow() as uow:
            stored = uow.checklists.get_run(run_id)
            if stored.run.completed:
                raise ValidationError("run_completed", template_id=stored.run.template_id)
            uow.checklists.delete_run(run_id)
            uow.audit("checklist.delete", "checklist_run", run_id, stored.run.household_id,
                      detail={"template": stored.run.template_id})
            uow.commit()

    def print_run(self, run_id: int, purpose: str = "afdrukken") -> Printout:
        """The PDF of a completed run with its own template version. Writes no file; audited
        ``print.checklist``."""
        with self._uow() as uow:
            stored = uow.checklists.get_run(run_id)
            if not stored.run.completed:
                raise ValidationError("run_not_completed")
            template = template_for_run(self.library, stored.run)
            household = uow.cases.get_household(stored.run.household_id)
            data = render_checklist(stored.run, template, household.name)
            uow.audit("print.checklist", "checklist_run", run_id, household.id,
                      detail={"template": template.id, "version": template.version,
                              "purpose": purpose[:40]})
            uow.commit()
            return Printout(data, checklist_file_name(stored.run, run_id))

    # -- veiligheidsschaal ----------------------------------------------------------------------
    def add_score(self, household_id: int, person_id: int, score: int, scored_on: date,
                  scored_by: ScoredBy | str, note: str = "") -> int:
        try:
            by = ScoredBy(scored_by)
        except ValueError:
            raise ValidationError("scored_by_invalid") from None
        note = _note(note)
        with self._uow() as uow:
            check_score(score, scored_on, uow.clock.today())
            if uow.cases.get_person(person_id).household_id != household_id:
                raise ValidationError("person_other_household")
            score_id = uow.checklists.add_score(household_id, person_id, scored_on, score, by,
                                                note)
            uow.audit("safety_score.create", "safety_score", score_id, household_id,
                      detail={"scored_by": by.value})
            uow.commit()
            return score_id

    def scores(self, household_id: int) -> list[SafetyScore]:
        with self._uow() as uow:
            return uow.checklists.scores(household_id)

    def scale(self, household_id: int) -> ScaleData:
        """Scores per person with the incidents and phase changes to mark on the time axis."""
        with self._uow() as uow:
            file = uow.cases.load_file(household_id)
            scores = uow.checklists.scores(household_id)
        return ScaleData(
            tuple((p.id, p.full_name) for p in file.persons),
            tuple(scores),
            tuple((i.occurred_on, f"Incident ({SEVERITIES[i.severity.value]})")
                  for i in file.incidents),
            tuple((c.changed_on, PHASES[c.to_phase.value]) for c in file.phase_history
                  if c.from_phase is not None))
