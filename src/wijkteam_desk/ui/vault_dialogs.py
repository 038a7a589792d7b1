"""Help when the passphrase or the vault is lost, offered on the unlock panel: a new
passphrase with the recovery code, and restoring a backup over a damaged vault. Both run their
slow part (Argon2id, checking the backup) in the background (``FormDialog``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ..domain.errors import WijkteamError, WrongPassphrase
from ..services.vaults import VaultService
from .form_dialog import MISMATCH, WRONG_RECOVERY_CODE, FormDialog, password_field, ui_error_text
from .widgets.status import show_problem


class RecoverDialog(FormDialog):
    """A new passphrase with the recovery code (VaultService.recover)."""

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Herstelcode gebruiken"),
                         self.tr("Vul de herstelcode in die je bij het maken van de kluis hebt "
                                 "opgeschreven. Kies daarna een nieuw wachtwoord."),
                         self.tr("Nieuw wachtwoord &instellen"), parent)
        self.service = service
        self.outcome = ""
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Herstelcode"))
        self.code.setToolTip(self.tr("Zes groepjes van vijf tekens, bijvoorbeeld ABCDE-FGHJK-…"))
        self.new = password_field(self.tr("Nieuw wachtwoord"), self.tr("Minstens 10 tekens"))
        self.again = password_field(self.tr("Nieuw wachtwoord herhalen"))
        self.add_row(self.tr("&Herstelcode:"), self.code)
        self.add_row(self.tr("&Nieuw wachtwoord:"), self.new)
        self.add_row(self.tr("Nogmaals &nieuw:"), self.again)

    def try_accept(self) -> None:
        if self.new.text() != self.again.text():
            show_problem(self.message, MISMATCH)
            return
        service, code, new = self.service, self.code.text().strip(), self.new.text()
        self.run_in_background(lambda: service.recover(code, new),
                               self.tr("De herstelcode wordt gecontroleerd…"))

    def failure_text(self, error: WijkteamError) -> str:
        if isinstance(error, WrongPassphrase):
            return WRONG_RECOVERY_CODE
        return ui_error_text(error)

    def work_done(self, bound: object) -> None:
        for field in (self.new, self.again):
            field.clear()
        self.outcome = self.tr("Je nieuwe wachtwoord is ingesteld. Open de kluis ermee.")
        if not bound:
            self.outcome += " " + self.tr("Er is geen veilige sleutelopslag op deze computer: "
                                          "de kluis is alleen met je wachtwoord beveiligd.")
        self.accept()


class RestoreDialog(FormDialog):
    """Replace a damaged vault with a backup; nothing changes unless the backup checks out."""

    def __init__(self, service: VaultService, parent: QWidget | None = None,
                 choose_file: Callable[[QWidget], str] | None = None) -> None:
        super().__init__(self.tr("Reservekopie terugzetten"),
                         self.tr("Kies de reservekopie (een .wdbackup-bestand) en vul het "
                                 "wachtwoord in dat bij die reservekopie hoort. De huidige kluis "
                                 "wordt niet weggegooid maar apart gezet."),
                         self.tr("&Terugzetten"), parent)
        self.service = service
        self._choose_file = choose_file or _choose_backup_file
        self.file = QLineEdit()
        self.file.setAccessibleName(self.tr("Reservekopie"))
        self.file.setToolTip(self.tr("Het bestand met de reservekopie"))
        browse = QPushButton(self.tr("&Kiezen…"))
        browse.setAccessibleName(self.tr("Reservekopie kiezen"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.passphrase = password_field(self.tr("Wachtwoord van de reservekopie"))
        self.add_row(self.tr("&Bestand:"), holder)
        self.add_row(self.tr("&Wachtwoord:"), self.passphrase)
        self.set_aside: Path | None = None

    def _browse(self) -> None:
        chosen = self._choose_file(self)
        if chosen:
            self.file.setText(chosen)

    def try_accept(self) -> None:
        if not self.file.text().strip():
            show_problem(self.message, self.tr("Kies eerst een reservekopie."))
            return
        service, source = self.service, Path(self.file.text().strip())
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        self.run_in_background(lambda: service.restore(source, passphrase=passphrase),
                               self.tr("De reservekopie wordt gecontroleerd en teruggezet…"))

    def work_done(self, set_aside: object) -> None:
        self.set_aside = set_aside if isinstance(set_aside, Path) else None
        self.accept()


def _choose_backup_file(parent: QWidget) -> str:
    kinds = parent.tr("Reservekopie (*.wdbackup);;Alle bestanden (*)")
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Reservekopie kiezen"), "", kinds)
    return path
