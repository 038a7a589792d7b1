"""Everything fits on a 1366×768 laptop with a 40-pixel taskbar: the main window can be made
that small on every tab, and every dialog opens no larger than that."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from .a11y_screens import Demo, demo_window, dialogs, dutch_qt, main_screens  # noqa: F401

LAPTOP = QSize(1366, 728)  # 1366×768 less the taskbar
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"


def fits(size: QSize) -> bool:
    return size.width() <= LAPTOP.width() and size.height() <= LAPTOP.height()


def _smallest(widget: QWidget) -> QSize:
    """What the window manager cannot shrink the window below."""
    return widget.minimumSize().expandedTo(widget.minimumSizeHint())


def test_main_window_fits_on_every_tab(demo_window: Demo) -> None:  # noqa: F811
    too_big = {}
    for name, window in main_screens(demo_window):
        if not fits(_smallest(window)):
            too_big[name] = _smallest(window).toTuple()
    assert too_big == {}
    assert fits(demo_window.window.minimumSize())


def test_every_dialog_opens_within_the_laptop_screen(demo_window: Demo) -> None:  # noqa: F811
    too_big = {}
    count = 0
    for name, dialog in dialogs(demo_window):
        count += 1
        opened = dialog.size().expandedTo(dialog.sizeHint().boundedTo(dialog.maximumSize()))
        if not fits(opened) or not fits(_smallest(dialog)):
            too_big[name] = (opened.toTuple(), _smallest(dialog).toTuple())
    assert count > 25
    assert too_big == {}


def test_household_on_a_laptop_screen(demo_window: Demo) -> None:  # noqa: F811
    window = demo_window.window
    window.resize(LAPTOP)
    for name, _w in main_screens(demo_window):
        QApplication.processEvents()
        assert window.size() == LAPTOP, name  # no tab pushes the window bigger
        if name == "tabblad Veiligheidsplan":  # the fullest tab
            image = window.grab()
            assert image.width() == LAPTOP.width() and image.height() == LAPTOP.height()
            if WRITE:
                OUT.mkdir(parents=True, exist_ok=True)
                assert image.save(str(OUT / "laptop-1366.png"))
