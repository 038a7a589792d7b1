"""The Veiligheidsplan tab as a consultant uses it: build a complete plan, autosave, vaststellen
(the version becomes read-only), a new version, compare, print per audience, privacy mode."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication
from tests.integration.plan_fixtures import (  # noqa: F401
    SECRET_ADDRESS,
    PlanFamily,
    plan_family,
)

from wijkteam_desk.domain.safety_plan import PlanStatus, ReviewStatus
from wijkteam_desk.ui.context import MASK, AppContext
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.safety_plan_dialogs import (
    AgreementDialog,
    ConditionDialog,
    GoalDialog,
    ReviewDialog,
    SafePlaceDialog,
    StepDialog,
)
from wijkteam_desk.ui.household.safety_plan_tab import SafetyPlanTab, draft_key
from wijkteam_desk.ui.models.safety_plan import PlanVersionsModel
from wijkteam_desk.ui.widgets.pdf_pages import page_images

from .content_fixtures import ctx, errors  # noqa: F401
from .driving import settle

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _party(tab: SafetyPlanTab, kind: str, pid: int):  # type: ignore[no-untyped-def]
    return next(p for p in tab.parties.all() if p.key == (kind, pid))


def build_plan(tab: SafetyPlanTab, f: PlanFamily, ctx, errors) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    """Fill the concept through the editor and its dialogs, as a user would."""
    editor = tab.editor
    editor.made_with.setText("Inge Proefhuis, Bram Voorbeeldman")
    editor.made_with.textEdited.emit(editor.made_with.text())
    goal = GoalDialog(ctx, parent=tab)
    goal.text.setPlainText("Thuis is het veilig en rustig.")
    assert goal.submit()
    editor.append_goal(goal.result_value)
    agreement = AgreementDialog(ctx, tab.parties.all(), parent=tab)
    assert not agreement.submit()
    agreement.fill("Bram komt alleen op afspraak.", _party(tab, "member", f.pleger),
                   date(2027, 1, 1), tab.parties.regisseur)
    assert agreement.submit()
    editor.append_agreement(goal.result_value.id, agreement.result_value)
    editor.warning_signs.setPlainText("Bram belt vaak.\nNoor slaapt slecht.")
    step = StepDialog(ctx, tab.parties.members, parent=tab)
    step.fill("Ga met Noor naar de opvang.", _party(tab, "member", f.victim))
    assert step.submit()
    editor.append("steps", step.result_value)
    place = SafePlaceDialog(ctx, parent=tab)
    place.name.setText("Opvanghuis De Linde")
    place.shelter.setChecked(True)
    place.address.setText(SECRET_ADDRESS)
    place.secret.setChecked(True)
    assert place.submit()
    editor.append("safe_places", place.result_value)
    person = editor.person_dialog()
    person.choose(_party(tab, "network", f.threat))
    assert not person.submit()
    assert errors[-1] == ("Dit netwerklid is bedreigend en kan geen veilige persoon zijn. "
                          "Kies iemand anders.")
    person.choose(_party(tab, "network", f.aunt))
    assert person.phone.text() == "030-7654321"
    assert person.submit()
    editor.append("safe_people", person.result_value)
    _child, about, unsafe, _trusted = editor.child_fields()[0]
    about.setPlainText("Als papa boos wordt, ga je naar je kamer.")
    unsafe.setPlainText("Bel tante Els.")
    editor.check_trusted(0, [_party(tab, "network", f.aunt)])
    editor.evaluate_on.set_value(date(2027, 2, 1))


def test_build_fix_new_version_and_compare(ctx, plan_family, qtbot, errors) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    f = plan_family
    tab = SafetyPlanTab(ctx, f.household_id)
    qtbot.addWidget(tab)
    assert tab.create_button.isVisibleTo(tab) and "nog geen veiligheidsplan" in tab.banner.text()
    assert tab.create_plan()
    assert [p.status for p in tab.versions] == [PlanStatus.CONCEPT]
    assert not tab.editor.read_only and not tab.create_button.isVisibleTo(tab)
    build_plan(tab, f, ctx, errors)

    # Autosave: the working copy survives a crash (a new tab on the same vault gets it back).
    tab.flush_autosave()
    assert ctx.workspace.drafts.load(draft_key(tab.editor.plan)) is not None
    again = SafetyPlanTab(AppContext(ctx.workspace), f.household_id)  # the app after a crash
    qtbot.addWidget(again)
    assert again.restored and "teruggezet" in again.banner.text()
    assert again.editor.plan.safe_people[0].person.id == f.aunt
    assert again.editor.plan.children[0].trusted_adults[0].id == f.aunt

    assert tab.save()
    stored = ctx.workspace.plans.current_plan(f.household_id)
    assert stored.goals[0].agreements[0].what == "Bram komt alleen op afspraak."
    assert stored.warning_signs == ("Bram belt vaak.", "Noor slaapt slecht.")
    assert stored.safe_places[0].contact.secret_address
    assert stored.evaluate_on == date(2027, 2, 1)
    assert ctx.workspace.drafts.load(draft_key(stored)) is None

    dialog = tab.fix_dialog()
    assert not dialog.submit()  # nobody signed yet
    dialog.check([_party(tab, "member", f.victim), tab.parties.regisseur])
    assert dialog.submit()
    fixed = tab.selected_plan()
    assert fixed.status is PlanStatus.VASTGESTELD and len(fixed.signatures) == 2
    assert tab.editor.read_only and tab.editor.made_by.isReadOnly()
    assert tab.editor.warning_signs.isReadOnly()
    assert not tab.save_button.isEnabled() and not tab.fix_button.isEnabled()
    assert "vastgesteld" in tab.banner.text() and "Inge Proefhuis" in tab.editor.signatures.text()
    assert not any(b.isEnabled() for b in tab.editor._buttons)

    assert tab.new_version()
    assert [(p.version, p.status) for p in tab.versions] == [
        (1, PlanStatus.VASTGESTELD), (2, PlanStatus.CONCEPT)]
    assert tab.selected_plan().version == 2 and not tab.editor.read_only
    tab.editor.warning_signs.setPlainText("Bram belt vaak.\nNoor slaapt slecht.\nRuzie over geld.")
    rows = tab.compare_dialog().rows()
    assert ["Waarschuwingssignalen", "Ruzie over geld.", "toegevoegd", "",
            "Ruzie over geld."] in rows
    assert tab.save()
    dialog = tab.fix_dialog()
    dialog.check([tab.parties.regisseur])
    assert dialog.submit()
    assert [(p.version, p.status) for p in tab.versions] == [
        (1, PlanStatus.VERVANGEN), (2, PlanStatus.VASTGESTELD)]
    tab.select_version(1)
    assert tab.editor.read_only and "vervangen" in tab.banner.text()


def test_conditions_are_added_and_reviewed_from_the_tab(ctx, plan_family, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    f = plan_family
    tab = SafetyPlanTab(ctx, f.household_id)
    qtbot.addWidget(tab)
    tab.create_plan()
    add = ConditionDialog(ctx, f.household_id, tab)
    add.text.setPlainText("De kinderen gaan elke dag naar school.")
    assert add.submit()
    assert tab.editor.conditions_table.rowCount() == 2
    review = ReviewDialog(ctx, f.household_id, add.result_value, "", tab)
    review.fill(ReviewStatus.DEELS, "Twee dagen gemist")
    assert review.submit()
    row = [tab.editor.conditions_table.item(1, c).text() for c in range(1, 4)]
    assert row[0] == "De kinderen gaan elke dag naar school."
    assert row[2].startswith("deels nagekomen")


def test_print_preview_save_and_privacy(ctx, plan_family, qtbot, tmp_path, errors) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    f = plan_family
    tab = SafetyPlanTab(ctx, f.household_id)
    qtbot.addWidget(tab)
    tab.create_plan()
    build_plan(tab, f, ctx, errors)
    assert tab.save()
    dialog = tab.print_dialog()
    qtbot.addWidget(dialog)
    # The preview renders in a worker thread; until it is there nothing can be printed.
    assert dialog.pages_label.text() == "Voorbeeld maken…"
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    settle(dialog.renderer)
    assert dialog.page_count() >= 1 and dialog.printout().data.startswith(b"%PDF")
    assert dialog.print_button.isEnabled() and not dialog.working.isVisibleTo(dialog)
    labels = [dialog.audience.itemText(i) for i in range(dialog.audience.count())]
    # Bram (pleger, vermoeden) takes part in the plan: the family copy is as strict as his own.
    assert labels[:2] == ["Hulpverlener (alles, ook geheime adressen)",
                          "Gezin (streng: zonder veilige plekken en adressen)"]
    assert "Bram Voorbeeldman (eigen afspraken, geen adressen)" in labels
    dialog.audience.setCurrentIndex(1)
    settle(dialog.renderer)
    words = dialog.words.text()
    assert "Bram Voorbeeldman is pleger en leest of tekent dit exemplaar mee" in words
    assert "veilige plekken en opvang" in words
    assert dialog.leave_off.isVisibleTo(dialog)
    assert dialog.leave_off.text() == ("&Bram Voorbeeldman weglaten van dit exemplaar (krijgt "
                                       "een eigen exemplaar)")
    dialog.leave_off.setChecked(True)
    assert dialog.current_audience() == f"gezin-zonder:{f.pleger}"
    assert "Bram Voorbeeldman krijgt een eigen exemplaar" in dialog.words.text()
    settle(dialog.renderer)
    chosen = tmp_path / "gekozen map"
    chosen.mkdir()
    target = chosen / "gekozen.pdf"
    assert dialog.save_to(target)
    assert not dialog.save_button.isEnabled() and not dialog.audience.isEnabled()
    settle(dialog.output)
    assert target.read_bytes() == dialog.printout().data
    assert dialog.save_button.isEnabled() and dialog.audience.isEnabled()
    assert [p.name for p in chosen.iterdir()] == ["gekozen.pdf"]  # nothing else left behind
    assert target.stat().st_mode & 0o077 == 0
    lines = [(e.action, e.detail.get("audience"), e.detail.get("purpose"))
             for e in ctx.workspace.cases.audit_log(household_id=f.household_id)
             if e.action in ("print.plan", "plan.view")]
    # A preview is a view; the one save is the one print line, with its copy.
    assert [x for x in lines if x[0] == "print.plan"] == [
        ("print.plan", f"gezin-zonder:{f.pleger}", "opslaan")]
    assert ("plan.view", "professional", "voorbeeld") in lines
    overview = tab.overview_dialog()
    qtbot.addWidget(overview)
    settle(overview.renderer)
    assert overview.page_count() == 1

    ctx.set_privacy(True)
    places = tab.editor.places_table
    assert places.item(0, 2).text() == MASK and places.item(0, 4).text() == "ja"
    assert tab.editor.notes.isReadOnly()
    settle(dialog.renderer, overview.renderer)  # the open dialogs make their preview again


def test_printing_runs_in_a_worker_and_a_failed_save_says_so(ctx, plan_family, qtbot,  # type: ignore[no-untyped-def] # noqa: F811
                                                               tmp_path, errors,  # noqa: F811
                                                               monkeypatch) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from wijkteam_desk.ui.household import plan_print_dialog

    monkeypatch.setattr(plan_print_dialog, "show_error", lambda _p, text: errors.append(text))
    f = plan_family
    tab = SafetyPlanTab(ctx, f.household_id)
    qtbot.addWidget(tab)
    tab.create_plan()
    build_plan(tab, f, ctx, errors)
    assert tab.save()
    dialog = tab.print_dialog()
    qtbot.addWidget(dialog)
    settle(dialog.renderer)
    pages = dialog.page_count()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # a PDF printer stands in for paper
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "papier.pdf"))
    assert dialog.print_to(printer)
    assert dialog.pages_label.text() == "Afdrukken…" and not dialog.print_button.isEnabled()
    assert not dialog.print_to(printer)  # one job at a time
    settle(dialog.output)
    assert len(PdfReader(tmp_path / "papier.pdf").pages) == pages
    assert dialog.print_button.isEnabled() and "pagina" in dialog.pages_label.text()

    (tmp_path / "stick").write_bytes(b"")  # a file where the folder should be
    before = len(errors)
    assert dialog.save_to(tmp_path / "stick" / "plan.pdf")
    settle(dialog.output)
    assert errors[before:] == ["Opslaan is niet gelukt (Not a directory). Kies een andere map."]
    assert dialog.save_button.isEnabled()


def test_versions_model_lists_newest_first(ctx, plan_family) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    from tests.integration.plan_fixtures import fill_plan
    f = plan_family
    from wijkteam_desk.domain.safety_plan import Signature
    pid = fill_plan(f)
    regisseur = ctx.workspace.plans.parties(f.household_id).regisseur
    ctx.workspace.plans.fix_plan(pid, [Signature(regisseur, date(2026, 11, 22))])
    ctx.workspace.plans.start_new_version(f.household_id)
    model = PlanVersionsModel()
    model.set_rows(ctx.workspace.plans.versions(f.household_id))
    assert model.rowCount() == 2
    assert [model.index(r, model.COL_STATUS).data() for r in range(2)] == ["concept",
                                                                          "vastgesteld"]
    assert model.index(1, model.COL_DATE).data() == "22-11-2026"


def test_household_page_has_the_tab_and_a_screenshot(ctx, plan_family, qtbot, errors) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    from wijkteam_desk.services.demo import DemoGenerator
    ids = DemoGenerator(ctx.workspace.unit_of_work, seed=3).generate(8)

    def richness(hid: int) -> int:
        plan = ctx.workspace.plans.current_plan(hid)
        if plan is None or plan.status is not PlanStatus.VASTGESTELD:
            return -1
        return len(plan.safe_places) * 2 + len(plan.agreements()) + len(plan.children) + \
            any(p.contact.secret_address for p in plan.safe_places) * 3 + \
            len(ctx.workspace.plans.conditions(hid)) * 2
    hid = max(ids, key=richness)
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    labels = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    index = labels.index("Veiligheidsplan")
    page.set_current_tab(index)
    page.resize(1280, 900)
    page.show()
    QApplication.processEvents()
    image = page.grab()
    assert not image.isNull()
    write = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"
    if write:
        OUT.mkdir(parents=True, exist_ok=True)
        assert image.save(str(OUT / "veiligheidsplan-editor.png"))
    # The print dialog on the family copy: who reads it, what is left out and why.
    dialog = page.tabs.widget(index).print_dialog()
    qtbot.addWidget(dialog)
    dialog.audience.setCurrentIndex(1)
    settle(dialog.renderer)  # the picture shows the pages of the family copy
    dialog.resize(760, 700)
    dialog.show()
    QApplication.processEvents()
    shot = dialog.grab()
    assert not shot.isNull() and "Wie leest dit exemplaar" in dialog.words.text()
    if write:
        assert shot.save(str(OUT / "afdrukken.png"))
    dialog.reject()
    # The same plan in huisbezoekmodus.
    ctx.set_privacy(True)
    QApplication.processEvents()
    shot = page.grab()
    ctx.set_privacy(False)
    settle(dialog.renderer)  # the closed dialog follows the mode too (its own preview)
    if write:
        assert shot.save(str(OUT / "huisbezoek-veiligheidsplan.png"))
    # The first page of each audience's copy of the same demo plan.
    plan = ctx.workspace.plans.current_plan(hid)
    pleger = next(p.party for p in plan.participants if p.party.is_pleger)
    for audience, name in (("professional", "plan-professional.png"),
                           ("gezin", "plan-gezin.png"),
                           (f"persoon:{pleger.id}", "plan-persoon.png")):
        data = ctx.workspace.plans.print_plan(hid, audience, purpose="schermafbeelding").data
        [first] = page_images(data, dpi=60, first=0, last=0)
        assert first.width() > 400
        if write:
            assert first.save(str(OUT / name))


def test_a_member_who_joined_is_in_the_new_versions_audiences(ctx, plan_family, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    """Issue 12 item 8, as the consultant met it: "Voor wie" of version 2 lacked the new member."""
    from tests.integration.plan_fixtures import fill_plan

    from wijkteam_desk.domain.safety_plan import Signature
    f = plan_family
    pid = fill_plan(f)
    regisseur = ctx.workspace.plans.parties(f.household_id).regisseur
    ctx.workspace.plans.fix_plan(pid, [Signature(regisseur, date(2026, 11, 22))])
    ctx.workspace.cases.add_person(f.household_id, "Fenna", "Proefhuis",
                                   birth_date=date(2022, 1, 5))
    tab = SafetyPlanTab(ctx, f.household_id)
    qtbot.addWidget(tab)
    assert tab.new_version()
    dialog = tab.print_dialog()
    qtbot.addWidget(dialog)
    settle(dialog.renderer)
    labels = [dialog.audience.itemText(i) for i in range(dialog.audience.count())]
    assert "Fenna Proefhuis (eigen kinderdeel)" in labels
    assert "Fenna" in [box.title().split()[0] for box in tab.editor.children_box.findChildren(
        type(tab.editor.children_box))]


def test_clicking_a_version_shows_that_version(ctx, plan_family, qtbot) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    """A click moves the current row before the selection; the editor must follow the click."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from tests.integration.plan_fixtures import fill_plan

    from wijkteam_desk.domain.safety_plan import Signature
    f = plan_family
    pid = fill_plan(f)
    regisseur = ctx.workspace.plans.parties(f.household_id).regisseur
    ctx.workspace.plans.fix_plan(pid, [Signature(regisseur, date(2026, 11, 22))])
    ctx.workspace.plans.start_new_version(f.household_id)
    tab = SafetyPlanTab(ctx, f.household_id)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    for version in (1, 2, 1):
        row = next(r for r in range(tab.model.rowCount())
                   if tab.model.plan_at(r).version == version)
        rect = tab.table.visualRect(tab.model.index(row, 0))
        QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert tab.editor.plan.version == version
        assert tab.editor.read_only is (version == 1)
