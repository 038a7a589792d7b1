"""Screen readers and keyboard users: every control a user can tab to has a name a screen reader
can say (an accessible name, its own visible text, or a label whose buddy it is), and the main
window's menu actions explain themselves in a tooltip."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

from .a11y_screens import all_screens, demo_window, dutch_qt, main_screens  # noqa: F401

CONTROLS = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QCheckBox,
            QRadioButton, QAbstractItemView, QPushButton, QToolButton)
# Parts of a composite Qt widget: they are announced through the widget that owns them.
INSIDE = (QAbstractSpinBox, QComboBox, QTabBar, QCalendarWidget, QScrollBar, QHeaderView)


def _is_part_of_composite(w: QWidget, root: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, INSIDE) or (isinstance(parent, QAbstractItemView)
                                          and w is not parent):
            return True
        parent = parent.parentWidget()
    return False


def _named(w: QWidget, buddies: set[int]) -> bool:
    if w.accessibleName().strip():
        return True
    if isinstance(w, QAbstractButton) and w.text().replace("&", "").strip():
        return True
    # A label's buddy may be the widget itself or the compound field it is the focus proxy of.
    owner: QWidget | None = w
    while owner is not None:
        if id(owner) in buddies:
            return True
        owner = owner.parentWidget() if owner.parentWidget() and \
            owner.parentWidget().focusProxy() is owner else None
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel)
               if label.buddy() is not None}
    found = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or isinstance(w, QHeaderView):
            continue
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or _is_part_of_composite(w, root):
            continue
        if not _named(w, buddies):
            where = w.parentWidget()
            found.append(f"{type(w).__name__} '{w.objectName()}' in "
                         f"{type(where).__name__ if where else '-'}")
    return found


def test_the_check_finds_an_unnamed_field(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    QLineEdit(root)
    named = QLineEdit(root)
    named.setAccessibleName("Naam")
    QPushButton("&Opslaan", root)
    assert unnamed_controls(root) == ["QLineEdit '' in QWidget"]


def test_every_control_has_a_name(demo_window) -> None:  # noqa: F811
    found: dict[str, list[str]] = {}
    checked = 0
    for name, screen in all_screens(demo_window):
        checked += len([w for w in screen.findChildren(QWidget) if isinstance(w, CONTROLS)])
        missing = unnamed_controls(screen)
        if missing:
            found[name] = sorted(set(missing))
    assert checked > 300
    assert found == {}, found


def test_main_window_actions_explain_themselves(demo_window) -> None:  # noqa: F811
    window = demo_window.window
    actions = [a for m in window.menuBar().actions() if m.menu() is not None
               for a in m.menu().actions() if not a.isSeparator()]
    assert len(actions) >= 8
    missing = [a.text() for a in actions
               if not a.toolTip() or a.toolTip().replace("&", "") == a.text().replace("&", "")]
    assert missing == []
    # Every top-level menu and every menu action can be reached with Alt+letter.
    assert all("&" in m.text() for m in window.menuBar().actions())
    assert all("&" in a.text() for a in actions), [a.text() for a in actions if "&" not in a.text()]


MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic_clashes(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter keys that two visible things on the window claim (Qt then does neither)."""
    claims: dict[str, list[str]] = defaultdict(list)
    menubar = window.findChild(QMenuBar)
    for action in menubar.actions() if menubar is not None else []:
        for key in MNEMONIC.findall(action.text().replace("&&", "")):
            claims[key.lower()].append(f"menu {action.text()}")
    for w in [*window.findChildren(QAbstractButton), *window.findChildren(QLabel)]:
        if not w.isVisibleTo(window) or isinstance(w.parentWidget(), QTabBar):
            continue
        if isinstance(w, QLabel) and w.buddy() is None:
            continue  # a label without a buddy has no mnemonic
        for key in MNEMONIC.findall(w.text().replace("&&", "")):
            claims[key.lower()].append(w.text())
    return {k: v for k, v in claims.items() if len(v) > 1}


def test_alt_letters_are_unique_on_every_screen(demo_window) -> None:  # noqa: F811
    found = {name: clashes for name, screen in main_screens(demo_window)
             if (clashes := mnemonic_clashes(screen))}
    assert found == {}
