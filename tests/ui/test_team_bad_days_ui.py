"""A team's bad days in the app (issue 17), driving the real services over a plain shared folder
(a teamleider and two consultants): the teamleider's emergency takeover from the household file,
the new dossierhouder's review of late changes side by side, a colleague taken out of the team,
a new laptop linked, roles, an afgeschermd household, and what a removed laptop says. Dialogs run
through the injectable ``run``/``confirm``. Screenshots to docs/screenshots/ with
WIJKTEAM_DESK_SCREENSHOTS=1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow
from tests.support.team_vaults import TeamOfVaults, team_of_vaults

from wijkteam_desk.domain.model import JournalKind
from wijkteam_desk.services.team_review import ReviewView, RowChange
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.ui.background import BackgroundCall
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.takeover import TakeoverDialog
from wijkteam_desk.ui.team_members import RelinkDialog
from wijkteam_desk.ui.team_review import ReviewDialog
from wijkteam_desk.ui.team_setup import Choosers, TeamDialog
from wijkteam_desk.ui.team_sync import TeamSyncController

from .conftest import flush_deletes
from .driving import settle
from .test_team_ui import HAND_DRIVEN, _shoot, own


def member_id(ws: Workspace) -> str:
    return ws.team.status().member_id


@pytest.fixture
def team(tmp_path: Path) -> Iterator[TeamOfVaults]:
    with team_of_vaults(tmp_path) as made:
        yield made


def opened(qtbot, ws: Workspace, household: int) -> tuple[QMainWindow, HouseholdPage]:  # type: ignore[no-untyped-def]
    """The household file in a window with a status bar, as the app shows it."""
    window = QMainWindow()
    qtbot.addWidget(window)
    page = HouseholdPage(AppContext(ws), household)
    window.setCentralWidget(page)
    window.resize(1366, 700)
    window.show()
    settle(*page.findChildren(BackgroundCall))  # the file's tabs read in workers: joined
    return window, page


# -- 1. emergency takeover ---------------------------------------------------------------------
def test_a_teamleider_takes_a_colleagues_household_over_from_the_file(
        qtbot, team: TeamOfVaults) -> None:
    leader, (ayse, bart) = team.leader, team.consultants
    hid = own(ayse)
    # A consultant never gets the takeover, not even on a colleague's household.
    _, seen_by_bart = opened(qtbot, bart, hid)
    assert seen_by_bart.team_bar.read_only
    assert not seen_by_bart.team_bar.takeover_button.isVisibleTo(seen_by_bart)
    window, page = opened(qtbot, leader, hid)
    bar = page.team_bar
    assert bar.read_only and bar.takeover_button.isVisibleTo(page)
    hidden = team.folder.parent / "weg"

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, TakeoverDialog)
        assert dialog.member.currentData() == member_id(leader)  # default: me
        names = [dialog.member.itemText(i) for i in range(dialog.member.count())]
        assert not any(ayse.identity.actor in n for n in names)  # not the one who has it
        assert not dialog.submit()  # no reason: refused, nothing written
        assert "reden" in dialog.message.text()
        dialog.reason.setText("Ayşe is ziek; het gezin belt in crisis")
        _shoot(dialog, "team-takeover.png")
        team.folder.rename(hidden)  # the folder is away (no VPN) while the teamleider acts
        return dialog.submit()

    bar.run = run
    assert bar.take_over()
    hidden.rename(team.folder)
    settle(*page.findChildren(BackgroundCall))  # the file reloads after the takeover
    # The banner refreshed: the household is the teamleider's now, with her actions.
    assert not bar.read_only and not bar.takeover_button.isVisibleTo(page)
    assert bar.handover_button.isVisibleTo(page)
    assert page.overview.phase_button.isEnabled()
    said = window.statusBar().currentMessage()
    assert said.startswith(f"Overgenomen voor {leader.identity.actor}")
    assert "bij de volgende synchronisatie" in said
    [line] = [e.detail for e in leader.cases.audit_log(action="team.reassign")]
    assert line["reason"] == "Ayşe is ziek; het gezin belt in crisis"
    # A refusal of the service stays in the dialog, with what was typed.
    theirs = own(bart)
    window2, page2 = opened(qtbot, leader, theirs)

    def refused(dialog: QDialog) -> bool:
        assert isinstance(dialog, TakeoverDialog)
        dialog.reason.setText("Bart ziek")
        leader.team.reassign(theirs, leader.identity.actor, "tegelijk")  # meanwhile
        assert not dialog.submit()
        assert dialog.message.text()
        assert dialog.reason.text() == "Bart ziek"
        return False

    page2.team_bar.run = refused
    assert not page2.team_bar.take_over()
    for w in (window, window2):
        w.close()
    flush_deletes()


# -- 2. late changes, side by side ---------------------------------------------------------------
def _late_change(team: TeamOfVaults) -> int:
    """The teamleider takes Ayşe's household over; Ayşe, not synced yet, still changes the next
    action and writes a journal note; both laptops sync: one late change for the teamleider."""
    leader, ayse = team.leader, team.consultants[0]
    hid = own(ayse)
    leader.team.reassign(hid, leader.identity.actor, "Ayşe is ziek")
    ayse.cases.set_next_action(hid, "Ayşe: huisbezoek donderdag")
    ayse.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Ayşe sprak moeder telefonisch")
    ayse.team.sync()
    assert leader.team.sync().late_changes == 1
    return hid


def test_the_new_dossierhouder_chooses_per_late_change_side_by_side(
        qtbot, team: TeamOfVaults) -> None:
    leader, ayse = team.leader, team.consultants[0]
    hid = _late_change(team)
    before = leader.cases.open_file(hid).file.household.next_action
    window, page = opened(qtbot, leader, hid)
    bar = page.team_bar
    assert bar.review_button.isVisibleTo(page)
    assert bar.review_button.text().replace("&", "") == "Late wijzigingen beoordelen (1)…"
    shown: list[ReviewDialog] = []

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, ReviewDialog)
        shown.append(dialog)
        table = dialog.table
        header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert header[2:4] == ["Nu in het dossier", f"Late wijziging van\n{ayse.identity.actor}"]
        rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
        household = rows[next(t for t in rows if t.startswith("Gezin "))]
        assert table.item(household, 1).text() == "Volgende actie"  # only what differs
        assert table.item(household, 2).text() == before
        assert table.item(household, 3).text() == "Ayşe: huisbezoek donderdag"
        journal = rows[next(t for t in rows if t.startswith("Journaalnotitie"))]
        assert table.item(journal, 4).text() == "wordt toegevoegd (beide bewaard)"
        assert "Ayşe sprak moeder telefonisch" in table.item(journal, 3).text()
        texts = " ".join(table.item(r, c).text() for r in range(table.rowCount())
                         for c in range(4) if table.item(r, c))
        assert str(hid) not in texts  # never ids
        assert not dialog.submit()  # no choice made yet: nothing saved
        assert "Kies bij elk onderdeel" in dialog.message.text()
        [key] = list(dialog.choices)
        dialog.choose(key, True)
        _shoot(dialog, "team-review.png")
        return dialog.submit()

    bar.run = run
    assert bar.review_late() == 1
    # The file refreshed: the late next action taken, both journal notes kept, no more review.
    assert page.overview.next_action.text() == "Ayşe: huisbezoek donderdag"
    assert not bar.review_button.isVisibleTo(page)
    texts = {e.text for e in leader.cases.open_file(hid).file.journal}
    assert "Ayşe sprak moeder telefonisch" in texts
    assert window.statusBar().currentMessage().startswith("Je beslissing is opgeslagen")
    assert leader.cases.audit_log(action="team.review")
    # Deciding again (another window had it open) is refused in the dialog, choices kept.
    again = ReviewDialog(AppContext(leader), shown[0].review)
    qtbot.addWidget(again)
    [key] = list(again.choices)
    again.choose(key, False)
    assert not again.submit()
    assert again.message.text() == "Over deze late wijziging is al besloten. Er is niets " \
        "veranderd."
    assert again.choices[key].currentIndex() == 0
    window.close()
    flush_deletes()


def test_the_team_dialog_offers_the_late_changes_beside_its_summary(
        qtbot, team: TeamOfVaults) -> None:
    leader = team.leader
    _late_change(team)
    told: list[str] = []
    ran: list[QDialog] = []

    def run(dialog: QDialog) -> bool:
        ran.append(dialog)
        if isinstance(dialog, ReviewDialog):
            for key in dialog.choices:
                dialog.choose(key, False)
            return dialog.submit()
        return False

    choosers = Choosers(run=run, tell=lambda _p, _t, text: told.append(text))
    dialog = TeamDialog(AppContext(leader), choosers=choosers)
    qtbot.addWidget(dialog)
    dialog.show()
    button = dialog.actions.review_button
    assert button.isVisibleTo(dialog)
    assert button.text().replace("&", "") == "Late wijzigingen beoordelen (1)…"
    assert dialog.actions.review_late() == 1
    assert told and told[-1].startswith(
        "Je beslissing is opgeslagen: 1 onderdeel overgenomen of toegevoegd, 1 zoals het was")
    assert not button.isVisibleTo(dialog)
    assert leader.team.reviews() == []
    dialog.close()
    flush_deletes()


# -- 3. a colleague leaves, 5. roles, 7. being removed ----------------------------------------
def _select(dialog: TeamDialog, name: str) -> None:
    table = dialog.members
    [row] = [r for r in range(table.rowCount()) if table.item(r, 0).text().startswith(name)]
    table.selectRow(row)


def test_a_teamleider_changes_roles_and_takes_a_colleague_out_of_the_team(
        qtbot, team: TeamOfVaults) -> None:
    leader, (ayse, bart) = team.leader, team.consultants
    told: list[str] = []
    asked: list[str] = []
    choosers = Choosers(run=lambda _d: False, tell=lambda _p, _t, text: told.append(text))
    dialog = TeamDialog(AppContext(leader), choosers=choosers)
    qtbot.addWidget(dialog)
    dialog.show()
    actions = dialog.actions
    actions.confirm = lambda _p, _t, text, _y: asked.append(text) or True  # type: ignore[func-returns-value]
    for b in (actions.remove_button, actions.relink_button, actions.role_button):
        assert b.isVisibleTo(dialog)
    # Not offered for yourself; the last teamleider cannot step down.
    _select(dialog, leader.identity.actor)
    assert not actions.remove_button.isEnabled()
    assert actions.role_button.text().replace("&", "") == "Geen teamleider meer"
    assert not actions.toggle_role()
    assert told[-1] == ("Een team houdt minstens één teamleider. Wijs eerst een andere "
                        "teamleider aan.")
    # A second teamleider, and back.
    _select(dialog, bart.identity.actor)
    assert actions.remove_button.isEnabled()
    assert actions.role_button.text().replace("&", "") == "Teamleider maken"
    assert actions.toggle_role()
    assert told[-1].startswith(f"{bart.identity.actor} is nu teamleider")
    _select(dialog, bart.identity.actor)
    assert dialog.members.item(dialog.members.currentRow(), 1).text() == "teamleider"
    assert actions.role_button.text().replace("&", "") == "Geen teamleider meer"
    assert actions.toggle_role()
    assert told[-1].startswith(f"{bart.identity.actor} is geen teamleider meer")
    # Bart leaves: refused while he holds a household, named.
    _select(dialog, bart.identity.actor)
    _shoot(dialog, "team-members.png")
    [bart_hid] = [r.summary.household_id for r in bart.cases.list_cases() if not r.read_only]
    bart_household = bart.cases.open_file(bart_hid).file.household.name
    assert not actions.remove_member()
    assert "sleutels" in asked[-1] and "kwijt of gestolen" in asked[-1]
    assert bart_household in told[-1] and "Draag ze eerst over of neem ze over" in told[-1]
    assert any(m.name == bart.identity.actor and m.current
               for m in leader.team.status().members)
    bart.team.handover(bart_hid, ayse.identity.actor)
    ayse.team.sync()
    _select(dialog, bart.identity.actor)
    assert actions.remove_member()
    assert told[-1].startswith(f"{bart.identity.actor} is uit het team gehaald")
    names = {dialog.members.item(r, 0).text() for r in range(dialog.members.rowCount())}
    assert not any(n.startswith(bart.identity.actor) for n in names)
    assert leader.cases.audit_log(action="team.member.remove")
    dialog.close()
    # 7. Bart's laptop, at its next sync, says so plainly and lets go of the copies.
    ctx = AppContext(bart)
    changed: list[tuple[str, object]] = []
    ctx.data_changed.connect(lambda kind, hid: changed.append((kind, hid)))
    controller = TeamSyncController(ctx, HAND_DRIVEN)
    assert controller.start()
    controller.join()
    QApplication.processEvents()
    controller.stop()
    assert controller.status == (
        "Je bent geen lid meer van het team Wijkteam Oost; de gezinnen van je collega's zijn "
        "van deze laptop verwijderd. Vraag je teamleider wat er is gebeurd.")
    assert ("team", 0) in changed  # the caseload drops them
    assert bart.cases.list_cases() == []
    flush_deletes()


# -- 4. a new laptop for the same person --------------------------------------------------------
def test_a_teamleider_links_a_colleagues_new_laptop_after_comparing_the_fingerprint(
        qtbot, team: TeamOfVaults, tmp_path: Path) -> None:
    leader, bart = team.leader, team.consultants[1]
    bart.exchange.rotate_own_key(tmp_path / "sleutelwissel")  # new keys, as on a new laptop
    request = tmp_path / "bart-nieuw.json"
    new = bart.team.request(request)
    broken = tmp_path / "kapot.json"
    broken.write_bytes(b"")
    told: list[str] = []
    files = [str(broken), str(request)]

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, RelinkDialog)
        assert dialog.fingerprint.text() == new.fingerprint
        labels = [w.text() for w in dialog.findChildren(QLabel)]
        assert bart.identity.actor in labels
        _shoot(dialog, "team-relink.png")
        return dialog.submit()

    choosers = Choosers(run=run, open_file=lambda _p, _t: files.pop(0),
                        tell=lambda _p, _t, text: told.append(text))
    dialog = TeamDialog(AppContext(leader), choosers=choosers)
    qtbot.addWidget(dialog)
    assert not dialog.actions.relink()  # not a join request: said, nothing changed
    assert told[-1]
    assert dialog.actions.relink()
    assert told[-1].startswith(f"De nieuwe laptop van {bart.identity.actor} is gekoppeld")
    assert leader.cases.audit_log(action="team.member.relink")
    assert bart.team.sync().status == "ok"  # his new keys are the roster's now
    dialog.close()
    flush_deletes()


# -- 6. afgeschermd ---------------------------------------------------------------------------
def test_the_dossierhouder_shields_a_household_after_a_confirm_that_says_who_reads_it(
        qtbot, team: TeamOfVaults) -> None:
    leader, (ayse, bart) = team.leader, team.consultants
    hid = own(ayse)
    window, page = opened(qtbot, ayse, hid)
    bar = page.team_bar
    asked: list[str] = []
    answers = [False, True, True]
    bar.confirm_shield = lambda _p, text: asked.append(text) or answers.pop(0)  # type: ignore[func-returns-value]
    assert bar.shield_button.isVisibleTo(page)
    assert bar.shield_button.text().replace("&", "") == "Afschermen…"
    assert not bar.toggle_shield()  # cancelled: nothing changed
    assert leader.identity.actor in asked[0] and "alleen jij en de teamleiders" in asked[0]
    assert not ayse.team.household(hid).afgeschermd
    assert bar.toggle_shield()
    assert bar.banner.isVisibleTo(page) and "Afgeschermd" in bar.banner.text()
    assert bar.shield_button.text().replace("&", "") == "Afscherming opheffen…"
    assert window.statusBar().currentMessage().startswith("Het gezin is afgeschermd")
    assert ayse.cases.audit_log(action="team.shield")
    # The teamleider still has it, marked; a colleague's laptop lets go of its copy.
    team.sync_all()
    assert leader.team.household(hid).afgeschermd
    _, seen = opened(qtbot, leader, hid)
    assert seen.team_bar.banner.text().endswith("· afgeschermd")
    assert not seen.team_bar.shield_button.isVisibleTo(seen)
    assert hid not in {r.summary.household_id for r in bart.cases.list_cases()}
    # Lifted again: the whole team gets it back.
    assert bar.toggle_shield()
    assert asked[-1].startswith("Het hele team krijgt dit gezin weer")
    assert "Afgeschermd" not in bar.banner.text()
    team.sync_all()
    assert hid in {r.summary.household_id for r in bart.cases.list_cases()}
    window.close()
    flush_deletes()


def test_in_huisbezoekmodus_the_late_changes_are_masked_and_not_decided(qtbot) -> None:
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    row = {"id": 5, "name": "Gezin Bosman", "next_action": "Huisbezoek bij oma, Dorpsstraat 4"}
    note = {"id": 7, "household_id": 5, "kind": "notitie", "occurred_at": at.isoformat(),
            "author": "Ayşe Yılmaz", "text": "Moeder vertelde over de nieuwe vriend"}
    review = ReviewView(1, 5, "m1", "Ayşe Yılmaz", 3, at, (
        RowChange("household:5", "household", "changed", row, {**row, "next_action": "Bellen"}),
        RowChange("journal_entry:7", "journal_entry", "added", note, None, True)))
    dialog = ReviewDialog(SimpleNamespace(privacy=True), review)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(r, c).text() for r in range(2) for c in range(4)]
    assert not any("Dorpsstraat" in t or "nieuwe vriend" in t or "Bellen" in t or "Bosman" in t
                   for t in texts)
    assert not dialog.save_button.isEnabled()
    assert "huisbezoekmodus" in dialog.message.text()
