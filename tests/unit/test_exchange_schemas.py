"""The shipped JSON Schemas: well-formed, closed (additionalProperties false everywhere),
the examples fit them, and the team→VT kinds carry only allowed data (P1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from wijkteam_desk.exchange.canonical import iter_keys
from wijkteam_desk.exchange.examples import (
    example_melding,
    example_overdracht,
    example_terugkoppeling,
)
from wijkteam_desk.exchange.schemas import KINDS, MANIFEST, default_schema_dir, schema_set

SCHEMA_NAMES = (MANIFEST, *KINDS)


def load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (default_schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    )
    return schema


def object_schemas(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "object" or "properties" in item:
                yield item
            # An "if" subschema is a condition on the object, not a description of one.
            stack.extend(value for key, value in item.items() if key != "if")
        elif isinstance(item, list):
            stack.extend(item)


def test_schema_folder_is_the_repository_resources() -> None:
    assert default_schema_dir() == Path(__file__).resolve().parents[2] / "resources" / "schemas"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_draft_2020_12_and_closed(name: str) -> None:
    schema = load(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    objects = list(object_schemas(schema))
    assert objects
    for node in objects:
        assert node.get("type") == "object" and node.get("additionalProperties") is False, node


@pytest.mark.parametrize(
    ("kind", "example"),
    [
        ("overdracht", example_overdracht()),
        ("terugkoppeling", example_terugkoppeling()),
        ("melding", example_melding()),
    ],
)
def test_examples_are_valid(kind: str, example: dict[str, Any]) -> None:
    assert schema_set().problems(kind, example) == []


def test_terugkoppeling_carries_no_address_name_or_phone_of_the_family() -> None:
    keys = set(iter_keys(load("terugkoppeling")["$defs"])) | set(
        load("terugkoppeling")["properties"]
    )
    forbidden = {
        "address",
        "street",
        "postcode",
        "secret_address",
        "given_names",
        "family_name",
        "birth_date",
    }
    assert not keys & forbidden


def test_terugkoppeling_allow_list() -> None:
    payload = example_terugkoppeling()
    allowed = {
        "vt_case_number",
        "reported_on",
        "status",
        "phase",
        "regisseur",
        "plan_summary",
        "monitoring",
        "name",
        "organisation",
        "phone",
        "moment",
        "due_date",
        "held_on",
        "conditions",
        "condition_id",
        "incidents_since",
        "safety_scores",
        "person_id",
        "score",
        "help_in_place",
        "durably_safe",
        "outcome",
    }
    assert set(iter_keys(payload)) <= allowed
    payload["monitoring"][0]["secret_address"] = True
    assert schema_set().problems("terugkoppeling", payload) == [
        "$.monitoring[0]: additionalProperties"
    ]


def melding_with_address(**extra: Any) -> dict[str, Any]:
    payload = example_melding()
    payload["persons"][0]["address"] = {
        "street": "Schuilplaats",
        "house_number": "1",
        "postcode": "9998 YY",
        "city": "Voorbeeldstad",
    }
    payload["persons"][0].update(extra)
    return payload


def test_melding_secret_address_needs_a_stated_reason() -> None:
    check = schema_set().problems
    assert check("melding", melding_with_address()) != []  # the flag itself is required
    assert check("melding", melding_with_address(secret_address=False)) == []
    assert check("melding", melding_with_address(secret_address=True)) != []
    reason = "Politie vraagt VT om direct contact met de opvang."
    assert (
        check("melding", melding_with_address(secret_address=True, secret_address_reason=reason))
        == []
    )


def test_melding_not_informing_the_client_needs_a_reason() -> None:
    payload = example_melding()
    payload["client_informed"] = False
    assert schema_set().problems("melding", payload) != []
    payload["not_informed_reason"] = "Informeren brengt het slachtoffer in gevaar."
    assert schema_set().problems("melding", payload) == []


def test_formats_are_checked() -> None:
    payload = example_overdracht()
    payload["handover_date"] = "2025-02-30"
    assert schema_set().problems("overdracht", payload) == ["$.handover_date: format"]
