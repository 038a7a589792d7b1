"""Tests that need the policy texts in ../shared skip on a plain clone and fail in CI."""

from __future__ import annotations

import pytest
from tests.support import reference


def test_missing_texts_skip_outside_ci(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reference, "SHARED", tmp_path / "shared")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="reference texts not available"):
        reference.reference_dir("reference", "seeds")


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_missing_texts_fail_in_ci(monkeypatch, tmp_path, value) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reference, "SHARED", tmp_path / "shared")
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="in CI they must be there"):
        reference.reference_dir("reference", "seeds")


def test_present_texts_are_found(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seeds = tmp_path / "shared" / "reference" / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "000_meldcode.txt").write_text("regel\n", encoding="utf-8")
    monkeypatch.setattr(reference, "SHARED", tmp_path / "shared")
    monkeypatch.setenv("CI", "true")
    assert reference.reference_dir("reference", "seeds") == seeds


def test_ci_script_says_it_is_ci() -> None:
    script = (reference.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export CI=true" in script
