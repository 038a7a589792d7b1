"""What a look at the vault found: a damaged page, a broken audit chain, changes missing from a
damaged write-ahead log. Codes and facts only (no personal data, no text); the words are in
``wijkteam_desk.texts`` so the command line and the app say the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    code: str
    facts: dict[str, Any] = field(default_factory=dict)
