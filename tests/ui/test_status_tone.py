"""Red only for problems (issue 12 item 17), and the first run on this platform (item 18): a
status line that says progress or success is in the ordinary text colour; a problem is red.
The first run names only this computer's key store, says it is busy making the vault, and
does not leave the error of the previous try standing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from tests.ui.driving import settle

from wijkteam_desk.texts import keyring_name
from wijkteam_desk.ui.first_run import FirstRunDialog, RecoveryCodeDialog
from wijkteam_desk.ui.unlock import UnlockPanel
from wijkteam_desk.ui.widgets.status import is_red, show_info, show_problem

from .conftest import PASSPHRASE


def test_a_label_is_red_for_a_problem_and_only_then(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    show_problem(label, "Kies eerst een uitkomst.")
    assert is_red(label)
    show_info(label, "Bewaard.")  # the same label, after the problem was solved
    assert not is_red(label) and label.text() == "Bewaard."


def test_unlocking_says_progress_and_try_again_in_ordinary_text(service, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht")[0].lock()
    panel = UnlockPanel(service)
    qtbot.addWidget(panel)

    def unlock(passphrase):  # type: ignore[no-untyped-def]
        from wijkteam_desk.domain.errors import WrongPassphrase
        raise WrongPassphrase()

    monkeypatch.setattr(service, "unlock", unlock)
    panel.passphrase.setText("niet het goede wachtwoord")
    panel.submit()  # the vault opens in a worker; meanwhile the panel says so
    assert panel.message.text() == "De kluis wordt geopend…" and not is_red(panel.message)
    settle(panel.opener)
    assert is_red(panel.message)  # the wrong passphrase is a problem
    waits = iter([5, 0])
    monkeypatch.setattr(service, "seconds_to_wait", lambda: next(waits))
    panel.tick()
    assert is_red(panel.message) and "Probeer het over 5 seconden" in panel.message.text()
    panel.tick()  # the wait is over
    assert panel.message.text() == "Je kunt het nu opnieuw proberen."
    assert not is_red(panel.message)


def test_a_complete_checklist_is_not_announced_in_red(qtbot) -> None:  # type: ignore[no-untyped-def]
    import inspect

    from wijkteam_desk.ui.household import checklist_editor

    source = inspect.getsource(checklist_editor.ChecklistEditor)
    assert 'show_info(self.problems, "<b>Alles is ingevuld.</b>' in source
    assert "self.problems.setText(" not in source  # every text goes through its tone


def test_the_key_store_is_named_for_this_platform_only() -> None:
    linux = keyring_name("linux")
    assert "Windows" not in linux and "macOS" not in linux
    assert keyring_name("win32") == "Windows Referentiebeheer"
    assert "macOS" in keyring_name("darwin") and "Windows" not in keyring_name("darwin")


def test_the_recovery_code_note_names_only_this_platforms_store(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = RecoveryCodeDialog("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF", device_bound=False)
    qtbot.addWidget(dialog)
    text = dialog.keyring_note.text()
    assert keyring_name() in text
    others = {"linux": ("Windows", "macOS"), "win32": ("macOS", "KWallet"),
              "darwin": ("Windows", "KWallet")}
    import sys
    key = "win32" if sys.platform.startswith("win") else sys.platform
    for other in others.get(key, ("Windows", "macOS")):
        assert other not in text


def test_making_the_vault_shows_progress_and_clears_the_old_error(service, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    setup = FirstRunDialog(service)
    qtbot.addWidget(setup)
    setup.passphrase.setText(PASSPHRASE)
    setup.again.setText(PASSPHRASE + "x")
    setup.try_accept()
    assert "niet gelijk" in setup.message.text() and is_red(setup.message)
    setup.again.setText(PASSPHRASE)
    setup.profile.name.setText("Anna de Vries")  # who works with it (issue 13): required
    setup.try_accept()  # Argon2id in a worker: meanwhile the dialog says so, in ordinary text
    assert setup.message.text() == "De kluis wordt gemaakt…" and not is_red(setup.message)
    settle(setup.worker)
    assert "niet gelijk" not in setup.message.text()
    assert service.exists()
