"""Opening the vault: the unlock panel (at start and as the lock screen); its recovery and
restore dialogs are in ui/vault_dialogs.py, on the small-form base in ui/form_dialog.py.

The panel is neutral on purpose (S9): no names, no counts, nothing about the caseload."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
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
from .background import BackgroundCall
from .form_dialog import message_label, password_field, ui_error_text
from .widgets.progress import WorkingBar
from .widgets.status import show_info, show_problem


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
