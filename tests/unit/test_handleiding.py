"""The user guide (docs/handleiding.md) keeps up with the app: its pictures exist, its table of
contents points at real sections, its shortcut table lists exactly the shortcuts the UI code
defines, and every tab and menu entry the code defines is named somewhere in the guide. The
screens are parsed from the UI source, so a new tab or menu entry without a word in the guide
makes this fail."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "handleiding.md"
UI = ROOT / "src" / "wijkteam_desk" / "ui"

# Qt's standard keys the UI uses, as the guide writes them (Linux/Windows bindings).
STANDARD_KEYS = {
    "HelpContents": "F1",
    "New": "Ctrl+N",
    "Find": "Ctrl+F",
    "Back": "Alt+Pijl links",
}
KEY_LITERAL = re.compile(r'"((?:Ctrl|Alt|Shift|Meta)\+[^"\s]+|F\d{1,2})"')


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _ui_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(UI.rglob("*.py")))


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start: end if end >= 0 else len(text)]


def _slug(title: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    kept = "".join(c for c in title.lower()
                   if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def _label(text: str) -> str:
    """A Qt label as the user reads it: mnemonics and the trailing ellipsis gone."""
    return re.sub(r"&(.)", r"\1", text).rstrip("…").strip()


# -- pictures and contents ---------------------------------------------------------------------
def test_every_picture_in_the_guide_exists(guide: str) -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", guide)
    assert len(images) >= 15
    missing = [i for i in images if not (GUIDE.parent / i).is_file()]
    assert not missing, f"pictures named in the guide but not in docs/: {missing}"


def test_the_table_of_contents_points_at_real_sections(guide: str) -> None:
    entries = re.findall(r"^\d+\. \[([^\]]+)\]\(#([^)]+)\)$", guide, re.MULTILINE)
    assert len(entries) == 14
    headings = re.findall(r"^## (.+)$", guide, re.MULTILINE)
    for title, anchor in entries:
        assert title in headings, f"contents lists '{title}' but there is no such section"
        assert anchor == _slug(title), f"link #{anchor} does not reach '{title}'"
    assert [t for t, _ in entries] == headings, "contents and sections are in a different order"


def test_links_inside_the_guide_reach_a_section(guide: str) -> None:
    anchors = {_slug(h) for h in re.findall(r"^#{2,3} (.+)$", guide, re.MULTILINE)}
    links = re.findall(r"\]\(#([^)]+)\)", guide)
    assert links
    assert not [a for a in links if a not in anchors]


# -- shortcuts ---------------------------------------------------------------------------------
def _guide_keys(guide: str) -> set[str]:
    table = _section(guide, "Sneltoetsen")
    rows = re.findall(r"^\| ([^|]+?) \| [^|]+ \| [^|]+ \|$", table, re.MULTILINE)
    keys: set[str] = set()
    for cell in rows[1:]:  # the header row says "Toets"
        if set(cell) <= set("-"):
            continue
        span = re.fullmatch(r"Ctrl\+(\d) tot en met Ctrl\+(\d)", cell)
        if span:
            keys |= {f"Ctrl+{n}" for n in range(int(span[1]), int(span[2]) + 1)}
        else:
            keys |= set(cell.split(" of "))
    return keys


def _code_keys() -> set[str]:
    """Every shortcut the UI code defines: literal key strings, standard keys, and Ctrl+<n>
    for each household tab (page.py makes those in a loop)."""
    source = _ui_source()
    keys: set[str] = set()
    for literal in KEY_LITERAL.findall(source):
        if "{" not in literal:  # "Ctrl+{n}" and f"Ctrl+{i + 1}" are the tab loop, below
            keys.add(literal)
    for name in re.findall(r"StandardKey\.(\w+)", source):
        assert name in STANDARD_KEYS, f"add QKeySequence.StandardKey.{name} to STANDARD_KEYS"
        keys.add(STANDARD_KEYS[name])
    page = (UI / "household" / "page.py").read_text(encoding="utf-8")
    if 'QKeySequence(f"Ctrl+{i + 1}")' in page:
        keys |= {f"Ctrl+{n}" for n in range(1, len(_household_tabs()) + 1)}
    return keys


def test_the_shortcut_table_lists_only_shortcuts_that_exist(guide: str) -> None:
    unknown = _guide_keys(guide) - _code_keys()
    assert not unknown, f"the guide lists shortcuts the app does not have: {sorted(unknown)}"


def test_every_shortcut_of_the_app_is_in_the_table(guide: str) -> None:
    missing = _code_keys() - _guide_keys(guide)
    assert not missing, f"shortcuts missing from the guide's table: {sorted(missing)}"


def test_the_shortcut_parser_sees_the_shortcuts_everyone_relies_on() -> None:
    assert {"F9", "F12", "Ctrl+Shift+L", "F1", "Ctrl+N", "Ctrl+1"} <= _code_keys()


# -- screens -----------------------------------------------------------------------------------
def _household_tabs() -> list[str]:
    page = (UI / "household" / "page.py").read_text(encoding="utf-8")
    start = page.index("enumerate((")
    block = page[start: page.index(")):", start)]
    return [_label(t.replace("&&", "\0")).replace("\0", "&")
            for t in re.findall(r'self\.tr\("([^"]+)"\)', block)]


def _inner_tabs() -> set[str]:
    """Titles of the tabs inside screens (``addTab(widget, "Title")``), in every UI module."""
    titles: set[str] = set()
    for path in UI.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\.addTab\(", source):
            depth, i = 1, match.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(source[i], 0)
                i += 1
            literals = re.findall(r'"([^"]+)"', source[match.end(): i])
            if literals:
                titles.add(_label(literals[-1]))
    return titles


def _menu_entries() -> set[str]:
    """The menus and their entries: main_window.py, plus ui/menus.py, which adds the entries
    that open a screen of their own (Extra and Help)."""
    entries: set[str] = set()
    main = (UI / "main_window.py").read_text(encoding="utf-8")
    entries |= set(re.findall(r'addMenu\(tr\("([^"]+)"\)\)', main))
    entries |= set(re.findall(r'_action\(\s*tr\("([^"]+)"\)', main))
    entries |= set(re.findall(r'QAction\(tr\("([^"]+)"\)', main))
    menus = (UI / "menus.py").read_text(encoding="utf-8")
    entries |= set(re.findall(r'_entry\(\s*window, menu, window\.tr\("([^"]+)"\)', menus))
    return {_label(e) for e in entries}


def test_the_screen_lists_are_parsed_from_the_code() -> None:
    tabs = _household_tabs()
    assert tabs[:4] == ["Overzicht", "Gezinsleden & netwerk", "Plan", "Tijdlijn"]
    assert {"Veiligheidsplan", "Zicht op veiligheid", "Monitoring", "VT-uitwisseling"} <= set(tabs)
    assert {"Bestand", "Reservekopie maken", "Vergrendelen", "Huisbezoekmodus", "Instellingen",
            "Logboek", "VT-uitwisseling", "Agenda", "Monitoring en cijfers",
            "Handleiding"} <= _menu_entries()
    assert {"Inlezen", "Versturen", "Sleutels", "Checklists", "Veiligheidsschaal"} <= _inner_tabs()


def test_the_guide_names_every_tab_and_menu_entry(guide: str) -> None:
    screens = set(_household_tabs()) | _menu_entries() | _inner_tabs()
    missing = sorted(s for s in screens if s not in guide)
    assert not missing, f"screens the guide does not mention: {missing}"


def test_every_household_tab_has_its_own_place_in_the_guide(guide: str) -> None:
    """Named in the list of tabs, and the number of Ctrl+<n> keys matches the tabs."""
    tabs = _household_tabs()
    intro = _section(guide, "Het dossier van een gezin")
    assert all(f"*{t}*" in intro for t in tabs)
    assert f"Ctrl+{len(tabs)}" in intro
