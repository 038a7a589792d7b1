"""Tijdlijn: correcting a contact or an incident (the old text stays readable), withdrawing an
entry made in the wrong household, and searching the timeline and notes."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QItemSelectionModel

from wijkteam_desk.domain.model import JournalKind, Severity
from wijkteam_desk.ui.context import MASK
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.record_dialogs import (
    CorrectIncidentDialog,
    CorrectJournalDialog,
    WithdrawDialog,
)
from wijkteam_desk.ui.household.timeline import SEARCH_DELAY_MS
from wijkteam_desk.ui.models.timeline import KIND_CONTACT, KIND_INCIDENT

from .content_fixtures import ctx, errors, family  # noqa: F401


def make_page(ctx, qtbot, hid):  # noqa: F811
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    page.set_current_tab(page.TAB_TIMELINE)
    return page


def select(page, predicate) -> None:  # type: ignore[no-untyped-def]
    """Click the first row of the timeline for which ``predicate(entry)`` holds."""
    tab = page.timeline
    for row in range(tab.proxy.rowCount()):
        index = tab.proxy.index(row, 0)
        entry = tab.model.rows[tab.proxy.mapToSource(index).row()]
        if predicate(entry):
            tab.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            return
    raise AssertionError("no such row")


def test_a_corrected_note_shows_the_new_text_and_the_old_one_below(ctx, family, qtbot,  # noqa: F811
                                                                    errors):  # noqa: F811
    hid = family.household_id
    ctx.workspace.cases.add_journal_entry(hid, JournalKind.HUISBEZOEK,
                                          "Vader was aanwezig bij het gesprek.",
                                          datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    page = make_page(ctx, qtbot, hid)
    tab = page.timeline
    assert not tab.correct_button.isEnabled()  # nothing chosen yet
    select(page, lambda e: e.kind == KIND_CONTACT)
    assert tab.correct_button.isEnabled() and tab.withdraw_button.isEnabled()
    dialog = tab.correct_dialog()
    assert isinstance(dialog, CorrectJournalDialog)
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == "Vader was aanwezig bij het gesprek."
    dialog.text.setPlainText("Vader was niet aanwezig bij het gesprek.")
    assert not dialog.submit()  # no reason yet: the dialog stays open with the input
    assert errors == ["Geef een reden op."]
    assert dialog.text.toPlainText() == "Vader was niet aanwezig bij het gesprek."
    dialog.reason.setText("Verkeerd opgeschreven")
    assert dialog.submit()

    [entry] = [e for e in tab.entries() if e.kind == KIND_CONTACT]
    assert entry.title == "Huisbezoek (gecorrigeerd)"
    assert entry.detail == "Vader was niet aanwezig bij het gesprek."
    select(page, lambda e: e.kind == KIND_CONTACT)
    text = tab.detail.toPlainText()
    assert "Vader was niet aanwezig" in text
    assert "Gecorrigeerd op 22-11-2026" in text and "door tester" in text
    assert "(reden: Verkeerd opgeschreven)" in text
    assert "Eerder: tekst: Vader was aanwezig bij het gesprek." in text
    ctx.set_privacy(True)  # the old wording is a note too: masked on a home visit
    assert "Vader was aanwezig" not in tab.detail.toPlainText()
    assert MASK in tab.detail.toPlainText()
    assert not tab.correct_button.isEnabled()


def test_a_corrected_incident_and_a_withdrawn_one(ctx, family, qtbot):  # noqa: F811
    hid = family.household_id
    page = make_page(ctx, qtbot, hid)
    tab = page.timeline
    select(page, lambda e: e.kind == KIND_INCIDENT)
    dialog = tab.correct_dialog()
    assert isinstance(dialog, CorrectIncidentDialog)
    qtbot.addWidget(dialog)
    assert dialog.description.toPlainText() == "Buren belden de politie."
    dialog.severity.setCurrentIndex(list(Severity).index(Severity.ZEER_ERNSTIG))
    dialog.reason.setText("Ernst te laag ingeschat")
    assert dialog.submit()
    [incident] = [e for e in tab.entries() if e.kind == KIND_INCIDENT]
    assert "zeer ernstig" in incident.title and incident.title.endswith("(gecorrigeerd)")
    assert "Eerder: ernst: ernstig." in incident.corrections[0]

    ctx.workspace.cases.add_journal_entry(hid, JournalKind.TELEFOON, "Gesprek met gezin Pietersen")
    ctx.changed("journal", hid)
    select(page, lambda e: e.detail == "Gesprek met gezin Pietersen")
    withdraw = tab.withdraw_dialog()
    assert isinstance(withdraw, WithdrawDialog)
    qtbot.addWidget(withdraw)
    assert "Gesprek met gezin Pietersen" in withdraw.findChildren(
        type(tab.detail))[0].toPlainText()
    withdraw.reason.setText("Hoort bij gezin Pietersen")
    assert withdraw.submit()
    assert all("Pietersen" not in e.detail for e in tab.entries())
    assert ctx.workspace.record.withdrawals(hid)[0].reason == "Hoort bij gezin Pietersen"


def test_search_filters_the_timeline_and_names_notes_elsewhere(ctx, family, qtbot):  # noqa: F811
    hid = family.household_id
    cases = ctx.workspace.cases
    cases.add_journal_entry(hid, JournalKind.TELEFOON, "Contact met de school van Lotte.")
    cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Moeder wil geen contact met vader.")
    page = make_page(ctx, qtbot, hid)
    tab = page.timeline
    total = len(tab.entries())
    tab.search_box.setText("CONTACT")
    assert tab._search_timer.isActive() and tab._search_timer.interval() == SEARCH_DELAY_MS
    tab._search_timer.timeout.emit()  # the typing paused
    details = sorted(e.detail for e in tab.entries())
    assert details == ["Contact met de school van Lotte.", "Moeder wil geen contact met vader."]
    # the mother's own note ("Wil geen contact met vader.") is not in the timeline
    assert tab.found.text() == "2 in de tijdlijn. Ook gevonden in: notitie bij gezinslid."
    tab.search_box.setText("contact school")
    tab.run_search()
    assert [e.detail for e in tab.entries()] == ["Contact met de school van Lotte."]
    tab.search_box.setText("rijbewijs")
    tab.run_search()
    assert tab.entries() == [] and tab.found.text() == "Niets gevonden."
    tab.search_box.clear()
    tab.run_search()
    assert len(tab.entries()) == total and tab.found.text() == ""


def test_a_completed_checklist_answer_is_corrected_in_the_editor(ctx, family, qtbot,  # noqa: F811
                                                                   monkeypatch):
    from tests.integration.test_checklist_services import _complete

    from wijkteam_desk.ui.household import checklist_editor
    from wijkteam_desk.ui.household.checklist_editor import ChecklistEditor

    run_id = _complete(ctx.workspace, family.household_id, "kindcheck", prefer="ja")
    editor = ChecklistEditor(ctx)
    qtbot.addWidget(editor)
    editor.set_run(ctx.workspace.checklists.get(run_id))
    editor.show()
    assert editor.read_only and editor.correct_button.isVisible()
    dialog = editor.correct_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.choose("kinderen_gezien", "deels", "Daan nog niet gezien")
    dialog.reason.setText("Verkeerd aangeklikt")

    def accept(d) -> bool:  # type: ignore[no-untyped-def]
        return d.submit()
    monkeypatch.setattr(checklist_editor, "run_dialog", accept)
    monkeypatch.setattr(editor, "correct_dialog", lambda: dialog)
    assert editor.correct_answer()
    assert editor.items["kinderen_gezien"].answer().value == "deels"
    history = editor.corrections["kinderen_gezien"].text()
    assert "Gecorrigeerd op 22-11-2026" in history and "(reden: Verkeerd aangeklikt)" in history
    assert "Eerder: antwoord: Ja" in history
    ctx.set_privacy(True)
    assert not editor.corrections["kinderen_gezien"].isVisible()
    assert not editor.correct_button.isVisible()


def test_a_note_gets_the_right_date_typed_in_the_correction(ctx, family, qtbot):  # noqa: F811
    """The correction dialog uses the app's one date field: typed dd-mm-jjjj, applied as typed
    (it had Qt's QDateTimeEdit, where typed digits did nothing)."""
    from PySide6.QtWidgets import QApplication

    from wijkteam_desk.ui.widgets.dates import DateTimeField

    from .test_dates import type_into

    hid = family.household_id
    ctx.workspace.cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Gesprek met moeder.",
                                          datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    page = make_page(ctx, qtbot, hid)
    select(page, lambda e: e.kind == KIND_CONTACT)
    dialog = page.timeline.correct_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog.at, DateTimeField)
    dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    type_into(dialog.at.date, "30102026")
    assert dialog.at.date.text() == "30-10-2026"
    dialog.reason.setText("Verkeerde datum")
    assert dialog.submit()
    [entry] = ctx.workspace.cases.open_file(hid, "test").file.journal
    assert entry.occurred_at.astimezone().date().isoformat() == "2026-10-30"
