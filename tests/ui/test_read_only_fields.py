"""A colleague's household (issue 16): every field one types into looks and is read-only — the
overview's *Volgende actie*, its date and who, and the fields of every tab — also after a tab
makes a field editable again; searching the timeline still works; when the household becomes
ours the fields are editable again. The team is planted in storage (no folder, no sync)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit
from tests.support.team_state import ME, plant_team

from wijkteam_desk.ui import home_visit
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.read_only_fields import READS_ONLY

from .content_fixtures import ctx, family  # noqa: F401


def typing_fields(page: HouseholdPage) -> list[QLineEdit | QPlainTextEdit | QTextEdit]:
    return [e for kind in (QLineEdit, QPlainTextEdit, QTextEdit)
            for e in page.tabs.findChildren(kind)
            if not e.property(READS_ONLY) and e.parentWidget().metaObject().className()
            not in ("QComboBox", "QSpinBox", "QDateEdit")]


def test_a_colleagues_household_has_no_field_to_type_in(ctx, family, qtbot):  # noqa: F811
    hid = family.household_id
    plant_team(ctx.workspace, {hid: "collega"})
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    page.show()
    overview = page.overview
    assert page.team_bar.read_only
    assert overview.next_action.isReadOnly() and overview.next_action_by.isReadOnly()
    assert overview.next_action_on.edit.isReadOnly()
    assert not overview.next_action_on.calendar_button.isEnabled()
    # It looks it: the window's background, not the white of a field to type in.
    base, window = QPalette.ColorRole.Base, QPalette.ColorRole.Window
    for field in (overview.next_action, overview.next_action_by, overview.next_action_on.edit):
        assert field.palette().color(base) == field.palette().color(window)
    # Every tab visited: what it builds is read-only too.
    for i in range(page.tabs.count()):
        page.set_current_tab(i)
        fields = typing_fields(page)
        assert fields and all(e.isReadOnly() for e in fields), \
            [e.accessibleName() for e in fields if not e.isReadOnly()]
    # A tab that makes a field editable again (as leaving huisbezoekmodus does) is overruled.
    home_visit.guard_field(overview.next_action_by, False)
    overview.next_action_on.setReadOnly(False)
    assert overview.next_action_by.isReadOnly() and overview.next_action_on.edit.isReadOnly()
    page.refresh()
    assert overview.next_action.isReadOnly() and overview.next_action_by.isReadOnly()
    ctx.set_privacy(True)  # huisbezoekmodus on and off: masked, then shown — still read-only
    ctx.set_privacy(False)
    assert overview.next_action.isReadOnly() and overview.next_action_by.isReadOnly()
    # Searching writes nothing: it stays.
    assert not page.timeline.search_box.isReadOnly()
    # The household becomes ours (a handover): typing is possible again.
    plant_team(ctx.workspace, {hid: ME})
    page.team_bar.refresh()
    assert not page.team_bar.read_only
    assert not overview.next_action.isReadOnly() and not overview.next_action_by.isReadOnly()
    assert not overview.next_action_on.edit.isReadOnly()
    assert overview.next_action_on.calendar_button.isEnabled()
    assert overview.next_action.palette().color(base) == page.palette().color(base)
    page.close()


def test_outside_a_team_the_fields_are_as_they_were(ctx, family, qtbot):  # noqa: F811
    page = HouseholdPage(ctx, family.household_id)
    qtbot.addWidget(page)
    page.show()
    overview = page.overview
    assert not overview.next_action.isReadOnly() and not overview.next_action_by.isReadOnly()
    assert not overview.next_action_on.edit.isReadOnly()
    page.close()
