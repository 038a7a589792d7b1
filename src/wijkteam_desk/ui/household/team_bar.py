"""The household file in a team (issue 16): a colleague's household is read-only here, with a
banner "Alleen lezen — dossierhouder: …, bijgewerkt …" and every action that writes switched
off; a household we hold has "Overdragen aan collega…"; while a handover travels both laptops
say "overdracht onderweg". Outside a team the bar is hidden and nothing is switched off.

Write actions are the file's buttons except the ones that only read (print, view, compare,
save a copy), and the safety plan's concept is not editable. A tab that enables a button again
(a row chosen) is overruled by an event filter, so no tab needs to know about the team. An
action reached anyway (a double-click that opens a dialog) is refused by the service and shown
as "Dit gezin is van …; vraag om overdracht." Opening the file is audited by the service
(``household.view`` with ``read_only``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import WijkteamError
from ..context import AppContext
from ..form_dialog import busy_cursor, message_label
from ..team_review import decided_text, review_late_changes
from ..team_steps import run_modal
from ..team_sync import local_time, team_error_text
from ..widgets import colors
from .read_only_fields import ReadOnlyFields
from .safety_plan_editor import PlanEditor
from .takeover import TakeoverDialog, shield_question, shield_said, takeover_said

# Buttons of the file that only read, by their text without the shortcut's "&".
READING = frozenset({"afdrukken…", "gezinsoverzicht afdrukken…", "vergelijk met vorige versie…",
                     "bekijken", "opslaan als…"})
Confirm = Callable[[QWidget, str], bool]


def _ask(parent: QWidget, title: str, yes: str, text: str) -> bool:
    """A question whose default answer is Annuleren."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(parent.tr("Annuleren"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def _confirm(parent: QWidget, text: str) -> bool:
    return _ask(parent, parent.tr("Overdragen"), parent.tr("Overdragen"), text)


def _confirm_shield(parent: QWidget, text: str) -> bool:
    return _ask(parent, parent.tr("Afschermen"), parent.tr("Ja"), text)


def writes(button: QPushButton) -> bool:
    return button.text().replace("&", "").strip().casefold() not in READING


class ReadOnlyGuard(QObject):
    """Keeps the write buttons under ``root`` off, and its typing fields read-only, while
    ``on``."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.on = False
        self.why = ""
        self._watched: set[int] = set()
        self.fields = ReadOnlyFields(root)

    def set_on(self, on: bool, why: str = "") -> None:
        was, self.on, self.why = self.on, on, why
        self.fields.set_on(on)
        if on:  # the concept of a colleague's safety plan is not typed in here either
            for editor in self.root.findChildren(PlanEditor):
                editor.lock()
        for button in self.write_buttons():
            if on:
                button.setEnabled(False)
            elif was:
                button.setEnabled(True)  # the tab enables what fits its selection next refresh

    def write_buttons(self) -> list[QPushButton]:
        found = [b for b in self.root.findChildren(QPushButton) if writes(b)]
        for b in found:
            if id(b) not in self._watched:
                self._watched.add(id(b))
                b.installEventFilter(self)
        return found

    def rescan(self) -> None:
        """Buttons made since (a table row's button): off too."""
        if self.on:
            self.set_on(True, self.why)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if self.on and event.type() == QEvent.Type.EnabledChange and \
                isinstance(watched, QPushButton) and watched.isEnabled():
            watched.setEnabled(False)
        return False


class HandoverDialog(QDialog):
    """Pick the colleague who takes the household; the service writes and syncs."""

    def __init__(self, ctx: AppContext, household_id: int, household_name: str,
                 confirm: Confirm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.household_name = household_name
        self._confirm = confirm
        self.result_value: object = None
        self.setWindowTitle(self.tr("Overdragen aan collega"))
        self.setAccessibleName(self.tr("Overdragen aan collega"))
        self.setMinimumWidth(480)
        intro = QLabel(self.tr(
            "De collega wordt dossierhouder en werkt het gezin voortaan bij. Jij kunt het daarna "
            "alleen nog lezen. De overdracht gaat mee bij het synchroniseren."))
        intro.setWordWrap(True)
        self.member = QComboBox()
        self.member.setAccessibleName(self.tr("Collega"))
        status = ctx.workspace.team.status()
        for m in status.members:
            if m.current and not m.is_me:
                self.member.addItem(f"{m.name} ({m.role})", m.member_id)
        form = QFormLayout()
        form.addRow(self.tr("&Collega:"), self.member)
        self.message = message_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Overdragen…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if not self.member.count():
            self.message.setText(self.tr("Er is nog geen collega in het team."))
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def submit(self) -> bool:
        if self.member.currentIndex() < 0:
            return False
        name = self.member.currentText().rsplit(" (", 1)[0]
        if not self._confirm(self, self.tr(
                "{household} gaat naar {name}. Daarna kun je het gezin alleen nog lezen. "
                "Overdragen?").format(household=self.household_name, name=name)):
            return False
        try:
            with busy_cursor():
                self.result_value = self.ctx.workspace.team.handover(
                    self.household_id, self.member.currentData())
        except WijkteamError as exc:
            self.message.setText(team_error_text(exc))
            return False
        self.accept()
        return True


class TeamBar(QWidget):
    """The banner and the handover button above the tabs. ``lifted``: the household became
    ours (a handover arrived): the page refreshes, so each tab sets its buttons itself."""

    lifted = Signal()

    def __init__(self, ctx: AppContext, household_id: int, guard_root: QWidget,
                 parent: QWidget | None = None, confirm: Confirm | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.household_name = ""
        self.confirm = confirm or _confirm
        self.confirm_shield: Confirm = _confirm_shield
        self.run: Callable[[QDialog], bool] = run_modal  # tests fill and submit the dialog
        self.guard = ReadOnlyGuard(guard_root)
        self.read_only = False
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Dossierhouder"))
        self.banner.setStyleSheet(colors.banner_css(
            colors.WARN, "padding: 4px 8px; border-radius: 4px; font-weight: bold;"))
        self.handover_button = QPushButton(self.tr("Overdragen aan co&llega…"), self)
        self.handover_button.setToolTip(self.tr(
            "Een collega wordt dossierhouder van dit gezin"))
        self.handover_button.clicked.connect(self.hand_over)
        self.view: object = None  # the household's HouseholdTeamView, as last read
        # Teamleider, on a colleague's household: the emergency takeover (issue 17).
        self.takeover_button = QPushButton(self.tr("O&vernemen…"), self)
        self.takeover_button.setToolTip(self.tr(
            "Teamleider: neem dit gezin over, ook als de dossierhouder niet bereikbaar is"))
        self.takeover_button.clicked.connect(self.take_over)
        # The dossierhouder, after a takeover: the old dossierhouder's late changes.
        self.review_button = QPushButton(self.tr("Late wijzigingen &beoordelen…"), self)
        self.review_button.setToolTip(self.tr(
            "Wat de vorige dossierhouder na de overname nog wijzigde: kies per onderdeel"))
        self.review_button.clicked.connect(self.review_late)
        # The dossierhouder: only they and the teamleiders receive an afgeschermd household.
        self.shield_button = QPushButton(self.tr("Afsc&hermen…"), self)
        self.shield_button.setToolTip(self.tr(
            "Alleen jij en de teamleiders krijgen dit gezin (een bekende in de buurt, familie "
            "van een collega)"))
        self.shield_button.clicked.connect(self.toggle_shield)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner, 1)
        layout.addWidget(self.review_button)
        layout.addWidget(self.shield_button)
        layout.addWidget(self.takeover_button)
        layout.addWidget(self.handover_button)
        self.hide()

    def refresh(self, household_name: str = "") -> None:
        if household_name:
            self.household_name = household_name
        view = self.ctx.attempt(self, lambda: self.ctx.workspace.team.household(
            self.household_id))
        if view is None:  # outside a team: the household is simply ours
            self.read_only = False
            self.guard.set_on(False)
            self.hide()
            return
        was, self.read_only = self.read_only, view.read_only
        self.view = view
        text = ""
        if view.read_only:
            text = self.tr("Alleen lezen — dossierhouder: {name}").format(name=view.owner)
            if view.updated_at is not None:
                text += self.tr(", bijgewerkt {at}").format(at=local_time(view.updated_at))
            if view.handover == "outgoing":
                text += self.tr(" · overdracht onderweg: {name} neemt het over bij de volgende "
                                "synchronisatie").format(name=view.handover_member)
        elif view.handover == "incoming":
            text = self.tr("Overdracht onderweg: je neemt dit gezin over van {name}. Het is "
                           "klaar als je laptop weer heeft gesynchroniseerd.").format(
                name=view.handover_member)
        if view.afgeschermd:
            shielded = self.tr("afgeschermd") if view.read_only else self.tr(
                "Afgeschermd: alleen jij en de teamleiders krijgen dit gezin")
            text = f"{text} · {shielded}" if text else shielded
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        self.shield_button.setVisible(not view.read_only)
        self.shield_button.setText(self.tr("Afscherming &opheffen…") if view.afgeschermd
                                   else self.tr("Afsc&hermen…"))
        self.handover_button.setVisible(not view.read_only)
        self.takeover_button.setVisible(view.read_only and view.teamleider)
        # Only the dossierhouder decides; reading the list is one small query without any.
        late = [] if view.read_only else self.ctx.attempt(
            self, lambda: self.ctx.workspace.team.reviews(self.household_id)) or []
        self.review_button.setText(self.tr("Late wijzigingen &beoordelen ({n})…").format(
            n=len(late)))
        self.review_button.setVisible(bool(late))
        self.guard.set_on(view.read_only, text)
        self.setVisible(True)
        if was and not view.read_only:
            self.lifted.emit()

    def take_over(self) -> bool:
        """Teamleider: the takeover dialog; after it the banner and the file refresh."""
        view = self.view
        dialog = TakeoverDialog(self.ctx, self.household_id, self.household_name,
                                getattr(view, "owner", ""), getattr(view, "owner_id", ""),
                                self)
        ok = self.run(dialog)
        result = dialog.result_value
        dialog.deleteLater()
        if ok:
            self.ctx.changed("team", self.household_id)
            self._say(takeover_said(result))
        return ok

    def review_late(self) -> int:
        """One dialog per late change of this household; the file refreshes after each."""
        decided = review_late_changes(self.ctx, self.household_id, self.run, self)
        if decided:
            self._say(decided_text(decided[-1]))
        return len(decided)

    def toggle_shield(self) -> bool:
        """Afschermen (or lift it) after a confirmation that says who can still read it."""
        on = not getattr(self.view, "afgeschermd", False)
        status = self.ctx.attempt(self, self.ctx.workspace.team.status)
        leaders = [m.name for m in (status.members if status else ())
                   if m.current and m.role == "teamleider" and not m.is_me]
        if not self.confirm_shield(self, shield_question(on, leaders)):
            return False
        with busy_cursor():
            result = self.ctx.attempt(self, lambda: self.ctx.workspace.team.shield(
                self.household_id, on))
        if result is None:
            return False
        self.ctx.changed("team", self.household_id)
        self._say(shield_said(result))
        return True

    def _say(self, text: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 15000)

    def hand_over(self) -> bool:
        dialog = HandoverDialog(self.ctx, self.household_id, self.household_name, self.confirm,
                                self)
        ok = self.run(dialog)
        result = dialog.result_value
        dialog.deleteLater()
        if ok:
            self.ctx.changed("team", self.household_id)
            name = getattr(result, "to_name", "")
            waiting = getattr(result, "status", "") == "waiting"
            window = self.window()
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                text = self.tr(
                    "Het gezin gaat naar {name}. De teammap is er nu niet: de overdracht gaat "
                    "mee bij de volgende synchronisatie.") if waiting else self.tr(
                    "Het gezin gaat naar {name}. Overdracht onderweg: {name} neemt het over bij "
                    "de volgende synchronisatie.")
                bar().showMessage(text.format(name=name), 15000)
        return ok

