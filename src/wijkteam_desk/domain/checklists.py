"""Checklists (zicht op veiligheid, meldcode-afweging, kindcheck): runs of versioned templates.

The template model and its loader live in ``checklist_templates.py`` and are re-exported here, so
``from wijkteam_desk.domain.checklists import load_library`` keeps working. A completed run is
always shown with the template version it was filled in with. No score is computed from answers:
instruments support the professional's judgement, they are not verdicts (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from types import MappingProxyType

from wijkteam_desk.domain.checklist_templates import (
    AnswerValue,
    ChecklistTemplate,
    Condition,
    Facts,
    FactValue,
    Item,
    ItemKind,
    Option,
    ReasonRule,
    Rule,
    Section,
    SourceRef,
    TemplateLibrary,
    load_library,
    load_template,
    parse_template,
)
from wijkteam_desk.domain.errors import ValidationError

__all__ = [
    "Answer", "AnswerValue", "Answers", "ChecklistRun", "ChecklistTemplate", "Condition",
    "FactValue", "Facts", "Item", "ItemKind", "Option", "Problem", "ReasonRule", "Rule",
    "Section", "SourceRef", "StoredRun", "TemplateLibrary", "active_rules", "answers_from_json",
    "answers_to_json", "checklist_overdue", "clear_answer", "complete", "completion_problems",
    "deviations", "load_library", "load_template", "missing_required", "parse_template",
    "set_answer", "set_outcome", "start_run", "template_for_run", "validate_for_completion",
    "visible_items",
]

Answers = Mapping[str, "Answer"]




@dataclass(frozen=True)
class Answer:
    value: str
    note: str = ""  # for a decision: the reason


@dataclass(frozen=True)
class ChecklistRun:
    template_id: str
    template_version: int
    household_id: int
    author: str
    started_at: datetime
    answers: Answers = field(default_factory=dict)
    outcome: Answer | None = None
    completed_at: datetime | None = None
    # Snapshot at completion: a household's facts change (a child is born), the record must not.
    facts: Mapping[str, FactValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))
        object.__setattr__(self, "facts", MappingProxyType(dict(self.facts)))

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class StoredRun:
    """A run as kept in the vault: its storage id with the run itself."""

    id: int
    run: ChecklistRun


@dataclass(frozen=True)
class Problem:
    code: str
    item_id: str | None = None
    rule: str | None = None


def start_run(
    template: ChecklistTemplate, household_id: int, author: str, now: datetime
) -> ChecklistRun:
    return ChecklistRun(template.id, template.version, household_id, author, started_at=now)


def _editable(run: ChecklistRun, template: ChecklistTemplate) -> None:
    if run.completed:
        raise ValidationError("run_completed", template_id=run.template_id)
    if (run.template_id, run.template_version) != (template.id, template.version):
        raise ValidationError(
            "template_mismatch", template_id=template.id, version=template.version
        )


def _checked(item: Item, value: str, note: str) -> Answer:
    if not value.strip() if item.kind is ItemKind.TEXT else value not in item.allowed:
        raise ValidationError("invalid_answer", item_id=item.id, value=value)
    return Answer(value, note)


def set_answer(
    run: ChecklistRun, template: ChecklistTemplate, item_id: str, value: str, note: str = ""
) -> ChecklistRun:
    """A copy with the answer set. Raises run_completed, template_mismatch, unknown_item or
    invalid_answer (a value the item does not offer, or blank free text)."""
    _editable(run, template)
    answer = _checked(template.item(item_id), value, note)
    return replace(run, answers={**run.answers, item_id: answer})


def clear_answer(run: ChecklistRun, template: ChecklistTemplate, item_id: str) -> ChecklistRun:
    _editable(run, template)
    return replace(run, answers={k: a for k, a in run.answers.items() if k != item_id})


def set_outcome(
    run: ChecklistRun, template: ChecklistTemplate, value: str, reason: str = ""
) -> ChecklistRun:
    """A copy with the closing decision and its reason; raises like ``set_answer``."""
    _editable(run, template)
    if template.outcome is None:
        raise ValidationError("no_outcome", template_id=template.id)
    return replace(run, outcome=_checked(template.outcome, value, reason))


def _holds(cond: Condition, template: ChecklistTemplate, facts: Facts, answers: Answers) -> bool:
    if cond.op == "fact":
        if cond.name not in facts:
            # Guessing could silently hide, e.g., every question about the children.
            raise ValidationError("fact_missing", fact=cond.name, template_id=template.id)
        return facts[cond.name] in cond.values
    if cond.op == "item":
        answer = answers.get(cond.name)
        return answer is not None and answer.value in cond.values
    if cond.op == "at_least":
        return sum(_holds(p, template, facts, answers) for p in cond.parts) >= cond.count
    if cond.op == "not":
        return not _holds(cond.parts[0], template, facts, answers)
    return _holds(template.rule(cond.name).when, template, facts, answers)


def _shown(
    template: ChecklistTemplate, facts: Facts, answers: Answers
) -> tuple[tuple[Item, ...], dict[str, Answer]]:
    # An answer to a hidden item does not count: stale answers must not steer later questions.
    shown: list[Item] = []
    effective: dict[str, Answer] = {}
    for section in template.sections:
        if section.when is None or _holds(section.when, template, facts, effective):
            for item in section.items:
                if item.when is None or _holds(item.when, template, facts, effective):
                    shown.append(item)
                    if item.id in answers:
                        effective[item.id] = answers[item.id]
    return tuple(shown), effective


def visible_items(template: ChecklistTemplate, facts: Facts, answers: Answers) -> tuple[Item, ...]:
    """The items to show, in order. For a completed run pass ``run.facts`` (its snapshot)."""
    return _shown(template, facts, answers)[0]


def missing_required(
    template: ChecklistTemplate, facts: Facts, answers: Answers
) -> tuple[str, ...]:
    return tuple(
        i.id for i in visible_items(template, facts, answers) if i.required and i.id not in answers
    )


def active_rules(template: ChecklistTemplate, facts: Facts, answers: Answers) -> tuple[Rule, ...]:
    """The derived rules that hold now, e.g. "consultatie van Veilig Thuis is verplicht"."""
    effective = _shown(template, facts, answers)[1]
    return tuple(r for r in template.rules if _holds(r.when, template, facts, effective))


def deviations(
    template: ChecklistTemplate,
    facts: Facts,
    answers: Answers,
    outcome: Answer | None = None,
) -> tuple[tuple[str, ReasonRule], ...]:
    """(item id, rule) for each choice that deviates from a norm, for screens and printouts."""
    shown, effective = _shown(template, facts, answers)
    chosen = [(i, effective[i.id]) for i in shown if i.id in effective]
    if template.outcome is not None and outcome is not None:
        chosen.append((template.outcome, outcome))
    return tuple(
        (item.id, rule)
        for item, answer in chosen
        for rule in item.requires_reason_when
        if answer.value in rule.values and _holds(rule.when, template, facts, effective)
    )


def completion_problems(
    run: ChecklistRun, template: ChecklistTemplate, facts: Facts
) -> tuple[Problem, ...]:
    """Everything that blocks completion, in display order, so a screen can show it all at once."""
    problems = [
        Problem("required_missing", i) for i in missing_required(template, facts, run.answers)
    ]
    shown, effective = _shown(template, facts, run.answers)
    decided = [(item, effective.get(item.id)) for item in shown]
    if template.outcome is not None:
        if run.outcome is None and template.outcome.required:
            problems.append(Problem("outcome_missing", template.outcome.id))
        decided.append((template.outcome, run.outcome))
    deviating = dict(deviations(template, facts, run.answers, run.outcome)[::-1])
    for item, answer in decided:
        if answer is None or answer.note.strip():
            continue
        if item.id in deviating:
            problems.append(Problem("deviation_reason_required", item.id, deviating[item.id].code))
        elif item.reason_required:
            problems.append(Problem("reason_required", item.id))
    return tuple(problems)


def validate_for_completion(run: ChecklistRun, template: ChecklistTemplate, facts: Facts) -> None:
    """Raise ValidationError(first code, item_id=, rule=, problems=all) when not complete."""
    _editable(run, template)
    problems = completion_problems(run, template, facts)
    if problems:
        first = problems[0]
        raise ValidationError(first.code, item_id=first.item_id, rule=first.rule, problems=problems)


def complete(
    run: ChecklistRun, template: ChecklistTemplate, facts: Facts, now: datetime
) -> ChecklistRun:
    """Return the completed, read-only run. Answers to items hidden at completion are dropped, so
    the record shows exactly what the professional saw and confirmed."""
    validate_for_completion(run, template, facts)
    if now < run.started_at:
        raise ValidationError("completed_before_started", template_id=run.template_id)
    shown = {item.id for item in visible_items(template, facts, run.answers)}
    used = sorted({c.name for c in template.conditions() if c.op == "fact"})
    return replace(
        run,
        answers={k: a for k, a in run.answers.items() if k in shown},
        completed_at=now,
        facts={name: facts[name] for name in used if name in facts},
    )


def template_for_run(library: TemplateLibrary, run: ChecklistRun) -> ChecklistTemplate:
    """The version the run was filled in with, never simply the latest."""
    return library.get(run.template_id, run.template_version)


def answers_to_json(answers: Answers) -> dict[str, dict[str, str]]:
    return {item_id: {"value": a.value, "note": a.note} for item_id, a in sorted(answers.items())}


def answers_from_json(raw: Mapping[str, Mapping[str, str]]) -> dict[str, Answer]:
    return {item_id: Answer(a["value"], a.get("note", "")) for item_id, a in raw.items()}


def checklist_overdue(last_completed: date | None, interval_days: int | None, today: date) -> bool:
    """A periodic checklist never completed counts as overdue: not knowing is the unsafe state."""
    if interval_days is None:
        return False
    return last_completed is None or today > last_completed + timedelta(days=interval_days)
