"""First run, unlocking, the wrong-passphrase countdown, recovery and restore (shell screens)."""

from __future__ import annotations

import re
import threading

from PySide6.QtCore import QTimer

from wijkteam_desk.ui.first_run import FirstRunDialog, RecoveryCodeDialog
from wijkteam_desk.ui.unlock import UnlockPanel
from wijkteam_desk.ui.vault_dialogs import RecoverDialog, RestoreDialog

from .conftest import PASSPHRASE, submit_passphrase, visible_texts
from .driving import DEADLOCK_SECONDS, settle

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
        setup.profile.name.setText("Anna de Vries")  # who works with it (issue 13): required
        setup.try_accept()  # the vault is made in a worker thread
        seen["busy"] = setup.busy and not setup.buttons.isEnabled()
        seen["says"] = setup.message.text()
        settle(setup.worker)  # made: the dialog closes, the code is shown next
        QTimer.singleShot(0, confirm_code)

    def confirm_code() -> None:
        dialog = window.findChild(RecoveryCodeDialog)
        if dialog is None or not dialog.isVisible():  # not shown yet: the next event pass
            QTimer.singleShot(0, confirm_code)
            return
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
    assert seen["busy"] is True and seen["says"] == "De kluis wordt gemaakt…"
    assert CODE_PATTERN.match(str(seen["code"]))
    assert seen["note"] is True  # NoSecretStore: say plainly there is no keyring
    assert seen["still_open"] is True and seen["enabled_before"] is False
    assert seen["after"] == ""
    assert not window.is_locked
    assert window.ctx.workspace.settings.team == "Wijkteam Oost"
    assert window.ctx.workspace.identity.actor == "Anna de Vries"
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
    settle(setup.worker)
    assert "minstens 10 tekens" in setup.message.text()
    assert setup.buttons.isEnabled() and setup.passphrase.isEnabled()  # try again
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
    submit_passphrase(window.gate, "dit is het niet")
    assert window.is_locked
    assert window.gate.message.text() == "Het wachtwoord klopt niet. Probeer het opnieuw."
    assert window.gate.passphrase.text() == "" and window.gate.passphrase.isEnabled()
    submit_passphrase(window.gate)
    assert not window.is_locked
    assert window.ctx.workspace.vault.is_open
    window.lock()


def test_the_window_stays_usable_while_the_vault_opens(make_window, seeded, monkeypatch):
    window = make_window()
    window.begin()
    release, threads = threading.Event(), []
    original = window.service.unlock

    def unlock(passphrase):  # a migration after an update can take seconds
        threads.append(threading.current_thread())
        release.wait(DEADLOCK_SECONDS)
        return original(passphrase)

    monkeypatch.setattr(window.service, "unlock", unlock)
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    assert window.gate.opening and window.is_locked
    assert window.gate.message.text() == "De kluis wordt geopend…"
    assert window.gate.working.isVisibleTo(window.gate)  # the bar moves: something happens
    assert not window.gate.button.isEnabled() and not window.gate.passphrase.isEnabled()
    window.gate.submit()  # a second Enter does not start a second attempt
    release.set()
    settle(window.gate.opener)
    assert threads[0] is not threading.main_thread() and len(threads) == 1
    assert not window.is_locked and window.gate.message.text() == ""
    assert not window.gate.working.isVisibleTo(window.gate)
    window.lock()


def test_panic_while_the_vault_opens_keeps_it_closed(make_window, service, seeded, monkeypatch):
    window = make_window()
    window.begin()
    release, opened = threading.Event(), []
    original = window.service.unlock

    def unlock(passphrase):
        release.wait(DEADLOCK_SECONDS)
        opened.append(original(passphrase))
        return opened[-1]

    monkeypatch.setattr(window.service, "unlock", unlock)
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    window.panic()  # someone comes in while the key is being derived
    release.set()
    settle(window.gate.opener)
    assert window.is_locked and window.root.currentWidget() is window.gate
    assert not opened[0].vault.is_open  # closed again at once, nothing shown
    service.unlock(PASSPHRASE).lock()  # and not left in use


def test_quitting_while_the_vault_opens_closes_it(make_window, service, seeded, monkeypatch):
    window = make_window()
    window.begin()
    opened = []
    original = window.service.unlock
    monkeypatch.setattr(window.service, "unlock",
                        lambda passphrase: opened.append(original(passphrase)) or opened[-1])
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.submit()
    window._on_quit()  # the app quits: it waits for the opening, then closes the vault
    assert not window.gate.opening and window.is_locked
    assert not opened[0].vault.is_open


def test_countdown_after_repeated_failures(service, seeded, clock, qtbot):
    panel = UnlockPanel(service)
    qtbot.addWidget(panel)
    for _ in range(3):
        submit_passphrase(panel, "verkeerd wachtwoord")
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
    opened: list[object] = []
    panel.unlocked.connect(opened.append)
    submit_passphrase(panel)
    [workspace] = opened
    workspace.lock()


def test_recover_with_code_sets_new_passphrase(service, seeded, qtbot):
    dialog = RecoverDialog(service)
    qtbot.addWidget(dialog)
    new = "een heel nieuw wachtwoord"
    dialog.code.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    dialog.new.setText(new)
    dialog.again.setText(new)
    dialog.try_accept()
    assert dialog.busy and dialog.message.text() == "De herstelcode wordt gecontroleerd…"
    closed: list[int] = []
    dialog.rejected.connect(lambda: closed.append(1))
    dialog.reject()  # Escape while the code is checked: it is checked to the end first
    settle(dialog.worker)
    assert closed == [] and "herstelcode klopt niet" in dialog.message.text()
    dialog.code.setText(seeded.recovery_code)
    dialog.try_accept()
    settle(dialog.worker)
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
    submit_passphrase(window.gate)
    assert window.is_locked
    assert "Er is niets veranderd" in window.gate.message.text()
    assert window.gate.restore_button.isVisibleTo(window)

    restore = RestoreDialog(service, choose_file=lambda _parent: str(backup))
    qtbot.addWidget(restore)
    restore._browse()
    restore.passphrase.setText(PASSPHRASE)
    restore.try_accept()
    assert restore.passphrase.text() == ""  # not kept in the field while it is checked
    settle(restore.worker)
    assert restore.result() == RestoreDialog.DialogCode.Accepted, restore.message.text()
    submit_passphrase(window.gate)
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
    submit_passphrase(window.gate)
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
