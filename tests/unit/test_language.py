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


# -- item 16: real plurals, no shouting, no "geen (geen …)" -----------------------------------
HALF_PLURAL = re.compile(r"\w\((s|en|eren|'s|ten|n|e)\)")
CLUMSY = re.compile(r"laatst: nog nooit|geen \(geen|Nooit gewisseld|\bGEEN\b|\bAANBOD\b")


def test_the_scan_finds_half_plurals() -> None:
    for text in ("1 kind(eren)", "{n} pagina('s)", "3 pakket(ten) klaar", "Slachtoffer(s):"):
        assert HALF_PLURAL.search(text), text
    assert not HALF_PLURAL.search("Eén kind (8 jaar). Vul (zo nodig) in.")


def test_no_text_writes_a_plural_in_brackets() -> None:
    assert offenders(HALF_PLURAL) == []


def test_no_clumsy_or_shouting_text() -> None:
    assert offenders(CLUMSY) == []


def test_plural_says_one_or_many() -> None:
    from wijkteam_desk.texts import plural

    assert plural(1, "kind", "kinderen") == "1 kind"
    assert plural(0, "pakket", "pakketten") == "0 pakketten"
    assert plural(3, "pagina", "pagina's") == "3 pagina's"


def test_warnings_count_children_and_say_never() -> None:
    from wijkteam_desk.domain.case_facts import Warning
    from wijkteam_desk.texts import warning_text

    def text(code: str, **facts: str) -> str:
        return warning_text(Warning(code=code, facts=facts, severity="hoog"))[0]

    assert text("kind_zonder_aanbod", aantal="1", namen="Zoë").startswith("1 kind slachtoffer")
    assert text("kind_zonder_aanbod", aantal="2", namen="Zoë, Bram").startswith(
        "2 kinderen slachtoffer")
    never = text("checklist_achterstallig", checklist="Kindcheck", dagen="90", laatst="nog nooit")
    assert never == "De checklist 'Kindcheck' is nog niet ingevuld. Dat moet elke 90 dagen."
    late = text("checklist_achterstallig", checklist="Kindcheck", dagen="90", laatst="2026-01-02")
    assert "laatst: 02-01-2026" in late


def test_a_late_monitoring_moment_counts_its_days() -> None:
    from wijkteam_desk.domain.case_facts import Warning
    from wijkteam_desk.texts import warning_text

    def late(days: str) -> str:
        return warning_text(Warning("monitoring_achterstallig",
                                    {"datum": "2026-11-01", "dagen": days}))[0]

    assert late("1") == "Monitoringmoment van 01-11-2026 is 1 dag te laat."
    assert late("21") == "Monitoringmoment van 01-11-2026 is 21 dagen te laat."
