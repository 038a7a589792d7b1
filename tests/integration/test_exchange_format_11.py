"""Exchange format 1.1 on a real vault (issue 14): what a later overdracht does to the household
and its voorwaarden, the receipts the team owes VT (imported, with differences, refused, and
later resolved), VT refusing a team package, and key changes in both directions."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from tests.integration.exchange_support import Party, clock, package, team_recipient

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.domain.exchange import PackageStatus
from wijkteam_desk.exchange import SigningPublicKey, reasons
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.exchange.keys import IdentityKeys, PublicKeys
from wijkteam_desk.exchange.package import build_package
from wijkteam_desk.exchange.vt import VtState, build_key_change, open_team_package
from wijkteam_desk.services.workspace import Workspace


@pytest.fixture
def vt(workspace: Workspace, tmp_path: Path) -> Party:
    party = Party.new()
    workspace.exchange.trust(party.folder(tmp_path / "vt"), "Veilig Thuis Test")
    return party


def identity(party: Party) -> IdentityKeys:
    return IdentityKeys(party.signing, party.encryption)


def team_keys(ws: Workspace) -> PublicKeys:
    own = ws.exchange.own_key()
    with ws.unit_of_work() as uow:
        key = uow.exchange.own_key()
        assert key is not None
        return PublicKeys(SigningPublicKey.from_base64(key.signing_public),
                          own.encryption_recipient)


def overdracht(ws: Workspace, vt: Party, sequence: int, payload: dict[str, Any] | None = None,
               ) -> bytes:
    return package(vt, team_recipient(ws), "overdracht", payload or example_overdracht(),
                   sequence)


def written_receipts(ws: Workspace, vt: Party, folder: Path) -> list[dict[str, Any]]:
    """Write the outbox and open every file as VT would."""
    folder.mkdir(exist_ok=True)
    files = ws.exchange.write_receipts(folder)
    state = VtState()
    payloads = []
    for item in files:
        opened = open_team_package(item.path.read_bytes(), identity(vt), [team_keys(ws)], state)
        state.record_opened(opened)
        payloads.append(opened.payload)
    return payloads


# -- item 1: every field the schema accepts is stored and shown -------------------------------
def test_household_address_is_stored_and_a_later_name_is_taken(
        workspace: Workspace, vt: Party) -> None:
    first = workspace.exchange.import_bytes(overdracht(workspace, vt, 1))
    hid = first.household_id
    assert hid is not None
    assert workspace.exchange.vt_address(hid) == "Voorbeeldstraat 12, 9999 ZZ Voorbeeldstad"
    later = example_overdracht()
    later["household"] = {"name": "Gezin De Wit-Jansen", "address": {
        "street": "Nieuwe Weg", "house_number": "3a", "postcode": "9997 XX", "city": "Elders"}}
    workspace.exchange.import_bytes(overdracht(workspace, vt, 2, later))
    assert workspace.cases.open_file(hid).file.household.name == "Gezin De Wit-Jansen"
    assert workspace.exchange.vt_address(hid) == "Nieuwe Weg 3a, 9997 XX Elders"
    assert workspace.exchange.conflicts(hid) == []


def test_a_name_both_sides_changed_is_a_difference_the_team_decides(
        workspace: Workspace, vt: Party) -> None:
    hid = workspace.exchange.import_bytes(overdracht(workspace, vt, 1)).household_id
    assert hid is not None
    with workspace.unit_of_work() as uow:
        uow.cases.update_household(hid, uow.clock.now(), name="Familie De Wit")
        uow.commit()
    later = example_overdracht()
    later["household"]["name"] = "Gezin Jansen"
    outcome = workspace.exchange.import_bytes(overdracht(workspace, vt, 2, later))
    assert outcome.conflicts == 1
    [conflict] = workspace.exchange.conflicts(hid)
    assert (conflict.object_type, conflict.field) == ("household", "name")
    workspace.exchange.resolve_conflict(conflict.id, take_incoming=True)
    assert workspace.cases.open_file(hid).file.household.name == "Gezin Jansen"


def test_missing_persons_and_voorwaarden_are_unchanged_and_vt_withdraws_one(
        workspace: Workspace, vt: Party) -> None:
    hid = workspace.exchange.import_bytes(overdracht(workspace, vt, 1)).household_id
    assert hid is not None
    later = example_overdracht()
    later["persons"] = later["persons"][:1]
    later["veiligheidsvoorwaarden"] = [{**later["veiligheidsvoorwaarden"][1],
                                        "withdrawn_on": "2025-05-01"}]
    workspace.exchange.import_bytes(overdracht(workspace, vt, 2, later))
    assert len(workspace.cases.open_file(hid).file.persons) == 4
    conditions = {c.condition.text: c.condition.withdrawn_on
                  for c in workspace.plans.conditions(hid)}
    assert len(conditions) == 3
    withdrawn = [str(day) for day in conditions.values() if day]
    assert withdrawn == ["2025-05-01"]


def test_text_is_stored_composed(workspace: Workspace, vt: Party) -> None:
    payload = example_overdracht()
    payload["persons"][0]["given_names"] = "Zoe\u0308 Rene\u0301e"  # decomposed accents
    hid = workspace.exchange.import_bytes(overdracht(workspace, vt, 1, payload)).household_id
    assert hid is not None
    names = [p.given_name for p in workspace.cases.open_file(hid).file.persons]
    assert "Zoë Renée" in names


# -- items 4 and 7: the team answers every VT package -----------------------------------------
def test_receipts_for_import_differences_resolution_and_refusal(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    first = overdracht(workspace, vt, 5)
    hid = workspace.exchange.import_bytes(first).household_id
    assert hid is not None
    persons = {p.given_name: p for p in workspace.cases.open_file(hid).file.persons}
    workspace.cases.update_person(persons["Mark"].id, phone="06-11111111")
    later = copy.deepcopy(example_overdracht())
    later["persons"][1]["phone"] = "06-22222222"
    second = workspace.exchange.import_bytes(overdracht(workspace, vt, 8, later))
    with pytest.raises(RejectedInput) as refused:  # 7 after 8: refused, and VT is told
        workspace.exchange.import_bytes(overdracht(workspace, vt, 7))
    assert refused.value.facts["receipt_queued"] is True
    [conflict] = workspace.exchange.conflicts(hid)
    workspace.exchange.resolve_conflict(conflict.id, take_incoming=False)

    outcomes = [(r.get("outcome"), r.get("reason"), r.get("open_differences"))
                for r in written_receipts(workspace, vt, tmp_path / "uit")]
    assert outcomes == [("ingelezen", None, None), ("ingelezen_met_verschillen", None, 1),
                        ("geweigerd", "replayed", None), ("verschillen_opgelost", None, 0)]
    assert workspace.exchange.outbox() == []
    sent = [e for e in workspace.exchange.log() if e.kind == "ontvangstbevestiging"]
    assert sorted(e.sequence for e in sent) == [1, 2, 3, 4]
    assert second.receipt_queued


def test_a_refusal_by_vt_marks_the_package_and_it_is_sent_again(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    hid = workspace.exchange.import_bytes(overdracht(workspace, vt, 1)).household_id
    [written] = workspace.exchange.write(workspace.exchange.prepare("terugkoppeling", [hid]),
                                         tmp_path / "t.tar.age")
    state = VtState()
    opened = open_team_package(written.path.read_bytes(), identity(vt), [team_keys(workspace)],
                               state)
    payload = {"acknowledged_package_id": opened.manifest.package_id,
               "acknowledged_payload_sha256": opened.manifest.payload_sha256,
               "acknowledged_kind": "terugkoppeling", "acknowledged_sequence": 1,
               "received_at": "2026-11-22T09:00:00Z", "outcome": "geweigerd",
               "reason": "schema_invalid"}
    data = build_package("ontvangstbevestiging", payload, vt.signing, team_recipient(workspace),
                         3, clock).data
    outcome = workspace.exchange.import_bytes(data)
    assert outcome.refused_by_vt == "schema_invalid"
    [out] = [e for e in workspace.exchange.log() if e.kind == "terugkoppeling"]
    assert (out.status, out.reason) == (PackageStatus.GEWEIGERD, "schema_invalid")
    assert hid in workspace.exchange.pending_feedback()
    assert not outcome.receipt_queued  # a receipt is never answered


# -- item 6: keys over time -------------------------------------------------------------------
def test_vt_key_change_is_trusted_continues_the_sequence_and_retires_the_old_key(
        workspace: Workspace, vt: Party) -> None:
    workspace.exchange.import_bytes(overdracht(workspace, vt, 10))
    new = Party.new()
    change = build_key_change(identity(vt), new.public, team_keys(workspace), 11, clock)
    outcome = workspace.exchange.import_bytes(change.data)
    assert outcome.new_key is not None
    assert outcome.new_key.signing_key_id == new.signing.public_key.key_id_hex
    keys = {k.signing_key_id: k for k in workspace.exchange.keys()}
    assert keys[vt.signing.public_key.key_id_hex].revoked
    assert keys[new.signing.public_key.key_id_hex].name == "Veilig Thuis Test"
    with pytest.raises(RejectedInput) as old_key:
        workspace.exchange.import_bytes(overdracht(workspace, vt, 12))
    assert old_key.value.reason == reasons.UNKNOWN_SIGNER
    with pytest.raises(RejectedInput) as restart:  # a new key does not start again at 1
        workspace.exchange.import_bytes(overdracht(workspace, new, 1))
    assert restart.value.reason == reasons.REPLAYED
    workspace.exchange.import_bytes(overdracht(workspace, new, 12))


def test_team_key_rotation_is_announced_and_old_packages_still_open(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    before = team_keys(workspace)
    late = overdracht(workspace, vt, 20)  # made by VT for the old team key
    key, [change] = workspace.exchange.rotate_own_key(tmp_path)
    after = team_keys(workspace)
    assert key.signing_key_id == after.signing.key_id_hex != before.signing.key_id_hex
    state = VtState()
    opened = open_team_package(change.path.read_bytes(), identity(vt), [before], state)
    assert opened.manifest.kind == "sleutelwissel"
    state.record_opened(opened)
    assert state.record_key_change(opened) == after
    workspace.exchange.import_bytes(late)  # still opens with the retired key
    hid = workspace.exchange.log()[0].household_id
    [feedback] = workspace.exchange.write(workspace.exchange.prepare("terugkoppeling", [hid]),
                                          tmp_path / "t.tar.age")
    opened = open_team_package(feedback.path.read_bytes(), identity(vt), [before], state)
    assert opened.signer.key_id_hex == after.signing.key_id_hex
    assert opened.manifest.sequence > change.sequence


def test_with_two_vt_keys_the_recipient_must_be_named(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    hid = workspace.exchange.import_bytes(overdracht(workspace, vt, 1)).household_id
    other = Party.new()
    workspace.exchange.trust(other.folder(tmp_path / "vt2"), "Veilig Thuis Noord")
    drafts = workspace.exchange.prepare("terugkoppeling", [hid])
    with pytest.raises(ValidationError) as caught:
        workspace.exchange.write(drafts, tmp_path / "t.tar.age")
    assert caught.value.code == "choose_recipient"
    [written] = workspace.exchange.write(drafts, tmp_path / "t.tar.age", "veilig thuis noord")
    assert written.sequence == 1
