"""The policy texts (``reference/seeds``) live outside the repository, in ``../shared`` next to
the clone. Tests that check citations against them need them: on a plain clone (a developer's
``make test``) they skip and say why; in CI (``CI=true``, set by ``.ci/run``) a missing folder
fails them, so a broken checkout can never pass by skipping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def reference_dir(*parts: str) -> Path:
    """``../shared/<parts>``, or a skip (outside CI) or a failure (in CI) when it is missing."""
    path = SHARED.joinpath(*parts)
    if path.is_dir() and any(path.iterdir()):
        return path
    reason = (f"reference texts not available at {path}: they live in ../shared next to the "
              "clone (the CI checkout has them)")
    if in_ci():
        pytest.fail(f"{reason}; in CI they must be there", pytrace=False)
    pytest.skip(reason)
