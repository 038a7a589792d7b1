"""The Zicht op veiligheid tab: filling in and completing every shipped checklist in the editor,
the meldcode norm, read-only completed runs, old template versions, printing, the
veiligheidsschaal, and the screenshots for docs/screenshots/."""

# ruff: noqa: F811 (pytest fixtures imported from content_fixtures are redefined as arguments)
from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from wijkteam_desk.domain.checklists import ItemKind
from wijkteam_desk.domain.model import PersonRole, Role, Severity, ViolenceForm
from wijkteam_desk.domain.safety_scale import ScoredBy
from wijkteam_desk.resources import resource_path
from wijkteam_desk.services.checklists import ChecklistService
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.household.checklist_editor import ChecklistEditor, ItemEditor
from wijkteam_desk.ui.household.safety_dialogs import NewChecklistDialog, ScoreDialog
from wijkteam_desk.ui.household.safety_tab import SafetyTab

from .content_fixtures import ctx, errors  # noqa: F401 (fixtures)
from .driving import fire

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def household(workspace: Workspace) -> int:
    hid = workspace.cases.create_household("Gezin Bakker", opened_on=date(2026, 6, 1))
    workspace.cases.add_person(hid, "Eva", "Bakker", roles=(PersonRole(Role.SLACHTOFFER),))
    workspace.cases.add_person(hid, "Noor", "Bakker", birth_date=date(2017, 3, 1),
                               roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)))
    return hid


def _tab(ctx: AppContext, hid: int, qtbot) -> SafetyTab:  # type: ignore[no-untyped-def]
    tab = SafetyTab(ctx, hid)
    qtbot.addWidget(tab)
    tab.resize(1100, 900)
    return tab


def _start(tab: SafetyTab, template_id: str) -> None:
    dialog = NewChecklistDialog(tab.ctx, tab.household_id, tab.ctx.workspace.checklists.templates())
    dialog.template.setCurrentIndex(dialog.template.findData(template_id))
    assert dialog.submit()
    tab.start(int(dialog.result_value))  # type: ignore[call-overload]


def _shown(editor: ChecklistEditor) -> list[ItemEditor]:
    return [e for e in editor.items.values() if not e.isHidden()]


def _fill_all(editor: ChecklistEditor, prefer: str = "ja") -> None:
    """Answer every shown question the way a user does; new questions may appear on the way."""
    for _round in range(5):
        for e in _shown(editor):
            if e.answer() is not None:
                continue
            if e.item.kind is ItemKind.TEXT:
                e.choose("Afspraken gemaakt met moeder.")
            elif e.item.kind is ItemKind.DECISION:
                e.choose(e.item.allowed[0], "Besproken in het team.")
            else:
                e.choose(prefer if prefer in e.item.allowed else e.item.allowed[0], "ok")
    if editor.outcome is not None:
        editor.outcome.choose(editor.outcome.item.allowed[0], "Besproken met het gezin.")


@pytest.mark.parametrize("template_id", ["zicht-op-veiligheid", "meldcode-afweging",
                                         "verplichte-consultatie-vt", "kindcheck"])
def test_each_shipped_template_is_filled_in_and_completed(ctx: AppContext, household: int,
                                                          qtbot, errors, template_id: str
                                                          ) -> None:  # noqa: F811
    tab = _tab(ctx, household, qtbot)
    _start(tab, template_id)
    editor = tab.editor
    assert editor.view is not None and editor.view.template.id == template_id
    assert not editor.complete_button.isHidden() and "Nog te doen" in editor.problems.text()
    _fill_all(editor)
    assert "Alles is ingevuld" in editor.problems.text()
    assert editor.complete(), errors
    assert tab.selected_run() is not None and tab.selected_run().run.completed
    assert tab.model.text(0, tab.model.COL_COMPLETED) != "bezig"
    assert editor.read_only and editor.complete_button.isHidden()


def test_conditional_items_appear_and_disappear_live(ctx: AppContext, household: int,
                                                     qtbot) -> None:
    tab = _tab(ctx, household, qtbot)
    _start(tab, "meldcode-afweging")
    editor = tab.editor
    explain = editor.items["geen_vermoeden_toelichting"]
    assert explain.isHidden() and editor.items["acuut_structureel"].isHidden()
    editor.items["vermoeden"].choose("nee")
    assert not explain.isHidden() and editor.items["acuut_structureel"].isHidden()
    editor.items["vermoeden"].choose("ja")
    assert explain.isHidden() and not editor.items["acuut_structureel"].isHidden()


def test_meldcode_refuses_niet_melden_with_acute_unsafety_without_a_reason(
        ctx: AppContext, household: int, qtbot, errors) -> None:  # noqa: F811
    tab = _tab(ctx, household, qtbot)
    _start(tab, "meldcode-afweging")
    editor = tab.editor
    editor.items["vermoeden"].choose("ja")
    editor.items["acuut_structureel"].choose("ja")
    assert "melden bij Veilig Thuis de norm" in editor.notices.text()
    for item_id in ("hulp_mogelijk", "hulp_aanvaard", "hulp_resultaat"):
        editor.items[item_id].choose("ja")
    editor.items["besluit_zelf_hulp"].choose("hulp", "Gezinscoach start volgende week.")
    editor.items["besluit_melden"].choose("niet_melden", "")
    deviation = editor.items["besluit_melden"].deviation
    assert not deviation.isHidden() and "Je wijkt daarvan af" in deviation.text()
    assert "Je wijkt daarvan af" in editor.problems.text()
    assert not editor.complete()
    assert errors and "nog niet af" in errors[-1]
    assert not ctx.workspace.checklists.get(editor.view.id).run.completed
    editor.items["besluit_melden"].note.setText("Veilig Thuis is al betrokken via de politie.")
    assert editor.complete()
    stored = ctx.workspace.checklists.get(editor.view.id).run
    assert stored.completed and stored.answers["besluit_melden"].value == "niet_melden"


def test_a_completed_run_is_read_only(ctx: AppContext, household: int, qtbot) -> None:
    tab = _tab(ctx, household, qtbot)
    _start(tab, "kindcheck")
    _fill_all(tab.editor)
    assert tab.editor.complete()
    item = tab.editor.items["kinderen_aanwezig"]
    assert all(not b.isEnabled() for b in item.buttons.values())
    assert item.note.isReadOnly() and "Alleen lezen" in tab.editor.status.text()
    item.note.setText("gewijzigd")  # even a programmatic change is not saved
    tab.editor.flush()
    assert ctx.workspace.checklists.get(tab.editor.view.id).run.answers[
        "kinderen_aanwezig"].note == "ok"


def test_the_run_in_progress_is_autosaved(ctx: AppContext, household: int, qtbot) -> None:
    tab = _tab(ctx, household, qtbot)
    _start(tab, "kindcheck")
    tab.editor.items["kinderen_aanwezig"].choose("ja", "twee kinderen")
    assert "kinderen_aanwezig" not in ctx.workspace.checklists.get(tab.editor.view.id).run.answers
    fire(tab.editor._timer)  # the pause after the last answer has passed
    assert "kinderen_aanwezig" in ctx.workspace.checklists.get(tab.editor.view.id).run.answers
    tab.editor.items["kinderen_gezien"].choose("deels")
    tab.refresh()  # e.g. another tab changed something: nothing typed is lost
    answers = ctx.workspace.checklists.get(tab.editor.view.id).run.answers
    assert answers["kinderen_gezien"].value == "deels"
    assert tab.editor.items["kinderen_gezien"].answer().value == "deels"


def test_an_old_run_stays_intact_with_a_new_template_version(
        ctx: AppContext, household: int, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(resource_path("checklists"), folder)
    ws = ctx.workspace
    ws.checklists = ChecklistService(ws.unit_of_work, lambda: ws.settings, folder)
    tab = _tab(ctx, household, qtbot)
    _start(tab, "kindcheck")
    _fill_all(tab.editor)
    assert tab.editor.complete()
    old_id = tab.editor.view.id
    raw = json.loads((folder / "kindcheck.v1.json").read_text("utf-8"))
    raw["version"], raw["title"] = 2, "Kindcheck 2027"
    raw["sections"][1]["items"] = raw["sections"][1]["items"][:2]
    (folder / "kindcheck.v2.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    ws.checklists = ChecklistService(ws.unit_of_work, lambda: ws.settings, folder)
    tab.refresh()
    tab.select_run(old_id)
    assert tab.editor.title.text() == "Kindcheck (versie 1)"
    assert "kind_slachtoffer_of_getuige" in tab.editor.items
    assert tab.editor.read_only
    _start(tab, "kindcheck")
    assert tab.editor.title.text() == "Kindcheck 2027 (versie 2)"
    assert "kind_slachtoffer_of_getuige" not in tab.editor.items
    assert tab.model.text(1, tab.model.COL_VERSION) == "1"


def test_print_saves_a_pdf_where_the_user_chooses(ctx: AppContext, household: int, qtbot,
                                                  tmp_path: Path) -> None:
    tab = _tab(ctx, household, qtbot)
    _start(tab, "verplichte-consultatie-vt")
    assert not tab.print_button.isEnabled()
    _fill_all(tab.editor, prefer="nee")
    assert tab.editor.complete()
    assert tab.print_button.isEnabled()
    chosen: list[str] = []

    def ask(suggested: str) -> Path:
        chosen.append(suggested)
        return tmp_path / suggested

    tab.ask_pdf_path = ask  # type: ignore[method-assign]
    written = tab.print_selected()
    assert written is not None and written.read_bytes().startswith(b"%PDF")
    assert "Bakker" not in chosen[0]
    actions = [e.action for e in ctx.workspace.cases.audit_log(household_id=household)]
    assert "print.checklist" in actions


def test_scores_are_added_and_plotted(ctx: AppContext, household: int, qtbot) -> None:
    tab = _tab(ctx, household, qtbot)
    persons = tab.scale.persons
    for day, score in ((date(2026, 9, 1), 3), (date(2026, 10, 1), 6)):
        dialog = ScoreDialog(ctx, household, persons)
        dialog.fill(persons[1][0], score, day, ScoredBy.KIND, "")
        assert dialog.submit()
    ctx.changed("safety_score", household)
    assert [s.label for s in tab.chart.series] == ["Noor (door kind)"]
    assert tab.chart.series[0].points == ((date(2026, 9, 1), 3), (date(2026, 10, 1), 6))
    assert tab.scores_model.text(0, tab.scores_model.COL_SCORE) == "6"
    assert not tab.chart.grab().isNull()


def test_household_notices_show_in_a_run_in_progress(ctx: AppContext, household: int,
                                                     qtbot) -> None:
    ctx.workspace.cases.record_incident(household, date(2026, 11, 20), (ViolenceForm.BEDREIGING,),
                                        Severity.ZEER_ERNSTIG)
    tab = _tab(ctx, household, qtbot)
    _start(tab, "zicht-op-veiligheid")
    text = tab.editor.notices.text()
    assert "Consultatie van Veilig Thuis is verplicht" in text
    assert "Specialistische casusregie is geadviseerd" in text


def _save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(10):  # the layout settles first (wrapped texts take a few rounds)
        QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull()
    if os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SHOTS / name))


def test_screenshots_with_demo_data(ctx: AppContext, qtbot) -> None:
    ws = ctx.workspace
    hid = DemoGenerator(ws.unit_of_work, seed=11).generate(1)[0]
    tab = _tab(ctx, hid, qtbot)
    tab.resize(1200, 950)
    tab.show()
    tab.select_run(tab.runs[0].id)
    _save(tab, "checklist-completed.png")
    _start(tab, "zicht-op-veiligheid")
    editor = tab.editor
    shown = _shown(editor)
    for e in shown[:5]:
        e.choose("ja", "Besproken met moeder.")
    shown[5].choose("deels", "Vader doet nog niet mee.")
    editor.flush()
    _save(tab, "checklist-in-progress.png")
    tab.inner.setCurrentIndex(1)
    tab.resize(1200, 800)
    _save(tab, "veiligheidsschaal.png")
    assert len(tab.chart.series) >= 2 and tab.chart.markers()
