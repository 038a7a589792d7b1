"""A team's bad days in the services (issue 17), on real vaults — a teamleider and two
consultants — sharing one plain folder: an emergency takeover with the old dossierhouder's late
changes reviewed per item, two teamleiders taking one household over at once, a colleague
leaving, a lost laptop, a new laptop for the same person, a laptop restored from a backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.support.team_vaults import TeamOfVaults, team_of_vaults

from wijkteam_desk.domain.errors import ReadOnlyHousehold, RejectedInput, ValidationError
from wijkteam_desk.domain.model import JournalKind
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services import team_state as ts
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.secretstore import NoSecretStore
from wijkteam_desk.team import reasons
from wijkteam_desk.team.envelope import open_age
from wijkteam_desk.team.payloads import HouseholdDocument
from wijkteam_desk.team.writer import FolderWriter, Publisher


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


# -- 2. a colleague leaves; 3. a lost laptop --------------------------------------------------
def _publisher(ws: Workspace) -> Publisher:
    """A publisher as this laptop has it now (kept by a test to play a dishonest client)."""
    with ws.unit_of_work() as uow:
        membership = uow.team.membership()
        assert membership is not None
        chain = ts.load_chain(membership)
        local = ts.local_member(uow, membership.member_id, chain.current)
    writer = FolderWriter(Path(membership.folder), local.member_id)
    next_sequence = max([membership.next_sequence, *(e.sequence for e in writer.own_files())])
    return Publisher(writer, local, chain, ws.clock.now, next_sequence + 1)


def _readable_by(ws: Workspace, path: Path) -> bool:
    with ws.unit_of_work() as uow:
        identities = ts.identities(uow)
    try:
        open_age(path.read_bytes(), identities)
    except RejectedInput:
        return False
    return True


def _newest_file(team: TeamOfVaults, ws: Workspace) -> Path:
    member = ws.team.status().member_id
    return max((team.folder / member).glob("*-bundle.wteam"))


def test_a_colleague_leaves_after_handing_over_and_their_laptop_lets_go(
        team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    leader = team.leader
    [bart_hid] = own_households(bart)
    with pytest.raises(ValidationError) as refused:
        leader.team.remove(bart.identity.actor)
    assert refused.value.code == "member_holds_households"
    assert refused.value.facts["households"] == [bart_hid]
    kept = _publisher(bart)  # what a dishonest copy of Bart's app could go on using
    bart.team.handover(bart_hid, ayse.identity.actor)
    ayse.team.sync()
    change = leader.team.remove(bart.identity.actor)
    assert change.status == "ok" and change.roster_version == 4
    assert audit(leader, "team.member.remove")[-1]["member"] == bart.team.status().member_id
    # From the new roster on nothing is encrypted to Bart's key.
    leader.cases.set_next_action(own_households(leader)[0], "Na het vertrek van Bart")
    leader.team.sync()
    ayse.team.sync()
    for ws in (leader, ayse):
        assert _readable_by(ayse, _newest_file(team, ws))
        assert not _readable_by(bart, _newest_file(team, ws))
    # His laptop, at its next sync, says so and removes the colleagues' copies.
    result = bart.team.sync()
    assert result.status == "removed" and result.withdrawn == 3
    assert bart.cases.list_cases() == []
    assert audit(bart, "team.removed")[-1]["copies_removed"] == 3
    # A file his laptop writes after the removal is refused by every colleague.
    kept.publish_documents([HouseholdDocument(bart_hid, 99, bart.team.status().member_id, (),
                                              False, False, {})])
    refusals = {r.reason for r in ayse.team.sync().refused}
    assert refusals == {reasons.REMOVED_MEMBER}
    assert owner(ayse, bart_hid) == (ayse.identity.actor, False)


def test_a_lost_laptop_is_taken_out_of_the_team_without_it(team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    leader = team.leader
    [hid] = own_households(ayse)
    kept = _publisher(ayse)
    # Ayşe's laptop is stolen: the teamleider takes her household over and removes her.
    leader.team.reassign(hid, bart.identity.actor, "laptop van Ayşe gestolen")
    leader.team.remove(ayse.identity.actor)
    bart.team.sync()
    assert owner(bart, hid) == (bart.identity.actor, False)
    bart.cases.set_next_action(hid, "Na de diefstal")
    bart.team.sync()
    assert not _readable_by(ayse, _newest_file(team, bart))  # the finder reads nothing new
    # The finder (with the passphrase) writes in her name: refused; the household stays Bart's.
    with ayse.unit_of_work() as uow:
        document = ts.document_of(uow, uow.team.state(hid), "x")
    kept.publish_documents([HouseholdDocument(hid, document.version + 1, document.dossierhouder,
                                              document.pen, False, False, document.body)])
    assert [r.reason for r in leader.team.sync().refused] == [reasons.REMOVED_MEMBER]
    assert bart.cases.open_file(hid).file.household.next_action == "Na de diefstal"
    # An honest app on the found laptop lets go of every household at its next sync.
    assert ayse.team.sync().status == "removed"
    assert ayse.cases.list_cases() == []


# -- 4. a new laptop for the same person; 5. restored from an old backup -----------------------
def _sequences(team: TeamOfVaults, ws: Workspace) -> set[int]:
    folder = team.folder / ws.team.status().member_id
    return {int(p.name.split("-")[0]) for p in folder.glob("*.wteam")}


def test_a_new_laptop_for_the_same_person_keeps_her_households_and_never_reuses_a_number(
        team: TeamOfVaults, tmp_path: Path) -> None:
    ayse, bart = team.consultants
    [hid] = own_households(bart)
    backup = bart.backup(tmp_path / "bart.wdbackup")
    old = _publisher(bart)
    bart.cases.set_next_action(hid, "Na de reservekopie")
    bart.team.sync()
    written_before = _sequences(team, bart)
    seen_by_colleagues = {e.sequence for e in FolderWriter(team.folder, old.me.member_id)
                          .own_files()}
    # Bart's laptop breaks. On a new laptop his vault comes back from the backup (with his
    # passphrase or recovery code), gets new keys, and asks the teamleider to link them.
    name = bart.identity.actor
    bart.lock()
    service = VaultService(AppPaths(tmp_path / "nieuwe-laptop"), NoSecretStore(), team.clock,
                           Identity(name, "laptop-nieuw"), kdf=CHEAP_KDF)
    service.restore(backup, passphrase=PASSPHRASE)
    bart = team.consultants[1] = service.unlock(PASSPHRASE)
    bart.exchange.rotate_own_key(tmp_path / "sleutelwissel")
    request = tmp_path / "bart-nieuw.aanmelding"
    bart.team.request(request)
    # Until then it goes on with the old keys the roster lists (still in the vault).
    assert bart.team.sync().status == "ok"
    change = team.leader.team.relink(request)
    assert change.name == name and audit(team.leader, "team.member.relink")
    result = bart.team.sync()
    assert result.status == "ok"
    # Same member, same household, his newest version taken back from the folder.
    assert owner(bart, hid) == (name, False)
    assert bart.cases.open_file(hid).file.household.next_action == "Na de reservekopie"
    bart.cases.set_next_action(hid, "Verder op de nieuwe laptop")
    bart.team.sync()
    # 5. never a sequence number again that colleagues have seen (restored from a backup)
    new_numbers = _sequences(team, bart) - written_before
    assert new_numbers and min(new_numbers) > max(seen_by_colleagues | written_before)
    synced = ayse.team.sync()
    assert synced.refused == ()
    assert ayse.cases.open_file(hid).file.household.next_action == "Verder op de nieuwe laptop"
    # The old laptop's key is revoked: what it signs now is refused.
    old.next_sequence = max(_sequences(team, bart)) + 1
    old.publish_documents([HouseholdDocument(hid, 999, old.me.member_id, (), False, False, {})])
    assert [r.reason for r in ayse.team.sync().refused] == [reasons.REVOKED_KEY]


# -- 7. team key changes -----------------------------------------------------------------------
def test_the_teamleider_rotates_her_key_and_cannot_leave_without_appointing_another(
        team: TeamOfVaults, tmp_path: Path) -> None:
    ayse, bart = team.consultants
    leader = team.leader
    me = leader.identity.actor
    for attempt in (lambda: leader.team.set_role(me, "consulent"),
                    lambda: bart.team.set_role(bart.identity.actor, "teamleider")):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code in ("last_teamleider", "not_teamleider")
    with pytest.raises(ValidationError) as alone:
        leader.team.set_role(me, "consulent")
    assert alone.value.code == "last_teamleider"
    # Her key is rotated: she links her own new keys, signed with the old one.
    leader.exchange.rotate_own_key(tmp_path / "sleutelwissel")
    request = tmp_path / "leider-nieuw.aanmelding"
    leader.team.request(request)
    leader.team.relink(request)
    before = {m.member_id: m.fingerprint for m in ayse.team.status().members}
    team.sync_all()
    after = {m.member_id: m.fingerprint for m in ayse.team.status().members}
    leader_id = leader.team.status().member_id
    assert after[leader_id] != before[leader_id]
    leader.cases.set_next_action(own_households(leader)[0], "Met de nieuwe sleutel")
    leader.team.sync()
    assert ayse.team.sync().refused == ()
    # A second teamleider; then the first may step down.
    leader.team.set_role(bart.identity.actor, "teamleider")
    leader.team.set_role(me, "consulent")
    team.sync_all()
    roles = {m.name: m.role for m in ayse.team.status().members}
    assert (roles[me], roles[bart.identity.actor]) == ("consulent", "teamleider")
    with pytest.raises(ValidationError) as stepped_down:
        leader.team.remove(ayse.identity.actor)
    assert stepped_down.value.code == "not_teamleider"


# -- 6. afgeschermd ----------------------------------------------------------------------------
def _names_household(ws: Workspace, household: int) -> bool:
    """Whether anything in this vault's team state or audit log names the household."""
    with ws.unit_of_work() as uow:
        if uow.team.state(household) is not None or uow.team.household_exists(household):
            return True
        if uow.team.reviews(household):
            return True
    return any(e.household_id == household or str(household) in str(e.detail)
               for e in ws.cases.audit_log())


def test_an_afgeschermd_household_reaches_only_its_dossierhouder_and_the_teamleiders(
        team: TeamOfVaults) -> None:
    ayse, bart = team.consultants
    leader = team.leader
    [hid] = own_households(ayse)
    # A household the team knew: colleagues' laptops drop their copy.
    assert owner(bart, hid)[0] == ayse.identity.actor
    result = ayse.team.shield(hid)
    assert result.afgeschermd and result.status == "ok"
    assert bart.team.sync().withdrawn == 1
    assert hid not in {r.summary.household_id for r in bart.cases.list_cases()}
    leader.team.sync()
    assert owner(leader, hid) == (ayse.identity.actor, True)
    ayse.cases.set_next_action(hid, "Alleen voor wie het mag zien")
    ayse.team.sync()
    assert bart.team.sync().applied == 0
    assert not _readable_by(bart, _newest_file(team, ayse))
    leader.team.sync()
    assert leader.cases.open_file(hid).file.household.next_action == "Alleen voor wie het mag zien"
    # A household afgeschermd before it was ever published: Bart's laptop never learns of it.
    secret = ayse.cases.create_household("Gezin Verborgen")
    ayse.team.shield(secret)
    team.sync_all()
    assert not _names_household(bart, secret)
    assert owner(leader, secret) == (ayse.identity.actor, True)
    assert _names_household(leader, secret)
    # Only its dossierhouder shields it; and it can be lifted.
    with pytest.raises(ReadOnlyHousehold):
        leader.team.shield(hid, on=False)
    ayse.team.shield(hid, on=False)
    bart.team.sync()
    assert bart.cases.open_file(hid).file == ayse.cases.open_file(hid).file
