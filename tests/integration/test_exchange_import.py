"""Importing packages from Veilig Thuis into a real vault (S21, S22, R9, R10): the tamper
matrix, duplicates, the overdracht's effect on the case file, conflicts with local changes,
receipts, and the keys."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from tests.integration.exchange_support import (
    Party,
    canonical,
    case_hash,
    package,
    raw_package,
    team_recipient,
)

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.domain.exchange import ConflictStatus, PackageStatus
from wijkteam_desk.exchange import DEFAULT_MAX_BYTES, EncryptionIdentity
from wijkteam_desk.exchange.container import ContainerParts, pack, unpack
from wijkteam_desk.exchange.encryption import decrypt, encrypt
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services.workspace import Workspace


@pytest.fixture
def vt(workspace: Workspace, tmp_path: Path) -> Party:
    party = Party.new()
    workspace.exchange.trust(party.folder(tmp_path / "vt"), "Veilig Thuis Test")
    return party


def overdracht(ws: Workspace, vt: Party, sequence: int = 5, **changes: Any) -> bytes:
    return package(vt, team_recipient(ws), "overdracht", {**example_overdracht(), **changes},
                   sequence)


def rewrap(ws: Workspace, data: bytes, change: Any) -> bytes:
    """Open the age layer with the team's key, let ``change`` edit the parts, re-encrypt."""
    identity = EncryptionIdentity.from_secret_string(_secret(ws))
    parts = unpack(decrypt(data, [identity]))
    return encrypt(pack(change(parts)), [identity.recipient])


def _secret(ws: Workspace) -> str:
    import json

    with ws.unit_of_work() as uow:
        return str(json.loads(uow.exchange.own_key().secret)["age_identity"])


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def flip_signature(parts: ContainerParts) -> ContainerParts:
    lines = parts.signature.split(b"\n")
    blob = bytearray(lines[1])
    blob[20] = ord("A") if blob[20] != ord("A") else ord("B")
    lines[1] = bytes(blob)
    return ContainerParts(parts.manifest, b"\n".join(lines), parts.payload)


def nested(depth: int) -> bytes:
    return b'{"x":' * depth + b"1" + b"}" * depth


TAMPER_CASES: dict[str, tuple[str, Any]] = {
    "payload byte": ("payload_hash_mismatch", lambda ws, vt: rewrap(
        ws, overdracht(ws, vt), lambda p: ContainerParts(p.manifest, p.signature,
                                                         flip(p.payload, 40)))),
    "manifest byte": ("bad_signature", lambda ws, vt: rewrap(
        ws, overdracht(ws, vt), lambda p: ContainerParts(flip(p.manifest, 30), p.signature,
                                                         p.payload))),
    "signature byte": ("bad_signature", lambda ws, vt: rewrap(ws, overdracht(ws, vt),
                                                              flip_signature)),
    "ciphertext byte": ("corrupted", lambda ws, vt: flip(overdracht(ws, vt), 400)),
    "unknown key": ("unknown_signer", lambda ws, vt: overdracht(ws, Party.new())),
    "encrypted for another team": ("decrypt_failed", lambda ws, vt: package(
        vt, EncryptionIdentity.generate().recipient, "overdracht", example_overdracht(), 5)),
    "manifest names another recipient": ("wrong_recipient", lambda ws, vt: raw_package(
        vt, team_recipient(ws), canonical(example_overdracht()), 5,
        manifest_recipient=EncryptionIdentity.generate().recipient)),
    "truncated file": ("truncated", lambda ws, vt: overdracht(ws, vt)[:-100]),
    "not a package": ("not_age", lambda ws, vt: b"Beste team, hierbij de overdracht."),
    "duplicate JSON keys": ("duplicate_key", lambda ws, vt: raw_package(
        vt, team_recipient(ws), b'{"vt_case_number":"A","vt_case_number":"B"}', 5)),
    "NaN": ("nan", lambda ws, vt: raw_package(vt, team_recipient(ws), b'{"a":NaN}', 5)),
    "1,000-deep nesting": ("too_deep", lambda ws, vt: raw_package(
        vt, team_recipient(ws), nested(1000), 5)),
    "unknown field": ("schema_invalid", lambda ws, vt: raw_package(
        vt, team_recipient(ws), canonical({**example_overdracht(), "bsn": "123456789"}), 5)),
    "a kind the team does not import": ("unexpected_kind", lambda ws, vt: raw_package(
        vt, team_recipient(ws), canonical(example_overdracht()), 5, kind="melding")),
    "receipt for a package never sent": ("unknown_package", lambda ws, vt: package(
        vt, team_recipient(ws), "ontvangstbevestiging", {
            "acknowledged_package_id": "00000000-0000-4000-8000-000000000000",
            "acknowledged_payload_sha256": "0" * 64, "acknowledged_kind": "terugkoppeling",
            "acknowledged_sequence": 1, "received_at": "2026-11-22T09:00:00Z"}, 5)),
}


@pytest.mark.parametrize("case", sorted(TAMPER_CASES))
def test_tampered_or_malformed_package_is_refused_and_writes_nothing(
        workspace: Workspace, vt: Party, case: str) -> None:
    expected, make = TAMPER_CASES[case]
    data = make(workspace, vt)
    before = case_hash(workspace)
    with pytest.raises(RejectedInput) as refused:
        workspace.exchange.import_bytes(data, "pakket.tar.age")
    assert refused.value.reason == expected
    assert refused.value.exit_status == 4
    assert case_hash(workspace) == before
    [line] = workspace.exchange.log()
    assert (line.status, line.reason, line.file_name) == (
        PackageStatus.GEWEIGERD, expected, "pakket.tar.age")
    [event] = workspace.cases.audit_log(action="exchange.reject")
    assert event.result == "rejected" and event.detail["reason"] == expected
    # Format 1.1: VT hears of the refusal, with the reason code (one VT key is trusted).
    [receipt] = workspace.exchange.outbox()
    assert event.detail["receipt"] is True
    assert (receipt.payload["outcome"], receipt.payload["reason"]) == ("geweigerd", expected)
    assert receipt.peer_key_id == vt.signing.public_key.key_id_hex


def test_replay_of_an_older_sequence_is_refused(workspace: Workspace, vt: Party) -> None:
    workspace.exchange.import_bytes(overdracht(workspace, vt, sequence=5))
    before = case_hash(workspace)
    older = overdracht(workspace, vt, sequence=3, vt_case_number="VT-2025-000999")
    with pytest.raises(RejectedInput) as refused:
        workspace.exchange.import_bytes(older)
    assert refused.value.reason == "replayed"
    assert case_hash(workspace) == before


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    big = tmp_path / "groot.tar.age"
    with big.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    before = case_hash(workspace)
    with pytest.raises(RejectedInput) as refused:
        workspace.exchange.import_file(big)
    assert refused.value.reason == "too_large"
    assert case_hash(workspace) == before
    assert workspace.exchange.log()[0].file_name == "groot.tar.age"


def test_the_same_package_twice_is_a_no_op(workspace: Workspace, vt: Party) -> None:
    data = overdracht(workspace, vt)
    first = workspace.exchange.import_bytes(data, "a.tar.age")
    before = case_hash(workspace)
    second = workspace.exchange.import_bytes(data, "a.tar.age")
    assert (first.status, second.status) == (PackageStatus.INGELEZEN, PackageStatus.DUBBEL)
    assert case_hash(workspace) == before
    assert [e.status for e in workspace.exchange.log()] == [PackageStatus.DUBBEL,
                                                           PackageStatus.INGELEZEN]


def test_overdracht_creates_the_household_persons_and_conditions(
        workspace: Workspace, vt: Party) -> None:
    outcome = workspace.exchange.import_bytes(overdracht(workspace, vt))
    assert outcome.created and outcome.persons_added == 4 and outcome.conditions_added == 3
    view = workspace.cases.open_file(outcome.household_id)
    h = view.file.household
    assert (h.from_vt, h.vt_case_number, h.vt_handover_date.isoformat()) == (
        True, "VT-2025-000417", "2025-03-03")
    sanne = next(p for p in view.file.persons if p.given_name == "Sanne")
    assert sanne.secret_address and sanne.address == "Schuilplaats 1"
    assert {(r.role.value, r.certainty.value) for r in sanne.roles} == {
        ("slachtoffer", "bevestigd"), ("ouder_verzorger", "bevestigd")}
    texts = [c.condition.text for c in workspace.plans.conditions(outcome.household_id)]
    assert "Er is geen fysiek geweld in het gezin." in texts
    due = [(m.offset_months, m.due_on.isoformat())
           for m in workspace.monitoring.moments(outcome.household_id)]
    assert due == [(3, "2025-06-03"), (12, "2026-03-03")]
    assert any("Overdracht van Veilig Thuis" in j.text for j in view.file.journal)
    [event] = workspace.cases.audit_log(action="exchange.import")
    assert event.household_id == outcome.household_id
    assert event.detail["persons_added"] == 4


def test_update_takes_vt_changes_keeps_local_ones_and_flags_conflicts(
        workspace: Workspace, vt: Party) -> None:
    first = workspace.exchange.import_bytes(overdracht(workspace, vt, sequence=1))
    hid = first.household_id
    persons = {p.given_name: p for p in workspace.cases.open_file(hid).file.persons}
    # The team corrects Mark's phone and Noor's birth date locally.
    workspace.cases.update_person(persons["Mark"].id, phone="06-11111111")
    workspace.cases.update_person(persons["Noor"].id, city="Eigenstad")

    changed = copy.deepcopy(example_overdracht())
    by_id = {p["id"]: p for p in changed["persons"]}
    by_id["P2"]["phone"] = "06-22222222"  # VT changed it too, differently: a conflict
    by_id["P4"]["birth_date"] = "2019-09-09"  # only VT changed it: taken
    changed["veiligheidsvoorwaarden"][0]["text"] = "Er is geen enkel geweld in het gezin."
    changed["handover_date"] = "2025-03-10"
    second = workspace.exchange.import_bytes(
        package(vt, team_recipient(workspace), "overdracht", changed, 2))
    assert not second.created and second.household_id == hid and second.conflicts == 1

    after = {p.given_name: p for p in workspace.cases.open_file(hid).file.persons}
    assert after["Mark"].phone == "06-11111111"  # not silently overwritten
    assert after["Noor"].city == "Eigenstad"  # a change only we made survives
    assert after["Daan"].birth_date.isoformat() == "2019-09-09"
    texts = [c.condition.text for c in workspace.plans.conditions(hid)]
    assert "Er is geen enkel geweld in het gezin." in texts
    assert workspace.cases.open_file(hid).file.household.vt_handover_date.isoformat() \
        == "2025-03-10"
    assert [m.due_on.isoformat() for m in workspace.monitoring.moments(hid)] == [
        "2025-06-10", "2026-03-10"]

    [conflict] = workspace.exchange.conflicts(hid)
    assert (conflict.object_type, conflict.field, conflict.local_value,
            conflict.incoming_value) == ("person", "phone", "06-11111111", "06-22222222")
    resolved = workspace.exchange.resolve_conflict(conflict.id, take_incoming=True)
    assert resolved.status is ConflictStatus.INKOMEND
    mark = next(p for p in workspace.cases.open_file(hid).file.persons if p.given_name == "Mark")
    assert mark.phone == "06-22222222"
    assert workspace.exchange.conflicts(hid) == []
    with pytest.raises(ValidationError):
        workspace.exchange.resolve_conflict(conflict.id, take_incoming=False)
    [event] = workspace.cases.audit_log(action="exchange.conflict")
    assert event.detail == {"field": "phone", "decision": "inkomend"}


def test_keys_are_made_with_the_vault_trusted_with_an_audit_line_and_revocable(
        workspace: Workspace, tmp_path: Path) -> None:
    own = workspace.exchange.own_key()
    assert own.own and len(own.signing_fingerprint.split()) == 8
    assert workspace.exchange.create_own_keys() == own  # idempotent
    with workspace.vault.session_factory() as session:
        from sqlalchemy import text

        secret = session.execute(text("SELECT secret FROM exchange_key WHERE own")).scalar()
    assert "AGE-SECRET-KEY-1" in secret  # inside the encrypted database, nowhere else
    assert not any("AGE-SECRET-KEY" in p.read_bytes().decode("latin-1")
                   for p in workspace.vault.paths.home.rglob("*") if p.is_file())

    vt = Party.new()
    shown = workspace.exchange.read_key_folder(vt.folder(tmp_path / "vt"))
    assert shown.signing_fingerprint == vt.signing.public_key.fingerprint()
    assert workspace.exchange.keys() == []  # reading a folder trusts nothing
    added = workspace.exchange.trust(tmp_path / "vt", "Veilig Thuis Utrecht")
    assert added.signing_fingerprint == shown.signing_fingerprint
    [event] = workspace.cases.audit_log(action="exchange.key.trust")
    assert event.detail["fingerprint"] == shown.signing_fingerprint
    with pytest.raises(ValidationError) as own_again:
        workspace.exchange.export_public_keys(tmp_path / "team")
        workspace.exchange.trust(tmp_path / "team")
    assert own_again.value.code == "own_key"

    workspace.exchange.revoke(added.id)
    assert workspace.exchange.keys()[0].revoked
    assert workspace.cases.audit_log(action="exchange.key.revoke")
    with pytest.raises(RejectedInput) as refused:
        workspace.exchange.import_bytes(package(vt, team_recipient(workspace), "overdracht",
                                                example_overdracht(), 1))
    assert refused.value.reason == "unknown_signer"
