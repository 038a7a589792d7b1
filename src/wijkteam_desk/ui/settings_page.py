"""Instellingen (Picard style: ``load()`` fills the fields, ``save()`` validates and stores).

Preferences are not personal data; they are saved through ``Workspace.save_settings`` (audited).
"Jij" is the profile inside the vault (``Workspace.save_profile``, audited): who acts.
The passphrase change rewraps the key; it does not re-encrypt the database. Both it and the
backup (``BackupRunner``) run in a worker thread, so the window keeps painting."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError, WrongPassphrase
from .background import BackgroundCall
from .context import AppContext, show_error
from .form_dialog import MISMATCH, FormDialog, message_label, password_field, ui_error_text
from .organisation_key import OrganisationKeyBox
from .profile import ProfileFields
from .widgets.progress import WorkingBar
from .widgets.status import show_info, show_problem

if TYPE_CHECKING:  # imported when a vault opens, not at start
    from ..services.workspace import Workspace


def parse_offsets(text: str) -> tuple[int, ...] | None:
    """"3, 12" → (3, 12); None when something is not a whole number."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


class SettingsDialog(QDialog):
    saved = Signal(object)  # the saved Settings

    def __init__(self, ctx: AppContext, secrets: Any, parent: QWidget | None = None,
                 choose_folder: Callable[[QWidget, str], str] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._secrets = secrets
        self._choose_folder = choose_folder or _choose_folder
        self.setWindowTitle(self.tr("Instellingen"))
        self.setMinimumWidth(560)

        self.profile = ProfileFields(self)  # "Jij": who works with this vault (ui/profile.py)
        self.team = self._line(self.tr("Team"), self.tr("De naam van je wijkteam"))
        self.region = self._line(self.tr("Regio"), self.tr("De regio van Veilig Thuis"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 60)
        self.idle_minutes.setSuffix(self.tr(" minuten"))
        self.idle_minutes.setAccessibleName(self.tr("Vergrendelen na"))
        self.idle_minutes.setToolTip(self.tr("Na hoeveel minuten zonder toetsenbord of muis "
                                             "de app vergrendelt (1 tot 60)"))
        self.offsets = self._line(self.tr("Monitoringmomenten"),
                                  self.tr("Maanden na de overdracht of het afsluiten, "
                                          "gescheiden door komma's, bijvoorbeeld 3, 12"))
        self.backup_folder = self._line(self.tr("Map voor reservekopieën"),
                                        self.tr("Bijvoorbeeld een map op een USB-stick"))
        browse = QPushButton(self.tr("&Kiezen…"))
        browse.setAccessibleName(self.tr("Map voor reservekopieën kiezen"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(browse)
        folder = QWidget()
        folder.setLayout(folder_row)
        self.daily_backup = QCheckBox(self.tr("&Dagelijks automatisch een reservekopie maken"))
        self.daily_backup.setAccessibleName(self.tr("Dagelijks automatisch een reservekopie"))
        self.daily_backup.setToolTip(self.tr("Na het openen van de kluis, één keer per dag"))
        self.device_state = QLabel()
        self.device_state.setWordWrap(True)
        self.device_state.setAccessibleName(self.tr("Beveiliging van de kluis"))
        self.change_passphrase_button = QPushButton(self.tr("&Wachtwoord wijzigen…"))
        self.change_passphrase_button.setAccessibleName(self.tr("Wachtwoord wijzigen"))
        self.change_passphrase_button.clicked.connect(self.change_passphrase)
        self.message = message_label()

        me_form = QFormLayout()
        for label, field in self.profile.rows():
            self._row(me_form, label, field)
        me_note = QLabel(self.tr("Je naam en functie komen bij alles wat je vanaf nu vastlegt, "
                                 "afdrukt of verstuurt, en in het logboek."))
        me_note.setWordWrap(True)
        me = QGroupBox(self.tr("Jij"))
        me_box = QVBoxLayout(me)
        me_box.addLayout(me_form)
        me_box.addWidget(me_note)
        general = QFormLayout()
        self._row(general, self.tr("&Team:"), self.team)
        self._row(general, self.tr("&Regio:"), self.region)
        self._row(general, self.tr("&Vergrendelen na:"), self.idle_minutes)
        self._row(general, self.tr("&Monitoring (maanden):"), self.offsets)
        work = QGroupBox(self.tr("Werk"))
        work.setLayout(general)
        backup_form = QFormLayout()
        self._row(backup_form, self.tr("M&ap:"), folder)
        backup_form.addRow(self.daily_backup)
        backup = QGroupBox(self.tr("Reservekopie"))
        backup.setLayout(backup_form)
        security_box = QVBoxLayout()
        security_box.addWidget(self.device_state)
        security_box.addWidget(self.change_passphrase_button)
        security = QGroupBox(self.tr("Beveiliging"))
        security.setLayout(security_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setText(self.tr("&Opslaan"))
        save_button.setAccessibleName(self.tr("Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self._save_and_close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(me)
        layout.addWidget(work)
        layout.addWidget(backup)
        layout.addWidget(security)
        self.organisation_key = OrganisationKeyBox(ctx, self)  # ui/organisation_key.py
        layout.addWidget(self.organisation_key)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load()

    def _line(self, name: str, tooltip: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setToolTip(tooltip)
        return field

    def _row(self, form: QFormLayout, label: str, field: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(field)
        form.addRow(caption, field)

    def load(self) -> None:
        self.profile.load(self.ctx.workspace.profile)
        settings = self.ctx.workspace.settings
        self.team.setText(settings.team)
        self.region.setText(settings.region)
        self.idle_minutes.setValue(settings.idle_lock_minutes)
        self.offsets.setText(", ".join(str(o) for o in settings.monitoring_offsets_months))
        self.backup_folder.setText(settings.backup_folder)
        self.daily_backup.setChecked(settings.daily_backup)
        if self.ctx.workspace.device_bound:
            self.device_state.setText(self.tr(
                "De kluis is gekoppeld aan deze computer. Met alleen het wachtwoord gaat hij "
                "op een andere computer niet open; daar heb je de herstelcode nodig."))
        else:
            self.device_state.setText(self.tr(
                "Er is geen veilige sleutelopslag gevonden op deze computer. De kluis is alleen "
                "met je wachtwoord beveiligd."))
        self.message.clear()

    def save(self) -> bool:
        """Validate and store; False (with a message in the dialog) when something is wrong."""
        offsets = parse_offsets(self.offsets.text())
        if offsets is None:
            show_problem(self.message, self.tr("Vul de monitoringmomenten in als hele getallen, "
                                         "gescheiden door komma's. Bijvoorbeeld: 3, 12."))
            return False
        folder = self.backup_folder.text().strip()
        if self.daily_backup.isChecked() and not folder:
            show_problem(self.message, self.tr("Kies een map voor de reservekopie, of zet de "
                                         "dagelijkse reservekopie uit."))
            return False
        workspace = self.ctx.workspace
        profile_changed = self.profile.differs_from(workspace.profile)
        try:
            if profile_changed:
                self.profile.profile()  # checked first: a wrong name stores nothing at all
        except WijkteamError as exc:
            self.message.setText(ui_error_text(exc))
            return False
        settings = replace(workspace.settings, team=self.team.text().strip(),
                           region=self.region.text().strip(),
                           idle_lock_minutes=self.idle_minutes.value(),
                           monitoring_offsets_months=offsets, backup_folder=folder,
                           daily_backup=self.daily_backup.isChecked())
        try:
            workspace.save_settings(settings)
            if profile_changed:
                workspace.save_profile(*self.profile.values())
        except WijkteamError as exc:
            show_problem(self.message, ui_error_text(exc))
            return False
        self.message.clear()
        self.saved.emit(workspace.settings)
        self.ctx.changed("settings")
        if profile_changed:
            self.ctx.changed("profile")
        return True

    @Slot()
    def _save_and_close(self) -> None:
        if self.save():
            self.accept()

    @Slot()
    def _browse(self) -> None:
        chosen = self._choose_folder(self, self.backup_folder.text())
        if chosen:
            self.backup_folder.setText(chosen)

    @Slot()
    def change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self.ctx, self._secrets, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            show_info(self.message, self.tr("Je wachtwoord is gewijzigd."))


class ChangePassphraseDialog(FormDialog):
    def __init__(self, ctx: AppContext, secrets: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Wachtwoord wijzigen"),
                         self.tr("Vul je huidige wachtwoord in en kies een nieuw wachtwoord van "
                                 "minstens 10 tekens. Je herstelcode blijft geldig."),
                         self.tr("&Wijzigen"), parent)
        self.ctx = ctx
        self._secrets = secrets
        self.old = password_field(self.tr("Huidig wachtwoord"))
        self.new = password_field(self.tr("Nieuw wachtwoord"), self.tr("Minstens 10 tekens"))
        self.again = password_field(self.tr("Nieuw wachtwoord herhalen"))
        self.add_row(self.tr("&Huidig wachtwoord:"), self.old)
        self.add_row(self.tr("&Nieuw wachtwoord:"), self.new)
        self.add_row(self.tr("Nogmaals &nieuw:"), self.again)

    def try_accept(self) -> None:
        if self.new.text() != self.again.text():
            show_problem(self.message, MISMATCH)
            return
        workspace, secrets = self.ctx.workspace, self._secrets
        old, new = self.old.text(), self.new.text()
        self.run_in_background(lambda: workspace.change_passphrase(old, new, secrets),
                               self.tr("Het wachtwoord wordt gewijzigd…"))

    def failure_text(self, error: WijkteamError) -> str:
        if isinstance(error, WrongPassphrase):
            return self.tr("Je huidige wachtwoord klopt niet. Probeer het opnieuw.")
        return ui_error_text(error)

    def work_done(self, result: object) -> None:
        for field in (self.old, self.new, self.again):
            field.clear()
        self.accept()


class BackupNotWritten(WijkteamError):
    """The backup file could not be written (the stick was pulled, the disk is full)."""

    code = "backup_not_written"


def daily_backup_due(workspace: Workspace, today: date) -> str:
    """The automatic backup: "not_due", "no_folder" (say so) or "due"."""
    settings = workspace.settings
    if not settings.daily_backup or not settings.backup_folder or \
            settings.last_backup_on == today.isoformat():
        return "not_due"
    return "due" if Path(settings.backup_folder).is_dir() else "no_folder"


class BackupRunner(QObject):
    """Writes a backup in a worker thread, told in the window's status bar with a bar: the
    SQLCipher copy of a big vault takes seconds and the window keeps painting meanwhile. A lock
    waits for the copy in progress (VaultGuard); a backup that then finds the vault locked ends
    quietly. One backup at a time."""

    written = Signal(object)  # the Path written

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.progress = WorkingBar()
        self.progress.setMaximumWidth(160)
        window.statusBar().addPermanentWidget(self.progress)
        self.call = BackgroundCall(self)
        self.call.finished.connect(self._written)
        self.call.failed.connect(self._failed)
        self._done_text = ""
        self._daily: tuple[Workspace, str] | None = None

    @property
    def running(self) -> bool:
        return self.call.running

    def idle(self) -> bool:
        """True when no backup runs; else says so in the status bar."""
        if self.running:
            self._window.statusBar().showMessage(self.tr("Er wordt al een reservekopie "
                                                         "gemaakt."), 8000)
        return not self.running

    def start(self, workspace: Workspace, target: Path) -> bool:
        """The backup the user asked for, to ``target``; False while one runs."""
        return self._start(workspace, target, self.tr("Reservekopie gemaakt."))

    def daily(self, workspace: Workspace, today: date) -> str:
        """The automatic backup after unlock: "not_due", "no_folder" (said in the status bar)
        or "started"; today is recorded when it is written."""
        outcome = daily_backup_due(workspace, today)
        if outcome == "no_folder":
            self._window.statusBar().showMessage(self.tr(
                "Geen automatische reservekopie gemaakt: de map is niet gevonden. Sluit de "
                "USB-stick aan of kies een andere map bij Instellingen."), 15000)
        if outcome != "due":
            return outcome
        started = self._start(workspace, Path(workspace.settings.backup_folder),
                              self.tr("Automatische reservekopie gemaakt."),
                              (workspace, today.isoformat()))
        return "started" if started else "not_due"  # one runs already: today's comes later

    def hide_status(self) -> None:
        """Locked: the status bar says nothing about backups any more."""
        self.progress.end()
        self._window.statusBar().clearMessage()

    def _start(self, workspace: Workspace, target: Path, done_text: str,
               daily: tuple[Workspace, str] | None = None) -> bool:
        if self.running:
            return False
        self._done_text, self._daily = done_text, daily

        def write() -> Path:
            try:
                return workspace.backup(target)
            except OSError as exc:
                raise BackupNotWritten() from exc

        self.call.start(write)
        self._window.statusBar().showMessage(self.tr("Reservekopie maken…"))
        self.progress.begin()
        return True

    @Slot(object)
    def _written(self, path: object) -> None:
        daily, self._daily = self._daily, None
        if daily is not None:  # on the UI thread: a settings dialog may be saving too
            workspace, stamp = daily
            if workspace.vault.is_open:
                try:
                    workspace.save_settings(replace(workspace.settings, last_backup_on=stamp))
                except WijkteamError:
                    pass  # locked meanwhile: the next unlock makes today's backup again
        self.progress.end()
        self._window.statusBar().showMessage(self._done_text, 8000)
        self.written.emit(path)

    @Slot(object)
    def _failed(self, error: WijkteamError) -> None:
        self._daily = None
        self.hide_status()
        if isinstance(error, BackupNotWritten):
            show_error(self._window, self.tr("De reservekopie kon niet worden opgeslagen. "
                                             "Controleer of de map bestaat en of er genoeg "
                                             "ruimte is."))
        else:
            show_error(self._window, ui_error_text(error))


def _choose_folder(parent: QWidget, current: str) -> str:
    return QFileDialog.getExistingDirectory(parent, parent.tr("Map voor reservekopieën"), current)
