"""The shipped checklist templates: schema-valid, loadable, and every seed citation real."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from tests.support.reference import reference_dir

from wijkteam_desk.domain.checklists import (
    ChecklistTemplate,
    ItemKind,
    SourceRef,
    load_library,
    load_template,
)
from wijkteam_desk.domain.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "resources" / "checklists"
SCHEMA_PATH = ROOT / "resources" / "schemas" / "checklist-template.schema.json"

TEMPLATE_FILES = sorted(TEMPLATE_DIR.glob("*.json"))
EXPECTED_IDS = {
    "zicht-op-veiligheid",
    "meldcode-afweging",
    "verplichte-consultatie-vt",
    "kindcheck",
}


def _all_sources(template: ChecklistTemplate) -> list[tuple[str, SourceRef]]:
    found = [("template", ref) for ref in template.source]
    items = template.items() + ((template.outcome,) if template.outcome else ())
    found += [(item.id, ref) for item in items for ref in item.source]
    found += [(f"rule {rule.id}", ref) for rule in template.rules for ref in rule.source]
    return found


@pytest.fixture(scope="module")
def seed_lines() -> dict[str, list[str]]:
    # The policy sources live outside the repository, in ../shared: a plain clone skips the
    # citation checks (and says why); CI (CI=true) fails without them.
    seeds = reference_dir("reference", "seeds")
    return {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in seeds.glob("*.txt")}


def test_every_expected_template_ships() -> None:
    library = load_library(TEMPLATE_DIR)
    assert set(library.ids()) == EXPECTED_IDS


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_matches_json_schema(path: Path) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = sorted(
        Draft202012Validator(schema).iter_errors(json.loads(path.read_text(encoding="utf-8"))),
        key=str,
    )
    assert [f"{e.json_path}: {e.message}" for e in errors] == []


def test_schema_rejects_a_bad_citation_and_an_uncited_item() -> None:
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    raw = json.loads((TEMPLATE_DIR / "kindcheck.v1.json").read_text(encoding="utf-8"))
    item = raw["sections"][0]["items"][0]
    item["source"] = ["2:10"]
    assert not validator.is_valid(raw)
    item.pop("source")
    item.pop("external_basis")
    assert not validator.is_valid(raw)


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_every_citation_points_at_text_in_an_existing_seed(
    path: Path, seed_lines: dict[str, list[str]]
) -> None:
    template = load_template(path)
    for where, ref in _all_sources(template):
        assert ref.seed in seed_lines, f"{where}: no seed file {ref.seed}_*.txt for {ref}"
        lines = seed_lines[ref.seed]
        assert 1 <= ref.first <= ref.last <= len(lines), f"{where}: {ref} outside 1-{len(lines)}"
        cited = lines[ref.first - 1 : ref.last]
        # Blank end lines mean the range slid off the text it meant to cite.
        assert cited[0].strip() and cited[-1].strip(), f"{where}: {ref} starts or ends blank"


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_every_item_has_a_seed_citation_or_names_its_outside_basis(path: Path) -> None:
    template = load_template(path)
    for item in template.items():
        assert item.source or item.external_basis, item.id
        assert item.text.strip()
        if item.kind is ItemKind.DECISION:
            assert len(item.options) >= 2


def test_meldcode_step_5_is_two_separate_decisions() -> None:
    template = load_template(TEMPLATE_DIR / "meldcode-afweging.v1.json")
    decisions = [item for item in template.items() if item.kind is ItemKind.DECISION]
    assert [d.id for d in decisions] == ["besluit_melden", "besluit_zelf_hulp"]
    assert any(
        rule.code == "afwijking_meldnorm" and rule.values == {"niet_melden"}
        for rule in decisions[0].requires_reason_when
    )


def test_meldcode_decisions_cite_the_step_5_lines() -> None:
    template = load_template(TEMPLATE_DIR / "meldcode-afweging.v1.json")
    melden = template.item("besluit_melden")
    assert SourceRef("000", 1057, 1059) in melden.source
    assert SourceRef("000", 1083, 1089) in melden.source


def _write(directory: Path, name: str, raw: dict[str, Any]) -> Path:
    path = directory / name
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def _minimal(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": "proef",
        "version": 1,
        "title": "Proef",
        "interval_days": None,
        "facts": ["has_children"],
        "sections": [
            {
                "id": "a",
                "title": "A",
                "items": [
                    {"id": "eerste", "kind": "answer", "text": "Eerste?", "source": ["002:509"]},
                    {"id": "tweede", "kind": "text", "text": "Tweede?", "source": ["002:509"]},
                ],
            }
        ],
    }
    raw.update(changes)
    return raw


def test_loader_accepts_a_minimal_template(tmp_path: Path) -> None:
    template = load_template(_write(tmp_path, "proef.v1.json", _minimal()))
    assert (template.id, template.version, len(template.items())) == ("proef", 1, 2)


@pytest.mark.parametrize("name", ["proef.v2.json", "proef.json", "Proef.v1.json"])
def test_loader_refuses_a_file_name_that_disagrees(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        load_template(_write(tmp_path, name, _minimal()))
    assert caught.value.code == "template_invalid"


def _with_items(*items: dict[str, Any]) -> dict[str, Any]:
    return _minimal(sections=[{"id": "a", "title": "A", "items": list(items)}])


def _with_when(item_index: int, when: dict[str, Any]) -> dict[str, Any]:
    raw = _minimal()
    raw["sections"][0]["items"][item_index]["when"] = when
    return raw


@pytest.mark.parametrize(
    "raw",
    [
        _with_when(1, {"fact": "onbekend_feit"}),  # undeclared fact
        _with_when(0, {"item": "tweede", "equals": "ja"}),  # refers forward
        _with_when(1, {"item": "eerste", "equals": "Ja"}),  # not an allowed answer
        _with_when(1, {"rule": "bestaat_niet"}),
        # the same item id twice
        _with_items(
            {"id": "x", "kind": "answer", "text": "X?"}, {"id": "x", "kind": "text", "text": "Y?"}
        ),
        _with_items(
            {
                "id": "x",
                "kind": "decision",
                "text": "X?",
                "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
                "requires_reason_when": [
                    {"code": "c", "when": {"fact": "has_children"}, "values": ["z"], "prompt": "?"}
                ],
            }
        ),  # a reason rule that names an unknown option
        _with_items({"id": "x", "kind": "answer", "text": "X?", "source": ["002:abc"]}),
        _with_items({"id": "x", "kind": "answer", "text": "X?", "answers": ["misschien"]}),
        _with_items({"id": "x", "kind": "decision", "text": "X?", "options": []}),
    ],
)
def test_loader_refuses_broken_templates(tmp_path: Path, raw: dict[str, Any]) -> None:
    path = _write(tmp_path, "proef.v1.json", raw)
    with pytest.raises(ValidationError) as caught:
        load_template(path)
    assert caught.value.code == "template_invalid"
    assert caught.value.facts["path"] == str(path)


def test_one_broken_file_fails_the_whole_library(tmp_path: Path) -> None:
    _write(tmp_path, "proef.v1.json", _minimal())
    (tmp_path / "kapot.v1.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_library(tmp_path)
