"""A team's bad days in the services (issue 17), on real vaults — a teamleider and two
consultants — sharing one plain folder: an emergency takeover with the old dossierhouder's late
changes reviewed per item, two teamleiders taking one household over at once, a colleague
leaving, a lost laptop, a new laptop for the same person, a laptop restored from a backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.team_vaults import TeamOfVaults, team_of_vaults

from wijkteam_desk.domain.errors import ReadOnlyHousehold, ValidationError
from wijkteam_desk.domain.model import JournalKind
from wijkteam_desk.services.workspace import Workspace


@pytest.fixture
def team(tmp_path: Path):  # type: ignore[no-untyped-def]
    with team_of_vaults(tmp_path) as made:
        yield made


def own_households(ws: Workspace) -> list[int]:
    return [r.summary.household_id for r in ws.cases.list_cases() if not r.read_only]


def owner(ws: Workspace, household: int) -> tuple[str, bool]:
    row = next(r for r in ws.cases.list_cases() if r.summary.household_id == household)
    return row.owner, row.read_only


def audit(ws: Workspace, action: str) -> list[dict[str, object]]:
    return [e.detail for e in ws.cases.audit_log(action=action)]


def journal_texts(ws: Workspace, household: int) -> set[str]:
    return {e.text for e in ws.cases.open_file(household).file.journal}


# -- 1. emergency takeover -------------------------------------------------------------------
def test_a_takeover_keeps_the_old_dossierhouders_late_changes_for_a_choice_per_item(
        team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    leader = team.leader
    hid = own_households(ayse)[0]
    bart_name = bart.identity.actor
    result = leader.team.reassign(hid, bart_name, "Ayşe is ziek; het gezin belt in crisis")
    assert (result.to_name, result.dossierhouder, result.status) == (
        bart_name, bart.team.status().member_id, "ok")
    assert audit(leader, "team.reassign")[-1]["reason"] == "Ayşe is ziek; het gezin belt in " \
        "crisis"
    # Ayşe, at home without the team folder, still works on the file; then her laptop syncs.
    ayse.cases.set_next_action(hid, "Ayşe: huisbezoek donderdag")
    ayse.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Ayşe sprak moeder telefonisch")
    ayse.team.sync()
    assert owner(ayse, hid) == (bart_name, True)  # from now on her copy is read-only
    with pytest.raises(ReadOnlyHousehold):
        ayse.cases.set_next_action(hid, "nog één ding")
    synced = bart.team.sync()
    assert synced.late_changes == 1 and synced.refused == ()
    assert owner(bart, hid) == (bart_name, False)
    bart.cases.add_journal_entry(hid, JournalKind.NOTITIE, "Bart belde de school")
    # Not applied silently: Bart's file does not have Ayşe's late change.
    assert "Ayşe sprak moeder telefonisch" not in journal_texts(bart, hid)
    [review] = bart.team.reviews()
    assert (review.household, review.author_name) == (hid, ayse.identity.actor)
    by_table = {c.table: c for c in review.changes}
    assert by_table["household"].kind == "changed"
    assert by_table["household"].late["next_action"] == "Ayşe: huisbezoek donderdag"
    assert by_table["journal_entry"].always_kept
    # Only the dossierhouder decides; the others see nothing to decide.
    assert leader.team.reviews() == [] and ayse.team.reviews() == []
    decision = bart.team.decide(review.id, [by_table["household"].key])
    assert by_table["household"].key in decision.taken and decision.status == "ok"
    file = bart.cases.open_file(hid).file
    assert file.household.next_action == "Ayşe: huisbezoek donderdag"
    # Journal entries: both kept.
    assert {"Ayşe sprak moeder telefonisch", "Bart belde de school"} <= journal_texts(bart, hid)
    [choice] = audit(bart, "team.review")
    assert tuple(choice["taken"]) == decision.taken and choice["from"] == review.author
    assert bart.team.reviews() == [] and bart.team.status().reviews == 0
    with pytest.raises(ValidationError) as again:
        bart.team.decide(review.id, [])
    assert again.value.code == "review_closed"
    # Every laptop ends with the same file: Bart's, with what he chose.
    team.sync_all()
    for ws in team.all:
        assert owner(ws, hid)[0] == bart_name
        assert ws.cases.open_file(hid).file == bart.cases.open_file(hid).file


def test_a_takeover_is_for_teamleiders_with_a_reason(team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    hid = own_households(ayse)[0]
    with pytest.raises(ValidationError) as refused:
        bart.team.reassign(hid, bart.identity.actor, "ik neem het over")
    assert refused.value.code == "not_teamleider"
    for reason, code in (("  ", "reassign_reason"), ("x" * 501, "reassign_reason")):
        with pytest.raises(ValidationError) as bad:
            team.leader.team.reassign(hid, bart.identity.actor, reason)
        assert bad.value.code == code
    with pytest.raises(ValidationError) as same:
        team.leader.team.reassign(hid, ayse.identity.actor, "ziek")
    assert same.value.code == "reassign_same"
    assert owner(team.leader, hid)[0] == ayse.identity.actor  # nothing changed


def test_two_teamleiders_taking_one_household_over_at_once_agree_everywhere(
        team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    leader = team.leader
    leader.team.set_role(bart.identity.actor, "teamleider")  # a second teamleider
    team.sync_all()
    hid = own_households(ayse)[0]
    # Both take Ayşe's household over before either has seen the other's notice: the
    # teamleider for herself, Bart for himself.
    folder = team.folder
    hidden = folder.parent / "verborgen"
    folder.rename(hidden)  # neither laptop sees the folder while they decide
    first = leader.team.reassign(hid, leader.identity.actor, "Ayşe ziek")
    second = bart.team.reassign(hid, bart.identity.actor, "Ayşe ziek, ik ken het gezin")
    assert first.status == second.status == "waiting"
    hidden.rename(folder)
    team.sync_all(rounds=3)
    holders = {owner(ws, hid)[0] for ws in team.all}
    assert len(holders) == 1  # the same on every laptop
    [holder] = holders
    assert holder in (leader.identity.actor, bart.identity.actor)
    winner, loser = (leader, bart) if holder == leader.identity.actor else (bart, leader)
    assert owner(loser, hid)[1] is True
    # The losing takeover's version is shown to the winner for review, not lost.
    assert [r.household for r in winner.team.reviews()] == [hid]
    for ws in team.all:
        assert ws.cases.open_file(hid).file == winner.cases.open_file(hid).file
