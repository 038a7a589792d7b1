"""No text is cut off, on any screen, on a 1366×768 laptop — also with text 25 % larger (the
"125 %" setting of a laptop with a small screen). Each screen is shown at the laptop size (a
dialog at the size it opens with): every visible label fits its text, a dialog is as wide as
its title in the title bar, a short value in a table (a date, a status, a phone number) and
every column header is whole and in sight, and a list of check boxes shows all its choices.

These tests need a 1366×768 screen (dialogs open within the screen they are on), so
``test_text_fits.py`` runs this file in a subprocess whose offscreen screen is that size;
in the ordinary run they skip."""

from __future__ import annotations

from itertools import chain

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from .a11y_screens import Demo, demo_window, dialogs, dutch_qt, main_screens  # noqa: F401
from .conftest import flush_deletes
from .driving import settle
from .text_fit import (  # noqa: F401 (text_scale is a fixture)
    clipped_cells,
    clipped_labels,
    clipped_title,
    hidden_choices,
    text_scale,
)

LAPTOP = QSize(1366, 728)  # 1366×768 less the taskbar
SCREEN = QSize(1366, 768)


@pytest.fixture(autouse=True)
def laptop_screen(qapp) -> None:  # type: ignore[no-untyped-def]
    if qapp.primaryScreen().size() != SCREEN:
        pytest.skip("needs a 1366×768 screen: test_text_fits.py runs this file with one")


def _cut(screen) -> list[str]:  # type: ignore[no-untyped-def]
    flush_deletes()  # as the event loop does: widgets replaced by a refresh are gone
    return (clipped_labels(screen) + clipped_title(screen) + clipped_cells(screen)
            + hidden_choices(screen))


def _report(cut: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}: {line}" for name, lines in cut.items() for line in lines)


def test_every_label_fits_on_every_screen(text_scale, demo_window: Demo) -> None:  # noqa: F811
    window = demo_window.window
    window.resize(LAPTOP)
    cut: dict[str, list[str]] = {}
    for name, screen in chain(main_screens(demo_window), dialogs(demo_window)):
        found = _cut(screen)
        if found:
            cut[name] = found
    assert not cut, _report(cut)


def test_the_unlock_screen_says_it_all(text_scale, demo_window: Demo, monkeypatch) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    """After three wrong passphrases, and after a new passphrase set with the recovery code:
    the sentence under the passphrase was cut off after its first line."""
    from wijkteam_desk.ui.vault_dialogs import RecoverDialog

    window = demo_window.window
    window.resize(LAPTOP)
    window.lock("test")
    for _attempt in range(4):
        window.gate.passphrase.setText("niet het goede wachtwoord")
        window.gate.submit()
        settle(window.gate.opener)  # each attempt runs in a worker
    assert "Probeer het over" in window.gate.message.text()
    cut = {"te veel pogingen": _cut(window)}
    monkeypatch.setattr(window.service, "recover", lambda _code, _new: False)  # no keyring
    dialog = RecoverDialog(window.service, window.gate)
    dialog.new.setText("een nieuw lang wachtwoord")
    dialog.again.setText("een nieuw lang wachtwoord")
    dialog.try_accept()
    settle(dialog.worker)
    window.gate.message.setText(dialog.outcome)  # what open_recovery shows after it
    QApplication.sendPostedEvents()  # the layout request the new text posts (the event loop
    QApplication.processEvents()  # runs it before the next paint in the app)
    cut["hersteld"] = _cut(window)
    assert not any(cut.values()), _report(cut)
