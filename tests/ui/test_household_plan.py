"""Plan: goals per phase and person, actions with editable status, and an offer per child."""

from __future__ import annotations

from datetime import date

from wijkteam_desk.domain.model import Phase, PlanStatus
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.plan_dialogs import ActionDialog, ChildOfferDialog, GoalDialog

from .content_fixtures import ctx, errors, family  # noqa: F401


def make_page(ctx, qtbot, hid):  # noqa: F811
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    page.set_current_tab(page.TAB_PLAN)
    return page


def tree_texts(page) -> list[str]:
    out = []

    def walk(item, depth):
        out.append("  " * depth + item.text(0))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)
    for i in range(page.plan.tree.topLevelItemCount()):
        walk(page.plan.tree.topLevelItem(i), 0)
    return out


def test_goals_and_actions_by_phase_and_person(ctx, family, qtbot, errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    file = page.view.file
    goal = GoalDialog(ctx, family.household_id, file.persons, Phase.DIRECTE_VEILIGHEID,
                      parent=page)
    assert not goal.submit()
    assert errors == ["Vul het veld 'doel' in."]
    goal.fill("Er is geen geweld meer in huis.")
    assert goal.submit()
    system_goal = goal.result_value
    goal = GoalDialog(ctx, family.household_id, file.persons, Phase.DIRECTE_VEILIGHEID,
                      parent=page)
    goal.fill("Lotte weet wie ze kan bellen.", person_id=family.child)
    assert goal.submit()
    action = ActionDialog(ctx, family.household_id, page.view.file.goals, system_goal, page)
    action.fill("Veiligheidsplan maken", "regisseur", date(2026, 12, 1))
    assert action.submit()
    texts = tree_texts(page)
    assert texts[0] == "Directe veiligheid  (huidige fase)"
    assert "  Hele gezin" in texts
    assert "    Doel: Er is geen geweld meer in huis." in texts
    assert "      Veiligheidsplan maken" in texts
    assert "  Lotte de Vries" in texts
    assert texts.index("  Hele gezin") < texts.index("  Lotte de Vries")
    assert "Stabiele veiligheid" in texts and "Nazorg" in texts
    assert "Veiligheidsplan maken" in page.overview.due_label.text()


def test_action_status_is_editable(ctx, family, qtbot):  # noqa: F811
    cases = ctx.workspace.cases
    gid = cases.add_goal(family.household_id, Phase.DIRECTE_VEILIGHEID, "Rust in huis")
    aid = cases.add_action(gid, "Huisbezoek", "regisseur", date(2026, 12, 1))
    page = make_page(ctx, qtbot, family.household_id)
    top = page.plan.tree.topLevelItem(0)
    action_item = top.child(0).child(0).child(0)
    assert action_item.text(0) == "Huisbezoek"
    box = page.plan.status_combo(action_item)
    box.setCurrentIndex(box.findData(PlanStatus.GEDAAN))
    goals = ctx.workspace.cases.open_file(family.household_id).file.goals
    assert goals[0].actions[0].id == aid
    assert goals[0].actions[0].status is PlanStatus.GEDAAN
    goal_box = page.plan.status_combo(page.plan.tree.topLevelItem(0).child(0).child(0))
    goal_box.setCurrentIndex(goal_box.findData(PlanStatus.BEZIG))
    assert ctx.workspace.cases.open_file(family.household_id).file.goals[0].status \
        is PlanStatus.BEZIG


def test_every_child_victim_or_witness_gets_an_offer_or_a_reason(ctx, family, qtbot,  # noqa: F811
                                                                 errors):  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    rows = page.plan.children_rows()
    assert [name for name, _ in rows] == ["Lotte de Vries"]  # Daan is a child, no witness
    assert rows[0][1].startswith("⚠ Nog geen aanbod")
    child = page.view.file.person(family.child)
    dialog = ChildOfferDialog(ctx, family.household_id, child, page)
    assert not dialog.submit()
    assert errors == ["Beschrijf het aanbod, of leg vast waarom er geen aanbod is."]
    dialog.fill(no_offer_reason="Lotte is al in behandeling bij de GGZ.")
    assert dialog.submit()
    assert page.plan.children_rows()[0][1] == \
        "Geen aanbod. Reden: Lotte is al in behandeling bij de GGZ."
    ctx.set_privacy(True)
    assert page.plan.children_rows()[0][1] == "Geen aanbod. Reden: ••••••"
    ctx.set_privacy(False)
    dialog = ChildOfferDialog(ctx, family.household_id, child, page)
    dialog.fill("KIES-training", "Jeugdteam", date(2026, 12, 1))
    assert dialog.submit()
    assert page.plan.children_rows()[0][1] == \
        "Aanbod: KIES-training (Jeugdteam), sinds 01-12-2026"
