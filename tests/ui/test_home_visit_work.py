"""Huisbezoekmodus must not stop the work done with the family (issue 12 item 3): the parts of
the plan the family may see stay editable (the children's sections too), only what the mode
hides is hidden, a masked field is read-only and says why, and no keystroke or stored value is
silently lost."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from wijkteam_desk.ui import home_visit
from wijkteam_desk.ui.context import MASK, AppContext
from wijkteam_desk.ui.household.member_dialogs import MemberDialog
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.safety_plan_tab import SafetyPlanTab

from .content_fixtures import ctx  # noqa: F401
from .home_visit_household import FAMILY_TEXT, Seeded, seed


@pytest.fixture
def seeded(ctx: AppContext) -> Seeded:  # noqa: F811
    return seed(ctx.workspace)


def test_the_family_fills_in_the_plan_in_home_visit_mode(ctx, seeded, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    ctx.set_privacy(True)
    tab = SafetyPlanTab(ctx, seeded.household_id)
    qtbot.addWidget(tab)
    editor = tab.editor
    _child, about, unsafe, trusted = editor.child_fields()[0]
    assert about.toPlainText() == FAMILY_TEXT  # the child's own words, not a mask
    assert not about.isReadOnly() and not unsafe.isReadOnly() and trusted.isEnabled()
    unsafe.setPlainText("Ik ga naar oma Joke.")
    editor.warning_signs.setPlainText("Mark belt vaak achter elkaar.\nMama huilt.")
    assert editor.plan.children[0].if_unsafe == ("Ik ga naar oma Joke.",)  # not thrown away
    # What the family copy leaves out stays hidden, and the masked note says why.
    assert editor.notes.toPlainText() == MASK and editor.notes.isReadOnly()
    assert "huisbezoekmodus" in editor.notes.toolTip()
    assert editor.places_table.item(0, 0).text() == MASK  # a secret shelter's name
    assert editor.places_table.item(0, 2).text() == MASK
    assert [editor.steps_table.isRowHidden(r) for r in range(2)] == [False, True]
    assert tab.save()
    stored = ctx.workspace.plans.plan(seeded.plan_id)
    assert stored.children[0].if_unsafe == ("Ik ga naar oma Joke.",)
    assert stored.warning_signs == ("Mark belt vaak achter elkaar.", "Mama huilt.")
    assert stored.professional_notes == "Profnotitie: Mark weet niet waar de opvang is"
    assert stored.safe_places[0].name == "Opvanghuis De Linde-Noord"
    ctx.set_privacy(False)
    assert editor.notes.toPlainText() == stored.professional_notes
    assert not editor.notes.isReadOnly() and "huisbezoekmodus" not in editor.notes.toolTip()


def test_a_vastgesteld_plan_says_why_it_cannot_be_typed_in(ctx, seeded, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    from wijkteam_desk.domain.safety_plan import Signature

    regisseur = ctx.workspace.plans.parties(seeded.household_id).regisseur
    today = ctx.workspace.clock.today()
    ctx.workspace.plans.fix_plan(seeded.plan_id, [Signature(regisseur, today)])
    tab = SafetyPlanTab(ctx, seeded.household_id)
    qtbot.addWidget(tab)
    _child, about, _unsafe, _trusted = tab.editor.child_fields()[0]
    for field in (tab.editor.made_with, tab.editor.warning_signs, about):
        assert field.isReadOnly() and "Nieuwe versie" in field.toolTip()


def test_a_masked_value_is_never_saved_over_the_real_one(ctx, seeded, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    page = HouseholdPage(ctx, seeded.household_id)
    qtbot.addWidget(page)
    ctx.set_privacy(True)
    field = page.overview.next_action
    assert field.text() == MASK and field.isReadOnly() and "huisbezoekmodus" in field.toolTip()
    page.overview.save_next_action()
    assert ctx.workspace.cases.open_file(seeded.household_id).file.household.next_action == \
        "Volgende-actie: bel Veilig Thuis"

    sanne = ctx.workspace.cases.open_file(seeded.household_id).file.person(seeded.sanne)
    dialog = MemberDialog(ctx, seeded.household_id, sanne)
    qtbot.addWidget(dialog)
    dialog.show()
    for hidden in (dialog.address, dialog.phone, dialog.birth, dialog.roles, dialog.note):
        assert not hidden.isVisibleTo(dialog)
    dialog.given.setText("Sanne-Marie")
    assert dialog.submit()
    after = ctx.workspace.cases.open_file(seeded.household_id).file.person(seeded.sanne)
    assert after.given_name == "Sanne-Marie"
    assert (after.address, after.phone, after.birth_date, after.roles, after.note) == (
        sanne.address, sanne.phone, sanne.birth_date, sanne.roles, sanne.note)


def test_tables_leave_out_who_someone_is_and_where_they_live(ctx, seeded, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    page = HouseholdPage(ctx, seeded.household_id)
    qtbot.addWidget(page)
    members = page.members.members_model
    row = next(r for r in range(members.rowCount()) if members.rows[r].id == seeded.sanne)
    assert members.text(row, members.COL_SECRET) == "geheim"
    ctx.set_privacy(True)
    assert [members.text(row, c) for c in (members.COL_ROLES, members.COL_SECRET,
                                           members.COL_ADDRESS)] == ["", "", MASK]
    network = page.members.network_model
    assert {network.text(r, network.COL_STANCE) for r in range(network.rowCount())} == {""}


def test_what_the_mode_closes_says_why_and_opens_again(ctx, seeded, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    page = HouseholdPage(ctx, seeded.household_id)
    qtbot.addWidget(page)
    incident = page.timeline.incident_button
    own_tip = incident.toolTip()
    ctx.set_privacy(True)
    assert not incident.isEnabled() and incident.toolTip() == home_visit.WHY_UNAVAILABLE
    assert not page.members.add_network_button.isEnabled()
    ctx.set_privacy(False)
    assert incident.isEnabled() and incident.toolTip() == own_tip


def test_a_monitoring_note_typed_in_the_mode_is_kept(ctx, seeded, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    from wijkteam_desk.ui.household.monitoring_tab import MonitoringTab

    ctx.set_privacy(True)
    tab = MonitoringTab(ctx, seeded.household_id)
    qtbot.addWidget(tab)
    form = tab.form_widget
    assert form is not None
    note = next(n for _combo, n in form.conditions.values())
    assert note.echoMode() is QLineEdit.EchoMode.Password
    assert note.toolTip() == home_visit.WHY_TYPED
    note.setText("Afspraak met school gemaakt")
    tab.save_now()
    answers = ctx.workspace.monitoring.form(form.form.moment.id).moment.answers()
    assert [v["note"] for v in answers["conditions"].values()] == ["Afspraak met school gemaakt"]
