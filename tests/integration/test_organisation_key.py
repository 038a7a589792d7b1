"""The organisation's recovery key on a real vault (issue 17, item 6): set it, lose passphrase
and recovery code, get back in with the organisation's identity, and see it all in the audit
log; passphrase changes, the recovery code and backups keep the wrap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyrage import x25519
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.support.keyfiles import rewrite_keyfile
from tests.support.keyrings import MemoryKeyring

from wijkteam_desk.domain.errors import (
    NoOrganisationKey,
    OrganisationWrapDamaged,
    RejectedInput,
    TooManyAttempts,
    WrongOrganisationKey,
    WrongPassphrase,
)
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.organisation_key import NOT_SET, fingerprint, read_identity_file
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import KeyringSecretStore

NEW = "een nieuw lang wachtwoord"


class Org:
    """The organisation's key pair, in files as IT makes them (outside the vault's folder)."""

    def __init__(self, folder: Path, name: str = "org") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        identity = x25519.Identity.generate()
        self.recipient = str(identity.to_public())
        self.identity = str(identity)  # what read_identity_file gets out of org.key
        self.key = folder / f"{name}.key"
        self.pub = folder / f"{name}.pub"
        self.key.write_text(f"# public key: {self.recipient}\n{identity}\n")
        self.pub.write_text(self.recipient + "\n")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.recipient)


@pytest.fixture
def org(tmp_path: Path) -> Org:
    return Org(tmp_path / "usb-ict")


def actions(ws, prefix: str = "vault.organisation_key"):  # type: ignore[no-untyped-def]
    """The organisation-key lines of the audit log, oldest first."""
    return [(e.action, e.detail, e.actor, e.device) for e in reversed(ws.cases.audit_log())
            if e.action.startswith(prefix)]


def test_lost_passphrase_and_recovery_code_the_organisation_key_opens_the_vault(  # type: ignore[no-untyped-def]
        workspace, vault_service, org, paths) -> None:
    workspace.cases.create_household("Gezin Herstel")
    status = workspace.organisation_key.set_from_file(org.pub)
    assert status.fingerprint == org.fingerprint and status.intact
    workspace.lock()

    # Passphrase and recovery code are both gone; IT comes with org.key on a stick.
    it = VaultService(paths, vault_service.secrets, vault_service.clock,
                      Identity("ict-beheer", "laptop-17"), kdf=CHEAP_KDF)
    identity = read_identity_file(org.key)  # read from the stick into memory, nothing kept
    assert it.recover_with_organisation_key(identity, NEW) is False  # no keyring here
    with pytest.raises(WrongPassphrase):
        vault_service.unlock(PASSPHRASE)
    ws = vault_service.unlock(NEW)
    try:
        assert [c.summary.name for c in ws.cases.list_cases()] == ["Gezin Herstel"]
        lines = actions(ws)
        assert lines == [
            ("vault.organisation_key.set", {"fingerprint": org.fingerprint}, "tester",
             "testapparaat"),
            ("vault.organisation_key.recover", {"fingerprint": org.fingerprint}, "ict-beheer",
             "laptop-17"),
        ]
        assert ws.check() == []  # the line is part of the hash chain
        assert ws.organisation_key.status().intact  # the wrap stays for next time
    finally:
        ws.lock()
    # and it still works a second time, after the first new passphrase is forgotten too
    vault_service.recover_with_organisation_key(org.identity, "nog een ander wachtwoord")
    vault_service.unlock("nog een ander wachtwoord").lock()


def test_the_recovery_code_keeps_working_after_an_organisation_recovery(  # type: ignore[no-untyped-def]
        vault_service, org) -> None:
    ws, code = vault_service.create(PASSPHRASE)
    ws.organisation_key.set_organisation_key(org.recipient)
    ws.lock()
    vault_service.recover_with_organisation_key(org.identity, NEW)
    vault_service.recover(code, "weer een ander wachtwoord")
    vault_service.unlock("weer een ander wachtwoord").lock()


def test_passphrase_changes_and_the_recovery_code_keep_the_organisation_wrap(  # type: ignore[no-untyped-def]
        vault_service, org, paths, memory_keyring) -> None:
    ws, code = vault_service.create(PASSPHRASE)
    ws.organisation_key.set_from_file(org.pub)
    wrap = json.loads(paths.keyfile.read_text())["organisation"]
    ws.change_passphrase(PASSPHRASE, "tweede lang wachtwoord", vault_service.secrets)  # in app
    ws.lock()
    vault_service.change_passphrase("tweede lang wachtwoord", "derde lang wachtwoord")  # passwd
    vault_service.recover(code, "vierde lang wachtwoord")
    assert json.loads(paths.keyfile.read_text())["organisation"] == wrap
    vault_service.recover_with_organisation_key(org.identity, NEW)
    vault_service.unlock(NEW).lock()


def test_on_a_new_laptop_the_organisation_key_binds_the_vault_there(  # type: ignore[no-untyped-def]
        bound_service, org, paths, clock) -> None:
    ws, _code = bound_service.create(PASSPHRASE)
    assert ws.device_bound
    ws.organisation_key.set_from_file(org.pub)
    ws.lock()
    keyring = MemoryKeyring()
    elsewhere = VaultService(paths, KeyringSecretStore(keyring), clock,
                             Identity("ict-beheer", "nieuwe-laptop"), kdf=CHEAP_KDF)
    assert elsewhere.recover_with_organisation_key(org.identity, NEW) is True
    ws = elsewhere.unlock(NEW)
    assert ws.device_bound
    ws.lock()


def test_a_locked_out_user_is_not_made_to_wait_by_the_organisation_key(  # type: ignore[no-untyped-def]
        vault_service, workspace, org) -> None:
    workspace.organisation_key.set_from_file(org.pub)
    workspace.lock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            vault_service.unlock("fout fout fout")
    with pytest.raises(TooManyAttempts):
        vault_service.unlock(PASSPHRASE)
    vault_service.recover_with_organisation_key(org.identity, NEW)
    vault_service.unlock(NEW).lock()  # the count of wrong passphrases starts again


def test_a_wrong_identity_changes_nothing_and_names_the_expected_fingerprint(  # type: ignore[no-untyped-def]
        workspace, vault_service, org, paths, tmp_path) -> None:
    workspace.organisation_key.set_from_file(org.pub)
    workspace.lock()
    other = Org(tmp_path / "ander", "ander")
    before = paths.keyfile.read_bytes(), paths.database.read_bytes()
    with pytest.raises(WrongOrganisationKey) as info:
        vault_service.recover_with_organisation_key(other.identity, NEW)
    assert info.value.exit_status == 3
    assert info.value.facts == {"fingerprint": org.fingerprint, "given": other.fingerprint}
    assert (paths.keyfile.read_bytes(), paths.database.read_bytes()) == before
    vault_service.unlock(PASSPHRASE).lock()


def test_a_recipient_where_the_identity_belongs_is_refused(  # type: ignore[no-untyped-def]
        workspace, vault_service, org) -> None:
    workspace.organisation_key.set_from_file(org.pub)
    workspace.lock()
    with pytest.raises(RejectedInput) as info:
        vault_service.recover_with_organisation_key(org.recipient, NEW)
    assert info.value.exit_status == 4


def test_a_vault_without_an_organisation_key(workspace, vault_service, org) -> None:  # type: ignore[no-untyped-def]
    assert workspace.organisation_key.status() == NOT_SET
    workspace.lock()
    assert vault_service.organisation_key_fingerprint() is None
    with pytest.raises(NoOrganisationKey):
        vault_service.recover_with_organisation_key(org.identity, NEW)


def _edit_wrap(paths, **fields: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(paths.keyfile.read_text())
    data["organisation"].update(fields)
    rewrite_keyfile(paths.keyfile, data)


def test_a_swapped_recipient_is_damage_and_the_app_says_the_wrap_is_not_intact(  # type: ignore[no-untyped-def]
        workspace, vault_service, org, paths, tmp_path) -> None:
    workspace.organisation_key.set_from_file(org.pub)
    workspace.lock()
    intruder = Org(tmp_path / "indringer")
    _edit_wrap(paths, recipient=intruder.recipient)
    with pytest.raises(OrganisationWrapDamaged) as info:
        vault_service.recover_with_organisation_key(org.identity, NEW)
    assert info.value.exit_status == 5
    assert info.value.facts["reason"] == "organisation_wrap_damaged"
    ws = vault_service.unlock(PASSPHRASE)  # the passphrase still opens it
    try:
        status = ws.organisation_key.status()
        assert status.recipient == intruder.recipient and not status.intact
        ws.organisation_key.set_from_file(org.pub)  # setting it again repairs it
        assert ws.organisation_key.status().intact
    finally:
        ws.lock()


def test_a_wrap_copied_from_another_vault_is_foreign(  # type: ignore[no-untyped-def]
        vault_service, org, paths, clock, tmp_path) -> None:
    from wijkteam_desk.paths import AppPaths

    ws, _ = vault_service.create(PASSPHRASE)
    ws.organisation_key.set_from_file(org.pub)
    ws.lock()
    other_paths = AppPaths(tmp_path / "collega")
    other = VaultService(other_paths, vault_service.secrets, clock, Identity("c", "d"),
                         kdf=CHEAP_KDF)
    ws2, _ = other.create(PASSPHRASE)
    ws2.organisation_key.set_from_file(org.pub)
    ws2.lock()
    theirs = json.loads(other_paths.keyfile.read_text())["organisation"]
    _edit_wrap(paths, **theirs)
    with pytest.raises(OrganisationWrapDamaged) as info:
        vault_service.recover_with_organisation_key(org.identity, NEW)
    assert info.value.facts["reason"] == "organisation_wrap_foreign"


def test_set_twice_is_one_change_replace_and_remove_are_audited(  # type: ignore[no-untyped-def]
        workspace, vault_service, org, tmp_path) -> None:
    keys = workspace.organisation_key
    keys.set_organisation_key(org.recipient)
    keys.set_organisation_key(org.recipient)  # the team joining again: nothing changes
    second = Org(tmp_path / "nieuw", "nieuw")
    keys.set_from_file(second.pub)
    assert keys.status().fingerprint == second.fingerprint
    assert [(a, d) for a, d, _, _ in actions(workspace)] == [
        ("vault.organisation_key.set", {"fingerprint": org.fingerprint}),
        ("vault.organisation_key.set", {"fingerprint": second.fingerprint,
                                        "replaced": org.fingerprint}),
    ]
    workspace.lock()
    with pytest.raises(WrongOrganisationKey):  # the replaced key no longer opens this vault
        vault_service.recover_with_organisation_key(org.identity, NEW)
    ws = vault_service.unlock(PASSPHRASE)
    try:
        removed = ws.organisation_key.remove()
        assert removed.fingerprint == second.fingerprint
        assert ws.organisation_key.status() == NOT_SET
        assert ws.organisation_key.remove() == NOT_SET  # nothing left: no second line
        assert actions(ws)[-1][:2] == ("vault.organisation_key.remove",
                                       {"fingerprint": second.fingerprint})
        assert len(actions(ws, "vault.organisation_key.remove")) == 1
    finally:
        ws.lock()
    with pytest.raises(NoOrganisationKey):
        vault_service.recover_with_organisation_key(second.identity, NEW)


def test_a_refused_file_changes_nothing(workspace, org, paths) -> None:  # type: ignore[no-untyped-def]
    before = paths.keyfile.read_bytes()
    with pytest.raises(RejectedInput) as info:
        workspace.organisation_key.set_from_file(org.key)
    assert info.value.reason == "secret_key_given"
    assert paths.keyfile.read_bytes() == before
    assert actions(workspace) == []


def test_backups_keep_the_wrap_and_one_from_before_has_none(  # type: ignore[no-untyped-def]
        workspace, vault_service, org, tmp_path) -> None:
    before_set = workspace.backup(tmp_path / "voor.wdbackup")
    workspace.organisation_key.set_from_file(org.pub)
    after_set = workspace.backup(tmp_path / "na.wdbackup")
    workspace.lock()
    assert vault_service.organisation_key_fingerprint() == org.fingerprint

    vault_service.restore(before_set, passphrase=PASSPHRASE)
    assert vault_service.organisation_key_fingerprint() is None
    vault_service.restore(after_set, passphrase=PASSPHRASE)
    assert vault_service.organisation_key_fingerprint() == org.fingerprint
    vault_service.recover_with_organisation_key(org.identity, NEW)
    vault_service.unlock(NEW).lock()


def test_a_restore_with_the_recovery_code_keeps_the_wrap(  # type: ignore[no-untyped-def]
        vault_service, org, tmp_path) -> None:
    ws, code = vault_service.create(PASSPHRASE)
    ws.organisation_key.set_from_file(org.pub)
    backup = ws.backup(tmp_path / "kopie.wdbackup")
    ws.lock()
    vault_service.restore(backup, recovery_code=code, new_passphrase="hersteld lang wachtwoord")
    assert vault_service.organisation_key_fingerprint() == org.fingerprint
    vault_service.recover_with_organisation_key(org.identity, NEW)
    vault_service.unlock(NEW).lock()


def test_no_recovery_without_its_audit_line(workspace, vault_service, org, paths,  # type: ignore[no-untyped-def]
                                           monkeypatch) -> None:
    """The line goes into the chain before vault.key changes: when it cannot be written (here:
    a full disk), the passphrase stays as it was and the user is told why."""
    from sqlalchemy.exc import OperationalError

    from wijkteam_desk.domain.errors import DiskFull
    from wijkteam_desk.storage import organisation_key

    workspace.organisation_key.set_from_file(org.pub)
    workspace.lock()
    key_before = paths.keyfile.read_bytes()

    def disk_full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT INTO audit_event", {}, Exception("database or disk is full"))

    monkeypatch.setattr(organisation_key.audit, "append", disk_full)
    with pytest.raises(DiskFull):
        vault_service.recover_with_organisation_key(org.identity, NEW)
    assert paths.keyfile.read_bytes() == key_before
    monkeypatch.undo()
    vault_service.unlock(PASSPHRASE).lock()
