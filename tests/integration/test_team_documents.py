"""A household document from a real vault (storage/household_doc.py) travels through the team
folder unchanged: exported on one laptop, bundled, signed and encrypted, read and verified on a
colleague's laptop, applied to the colleague's vault — and its id says who created it."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_team_storage import make_vault, real_households, show
from tests.support.team import Team

from wijkteam_desk.storage import household_doc, ids
from wijkteam_desk.storage.renumber import renumber_into_block
from wijkteam_desk.team.payloads import HouseholdDocument
from wijkteam_desk.team.roster import ID_BLOCK_BITS, MAX_ID_BLOCK, block_of


def test_the_team_folder_numbers_id_blocks_as_storage_does() -> None:
    assert ID_BLOCK_BITS == ids.BLOCK_BITS
    # Every id of every block the roster gives fits a canonical-JSON integer (15 digits).
    assert ids.block_range(MAX_ID_BLOCK)[1] - 1 < 10**15


def test_a_vaults_household_travels_through_the_folder_into_a_colleagues_vault(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "teammap"
    folder.mkdir()
    team = Team(folder)
    ayse, bart = team.consultants
    block_a = ayse.roster.member(ayse.id).id_block  # type: ignore[union-attr]
    block_b = bart.roster.member(bart.id).id_block  # type: ignore[union-attr]
    vault_a = make_vault(tmp_path / "a", households=2, seed=3)
    vault_b = make_vault(tmp_path / "b")
    try:
        for vault, block in ((vault_a, block_a), (vault_b, block_b)):
            with vault.unit_of_work() as uow:  # joining: the vault's rows move into its block
                renumber_into_block(uow.session, block)  # type: ignore[arg-type]
                uow.commit()
        households = real_households(vault_a)
        documents = []
        for hid in households:
            assert block_of(hid) == block_a
            with vault_a.unit_of_work() as uow:
                body = household_doc.export_household(uow.session, hid)
            documents.append(HouseholdDocument.new(hid, ayse.id, body))
        ayse.publish_documents(documents)
        read = bart.sync()
        assert read.refused == []
        arrived = [d for f in read.accepted for d in f.documents]
        assert sorted(arrived, key=lambda d: d.household) == sorted(
            documents, key=lambda d: d.household)
        for document in arrived:
            with vault_b.unit_of_work() as uow:
                hid, _ = household_doc.apply_household(uow.session, dict(document.body or {}))
                uow.changed(hid)
                uow.commit()
            assert show(vault_b, hid) == show(vault_a, hid)
    finally:
        vault_a.lock()
        vault_b.lock()
