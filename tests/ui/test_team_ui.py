"""The team in the app (issue 16): setting up over three homes sharing one plain folder (Extra →
Team), the caseload's Mijn gezinnen / Heel het team / per colleague, the read-only banner with
its write actions off, a handover from the household file, and the background sync driven by
its own timers fired by hand (the worker joined; nothing waits on real time). Screenshots to
docs/screenshots/ with WIJKTEAM_DESK_SCREENSHOTS=1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from faker import Faker
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from tests.conftest import CHEAP_KDF
from tests.support.team_vaults import (
    TeamOfVaults,
    fingerprint,
    make_workspace,
    team_of_vaults,
)

from wijkteam_desk.domain.errors import ReadOnlyHousehold
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.secretstore import NoSecretStore
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.dashboard import DashboardPage
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.team_bar import HandoverDialog, writes
from wijkteam_desk.ui.main_window import MainWindow
from wijkteam_desk.ui.models.caseload import CaseloadModel
from wijkteam_desk.ui.team_setup import (
    AddColleagueDialog,
    Choosers,
    CreateTeamDialog,
    JoinTeamDialog,
    TeamDialog,
)
from wijkteam_desk.ui.team_sync import SyncIntervals, TeamSyncController, team_error_text

from .conftest import flush_deletes
from .driving import settle as join_work  # settle() here is the team sync's

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"
# Long intervals: only a test's own timeout.emit() ever fires a timer here.
HAND_DRIVEN = SyncIntervals(after_change_ms=3_600_000, every_ms=3_600_000,
                            folder_check_ms=3_600_000)


def _shoot(widget: QWidget, name: str) -> None:
    widget.show()
    image = widget.grab()
    assert not image.isNull() and image.width() > 200
    if WRITE:
        OUT.mkdir(parents=True, exist_ok=True)
        assert image.save(str(OUT / name))


@pytest.fixture
def team(tmp_path: Path) -> Iterator[TeamOfVaults]:
    with team_of_vaults(tmp_path) as made:
        yield made


def own(ws: Workspace) -> int:
    return next(r.summary.household_id for r in ws.cases.list_cases() if not r.read_only)


def loaded_dashboard(qtbot, ctx: AppContext) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    join_work(page.loader)  # the caseload loads in a worker
    return page


def shown_names(page: DashboardPage) -> set[str]:
    return {page.proxy.index(r, CaseloadModel.COL_NAME).data()
            for r in range(page.proxy.rowCount())}


def household_page(qtbot, ws: Workspace, household: int) -> HouseholdPage:  # type: ignore[no-untyped-def]
    page = HouseholdPage(AppContext(ws), household)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


# -- setting up, over three homes -------------------------------------------------------------
def test_team_setup_in_the_app_over_three_homes(qtbot, tmp_path: Path) -> None:
    fake = Faker("nl_NL")
    fake.seed_instance(31)
    from tests.support.team_vaults import NOW

    from wijkteam_desk.domain.clock import FixedClock

    clock = FixedClock(NOW)
    leader = make_workspace(tmp_path / "leider", fake.name(), clock, 1, seed=3)
    homes = [make_workspace(tmp_path / f"consulent{i}", fake.name(), clock, 1, seed=4 + i)
             for i in (1, 2)]
    folder = tmp_path / "teammap"
    told: list[str] = []
    runs: list[QDialog] = []
    fill: dict[type, dict[str, str]] = {}

    def run(dialog: QDialog) -> bool:
        runs.append(dialog)
        values = fill[type(dialog)]
        if isinstance(dialog, CreateTeamDialog):
            dialog.name.setText(values["name"])
            dialog.folder.setText(values["folder"])
        elif isinstance(dialog, JoinTeamDialog):
            dialog.folder.setText(values["folder"])
            dialog.leader.setText(values["leader"])
        elif isinstance(dialog, AddColleagueDialog):
            assert dialog.fingerprint.text() == values["fingerprint"]  # read out by phone
            dialog.role.setCurrentIndex(dialog.role.findData(values["role"]))
        return dialog.submit()

    def choosers(chosen: Path) -> Choosers:
        return Choosers(folder=lambda _p, _t: str(folder),
                        save_file=lambda _p, _t, _s: str(chosen),
                        open_file=lambda _p, _t: str(chosen),
                        tell=lambda _p, _t, text: told.append(text), run=run)

    try:
        # The teamleider makes the team and sees the fingerprint to read out.
        lead = TeamDialog(AppContext(leader), choosers=choosers(tmp_path / "x"))
        qtbot.addWidget(lead)
        assert lead.create_button.isVisibleTo(lead) and not lead.add_button.isVisibleTo(lead)
        fill[CreateTeamDialog] = {"name": "Wijkteam Oost", "folder": str(folder)}
        assert lead.create_team()
        leader_fp = fingerprint(leader)
        assert leader_fp in told[-1] and "voor" in told[-1]
        assert leader_fp in lead.fingerprint.text()
        assert lead.add_button.isVisibleTo(lead) and not lead.create_button.isVisibleTo(lead)

        for i, ws in enumerate(homes):
            request = tmp_path / f"aanmelding{i}.json"
            colleague = TeamDialog(AppContext(ws), choosers=choosers(request))
            qtbot.addWidget(colleague)
            # A colleague writes the join request where they choose.
            assert colleague.make_request()
            assert request.is_file()
            own_fp = ws.team.read_request(request).fingerprint
            assert own_fp in told[-1]
            # Joining before the teamleider added them is refused in Dutch; the input stays.
            fill[JoinTeamDialog] = {"folder": str(folder), "leader": leader_fp}
            assert not colleague.join_team()
            refused = runs[-1]
            assert isinstance(refused, JoinTeamDialog)
            assert "teamleider" in refused.message.text()
            assert refused.leader.text() == leader_fp
            # The teamleider adds them from the request, comparing the fingerprint.
            lead.choosers = choosers(request)
            fill[AddColleagueDialog] = {"fingerprint": own_fp, "role": "consulent"}
            assert lead.add_colleague()
            # A fingerprint that is not the teamleider's: refused, nothing joined.
            fill[JoinTeamDialog] = {"folder": str(folder), "leader": own_fp}
            assert not colleague.join_team()
            assert "Vergelijk de vingerafdruk" in runs[-1].message.text()  # type: ignore[attr-defined]
            assert not ws.team.in_team()
            fill[JoinTeamDialog] = {"folder": str(folder), "leader": leader_fp}
            assert colleague.join_team()
            assert ws.team.in_team()
            assert colleague.members.rowCount() == 2 + i
        lead.refresh()
        assert lead.members.rowCount() == 3
        for ws in (leader, *homes, leader):
            ws.team.sync()
        # Every laptop sees every household; only its own is writable.
        for ws in (leader, *homes):
            rows = ws.cases.list_cases()
            assert len(rows) == 3
            assert sum(not r.read_only for r in rows) == 1
        lead.refresh()
        _shoot(lead, "team-setup.png")
    finally:
        for ws in (leader, *homes):
            ws.lock()
        flush_deletes()


# -- the team view ----------------------------------------------------------------------------
def test_the_caseload_shows_mine_the_whole_team_or_one_colleague(qtbot,
                                                                 team: TeamOfVaults) -> None:
    ctx = AppContext(team.leader)
    page = loaded_dashboard(qtbot, ctx)
    names = {ws.identity.actor: ws.cases.list_cases() for ws in team.all}
    mine = {r.summary.name for r in names[team.leader.identity.actor] if not r.read_only}
    everyone = {r.summary.name for r in team.leader.cases.list_cases()}
    assert page.owner.isVisibleTo(page)
    assert not page.table.isColumnHidden(CaseloadModel.COL_OWNER)
    assert page.owner.currentText() == "Mijn gezinnen"
    assert shown_names(page) == mine
    page.owner.setCurrentIndex(page.owner.findText("Heel het team"))
    assert shown_names(page) == everyone and len(everyone) == 3
    colleague = team.consultants[0]
    page.owner.setCurrentIndex(page.owner.findText(colleague.identity.actor))
    [theirs] = shown_names(page)
    row = next(r for r in team.leader.cases.list_cases() if r.summary.name == theirs)
    assert row.owner == colleague.identity.actor and row.read_only
    assert page.proxy.index(0, CaseloadModel.COL_OWNER).data() == colleague.identity.actor
    page.owner.setCurrentIndex(page.owner.findText("Heel het team"))
    _shoot(page, "team-caseload.png")
    page.close()
    flush_deletes()


def test_alone_the_caseload_has_no_team_selector_nor_column(qtbot, tmp_path: Path) -> None:
    from tests.support.team_vaults import NOW

    from wijkteam_desk.domain.clock import FixedClock

    ws = make_workspace(tmp_path / "alleen", "Sanne de Vries", FixedClock(NOW), 2)
    try:
        page = loaded_dashboard(qtbot, AppContext(ws))
        assert not page.owner.isVisibleTo(page)
        assert page.table.isColumnHidden(CaseloadModel.COL_OWNER)
        page.status.setCurrentIndex(page.status.findText("Alle"))
        assert page.proxy.rowCount() == 2  # alone, every household is one's own
        page.close()
    finally:
        ws.lock()
        flush_deletes()


# -- read-only ----------------------------------------------------------------------------------
def test_a_colleagues_household_is_read_only_with_a_banner_and_no_write_action(
        qtbot, team: TeamOfVaults, monkeypatch) -> None:
    colleague = team.consultants[0]
    theirs = own(colleague)
    page = household_page(qtbot, team.leader, theirs)
    bar = page.team_bar
    assert bar.read_only and bar.banner.isVisibleTo(page)
    text = bar.banner.text()
    assert text.startswith(f"Alleen lezen — dossierhouder: {colleague.identity.actor}")
    assert "bijgewerkt" in text
    assert not bar.handover_button.isVisibleTo(page)
    buttons = [b for b in page.tabs.findChildren(QPushButton)]
    write = [b for b in buttons if writes(b)]
    assert len(write) > 15 and all(not b.isEnabled() for b in write)
    # A tab that enables its buttons again (a row chosen) is overruled.
    page.overview.phase_button.setEnabled(True)
    assert not page.overview.phase_button.isEnabled()
    # Every tab visited: what it builds is off too.
    for i in range(page.tabs.count()):
        page.set_current_tab(i)
        assert all(not b.isEnabled() for b in page.tabs.findChildren(QPushButton) if writes(b))
    # Reading stays: printing the plan is no write.
    assert any(b.text().replace("&", "") == "Afdrukken…" for b in buttons if not writes(b))
    # Opening it was audited on this laptop, as a colleague's household.
    views = team.leader.cases.audit_log(household_id=theirs, action="household.view")
    assert views and views[-1].detail.get("read_only") is True
    assert page.overview.next_action.isReadOnly()
    page.set_current_tab(page.TAB_OVERVIEW)
    _shoot(page, "team-read-only.png")
    # A write reached anyway is refused by the service and said in Dutch.
    said: list[str] = []
    monkeypatch.setattr(page.ctx, "report",
                        lambda _parent, error: said.append(team_error_text(error)))
    page.overview.next_action.setText("Bellen")
    page.overview.save_next_action()
    assert said == [f"Dit gezin is van {colleague.identity.actor}; vraag om overdracht."]
    # Our own household: no banner, the buttons as the tabs want them, a handover button.
    mine = household_page(qtbot, team.leader, own(team.leader))
    assert not mine.team_bar.read_only and not mine.team_bar.banner.isVisibleTo(mine)
    assert mine.team_bar.handover_button.isVisibleTo(mine)
    assert mine.overview.phase_button.isEnabled()
    assert not mine.overview.next_action.isReadOnly()
    page.close()
    mine.close()
    flush_deletes()


def test_read_only_refusal_text_names_the_dossierhouder() -> None:
    assert team_error_text(ReadOnlyHousehold(5, "Fatima Bakker")) == \
        "Dit gezin is van Fatima Bakker; vraag om overdracht."


# -- handover ---------------------------------------------------------------------------------
def test_a_handover_from_the_household_file_moves_the_pen(qtbot, team: TeamOfVaults) -> None:
    leader, colleague = team.leader, team.consultants[1]
    household = own(leader)
    page = household_page(qtbot, leader, household)
    asked: list[str] = []
    bar = page.team_bar
    bar.confirm = lambda _parent, text: asked.append(text) or True  # type: ignore[func-returns-value]

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, HandoverDialog)
        dialog.member.setCurrentIndex(dialog.member.findData(
            next(m.member_id for m in leader.team.status().members
                 if m.name == colleague.identity.actor)))
        return dialog.submit()

    bar.run = run
    assert bar.hand_over()
    assert asked and colleague.identity.actor in asked[0]
    # The page refreshed itself: read-only now, the handover on its way.
    assert bar.read_only
    assert "overdracht onderweg" in bar.banner.text()
    assert colleague.identity.actor in bar.banner.text()
    assert not page.overview.phase_button.isEnabled()
    # The colleague has it open, read-only; their laptop takes it at its next sync, and the
    # open file becomes writable, each tab setting its own buttons again.
    theirs = household_page(qtbot, colleague, household)
    assert theirs.team_bar.read_only and not theirs.overview.phase_button.isEnabled()
    colleague.team.sync()
    theirs.ctx.changed("team", household)  # what the sync controller says after a sync
    assert not theirs.team_bar.read_only
    assert theirs.team_bar.handover_button.isVisibleTo(theirs)
    assert theirs.overview.phase_button.isEnabled()
    assert not theirs.overview.next_action.isReadOnly()
    assert not theirs.timeline.correct_button.isEnabled()  # nothing chosen to correct
    leader.team.sync()
    page.ctx.changed("team", 0)  # what the sync controller says after a sync
    assert bar.read_only and "overdracht onderweg" not in bar.banner.text()
    page.close()
    theirs.close()
    flush_deletes()


# -- background sync --------------------------------------------------------------------------
def settle(controller: TeamSyncController) -> None:
    """Join the worker and deliver its result (a queued signal) on this thread."""
    controller.join()
    QApplication.processEvents()


def test_the_sync_runs_in_a_worker_at_start_after_a_change_and_by_its_timers(
        qtbot, team: TeamOfVaults) -> None:
    leader, colleague = team.leader, team.consultants[0]
    ctx = AppContext(colleague)
    sync = TeamSyncController(ctx, HAND_DRIVEN)
    statuses: list[str] = []
    sync.status_changed.connect(statuses.append)
    changed: list[tuple[str, int]] = []
    ctx.data_changed.connect(lambda kind, hid: changed.append((kind, hid)))
    try:
        assert sync.start()  # at unlock: one sync at once
        assert sync.every.isActive() and sync.folder_check.isActive()
        settle(sync)
        assert statuses[-1].startswith("Laatst gesynchroniseerd")
        # A colleague's new household comes in and the screens are told.
        made = leader.cases.create_household("Gezin Kaya")
        leader.team.sync()
        sync.every.timeout.emit()
        settle(sync)
        assert "1 binnengekomen" in statuses[-1]
        assert ("team", made) in changed and ("team", 0) in changed
        # A change here: one sync shortly after (debounced), never one for the team's own news.
        assert not sync.after_change.isActive()
        ctx.changed("household", own(colleague))
        assert sync.after_change.isActive()
        sync.after_change.stop()
        ctx.changed("team", 0)
        assert not sync.after_change.isActive()
        colleague.cases.set_next_action(own(colleague), "Huisbezoek plannen")
        ctx.changed("household", own(colleague))
        sync.after_change.timeout.emit()
        settle(sync)
        assert "1 verstuurd" in statuses[-1]
    finally:
        sync.stop()
        sync.join()
        sync.deleteLater()
        flush_deletes()


def test_a_missing_folder_is_waited_for_quietly_and_synced_when_it_reappears(
        qtbot, team: TeamOfVaults) -> None:
    colleague = team.consultants[0]
    ctx = AppContext(colleague)
    sync = TeamSyncController(ctx, HAND_DRIVEN)
    statuses: list[str] = []
    sync.status_changed.connect(statuses.append)
    away = team.folder.with_name("teammap-weg")
    try:
        team.folder.rename(away)  # the USB stick is out
        assert sync.start()
        settle(sync)
        assert statuses[-1].startswith("Teammap niet bereikbaar")
        assert "gaat vanzelf verder" in statuses[-1]
        sync.folder_check.timeout.emit()  # still away: nothing starts
        assert not sync.running
        away.rename(team.folder)  # back
        sync.folder_check.timeout.emit()
        settle(sync)
        assert statuses[-1].startswith("Laatst gesynchroniseerd")
        # Gone again while the app runs: said at the next check, without a sync.
        team.folder.rename(away)
        sync.folder_check.timeout.emit()
        assert statuses[-1].startswith("Teammap niet bereikbaar") and not sync.running
        away.rename(team.folder)
    finally:
        sync.stop()
        sync.join()
        sync.deleteLater()
        flush_deletes()


def test_lock_stops_the_sync_and_no_thread_outlives_it(qtbot, team: TeamOfVaults) -> None:
    colleague = team.consultants[0]
    home = colleague.vault.paths.home
    service = VaultService(AppPaths(home), NoSecretStore(), team.clock,
                           Identity(colleague.identity.actor, f"laptop-{home.name}"),
                           kdf=CHEAP_KDF)
    window = MainWindow(service, clock=team.clock, watch_system=False,
                        sync_intervals=HAND_DRIVEN)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_workspace(colleague)
    sync = window.team_sync
    assert sync is not None and sync.active
    thread = sync._thread
    assert thread is not None
    settle(sync)
    assert window.sync_label.isVisibleTo(window)
    assert window.sync_label.text().startswith("Laatst gesynchroniseerd")
    window.show_dashboard()  # Vandaag comes first after unlock; the status line is on every page
    dashboard = window._dashboard
    join_work(dashboard.loader)  # the caseload loads in a worker
    _shoot(window, "team-sync-status.png")
    sync.every.timeout.emit()  # a sync running while the vault locks
    running = sync._thread
    window.lock("test")
    assert window.team_sync is None
    assert running is not None and not running.is_alive()
    assert not sync.every.isActive() and not sync.folder_check.isActive()
    assert not window.sync_label.isVisible()
    flush_deletes()


def test_a_team_members_household_ids_travel_through_the_apps_signals_whole(
        qtbot, team: TeamOfVaults) -> None:
    """A consultant's ids start at their id block (2^40 and up): a Qt ``int`` signal cut them
    to 32 bits, and the first change on a joined laptop crashed the app (this test's first
    version ended in a segmentation fault at ``ctx.changed``)."""
    colleague = team.consultants[0]
    household = own(colleague)
    assert household >= 2**40
    ctx = AppContext(colleague)
    heard: list[object] = []
    ctx.data_changed.connect(lambda _kind, hid: heard.append(hid))
    ctx.changed("household", household)
    page = loaded_dashboard(qtbot, ctx)
    opened: list[object] = []
    page.open_household.connect(opened.append)
    page.select_household(household)
    page._activated(page.table.currentIndex())
    assert heard == [household] and opened == [household]
    page.close()
    flush_deletes()


def test_the_team_figures_count_every_household_of_the_team_on_every_laptop(
        team: TeamOfVaults) -> None:
    """Extra → Monitoring en cijfers counts what the vault holds: in a team, the colleagues'
    read-only copies too, so every laptop shows the team's figures."""
    from datetime import date

    period = (date(2020, 1, 1), date(2027, 12, 31))
    figures = [ws.monitoring.figures(*period)[0] for ws in team.all]
    assert all(f == figures[0] for f in figures)
    counted = figures[0]
    assert counted.moments_on_time + counted.moments_late + counted.moments_overdue + \
        counted.victims > 0


def test_making_a_team_from_the_menu_starts_the_background_sync(qtbot, tmp_path: Path) -> None:
    from tests.support.team_vaults import NOW

    from wijkteam_desk.domain.clock import FixedClock

    clock = FixedClock(NOW)
    ws = make_workspace(tmp_path / "leider", "Noor Jansen", clock, 1)
    home = ws.vault.paths.home
    service = VaultService(AppPaths(home), NoSecretStore(), clock,
                           Identity("Noor Jansen", f"laptop-{home.name}"), kdf=CHEAP_KDF)

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, CreateTeamDialog)
        dialog.name.setText("Wijkteam Zuid")
        dialog.folder.setText(str(tmp_path / "teammap"))
        return dialog.submit()

    told: list[str] = []
    window = MainWindow(service, clock=clock, watch_system=False, sync_intervals=HAND_DRIVEN,
                        team_choosers=Choosers(run=run, tell=lambda _p, _t, t: told.append(t)))
    qtbot.addWidget(window)
    window.show()
    window.open_workspace(ws)
    sync = window.team_sync
    assert sync is not None and not sync.active  # alone: nothing to sync
    assert not window.sync_label.isVisible()
    dialog = window.open_team()
    assert dialog is not None
    assert dialog.create_team()
    assert sync.active and sync.every.isActive()
    settle(sync)
    assert window.sync_label.text().startswith("Laatst gesynchroniseerd")
    assert "Laatst gesynchroniseerd" in dialog.sync_label.text()
    window.lock("test")
    flush_deletes()


def test_the_concept_of_a_colleagues_safety_plan_cannot_be_typed_in(
        qtbot, team: TeamOfVaults) -> None:
    from wijkteam_desk.ui.household.safety_plan_editor import PlanEditor

    colleague = team.consultants[0]
    theirs = own(colleague)
    if not colleague.plans.versions(theirs):
        colleague.plans.create_draft(theirs)
    else:
        colleague.plans.start_new_version(theirs)
    colleague.team.sync()
    team.leader.team.sync()
    page = household_page(qtbot, team.leader, theirs)
    [editor] = page.findChildren(PlanEditor)
    assert editor.plan is not None and editor.plan.status.value == "concept"
    assert editor.read_only and editor.made_by.isReadOnly()
    # On the dossierhouder's own laptop the same concept is editable.
    mine = household_page(qtbot, colleague, theirs)
    [own_editor] = mine.findChildren(PlanEditor)
    assert not own_editor.read_only and not own_editor.made_by.isReadOnly()
    page.close()
    mine.close()
    flush_deletes()
