"""The household page and its overview: regisseur rules, phase, closing and the one-year date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from wijkteam_desk.domain.model import Phase, Severity, ViolenceForm
from wijkteam_desk.ui.household.dialogs import (
    CloseDialog,
    PhaseDialog,
    RegisseurDialog,
    ReopenDialog,
)
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.timeline_dialogs import IncidentDialog

from .content_fixtures import ctx, errors, family  # noqa: F401


def make_page(ctx, qtbot, hid):  # noqa: F811
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    return page


def test_page_contract_tabs_and_header(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    assert [page.tabs.tabText(i) for i in range(4)] == [
        "Overzicht", "Gezinsleden && netwerk", "Plan", "Tijdlijn"]
    assert page.current_tab() == 0
    page.set_current_tab(3)
    assert page.current_tab() == page.TAB_TIMELINE
    page.set_current_tab(9)  # out of range: ignored
    assert page.current_tab() == 3
    assert page.title.text() == "Gezin De Vries"
    assert "Directe veiligheid" in page.subtitle.text()
    assert "VT-123456" in page.subtitle.text()
    overview = page.overview
    assert "Geen regisseur" in overview.regisseur_label.text()
    assert "Wijs een regisseur aan." in overview.warnings_label.text()
    assert "Sanne de Vries" in overview.members_label.text()
    assert "pleger (vermoeden)" in overview.members_label.text()
    assert "05-06-2026" in overview.due_label.text()  # 3 months after the VT handover
    assert "01-03-2027" in overview.closing_label.text()


def test_assign_regisseur_and_second_is_refused_in_dutch(ctx, family, qtbot, errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    first, second = family.professionals
    dialog = RegisseurDialog(ctx, page.view, change=False, parent=page)
    dialog.fill(first, on=date(2026, 3, 5))
    assert dialog.submit()
    assert "Fatima el Amrani" in page.overview.regisseur_label.text()
    assert "nog niet gewisseld" in page.overview.regisseur_label.text()
    assert "Geen regisseur" not in page.overview.warnings_label.text()

    again = RegisseurDialog(ctx, page.view, change=False, parent=page)
    again.fill(second)
    assert not again.submit()
    assert errors == ["Er is al een regisseur (Fatima el Amrani). Eén gezin heeft één "
                      "regisseur: kies 'Regisseur wisselen' en geef een reden."]
    assert again.result() != QDialog.DialogCode.Accepted
    assert again.professional.currentData() == second  # the input is kept


def test_change_of_regisseur_needs_a_reason_and_is_counted(ctx, family, qtbot, errors):  # noqa: F811
    cases = ctx.workspace.cases
    first, second = family.professionals
    cases.assign_regisseur(family.household_id, first, date(2026, 3, 5))
    page = make_page(ctx, qtbot, family.household_id)
    dialog = RegisseurDialog(ctx, page.view, change=True, parent=page)
    dialog.fill(second, reason="")
    assert not dialog.submit()
    assert errors == ["Geef een reden op."]
    dialog.reason.setPlainText("Fatima gaat naar een ander werkgebied.")
    assert dialog.submit()
    text = page.overview.regisseur_label.text()
    assert "Peter de Boer" in text and "1 keer gewisseld" in text
    assert "Fatima el Amrani" in page.overview.pros_label.text()  # ended, still shown
    assert "Fatima gaat naar een ander werkgebied." in page.overview.pros_label.text()


def test_phase_change_needs_reason_and_shows_in_history(ctx, family, qtbot, errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    dialog = PhaseDialog(ctx, page.view, page)
    assert dialog.phase.currentData() is Phase.STABIELE_VEILIGHEID  # the next phase
    assert not dialog.submit()
    assert errors == ["Geef een reden op."]
    dialog.fill(Phase.STABIELE_VEILIGHEID, "Geen nieuwe incidenten; afspraken werken.")
    assert dialog.submit()
    assert "Stabiele veiligheid" in page.subtitle.text()
    history = page.overview.phase_label.text()
    assert "Directe veiligheid → Stabiele veiligheid" in history
    assert "Geen nieuwe incidenten; afspraken werken." in history
    assert "tester" in history


def test_incident_moves_the_earliest_closing_date(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    assert "01-03-2027" in page.overview.closing_label.text()
    dialog = IncidentDialog(ctx, family.household_id, page.view.file.persons, page)
    dialog.fill((ViolenceForm.PSYCHISCH, ViolenceForm.BEDREIGING), Severity.LICHT,
                on=date(2026, 10, 1), victims=(family.mother,), perpetrators=(family.father,))
    assert dialog.submit()
    assert "01-10-2027" in page.overview.closing_label.text()
    assert "01-03-2027" not in page.overview.closing_label.text()
    assert page.view.earliest_closing == date(2027, 10, 1)


def test_closing_early_needs_a_reason_and_reopening(ctx, family, qtbot, errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    dialog = CloseDialog(ctx, page.view, page)
    assert "01-03-2027" in dialog.findChildren(type(page.title))[0].text()
    dialog.fill(date(2026, 11, 22))
    assert not dialog.submit()
    assert errors and "01-03-2027" in errors[0] and "Geef een reden" in errors[0]
    dialog.fill(date(2026, 11, 22), "Gezin verhuist naar een andere gemeente.")
    assert dialog.submit()
    assert "Gesloten op 22-11-2026" in page.subtitle.text()
    assert page.overview.reopen_button.isVisibleTo(page)
    assert not page.overview.close_button.isVisibleTo(page)
    reopen = ReopenDialog(ctx, page.view, page)
    reopen.fill("Nieuw incident gemeld door school.")
    assert reopen.submit()
    assert "Open sinds" in page.subtitle.text()
    kinds = [e.title for e in page.timeline.entries()]
    assert "Heropend" in kinds and "Afgesloten" in kinds


def test_buttons_open_modal_dialogs(ctx, family, qtbot, errors):  # noqa: F811
    """The real path: a button opens a modal dialog; fill and save it from a timer."""
    page = make_page(ctx, qtbot, family.household_id)
    page.show()
    seen = []

    def fill_phase_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog).__name__)
        dialog.fill(Phase.STABIELE_VEILIGHEID, "Afspraken werken.")
        dialog.submit()

    QTimer.singleShot(0, fill_phase_dialog)
    page.overview.phase_button.click()
    assert seen == ["PhaseDialog"]
    assert "Stabiele veiligheid" in page.subtitle.text()


def test_next_action_is_saved(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    page.overview.next_action.setText("Huisbezoek met de gezinscoach")
    page.overview.save_next_action()
    rows = {r.summary.household_id: r for r in ctx.workspace.cases.list_cases()}
    assert rows[family.household_id].summary.next_action == "Huisbezoek met de gezinscoach"


def test_next_action_with_a_date_and_who_goes_on_vandaag(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    overview = page.overview
    overview.next_action.setText("Bellen met de huisarts")
    overview.next_action_on.set_value(date(2026, 11, 24))
    overview.next_action_by.setText("Anna")
    overview.save_next_action()
    h = ctx.workspace.cases.open_file(family.household_id).file.household
    assert (h.next_action, h.next_action_on, h.next_action_by) == \
        ("Bellen met de huisarts", date(2026, 11, 24), "Anna")
    page.refresh()
    assert overview.next_action_on.value() == date(2026, 11, 24)
    assert "Bellen met de huisarts (24-11-2026, Anna)" in overview.due_label.text()
    items = ctx.workspace.agenda.dated(7).items
    assert [(i.what, i.who) for i in items if i.kind.value == "volgende_actie"] == \
        [("Bellen met de huisarts", "Anna")]


def test_due_lists_only_monitoring_still_to_do(ctx, qtbot):  # noqa: F811
    ws = ctx.workspace
    hid = ws.cases.create_household("Gezin Nazorg", from_vt=True, vt_case_number="VT-111222",
                                    vt_handover_date=date(2025, 1, 10),
                                    opened_on=date(2025, 1, 10))
    first, second = ws.monitoring.moments(hid)
    ws.monitoring.complete(first.id, {}, "doorgaan")
    due = make_page(ctx, qtbot, hid).overview.due_label.text()
    assert "10-01-2026" in due and "10-04-2025" not in due  # a done moment is not overdue
    ws.monitoring.complete(second.id, {}, "doorgaan")
    due = make_page(ctx, qtbot, hid).overview.due_label.text()
    assert "alle momenten gedaan" in due and "verstreken" not in due
