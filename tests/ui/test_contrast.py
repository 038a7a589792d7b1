"""Contrast (WCAG 2.1): every colour pair the app sets itself reaches 4.5:1 for text and 3:1 for
lines and marks in drawings; all colours live in ui/widgets/colors.py. And the app stays
readable under a dark high-contrast theme (white on black): no custom colour puts dark text on
the dark background, checked on the real screens, in labels, rich text and table cells."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QWidget

from wijkteam_desk.ui.widgets import colors

from .a11y_screens import Demo, demo_window, dutch_qt, main_screens  # noqa: F401

UI = Path(__file__).resolve().parents[2] / "src" / "wijkteam_desk" / "ui"
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"
TEXT, LARGE_OR_MARK = 4.5, 3.0
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_the_contrast_formula_matches_wcag() -> None:
    assert colors.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert colors.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails


def test_text_pairs_reach_4_5() -> None:
    low = [(bg, fg, round(colors.contrast(fg, bg), 2)) for bg, fg in colors.TEXT_PAIRS
           if colors.contrast(fg, bg) < TEXT]
    assert low == []


def test_text_colours_reach_4_5_on_light_and_on_dark_windows(qapp) -> None:  # type: ignore[no-untyped-def]
    light = ["#ffffff", qapp.style().standardPalette().color(QPalette.ColorRole.Window).name()]
    low = [(fg, bg) for fg in colors.TEXT_ON_WINDOW for bg in light
           if colors.contrast(fg, bg) < TEXT]
    low += [(variant, "#000000") for variant in colors.LIGHT_VARIANTS.values()
            if colors.contrast(variant, "#000000") < TEXT]
    assert low == []


def test_chart_lines_and_marks_reach_3_on_white() -> None:
    low = [c for c in colors.MARKS_ON_WHITE if colors.contrast(c, "#ffffff") < LARGE_OR_MARK]
    assert low == []


def test_colours_are_set_in_one_place() -> None:
    """A colour literal elsewhere in ui/ escapes the checks above (white/black excepted)."""
    stray = []
    for path in UI.rglob("*.py"):
        if path.name == "colors.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for hit in HEX.findall(line):
                if hit.lower() not in ("#ffffff", "#000000"):
                    stray.append(f"{path.relative_to(UI)}:{n} {hit}")
    assert stray == []


# -- on the real screens ------------------------------------------------------------------------
def high_contrast_palette() -> QPalette:
    """Like Windows' "Contrast Zwart": white text on black, yellow links, cyan selection."""
    p = QPalette()
    role = QPalette.ColorRole
    for r, c in ((role.Window, "#000000"), (role.WindowText, "#ffffff"), (role.Base, "#000000"),
                 (role.AlternateBase, "#1a1a1a"), (role.Text, "#ffffff"),
                 (role.Button, "#000000"), (role.ButtonText, "#ffffff"),
                 (role.Highlight, "#1aebff"), (role.HighlightedText, "#000000"),
                 (role.ToolTipBase, "#000000"), (role.ToolTipText, "#ffffff"),
                 (role.Link, "#ffff00"), (role.PlaceholderText, "#c0c0c0"),
                 (role.BrightText, "#ffffff"), (role.Mid, "#808080"), (role.Dark, "#808080"),
                 (role.Light, "#ffffff"), (role.Midlight, "#c0c0c0"), (role.Shadow, "#ffffff")):
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            p.setColor(group, r, QColor(c))
    p.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor("#3ff23f"))
    p.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#3ff23f"))
    p.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#3ff23f"))
    return p


@pytest.fixture(params=["licht", "hoog-contrast"])
def palette(request, qapp) -> Iterator[str]:  # type: ignore[no-untyped-def]
    before = QPalette(qapp.palette())
    # "licht" is the Fusion default (#efefef window, white tables), as on most desktops.
    qapp.setPalette(high_contrast_palette() if request.param == "hoog-contrast"
                    else qapp.style().standardPalette())
    yield request.param
    qapp.setPalette(before)


STYLE_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6}|[a-z]+)")
STYLE_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6}|[a-z]+)")


def _css_colour(value: str, widget: QWidget) -> QColor | None:
    if value.startswith("palette"):
        return None
    colour = QColor(value)
    return colour if colour.isValid() else None


def low_contrast(root: QWidget) -> list[str]:
    """Text on ``root`` whose own colour is too close to what it is drawn on."""
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text():
            continue
        window = label.palette().color(QPalette.ColorRole.Window)
        sheet = label.styleSheet()
        bg_match = STYLE_BACKGROUND.search(sheet)
        background = _css_colour(bg_match.group(1), label) if bg_match else None
        background = background or window
        colours = [m.group(1) for m in STYLE_COLOUR.finditer(sheet)]
        if GuiQt.mightBeRichText(label.text()):
            colours += STYLE_COLOUR.findall(label.text())
        for value in colours:
            fg = _css_colour(value, label)
            if fg is not None and colors.contrast(fg, background) < TEXT:
                found.append(f"label '{label.text()[:40]}': {fg.name()} on {background.name()}")
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if isinstance(view, QHeaderView) or model is None or not view.isVisibleTo(root):
            continue
        if not view.isEnabled():  # WCAG 1.4.3 exempts inactive controls (a fixed plan)
            continue
        pal = view.palette()
        try:
            columns = model.columnCount()
        except TypeError:  # a list model hides columnCount
            columns = 1
        for r in range(min(model.rowCount(), 40)):
            for c in range(columns):
                index = model.index(r, c)
                if not str(index.data() or ""):
                    continue
                fg = index.data(Qt.ItemDataRole.ForegroundRole)
                bg = index.data(Qt.ItemDataRole.BackgroundRole)
                fg = fg.color() if fg is not None and hasattr(fg, "color") else \
                    fg if isinstance(fg, QColor) else pal.color(QPalette.ColorRole.Text)
                bg = bg.color() if bg is not None and hasattr(bg, "color") else \
                    bg if isinstance(bg, QColor) else pal.color(QPalette.ColorRole.Base)
                if colors.contrast(fg, bg) < TEXT:
                    found.append(f"{view.accessibleName()} [{r},{c}] '{index.data()}': "
                                 f"{fg.name()} on {bg.name()}")
    return found


def test_the_screen_check_finds_dark_text_on_black(qtbot, qapp) -> None:
    before = QPalette(qapp.palette())
    qapp.setPalette(high_contrast_palette())
    try:
        label = QLabel("<b style='color:#b00020'>Te laat</b>")
        qtbot.addWidget(label)
        assert low_contrast(label) != [] or low_contrast(_wrap(label, qtbot)) != []
    finally:
        qapp.setPalette(before)


def _wrap(widget: QWidget, qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    root = QWidget()
    qtbot.addWidget(root)
    widget.setParent(root)
    return root


def test_screens_are_readable_in_light_and_high_contrast(palette, demo_window: Demo,  # noqa: F811
                                                         qtbot) -> None:
    found: dict[str, list[str]] = {}
    for name, screen in main_screens(demo_window):
        problems = low_contrast(screen)
        if problems:
            found[name] = sorted(set(problems))[:8]
        if palette == "hoog-contrast" and name.endswith("Overzicht"):
            image = screen.grab()
            assert not image.isNull()
            if WRITE:
                OUT.mkdir(parents=True, exist_ok=True)
                assert image.save(str(OUT / "hoog-contrast.png"))
    assert found == {}, found
