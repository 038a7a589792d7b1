"""Composition root: paths → settings → vault service → QApplication → main window.

The only module that wires concrete adapters (OS keyring, system clock) into the services; it
may import storage adapters for that, nothing else under ``ui/`` does."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication

from .domain.clock import SystemClock
from .domain.profile import make_profile
from .paths import AppPaths, make_private_dir
from .services.vaults import VaultService
from .storage.secretstore import KeyringSecretStore, NoSecretStore
from .ui.main_window import TITLE, MainWindow

if TYPE_CHECKING:  # imported when a vault opens, not at start
    from .services.workspace import Workspace

DEMO_HOUSEHOLDS = 60


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(TITLE)
    app.setApplicationDisplayName(TITLE)
    app.setOrganizationName("wijkteam-desk")
    app.setDesktopFileName("wijkteam-desk")
    install_dutch(app)
    return app


def _translation_dirs() -> list[Path]:
    # QLibraryInfo knows the wheel's (and PyInstaller's, which keeps the PySide6/Qt/translations
    # layout and collects qtbase_*.qm via its QtCore hook) folder; the package path is a fallback.
    import PySide6

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).resolve().parent / "Qt" / "translations"]


class _QtGaps(QTranslator):
    """The few Qt texts that qtbase_nl.qm leaves in English (seen in Qt's own file dialog).
    Installed after qtbase_nl, so it is asked first; for anything else it answers None (a null
    string, where "" would blank the text) and Qt falls through to qtbase_nl."""

    GAPS = {
        ("QFileDialog", "&Look in:"): "&Zoeken in:",
        ("QFileDialog", "Files of &type:"): "Bestands&type:",
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return self.GAPS.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 (Qt name)
        return False


def install_dutch(app: QCoreApplication) -> QTranslator | None:
    """Dutch for everything Qt itself shows (standard buttons OK/Annuleren/Sluiten, file and
    print dialogs, the Ongedaan maken/Knippen/Plakken menu of text fields) and Dutch number and
    date formats. Installed once per application; returns the translator (None when the .qm is
    missing, e.g. a stripped Qt build: the app then still works, with Qt's English). The
    gap-filler (_QtGaps) is installed too, as a child of the returned translator."""
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    existing = app.findChild(QTranslator, "qtbase_nl")
    if existing is not None:
        return existing
    translator = QTranslator(app)
    translator.setObjectName("qtbase_nl")
    for folder in _translation_dirs():
        if translator.load("qtbase_nl", str(folder)):
            app.installTranslator(translator)
            app.installTranslator(_QtGaps(translator))
            return translator
    translator.deleteLater()
    return None


def window_state(paths: AppPaths) -> QSettings:
    """Window geometry only (kept apart from preferences, never personal data)."""
    paths.ensure()
    return QSettings(str(paths.home / "window.ini"), QSettings.Format.IniFormat)


@contextmanager
def demo_vault(seed: int | None = None,
               households: int = DEMO_HOUSEHOLDS) -> Iterator[tuple[VaultService, Workspace, str]]:
    """A throwaway vault full of synthetic households in a private temp folder (0700), deleted
    afterwards. The passphrase is random; the caller shows it, since the demo can be locked."""
    import secrets  # only for a demo: the real start does without them
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="wijkteam-desk-demo-"))
    make_private_dir(home)
    try:
        # No keyring: a throwaway vault must not leave a device secret behind.
        service = VaultService(AppPaths(home), NoSecretStore(), SystemClock())
        passphrase = secrets.token_urlsafe(12)
        workspace, _code = service.create(passphrase, "Demoteam", "Demoregio",
                                          make_profile("Demi Demo", "consulent", "Demoteam"))
        _fill_with_progress(workspace, seed, households)
        yield service, workspace, passphrase
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _fill_with_progress(workspace: Workspace, seed: int | None, households: int) -> None:
    from PySide6.QtWidgets import QProgressDialog

    progress = QProgressDialog("Demogegevens maken…", "", 0, households)
    progress.setWindowTitle(TITLE)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(300)

    def step(done: int) -> None:
        progress.setValue(done)
        QApplication.processEvents()

    try:
        from .services.demo import DemoGenerator  # Faker and the generators: only for a demo

        DemoGenerator(workspace.unit_of_work, seed=seed).generate(households, step)
    finally:
        progress.close()
        progress.deleteLater()


class Termination:
    """Ctrl+C or a shutdown (SIGTERM) ends the app cleanly: inside Qt's loop it quits through Qt,
    so the vault is locked and a demo vault removed; before the loop runs (while the demo data is
    made) it raises SystemExit, and the same ``finally`` blocks clean up. Python only runs signal
    handlers between bytecodes, so a timer gives the interpreter a moment twice a second."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.in_loop = False
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)
        self._heartbeat = QTimer(app)
        self._heartbeat.timeout.connect(lambda: None)
        self._heartbeat.start(500)

    def _handle(self, *_: object) -> None:
        if not self.in_loop:
            raise SystemExit(1)
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and the demo's
        # window asks the user before it throws the demo away; a shutdown does not wait.
        self.app.exit(0)

    def exec(self) -> int:
        self.in_loop = True
        try:
            return self.app.exec()
        finally:
            self.in_loop = False


def run_gui(paths: AppPaths, demo: bool = False) -> int:
    app = make_application()
    loop = Termination(app)
    if demo:
        return _run_demo(app, loop)
    paths.ensure()
    service = VaultService(paths, KeyringSecretStore(), SystemClock())
    window = MainWindow(service, window_state=window_state(paths))
    window.show()
    if not window.begin():
        window.close()
        return 0
    return loop.exec()


def _run_demo(app: QApplication, loop: Termination) -> int:
    with demo_vault() as (service, workspace, passphrase):
        window = MainWindow(service, hint=f"Demo: het wachtwoord is {passphrase}", demo=True)
        window.show()
        window.open_workspace(workspace)
        try:
            return loop.exec()
        finally:
            window.lock("quit")
