"""Vandaag and "who am I" in the app (issue 13, parts 1 and 2): the screen shown first after
unlocking, its groups and lines, each line opening the right tab; the profile asked at first run,
at the first unlock of an older vault, and in Instellingen; and no computer login anywhere."""

from __future__ import annotations

import getpass
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tests.conftest import CHEAP_KDF
from tests.support.team_state import ME, plant_team

from wijkteam_desk.domain.model import Phase
from wijkteam_desk.services.agenda import agenda_json
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore
from wijkteam_desk.ui.first_run import FirstRunDialog
from wijkteam_desk.ui.household.monitoring_tab import MonitoringTab
from wijkteam_desk.ui.household.plan import PlanTab
from wijkteam_desk.ui.main_window import MainWindow
from wijkteam_desk.ui.profile import ProfileDialog
from wijkteam_desk.ui.shell_pages import default_page_factories
from wijkteam_desk.ui.today import TodayPage

from .conftest import PASSPHRASE, visible_texts
from .content_fixtures import ctx, family  # noqa: F401
from .driving import settle, settle_loads

TODAY = date(2026, 11, 22)


def make_page(ctx, qtbot) -> TodayPage:  # noqa: F811
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    settle(page.dated_loader, page.signals_loader)  # two worker-thread reads
    assert page.is_loaded
    return page


def test_the_day_in_three_groups_and_each_line_opens_its_tab(ctx, family, qtbot):  # noqa: F811
    cases = ctx.workspace.cases
    hid = family.household_id
    cases.set_next_action(hid, "Bellen met de school van Lotte", TODAY, "Anna")
    goal = cases.add_goal(hid, Phase.DIRECTE_VEILIGHEID, "Rust in huis")
    action = cases.add_action(goal, "Gesprek met de mentor", "regisseur", TODAY - timedelta(2))
    page = make_page(ctx, qtbot)
    lines = page.lines()
    groups = [line[0] for line in lines if len(line) == 1]
    assert [g.split(" (")[0] for g in groups] == ["Te laat", "Vandaag", "Deze week"]
    by_what = {line[2]: line for line in lines if len(line) > 1}
    assert by_what["Volgende actie: Bellen met de school van Lotte"][1:] == \
        ("Gezin De Vries", "Volgende actie: Bellen met de school van Lotte", "Anna", "Overzicht")
    late = by_what["Afspraak uit het plan: Gesprek met de mentor"]
    assert late[0] == "20-11-2026 (2 d te laat)" and late[4] == "Plan"
    assert any(w.startswith("Signaal: Geen regisseur") for w in by_what)  # from the rules
    assert "te laat" in page.counts.text() and page.date_label.text() == "zondag 22 november 2026"
    model = page.model
    group = model.index(0, 0)  # te laat
    row = next(r for r in range(model.rowCount(group))
               if model.index(r, 2, group).data().endswith("Gesprek met de mentor"))
    page.tree.setCurrentIndex(model.index(row, 2, group))
    page.tree.setFocus()
    with qtbot.waitSignal(page.open_item, timeout=1000) as opened:
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert opened.args == [hid, "plan", action]


def test_huisbezoekmodus_hides_the_familys_own_words(ctx, family, qtbot):  # noqa: F811
    ctx.workspace.cases.set_next_action(family.household_id, "Sanne bellen over de opvang",
                                        TODAY, "Anna")
    page = make_page(ctx, qtbot)
    ctx.set_privacy(True)
    shown = " ".join(" ".join(line) for line in page.lines())
    assert "Sanne bellen" not in shown and "Lotte" not in shown  # kind_zonder_aanbod names her
    assert "Volgende actie: ••••••" in shown and "Gezin De Vries" in shown
    ctx.set_privacy(False)
    assert "Sanne bellen" in " ".join(" ".join(line) for line in page.lines())


def test_refreshes_when_something_changes(ctx, family, qtbot):  # noqa: F811
    page = make_page(ctx, qtbot)
    page.show()
    ctx.workspace.cases.set_next_action(family.household_id, "Huisbezoek", TODAY)
    ctx.changed("household", family.household_id)
    settle(page.dated_loader, page.signals_loader)
    assert any(line[2:3] == ("Volgende actie: Huisbezoek",) for line in page.lines())


@pytest.fixture
def real_window(make_window, seeded, service):
    ws = service.unlock(PASSPHRASE)
    ws.cases.set_next_action(seeded.household_id, "Huisbezoek plannen", TODAY)
    moment = ws.monitoring.add_extra(seeded.household_id, TODAY + timedelta(days=1), "Bellen")
    ws.lock()
    window = make_window(page_factories=default_page_factories())
    window.resize(1280, 720)
    window.show()
    window.begin()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    settle(window.gate.opener)  # the vault opens in a worker
    window.moment = moment
    yield window
    window.lock()


def test_vandaag_comes_first_and_the_way_back_leads_there(real_window, seeded, qtbot):
    window = real_window
    today = window.pages.currentWidget()
    assert isinstance(today, TodayPage)
    settle(today.dated_loader, today.signals_loader)
    window.open_item(seeded.household_id, "monitoring", window.moment)
    host = window._household
    assert host is not None and host.back_button.text() == "← &Terug naar Vandaag"
    assert isinstance(host.page.tabs.currentWidget(), MonitoringTab)
    host.back_button.click()
    assert window.pages.currentWidget() is today
    window.open_item(seeded.household_id, "plan", None)
    assert isinstance(window._household.page.tabs.currentWidget(), PlanTab)
    window.caseload_action.trigger()  # Ctrl+O
    assert window.pages.currentWidget() is window._dashboard
    window.lock()  # the caseload was on screen: it is again after unlocking
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    settle(window.gate.opener)
    assert window._dashboard is not None and window.pages.currentWidget() is window._dashboard
    window.today_action.trigger()  # Ctrl+T
    assert isinstance(window.pages.currentWidget(), TodayPage)


@pytest.fixture
def app_service(paths, clock) -> VaultService:
    """As the app makes it: nobody acts until the vault says who."""
    return VaultService(paths, NoSecretStore(), clock, Identity.of_this_machine(), kdf=CHEAP_KDF)


def test_a_vault_without_a_profile_asks_once_and_no_answer_means_no_access(
        qtbot, app_service, clock):
    app_service.create(PASSPHRASE, "Wijkteam Noord")[0].lock()  # made before profiles
    asked: list[bool] = []

    def say_nothing(_parent, workspace) -> bool:
        asked.append(workspace.needs_profile)
        return False

    window = MainWindow(app_service, clock=clock, watch_system=False,
                        page_factories=default_page_factories(), profile_prompt=say_nothing)
    qtbot.addWidget(window)
    window.begin()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    settle(window.gate.opener)
    assert asked == [True] and window.is_locked  # no name, no access

    def answer(_parent, workspace) -> bool:
        dialog = ProfileDialog(workspace)
        qtbot.addWidget(dialog)
        dialog.try_accept()  # nothing filled in
        assert "Vul het veld 'naam' in." in dialog.message.text()
        dialog.fields.name.setText("Anna de Vries")
        dialog.fields.role.setCurrentIndex(dialog.fields.role.findData(
            dialog.fields.role.currentData().__class__("teamleider")))
        dialog.try_accept()
        return dialog.result() == ProfileDialog.DialogCode.Accepted

    window._profile_prompt = answer
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    settle(window.gate.opener)
    assert not window.is_locked
    assert window.ctx.workspace.profile.name == "Anna de Vries"
    assert window.ctx.workspace.profile.role.value == "teamleider"
    settle_loads(window)  # the screens' first loads, started by the unlock, before the lock
    window.lock()
    window._profile_prompt = say_nothing  # asked once: not again
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    settle(window.gate.opener)
    assert not window.is_locked and asked == [True]
    settle_loads(window)
    window.lock()


def test_first_run_asks_who_you_are(qtbot, app_service):
    setup = FirstRunDialog(app_service)
    qtbot.addWidget(setup)
    setup.passphrase.setText("voorbeeld wachtwoord")
    setup.again.setText("voorbeeld wachtwoord")
    setup.try_accept()
    assert "Vul het veld 'naam' in." in setup.message.text() and not app_service.exists()
    setup.profile.name.setText("Anna de Vries")
    setup.profile.organisation.setText("Wijkteam Noord")
    setup.try_accept()
    settle(setup.worker)  # the vault is made in a worker
    assert setup.workspace is not None
    try:
        profile = setup.workspace.profile
        assert (profile.name, profile.role.value, profile.organisation) == \
            ("Anna de Vries", "consulent", "Wijkteam Noord")
    finally:
        setup.workspace.lock()


def test_instellingen_changes_who_you_are(unlocked, qtbot):
    dialog = unlocked.open_settings()
    dialog.profile.name.setText("   ")
    dialog.profile.organisation.setText("Wijkteam Zuid")
    assert dialog.save()  # an empty name changes no missing profile (this test vault has none)
    dialog.profile.name.setText("Bram\u0007Bakker")
    assert not dialog.save() and "tekens" in dialog.message.text()
    assert unlocked.ctx.workspace.profile is None  # nothing half stored
    dialog.profile.name.setText("Bram Bakker")
    assert dialog.save()
    workspace = unlocked.ctx.workspace
    assert workspace.profile.name == "Bram Bakker" and workspace.identity.actor == "Bram Bakker"
    assert workspace.cases.audit_log(action="profile.")[0].actor == "Bram Bakker"
    dialog.reject()


def test_no_computer_login_anywhere_in_the_app(qtbot, app_service, clock, monkeypatch):
    login = "oslogin7"
    calls: list[int] = []
    monkeypatch.setenv("LOGNAME", login)
    monkeypatch.setenv("USER", login)
    monkeypatch.setattr(getpass, "getuser", lambda: calls.append(1) or login)
    from wijkteam_desk.domain.profile import make_profile
    from wijkteam_desk.services.demo import DemoGenerator

    ws, _ = app_service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht",
                               make_profile("Anna de Vries", "consulent"))
    ids = DemoGenerator(ws.unit_of_work, seed=2).generate(4)
    ws.lock()
    window = MainWindow(app_service, clock=clock, watch_system=False,
                        page_factories=default_page_factories())
    qtbot.addWidget(window)
    window.show()
    window.begin()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    settle(window.gate.opener)
    today = window.pages.currentWidget()
    settle(today.dated_loader, today.signals_loader)
    texts = visible_texts() + [" ".join(line) for line in today.lines()]
    window.open_household(ids[0])
    tabs = window._household.page.tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        texts += visible_texts()
    audit = window.open_audit_log()
    texts += visible_texts()
    assert any("Anna de Vries" in t for t in texts)  # who acts is shown, by name
    assert not [t for t in texts if login in t.lower()]
    assert calls == []  # the app never even asks the computer who is logged in
    audit.reject()
    window.lock()
    QApplication.processEvents()


def test_audit_log_shows_name_and_role(unlocked, qtbot):
    unlocked.ctx.workspace.save_profile("Bram Bakker", "gedragswetenschapper")
    dialog = unlocked.open_audit_log()
    model = dialog.model
    from wijkteam_desk.ui.models.audit import COL_ACTOR, COL_ROLE

    assert model.index(0, COL_ACTOR).data() == "Bram Bakker"
    assert model.index(0, COL_ROLE).data() == "Gedragswetenschapper"
    assert model.headerData(COL_ROLE, Qt.Orientation.Horizontal) == "Functie"
    dialog.reject()



def test_in_a_team_vandaag_lists_only_my_own_households(ctx, family, qtbot):  # noqa: F811
    cases = ctx.workspace.cases
    mine = family.household_id
    theirs = cases.create_household("Gezin Van Collega")
    for hid in (mine, theirs):  # a dated next action and a signal (no regisseur) on both
        cases.set_next_action(hid, "Bellen", TODAY, "Anna")
    alone = {i["household_id"] for i in agenda_json(ctx.workspace.agenda.due())}
    assert alone == {mine, theirs}  # outside a team every household is one's own
    plant_team(ctx.workspace, {mine: ME, theirs: "collega"})
    due = agenda_json(ctx.workspace.agenda.due())  # what `due --json` prints
    assert {i["household_id"] for i in due} == {mine}
    assert {"volgende_actie", "signaal"} <= {i["kind"] for i in due}
    page = make_page(ctx, qtbot)
    shown = {line[1] for line in page.lines() if len(line) > 1}
    assert shown == {"Gezin De Vries"} == {i["household"] for i in due}


def test_a_date_long_overdue_fits_its_column(ctx, family, qtbot):  # noqa: F811
    """'28-11-2025 (359 d te laat)' was cut off at a fixed column width."""
    cases = ctx.workspace.cases
    goal = cases.add_goal(family.household_id, Phase.DIRECTE_VEILIGHEID, "Rust in huis")
    cases.add_action(goal, "Gesprek met de mentor", "regisseur", TODAY - timedelta(1359))
    page = make_page(ctx, qtbot)
    page.resize(1280, 600)
    page.show()
    model = page.tree.model()
    group = model.index(0, 0)  # Te laat
    line = next(model.index(r, 0, group) for r in range(model.rowCount(group))
                if "1359 d te laat" in model.index(r, 0, group).data())
    page.tree.expandAll()
    text_starts = page.tree.visualRect(line).left()  # after the group's and the line's indent
    needed = text_starts + page.tree.fontMetrics().horizontalAdvance(line.data())
    assert page.tree.columnWidth(0) >= needed
