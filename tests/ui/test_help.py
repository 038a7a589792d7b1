"""Help → Handleiding: the table of contents' links scroll to their section, and screenshots fit
the window without sideways scrolling."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl

from wijkteam_desk.resources import manual_path
from wijkteam_desk.ui.help import ManualDialog, heading_slug

from .driving import drive_until


def test_contents_links_go_to_their_sections(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    browser = dialog.browser
    path = manual_path()
    assert path is not None
    contents = re.findall(r"^\d+\. \[[^\]]+\]\(#([^)]+)\)", path.read_text("utf-8"), re.M)
    links = contents
    assert len(links) >= 10
    positions = []
    for anchor in links:
        assert browser.follow(QUrl(f"#{anchor}")), anchor
        positions.append(browser.verticalScrollBar().value())
    assert positions == sorted(positions) and positions[-1] > positions[0]
    assert not browser.follow(QUrl("#bestaat-niet"))


def test_screenshots_fit_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    drive_until(lambda: dialog.browser.document().size().height() > 1000)
    assert dialog.browser.horizontalScrollBar().maximum() == 0


def test_heading_slug_matches_github() -> None:
    assert heading_slug("Zicht op veiligheid: checklists en de veiligheidsschaal") == \
        "zicht-op-veiligheid-checklists-en-de-veiligheidsschaal"
    assert heading_slug("Reservekopieën") == "reservekopieën"


def test_every_audit_action_in_the_code_has_a_dutch_label() -> None:
    from pathlib import Path

    from wijkteam_desk.ui.models.audit import ACTIONS as ACTION_LABELS

    src = Path(__file__).resolve().parents[2] / "src" / "wijkteam_desk"
    actions = set()
    for path in src.rglob("*.py"):
        actions |= set(re.findall(r"audit\(\s*\"([a-z_.]+)\"", path.read_text("utf-8")))
    assert actions and actions <= set(ACTION_LABELS) | {"vault.create"}


def test_enter_in_the_search_searches_and_keeps_the_guide_open(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search.setFocus()
    QTest.keyClicks(dialog.search, "herstelcode")
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    first = dialog.browser.textCursor().position()
    assert dialog.browser.textCursor().selectedText().lower() == "herstelcode"
    QTest.keyClick(dialog.search, Qt.Key.Key_Enter)  # the keypad's Enter: the next place
    assert dialog.isVisible()
    assert dialog.browser.textCursor().position() > first
    assert not dialog.not_found.isVisibleTo(dialog)
    dialog.search.clear()
    QTest.keyClicks(dialog.search, "qwxzy")
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.not_found.isVisibleTo(dialog)
    QTest.keyClick(dialog.search, Qt.Key.Key_Escape)  # Esc still closes it
    assert not dialog.isVisible()


def test_every_screen_names_a_section_of_the_guide() -> None:
    from pathlib import Path

    from wijkteam_desk.ui.help import HELP_ANCHORS

    path = manual_path()
    assert path is not None
    headings = [heading_slug(h) for h in
                re.findall(r"^#{1,4} (.+)$", path.read_text("utf-8"), re.M)]
    for name, anchor in HELP_ANCHORS.items():
        assert headings.count(anchor) == 1, (name, anchor)  # one section, not two
    ui = Path(__file__).resolve().parents[2] / "src" / "wijkteam_desk" / "ui"
    classes = set(re.findall(r"^class (\w+)\(", "\n".join(
        p.read_text("utf-8") for p in ui.rglob("*.py")), re.M))
    assert set(HELP_ANCHORS) <= classes  # a renamed screen must be renamed here too
