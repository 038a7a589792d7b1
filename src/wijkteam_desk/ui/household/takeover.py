"""A team's bad days from the household file (issue 17): the teamleider's emergency takeover
("Overnemen…") of a colleague's household, and the dossierhouder's "Afschermen…" /
"Afscherming opheffen…". The services write, sign, audit and sync
(services/team_admin.py); a refusal stays in the dialog with the input kept."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import WijkteamError
from ...services.team_admin import MAX_REASON
from ..context import AppContext
from ..form_dialog import busy_cursor, message_label
from ..team_sync import team_error_text


class TakeoverDialog(QDialog):
    """Teamleider: who takes the household over (default: me) and why (required)."""

    def __init__(self, ctx: AppContext, household_id: int, household_name: str,
                 holder: str, holder_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.result_value: object = None
        self.setWindowTitle(self.tr("Gezin overnemen"))
        self.setAccessibleName(self.tr("Gezin overnemen"))
        self.setMinimumWidth(560)
        holder = holder or self.tr("de dossierhouder")
        intro = QLabel(self.tr(
            "Je neemt {household} over van {holder}, ook als {holder} nu niet bereikbaar is. "
            "De collega die je kiest, wordt dossierhouder; {holder} kan het gezin daarna "
            "alleen nog lezen.").format(household=household_name or self.tr("dit gezin"),
                                        holder=holder))
        intro.setWordWrap(True)
        warning = QLabel(self.tr(
            "Let op: wijzigingen die {holder} nog maakt voordat de laptop van {holder} de "
            "overname ziet, gaan niet verloren en worden ook niet zomaar overgenomen. De nieuwe "
            "dossierhouder krijgt ze te zien en kiest per onderdeel. De overname komt met je "
            "reden in het logboek.").format(holder=holder))
        warning.setWordWrap(True)
        self.member = QComboBox()
        self.member.setAccessibleName(self.tr("Wie neemt het over"))
        status = ctx.workspace.team.status()
        for m in status.members:
            if m.current and m.member_id != holder_id:
                label = f"{m.name} ({m.role})" + (self.tr(" (jij)") if m.is_me else "")
                self.member.addItem(label, m.member_id)
                if m.is_me:
                    self.member.setCurrentIndex(self.member.count() - 1)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reden"))
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("bijvoorbeeld: ziek; gezin belt in crisis"))
        form = QFormLayout()
        form.addRow(self.tr("&Wie neemt het over:"), self.member)
        form.addRow(self.tr("&Reden:"), self.reason)
        self.message = message_label()
        self.reason.textChanged.connect(self.message.clear)  # a refusal is old news now
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Overnemen"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        if not self.reason.text().strip():
            self.message.setText(self.tr("Geef een reden, bijvoorbeeld 'ziek; gezin belt in "
                                         "crisis'. Die komt in het logboek."))
            return False
        if self.member.currentIndex() < 0:
            return False
        try:
            with busy_cursor():
                self.result_value = self.ctx.workspace.team.reassign(
                    self.household_id, self.member.currentData(), self.reason.text())
        except WijkteamError as exc:
            self.message.setText(team_error_text(exc))
            return False
        self.accept()
        return True


def takeover_said(result: object) -> str:
    """The status bar's sentence after a takeover."""
    name = getattr(result, "to_name", "")
    if getattr(result, "dossierhouder", "") != getattr(result, "to_member", ""):
        return ("Een andere teamleider nam dit gezin tegelijk over; die overname geldt op elke "
                "laptop.")
    if getattr(result, "status", "") == "waiting":
        return (f"Overgenomen voor {name}. De teammap is er nu niet: de overname gaat mee bij "
                "de volgende synchronisatie.")
    return (f"Overgenomen voor {name}. Wat de vorige dossierhouder nog wijzigde, krijgt {name} "
            "te zien om per onderdeel te kiezen.")


def shield_question(on: bool, leaders: list[str]) -> str:
    """What the confirmation says: who can still read the household."""
    if on:
        who = ", ".join(leaders)
        readers = f"alleen jij en de teamleiders ({who})" if who else \
            "alleen jij en de teamleiders"
        return (f"Na het afschermen krijgen {readers} dit gezin nog. De laptops van je andere "
                "collega's halen hun kopie weg bij hun volgende synchronisatie; zij zien dan "
                "niet meer dat het gezin bestaat. Afschermen?")
    return ("Het hele team krijgt dit gezin weer en kan het lezen, bij de volgende "
            "synchronisatie. Afscherming opheffen?")


def shield_said(result: object) -> str:
    text = ("Het gezin is afgeschermd: alleen jij en de teamleiders krijgen het."
            if getattr(result, "afgeschermd", False) else
            "Het gezin is niet meer afgeschermd: het hele team krijgt het weer.")
    if getattr(result, "status", "") == "waiting":
        text += " De teammap is er nu niet: het gaat mee bij de volgende synchronisatie."
    return text
