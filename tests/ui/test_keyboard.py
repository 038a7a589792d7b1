"""A day's round with the keyboard only (no mouse): find a family, open it, walk its tabs, go
back, lock with the panic key and unlock again. Every key goes to the widget that has the
focus, as a real keyboard's would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from wijkteam_desk.ui.dashboard import DashboardPage
from wijkteam_desk.ui.models.today import ITEM_ROLE
from wijkteam_desk.ui.today import TodayPage

from .a11y_screens import demo_window, dutch_qt  # noqa: F401
from .conftest import PASSPHRASE
from .driving import drive_until, settle

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focus(), key, modifier)
    QApplication.processEvents()


def test_a_round_with_the_keyboard_only(demo_window, qtbot) -> None:  # noqa: F811
    window, hid = demo_window.window, demo_window.household_id
    window.activateWindow()
    drive_until(window.isActiveWindow)
    assert isinstance(window.pages.currentWidget(), TodayPage)  # Vandaag comes first
    press(Qt.Key.Key_O, CTRL)  # Ctrl+O: all households
    dashboard = window.pages.currentWidget()
    assert isinstance(dashboard, DashboardPage)
    name = window.ctx.workspace.cases.open_file(hid, "test").file.household.name

    press(Qt.Key.Key_F, CTRL)  # Ctrl+F: the search field
    assert focus() is dashboard.search
    QTest.keyClicks(focus(), name)
    assert dashboard.proxy.rowCount() == 1

    press(Qt.Key.Key_Down)  # from the search field straight into the list
    assert isinstance(focus(), QAbstractItemView) and focus() is dashboard.table
    assert dashboard.selected_household() == hid

    press(Qt.Key.Key_Return)  # Enter opens the family
    host = window.pages.currentWidget()
    assert host is window._household and host.household_id == hid
    page = host.page
    assert page.isAncestorOf(focus()), "the opened file must have the focus"

    for n in range(page.tabs.count()):  # Ctrl+1 … Ctrl+8: the tabs
        press(getattr(Qt.Key, f"Key_{n + 1}"), CTRL)
        assert page.tabs.currentIndex() == n

    press(Qt.Key.Key_2, CTRL)
    press(Qt.Key.Key_Left, ALT)  # Alt+Left: back to the caseload, on the same family
    assert window.pages.currentWidget() is dashboard and window._household is None
    assert focus() is dashboard.table and dashboard.selected_household() == hid

    press(Qt.Key.Key_Return)  # and in again: the tab is back at Overzicht
    press(Qt.Key.Key_3, CTRL)
    assert window._household.page.tabs.currentIndex() == 2

    press(Qt.Key.Key_F12)  # the panic key locks at once
    assert window.is_locked
    assert isinstance(focus(), QLineEdit) and focus() is window.gate.passphrase
    QTest.keyClicks(focus(), PASSPHRASE)
    press(Qt.Key.Key_Return)
    settle(window.gate.opener)  # the vault opens in a worker thread
    assert not window.is_locked
    # Back where the user was: the same family, the same tab, with the focus in it.
    assert window._household is not None and window._household.household_id == hid
    assert window._household.page.tabs.currentIndex() == 2
    assert window._household.page.isAncestorOf(focus())


def test_vandaag_with_the_keyboard_only(demo_window, qtbot) -> None:  # noqa: F811
    window = demo_window.window
    window.activateWindow()
    drive_until(window.isActiveWindow)
    press(Qt.Key.Key_O, CTRL)
    press(Qt.Key.Key_T, CTRL)  # Ctrl+T: Vandaag, with the keyboard on its first line
    today = window.pages.currentWidget()
    assert isinstance(today, TodayPage) and focus() is today.tree
    item = today.tree.currentIndex().data(ITEM_ROLE)
    press(Qt.Key.Key_Return)  # Enter opens that household
    host = window.pages.currentWidget()
    assert host is window._household and host.household_id == item.household_id
    assert host.page.isAncestorOf(focus())
    press(Qt.Key.Key_Left, ALT)  # Alt+Left: back to Vandaag
    assert window.pages.currentWidget() is today and window._household is None


def test_tab_walks_the_caseload_filters_in_reading_order(demo_window, qtbot) -> None:  # noqa: F811
    window = demo_window.window
    window.activateWindow()
    drive_until(window.isActiveWindow)
    window.show_dashboard()
    dashboard = window.pages.currentWidget()
    press(Qt.Key.Key_F, CTRL)
    order = [focus()]
    for _ in range(6):
        press(Qt.Key.Key_Tab)
        order.append(focus())
    assert order == [dashboard.search, dashboard.phase, dashboard.regisseur, dashboard.status,
                     dashboard.signals_only, dashboard.table, dashboard.new_button]


def test_form_dialogs_open_with_the_cursor_in_the_first_field(demo_window, qtbot) -> None:  # noqa: F811
    """Open a dialog and type: the text lands in the first field; Tab ends on the buttons."""
    from wijkteam_desk.ui.form_dialog import FormDialog
    from wijkteam_desk.ui.widgets.dates import DateField
    from wijkteam_desk.ui.widgets.forms import ServiceDialog
    from wijkteam_desk.ui.widgets.keyboard import tab_chain

    from .a11y_screens import dialogs

    wrong = {}
    checked = 0
    for name, dialog in dialogs(demo_window):
        if not isinstance(dialog, (ServiceDialog, FormDialog)):
            continue
        checked += 1
        dialog.activateWindow()
        drive_until(dialog.isActiveWindow)
        box = dialog.buttons
        chain = tab_chain(dialog)
        first = QApplication.focusWidget()
        if first is None or box.isAncestorOf(first):
            wrong[name] = f"focus on {first.text() if first else None}"
        elif not all(box.isAncestorOf(w) for w in chain[-len(box.buttons()):]):
            wrong[name] = "buttons are not last in the Tab order"
        elif isinstance(first, QLineEdit):
            # a date field takes digits: what a consultant types there is a date
            typed = "01-03-2026" if isinstance(first.parentWidget(), DateField) else "Bakker"
            if first.text():  # a date field opens with a date: typing replaces it
                first.selectAll()
            QTest.keyClicks(first, typed)
            if first.text() != typed:
                wrong[name] = "typing did not reach the first field"
    assert checked > 20
    assert wrong == {}
