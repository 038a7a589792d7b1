"""Dutch words for checklists and the veiligheidsschaal, shared by the screens and the printout."""

from __future__ import annotations

from .domain.checklists import ChecklistTemplate, Problem

ANSWERS = {"ja": "Ja", "deels": "Deels", "nee": "Nee", "nvt": "n.v.t."}

SCORED_BY = {
    "persoon": "de persoon zelf",
    "ouder": "een ouder",
    "kind": "een kind",
    "professional": "de professional",
}


def answer_label(template: ChecklistTemplate, item_id: str, value: str) -> str:
    """How an answer reads: ja/deels/nee/n.v.t., an option's label, or the free text itself."""
    item = template.outcome if template.outcome and template.outcome.id == item_id else \
        template.item(item_id)
    for option in item.options:
        if option.value == value:
            return option.label
    return ANSWERS.get(value, value) if item.allowed else value


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def problem_text(problem: Problem, template: ChecklistTemplate) -> str:
    """One line per thing that blocks completion, naming the question it is about."""
    if problem.item_id and template.outcome and problem.item_id == template.outcome.id:
        item = template.outcome
    elif problem.item_id:
        item = template.item(problem.item_id)
    else:
        item = None
    question = f"'{_short(item.text)}'" if item else ""
    if problem.code == "required_missing":
        return f"Beantwoord de vraag {question}."
    if problem.code == "outcome_missing":
        return f"Kies een besluit bij {question}."
    if problem.code == "deviation_reason_required" and item is not None:
        rule = next((r for r in item.requires_reason_when if r.code == problem.rule), None)
        if rule is not None:
            return rule.prompt
        return f"Je wijkt af van de norm bij {question}. Schrijf op waarom."
    if problem.code == "reason_required":
        return f"Schrijf de reden op bij {question}."
    return f"Nog niet af: {question}"
