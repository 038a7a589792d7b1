"""First run, unlocking, the wrong-passphrase countdown, recovery and restore (shell screens)."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer

from wijkteam_desk.ui.first_run import FirstRunDialog, RecoveryCodeDialog
from wijkteam_desk.ui.unlock import RecoverDialog, RestoreDialog, UnlockPanel

from .conftest import PASSPHRASE, visible_texts

CODE_PATTERN = re.compile(r"^[A-Z0-9]{5}(-[A-Z0-9]{5}){5}$")


def test_first_run_creates_vault_and_shows_recovery_code_once(make_window, service, qtbot):
    window = make_window()
    window.show()
    seen: dict[str, object] = {}

    def fill_setup() -> None:
        setup = window.findChild(FirstRunDialog)
        setup.passphrase.setText(PASSPHRASE)
        setup.again.setText(PASSPHRASE)
        setup.team.setText("Wijkteam Oost")
        setup.region.setText("Gelderland-Midden")
        QTimer.singleShot(0, confirm_code)
        setup.try_accept()

    def confirm_code() -> None:
        dialog = window.findChild(RecoveryCodeDialog)
        seen["code"] = dialog.shown_code
        seen["note"] = dialog.keyring_note.isVisibleTo(dialog)
        dialog.reject()  # Escape may not skip writing the code down
        seen["still_open"] = dialog.isVisible()
        seen["enabled_before"] = dialog.continue_button.isEnabled()
        dialog.confirm.setChecked(True)
        dialog.continue_button.click()
        seen["after"] = dialog.shown_code

    QTimer.singleShot(0, fill_setup)
    assert window.begin()

    assert service.exists()
    assert CODE_PATTERN.match(str(seen["code"]))
    assert seen["note"] is True  # NoSecretStore: say plainly there is no keyring
    assert seen["still_open"] is True and seen["enabled_before"] is False
    assert seen["after"] == ""
    assert not window.is_locked
    assert window.ctx.workspace.settings.team == "Wijkteam Oost"
    assert str(seen["code"]) not in visible_texts()


def test_first_run_refuses_mismatch_and_short_passphrase(service, qtbot):
    setup = FirstRunDialog(service)
    qtbot.addWidget(setup)
    setup.passphrase.setText(PASSPHRASE)
    setup.again.setText(PASSPHRASE + "x")
    setup.try_accept()
    assert "niet gelijk" in setup.message.text()
    setup.passphrase.setText("kort")
    setup.again.setText("kort")
    setup.try_accept()
    assert "minstens 10 tekens" in setup.message.text()
    assert not service.exists()


def test_recovery_code_dialog_keyring_note_hidden_when_bound(qtbot):
    dialog = RecoveryCodeDialog("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF", device_bound=True)
    qtbot.addWidget(dialog)
    assert not dialog.keyring_note.isVisibleTo(dialog)


def test_no_first_run_when_any_part_of_a_vault_exists(make_window, paths, qtbot):
    paths.ensure()
    paths.database.write_bytes(b"")  # a damaged vault is not "no vault"
    window = make_window()
    assert window.begin()
    assert window.findChild(FirstRunDialog) is None
    assert window.root.currentWidget() is window.gate


def test_unlock_wrong_then_right(make_window, seeded, qtbot):
    window = make_window()
    window.begin()
    window.gate.passphrase.setText("dit is het niet")
    window.gate.submit()
    assert window.is_locked
    assert window.gate.message.text() == "Het wachtwoord klopt niet. Probeer het opnieuw."
    assert window.gate.passphrase.text() == ""
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    assert not window.is_locked
    assert window.ctx.workspace.vault.is_open
    window.lock()


def test_the_panel_says_it_is_opening_while_the_vault_opens(make_window, seeded, monkeypatch):
    window = make_window()
    window.begin()
    seen = []
    original = window.service.unlock

    def unlock(passphrase):  # a migration after an update can take seconds
        seen.append(window.gate.message.text())
        return original(passphrase)

    monkeypatch.setattr(window.service, "unlock", unlock)
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    assert seen == ["De kluis wordt geopend…"]
    assert not window.is_locked and window.gate.message.text() == ""
    window.lock()


def test_countdown_after_repeated_failures(service, seeded, clock, qtbot):
    panel = UnlockPanel(service)
    qtbot.addWidget(panel)
    for _ in range(3):
        panel.passphrase.setText("verkeerd wachtwoord")
        panel.submit()
    assert not panel.button.isEnabled()
    assert "5 seconden" in panel.message.text()
    panel.passphrase.setText(PASSPHRASE)
    panel.submit()  # refused without trying while the countdown runs
    assert "seconden" in panel.message.text()
    clock.advance(seconds=2)
    panel.tick()
    assert "3 seconden" in panel.message.text()
    clock.advance(seconds=3)
    panel.tick()
    assert panel.button.isEnabled()
    with qtbot.waitSignal(panel.unlocked) as blocker:
        panel.passphrase.setText(PASSPHRASE)
        panel.submit()
    blocker.args[0].lock()


def test_recover_with_code_sets_new_passphrase(service, seeded, qtbot):
    dialog = RecoverDialog(service)
    qtbot.addWidget(dialog)
    new = "een heel nieuw wachtwoord"
    dialog.code.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    dialog.new.setText(new)
    dialog.again.setText(new)
    dialog.try_accept()
    assert "herstelcode klopt niet" in dialog.message.text()
    dialog.code.setText(seeded.recovery_code)
    dialog.try_accept()
    assert dialog.result() == RecoverDialog.DialogCode.Accepted
    assert "alleen met je wachtwoord" in dialog.outcome
    service.unlock(new).lock()


def test_damaged_vault_offers_restore(make_window, service, seeded, paths, tmp_path, qtbot):
    workspace = service.unlock(PASSPHRASE)
    backup = workspace.backup(tmp_path / "reserve.wdbackup")
    workspace.lock()
    paths.database.write_bytes(paths.database.read_bytes()[:5000])  # truncated

    window = make_window()
    window.begin()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    assert window.is_locked
    assert "Er is niets veranderd" in window.gate.message.text()
    assert window.gate.restore_button.isVisibleTo(window)

    restore = RestoreDialog(service, choose_file=lambda _parent: str(backup))
    qtbot.addWidget(restore)
    restore._browse()
    restore.passphrase.setText(PASSPHRASE)
    restore.try_accept()
    assert restore.result() == RestoreDialog.DialogCode.Accepted, restore.message.text()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    assert not window.is_locked
    window.lock()


def test_a_read_only_vault_says_so_and_offers_restore_when_locked(make_window, service, seeded,
                                                                  paths, clock, qtbot):
    """Issue 15, item 5: a vault that failed its integrity check opens read-only and the app
    says so while it is open; locked, the way back (a restore) is one click away."""
    from wijkteam_desk.storage.damage import mark_damaged

    mark_damaged(paths, ["pages_damaged"], clock.now())
    window = make_window()
    window.show()
    window.begin()
    assert window.gate.restore_button.isVisibleTo(window)
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    assert not window.is_locked and window.ctx.workspace.read_only
    notice = window.vault_notice.text()
    assert window.vault_notice.isVisibleTo(window)
    assert "alleen om te lezen" in notice and "Reservekopie terugzetten" in notice
    window.lock()
    assert not window.vault_notice.isVisibleTo(window)
    assert window.gate.restore_button.isVisibleTo(window)


def test_a_healthy_vault_shows_no_notice_and_no_restore_button(unlocked):
    assert not unlocked.vault_notice.isVisibleTo(unlocked)
    unlocked.lock()
    assert not unlocked.gate.restore_button.isVisibleTo(unlocked)
