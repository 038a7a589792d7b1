"""Instellingen → Organisatiesleutel: choose IT's org.pub, compare the fingerprint, remove it;
the secret org.key is refused; a changed wrap is shown as not intact (issue 17, item 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyrage import x25519
from tests.support.keyfiles import rewrite_keyfile

from wijkteam_desk.services.organisation_key import fingerprint
from wijkteam_desk.ui.organisation_key import OrganisationKeyBox

from .driving import settle


class Org:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        identity = x25519.Identity.generate()
        self.recipient = str(identity.to_public())
        self.pub = folder / "org.pub"
        self.key = folder / "org.key"
        self.pub.write_text(self.recipient + "\n")
        self.key.write_text(f"# public key: {self.recipient}\n{identity}\n")


class Answers:
    """Stands in for the file dialog and the confirmation: records what was asked."""

    def __init__(self) -> None:
        self.file = ""
        self.yes = True
        self.asked: list[str] = []

    def choose(self, _parent) -> str:  # type: ignore[no-untyped-def]
        return self.file

    def confirm(self, _parent, _title: str, text: str, _yes: str) -> bool:  # type: ignore[no-untyped-def]
        self.asked.append(text)
        return self.yes


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def box(unlocked, qtbot, answers):  # type: ignore[no-untyped-def]
    widget = OrganisationKeyBox(unlocked.ctx, choose_file=answers.choose,
                                confirm=answers.confirm)
    qtbot.addWidget(widget)
    return widget


def org_lines(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.action for e in window.ctx.workspace.cases.audit_log()
            if e.action.startswith("vault.organisation_key")]


def test_not_set_then_set_from_org_pub_after_comparing_the_fingerprint(  # type: ignore[no-untyped-def]
        box, answers, unlocked, tmp_path) -> None:
    assert "Niet ingesteld" in box.state.text()
    assert not box.remove_button.isEnabled() and box.fingerprint.isHidden()
    org = Org(tmp_path / "ict")
    answers.file = str(org.pub)
    answers.yes = False  # the fingerprint did not match on the phone
    box.set_button.click()
    assert fingerprint(org.recipient) in answers.asked[-1]
    assert org_lines(unlocked) == []
    answers.yes = True
    box.set_button.click()
    assert box.fingerprint.text() == f"Vingerafdruk: {fingerprint(org.recipient)}"
    assert not box.fingerprint.isHidden() and box.remove_button.isEnabled()
    assert "Ingesteld" in box.state.text()
    assert box.message.text() == "De organisatiesleutel is ingesteld."
    assert org_lines(unlocked) == ["vault.organisation_key.set"]


def test_the_secret_key_is_refused_with_advice_to_take_it_off_the_laptop(  # type: ignore[no-untyped-def]
        box, answers, unlocked, tmp_path) -> None:
    org = Org(tmp_path / "ict")
    answers.file = str(org.key)
    box.set_button.click()
    assert answers.asked == []
    assert "org.key is geweigerd" in box.message.text()
    assert "mag niet op deze laptop staan" in box.message.text()
    assert not unlocked.ctx.workspace.organisation_key.status().is_set


def test_replacing_names_the_old_fingerprint_and_remove_asks_first(  # type: ignore[no-untyped-def]
        box, answers, unlocked, tmp_path) -> None:
    first, second = Org(tmp_path / "een"), Org(tmp_path / "twee")
    unlocked.ctx.workspace.organisation_key.set_from_file(first.pub)
    box.load()
    answers.file = str(second.pub)
    box.set_button.click()
    assert fingerprint(first.recipient) in answers.asked[-1]
    assert box.status is not None and box.status.recipient == second.recipient

    answers.yes = False
    box.remove_button.click()
    assert "ook de ICT-afdeling niet" in answers.asked[-1]
    assert box.status.is_set
    answers.yes = True
    box.remove_button.click()
    assert not box.status.is_set and "Niet ingesteld" in box.state.text()
    assert box.message.text() == "De organisatiesleutel is verwijderd."
    assert org_lines(unlocked) == ["vault.organisation_key.remove", "vault.organisation_key.set",
                                   "vault.organisation_key.set"]


def test_a_changed_wrap_is_shown_as_not_intact(box, unlocked, service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    unlocked.ctx.workspace.organisation_key.set_from_file(Org(tmp_path / "ict").pub)
    data = json.loads(service.paths.keyfile.read_text())
    data["organisation"]["recipient"] = Org(tmp_path / "ander").recipient
    rewrite_keyfile(service.paths.keyfile, data)
    box.load()
    assert "klopt niet" in box.state.text()


def test_the_settings_dialog_has_the_section(unlocked) -> None:  # type: ignore[no-untyped-def]
    dialog = unlocked.open_settings()
    try:
        assert isinstance(dialog.organisation_key, OrganisationKeyBox)
        assert dialog.organisation_key.title() == "Organisatiesleutel"
    finally:
        dialog.reject()


def test_the_lock_screen_says_when_a_restored_backup_has_no_organisation_key(  # type: ignore[no-untyped-def]
        make_window, service, seeded, tmp_path, qtbot) -> None:
    from wijkteam_desk.ui.vault_dialogs import RestoreDialog

    from .conftest import PASSPHRASE

    workspace = service.unlock(PASSPHRASE)
    backup = workspace.backup(tmp_path / "voor.wdbackup")  # made before the key was set
    workspace.organisation_key.set_from_file(Org(tmp_path / "ict").pub)
    workspace.lock()
    before = service.organisation_key_fingerprint()
    window = make_window()
    window.begin()
    restore = RestoreDialog(service, choose_file=lambda _parent: str(backup))
    qtbot.addWidget(restore)
    restore._browse()
    restore.passphrase.setText(PASSPHRASE)
    restore.try_accept()
    settle(restore.worker)
    assert restore.result() == RestoreDialog.DialogCode.Accepted, restore.message.text()
    window.gate.restored(before)
    assert "geen organisatiesleutel" in window.gate.message.text()
    window.gate.restored(None)  # nothing was set before: nothing to warn about
    assert "organisatiesleutel" not in window.gate.message.text()
