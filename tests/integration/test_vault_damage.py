"""A damaged page (issue 15, item 5): ``check`` says it once, and from then on the vault opens
read-only until a backup is restored, so nothing is ever written to the damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE

from wijkteam_desk.domain.errors import IntegrityFailure, VaultReadOnly
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.storage.damage import DAMAGE_MARKER, mark_damaged
from wijkteam_desk.texts import finding_text, findings_advice


def flip(db: Path, offsets: list[int]) -> None:
    data = bytearray(db.read_bytes())
    for offset in offsets:
        data[offset] ^= 0x01
    db.write_bytes(bytes(data))


@pytest.fixture
def filled(workspace, paths):  # type: ignore[no-untyped-def]
    DemoGenerator(workspace.unit_of_work, seed=3, events_per_household=(2, 3)).generate(12)
    return workspace


def test_check_names_a_damaged_page_once_and_marks_the_vault(filled, vault_service,
                                                             paths) -> None:  # type: ignore[no-untyped-def]
    filled.lock()
    pages = paths.database.stat().st_size // 4096
    damaged = pages // 2
    flip(paths.database, [(damaged - 1) * 4096 + 1000])
    ws = vault_service.unlock(PASSPHRASE)
    try:
        [finding] = ws.check()
    finally:
        ws.lock()
    assert finding.code == "pages_damaged" and finding.facts["pages"] == [damaged]
    text = finding_text(finding)
    assert text == f"Eén pagina van de database is beschadigd (pagina {damaged})."
    advice = findings_advice([finding])
    assert "restore" in advice and "alleen om te lezen" in advice
    assert (paths.home / DAMAGE_MARKER).exists()


def test_a_marked_vault_opens_read_only_and_is_never_written(workspace, vault_service, paths,
                                                             clock) -> None:  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household("Gezin Leesbaar")
    workspace.lock()
    mark_damaged(paths, ["pages_damaged"], clock.now())
    before = paths.database.read_bytes(), paths.keyfile.read_bytes()
    ws = vault_service.unlock(PASSPHRASE)
    try:
        assert ws.read_only and [n.code for n in ws.notices] == ["read_only"]
        assert [r.summary.name for r in ws.cases.list_cases()] == ["Gezin Leesbaar"]
        assert ws.cases.open_file(hid).file.household.name == "Gezin Leesbaar"  # view: no log line
        with pytest.raises(VaultReadOnly):
            ws.cases.create_household("Gezin Nieuw")
        with pytest.raises(VaultReadOnly):
            ws.cases.add_person(hid, "Kees", "Leesbaar")
    finally:
        ws.lock()
    assert (paths.database.read_bytes(), paths.keyfile.read_bytes()) == before
    wal = paths.home / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert vault_service.needs_restore()


def test_a_clean_check_lifts_the_mark(workspace, vault_service, paths, clock) -> None:  # type: ignore[no-untyped-def]
    """Only when the file was put right by hand can the check pass again."""
    workspace.lock()
    mark_damaged(paths, ["pages_damaged"], clock.now())
    ws = vault_service.unlock(PASSPHRASE)
    try:
        assert ws.check() == []
    finally:
        ws.lock()
    ws = vault_service.unlock(PASSPHRASE)
    try:
        assert not ws.read_only and ws.notices == []
    finally:
        ws.lock()


def test_restoring_a_backup_ends_read_only(workspace, vault_service, paths, clock,
                                           tmp_path) -> None:  # type: ignore[no-untyped-def]
    workspace.cases.create_household("Gezin Kopie")
    backup = workspace.backup(tmp_path / "kopie.wdbackup")
    workspace.lock()
    mark_damaged(paths, ["pages_damaged"], clock.now())
    previous = vault_service.restore(backup, passphrase=PASSPHRASE)
    assert previous is not None and (previous / DAMAGE_MARKER).exists()  # kept with the old vault
    assert not vault_service.needs_restore()
    ws = vault_service.unlock(PASSPHRASE)
    try:
        assert not ws.read_only
        ws.cases.create_household("Gezin Daarna")
    finally:
        ws.lock()


def test_running_into_a_damaged_page_marks_the_vault(filled, vault_service, paths) -> None:  # type: ignore[no-untyped-def]
    filled.lock()
    pages = paths.database.stat().st_size // 4096
    flip(paths.database, [n * 4096 + 1000 for n in range(pages // 2, pages)])

    def open_and_list() -> None:
        ws = vault_service.unlock(PASSPHRASE)  # its log line may already meet the damage
        try:
            ws.cases.list_cases()
        finally:
            ws.lock()

    with pytest.raises(IntegrityFailure):
        open_and_list()
    assert (paths.home / DAMAGE_MARKER).exists()
    # the vault was closed again (else VaultInUse), and opens read-only now: the same answer
    with pytest.raises(IntegrityFailure):
        open_and_list()


def test_a_backup_of_a_damaged_vault_fails_cleanly(filled, vault_service, paths, clock,
                                                   tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An error the app can explain, no half-written copy (and the app makes no automatic
    backup of a read-only vault: that copy would become "the latest backup")."""
    filled.lock()
    pages = paths.database.stat().st_size // 4096
    flip(paths.database, [n * 4096 + 1000 for n in range(pages // 2, pages)])
    mark_damaged(paths, ["pages_damaged"], clock.now())
    ws = vault_service.unlock(PASSPHRASE)
    out = tmp_path / "usb"
    out.mkdir()
    try:
        with pytest.raises(IntegrityFailure):
            ws.backup(out / "kopie.wdbackup")
    finally:
        ws.lock()
    assert list(out.iterdir()) == []
