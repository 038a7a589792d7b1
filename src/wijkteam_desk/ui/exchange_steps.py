"""The pages of the guided flow that sends files to Veilig Thuis (``exchange_flow.SendFlow``):
only widgets and their words; the flow decides what they show and what happens next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def _text(parent: QWidget, text: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Step(QWidget):
    """A page with a title (the flow shows it as "Stap 2 van 4: …") and a line for messages."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.message = _text(self)
        self.message.setAccessibleName(self.tr("Melding"))

    def finish(self) -> None:
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.message)


class KeyStep(Step):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("De sleutel van Veilig Thuis")
        intro = _text(self, self.tr(
            "Je hebt nog geen sleutel van Veilig Thuis. Met die sleutel versleutelt het "
            "programma de bestanden, zodat alleen Veilig Thuis ze kan openen.\n\n"
            "1. Veilig Thuis geeft je een map met twee bestanden: signing.pub en "
            "encryption.pub (bijvoorbeeld op een USB-stick).\n"
            "2. Kies die map.\n"
            "3. Bel Veilig Thuis en vergelijk de vingerafdruk, blok voor blok."))
        self.choose_button = QPushButton(self.tr("Map van Veilig Thuis kiezen…"), self)
        self.choose_button.setToolTip(self.tr("De map met signing.pub en encryption.pub"))
        self.layout_.addWidget(intro)
        self.layout_.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.finish()


class RecipientStep(Step):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Naar welke Veilig Thuis?")
        self.layout_.addWidget(_text(self, self.tr(
            "Je vertrouwt meer dan één sleutel van Veilig Thuis. Kies wie de bestanden krijgt. "
            "Alleen die Veilig Thuis kan ze openen.")))
        self.group = QButtonGroup(self)
        self.box = QVBoxLayout()
        self.layout_.addLayout(self.box)
        self.finish()

    def set_keys(self, keys: list[tuple[str, str]]) -> None:
        """``keys``: (label, signing key id) of every trusted key that is not revoked."""
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        for label, key_id in keys:
            radio = QRadioButton(label, self)
            radio.setProperty("key_id", key_id)
            self.group.addButton(radio)
            self.box.addWidget(radio)

    def chosen(self) -> str | None:
        button = self.group.checkedButton()
        return str(button.property("key_id")) if button else None


class ChooseStep(Step):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Wat stuur je?")
        self.feedback = QRadioButton(self.tr("Terugkoppeling (monitoring en stand van zaken)"),
                                     self)
        self.melding = QRadioButton(self.tr("Melding bij Veilig Thuis"), self)
        kinds = QButtonGroup(self)
        kinds.addButton(self.feedback)
        kinds.addButton(self.melding)
        self.feedback.setChecked(True)

        self.feedback_box = QGroupBox(self.tr("Gezinnen"), self)
        self.all_changed = QRadioButton(self.feedback_box)
        self.pick = QRadioButton(self.tr("Zelf kiezen:"), self.feedback_box)
        which = QButtonGroup(self)
        which.addButton(self.all_changed)
        which.addButton(self.pick)
        self.all_changed.setChecked(True)
        self.households = QListWidget(self.feedback_box)
        self.households.setAccessibleName(self.tr("Gezinnen van Veilig Thuis"))
        self.households.setToolTip(self.tr("Aangevinkt: veranderd sinds de laatste "
                                           "bevestigde terugkoppeling"))
        inner = QVBoxLayout(self.feedback_box)
        inner.addWidget(self.all_changed)
        inner.addWidget(self.pick)
        inner.addWidget(self.households, 1)

        self.melding_box = QGroupBox(self.tr("Melding"), self)
        self.melding_household = QComboBox(self.melding_box)
        self.melding_household.setAccessibleName(self.tr("Gezin van de melding"))
        self.concerns = QPlainTextEdit(self.melding_box)
        self.concerns.setAccessibleName(self.tr("Zorgen"))
        self.concerns.setPlaceholderText(self.tr("Beschrijf de zorgen (zonder adressen)"))
        self.concerns.setTabChangesFocus(True)
        self.informed = QComboBox(self.melding_box)
        for label, value in ((self.tr("Kies…"), None), (self.tr("Ja"), True),
                             (self.tr("Nee"), False)):
            self.informed.addItem(label, value)
        self.informed.setAccessibleName(self.tr("Weet de cliënt van de melding?"))
        self.not_informed = QLineEdit(self.melding_box)
        self.not_informed.setAccessibleName(self.tr("Waarom niet ingelicht"))
        form = QFormLayout(self.melding_box)
        form.addRow(self.tr("Gezin"), self.melding_household)
        form.addRow(self.tr("Zorgen"), self.concerns)
        form.addRow(self.tr("Weet de cliënt ervan?"), self.informed)
        form.addRow(self.tr("Zo nee, waarom niet"), self.not_informed)

        self.receipts = QCheckBox(self)
        self.receipts.setChecked(True)
        self.receipts.setAccessibleName(self.tr("Ontvangstbevestigingen meesturen"))
        self.receipts.setToolTip(self.tr("Na elk bestand van Veilig Thuis zet het programma "
                                         "een ontvangstbevestiging klaar"))
        self.layout_.addWidget(self.feedback)
        self.layout_.addWidget(self.melding)
        self.layout_.addWidget(self.feedback_box, 1)
        self.layout_.addWidget(self.melding_box, 1)
        self.layout_.addWidget(self.receipts)
        self.layout_.addWidget(self.message)


class SummaryStep(Step):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Dit gaat naar Veilig Thuis")
        self.to = _text(self)
        self.to.setAccessibleName(self.tr("Ontvanger"))
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(self.tr("Wat naar Veilig Thuis gaat"))
        self.layout_.addWidget(self.to)
        self.layout_.addWidget(self.text, 1)
        self.layout_.addWidget(self.message)


class FolderStep(Step):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Waar komen de bestanden?")
        self.intro = _text(self)
        self.choose_button = QPushButton(self.tr("Map kiezen…"), self)
        self.choose_button.setToolTip(self.tr("Bijvoorbeeld een map op een USB-stick"))
        self.folder = _text(self, self.tr("Nog geen map gekozen."))
        self.folder.setAccessibleName(self.tr("Gekozen map"))
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.folder)
        self.finish()


class DoneStep(Step):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Klaar")
        self.result = _text(self)
        self.result.setAccessibleName(self.tr("Resultaat"))
        font = self.result.font()
        font.setBold(True)
        self.result.setFont(font)
        self.files = QListWidget(self)
        self.files.setAccessibleName(self.tr("Geschreven bestanden"))
        self.next = _text(self, self.tr(
            "Stuur de bestanden zoals je met Veilig Thuis hebt afgesproken. Heeft Veilig Thuis "
            "ze ingelezen, dan stuurt Veilig Thuis een ontvangstbevestiging terug. Die lees je "
            "in bij VT-uitwisseling, Inlezen."))
        self.layout_.addWidget(self.result)
        self.layout_.addWidget(self.files, 1)
        self.layout_.addWidget(self.next)
        self.layout_.addWidget(self.message)
