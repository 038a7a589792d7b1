"""Every colour the app sets itself, in one place, with the contrast rules they must meet
(tests/ui/test_contrast.py checks them): text ≥ 4.5:1 against its background (WCAG 2.1 AA),
lines and marks in drawings ≥ 3:1 against white.

Two kinds of colour:
- *pairs* (a tinted banner or row): background and text are always set together, so they read
  the same under any system palette;
- *text colours on the window* (red for "te laat", grey for "minder belangrijk"): these sit on
  the system's own background, which is black under a dark high-contrast theme. Use
  ``on_window(DANGER)`` (or ``css_on_window``) at the moment of drawing: it gives the light
  variant when the palette is dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

# -- text on the window / table background ---------------------------------------------
INK = "#1d2733"       # dark text on light tints and in drawings
DANGER = "#b00020"    # overdue, missing, refused, a threat
MUTED = "#5f5f5f"     # secondary text: ended, done, hints
LIGHT_VARIANTS = {    # the same meaning on a dark (high-contrast) background
    INK: "#ffffff",
    DANGER: "#ff8a80",
    MUTED: "#c8c8c8",
}

# -- tinted pairs: (background, text) -------------------------------------------------------
WARN = ("#fff3cd", "#664d03")     # huisbezoekmodus, a concept, a conflict
INFO = ("#e7f1fa", "#1f4e79")
OK = ("#e8f5e9", "#1b5e20")
ALERT = ("#fdecea", "#5f1410")    # with a DANGER border
THREAT_ROW = ("#fde8ea", INK)     # a threatening person in a table
TIMELINE_ROWS = {                 # row tint per kind of event, with INK text
    "incident": ("#fde8ea", INK), "phase": ("#e8f0fd", INK),
    "regie": ("#eef7e8", INK), "closing": ("#f2f2f2", INK),
}
PAGE_PREVIEW = ("#5b6670", "#ffffff")  # the grey desk behind a print preview (white pages)

# -- drawings on white (genogram, safety chart, monitoring bars) ---------------------------
CHART_SERIES = ["#1f5f8b", "#b86200", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d",
                "#b34700"]
CHART_INCIDENT = "#b3261e"
CHART_PHASE = "#3b6ea5"
CHART_GRID = "#e3e8ec"          # decoration only: the values are labelled
CHART_AXIS = "#5b6670"
BAR = "#1f5f8b"
TARGET = DANGER
GENOGRAM_LINE_GREY = "#8a8a8a"  # step-parent and "elsewhere" lines (marks, not text)
GENOGRAM_TEXT = "#444444"
GENOGRAM_SAFE = "#17703d"       # "veilig genoeg" network frame and text
GENOGRAM_SAFE_FILL = "#f1f9f3"
GENOGRAM_THREAT_FILL = "#fde8ea"
GENOGRAM_HOUSE = ("#f3f7fd", "#4f7fbf", "#3c6da8")  # fill, dashed frame, "Woont in huis"
BADGES = {  # role letter: white bold text on the colour (≥ 4.5:1)
    "slachtoffer": "#b34700", "pleger": "#6c3483", "kind": "#2471a3", "getuige": "#0e7461",
    "ouder_verzorger": "#5d6d7e", "mantelzorger": "#7d6608",
}

# What the contrast test checks; add any new colour here.
TEXT_ON_WINDOW = (INK, DANGER, MUTED, GENOGRAM_TEXT, CHART_INCIDENT, CHART_PHASE, CHART_AXIS)
TEXT_PAIRS = [WARN, INFO, OK, ALERT, THREAT_ROW, (ALERT[0], DANGER),
              *TIMELINE_ROWS.values(), PAGE_PREVIEW,
              (GENOGRAM_SAFE_FILL, GENOGRAM_SAFE), (GENOGRAM_THREAT_FILL, DANGER),
              (GENOGRAM_SAFE_FILL, GENOGRAM_TEXT), (GENOGRAM_THREAT_FILL, GENOGRAM_TEXT),
              (GENOGRAM_HOUSE[0], GENOGRAM_HOUSE[2]),
              *[(colour, "#ffffff") for colour in BADGES.values()],
              *[("#ffffff", colour) for colour in BADGES.values()]]
MARKS_ON_WHITE = (*CHART_SERIES, CHART_INCIDENT, CHART_PHASE, CHART_AXIS, BAR, TARGET,
                  GENOGRAM_LINE_GREY, GENOGRAM_SAFE, GENOGRAM_HOUSE[1], DANGER, INK)


def luminance(colour: QColor | str) -> float:
    """WCAG 2.1 relative luminance."""
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + \
        0.0722 * channel(c.blueF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG 2.1 contrast ratio, 1 … 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return luminance(palette.color(QPalette.ColorRole.Window)) < 0.2


def on_window(colour: str, palette: QPalette | None = None) -> QColor:
    """A text colour for the system's window/table background: the light variant under a dark
    palette, so red stays red-ish and readable on black."""
    return QColor(LIGHT_VARIANTS.get(colour, colour) if is_dark(palette) else colour)


def css_on_window(colour: str) -> str:
    return on_window(colour).name()


def text_css(colour: str, widget: str = "QLabel") -> str:
    """A style sheet for text in ``colour`` on the window background (palette-aware: call it
    when the widget is built, not at import)."""
    return f"{widget} {{ color: {css_on_window(colour)}; }}"


def banner_css(pair: tuple[str, str], extra: str = "padding: 4px 8px; border-radius: 4px;",
               widget: str = "QLabel") -> str:
    """A tinted banner: background and text set together."""
    background, text = pair
    return f"{widget} {{ background: {background}; color: {text}; {extra} }}"


def readable_when_disabled(widget: QWidget) -> None:
    """A disabled widget (a completed form: nothing can change) with the text colours of an
    enabled one, so it stays easy to read; the grey field backgrounds still say "no input".
    Children inherit the palette."""
    palette = QPalette(widget.palette())
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText, QPalette.ColorRole.PlaceholderText):
        palette.setColor(QPalette.ColorGroup.Disabled, role,
                         palette.color(QPalette.ColorGroup.Active, role))
    widget.setPalette(palette)
