"""The small passphrase-and-profile dialogs' base (``FormDialog``: an explanation, a form, an
inline message and OK/Annuleren, its slow part in a worker) and what more screens share: a
passphrase field, the inline message line, a busy cursor, and the Dutch text of an error as the
app says it (buttons, not commands). Kept below every screen that uses them (unlock, first run,
settings, profile, the team's dialogs); editing dialogs have their own base
(widgets/forms.py ``ServiceDialog``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
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


class FormDialog(QDialog):
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
