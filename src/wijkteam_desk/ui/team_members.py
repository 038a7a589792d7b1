"""The Team dialog's actions for a team's bad days (issue 17), kept apart from the set-up in
team_setup.py: "Late wijzigingen beoordelen (n)…" beside the summary (the dossierhouder), and
for a teamleider, on the member chosen in the table: "Uit het team halen…" (a colleague leaves,
or a lost laptop), "Nieuwe laptop koppelen…" (new keys for the same person) and "Teamleider
maken" / "Geen teamleider meer". The services sign, audit and sync
(services/team_admin.py); every refusal is said in Dutch with what to do next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from ..domain.errors import ValidationError, WijkteamError
from ..texts import plural
from .context import AppContext
from .form_dialog import busy_cursor
from .team_review import decided_text, review_late_changes
from .team_steps import StepDialog, TeamHost, fingerprint_label
from .team_sync import team_error_text

MEMBER_ID = Qt.ItemDataRole.UserRole  # the members table's first column keeps the member id


def confirm(parent: QWidget, title: str, text: str, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(parent.tr("Annuleren"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class RelinkDialog(StepDialog):
    """A new laptop for the same person: the join request's name and fingerprint, compared by
    phone, then "Koppelen"."""

    def __init__(self, ctx: AppContext, path: Path, info: Any, current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Nieuwe laptop koppelen"), self.tr(
            "Een collega heeft een nieuwe laptop of nieuwe sleutels. Vergelijk de vingerafdruk "
            "hieronder met wat je collega telefonisch of persoonlijk voorleest. Alleen als die "
            "gelijk is, koppel je de nieuwe laptop. De oude sleutels worden dan ingetrokken; de "
            "gezinnen blijven bij je collega."), self.tr("&Koppelen"), parent)
        self.path = path
        self.form.addRow(self.tr("Naam:"), QLabel(getattr(info, "name", "")))
        self.fingerprint = fingerprint_label(getattr(info, "fingerprint", ""))
        self.form.addRow(self.tr("Nieuwe vingerafdruk:"), self.fingerprint)
        self.form.addRow(self.tr("Hoort bij:"), QLabel(current or self.tr(
            "niemand in het team (gebruik 'Collega toevoegen…')")))

    def run(self) -> object:
        return self.ctx.workspace.team.relink(self.path)


class TeamActions(QObject):
    """Made by the Team dialog; ``refresh(status)`` after each of its refreshes."""

    def __init__(self, dialog: TeamHost) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.ctx = dialog.ctx
        self.status: Any = None
        self.review_button = QPushButton(self.tr("Late wijzigingen &beoordelen…"))
        self.review_button.setToolTip(self.tr(
            "Wat een vorige dossierhouder na een overname nog wijzigde: kies per onderdeel"))
        self.review_button.clicked.connect(self.review_late)
        self.confirm = confirm  # tests answer it
        self.remove_button = self._button(self.tr("Uit het team &halen…"), self.tr(
            "Teamleider: de gekozen collega vertrekt, of de laptop is kwijt of gestolen"),
            self.remove_member)
        self.relink_button = self._button(self.tr("Nieuwe laptop &koppelen…"), self.tr(
            "Teamleider: koppel de nieuwe laptop van een collega met diens aanmeldbestand"),
            self.relink)
        self.role_button = self._button(self.tr("Teamleider &maken"), self.tr(
            "Teamleider: maak de gekozen collega teamleider, of juist niet meer"),
            self.toggle_role)
        self.member_row = QHBoxLayout()
        for b in (self.remove_button, self.relink_button, self.role_button):
            self.member_row.addWidget(b)
        self.member_row.addStretch(1)
        dialog.members.itemSelectionChanged.connect(self.on_selection)

    def _button(self, text: str, tip: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    def refresh(self, status: Any) -> None:
        self.status = status
        reviews = status.reviews if status.in_team else 0
        self.review_button.setText(self.tr("Late wijzigingen &beoordelen ({n})…").format(
            n=reviews))
        self.review_button.setVisible(bool(reviews))
        me = next((m for m in status.members if m.is_me), None) if status.in_team else None
        self.leader = me is not None and me.role == "teamleider"
        for b in (self.remove_button, self.relink_button, self.role_button):
            b.setVisible(self.leader)
        self.on_selection()

    def selected(self) -> Any:
        """The member chosen in the table (a MemberView), or None."""
        items = self.dialog.members.selectedItems()
        if not items or self.status is None:
            return None
        member_id = self.dialog.members.item(items[0].row(), 0).data(MEMBER_ID)
        return next((m for m in self.status.members if m.member_id == member_id), None)

    def on_selection(self) -> None:
        member = self.selected()
        self.remove_button.setEnabled(member is not None and not member.is_me)
        self.role_button.setEnabled(member is not None)
        leader = member is not None and member.role == "teamleider"
        self.role_button.setText(self.tr("Geen teamleider &meer") if leader
                                 else self.tr("Teamleider &maken"))

    # -- 3. a colleague leaves, a lost laptop ----------------------------------------------------
    def remove_member(self) -> bool:
        member = self.selected()
        if member is None or member.is_me:
            return False
        if not self.confirm(self.dialog, self.tr("Uit het team halen"), self.tr(
                "{name} uit het team halen?\n\nDe sleutels van {name} worden ingetrokken. Wat "
                "het team vanaf nu schrijft, wordt niet meer voor {name} versleuteld, en "
                "bestanden van {name} worden geweigerd. De laptop van {name} haalt de gezinnen "
                "van collega's weg bij de volgende synchronisatie.\n\nIs de laptop kwijt of "
                "gestolen? Doe dan hetzelfde: wie de laptop vindt, kan niets nieuws van het "
                "team lezen.").format(name=member.name), self.tr("Uit het team halen")):
            return False
        try:
            with busy_cursor():
                change = self.ctx.workspace.team.remove(member.member_id)
        except ValidationError as exc:
            text = self._holds_text(exc) if exc.code == "member_holds_households" \
                else team_error_text(exc)
            self.dialog.choosers.tell(self.dialog, self.tr("Uit het team halen"), text)
            return False
        except WijkteamError as exc:
            self.dialog.choosers.tell(self.dialog, self.tr("Uit het team halen"),
                                      team_error_text(exc))
            return False
        self._done(change, self.tr(
            "{name} is uit het team gehaald (teamlijst versie {version}). Vanaf nu wordt niets "
            "meer voor {name} versleuteld en worden bestanden van {name} geweigerd."))
        return True

    def _holds_text(self, error: ValidationError) -> str:
        """The households the colleague still holds, by name where this laptop has them."""
        ids = list(error.facts.get("households") or [])
        rows = self.ctx.attempt(self.dialog, self.ctx.workspace.cases.list_cases) or []
        names = {r.summary.household_id: r.summary.name for r in rows}
        listed = ", ".join(names.get(h) or self.tr("gezin {n}").format(n=h) for h in ids)
        return self.tr(
            "{name} heeft nog {households}: {listed}. Draag ze eerst over of neem ze over "
            "(open het gezin en kies 'Overnemen…'). Er is niets veranderd.").format(
            name=error.facts.get("name", ""), households=plural(len(ids), "gezin", "gezinnen"),
            listed=listed)

    # -- 4. a new laptop for the same person -----------------------------------------------------
    def relink(self) -> bool:
        choosers = self.dialog.choosers
        chosen = choosers.open_file(self.dialog, self.tr("Aanmeldbestand van de nieuwe laptop "
                                                         "kiezen"))
        if not chosen:
            return False
        try:
            info = self.ctx.workspace.team.read_request(Path(chosen))
        except WijkteamError as exc:
            choosers.tell(self.dialog, self.tr("Nieuwe laptop koppelen"), team_error_text(exc))
            return False
        current = next((m.name for m in (self.status.members if self.status else ())
                        if m.member_id == info.member_id and m.current), "")
        dialog = RelinkDialog(self.ctx, Path(chosen), info, current, self.dialog)
        ok = choosers.run(dialog)
        change = dialog.result_value
        dialog.deleteLater()
        if ok:
            self._done(change, self.tr(
                "De nieuwe laptop van {name} is gekoppeld (teamlijst versie {version}). De oude "
                "sleutels zijn ingetrokken; de gezinnen blijven bij {name}."))
        return ok

    # -- 5. roles --------------------------------------------------------------------------------
    def toggle_role(self) -> bool:
        member = self.selected()
        if member is None:
            return False
        role = "consulent" if member.role == "teamleider" else "teamleider"
        try:
            with busy_cursor():
                change = self.ctx.workspace.team.set_role(member.member_id, role)
        except WijkteamError as exc:
            self.dialog.choosers.tell(self.dialog, self.tr("Rol"), team_error_text(exc))
            return False
        self._done(change, self.tr("{name} is nu teamleider (teamlijst versie {version}).")
                   if role == "teamleider" else
                   self.tr("{name} is geen teamleider meer (teamlijst versie {version})."))
        return True

    def _done(self, change: Any, text: str) -> None:
        self.dialog.refresh()
        said = text.format(name=change.name, version=change.roster_version)
        if change.status != "ok":
            said += self.tr(" De teammap is er nu niet: de nieuwe teamlijst gaat mee bij de "
                            "volgende synchronisatie.")
        self.dialog.choosers.tell(self.dialog, self.tr("Team"), said)
        self.ctx.changed("team", 0)

    def review_late(self) -> int:
        decided = review_late_changes(self.ctx, None, self.dialog.choosers.run, self.dialog)
        if decided:
            self.dialog.refresh()
            self.dialog.choosers.tell(self.dialog, self.tr("Late wijzigingen"),
                                      decided_text(decided[-1]))
        return len(decided)
