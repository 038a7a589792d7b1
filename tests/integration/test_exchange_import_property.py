"""S22 as a property: whatever bytes reach the import service — random, a damaged package, or a
package whose inner files were damaged and re-encrypted to the team — the only thing that
escapes is ``RejectedInput`` with a documented reason, and the case data stays as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.integration.exchange_support import Party, case_hash, package, team_recipient

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import EncryptionIdentity, reasons
from wijkteam_desk.exchange.container import ContainerParts, pack, unpack
from wijkteam_desk.exchange.encryption import decrypt, encrypt
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services.workspace import Workspace

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

mutation = st.tuples(st.sampled_from(["flip", "cut", "insert", "delete"]),
                     st.integers(min_value=0, max_value=10**6),
                     st.binary(min_size=1, max_size=8))


def mutate(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    for op, where, extra in mutations:
        at = where % max(len(data), 1)
        if op == "flip" and data:
            data = data[:at] + bytes([data[at] ^ (extra[0] or 1)]) + data[at + 1:]
        elif op == "cut":
            data = data[:at]
        elif op == "insert":
            data = data[:at] + extra + data[at:]
        else:
            data = data[:at] + data[at + len(extra):]
    return data


@pytest.fixture
def setup(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, bytes, EncryptionIdentity]:
    vt = Party.new()
    workspace.exchange.trust(vt.folder(tmp_path / "vt"))
    base = package(vt, team_recipient(workspace), "overdracht", example_overdracht(), 7)
    with workspace.unit_of_work() as uow:
        secret = json.loads(uow.exchange.own_key().secret)["age_identity"]
    return workspace, base, EncryptionIdentity.from_secret_string(secret)


def _same_files(inner: bytes, archive: bytes) -> bool:
    try:
        return unpack(inner) == unpack(archive)
    except RejectedInput:
        return False


def refused_without_a_trace(ws: Workspace, data: bytes, before: str) -> None:
    with pytest.raises(RejectedInput) as refused:
        ws.exchange.import_bytes(data, "x.tar.age")
    assert refused.value.reason in reasons.ALL_REASONS
    assert refused.value.reason != reasons.UNREADABLE  # a foreseen refusal, not a surprise
    assert case_hash(ws) == before


@SETTINGS
@given(data=st.binary(max_size=4096))
def test_random_bytes_are_refused(setup: tuple[Workspace, bytes, EncryptionIdentity],
                                  data: bytes) -> None:
    ws, _base, _identity = setup
    refused_without_a_trace(ws, data, case_hash(ws))


@SETTINGS
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_damaged_packages_are_refused(setup: tuple[Workspace, bytes, EncryptionIdentity],
                                      mutations: list[tuple[str, int, bytes]]) -> None:
    ws, base, _identity = setup
    damaged = mutate(base, mutations)
    if damaged == base:
        return
    refused_without_a_trace(ws, damaged, case_hash(ws))


@SETTINGS
@given(part=st.sampled_from(["manifest", "signature", "payload", "archive"]),
       mutations=st.lists(mutation, min_size=1, max_size=4))
def test_damaged_inner_files_re_encrypted_to_the_team_are_refused(
        setup: tuple[Workspace, bytes, EncryptionIdentity], part: str,
        mutations: list[tuple[str, int, bytes]]) -> None:
    ws, base, identity = setup
    archive = decrypt(base, [identity])
    if part == "archive":
        inner = mutate(archive, mutations)
    else:
        parts = unpack(archive)
        values = {"manifest": parts.manifest, "signature": parts.signature,
                  "payload": parts.payload}
        if part == "signature":  # the first line is minisign's *untrusted* comment: free text
            head, _, signed = values[part].partition(b"\n")
            values[part] = head + b"\n" + mutate(signed, mutations)
        else:
            values[part] = mutate(values[part], mutations)
        inner = pack(ContainerParts(**values))
    if inner == archive or _same_files(inner, archive):
        return  # tar padding or an unused header byte: still the genuine, signed package
    refused_without_a_trace(ws, encrypt(inner, [identity.recipient]), case_hash(ws))
