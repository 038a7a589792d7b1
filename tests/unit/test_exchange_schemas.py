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


# Format 1.1 (issue 14 item 9): no control characters that reach a terminal, at the schema.
C0_BUT_TAB_NEWLINE = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def _with_name_and_summary(name: str, summary: str) -> dict[str, Any]:
    payload = example_overdracht()
    payload["persons"][0]["given_names"] = name
    payload["summary"] = summary
    return payload


@pytest.mark.parametrize("char", C0_BUT_TAB_NEWLINE + C1 + BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_are_refused_in_names_and_free_text(char: str) -> None:
    problems = schema_set().problems("overdracht", _with_name_and_summary(f"A{char}B", "ok"))
    assert problems == ["$.persons[0].given_names: pattern"]
    problems = schema_set().problems("overdracht", _with_name_and_summary("A", f"x{char}y"))
    assert problems == ["$.summary: pattern"]


def test_tab_and_newline_only_in_free_text() -> None:
    assert schema_set().problems("overdracht", _with_name_and_summary("A", "a\tb\nc")) == []
    for char in ("\t", "\n"):
        assert schema_set().problems("overdracht", _with_name_and_summary(f"A{char}B", "x"))


@pytest.mark.parametrize("text", ["\x7f", "\u2028", "😀 \U0001f1f3\U0001f1f1", "e\u0301", "é", "‏"])
def test_other_characters_are_text(text: str) -> None:
    assert schema_set().problems("overdracht", _with_name_and_summary(f"A{text}", text)) == []


def test_manifest_key_id_as_minisign_prints_it() -> None:
    manifest = {"format_version": 1, "package_id": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                "kind": "overdracht", "sender_key_id": "6553CB0CFE370CB",
                "recipient_key_id": "age1" + "q" * 58, "created_at": "2025-01-01T00:00:00Z",
                "sequence": 1, "payload_sha256": "0" * 64}
    assert schema_set().problems("manifest", manifest) == []
    for bad in ("", "6553cb0cfe370cb2", "16553CB0CFE370CB2", "G553CB0CFE370CB2"):
        assert schema_set().problems("manifest", {**manifest, "sender_key_id": bad})


RECEIPT = {"acknowledged_package_id": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
           "acknowledged_payload_sha256": "a" * 64, "acknowledged_kind": "overdracht",
           "acknowledged_sequence": 3, "received_at": "2025-01-01T00:00:00Z"}


@pytest.mark.parametrize(("receipt", "valid"), [
    (RECEIPT, True),  # format 1.0
    ({**RECEIPT, "outcome": "ingelezen"}, True),
    ({**RECEIPT, "outcome": "ingelezen_met_verschillen", "open_differences": 2}, True),
    ({**RECEIPT, "outcome": "verschillen_opgelost", "open_differences": 0}, True),
    ({**RECEIPT, "outcome": "geweigerd", "reason": "replayed"}, True),
    ({**RECEIPT, "outcome": "geweigerd"}, False),  # a refusal says why
    ({**RECEIPT, "reason": "replayed"}, False),  # a reason only with a refusal
    ({"outcome": "geweigerd", "reason": "bad_signature", "received_file_sha256": "b" * 64,
      "received_at": "2025-01-01T00:00:00Z"}, True),  # could not be identified
    ({"outcome": "ingelezen", "received_file_sha256": "b" * 64,
      "received_at": "2025-01-01T00:00:00Z"}, False),
    ({k: v for k, v in RECEIPT.items() if k != "acknowledged_sequence"}, False),
])
def test_receipt_shapes(receipt: dict[str, Any], valid: bool) -> None:
    assert (schema_set().problems("ontvangstbevestiging", receipt) == []) is valid


def test_key_change_payload() -> None:
    good = {"new_signing_key": "RW" + "A" * 54, "new_encryption_key": "age1" + "q" * 58}
    assert schema_set().problems("sleutelwissel", good) == []
    assert schema_set().problems("sleutelwissel", {**good, "new_signing_key": "RW"})
    assert schema_set().problems("sleutelwissel", {**good, "extra": 1})
