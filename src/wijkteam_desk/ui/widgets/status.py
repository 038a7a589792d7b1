"""A status line says either information or a problem, and only a problem is red (DANGER).

"Bewaard.", "De kluis wordt geopend…" or "Alles is ingevuld." in red reads as an alarm; a
consultant who sees red everywhere stops reading it. Every status or message label that shows
both kinds sets its text through these two functions, so the colour follows the meaning."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from . import colors

PROBLEM = "problem"  # the label's "tone" property, for tests and style sheets
INFO = "info"


def show_problem(label: QLabel, text: str) -> None:
    """Something is wrong or missing: red."""
    label.setStyleSheet(colors.text_css(colors.DANGER))
    label.setProperty("tone", PROBLEM)
    label.setText(text)


def show_info(label: QLabel, text: str) -> None:
    """Progress, a success, what happens next: the ordinary text colour."""
    label.setStyleSheet("")
    label.setProperty("tone", INFO)
    label.setText(text)


def is_red(label: QLabel) -> bool:
    return colors.css_on_window(colors.DANGER) in label.styleSheet()
