"""First run: make the vault (and say who works with it: the profile), then show the recovery
code once.

Only offered when no part of a vault exists here (``VaultService.exists()``): a damaged or
half-present vault must never be "solved" by making a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import VaultExists, WijkteamError
from ..services.vaults import VaultService
from ..texts import keyring_name
from .form_dialog import MISMATCH, FormDialog, password_field, ui_error_text
from .profile import ProfileFields
from .widgets.status import show_problem

if TYPE_CHECKING:  # imported when a vault opens, not at start
    from ..services.workspace import Workspace


class FirstRunDialog(FormDialog):
    """On success ``workspace`` is the open vault and ``recovery_code`` the code to show once."""

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Wijkteam Desk instellen"),
            self.tr("Welkom. Op deze computer staat nog geen kluis. Kies een wachtwoord voor "
                    "je kluis: minstens 10 tekens. Een zin die je goed kunt onthouden werkt het "
                    "best. Alles wat je in Wijkteam Desk vastlegt, wordt hiermee versleuteld. "
                    "Vul ook je naam en functie in: die komen bij alles wat je vastlegt en in "
                    "het logboek."),
            self.tr("Kluis &maken"), parent)
        self.service = service
        self.workspace: Workspace | None = None
        self.recovery_code = ""
        self.passphrase = password_field(self.tr("Wachtwoord"), self.tr("Minstens 10 tekens"))
        self.again = password_field(self.tr("Wachtwoord herhalen"))
        self.team = QLineEdit()
        self.team.setAccessibleName(self.tr("Team"))
        self.team.setToolTip(self.tr("De naam van je wijkteam, bijvoorbeeld Wijkteam Noord"))
        self.region = QLineEdit()
        self.region.setAccessibleName(self.tr("Regio"))
        self.region.setToolTip(self.tr("De regio van Veilig Thuis waarmee je werkt"))
        self.add_row(self.tr("&Wachtwoord:"), self.passphrase)
        self.add_row(self.tr("&Nogmaals:"), self.again)
        self.add_row(self.tr("&Team:"), self.team)
        self.add_row(self.tr("&Regio:"), self.region)
        self.profile = ProfileFields(self)  # who works with this vault (ui/profile.py)
        for label, field in self.profile.rows():
            self.add_row(label, field)

    def try_accept(self) -> None:
        self.message.clear()  # an error of the previous try is stale now
        if self.passphrase.text() != self.again.text():
            show_problem(self.message, MISMATCH)
            return
        if self.service.exists():
            show_problem(self.message, ui_error_text(VaultExists()))
            return
        try:
            self.service.check_passphrase(self.passphrase.text())  # the first field first
            profile = self.profile.profile()  # checked before a vault is made
        except WijkteamError as exc:
            show_problem(self.message, ui_error_text(exc))
            return
        # Argon2id twice (passphrase and recovery code) and the team keys: in a worker, so
        # the window keeps painting (FormDialog.run_in_background).
        service, passphrase = self.service, self.passphrase.text()
        team, region = self.team.text(), self.region.text()
        self.run_in_background(lambda: service.create(passphrase, team, region, profile),
                               self.tr("De kluis wordt gemaakt…"))

    def work_done(self, result: object) -> None:
        self.workspace, self.recovery_code = result  # type: ignore[misc]
        self.passphrase.clear()
        self.again.clear()
        self.accept()


class RecoveryCodeDialog(QDialog):
    """Shows the recovery code. It cannot be dismissed until the box is ticked; afterwards the
    code is removed from the widget, so it is on screen exactly once."""

    def __init__(self, code: str, device_bound: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Je herstelcode"))
        intro = QLabel(self.tr(
            "Dit is je herstelcode. Schrijf hem op papier en bewaar hem op een veilige plek, "
            "niet bij de laptop. Met de herstelcode kun je de kluis openen als je je wachtwoord "
            "vergeten bent. Je ziet hem maar één keer."))
        intro.setWordWrap(True)
        self.code_label = QLabel(code)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(QFont(self.font()).pointSizeF() * 1.5)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setAccessibleName(self.tr("Herstelcode"))
        self.code_label.setStyleSheet("padding: 12px; border: 1px solid palette(mid);")
        self.keyring_note = QLabel(self.tr(
            "Let op: er is op deze computer geen veilige sleutelopslag gevonden ({store}). De "
            "kluis is daarom alleen met je wachtwoord beveiligd. Kies een sterk wachtwoord en "
            "laat de laptop nooit onbeheerd achter.").format(store=keyring_name()))
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(not device_bound)
        self.confirm = QCheckBox(self.tr("Ik heb de herstelcode &opgeschreven"))
        self.confirm.setAccessibleName(self.tr("Ik heb de herstelcode opgeschreven"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.continue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setText(self.tr("&Verder"))
        self.continue_button.setAccessibleName(self.tr("Verder"))
        self.continue_button.setToolTip(self.tr("Kan pas als je het vakje hebt aangevinkt"))
        self.continue_button.setEnabled(False)
        self.confirm.toggled.connect(self.continue_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code_label)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    @property
    def shown_code(self) -> str:
        return self.code_label.text()

    def accept(self) -> None:
        if not self.confirm.isChecked():
            return
        self.code_label.clear()
        super().accept()

    def reject(self) -> None:  # Escape does not skip writing the code down
        if self.confirm.isChecked():
            self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if self.confirm.isChecked():
            self.accept()
            event.accept()
        else:
            event.ignore()
