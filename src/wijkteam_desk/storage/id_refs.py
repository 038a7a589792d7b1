"""Where the id of one row is written inside another row without a foreign key.

Foreign keys are found in the schema itself. These are the other places: integer columns that
name a row of another table, and text columns (comma-separated lists, JSON documents) that hold
ids. ``storage/renumber.py`` moves a vault's ids into its team block and must change every one of
them; a test fills every feature with demo data and fails on a JSON or list column that is not
listed here (``TEXT_REFS`` or ``TEXT_WITHOUT_IDS``), so a new column is a decision, not a leak.

Each text transform takes the stored text and a function old id -> new id, and returns the new
text; a value it does not understand is returned unchanged (never lose data over an id)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

IdMap = Callable[[int], int]

# Integer columns without a foreign key that hold the id of a row (table, column).
INT_REFS: frozenset[tuple[str, str]] = frozenset({
    ("condition_review", "monitoring_id"),  # monitoring_moment.id
    ("safety_score", "monitoring_id"),  # monitoring_moment.id
    ("import_conflict", "object_id"),  # person.id or safety_condition.id (object_type says)
    ("exchange_package", "household_id"),  # the exchange log's household
    ("record_correction", "object_id"),  # journal_entry, incident or checklist_run (object_type)
    ("record_withdrawal", "object_id"),  # the id the withdrawn journal_entry or incident had
    ("team_household", "household_id"),  # the team's knowledge of a household (no FK)
    ("team_review", "household_id"),  # a late change kept for review (no FK)
    ("team_notice", "household_id"),  # a takeover notice we wrote (no FK)
})


def _csv(value: str, f: IdMap) -> str:
    if not value:
        return value
    parts = value.split(",")
    if not all(p.strip().isdigit() for p in parts):
        return value
    return ",".join(str(f(int(p))) for p in parts)


def _json(value: str, change: Callable[[Any, IdMap], Any], f: IdMap) -> str:
    try:
        doc = json.loads(value)
    except (TypeError, ValueError):
        return value
    return json.dumps(change(doc, f), ensure_ascii=False, sort_keys=True)


def _int(value: Any, f: IdMap) -> Any:
    return f(value) if isinstance(value, int) and not isinstance(value, bool) else value


_PARTY_KINDS = ("member", "network", "professional")


def _plan(doc: Any, f: IdMap) -> Any:
    """A safety-plan version (domain/safety_plan_json.py): its own id, the household, the
    conditions, and every party (household member, network member, professional) it names."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            if out.get("kind") in _PARTY_KINDS and "id" in out and "name" in out:
                out["id"] = _int(out["id"], f)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    if not isinstance(doc, dict):
        return doc
    out = walk(doc)
    for key in ("id", "household_id"):
        if key in out:
            out[key] = _int(out[key], f)
    if isinstance(out.get("condition_ids"), list):
        out["condition_ids"] = [_int(i, f) for i in out["condition_ids"]]
    return out


def _keys(mapping: Any, f: IdMap) -> Any:
    if not isinstance(mapping, dict):
        return mapping
    return {(str(f(int(k))) if str(k).isdigit() else k): v for k, v in mapping.items()}


# Per key of a monitoring form (services/monitoring.py clean_answers): what its keys or items are.
_FORM_KEYED = ("conditions", "goals", "incidents", "scores", "children", "durably_safe")


def _monitoring(doc: Any, f: IdMap) -> Any:
    """A monitoring form: answers keyed by condition, plan goal, incident and person ids; the
    help still in place as involvement ids; a melding prepared from it names its household and
    moment."""
    if not isinstance(doc, dict):
        return doc
    out = dict(doc)
    answers = out.get("answers")
    if isinstance(answers, dict):
        answers = dict(answers)
        for key in _FORM_KEYED:
            if key in answers:
                answers[key] = _keys(answers[key], f)
        if isinstance(answers.get("help_in_place"), list):
            answers["help_in_place"] = [_int(i, f) for i in answers["help_in_place"]]
        out["answers"] = answers
    melding = out.get("melding")
    if isinstance(melding, dict):
        out["melding"] = {k: (_int(v, f) if k in ("household_id", "moment_id") else v)
                          for k, v in melding.items()}
    return out


def _corrected(doc: Any, f: IdMap) -> Any:
    """A correction's old or new values (storage/repo_record.py): only an incident's victims and
    perpetrators are ids (person ids, as JSON lists); checklist answers are keyed by item ids."""
    if not isinstance(doc, dict):
        return doc
    return {k: ([_int(i, f) for i in v] if k in ("victim_ids", "perpetrator_ids")
                and isinstance(v, list) else v) for k, v in doc.items()}


def _withdrawn(doc: Any, f: IdMap) -> Any:
    """A withdrawn row, whole: its own id, its household, and an incident's person lists (the
    comma-separated text the incident table keeps)."""
    if not isinstance(doc, dict):
        return doc
    out = dict(doc)
    for key in ("id", "household_id"):
        if key in out:
            out[key] = _int(out[key], f)
    for key in ("victim_ids", "perpetrator_ids"):
        if isinstance(out.get(key), str):
            out[key] = _csv(out[key], f)
    return out


TEXT_REFS: dict[tuple[str, str], Callable[[str, IdMap], str]] = {
    ("incident", "victim_ids"): _csv,
    ("incident", "perpetrator_ids"): _csv,
    ("safety_plan", "document"): lambda v, f: _json(v, _plan, f),
    ("monitoring_moment", "document"): lambda v, f: _json(v, _monitoring, f),
    ("record_correction", "old_values"): lambda v, f: _json(v, _corrected, f),
    ("record_correction", "new_values"): lambda v, f: _json(v, _corrected, f),
    ("record_withdrawal", "snapshot"): lambda v, f: _json(v, _withdrawn, f),
}

# JSON or list columns that hold no row ids (checked against demo data by the test).
TEXT_WITHOUT_IDS: frozenset[tuple[str, str]] = frozenset({
    ("checklist_run", "document"),  # answers keyed by template item ids; boolean facts
    ("safety_condition", "goal_ids"),  # goal ids inside the safety plan's document (strings)
    ("person", "import_snapshot"),  # the values VT sent last time
    ("safety_condition", "import_snapshot"),
    ("import_conflict", "local_value"),
    ("import_conflict", "incoming_value"),
    ("incident", "forms"),  # forms of violence
    ("exchange_key", "secret"),  # key material
    ("meta", "value"),  # vault facts (its id, team, region, id block)
    ("caseload_entry", "facts"),  # recomputed after a renumber
    ("agenda_entry", "items"),  # Vandaag's ids of the household's rows: recomputed likewise
})
