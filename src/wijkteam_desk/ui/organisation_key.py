"""Instellingen → Organisatiesleutel: set the organisation's recovery key from IT's ``org.pub``,
read its fingerprint out by phone, remove it (``OrganisationKeyService``; each change audited).

Only the public key is ever chosen here; picking the secret ``org.key`` is refused with the
advice to take it off the laptop. Choosing a file and confirming are injectable for tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RejectedInput, WijkteamError
from ..services.organisation_key import (
    OrganisationKeyStatus,
    fingerprint,
    read_public_key_file,
)
from ..texts import rejected_file_text
from .context import AppContext
from .form_dialog import busy_cursor, message_label, ui_error_text
from .widgets.status import show_info, show_problem

Confirm = Callable[[QWidget, str, str, str], bool]  # parent, title, text, yes-button → yes?


class OrganisationKeyBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 choose_file: Callable[[QWidget], str] | None = None,
                 confirm: Confirm | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Organisatiesleutel"))
        self.ctx = ctx
        self._choose_file = choose_file or _choose_public_key
        self._confirm = confirm or _confirm
        self.status: OrganisationKeyStatus | None = None
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Organisatiesleutel"))
        self.fingerprint = QLabel()
        self.fingerprint.setAccessibleName(self.tr("Vingerafdruk van de organisatiesleutel"))
        bold = self.fingerprint.font()
        bold.setBold(True)  # what the user reads out on the phone
        self.fingerprint.setFont(bold)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.set_button = QPushButton(self.tr("Organisatiesleutel &instellen…"))
        self.set_button.setAccessibleName(self.tr("Organisatiesleutel instellen"))
        self.set_button.setToolTip(self.tr("Kies het bestand org.pub van de ICT-afdeling"))
        self.set_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self.tr("Organisatiesleutel verwi&jderen…"))
        self.remove_button.setAccessibleName(self.tr("Organisatiesleutel verwijderen"))
        self.remove_button.clicked.connect(self.remove)
        self.message = message_label()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.state)
        box.addWidget(self.fingerprint)
        box.addLayout(buttons)
        box.addWidget(self.message)
        self.load()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_texts()

    def _fit_texts(self) -> None:
        # A dialog sizes itself from its children's size hints, which ignore how many lines a
        # wrapped label needs at its real width: ask for that height, so no line is cut off.
        self.message.setVisible(bool(self.message.text()))
        for label in (self.state, self.message):
            wanted = max(label.heightForWidth(label.width()), 0) if label.text() else 0
            if label.minimumHeight() != wanted:
                label.setMinimumHeight(wanted)

    def load(self) -> None:
        self._load()
        self._fit_texts()

    def _load(self) -> None:
        try:
            self.status = self.ctx.workspace.organisation_key.status()
        except WijkteamError as exc:
            self.status = None
            self.state.setText(ui_error_text(exc))
            self.fingerprint.clear()
            self.fingerprint.hide()
            self.remove_button.setEnabled(False)
            return
        status = self.status
        self.remove_button.setEnabled(status.is_set)
        self.fingerprint.setVisible(status.is_set)
        if not status.is_set:
            self.fingerprint.clear()
            self.state.setText(self.tr(
                "Niet ingesteld. Met de organisatiesleutel kan de ICT-afdeling je kluis openen "
                "als je wachtwoord én herstelcode kwijt zijn. Vraag hen om het bestand org.pub."))
            return
        self.fingerprint.setText(self.tr("Vingerafdruk: {fingerprint}").format(
            fingerprint=status.fingerprint or ""))
        if status.intact:
            self.state.setText(self.tr(
                "Ingesteld. Zijn je wachtwoord én herstelcode kwijt? Dan kan de ICT-afdeling je "
                "kluis openen. Vergelijk de vingerafdruk telefonisch met de ICT-afdeling."))
        else:
            self.state.setText(self.tr(
                "De organisatiesleutel in de kluis klopt niet: hij is beschadigd of veranderd. "
                "Kies het bestand org.pub opnieuw."))

    @Slot()
    def choose(self) -> None:
        chosen = self._choose_file(self)
        if not chosen:
            return
        path = Path(chosen)
        try:
            recipient = read_public_key_file(path)
        except RejectedInput as error:
            show_problem(self.message, rejected_file_text(path.name, error.reason))
            self._fit_texts()
            return
        text = self.tr("Bel de ICT-afdeling en vergelijk deze vingerafdruk:\n\n{fingerprint}"
                       "\n\nKlopt hij precies? Kies dan Instellen.").format(
            fingerprint=fingerprint(recipient))
        current = self.status
        if current is not None and current.is_set and current.recipient != recipient:
            text += self.tr("\n\nDe organisatiesleutel die nu is ingesteld (vingerafdruk "
                            "{fingerprint}), werkt daarna niet meer voor deze kluis.").format(
                fingerprint=current.fingerprint or "")
        if not self._confirm(self, self.tr("Organisatiesleutel instellen"), text,
                             self.tr("Instellen")):
            return
        try:
            with busy_cursor():
                self.ctx.workspace.organisation_key.set_organisation_key(recipient)
        except WijkteamError as exc:
            show_problem(self.message, ui_error_text(exc))
            return
        except OSError:
            show_problem(self.message, self.tr("De sleutel kon niet worden opgeslagen. Er is niets "
                                         "veranderd. Probeer het opnieuw."))
            return
        self.load()
        show_info(self.message, self.tr("De organisatiesleutel is ingesteld."))
        self._fit_texts()

    @Slot()
    def remove(self) -> None:
        if not self._confirm(self, self.tr("Organisatiesleutel verwijderen"), self.tr(
                "Wil je de organisatiesleutel uit deze kluis halen? Zijn je wachtwoord én je "
                "herstelcode dan kwijt, dan kan niemand de kluis nog openen, ook de "
                "ICT-afdeling niet."), self.tr("Verwijderen")):
            return
        try:
            self.ctx.workspace.organisation_key.remove()
        except WijkteamError as exc:
            show_problem(self.message, ui_error_text(exc))
            return
        except OSError:
            show_problem(self.message, self.tr("De sleutel kon niet worden verwijderd. Probeer het "
                                         "opnieuw."))
            return
        self.load()
        show_info(self.message, self.tr("De organisatiesleutel is verwijderd."))
        self._fit_texts()


def _choose_public_key(parent: QWidget) -> str:
    kinds = parent.tr("Openbare sleutel (*.pub);;Alle bestanden (*)")
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Organisatiesleutel kiezen"), "",
                                          kinds)
    return path


def _confirm(parent: QWidget, title: str, text: str, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(parent.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    box.setAccessibleName(title)
    box.exec()
    return box.clickedButton() is ok
