"""The Team dialog's actions for a team's bad days (issue 17), kept apart from the set-up in
team_setup.py: "Late wijzigingen beoordelen (n)…" beside the summary (the dossierhouder), and
for a teamleider, on the member chosen in the table: "Uit het team halen…" (a colleague leaves,
or a lost laptop), "Nieuwe laptop koppelen…" (new keys for the same person) and "Teamleider
maken" / "Geen teamleider meer". The services sign, audit and sync
(services/team_admin.py); every refusal is said in Dutch with what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from .team_review import decided_text, review_late_changes

if TYPE_CHECKING:
    from .team_setup import TeamDialog

MEMBER_ID = Qt.ItemDataRole.UserRole  # the members table's first column keeps the member id


class TeamActions(QObject):
    """Made by the Team dialog; ``refresh(status)`` after each of its refreshes."""

    def __init__(self, dialog: TeamDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.ctx = dialog.ctx
        self.status: Any = None
        self.review_button = QPushButton()
        self.review_button.setToolTip(self.tr(
            "Wat een vorige dossierhouder na een overname nog wijzigde: kies per onderdeel"))
        self.review_button.clicked.connect(self.review_late)
        self.member_row = QHBoxLayout()

    def refresh(self, status: Any) -> None:
        self.status = status
        reviews = status.reviews if status.in_team else 0
        self.review_button.setText(self.tr("Late wijzigingen &beoordelen ({n})…").format(
            n=reviews))
        self.review_button.setVisible(bool(reviews))

    def review_late(self) -> int:
        decided = review_late_changes(self.ctx, None, self.dialog.choosers.run, self.dialog)
        if decided:
            self.dialog.refresh()
            self.dialog.choosers.tell(self.dialog, self.tr("Late wijzigingen"),
                                      decided_text(decided[-1]))
        return len(decided)
