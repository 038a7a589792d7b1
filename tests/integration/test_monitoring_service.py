"""Monitoring on a real SQLCipher vault: moments follow the case's anchor, closing keeps them open,
the one-time sync schedules old households, outcomes act on the case, the CSV is anonymous."""

from __future__ import annotations

from datetime import date

import pytest
from tests.conftest import reopen

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import (
    HouseholdStatus,
    JournalKind,
    PersonRole,
    Phase,
    Role,
    Severity,
    ViolenceForm,
)
from wijkteam_desk.domain.monitoring import Outcome
from wijkteam_desk.storage.models import MetaRow
from wijkteam_desk.storage.repo_monitoring import SYNC_MARKER


def vt_case(ws, handover=date(2026, 5, 10)) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    hid = ws.cases.create_household("Gezin Vos", from_vt=True, vt_handover_date=handover,
                                    opened_on=handover, vt_case_number="VT-123456")
    victim = ws.cases.add_person(hid, "Mila", "Vos", roles=(PersonRole(Role.SLACHTOFFER),))
    return hid, victim


def test_a_case_from_vt_gets_its_moments_at_once_and_the_dashboard_shows_the_overdue_one(
        workspace) -> None:  # type: ignore[no-untyped-def]
    hid, _ = vt_case(workspace)
    moments = workspace.monitoring.moments(hid)
    assert [(m.offset_months, m.due_on) for m in moments] == [
        (3, date(2026, 8, 10)), (12, date(2027, 5, 10))]
    [row] = workspace.cases.list_cases()
    assert row.next_monitoring == date(2026, 8, 10)  # overdue, still the next one to do
    assert "monitoring_achterstallig" in [w.code for w in row.warnings]


def test_closing_a_case_not_from_vt_schedules_from_the_closing_date_and_stays_on_the_agenda(
        workspace) -> None:  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household("Gezin Smit", opened_on=date(2025, 1, 1))
    assert workspace.monitoring.moments(hid) == []
    workspace.cases.close_household(hid, date(2026, 8, 1), "Doelen behaald")
    assert [m.due_on for m in workspace.monitoring.moments(hid)] == [
        date(2026, 11, 1), date(2027, 8, 1)]
    [item] = workspace.monitoring.agenda()
    assert (item.household_id, item.closed, item.days_overdue) == (hid, True, 21)
    workspace.cases.reopen_household(hid, date(2026, 11, 20), "Nieuw incident")
    assert workspace.monitoring.moments(hid) == []  # no anchor any more: untouched moments go


def test_closing_before_one_year_records_the_reason_in_the_timeline(workspace) -> None:  # type: ignore[no-untyped-def]
    hid, victim = vt_case(workspace)
    workspace.cases.record_incident(hid, date(2026, 6, 1), (ViolenceForm.LICHAMELIJK,),
                                    Severity.ERNSTIG, victim_ids=(victim,))
    with pytest.raises(ValidationError) as refused:
        workspace.cases.close_household(hid, date(2026, 11, 22))
    assert refused.value.code == "early_close_reason_required"
    workspace.cases.close_household(hid, date(2026, 11, 22), "Gezin verhuisd naar Zwolle")
    file = workspace.cases.open_file(hid).file
    assert file.household.closing_reason == "Gezin verhuisd naar Zwolle"
    notes = [j.text for j in file.journal if j.kind is JournalKind.NOTITIE]
    assert notes == ["Afgesloten vóór de einddatum: Gezin verhuisd naar Zwolle"]


def test_the_first_opening_schedules_households_from_before_monitoring(
        vault_service, workspace) -> None:  # type: ignore[no-untyped-def]
    with workspace.unit_of_work() as uow:  # as a schema-1 vault has it: no moments, no marker
        hid = uow.cases.add_household(name="Gezin Oud", phase=Phase.HERSTEL,
                                      opened_on=date(2026, 1, 5), now=uow.clock.now(),
                                      from_vt=True, vt_handover_date=date(2026, 1, 5))
        uow.session.delete(uow.session.get(MetaRow, SYNC_MARKER))
        uow.commit()
    ws = reopen(vault_service, workspace)
    try:
        with ws.unit_of_work() as uow:
            stored = uow.monitoring.moments(hid)
        assert [m.due_on for m in stored] == [date(2026, 4, 5), date(2027, 1, 5)]
        assert [e.action for e in ws.cases.audit_log(action="monitoring.schedule_all")]
    finally:
        ws.lock()


def test_an_outcome_reopen_puts_a_closed_case_back_in_directe_veiligheid(workspace) -> None:  # type: ignore[no-untyped-def]
    hid, victim = vt_case(workspace)
    workspace.cases.close_household(hid, date(2026, 8, 1), "Rustig")
    three = workspace.monitoring.moments(hid)[0]
    with pytest.raises(ValidationError):  # re-opening needs a reason
        workspace.monitoring.complete(three.id, {}, Outcome.HEROPENEN)
    workspace.monitoring.complete(three.id, {"durably_safe": {str(victim): "nee"},
                                             "scores": {str(victim): 3}},
                                  Outcome.HEROPENEN, reason="Nieuwe dreiging")
    h = workspace.cases.open_file(hid).file.household
    assert (h.status, h.phase) == (HouseholdStatus.OPEN, Phase.DIRECTE_VEILIGHEID)
    done = workspace.monitoring.moments(hid)[0]
    assert done.is_done and done.outcome == "heropenen"
    with pytest.raises(ValidationError) as refused:
        workspace.monitoring.save_answers(done.id, {"family_view": "later"})
    assert refused.value.code == "moment_done"


def test_report_to_vt_leaves_a_prepared_melding_for_the_exchange(workspace) -> None:  # type: ignore[no-untyped-def]
    hid, _ = vt_case(workspace)
    three = workspace.monitoring.moments(hid)[0]
    workspace.monitoring.complete(three.id, {}, Outcome.MELDEN_VT, reason="Zorgen om de kinderen")
    [melding] = workspace.monitoring.prepared_meldingen()
    assert melding["household_id"] == hid and melding["moment_id"] == three.id
    assert melding["vt_case_number"] == "VT-123456"
    workspace.monitoring.mark_melding_sent(three.id, "pkg-1")
    assert workspace.monitoring.prepared_meldingen() == []


def test_the_anonymous_csv_holds_no_personal_data(workspace) -> None:  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household("Gezin Quirijnsdochter", from_vt=True,
                                           vt_handover_date=date(2025, 6, 3),
                                           opened_on=date(2025, 6, 3))
    victim = workspace.cases.add_person(
        hid, "Xanthippe", "Quirijnsdochter", birth_date=date(1983, 7, 19),
        roles=(PersonRole(Role.SLACHTOFFER),), address="Zwaluwstaartlaan 77",
        postcode="9999 ZZ", city="Oudeschild", phone="0687654321")
    moments = workspace.monitoring.moments(hid)
    for m in moments:
        workspace.monitoring.complete(m.id, {
            "durably_safe": {str(victim): "ja"}, "family_view": "Geheimzinnigeuitspraak",
            "help": "Hulpverlenerstekstje", "children": {}, "conditions": {},
            "goals": {}}, Outcome.DOORGAAN)
    text = ""
    for kind in ("maand", "moment"):
        text += workspace.monitoring.export_csv(date(2025, 1, 1), date(2026, 12, 31), kind)
    for secret in ("Xanthippe", "Quirijnsdochter", "1983", "19-07", "07-19", "Zwaluwstaart",
                   "9999", "Oudeschild", "0687654321", "Geheimzinnig", "Hulpverlenerstekst",
                   "2025-06-03"):
        assert secret not in text, secret
    assert "100" in text  # the victim counts as durably safe after one year
    rows = [r for r in text.splitlines() if r.startswith("G-")]
    assert len(rows) == 2 and all(",ja," in r or "doorgaan" in r for r in rows)
    assert [e.action for e in workspace.cases.audit_log(action="export.monitoring_csv")]
