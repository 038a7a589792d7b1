"""ExchangeService.send: the app's outbox in one go, on a real vault. Terugkoppelingen and the
receipts the team owes VT go into one chosen folder in one transaction; a folder that is gone
or cannot be written loses nothing (issue 12 item 10: "Opslaan als…" with one name wrote 41
files beside it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.integration.exchange_support import Party, package, team_recipient

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.exchange import Direction
from wijkteam_desk.exchange import SigningPublicKey, open_package
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services import exchange as exchange_module
from wijkteam_desk.services.workspace import Workspace


@pytest.fixture
def vt(workspace: Workspace, tmp_path: Path) -> Party:
    party = Party.new()
    workspace.exchange.trust(party.folder(tmp_path / "vt"), "Veilig Thuis Utrecht")
    return party


def families(ws: Workspace, n: int) -> list[int]:
    return [ws.cases.create_household(f"Gezin {i}", from_vt=True,
                                      vt_case_number=f"VT-2026-{i:03d}",
                                      vt_handover_date=date(2026, 8, 1)) for i in range(1, n + 1)]


def import_overdracht(ws: Workspace, vt: Party, sequence: int = 1) -> None:
    ws.exchange.import_bytes(package(vt, team_recipient(ws), "overdracht",
                                     example_overdracht(), sequence), "o.tar.age")


def kinds_in(folder: Path, ws: Workspace, vt: Party) -> list[str]:
    with ws.unit_of_work() as uow:
        team = SigningPublicKey.from_base64(uow.exchange.own_key().signing_public)
    return sorted(open_package(p.read_bytes(), vt.encryption, [team], vt.encryption.recipient,
                               {}).manifest.kind for p in folder.iterdir())


def test_many_families_and_the_receipts_go_into_one_folder(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    ws = workspace
    families(ws, 40)
    import_overdracht(ws, vt)
    [receipt] = ws.exchange.outbox()
    assert ws.exchange.receipt_recipients()[receipt.id].name == "Veilig Thuis Utrecht"
    out = tmp_path / "usb"
    out.mkdir()
    drafts = ws.exchange.prepare("terugkoppeling")
    written = ws.exchange.send(drafts, out)
    assert len(written) == 42 == len(list(out.iterdir()))
    assert all(w.path.parent == out for w in written)
    assert kinds_in(out, ws, vt).count("ontvangstbevestiging") == 1
    assert ws.exchange.outbox() == []
    sequences = [w.sequence for w in written]
    assert sequences == sorted(sequences) and len(set(sequences)) == 42
    log = [e for e in ws.exchange.log() if e.direction is Direction.OUT]
    assert len(log) == 42


def test_only_the_receipts_the_user_saw_are_sent(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    ws = workspace
    import_overdracht(ws, vt, 1)
    [first] = ws.exchange.outbox()
    with pytest.raises(Exception):  # noqa: B017 - a replay: refused, and answered
        import_overdracht(ws, vt, 1)
    later = [r for r in ws.exchange.outbox() if r.id != first.id]
    assert later
    out = tmp_path / "uit"
    out.mkdir()
    written = ws.exchange.send([], out, receipt_ids=[first.id])
    assert [w.kind for w in written] == ["ontvangstbevestiging"]
    assert [r.id for r in ws.exchange.outbox()] == [r.id for r in later]


def test_a_folder_that_is_gone_or_unwritable_loses_nothing(
        workspace: Workspace, vt: Party, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace
    families(ws, 3)
    import_overdracht(ws, vt)
    drafts = ws.exchange.prepare("terugkoppeling")
    pending = ws.exchange.pending_feedback()
    with pytest.raises(ValidationError) as gone:
        ws.exchange.send(drafts, tmp_path / "weg")
    assert gone.value.code == "not_a_folder"

    calls = []

    def full_after_two(path: Path, data: bytes, *, durable: bool = True) -> None:
        calls.append(path)
        if len(calls) > 2:
            raise OSError(28, "No space left on device")
        path.write_bytes(data)

    monkeypatch.setattr(exchange_module, "write_private", full_after_two)
    out = tmp_path / "vol"
    out.mkdir()
    with pytest.raises(ValidationError) as full:
        ws.exchange.send(drafts, out)
    assert full.value.code == "folder_unwritable" and full.value.facts["folder"] == str(out)
    assert list(out.iterdir()) == []  # the two written files are gone again
    assert len(ws.exchange.outbox()) == 1
    assert [e for e in ws.exchange.log() if e.direction is Direction.OUT] == []
    assert ws.exchange.pending_feedback() == pending and len(pending) == 4


def test_nothing_to_send_and_two_keys_without_a_choice_are_refused(
        workspace: Workspace, vt: Party, tmp_path: Path) -> None:
    ws = workspace
    with pytest.raises(ValidationError) as nothing:
        ws.exchange.send([], tmp_path)
    assert nothing.value.code == "nothing_to_export"
    families(ws, 1)
    ws.exchange.trust(Party.new().folder(tmp_path / "tweede"), "Veilig Thuis Gooi")
    with pytest.raises(ValidationError) as which:
        ws.exchange.send(ws.exchange.prepare("terugkoppeling"), tmp_path)
    assert which.value.code == "choose_recipient"
    out = tmp_path / "uit"
    out.mkdir()
    written = ws.exchange.send(ws.exchange.prepare("terugkoppeling"), out,
                               recipient="Veilig Thuis Utrecht")
    assert kinds_in(out, ws, vt) == ["terugkoppeling"] and len(written) == 1
