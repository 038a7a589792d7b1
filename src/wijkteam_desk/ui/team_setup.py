"""Extra → Team…: the team on this laptop (issue 16). Outside a team: "Team maken" (this laptop's
person becomes the teamleider; the fingerprint to read out by phone is shown), "Aanmelding
maken" (the join request file for the teamleider) and "Aansluiten bij een team" (the folder and
the teamleider's fingerprint, compared by the user). In a team: its members, the folder and the
last sync; a teamleider adds a colleague from a join request file ("Collega toevoegen").

Every step calls ``ctx.workspace.team`` (services/team.py); a refusal is shown in the dialog in
Dutch and the input stays. Choosing folders and files and confirming are injectable (tests)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from .context import AppContext
from .team_members import TeamActions
from .team_steps import Choosers, StepDialog, TeamHost, fingerprint_label
from .team_sync import local_time, team_error_text

ROLE_WORDS = {"consulent": "consulent", "teamleider": "teamleider"}

class CreateTeamDialog(StepDialog):
    def __init__(self, ctx: AppContext, choosers: Choosers, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Team maken"), self.tr(
            "Je maakt een team en wordt er de teamleider van. Kies de teammap: een map die "
            "Syncthing, de netwerkschijf of OneDrive op elke laptop gelijk houdt. Daarna krijg je "
            "een vingerafdruk die je aan je collega's voorleest."), self.tr("Team &maken"),
            parent)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Naam van het team"))
        self.name.setMaxLength(100)
        self.form.addRow(self.tr("&Naam van het team:"), self.name)
        self.folder = self.folder_row(self.tr("&Teammap:"), choosers.folder)

    def check(self) -> str:
        if not self.name.text().strip():
            return self.tr("Geef het team een naam.")
        if not self.folder.text().strip():
            return self.tr("Kies de teammap.")
        return ""

    def run(self) -> object:
        return self.ctx.workspace.team.create(self.name.text(), Path(self.folder.text().strip()))


class JoinTeamDialog(StepDialog):
    def __init__(self, ctx: AppContext, choosers: Choosers, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Aansluiten bij een team"), self.tr(
            "Je teamleider heeft je aanmeldbestand toegevoegd. Kies de teammap en typ de "
            "vingerafdruk van je teamleider over terwijl die hem telefonisch of persoonlijk "
            "voorleest. Klopt hij niet, ga dan niet verder."), self.tr("&Aansluiten"), parent)
        self.folder = self.folder_row(self.tr("&Teammap:"), choosers.folder)
        self.leader = QLineEdit()
        self.leader.setAccessibleName(self.tr("Vingerafdruk van de teamleider"))
        self.leader.setPlaceholderText("XXXX XXXX XXXX XXXX")
        self.form.addRow(self.tr("&Vingerafdruk teamleider:"), self.leader)

    def check(self) -> str:
        if not self.folder.text().strip():
            return self.tr("Kies de teammap.")
        if not self.leader.text().strip():
            return self.tr("Typ de vingerafdruk die je teamleider voorleest.")
        return ""

    def run(self) -> object:
        return self.ctx.workspace.team.join(Path(self.folder.text().strip()),
                                            self.leader.text().strip())


class AddColleagueDialog(StepDialog):
    """The join request is read first: name, role and fingerprint, to compare by phone."""

    def __init__(self, ctx: AppContext, path: Path, info: object,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Collega toevoegen"), self.tr(
            "Vergelijk de vingerafdruk hieronder met wat je collega telefonisch of persoonlijk "
            "voorleest. Alleen als die gelijk is, voeg je de collega toe."),
            self.tr("&Toevoegen"), parent)
        self.path = path
        self.form.addRow(self.tr("Naam:"), QLabel(getattr(info, "name", "")))
        self.fingerprint = fingerprint_label(getattr(info, "fingerprint", ""))
        self.form.addRow(self.tr("Vingerafdruk:"), self.fingerprint)
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Rol in het team"))
        self.role.addItem(self.tr("consulent"), "consulent")
        self.role.addItem(self.tr("teamleider"), "teamleider")
        self.role.setCurrentIndex(max(self.role.findData(getattr(info, "role", "")), 0))
        self.form.addRow(self.tr("&Rol:"), self.role)

    def run(self) -> object:
        return self.ctx.workspace.team.add(self.path, self.role.currentData())


class TeamDialog(TeamHost):
    """Extra → Team…. ``team_entered`` after a team was made or joined (sync starts);
    ``sync_requested`` for "Nu synchroniseren"."""

    team_entered = Signal()
    sync_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 choosers: Choosers | None = None, sync_status: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choosers = choosers or Choosers()
        self.setWindowTitle(self.tr("Team"))
        self.setAccessibleName(self.tr("Team"))
        self.setMinimumSize(860, 460)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Team"))
        self.fingerprint = fingerprint_label()
        self.sync_label = QLabel(sync_status)
        self.sync_label.setWordWrap(True)
        self.sync_label.setAccessibleName(self.tr("Synchronisatie"))
        self.members = QTableWidget(0, 4)
        self.members.setAccessibleName(self.tr("Collega's in het team"))
        self.members.setHorizontalHeaderLabels(
            [self.tr("Naam"), self.tr("Rol"), self.tr("Vingerafdruk"), self.tr("Laatst gezien")])
        self.members.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.members.verticalHeader().hide()
        self.members.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((240, 110, 300)):
            self.members.setColumnWidth(col, width)

        def button(text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda: slot())
            return b

        self.create_button = button(self.tr("Team &maken…"), self.tr(
            "Voor de teamleider: maak het team en lees je vingerafdruk voor"), self.create_team)
        self.request_button = button(self.tr("A&anmelding maken…"), self.tr(
            "Schrijf je aanmeldbestand voor je teamleider"), self.make_request)
        self.join_button = button(self.tr("Aansluiten bij een &team…"), self.tr(
            "Teammap en vingerafdruk van je teamleider"), self.join_team)
        self.add_button = button(self.tr("Collega &toevoegen…"), self.tr(
            "Teamleider: zet een collega in het team met diens aanmeldbestand"), self.add_colleague)
        self.sync_button = button(self.tr("Nu &synchroniseren"), self.tr(
            "Verstuur je wijzigingen en haal die van je collega's op"), self.sync_requested.emit)
        close = button(self.tr("Sluiten"), self.tr("Dit venster sluiten"), self.accept)
        actions = QHBoxLayout()
        for b in (self.create_button, self.request_button, self.join_button, self.add_button,
                  self.sync_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(close)
        self.actions = TeamActions(self)  # issue 17: late changes, members leaving, roles
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.actions.review_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.sync_label)
        layout.addWidget(self.members, 1)
        layout.addLayout(self.actions.member_row)
        layout.addLayout(actions)
        self.refresh()

    def set_sync_status(self, text: str) -> None:
        self.sync_label.setText(text)

    def refresh(self) -> None:
        status = self.ctx.attempt(self, self.ctx.workspace.team.status)
        if status is None:
            return
        in_team = status.in_team
        self.actions.refresh(status)
        me = next((m for m in status.members if m.is_me), None)
        leader = me is not None and me.role == "teamleider"
        for b in (self.create_button, self.join_button):
            b.setVisible(not in_team)
        # In a team too: a new laptop or new keys need a request the teamleider links.
        self.add_button.setVisible(leader)
        self.sync_button.setVisible(in_team)
        self.members.setVisible(in_team)
        self.sync_label.setVisible(in_team)
        self.fingerprint.setVisible(me is not None)
        if not in_team:
            self.summary.setText(self.tr(
                "Deze laptop hoort nog niet bij een team.\n\n"
                "Teamleider: kies 'Team maken' en lees daarna je vingerafdruk voor aan je "
                "collega's.\nCollega: kies 'Aanmelding maken' en geef het bestand aan je "
                "teamleider. Als die je heeft toegevoegd, kies je 'Aansluiten bij een team'."))
            return
        folder = status.folder + ("" if status.folder_present
                                  else self.tr(" (nu niet bereikbaar)"))
        last = local_time(status.last_sync_at) if status.last_sync_at else self.tr("nog nooit")
        lines = [self.tr("Team: {name}").format(name=status.team_name),
                 self.tr("Teammap: {folder}").format(folder=folder),
                 self.tr("Jouw rol: {role}").format(role=ROLE_WORDS.get(status.role,
                                                                       status.role)),
                 self.tr("Laatst gesynchroniseerd: {at}; nog te versturen: {n}").format(
                     at=last, n=status.pending)]
        if status.handovers:
            lines.append(self.tr("Overdrachten onderweg: {n}").format(n=len(status.handovers)))
        if status.reviews:
            lines.append(self.tr("Late wijzigingen ter beoordeling: {n}").format(
                n=status.reviews))
        self.summary.setText("\n".join(lines))
        if me is not None:
            self.fingerprint.setText(self.tr("Jouw vingerafdruk: {fp}").format(fp=me.fingerprint))
        current = [m for m in status.members if m.current]
        self.members.setRowCount(len(current))
        for row, m in enumerate(current):
            seen = local_time(_parse(m.last_seen)) if m.last_seen else self.tr("nog niet gezien")
            name = m.name + (self.tr(" (jij)") if m.is_me else "")
            for col, text in enumerate((name, ROLE_WORDS.get(m.role, m.role), m.fingerprint,
                                        seen)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, m.member_id)  # team_members.py
                self.members.setItem(row, col, item)

    # -- the steps ---------------------------------------------------------------------------
    def create_team(self) -> bool:
        dialog = CreateTeamDialog(self.ctx, self.choosers, self)
        return self._step(dialog, self.tr(
            "Het team is gemaakt. Jij bent teamleider.\n\nJouw vingerafdruk:\n{fp}\n\n"
            "Lees hem telefonisch of persoonlijk voor aan elke collega die zich aansluit."))

    def join_team(self) -> bool:
        return self._step(JoinTeamDialog(self.ctx, self.choosers, self), self.tr(
            "Je bent aangesloten bij het team. De gezinnen van je collega's komen binnen bij "
            "het synchroniseren; die kun je alleen lezen."))

    def _step(self, dialog: StepDialog, done: str) -> bool:
        ok = self.choosers.run(dialog)
        dialog.deleteLater()
        if not ok:
            return False
        self.refresh()
        me = self.ctx.workspace.team.status()
        fp = next((m.fingerprint for m in me.members if m.is_me), "")
        self.choosers.tell(self, self.tr("Team"), done.format(fp=fp))
        self.ctx.changed("team", 0)
        self.team_entered.emit()
        return True

    def make_request(self) -> bool:
        chosen = self.choosers.save_file(self, self.tr("Aanmeldbestand opslaan"),
                                         str(Path.home() / "aanmelding.json"))
        if not chosen:
            return False
        try:
            info = self.ctx.workspace.team.request(Path(chosen))
        except WijkteamError as exc:
            self.choosers.tell(self, self.tr("Team"), team_error_text(exc))
            return False
        self.choosers.tell(self, self.tr("Aanmelding gemaakt"), self.tr(
            "Je aanmeldbestand staat in {file}. Geef het aan je teamleider (USB-stick of "
            "teammap) en lees je vingerafdruk voor:\n{fp}").format(file=chosen,
                                                                 fp=info.fingerprint))
        self.refresh()
        return True

    def add_colleague(self) -> bool:
        chosen = self.choosers.open_file(self, self.tr("Aanmeldbestand van je collega kiezen"))
        if not chosen:
            return False
        try:
            info = self.ctx.workspace.team.read_request(Path(chosen))
        except WijkteamError as exc:
            self.choosers.tell(self, self.tr("Team"), team_error_text(exc))
            return False
        dialog = AddColleagueDialog(self.ctx, Path(chosen), info, self)
        ok = self.choosers.run(dialog)
        dialog.deleteLater()
        if ok:
            self.refresh()
            self.choosers.tell(self, self.tr("Team"), self.tr(
                "{name} staat nu in het team. Je collega kiest nu 'Aansluiten bij een team' "
                "met jouw vingerafdruk.").format(name=getattr(info, "name", "")))
        return ok


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
