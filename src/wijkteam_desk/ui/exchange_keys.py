"""The keys of the exchange with Veilig Thuis, in the app: the team's own fingerprint, VT's keys
(added after comparing the fingerprint by phone, revoked), and the team's own key handed out or
replaced. Trusting, revoking and replacing each ask first with "Nee" as the default button: a
trusted key is a door into the team's case files, and Enter must never open it by accident."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from ..texts import error_text
from .context import AppContext
from .models.exchange import KeysModel
from .widgets import colors
from .widgets.tables import selected_row, table_view

if TYPE_CHECKING:  # the service (and the storage under it) loads when a vault opens
    from ..services.exchange import KeyInfo

FolderChooser = Callable[[QWidget, str], str]  # (parent, title) → a folder, or "" when cancelled
TrustAsk = Callable[[QWidget, "KeyInfo"], "str | None"]  # the name to trust it under, or None
Confirm = Callable[[QWidget, str, str, str], bool]  # (parent, title, text, yes-button text)


def choose_folder(parent: QWidget, title: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title, str(Path.home()))


def fingerprint_lines(fingerprint: str) -> str:
    """Eight blocks of four as two lines of four: read aloud block by block, line by line."""
    blocks = fingerprint.split()
    return "\n".join(" ".join(blocks[i:i + 4]) for i in range(0, len(blocks), 4))


def fingerprint_label(fingerprint: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(fingerprint_lines(fingerprint), parent)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(font.pointSizeF(), 10) * 1.5)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(parent.tr("Vingerafdruk") if parent else "Vingerafdruk")
    return label


class TrustKeyDialog(QDialog):
    """Compare VT's fingerprint by phone, name the key, and answer. "Nee" is the default."""

    def __init__(self, key: KeyInfo, parent: QWidget | None = None,
                 name: str = "Veilig Thuis") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sleutel van Veilig Thuis vertrouwen?"))
        self.setAccessibleName(self.tr("Vingerafdruk vergelijken"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr(
            "Bel Veilig Thuis op een nummer dat je al kende, niet op een nummer uit de map of "
            "een mail. Laat de vingerafdruk voorlezen, blok voor blok. Vertrouw de sleutel "
            "alleen als alle blokken gelijk zijn."), self)
        intro.setWordWrap(True)
        self.fingerprint = fingerprint_label(key.signing_fingerprint, self)
        key_id = QLabel(self.tr("Sleutelnummer: {kid}").format(kid=key.signing_key_id), self)
        key_id.setStyleSheet(colors.text_css(colors.MUTED))
        self.name = QLineEdit(name, self)
        self.name.setAccessibleName(self.tr("Naam van de sleutel"))
        self.name.setToolTip(self.tr("Bijvoorbeeld de regio: Veilig Thuis Utrecht"))
        self.name.setMaxLength(200)
        form = QFormLayout()
        form.addRow(self.tr("&Naam van de sleutel:"), self.name)
        question = QLabel(self.tr("Zijn alle blokken gelijk aan wat Veilig Thuis voorleest?"),
                          self)
        question.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.yes_button = buttons.addButton(self.tr("Ja, vertrouwen"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        self.no_button = buttons.addButton(self.tr("Nee"), QDialogButtonBox.ButtonRole.RejectRole)
        self.yes_button.setAutoDefault(False)
        self.no_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fingerprint, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(key_id, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(question)
        layout.addWidget(buttons)
        self.no_button.setFocus()

    def key_name(self) -> str:
        return self.name.text().strip() or "Veilig Thuis"


def ask_trust(parent: QWidget, key: KeyInfo) -> str | None:
    dialog = TrustKeyDialog(key, parent)
    return dialog.key_name() if dialog.exec() == QDialog.DialogCode.Accepted else None


def confirm_box(parent: QWidget | None, title: str, text: str, yes: str) -> QMessageBox:
    """A question whose default (Enter) and Escape answer are both "Nee"."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(box.tr("Nee"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.setAccessibleName(title)
    return box


def confirm(parent: QWidget, title: str, text: str, yes: str) -> bool:
    box = confirm_box(parent, title, text, yes)
    box.exec()
    return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.YesRole


def add_vt_key(ctx: AppContext, parent: QWidget, choose: FolderChooser,
               ask: TrustAsk) -> tuple[KeyInfo | None, str, bool]:
    """Choose VT's key folder, compare its fingerprint, trust it under a name. Returns the key
    (None when not added), what to tell the user ("" when nothing happened) and whether that
    is a problem (a folder without keys) rather than the user's own "Nee"."""
    folder = choose(parent, parent.tr("Map met de sleutel van Veilig Thuis kiezen"))
    if not folder:
        return None, "", False
    exchange = ctx.workspace.exchange
    try:
        shown = exchange.read_key_folder(Path(folder))
    except WijkteamError as error:
        return None, error_text(error), True
    except OSError:
        return None, parent.tr("De map {f} kan niet worden gelezen. Kies een andere map.").format(
            f=folder), True
    name = ask(parent, shown)
    if name is None:
        return None, parent.tr("De sleutel is niet toegevoegd."), False
    try:
        added = exchange.trust(Path(folder), name)
    except WijkteamError as error:
        return None, error_text(error), True
    ctx.changed("exchange", 0)
    return added, parent.tr("Sleutel '{n}' toegevoegd. Vingerafdruk: {fp}").format(
        n=added.name, fp=added.signing_fingerprint), False


def files_written(parent: QWidget, count: int, folder: str) -> str:
    """ "3 bestanden geschreven in /media/usb/vt. Stuur ze naar Veilig Thuis." """
    if count == 1:
        return parent.tr("1 bestand geschreven in {f}. Stuur het naar Veilig Thuis.").format(
            f=folder)
    return parent.tr("{n} bestanden geschreven in {f}. Stuur ze naar Veilig Thuis.").format(
        n=count, f=folder)


class KeysPage(QWidget):
    """The Sleutels tab: the team's fingerprint, VT's keys, and what can be done with them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 choose: FolderChooser = choose_folder, ask: TrustAsk = ask_trust,
                 sure: Confirm = confirm) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choose, self._ask, self._sure = choose, ask, sure
        own_title = QLabel(self.tr("Vingerafdruk van je team (lees die voor aan Veilig Thuis):"),
                           self)
        self.own_label = fingerprint_label("", self)
        self.own_label.setAccessibleName(self.tr("Vingerafdruk van het team"))
        self.keys_model = KeysModel(self)
        self.keys_view = table_view(self.keys_model, self.tr("Sleutels van Veilig Thuis"), self)
        header = self.keys_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.add_button = QPushButton(self.tr("Sleutel van Veilig Thuis toevoegen…"), self)
        self.add_button.setToolTip(self.tr("Kies de map met signing.pub en encryption.pub"))
        self.add_button.clicked.connect(self.add_key)
        self.revoke_button = QPushButton(self.tr("Intrekken…"), self)
        self.revoke_button.setToolTip(self.tr("Pakketten met de gekozen sleutel worden "
                                              "voortaan geweigerd"))
        self.revoke_button.clicked.connect(self.revoke_key)
        self.export_button = QPushButton(self.tr("Sleutel van het team opslaan…"), self)
        self.export_button.setToolTip(self.tr("Schrijf signing.pub en encryption.pub voor "
                                              "Veilig Thuis in een map"))
        self.export_button.clicked.connect(self.export_own_key)
        self.rotate_button = QPushButton(self.tr("Sleutel van het team vervangen…"), self)
        self.rotate_button.setToolTip(self.tr("Een nieuwe sleutel, bijvoorbeeld na een "
                                              "verloren laptop"))
        self.rotate_button.clicked.connect(self.rotate_own_key)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Resultaat"))
        vt_buttons = QHBoxLayout()
        vt_buttons.addWidget(self.add_button)
        vt_buttons.addWidget(self.revoke_button)
        vt_buttons.addStretch(1)
        own_buttons = QHBoxLayout()
        own_buttons.addWidget(self.export_button)
        own_buttons.addWidget(self.rotate_button)
        own_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(own_title)
        layout.addWidget(self.own_label)
        layout.addLayout(own_buttons)
        layout.addWidget(QLabel(self.tr("Sleutels van Veilig Thuis:"), self))
        layout.addWidget(self.keys_view, 1)
        layout.addLayout(vt_buttons)
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        exchange = self.ctx.workspace.exchange
        self.keys_model.set_rows(exchange.keys())
        self.own_label.setText(fingerprint_lines(exchange.own_key().signing_fingerprint))

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(colors.text_css(colors.DANGER) if problem else "")

    # -- VT's keys ------------------------------------------------------------------------------
    def add_key(self) -> KeyInfo | None:
        added, message, problem = add_vt_key(self.ctx, self, self._choose, self._ask)
        self._say(message, problem)
        self.refresh()
        return added

    def revoke_key(self) -> bool:
        row = selected_row(self.keys_view)
        if row is None:
            self._say(self.tr("Kies eerst een sleutel in de lijst."))
            return False
        key = self.keys_model.row_at(row)
        if key.revoked:
            self._say(self.tr("Deze sleutel is al ingetrokken."))
            return False
        if not self._sure(self, self.tr("Sleutel intrekken?"), self.tr(
                "Pakketten met de sleutel '{n}' worden daarna geweigerd, en je kunt niets meer "
                "naar deze sleutel sturen. Dit kan niet ongedaan worden gemaakt.\n\n"
                "Vingerafdruk: {fp}").format(n=key.name, fp=key.signing_fingerprint),
                self.tr("Ja, intrekken")):
            return False
        try:
            self.ctx.workspace.exchange.revoke(key.id)
        except WijkteamError as error:
            self._say(error_text(error), problem=True)
            return False
        self._say(self.tr("De sleutel '{n}' is ingetrokken.").format(n=key.name))
        self.ctx.changed("exchange", 0)
        self.refresh()
        return True

    # -- the team's own key ---------------------------------------------------------------------
    def export_own_key(self) -> Path | None:
        folder = self._choose(self, self.tr("Map voor de sleutel van het team kiezen"))
        if not folder:
            return None
        try:
            self.ctx.workspace.exchange.export_public_keys(Path(folder))
        except (WijkteamError, OSError):
            self._say(self.tr("Schrijven in {f} lukte niet. Kies een andere map.").format(
                f=folder), problem=True)
            return None
        self._say(self.tr("signing.pub en encryption.pub staan in {f}. Geef ze aan Veilig "
                          "Thuis en lees de vingerafdruk voor als Veilig Thuis belt.").format(
                              f=folder))
        return Path(folder)

    def rotate_own_key(self) -> bool:
        vt_keys = [k for k in self.keys_model.rows if not k.revoked]
        if not self._sure(self, self.tr("Sleutel van het team vervangen?"), self.tr(
                "Doe dit alleen als de sleutel uitgelekt kan zijn (bijvoorbeeld een verloren "
                "laptop met een open kluis) of als Veilig Thuis erom vraagt. Het programma maakt "
                "een nieuwe sleutel. Veilig Thuis krijgt een bestand, ondertekend met de oude "
                "sleutel, en moet dat inlezen voordat het je nieuwe pakketten stuurt."),
                self.tr("Ja, vervangen")):
            return False
        folder = self._choose(self, self.tr("Map voor het bestand voor Veilig Thuis kiezen")) \
            if vt_keys else ""
        if vt_keys and not folder:
            self._say(self.tr("De sleutel is niet vervangen."))
            return False
        try:  # without a VT key no file is written: the folder is not used
            new, written = self.ctx.workspace.exchange.rotate_own_key(Path(folder or "."))
        except (WijkteamError, OSError):
            self._say(self.tr("Schrijven in {f} lukte niet. De sleutel is niet vervangen. Kies "
                              "een andere map.").format(f=folder), problem=True)
            return False
        text = self.tr("De sleutel van het team is vervangen.")
        if written:
            text += " " + files_written(self, len(written), folder)
        self._say(text + " " + self.tr("Nieuwe vingerafdruk: {fp}").format(
            fp=new.signing_fingerprint))
        self.ctx.changed("exchange", 0)
        self.refresh()
        return True
