"""One voice (B1) in every text a consultant or a family reads (issue 12, items 14–16): the
strings in the source (messages, labels, printouts; not docstrings) and the checklist
templates. A scan of the text itself, so a new screen or message is held to it too."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "wijkteam_desk"
TEMPLATES = ROOT / "resources" / "checklists"


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            found.add(id(node.body[0].value))
    return found


def source_strings() -> Iterator[tuple[str, str]]:
    """(where, text) for every string literal in the package that is not a docstring."""
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in docs:
                yield f"{path.relative_to(SOURCE)}:{node.lineno}", node.value


def template_strings() -> Iterator[tuple[str, str]]:
    def walk(value: object) -> Iterator[str]:
        if isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)
        elif isinstance(value, str):
            yield value

    for path in sorted(TEMPLATES.glob("*.json")):
        for text in walk(json.loads(path.read_text(encoding="utf-8"))):
            yield path.name, text


def all_texts() -> list[tuple[str, str]]:
    return [*source_strings(), *template_strings()]


def offenders(pattern: re.Pattern[str]) -> list[str]:
    return [f"{where}: {text[:100]!r}" for where, text in all_texts()
            if pattern.search(re.sub(r"\{[^}]*\}", "", text))]  # not a {placeholder}


# -- item 14: "je", never "u" ------------------------------------------------------------------
FORMAL = re.compile(r"(?<![\w\\.-])(u|U|uw|Uw|uzelf)(?![\w.-])")


def test_the_scan_finds_the_formal_address() -> None:
    assert FORMAL.search("Wilt u iets aanpassen?") and FORMAL.search("Uw afspraken")
    assert FORMAL.search("U beslist zelf.")
    assert not FORMAL.search("Wil je iets aanpassen? Je kunt het nu doen. 09:30 u.")


def test_every_text_says_je_never_u() -> None:
    assert offenders(FORMAL) == []
