"""Tijdlijn: every kind of event in one chronological view, filters, privacy, the incident
dialog, and the journal dialog's autosaved draft (also across locking the vault)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QDialog

from wijkteam_desk.domain.model import JournalKind, Phase, Severity, ViolenceForm
from wijkteam_desk.ui.context import MASK, AppContext
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.timeline_dialogs import (
    IncidentDialog,
    JournalDialog,
    journal_draft_key,
)
from wijkteam_desk.ui.models.timeline import (
    KIND_CLOSING,
    KIND_CONTACT,
    KIND_INCIDENT,
    KIND_PHASE,
    KIND_REGIE,
    TimelineModel,
)

from .content_fixtures import ctx, errors, family  # noqa: F401
from .driving import fire

PASSPHRASE = "een lang wachtwoord voor de test"


def make_page(ctx, qtbot, hid):  # noqa: F811
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    page.set_current_tab(page.TAB_TIMELINE)
    return page


def test_all_kinds_in_one_chronological_view(ctx, family, qtbot):  # noqa: F811
    cases, hid = ctx.workspace.cases, family.household_id
    first, second = family.professionals
    cases.assign_regisseur(hid, first, date(2026, 3, 5))
    cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Kinderen apart gesproken.",
                            datetime(2026, 4, 2, 10, 30, tzinfo=UTC))
    cases.change_phase(hid, Phase.STABIELE_VEILIGHEID, date(2026, 6, 1), "Rustiger thuis.")
    cases.change_regisseur(hid, second, date(2026, 9, 1), "Verhuizing collega.")
    cases.close_household(hid, date(2026, 11, 1), "Verhuisd naar andere gemeente.")
    cases.reopen_household(hid, date(2026, 11, 20), "Nieuwe melding.")
    page = make_page(ctx, qtbot, hid)
    entries = page.timeline.entries()
    kinds = {e.kind for e in entries}
    assert kinds == {KIND_INCIDENT, KIND_CONTACT, KIND_PHASE, KIND_REGIE, KIND_CLOSING}
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    titles = [e.title for e in entries]
    assert any(t.startswith("Incident: (ex-)partnergeweld (ernstig; kinderen aanwezig")
               for t in titles)
    assert "Huisbezoek" in titles
    assert "Fase: Directe veiligheid → Stabiele veiligheid" in titles
    assert "Regie beëindigd: Fatima el Amrani (Wijkteam Oost)" in titles
    assert "Regisseur: Peter de Boer (Wijkteam Oost)" in titles
    assert "Heropend" in titles and "Afgesloten" in titles
    page.timeline.filters[KIND_CONTACT].setChecked(False)
    page.timeline.filters[KIND_PHASE].setChecked(False)
    assert {e.kind for e in page.timeline.entries()} == {KIND_INCIDENT, KIND_REGIE,
                                                         KIND_CLOSING}
    page.timeline.filters[KIND_CONTACT].setChecked(True)
    assert KIND_CONTACT in {e.kind for e in page.timeline.entries()}


def test_privacy_masks_descriptions_and_journal_texts(ctx, family, qtbot):  # noqa: F811
    ctx.workspace.cases.add_journal_entry(family.household_id, JournalKind.TELEFOON,
                                          "Moeder belde over de school.")
    page = make_page(ctx, qtbot, family.household_id)
    model = page.timeline.model
    details = [model.text(r, TimelineModel.COL_DETAIL) for r in range(model.rowCount())]
    assert "Moeder belde over de school." in details
    assert "Buren belden de politie." in details
    ctx.set_privacy(True)
    details = [model.text(r, TimelineModel.COL_DETAIL) for r in range(model.rowCount())]
    assert "Moeder belde over de school." not in details
    assert "Buren belden de politie." not in details
    assert details.count(MASK) >= 2
    page.timeline.view.selectRow(0)
    assert "Moeder belde" not in page.timeline.detail.toPlainText()
    ctx.set_privacy(False)
    page.timeline.view.selectRow(0)
    assert "Moeder belde over de school." in page.timeline.detail.toPlainText()


def test_incident_dialog_needs_a_form_of_violence(ctx, family, qtbot, errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    dialog = IncidentDialog(ctx, family.household_id, page.view.file.persons, page)
    dialog.fill((), Severity.ERNSTIG, description="Geschreeuw")
    assert not dialog.submit()
    assert errors == ["Kies minstens één vorm van geweld."]
    assert dialog.description.toPlainText() == "Geschreeuw"
    dialog.fill((ViolenceForm.LICHAMELIJK,), Severity.ZEER_ERNSTIG, on=date(2026, 11, 21),
                victims=(family.mother,), perpetrators=(family.father,), children=True,
                report=True, description="Geschreeuw")
    assert dialog.submit()
    top = page.timeline.entries()[0]
    assert top.kind == KIND_INCIDENT and "aangifte gedaan" in top.title
    assert top.who == "slachtoffer: Sanne de Vries; pleger: Mark Jansen"


def test_journal_draft_autosaves_and_comes_back(ctx, family, qtbot):  # noqa: F811
    hid = family.household_id
    key = journal_draft_key(hid)
    dialog = JournalDialog(ctx, hid)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(JournalKind.HUISBEZOEK))
    dialog.text.setPlainText("Huisbezoek: moeder vertelt dat")
    assert dialog.draft_pending and ctx.workspace.drafts.load(key) is None
    fire(dialog._timer)  # the pause after the last keystroke has passed
    assert not dialog.draft_pending
    assert ctx.workspace.drafts.load(key) == {"kind": "huisbezoek",
                                              "text": "Huisbezoek: moeder vertelt dat"}
    dialog.text.appendPlainText("vader weer langs is geweest.")
    dialog.reject()  # closing saves what is still pending
    assert "vader weer langs" in ctx.workspace.drafts.load(key)["text"]

    again = JournalDialog(ctx, hid)
    qtbot.addWidget(again)
    assert again.kind.currentData() is JournalKind.HUISBEZOEK
    assert again.text.toPlainText().endswith("vader weer langs is geweest.")
    assert again.status.text() == "Concept van eerder teruggezet."
    assert again.submit()
    assert again.result() == QDialog.DialogCode.Accepted
    assert ctx.workspace.drafts.load(key) is None  # discarded after saving
    journal = ctx.workspace.cases.open_file(hid).file.journal
    assert journal[-1].text.endswith("vader weer langs is geweest.")


def test_journal_draft_survives_locking_the_vault(vault_service, qtbot):
    ws, _code = vault_service.create(PASSPHRASE)
    hid = ws.cases.create_household("Gezin Kluis")
    dialog = JournalDialog(AppContext(ws), hid)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("Belangrijk gesprek, nog niet af")
    dialog.save_draft()
    dialog.close()
    ws.lock()
    ws = vault_service.unlock(PASSPHRASE)
    try:
        reopened = JournalDialog(AppContext(ws), hid)
        qtbot.addWidget(reopened)
        assert reopened.text.toPlainText() == "Belangrijk gesprek, nog niet af"
    finally:
        ws.lock()


def _click_row(view, row: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    rect = view.visualRect(view.model().index(row, 2))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_row_shows_that_row_in_the_detail_pane(ctx, family, qtbot):  # noqa: F811
    cases, hid = ctx.workspace.cases, family.household_id
    cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Eerste huisbezoek.",
                            datetime(2026, 4, 2, 10, 30, tzinfo=UTC))
    cases.add_journal_entry(hid, JournalKind.TELEFOON, "Tweede gesprek, telefonisch.",
                            datetime(2026, 5, 2, 10, 30, tzinfo=UTC))
    page = make_page(ctx, qtbot, hid)
    page.resize(1200, 700)
    page.show()
    tab = page.timeline
    entries = tab.entries()
    for row in (0, 1, 2, 1, 0):  # down and back up again, by mouse
        _click_row(tab.view, row)
        assert entries[row].title in tab.detail.toPlainText().splitlines()[1], row
    # with a filter on, the proxy row and the source row differ
    tab.filters[KIND_CONTACT].setChecked(False)
    shown = tab.entries()
    _click_row(tab.view, 0)
    assert tab.detail.toPlainText().splitlines()[1] == shown[0].title
    # the keyboard moves the detail along with the selection
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    QTest.keyClick(tab.view, Qt.Key.Key_Down)
    assert tab.detail.toPlainText().splitlines()[1] == shown[1].title
