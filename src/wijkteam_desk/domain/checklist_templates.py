"""Checklist templates: the versioned data model and its loader.

A template is data, not code: a new checklist or version is a ``<id>.v<version>.json`` file. All
versions stay loadable, because a completed run is always shown with the version it was filled in
with. Everything here is pure except the two explicit loader functions (``load_template``,
``load_library``). Runs (answers, completion) live in ``checklists.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from wijkteam_desk.domain.errors import NotFound, ValidationError

FactValue = bool | int | str | None
Facts = Mapping[str, FactValue]


class ItemKind(StrEnum):
    ANSWER = "answer"  # ja / deels / nee / n.v.t. plus a note
    DECISION = "decision"  # one of fixed options plus a reason (in the note)
    TEXT = "text"  # free text


class AnswerValue(StrEnum):
    JA = "ja"
    DEELS = "deels"
    NEE = "nee"
    NVT = "nvt"


@dataclass(frozen=True)
class Condition:
    """A small declarative test, so visibility and norms live in the data files.

    ``fact``: facts[name] in values; ``item``: the answer to earlier item ``name`` is in values;
    ``at_least``: at least ``count`` of ``parts`` hold (JSON ``all``/``any`` become this);
    ``not``: parts[0] does not hold; ``rule``: the template rule ``name`` holds."""

    op: str
    name: str = ""
    values: frozenset[FactValue] = frozenset()
    count: int = 0
    parts: tuple[Condition, ...] = ()

    def walk(self) -> Iterator[Condition]:
        yield self
        for part in self.parts:
            yield from part.walk()


@dataclass(frozen=True)
class SourceRef:
    seed: str  # "000".."004": the file prefix in reference/seeds
    first: int
    last: int

    def __str__(self) -> str:
        return f"{self.seed}:{self.first}" + (f"-{self.last}" if self.last != self.first else "")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class ReasonRule:
    """Choosing one of ``values`` while ``when`` holds deviates from a norm: write down why."""

    code: str
    when: Condition
    values: frozenset[str]
    prompt: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    kind: ItemKind
    required: bool = True
    when: Condition | None = None
    allowed: tuple[str, ...] = ()  # answer values or option values; empty for free text
    options: tuple[Option, ...] = ()
    reason_required: bool = False
    requires_reason_when: tuple[ReasonRule, ...] = ()
    help: str = ""
    source: tuple[SourceRef, ...] = ()
    external_basis: str = ""  # a basis outside the seeds, said out loud instead of mis-cited


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    when: Condition | None = None


@dataclass(frozen=True)
class Rule:
    """A named derived condition; while it holds the UI shows ``notice`` (e.g. rule 5)."""

    id: str
    when: Condition
    notice: str = ""
    source: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class ChecklistTemplate:
    id: str
    version: int
    title: str
    interval_days: int | None
    description: str
    facts: tuple[str, ...]
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...] = ()
    outcome: Item | None = None
    source: tuple[SourceRef, ...] = ()

    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> Item:
        for item in self.items():
            if item.id == item_id:
                return item
        raise ValidationError("unknown_item", item_id=item_id, template_id=self.id)

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)

    def conditions(self) -> Iterator[Condition]:
        items = self.items() + ((self.outcome,) if self.outcome else ())
        roots = [s.when for s in self.sections] + [i.when for i in items]
        roots += [r.when for r in self.rules] + [
            x.when for i in items for x in i.requires_reason_when
        ]
        for root in roots:
            yield from root.walk() if root else ()


# --- Loading: malformed shapes and broken references both become "template_invalid".

_FILE_NAME = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)\.v(?P<version>[1-9][0-9]*)\.json$")
_SOURCE = re.compile(r"^(?P<seed>[0-9]{3}):(?P<first>[1-9][0-9]*)(?:-(?P<last>[1-9][0-9]*))?$")


def _text(raw: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be text")
    return value


def _sources(raw: Mapping[str, Any]) -> tuple[SourceRef, ...]:
    refs = []
    for text in raw.get("source", []):
        match = _SOURCE.match(text)
        if match is None or int(match["last"] or match["first"]) < int(match["first"]):
            raise ValueError(f"bad citation {text!r}")
        refs.append(
            SourceRef(match["seed"], int(match["first"]), int(match["last"] or match["first"]))
        )
    return tuple(refs)


def _condition(raw: Any) -> Condition:
    if not isinstance(raw, dict):
        raise ValueError(f"bad condition {raw!r}")
    for op in ("fact", "item"):
        if op in raw:
            values = raw["in"] if "in" in raw else [raw.get("equals", True)]
            return Condition(op, _text(raw, op), frozenset(values))
    if "all" in raw or "any" in raw or "at_least" in raw:
        parts = tuple(_condition(p) for p in raw.get("all") or raw.get("any") or raw["of"])
        count = len(parts) if "all" in raw else 1 if "any" in raw else int(raw["at_least"])
        return Condition("at_least", count=count, parts=parts)
    if "not" in raw:
        return Condition("not", parts=(_condition(raw["not"]),))
    if "rule" in raw:
        return Condition("rule", _text(raw, "rule"))
    raise ValueError(f"bad condition {raw!r}")


def _when(raw: Mapping[str, Any]) -> Condition | None:
    return _condition(raw["when"]) if "when" in raw else None


def _item(raw: Mapping[str, Any], kind: ItemKind | None = None) -> Item:
    kind = kind or ItemKind(raw["kind"])
    options = tuple(Option(_text(o, "value"), _text(o, "label")) for o in raw.get("options", []))
    allowed = tuple(o.value for o in options)
    if kind is ItemKind.ANSWER:
        allowed = tuple(AnswerValue(v).value for v in raw.get("answers", list(AnswerValue)))
    if kind is ItemKind.DECISION and len(options) < 2:
        raise ValueError(f"decision {raw['id']!r} needs at least two options")
    reason_rules = tuple(
        ReasonRule(_text(r, "code"), _condition(r["when"]), frozenset(r["values"]), r["prompt"])
        for r in raw.get("requires_reason_when", [])
    )
    return Item(
        id=_text(raw, "id"),
        text=_text(raw, "text"),
        kind=kind,
        required=bool(raw.get("required", True)),
        when=_when(raw),
        allowed=allowed,
        options=options,
        # A professional decision carries its reasoning unless a template explicitly says not.
        reason_required=bool(raw.get("reason_required", kind is ItemKind.DECISION)),
        requires_reason_when=reason_rules,
        help=_text(raw, "help", ""),
        source=_sources(raw),
        external_basis=_text(raw, "external_basis", ""),
    )


def _check_refs(
    template: ChecklistTemplate, condition: Condition | None, known: dict[str, Item]
) -> None:
    for node in condition.walk() if condition else ():
        if node.op == "fact" and node.name not in template.facts:
            raise ValueError(f"fact {node.name!r} is not declared in 'facts'")
        if node.op == "rule":
            rule = next((r for r in template.rules if r.id == node.name), None)
            if rule is None or any(n.op == "rule" for n in rule.when.walk()):
                raise ValueError(f"unknown or nested rule {node.name!r}")
            _check_refs(template, rule.when, known)
        if node.op == "item":
            # Only earlier items: evaluation is one pass in display order; cycles are impossible.
            target = known.get(node.name)
            if target is None or (target.allowed and not node.values <= set(target.allowed)):
                raise ValueError(f"{node.name!r} is not an earlier item with those answers")


def _check(template: ChecklistTemplate) -> None:
    known: dict[str, Item] = {}
    for section in template.sections:
        _check_refs(template, section.when, known)
        for item in section.items:
            if item.id in known:
                raise ValueError(f"duplicate item id {item.id!r}")
            _check_refs(template, item.when, known)
            known[item.id] = item
    for rule in template.rules:
        _check_refs(template, rule.when, known)
    for item in template.items() + ((template.outcome,) if template.outcome else ()):
        for reason_rule in item.requires_reason_when:
            _check_refs(template, reason_rule.when, known)
            if not reason_rule.values <= set(item.allowed):
                raise ValueError(f"item {item.id!r}: reason rule names an unknown option")


def parse_template(raw: Mapping[str, Any]) -> ChecklistTemplate:
    """Build a template from decoded JSON; raises ValueError/KeyError/TypeError if malformed."""
    sections = tuple(
        Section(_text(s, "id"), _text(s, "title"), tuple(_item(i) for i in s["items"]), _when(s))
        for s in raw["sections"]
    )
    template = ChecklistTemplate(
        id=_text(raw, "id"),
        version=int(raw["version"]),
        title=_text(raw, "title"),
        interval_days=None if raw.get("interval_days") is None else int(raw["interval_days"]),
        description=_text(raw, "description", ""),
        facts=tuple(raw.get("facts", [])),
        sections=sections,
        rules=tuple(
            Rule(_text(r, "id"), _condition(r["when"]), _text(r, "notice", ""), _sources(r))
            for r in raw.get("rules", [])
        ),
        outcome=_item(raw["outcome"], ItemKind.DECISION) if raw.get("outcome") else None,
        source=_sources(raw),
    )
    _check(template)
    return template


def load_template(path: Path) -> ChecklistTemplate:
    """Read one ``<id>.v<version>.json`` file; the name must agree with the content."""
    try:
        name = _FILE_NAME.match(path.name)
        if name is None:
            raise ValueError("file name is not <id>.v<version>.json")
        template = parse_template(json.loads(path.read_text(encoding="utf-8")))
        if (template.id, template.version) != (name["id"], int(name["version"])):
            raise ValueError("file name does not match the id and version inside")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError("template_invalid", path=str(path), detail=str(exc)) from exc
    return template


@dataclass(frozen=True)
class TemplateLibrary:
    """Every version of every template: old versions stay, old runs are shown with them."""

    templates: Mapping[tuple[str, int], ChecklistTemplate]

    def get(self, template_id: str, version: int) -> ChecklistTemplate:
        try:
            return self.templates[(template_id, version)]
        except KeyError:
            raise NotFound("checklist_template", template_id=template_id, version=version) from None

    def versions(self, template_id: str) -> tuple[int, ...]:
        return tuple(sorted(v for (i, v) in self.templates if i == template_id))

    def latest(self, template_id: str) -> ChecklistTemplate:
        versions = self.versions(template_id)
        if not versions:
            raise NotFound("checklist_template", template_id=template_id)
        return self.templates[(template_id, versions[-1])]

    def ids(self) -> tuple[str, ...]:
        return tuple(sorted({i for (i, _v) in self.templates}))


def load_library(directory: Path) -> TemplateLibrary:
    """Load every ``*.json`` in ``directory``; one bad file fails the whole load, loudly."""
    templates = {}
    for path in sorted(directory.glob("*.json")):
        template = load_template(path)
        templates[(template.id, template.version)] = template
    return TemplateLibrary(MappingProxyType(templates))
