"""Demo content for the Zicht op veiligheid tab: completed checklists of every template and
veiligheidsschaal scores over time for several persons. Synthetic only (no real data)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from ..domain.checklists import (
    ChecklistRun,
    ChecklistTemplate,
    Facts,
    ItemKind,
    TemplateLibrary,
    complete,
    completion_problems,
    load_library,
    set_answer,
    set_outcome,
    start_run,
    visible_items,
)
from ..domain.safety_scale import ScoredBy
from ..resources import resource_path
from ..storage.uow import SqlUnitOfWork

NOTES = ["Besproken met moeder.", "Samen met de gezinscoach nagelopen.",
         "Vader doet nog niet mee; volgende keer opnieuw vragen.", "Staat in het plan.", ""]
REASONS = ["Besproken in het casusoverleg; iedereen is het eens.",
           "Afgestemd met de gedragswetenschapper.",
           "Na overleg met Veilig Thuis besloten."]
TEXTS = ["Kinderen apart gesproken; zij voelen zich veiliger.", "Afspraken staan in het plan."]


def filled_run(template: ChecklistTemplate, household_id: int, author: str, started: datetime,
               facts: Facts, rng: random.Random, prefer: str = "ja") -> ChecklistRun:
    """A completed run: every shown item answered (mostly ``prefer``), a decision with a reason.
    Answers are given in display order, so items that appear on the way get answered too."""
    run = start_run(template, household_id, author, started)
    for _round in range(4):  # an answer can reveal items; a few passes reach a fixed point
        for item in visible_items(template, facts, run.answers):
            if item.id in run.answers:
                continue
            if item.kind is ItemKind.TEXT:
                run = set_answer(run, template, item.id, rng.choice(TEXTS))
            elif item.kind is ItemKind.DECISION:
                run = set_answer(run, template, item.id, item.allowed[0], rng.choice(REASONS))
            else:
                options = list(item.allowed)
                value = prefer if prefer in options and rng.random() < 0.75 else \
                    rng.choice(options)
                run = set_answer(run, template, item.id, value, rng.choice(NOTES))
    if template.outcome is not None:
        run = set_outcome(run, template, rng.choice(template.outcome.allowed), rng.choice(REASONS))
    for problem in completion_problems(run, template, facts):
        if problem.item_id and problem.item_id in run.answers:  # a norm asks for a reason
            answer = run.answers[problem.item_id]
            run = set_answer(run, template, problem.item_id, answer.value, rng.choice(REASONS))
    return complete(run, template, facts, started + timedelta(minutes=rng.randint(15, 50)))


@cache
def _library() -> TemplateLibrary:
    return load_library(resource_path("checklists"))


def add_safety_demo(uow: SqlUnitOfWork, rng: random.Random, household_id: int, opened: date,
                    persons: list[int]) -> None:
    """A few completed runs of every template since the start, and scores about monthly for the
    victim (by herself and by the professional) and up to two children. ``persons``: victim,
    perpetrator, then the children."""
    library, today = _library(), uow.clock.today()
    span = max(1, (today - opened).days)
    facts = {"has_children": len(persons) > 2, "opschalen_geadviseerd": False}
    for template_id in library.ids():
        template = library.latest(template_id)
        count = rng.randint(2, 3) if template.interval_days else rng.randint(1, 2)
        for _ in range(count):
            day = opened + timedelta(days=rng.randint(0, span))
            started = datetime.combine(day, time(rng.randint(9, 16), 0), UTC)
            used = {k: v for k, v in facts.items() if k in template.facts}
            # Most answers to the consultation questions are "nee": otherwise every demo
            # household would need a consultation and the warning would mean nothing.
            prefer = "nee" if template_id == "verplichte-consultatie-vt" else "ja"
            run = filled_run(template, household_id, uow.actor, started, used, rng, prefer)
            run_id = uow.checklists.add_run(run)
            uow.checklists.save_run(run_id, run)
    scorers = [(persons[0], ScoredBy.PERSOON), (persons[0], ScoredBy.PROFESSIONAL)]
    scorers += [(child, ScoredBy.KIND) for child in persons[2:4]]
    for person, by in scorers:
        level = rng.randint(2, 5)
        day = opened + timedelta(days=rng.randint(0, 14))
        while day <= today:
            note = rng.choice(["", "", "Voelt zich rustiger.", "Spanning thuis."])
            uow.checklists.add_score(household_id, person, day, level, by, note)
            level = max(1, min(10, level + rng.choice([-2, -1, 0, 1, 1, 2, 2])))  # mostly safer
            day += timedelta(days=rng.randint(21, 45))
