"""Correcting the record through the services on a real vault: corrections keep the old text,
withdrawals take an entry out of every view, printout and export, search finds notes."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from wijkteam_desk.domain.errors import NotFound, ValidationError
from wijkteam_desk.domain.model import (
    JournalKind,
    PersonRole,
    Role,
    Severity,
    ViolenceForm,
)
from wijkteam_desk.domain.record import RecordKind
from wijkteam_desk.services.record import fingerprint
from wijkteam_desk.services.workspace import Workspace

from .test_checklist_services import _complete


def _household(ws: Workspace, name: str = "Gezin Bakker") -> tuple[int, int, int]:
    hid = ws.cases.create_household(name, opened_on=date(2026, 1, 5))
    mother = ws.cases.add_person(hid, "Fatma", "Bakker", roles=(PersonRole(Role.SLACHTOFFER),))
    father = ws.cases.add_person(hid, "Kees", "Bakker", roles=(PersonRole(Role.PLEGER),))
    return hid, mother, father


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_corrected_note_shows_the_new_text_and_keeps_the_old(workspace: Workspace) -> None:
    hid, _, _ = _household(workspace)
    jid = workspace.cases.add_journal_entry(hid, JournalKind.HUISBEZOEK,
                                            "Moeder vertelt dat vader in maart is vertrokken.")
    correction = workspace.record.correct_journal(
        jid, "Verkeerde maand genoteerd", text="Moeder vertelt dat vader in mei is vertrokken.",
        kind=JournalKind.TELEFOON)

    [entry] = workspace.cases.open_file(hid).file.journal
    assert entry.text == "Moeder vertelt dat vader in mei is vertrokken."
    assert entry.kind is JournalKind.TELEFOON
    [kept] = workspace.record.corrections(hid, RecordKind.JOURNAL, jid)
    assert kept == correction
    assert kept.before == {"text": "Moeder vertelt dat vader in maart is vertrokken.",
                           "kind": "huisbezoek"}
    assert kept.after == {"text": "Moeder vertelt dat vader in mei is vertrokken.",
                          "kind": "telefoon"}
    assert (kept.reason, kept.author) == ("Verkeerde maand genoteerd", "tester")
    # The audit log has both: the entry made, and the correction with both versions'
    # fingerprints (the hash chain vouches for them; the texts stay out of the log).
    [line] = workspace.cases.audit_log(household_id=hid, action="journal.correct")
    assert line.detail["correction"] == kept.id
    assert line.detail["old_sha256"] == fingerprint(kept.before)
    assert line.detail["new_sha256"] == fingerprint(kept.after)
    assert "maart" not in str(line.detail) and "mei" not in str(line.detail)
    assert workspace.cases.audit_log(household_id=hid, action="journal.create")
    assert workspace.check() == []


def test_a_correction_needs_a_reason_and_a_change(workspace: Workspace) -> None:
    hid, _, _ = _household(workspace)
    jid = workspace.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Afspraak gemaakt.")
    for reason, code in (("", "reason_required"), ("  x ", "reason_too_short")):
        with pytest.raises(ValidationError) as refused:
            workspace.record.correct_journal(jid, reason, text="Anders")
        assert refused.value.code == code
    with pytest.raises(ValidationError) as same:
        workspace.record.correct_journal(jid, "tikfout", text="  Afspraak gemaakt. ")
    assert same.value.code == "nothing_changed"
    with pytest.raises(ValidationError) as empty:
        workspace.record.correct_journal(jid, "tikfout", text="   ")
    assert empty.value.code == "empty"
    with pytest.raises(NotFound):
        workspace.record.correct_journal(jid + 99, "tikfout", text="Iets")
    assert workspace.record.corrections(hid) == []
    assert workspace.cases.open_file(hid).file.journal[0].text == "Afspraak gemaakt."


def test_a_corrected_incident_is_checked_like_a_new_one_and_moves_the_dates(
        workspace: Workspace) -> None:
    hid, mother, father = _household(workspace)
    other, stranger, _ = _household(workspace, "Gezin Anders")
    today = workspace.clock.today()
    iid = workspace.cases.record_incident(hid, today - timedelta(days=10),
                                          (ViolenceForm.PSYCHISCH,), Severity.LICHT,
                                          description="Schreeuwen")
    for changes, code in (({"forms": ()}, "forms_required"),
                          ({"occurred_on": today + timedelta(days=1)}, "date_future"),
                          ({"victim_ids": (stranger,)}, "person_other_household"),
                          ({"severity": Severity.LICHT}, "nothing_changed")):
        with pytest.raises(ValidationError) as refused:
            workspace.record.correct_incident(iid, "klopt niet", **changes)  # type: ignore[arg-type]
        assert refused.value.code == code
    assert workspace.record.corrections(hid) == []

    workspace.record.correct_incident(
        iid, "Datum en ernst waren fout", occurred_on=today - timedelta(days=3),
        severity=Severity.ERNSTIG, forms=(ViolenceForm.LICHAMELIJK, ViolenceForm.PSYCHISCH),
        victim_ids=(mother,), perpetrator_ids=(father,), police_report=True)
    [incident] = workspace.cases.open_file(hid).file.incidents
    assert incident.occurred_on == today - timedelta(days=3)
    assert incident.severity is Severity.ERNSTIG and incident.police_report
    assert incident.victim_ids == (mother,) and incident.perpetrator_ids == (father,)
    [c] = workspace.record.corrections(hid)
    assert c.before["occurred_on"] == (today - timedelta(days=10)).isoformat()
    assert c.before["forms"] == ["psychisch"] and c.after["forms"] == ["lichamelijk", "psychisch"]
    assert c.before["victim_ids"] == [] and c.after["victim_ids"] == [mother]
    assert "description" not in c.before  # only what changed
    # The rules read the corrected date: one year after the last incident moved with it.
    row = next(r for r in workspace.cases.list_cases() if r.summary.household_id == hid)
    assert row.earliest_closing == date(today.year + 1, today.month, today.day) - \
        timedelta(days=3)
    del other


def test_a_completed_checklist_answer_is_corrected_and_the_old_answer_kept(
        workspace: Workspace) -> None:
    hid, _, _ = _household(workspace)
    workspace.cases.add_person(hid, "Sam", "Bakker", birth_date=date(2018, 5, 1),
                               roles=(PersonRole(Role.KIND),))
    run_id = _complete(workspace, hid, "kindcheck", prefer="ja")
    done = workspace.checklists.get(run_id)
    assert done.run.answers["kinderen_gezien"].value == "ja"
    workspace.record.correct_answer(run_id, "kinderen_gezien", "deels", "Sam niet gezien",
                                    "Verkeerd aangeklikt")
    after = workspace.checklists.get(run_id)
    assert after.run.completed and after.run.completed_at == done.run.completed_at
    assert after.run.answers["kinderen_gezien"].value == "deels"
    [c] = workspace.record.corrections(hid, RecordKind.CHECKLIST_ANSWER, run_id)
    assert c.item == "kinderen_gezien"
    assert c.before == {"value": "ja", "note": done.run.answers["kinderen_gezien"].note}
    assert c.after == {"value": "deels", "note": "Sam niet gezien"}
    assert workspace.cases.audit_log(household_id=hid, action="checklist.correct")
    # The decision can be corrected too.
    outcome = after.template.outcome
    assert outcome is not None
    other = next(o.value for o in outcome.options if o.value != after.run.outcome.value)
    workspace.record.correct_answer(run_id, outcome.id, other, "VT gebeld", "Besluit gewijzigd")
    assert workspace.checklists.get(run_id).run.outcome.value == other  # type: ignore[union-attr]


def test_a_correction_that_hides_questions_keeps_their_answers(workspace: Workspace) -> None:
    hid, _, _ = _household(workspace)
    run_id = _complete(workspace, hid, "kindcheck", prefer="ja")
    before = workspace.checklists.get(run_id).run.answers
    workspace.record.correct_answer(run_id, "kinderen_aanwezig", "nee", "",
                                    "Het kind woont bij de oma")
    after = workspace.checklists.get(run_id).run.answers
    assert set(after) == {"kinderen_aanwezig"}  # the children's section is no longer shown
    [c] = workspace.record.corrections(hid)
    assert set(c.before["dropped"]) == set(before) - {"kinderen_aanwezig"}  # type: ignore[arg-type]


def test_a_correction_must_leave_a_complete_checklist(workspace: Workspace) -> None:
    hid, _, _ = _household(workspace)
    run_id = _complete(workspace, hid, "kindcheck", prefer="nee")
    assert workspace.checklists.get(run_id).run.answers["kinderen_aanwezig"].value == "nee"
    with pytest.raises(ValidationError) as refused:  # now the children's questions are due
        workspace.record.correct_answer(run_id, "kinderen_aanwezig", "ja", "", "Toch kinderen")
    assert refused.value.code == "checklist_incomplete"
    with pytest.raises(ValidationError) as invalid:
        workspace.record.correct_answer(run_id, "kinderen_aanwezig", "misschien", "", "twijfel")
    assert invalid.value.code == "invalid_answer"
    assert workspace.record.corrections(hid) == []


def test_an_answer_of_a_run_in_progress_is_edited_not_corrected(workspace: Workspace) -> None:
    hid, _, _ = _household(workspace)
    run_id = workspace.checklists.start(hid, "kindcheck")
    workspace.checklists.answer(run_id, "kinderen_aanwezig", "ja")
    with pytest.raises(ValidationError) as refused:
        workspace.record.correct_answer(run_id, "kinderen_aanwezig", "nee", "", "verkeerd")
    assert refused.value.code == "run_in_progress"


def _regisseur(ws: Workspace, hid: int) -> None:
    pro = ws.cases.add_professional("Ilse de Wit", "Wijkteam Noord", phone="030-1234567")
    ws.cases.assign_regisseur(hid, pro, date(2026, 1, 5))


def test_a_withdrawn_entry_leaves_views_printouts_and_exports_but_is_kept_with_the_reason(
        workspace: Workspace) -> None:
    hid = workspace.cases.create_household("Gezin Visser", opened_on=date(2026, 1, 5),
                                           from_vt=True, vt_case_number="VT-1",
                                           vt_handover_date=date(2026, 6, 1))
    workspace.cases.add_person(hid, "Mila", "Visser", roles=(PersonRole(Role.SLACHTOFFER),))
    _regisseur(workspace, hid)
    today = workspace.clock.today()
    kept = workspace.cases.record_incident(hid, today - timedelta(days=40),
                                           (ViolenceForm.PSYCHISCH,), Severity.LICHT)
    wrong = workspace.cases.record_incident(hid, today - timedelta(days=2),
                                            (ViolenceForm.STALKING,), Severity.ZEER_ERNSTIG,
                                            description="Hoort bij gezin De Groot")
    note = workspace.cases.add_journal_entry(hid, JournalKind.HUISBEZOEK,
                                             "Huisbezoek bij familie De Groot")
    workspace.record.withdraw(RecordKind.INCIDENT, wrong, "Ingevoerd bij het verkeerde gezin")
    workspace.record.withdraw(RecordKind.JOURNAL, note, "Ingevoerd bij het verkeerde gezin")

    file = workspace.cases.open_file(hid).file
    assert [i.id for i in file.incidents] == [kept] and file.journal == ()
    assert workspace.record.search(hid, "De Groot") == []
    row = next(r for r in workspace.cases.list_cases() if r.summary.household_id == hid)
    assert row.summary.last_incident == today - timedelta(days=40)
    # never printed: the monitoring form lists incidents since the handover
    moment = workspace.monitoring.moments(hid)[0]
    text = _pdf_text(workspace.monitoring.print_moment(moment.id))
    assert "psychisch" in text and "stalking" not in text.lower()
    # never exported: a melding draws its forms of violence and urgency from the incidents
    [draft] = workspace.exchange.prepare("melding", [hid], concerns="Zorgen om Mila",
                                         client_informed=True)
    assert draft.payload["forms_of_violence"] == ["psychisch"]
    assert draft.payload["acute"] is False
    assert "Groot" not in draft.preview_text()
    # kept whole, with the reason, beside the audit trail
    withdrawn = workspace.record.withdrawals(hid)
    assert [(w.kind, w.object_id) for w in withdrawn] == [(RecordKind.INCIDENT, wrong),
                                                           (RecordKind.JOURNAL, note)]
    assert withdrawn[1].snapshot["text"] == "Huisbezoek bij familie De Groot"
    assert {w.reason for w in withdrawn} == {"Ingevoerd bij het verkeerde gezin"}
    lines = workspace.cases.audit_log(household_id=hid, action="incident.withdraw")
    assert lines[0].object_id == str(wrong)
    assert lines[0].detail["sha256"] == fingerprint(withdrawn[0].snapshot)
    with pytest.raises(NotFound):
        workspace.record.withdraw(RecordKind.JOURNAL, note, "nog een keer")


def test_withdrawing_needs_a_reason_and_no_documents_on_the_note(workspace: Workspace,
                                                                 tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.support.documents import make_pdf, marker

    hid, _, _ = _household(workspace)
    jid = workspace.cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Verslag")
    with pytest.raises(ValidationError) as no_reason:
        workspace.record.withdraw(RecordKind.JOURNAL, jid, " ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(ValidationError) as not_kind:
        workspace.record.withdraw(RecordKind.CHECKLIST_ANSWER, 1, "verkeerd gezin")
    assert not_kind.value.code == "not_withdrawable"
    scan = tmp_path / "verslag.pdf"
    scan.write_bytes(make_pdf(marker()))
    workspace.attachments.attach(hid, scan, journal_id=jid)
    with pytest.raises(ValidationError) as linked:
        workspace.record.withdraw(RecordKind.JOURNAL, jid, "verkeerd gezin")
    assert linked.value.code == "withdraw_has_attachments" and linked.value.facts["aantal"] == 1
    assert len(workspace.cases.open_file(hid).file.journal) == 1


def test_search_finds_every_word_in_any_order_without_case_or_accents(
        workspace: Workspace) -> None:
    hid, mother, _ = _household(workspace)
    other, _, _ = _household(workspace, "Gezin Anders")
    workspace.cases.add_journal_entry(hid, JournalKind.TELEFOON,
                                      "Gesprek met de school van Zoë over verzuim.",
                                      occurred_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    workspace.cases.add_journal_entry(other, JournalKind.TELEFOON, "School van Zoë gebeld.")
    workspace.cases.record_incident(hid, date(2026, 2, 1), (ViolenceForm.BEDREIGING,),
                                    Severity.ERNSTIG, description="Dreigde de SCHOOL te bellen")
    workspace.cases.update_person(mother, note="Werkt op een school in Zeist")
    old = workspace.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Café bezocht")
    workspace.record.correct_journal(old, "typfout", text="Bibliotheek bezocht")

    hits = workspace.record.search(hid, "zoe SCHOOL")
    assert [(h.kind, h.label) for h in hits] == [("journal_entry", "telefoon")]
    assert "Zoë" in hits[0].snippet
    kinds = {h.kind for h in workspace.record.search(hid, "school")}
    assert kinds == {"journal_entry", "incident", "person"}
    assert [h.kind for h in workspace.record.search(hid, "cafe")] == ["correction"]
    assert workspace.record.search(hid, "   ") == []
    assert workspace.record.search(hid, "rijbewijs") == []
    # The command line searches a file it did not open: that is a view of the file.
    views = workspace.cases.audit_log(household_id=hid, action="household.view")
    assert any(v.detail.get("purpose") == "zoeken" for v in views)
    before = len(workspace.cases.audit_log(household_id=hid))
    workspace.record.search(hid, "school", audited=False)
    assert len(workspace.cases.audit_log(household_id=hid)) == before


@pytest.mark.storage_only  # renumbering empties the caseload table; the app refills it
def test_corrections_withdrawals_and_documents_follow_a_household_into_the_team(
        workspace: Workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Team sync copies a household verbatim (storage/household_doc.py) and a vault that joins
    a team moves its ids into its block (storage/renumber.py): the ids inside a correction, a
    withdrawn entry and a document's links move with them (storage/id_refs.py)."""
    from tests.support.documents import make_pdf, marker

    from wijkteam_desk.storage import household_doc
    from wijkteam_desk.storage.ids import block_range
    from wijkteam_desk.storage.renumber import renumber_into_block

    hid, mother, father = _household(workspace)
    today = workspace.clock.today()
    kept = workspace.cases.record_incident(hid, today, (ViolenceForm.PSYCHISCH,), Severity.LICHT)
    gone = workspace.cases.record_incident(hid, today, (ViolenceForm.STALKING,), Severity.LICHT,
                                           victim_ids=(mother,), perpetrator_ids=(father,))
    workspace.record.correct_incident(kept, "slachtoffer vergeten", victim_ids=(mother,))
    workspace.record.withdraw(RecordKind.INCIDENT, gone, "verkeerd gezin")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf(marker()))
    workspace.attachments.attach(hid, scan, person_id=mother)
    with workspace.unit_of_work() as uow:
        offset = renumber_into_block(uow.session, 2)
        uow.commit()
    assert offset == block_range(2)[0]
    hid, mother, father = hid + offset, mother + offset, father + offset
    [c] = workspace.record.corrections(hid)
    assert (c.object_id, c.before["victim_ids"], c.after["victim_ids"]) == \
        (kept + offset, [], [mother])
    [w] = workspace.record.withdrawals(hid)
    assert w.object_id == gone + offset
    assert (w.snapshot["id"], w.snapshot["household_id"]) == (gone + offset, hid)
    assert (w.snapshot["victim_ids"], w.snapshot["perpetrator_ids"]) == (str(mother), str(father))
    [doc] = workspace.attachments.listing(hid).items
    assert doc.person_id == mother

    with workspace.unit_of_work() as uow:
        exported = household_doc.export_household(uow.session, hid)
    for table in ("record_correction", "record_withdrawal", "attachment"):
        assert len(exported["tables"][table]["rows"]) == 1, table
    # A document's bytes stay on the laptop that holds them (household_doc.LOCAL): colleagues
    # get the list, and the folder does not carry up to 25 MB again with every change.
    assert "attachment_blob" not in exported["tables"]
