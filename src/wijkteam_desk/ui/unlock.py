"""Opening the vault: the unlock panel (at start and as the lock screen), and the base of the
small passphrase dialogs (``_FormDialog``; recovery and restore are in ui/vault_dialogs.py).

The panel is neutral on purpose (S9): no names, no counts, nothing about the caseload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import (
    TooManyAttempts,
    VaultDamaged,
    WijkteamError,
    WrongPassphrase,
)
from ..services.vaults import VaultService
from ..texts import DAMAGE_REASONS, error_text
from .background import BackgroundCall
from .widgets import colors
from .widgets.dialog_fit import fit_dialog
from .widgets.keyboard import buttons_last
from .widgets.progress import WorkingBar
from .widgets.status import show_info, show_problem

_UI_ERRORS = {
    # The command-line texts name commands; in the app we name the button instead.
    "device_not_bound": "Deze kluis hoort bij een ander apparaat. Kies 'Wachtwoord vergeten? "
                        "Herstelcode gebruiken' en open hem met de herstelcode.",
    "vault_damaged": "De kluis is beschadigd ({reason}). Er is niets veranderd. Zet een "
                     "reservekopie terug met de knop 'Reservekopie terugzetten…'.",
    "vault_missing": "Er is hier geen kluis. Start Wijkteam Desk opnieuw om er een te maken.",
}
WRONG_RECOVERY_CODE = "De herstelcode klopt niet. Controleer de code en probeer het opnieuw."
MISMATCH = "De twee wachtwoorden zijn niet gelijk. Probeer het opnieuw."


def ui_error_text(error: WijkteamError) -> str:
    code = getattr(error, "code", "")
    if code in _UI_ERRORS:
        reason = DAMAGE_REASONS.get(str(error.facts.get("reason", "")), "onbekende oorzaak")
        return _UI_ERRORS[code].format(reason=reason)
    return error_text(error)


def password_field(accessible_name: str, tooltip: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    field.setToolTip(tooltip or accessible_name)
    field.setMinimumWidth(260)
    return field


def message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Melding")
    label.setStyleSheet(f"color: {colors.css_on_window(colors.DANGER)};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


class busy_cursor:  # noqa: N801 - used as a context manager, reads like a statement
    """For the short steps left on the UI thread (setting the organisation key)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class UnlockPanel(QWidget):
    """Passphrase in, ``unlocked(workspace)`` out. ``tick()`` drives the countdown after too many
    wrong passphrases; a 1-second timer calls it, tests call it after moving the clock."""

    unlocked = Signal(object)  # Workspace

    def __init__(self, service: VaultService, parent: QWidget | None = None,
                 hint: str = "") -> None:
        super().__init__(parent)
        self.service = service
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.passphrase = password_field(self.tr("Wachtwoord"),
                                         self.tr("Het wachtwoord van je kluis"))
        self.passphrase.returnPressed.connect(self.submit)
        # Opening runs in a worker: Argon2id takes a moment on purpose, and once after an update
        # the backup and migration take seconds; the window keeps painting meanwhile.
        self.opener = BackgroundCall(self)
        self.opener.finished.connect(self._opened)
        self.opener.failed.connect(self._refused)
        self._cancelled = False
        self.working = WorkingBar(self)
        self.button = QPushButton(self.tr("&Ontgrendelen"))
        self.button.setAccessibleName(self.tr("Ontgrendelen"))
        self.button.setToolTip(self.tr("Open de kluis met je wachtwoord"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.message = message_label()
        self.forgot_button = QPushButton(self.tr("Wachtwoord &vergeten? Herstelcode gebruiken"))
        self.forgot_button.setFlat(True)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setStyleSheet("QPushButton { border: none; padding: 2px 0; "
                                         "color: palette(link); text-decoration: underline; }")
        self.forgot_button.setAccessibleName(self.tr("Herstelcode gebruiken"))
        self.forgot_button.setToolTip(self.tr("Kies een nieuw wachtwoord met je herstelcode"))
        self.forgot_button.clicked.connect(self.open_recovery)
        self.restore_button = QPushButton(self.tr("&Reservekopie terugzetten…"))
        self.restore_button.setAccessibleName(self.tr("Reservekopie terugzetten"))
        self.restore_button.setToolTip(self.tr("Zet de kluis terug uit een reservekopie"))
        self.restore_button.clicked.connect(self.open_restore)
        self.restore_button.hide()
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))

        label = QLabel(self.tr("&Wachtwoord:"))
        label.setBuddy(self.passphrase)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.button)
        card = QVBoxLayout()
        card.addWidget(self.heading)
        card.addWidget(self.intro)
        card.addSpacing(12)
        card.addWidget(label)
        card.addLayout(row)
        card.addWidget(self.message)
        card.addWidget(self.working)
        card.addWidget(self.hint)
        card.addSpacing(8)
        card.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignLeft)
        card.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        box = QWidget()
        box.setLayout(card)
        box.setMaximumWidth(520)
        # Centred with stretch on both sides, not with an alignment flag: an aligned widget
        # gets the height of its size hint, so a message that wraps to more lines was cut off.
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(box, 3)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        self.setTabOrder(self.passphrase, self.button)
        self.setTabOrder(self.button, self.forgot_button)
        self.setTabOrder(self.forgot_button, self.restore_button)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self.tick)
        self.set_locked(False)

    # -- modes --------------------------------------------------------------------------------
    def set_locked(self, locked: bool) -> None:
        """Start screen or lock screen: the same panel, a different sentence."""
        if locked:
            self.heading.setText(self.tr("Wijkteam Desk is vergrendeld"))
            self.intro.setText(self.tr("Vul je wachtwoord in om verder te werken."))
        else:
            self.heading.setText(self.tr("Wijkteam Desk"))
            self.intro.setText(self.tr("Vul je wachtwoord in om de kluis te openen."))
        self.message.clear()
        self.passphrase.clear()
        # A vault that opens read-only or lost changes: the way back is a restore, from here.
        self.restore_button.setVisible(self.service.needs_restore())
        self.tick()

    def focus_passphrase(self) -> None:
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- unlocking ----------------------------------------------------------------------------
    @Slot()
    def tick(self) -> None:
        wait = self.service.seconds_to_wait()
        self.button.setEnabled(wait <= 0 and not self.opening)
        if wait > 0:
            show_problem(self.message, self.tr("Te veel foute pogingen. Probeer het over {0} "
                                               "seconden opnieuw.").format(wait))
            if not self._countdown.isActive():
                self._countdown.start()
        elif self._countdown.isActive():
            self._countdown.stop()
            show_info(self.message, self.tr("Je kunt het nu opnieuw proberen."))

    @property
    def opening(self) -> bool:
        """Whether a passphrase is being tried (in the background)."""
        return self.opener.running

    def cancel_opening(self) -> None:
        """Locked (panic key, quit) while opening: the vault that opens is closed again at
        once, nothing of it is shown."""
        if self.opening:
            self._cancelled = True

    @Slot()
    def submit(self) -> None:
        if self.opening:
            return  # a second Enter while the first attempt runs
        if self.service.seconds_to_wait() > 0:
            self.tick()
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            show_problem(self.message, self.tr("Vul je wachtwoord in."))
            return
        self.passphrase.clear()
        # Opening takes a moment (the key derivation on purpose; once after an update also the
        # backup and the migration of the vault); the window keeps painting meanwhile.
        show_info(self.message, self.tr("De kluis wordt geopend…"))
        self._cancelled = False
        self._set_waiting(True)
        service = self.service
        self.opener.start(lambda: service.unlock(passphrase))

    def _set_waiting(self, waiting: bool) -> None:
        self.passphrase.setEnabled(not waiting)
        self.button.setEnabled(not waiting and self.service.seconds_to_wait() <= 0)
        if waiting:
            self.working.begin()
        else:
            self.working.end()
            self.focus_passphrase()

    @Slot(object)
    def _opened(self, workspace: Any) -> None:
        self._set_waiting(False)
        self.message.clear()
        if self._cancelled:  # locked while the vault opened: close it again at once
            workspace.lock()
            return
        self.restore_button.hide()
        self.unlocked.emit(workspace)

    @Slot(object)
    def _refused(self, exc: WijkteamError) -> None:
        self._set_waiting(False)
        if isinstance(exc, TooManyAttempts):
            self.tick()
        elif isinstance(exc, WrongPassphrase):
            show_problem(self.message, ui_error_text(exc))
            self.tick()
        elif isinstance(exc, VaultDamaged):
            show_problem(self.message, ui_error_text(exc))
            self.restore_button.show()
        else:
            show_problem(self.message, ui_error_text(exc))

    # -- help when the passphrase or the vault is lost ----------------------------------------
    @Slot()
    def open_recovery(self) -> None:
        from .vault_dialogs import RecoverDialog  # only when asked for: app start

        dialog = RecoverDialog(self.service, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            show_info(self.message, dialog.outcome)
            self.focus_passphrase()

    @Slot()
    def open_restore(self) -> None:
        from .vault_dialogs import RestoreDialog

        organisation_key = self.service.organisation_key_fingerprint()
        dialog = RestoreDialog(self.service, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.restored(organisation_key)

    def restored(self, organisation_key_before: str | None) -> None:
        """After a restore: open with the backup's passphrase; say when the backup lost the
        organisation's key (made before it was set)."""
        self.restore_button.hide()
        text = self.tr("De reservekopie is teruggezet. Vul je wachtwoord in om de kluis te "
                       "openen.")
        lost_key = bool(organisation_key_before) and \
            self.service.organisation_key_fingerprint() is None
        if lost_key:
            text += " " + self.tr("Let op: deze reservekopie heeft geen organisatiesleutel. "
                                  "Stel hem opnieuw in bij Instellingen.")
        (show_problem if lost_key else show_info)(self.message, text)
        self.focus_passphrase()


class _FormDialog(QDialog):
    """A small dialog: an explanation, a form, an inline message, OK and Annuleren.

    The slow part of OK (Argon2id, a restore) runs in a worker through ``run_in_background``:
    the window keeps painting, the form waits, and it cannot be cancelled halfway; the outcome
    comes to ``work_done`` or, as a message in the dialog, from ``failure_text``."""

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.message = message_label()
        self.working = WorkingBar(self)
        self.worker = BackgroundCall(self)
        self.worker.finished.connect(self._work_done)
        self.worker.failed.connect(self._work_failed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)
        ok.setAccessibleName(ok_text.replace("&", ""))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.working)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def add_row(self, label: str, field: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(field)
        self.form.addRow(caption, field)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        buttons_last(self, self.buttons)  # fields first, the buttons last
        super().showEvent(event)
        # These dialogs also open before the vault does (first run, recovery, restore), when
        # the app-wide DialogFit is not installed yet (the unlock screen starts without it).
        fit_dialog(self)

    def try_accept(self) -> None:
        raise NotImplementedError

    # -- the slow part, in the background -------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.worker.running

    def run_in_background(self, call: Callable[[], object], waiting_text: str) -> None:
        show_info(self.message, waiting_text)
        self._set_busy(True)
        self.worker.start(call)

    def _set_busy(self, busy: bool) -> None:
        for i in range(self.form.count()):
            item = self.form.itemAt(i)
            if item is not None and item.widget() is not None:
                item.widget().setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        if busy:
            self.working.begin()
        else:
            self.working.end()

    @Slot(object)
    def _work_done(self, result: object) -> None:
        self._set_busy(False)
        self.message.clear()
        self.work_done(result)

    @Slot(object)
    def _work_failed(self, error: WijkteamError) -> None:
        self._set_busy(False)
        show_problem(self.message, self.failure_text(error))

    def work_done(self, result: object) -> None:
        raise NotImplementedError

    def failure_text(self, error: WijkteamError) -> str:
        return ui_error_text(error)

    def reject(self) -> None:  # Annuleren/Escape while the work runs: it finishes first
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)
