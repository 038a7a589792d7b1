"""The Monitoring tab, the agenda and the team figures as a consultant uses them: complete a
3-month moment with each outcome, autosave, print, export; screenshots of the three screens
(written to docs/screenshots/ only with WIJKTEAM_DESK_SCREENSHOTS=1)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from wijkteam_desk.domain.model import (
    HouseholdStatus,
    PersonRole,
    Phase,
    Role,
    Severity,
    ViolenceForm,
)
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui import context as context_module
from wijkteam_desk.ui.agenda import AgendaDialog
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.household.monitoring_tab import MonitoringTab
from wijkteam_desk.ui.models.monitoring import HOUSEHOLD_ROLE, AgendaModel
from wijkteam_desk.ui.monitoring_overview import MonitoringOverviewDialog

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"


@pytest.fixture
def ctx(workspace, qtbot):  # type: ignore[no-untyped-def]
    context = AppContext(workspace)
    yield context
    context.workspace = None  # type: ignore[assignment]


@pytest.fixture
def errors(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Refusals shown to the user, without a modal box in the test."""
    shown: list[str] = []
    monkeypatch.setattr(context_module, "show_error",
                        lambda _parent, error: shown.append(context_module.error_text(error)))
    return shown


def household(ctx: AppContext, closed: bool = False) -> tuple[int, int]:
    ws = ctx.workspace
    hid = ws.cases.create_household("Gezin Bakker", from_vt=True, vt_case_number="VT-654321",
                                    vt_handover_date=date(2026, 8, 1), opened_on=date(2026, 8, 1))
    victim = ws.cases.add_person(hid, "Sanne", "Bakker", roles=(PersonRole(Role.SLACHTOFFER),
                                                              PersonRole(Role.OUDER)))
    child = ws.cases.add_person(hid, "Daan", "Bakker", birth_date=date(2018, 3, 3),
                                roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)))
    ws.cases.add_goal(hid, Phase.DIRECTE_VEILIGHEID, "Er is geen geweld meer in huis.")
    ws.plans.add_condition(hid, "Vader komt niet in de woning.")
    ws.cases.record_incident(hid, date(2026, 9, 14), (ViolenceForm.BEDREIGING,), Severity.ERNSTIG,
                             victim_ids=(victim,), police_report=True)
    ws.cases.change_phase(hid, Phase.STABIELE_VEILIGHEID, date(2026, 10, 1), "Rustiger")
    if closed:
        ws.cases.close_household(hid, date(2026, 11, 1), "Gezin wil geen hulp meer")
    del child
    return hid, victim


def tab_for(ctx: AppContext, hid: int) -> MonitoringTab:
    tab = MonitoringTab(ctx, hid, confirm=lambda _parent, _text: True)
    tab.resize(1280, 720)
    return tab


def fill(tab: MonitoringTab, outcome: str, reason: str = "") -> None:
    form = tab.form_widget
    assert form is not None and form.form.moment.offset_months == 3
    [(status, note)] = form.conditions.values()
    status.setCurrentIndex(status.findData("deels"))
    note.setText("Vader stond één keer voor de deur")
    [(goal, _note)] = form.goals.values()
    goal.setCurrentIndex(goal.findData("geleverd"))
    [check] = form.incidents.values()
    check.setChecked(True)
    for spin in form.scores.values():
        spin.setValue(6)
    [safe] = form.safe.values()
    safe.setCurrentIndex(safe.findData("nee"))
    form.family_view.setPlainText("Het gaat beter, maar we zijn nog bang.")
    form.outcome.setCurrentIndex(form.outcome.findData(outcome))
    form.reason.setText(reason)


def test_continue_completes_the_moment_read_only_with_reviews_and_scores(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    hid, victim = household(ctx)
    tab = tab_for(ctx, hid)
    form = tab.form_widget
    assert form is not None and "Daan" in form.children[next(iter(form.children))].placeholderText()
    fill(tab, "doorgaan")
    assert tab.finish() and errors == []
    done = ctx.workspace.monitoring.moments(hid)[0]
    assert done.is_done and done.outcome == "doorgaan"
    assert done.answers()["durably_safe"] == {str(victim): "nee"}
    assert tab.form_widget is not None and not tab.form_widget.inputs.isEnabled()
    assert not tab.finish_button.isEnabled()
    [condition] = ctx.workspace.plans.conditions(hid)
    assert "deels" in str(condition)  # the review went into the shared condition reviews
    actions = [e.action for e in ctx.workspace.cases.audit_log(household_id=hid)]
    assert "monitoring.complete" in actions


def test_close_asks_for_a_reason_before_the_one_year_date(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx)
    tab = tab_for(ctx, hid)
    fill(tab, "afsluiten")
    assert "14-09-2027" in tab.form_widget.hint.text()  # one year after the last incident
    assert not tab.finish()
    assert errors and "14-09-2027" in errors[0]
    tab.form_widget.reason.setText("Gezin verhuist naar het buitenland")
    assert tab.finish()
    h = ctx.workspace.cases.open_file(hid).file.household
    assert h.status is HouseholdStatus.GESLOTEN
    assert [m.is_done for m in ctx.workspace.monitoring.moments(hid)] == [True, False]


def test_reopen_puts_the_case_back_in_directe_veiligheid(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx, closed=True)
    tab = tab_for(ctx, hid)
    fill(tab, "heropenen")
    assert not tab.finish() and errors  # a reason is needed
    tab.form_widget.reason.setText("Nieuwe politiemelding")
    assert tab.finish()
    file = ctx.workspace.cases.open_file(hid).file
    assert file.household.status is HouseholdStatus.OPEN
    assert file.household.phase is Phase.DIRECTE_VEILIGHEID
    assert file.phase_history[-1].reason == "Monitoring: Nieuwe politiemelding"


def test_report_to_vt_leaves_a_prepared_melding(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx)
    tab = tab_for(ctx, hid)
    fill(tab, "melden_vt", "Zorgen om Daan")
    assert tab.finish() and errors == []
    [melding] = ctx.workspace.monitoring.prepared_meldingen()
    assert melding["household_id"] == hid and melding["vt_case_number"] == "VT-654321"


def test_the_form_autosaves_and_survives_reopening(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx)
    tab = tab_for(ctx, hid)
    tab.form_widget.family_view.setPlainText("Half ingevuld")
    assert tab._timer.isActive()  # the edit is queued for saving
    assert tab.save_now()
    again = tab_for(ctx, hid)
    assert again.form_widget.family_view.toPlainText() == "Half ingevuld"
    assert ctx.workspace.monitoring.moments(hid)[0].status.value == "bezig"


def test_privacy_mode_hides_free_text_but_keeps_it(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx)
    tab = tab_for(ctx, hid)
    tab.show()
    tab.form_widget.family_view.setPlainText("Geheim verhaal")
    ctx.set_privacy(True)
    assert not tab.form_widget.family_view.isVisible()
    assert tab.form_widget.answers()["family_view"] == "Geheim verhaal"
    ctx.set_privacy(False)
    assert tab.form_widget.family_view.isVisible()


def test_printing_saves_a_pdf_where_the_user_chooses_and_is_audited(ctx, errors, tmp_path) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx)
    tab = tab_for(ctx, hid)
    target = tmp_path / "gekozen.pdf"
    tab.choose_pdf = lambda _parent, suggestion: (
        str(target) if "Bakker" not in suggestion else "")
    assert tab.print_pdf() == target
    assert target.read_bytes().startswith(b"%PDF")
    assert [e for e in ctx.workspace.cases.audit_log(action="print.monitoring")]


def test_an_extra_moment_is_added_with_its_purpose(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx)
    tab = tab_for(ctx, hid)
    mid = ctx.workspace.monitoring.add_extra(hid, date(2026, 12, 1), "Na de zitting")
    tab.refresh()
    assert tab.select_moment(mid)
    assert tab.model.text(tab.model.row_of(mid), 0) == "Extra: Na de zitting"
    assert tab.remove_button.isEnabled()


def test_agenda_lists_overdue_and_coming_moments_and_opens_the_household(ctx, errors,
                                                                          qtbot) -> None:  # type: ignore[no-untyped-def]
    hid, _ = household(ctx, closed=True)
    ctx.workspace.monitoring.add_extra(hid, date(2026, 11, 25), "Na de zitting")
    dialog = AgendaDialog(ctx)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert [model.text(r, AgendaModel.COL_WHEN) for r in range(2)] == ["Te laat", "Deze maand"]
    assert model.text(0, AgendaModel.COL_HOUSEHOLD) == "Gezin Bakker (gesloten)"
    assert model.text(0, AgendaModel.COL_KIND) == "3 mnd"
    assert model.text(0, AgendaModel.COL_LATE) == "21 dagen"
    opened: list[int] = []
    dialog.open_moment.connect(lambda household_id, *_: opened.append(household_id))
    dialog.table.activated.emit(model.index(0, 0))
    assert opened == [hid] and hid == model.index(0, 0).data(HOUSEHOLD_ROLE)


def test_team_figures_export_an_anonymous_csv(ctx, errors, tmp_path) -> None:  # type: ignore[no-untyped-def]
    DemoGenerator(ctx.workspace.unit_of_work, seed=3).generate(12)
    target = tmp_path / "cijfers.csv"
    dialog = MonitoringOverviewDialog(ctx, choose_file=lambda _p, _s: str(target))
    assert dialog.figures is not None and dialog.chart.months
    assert dialog.export() == target
    assert target.read_text("utf-8").startswith("maand,")
    names = [p.family_name for hid in range(1, 13)
             for p in ctx.workspace.cases.open_file(hid).file.persons]
    assert not any(n in target.read_text("utf-8") for n in names)


def _shoot(widget: QWidget, name: str) -> None:
    widget.resize(1280, 720)
    widget.show()
    QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull()
    if WRITE:
        OUT.mkdir(parents=True, exist_ok=True)
        assert image.save(str(OUT / name))


def test_screenshots(ctx, errors, qtbot) -> None:  # type: ignore[no-untyped-def]
    DemoGenerator(ctx.workspace.unit_of_work, seed=11).generate(30)
    agenda = AgendaDialog(ctx)
    qtbot.addWidget(agenda)
    assert agenda.model.rowCount() > 0
    _shoot(agenda, "agenda.png")
    hid, _ = household(ctx)
    tab = tab_for(ctx, hid)
    qtbot.addWidget(tab)
    fill(tab, "doorgaan")
    _shoot(tab, "monitoring-form.png")
    overview = MonitoringOverviewDialog(ctx, choose_file=lambda _p, _s: "")
    qtbot.addWidget(overview)
    _shoot(overview, "monitoring-overview.png")


def test_a_closed_case_with_monitoring_open_stays_on_the_dashboard(ctx, errors) -> None:  # type: ignore[no-untyped-def]
    from wijkteam_desk.ui.models.caseload import CaseloadFilter, CaseloadModel

    hid, _ = household(ctx, closed=True)
    other = ctx.workspace.cases.create_household("Gezin Klaar", opened_on=date(2024, 1, 1))
    ctx.workspace.cases.close_household(other, date(2024, 6, 1), "Klaar")
    for m in ctx.workspace.monitoring.moments(other):
        ctx.workspace.monitoring.complete(m.id, {}, "doorgaan")
    model = CaseloadModel(ctx.workspace.clock.today())
    model.set_rows(ctx.workspace.cases.list_cases(), ctx.workspace.clock.today())
    proxy = CaseloadFilter()
    proxy.setSourceModel(model)  # default filter: open cases
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert shown == ["Gezin Bakker"]  # closed, but its 3-month moment is still to do
