"""F1 opens the guide at the section of the screen you are on: every tab of a household's file,
the caseload, the unlock screen, and a dialog opened over them (also a modal one)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from wijkteam_desk.ui.help import HELP_ANCHORS, ManualDialog

from .a11y_screens import demo_window, dutch_qt  # noqa: F401
from .conftest import flush_deletes

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"


def _press_f1(widget: QWidget) -> ManualDialog:
    QTest.keyClick(widget, Qt.Key.Key_F1)
    QApplication.processEvents()
    guides = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, ManualDialog) and w.isVisible()]
    assert len(guides) == 1, "F1 must open one guide"
    return guides[0]


def _shown_at(guide: ManualDialog, anchor: str) -> bool:
    """The guide is scrolled exactly where following the section's own link scrolls it."""
    now = guide.browser.verticalScrollBar().value()
    guide.browser.verticalScrollBar().setValue(0)
    assert guide.browser.follow(QUrl(f"#{anchor}"))
    return guide.browser.verticalScrollBar().value() == now


def _close(guide: ManualDialog) -> None:
    parent = guide.parentWidget()
    QTest.keyClick(guide.search, Qt.Key.Key_Escape)
    flush_deletes()
    if parent is not None:  # as the window manager does when a modal window closes
        parent.window().activateWindow()
        QApplication.processEvents()


def test_f1_opens_the_section_of_every_tab(demo_window, qtbot) -> None:  # noqa: F811
    window = demo_window.window
    window.activateWindow()
    assert window.open_household(demo_window.household_id)
    page = window._household.page
    seen = set()
    for i in range(page.tabs.count()):
        page.set_current_tab(i)
        tab = page.tabs.widget(i)
        anchor = HELP_ANCHORS.get(type(tab).__name__)
        assert anchor, f"tab {page.tabs.tabText(i)} names no section of the guide"
        seen.add(anchor)
        # the focus on the tab bar (as after Ctrl+1…8), then inside the tab
        page.tabs.tabBar().setFocus()
        assert QApplication.focusWidget() is page.tabs.tabBar()
        guide = _press_f1(page.tabs.tabBar())
        assert _shown_at(guide, anchor), page.tabs.tabText(i)
        _close(guide)
        inside = next(w for w in tab.findChildren(QWidget)
                      if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
                      and w.isEnabled() and w.focusProxy() is None)
        inside.setFocus()
        assert QApplication.focusWidget() is inside
        guide = _press_f1(inside)
        assert _shown_at(guide, anchor), page.tabs.tabText(i)
        if WRITE and anchor == "tijdlijn":
            assert guide.grab().save(str(OUT / "handleiding-f1.png"))
        _close(guide)
    assert len(seen) == page.tabs.count()  # every tab its own section


def test_f1_on_the_caseload_the_lock_screen_and_in_a_modal_dialog(demo_window, qtbot) -> None:  # noqa: F811
    window = demo_window.window
    window.activateWindow()
    window.show_dashboard()
    window._dashboard.search.setFocus()
    guide = _press_f1(window._dashboard.search)
    assert _shown_at(guide, "het-overzicht-van-je-gezinnen")
    _close(guide)

    # The menu entry opens the same place without the focus in the page.
    window.setFocus()
    help_action = next(a for a in window.actions() if a.text() == "&Handleiding")
    help_action.trigger()
    guide = next(w for w in QApplication.topLevelWidgets()
                 if isinstance(w, ManualDialog) and w.isVisible())
    assert _shown_at(guide, "het-overzicht-van-je-gezinnen")
    _close(guide)

    # A modal dialog: the window's own F1 shortcut is blocked; the key still opens the guide.
    from wijkteam_desk.ui.settings_page import SettingsDialog
    dialog = SettingsDialog(window.ctx, window.service.secrets, window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # as exec() makes it
    dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    focus = QApplication.focusWidget()
    assert focus is not None and focus.window() is dialog
    guide = _press_f1(focus)
    assert guide.parentWidget() is dialog and _shown_at(guide, "instellingen")
    _close(guide)
    dialog.reject()
    dialog.deleteLater()
    flush_deletes()
    window.activateWindow()
    QApplication.processEvents()

    window.lock("test")
    guide = _press_f1(window.gate.passphrase)
    assert _shown_at(guide, "openen-vergrendelen-en-wachtwoord-vergeten")
    _close(guide)
