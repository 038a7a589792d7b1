"""The screens a consultant works in on a 1366×768 laptop (issue 12, item 11): every family
member in view, the monitoring status in sight, a completed monitoring form easy to read, and
the checklist: room for the questions, nothing moving under the mouse, the divider kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui.household.checklist_editor import ChecklistEditor
from wijkteam_desk.ui.household.members import MembersTab
from wijkteam_desk.ui.household.monitoring_tab import MonitoringTab
from wijkteam_desk.ui.household.safety_dialogs import NewChecklistDialog
from wijkteam_desk.ui.household.safety_tab import SafetyTab
from wijkteam_desk.ui.main_window import MainWindow
from wijkteam_desk.ui.widgets.colors import contrast

from .a11y_screens import Demo, demo_window, dutch_qt  # noqa: F401
from .conftest import PASSPHRASE, flush_deletes
from .driving import settle
from .text_fit import text_scale  # noqa: F401

LAPTOP = QSize(1366, 728)


def _tab(window: MainWindow, kind: type[QWidget]) -> QWidget:
    page = window._household.page  # type: ignore[union-attr]
    index = next(i for i in range(page.tabs.count()) if isinstance(page.tabs.widget(i), kind))
    page.set_current_tab(index)
    QApplication.processEvents()
    return page.tabs.widget(index)


def _open(window: MainWindow, household_id: int) -> None:
    window.resize(LAPTOP)
    assert window.open_household(household_id)
    QApplication.processEvents()


def _with_moments(window: MainWindow, done: bool) -> tuple[int, int]:
    """A demo household with a monitoring moment (completed or not) and that moment."""
    ws = window.ctx.workspace  # type: ignore[union-attr]
    for row in ws.cases.list_cases():
        hid = row.summary.household_id
        for m in ws.monitoring.moments(hid):
            if m.is_done is done:
                return hid, m.id
    pytest.skip("the demo has no such monitoring moment")


# -- Gezinsleden -----------------------------------------------------------------------------
def test_every_family_member_is_in_view(text_scale, demo_window: Demo) -> None:  # noqa: F811
    _open(demo_window.window, demo_window.household_id)
    tab = _tab(demo_window.window, MembersTab)
    view = tab.members_view
    rows = view.model().rowCount()
    assert rows >= 5
    last = view.visualRect(view.model().index(rows - 1, 0))
    assert 0 < last.bottom() <= view.viewport().height(), "a member is scrolled out of view"
    assert tab.genogram.height() >= 200  # and the drawing keeps its room


# -- Monitoring ------------------------------------------------------------------------------
def test_the_status_of_a_moment_is_in_sight(text_scale, demo_window: Demo) -> None:  # noqa: F811
    window = demo_window.window
    hid, moment = _with_moments(window, done=True)
    _open(window, hid)
    tab = _tab(window, MonitoringTab)
    assert tab.select_moment(moment)
    table = tab.table
    status = table.model().index(table.model().row_of(moment), 2)
    text = str(status.data())
    assert text.startswith("afgerond op")
    need = table.fontMetrics().horizontalAdvance(text) + 8
    left = table.columnViewportPosition(2)
    assert left + need <= table.viewport().width(), "the status is cut off or out of sight"
    assert need <= table.columnWidth(2)


def _text_colour(widget: QWidget) -> tuple[str, str]:
    palette = widget.palette()
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QComboBox)):
        return (palette.color(group, QPalette.ColorRole.Text).name(),
                palette.color(group, QPalette.ColorRole.Base).name())
    if isinstance(widget, QAbstractButton):
        return (palette.color(group, QPalette.ColorRole.ButtonText).name(),
                palette.color(group, QPalette.ColorRole.Window).name())
    return (palette.color(group, QPalette.ColorRole.WindowText).name(),
            palette.color(group, QPalette.ColorRole.Window).name())


def test_a_completed_monitoring_form_is_easy_to_read(demo_window: Demo) -> None:  # noqa: F811
    """It was greyed out to the point of being hard to read: read-only, not faded."""
    window = demo_window.window
    hid, moment = _with_moments(window, done=True)
    _open(window, hid)
    tab = _tab(window, MonitoringTab)
    assert tab.select_moment(moment)
    form = tab.form_widget
    assert form is not None and not form.inputs.isEnabled()  # nothing can change
    faded = []
    for widget in form.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(
                widget, (QLabel, QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox,
                         QGroupBox)):
            continue
        if widget.styleSheet():  # sets its own colours (checked by test_contrast)
            continue
        ink, ground = _text_colour(widget)
        if contrast(ink, ground) < 4.5:
            faded.append(f"{type(widget).__name__}: {ink} op {ground}")
    assert not faded, faded[:5]


# -- Zicht op veiligheid: the checklist ------------------------------------------------------
def _start(tab: SafetyTab, template_id: str) -> ChecklistEditor:
    dialog = NewChecklistDialog(tab.ctx, tab.household_id, tab.ctx.workspace.checklists.templates())
    dialog.template.setCurrentIndex(dialog.template.findData(template_id))
    assert dialog.submit()
    tab.start(int(dialog.result_value))  # type: ignore[call-overload]
    QApplication.processEvents()
    return tab.editor


def test_the_questions_have_the_room(text_scale, demo_window: Demo) -> None:  # noqa: F811
    """About 70 px were left for the questions under the list, the warnings and the list of
    what is still missing; now most of the height is theirs."""
    window = demo_window.window
    _open(window, demo_window.household_id)
    tab = _tab(window, SafetyTab)
    editor = _start(tab, "zicht-op-veiligheid")
    assert editor.problems.isVisible()
    room = editor.scroll.viewport().height()
    assert room >= 0.38 * LAPTOP.height(), f"{room} px for the questions"


def _places(editor: ChecklistEditor) -> dict[str, QPoint]:
    """Where each question is on the scrolled page (the scroll area itself must stay put)."""
    return {i: e.mapTo(editor.body, QPoint(0, 0)) for i, e in editor.items.items()
            if e.isVisible()}


def _click(editor: ChecklistEditor, item: str, value: str) -> None:
    button = editor.items[item].buttons[value]
    editor.scroll.ensureWidgetVisible(button)
    # on the round button itself: a decision's buttons are as wide as the page
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    QApplication.processEvents()
    assert button.isChecked()


def test_nothing_moves_under_the_mouse_when_a_warning_comes_or_goes(demo_window: Demo) -> None:  # noqa: F811
    window = demo_window.window
    _open(window, demo_window.household_id)
    tab = _tab(window, SafetyTab)
    editor = _start(tab, "meldcode-afweging")
    _click(editor, "vermoeden", "ja")  # the next questions appear below it
    scroll = editor.scroll.geometry()
    before = _places(editor)
    assert "acuut_structureel" in before
    _click(editor, "acuut_structureel", "ja")  # a notice: "melden is de norm"
    assert "melden bij Veilig Thuis de norm" in editor.notices.text()
    assert editor.scroll.geometry() == scroll
    assert _places(editor) == before
    _click(editor, "besluit_melden", "niet_melden")  # a prompt under the decision
    assert editor.items["besluit_melden"].deviation.isVisible()
    during = _places(editor)
    _click(editor, "acuut_structureel", "nee")  # the notice and the prompt go
    assert not editor.notices.isVisible()
    assert not editor.items["besluit_melden"].deviation.isVisible()
    assert editor.scroll.geometry() == scroll
    assert _places(editor) == during, "questions jumped when a warning went away"


@pytest.fixture
def window_with_state(qtbot, service, clock, dutch_qt, tmp_path) -> Iterator[  # noqa: F811
        tuple[MainWindow, int, QSettings]]:
    workspace, _code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht")
    hid = DemoGenerator(workspace.unit_of_work, seed=5).generate(1)[0]
    workspace.lock()
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, clock=clock, watch_system=False, window_state=state)
    qtbot.addWidget(window)
    window.show()
    window.begin()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    settle(window.gate.opener)  # the vault opens in a worker
    yield window, hid, state
    window.lock("test")
    flush_deletes()


def _divider(window: MainWindow) -> list[int]:
    tab = _tab(window, SafetyTab)
    return tab.split.sizes()


def test_the_checklist_divider_stays_where_it_was_put(window_with_state, qtbot, service,  # type: ignore[no-untyped-def]
                                                       clock) -> None:
    window, hid, state = window_with_state
    name = window.ctx.workspace.cases.open_file(hid, "test").file.household.name
    _open(window, hid)
    tab = _tab(window, SafetyTab)
    first = tab.split.sizes()
    handle = tab.split.handle(1)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=QPoint(20, 2))
    QTest.mouseMove(handle, QPoint(20, 82))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=QPoint(20, 82))
    moved = tab.split.sizes()
    assert moved[0] > first[0] + 40  # the list is taller now
    window.show_dashboard()
    flush_deletes()
    _open(window, hid)  # the same household again: a new page, the divider where it was
    assert _divider(window) == moved
    window.close()  # the window state file keeps it for the next start
    state.sync()
    text = open(state.fileName(), encoding="latin-1").read()
    assert "splitters" in text
    assert name not in text  # positions only, nothing about the family
    again = MainWindow(service, clock=clock, watch_system=False,
                       window_state=QSettings(state.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    again.begin()
    again.gate.passphrase.setText(PASSPHRASE)
    again.gate.submit()
    settle(again.gate.opener)
    _open(again, hid)
    assert _divider(again) == moved
    again.lock("test")
