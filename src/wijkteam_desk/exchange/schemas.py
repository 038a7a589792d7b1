"""JSON Schemas (draft 2020-12) of the manifest and of each package kind, shipped in
``resources/schemas/<name>.schema.json`` and documented in ``docs/exchange-format.md``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons
from wijkteam_desk.resources import resource_path

OVERDRACHT = "overdracht"
TERUGKOPPELING = "terugkoppeling"
MELDING = "melding"
ONTVANGSTBEVESTIGING = "ontvangstbevestiging"
SLEUTELWISSEL = "sleutelwissel"  # format 1.1: a key change, signed by the key it replaces
KINDS: tuple[str, ...] = (OVERDRACHT, TERUGKOPPELING, MELDING, ONTVANGSTBEVESTIGING,
                          SLEUTELWISSEL)
MANIFEST = "manifest"


def default_schema_dir() -> Path:
    """``resources/schemas``, wherever the app's resources live (checkout, bundle, wheel)."""
    return resource_path("schemas")


class SchemaSet:
    """The validators for one schema folder, loaded once."""

    def __init__(self, schema_dir: Path | None = None) -> None:
        folder = schema_dir or default_schema_dir()
        self._validators: dict[str, Draft202012Validator] = {}
        for name in (MANIFEST, *KINDS):
            schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            self._validators[name] = Draft202012Validator(
                schema, format_checker=Draft202012Validator.FORMAT_CHECKER
            )

    def problems(self, name: str, instance: Any) -> list[str]:
        """Where ``instance`` breaks schema ``name``: JSON paths and the failing keyword only.
        jsonschema's own messages quote the offending value, which may be personal data."""
        found = []
        for error in self._validators[name].iter_errors(instance):
            found.append(f"{error.json_path}: {error.validator}")
        return sorted(found)

    def check(self, name: str, instance: Any) -> None:
        """``RejectedInput(schema_invalid)`` listing the problems (paths only) in ``facts``."""
        problems = self.problems(name, instance)
        if problems:
            raise RejectedInput(
                reasons.SCHEMA_INVALID,
                f"{name} does not match its schema",
                schema=name,
                problems=problems[:20],
            )


@lru_cache(maxsize=4)
def schema_set(schema_dir: Path | None = None) -> SchemaSet:
    """Shared, cached ``SchemaSet``: the schemas never change while the app runs."""
    return SchemaSet(schema_dir)
