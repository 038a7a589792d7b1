"""What the Team dialog (team_setup.py) and the actions on a team's bad days (team_members.py)
share: the small step dialog (a form, Doorgaan/Annuleren, a refusal shown in place), the
fingerprint label, how folders and files are chosen and results told (``Choosers``, replaced by
tests), and ``TeamHost``, what the Team dialog offers the actions built on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from .context import AppContext
from .form_dialog import busy_cursor, message_label
from .team_sync import team_error_text


def _choose_folder(parent: QWidget, title: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title)


def _choose_save(parent: QWidget, title: str, suggestion: str) -> str:
    return QFileDialog.getSaveFileName(parent, title, suggestion,
                                       parent.tr("Aanmeldbestand (*.json)"))[0]


def _choose_open(parent: QWidget, title: str) -> str:
    return QFileDialog.getOpenFileName(parent, title, "", parent.tr("Aanmeldbestand (*.json)"))[0]


def _tell(parent: QWidget, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def run_modal(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


@dataclass
class Choosers:
    """Where a folder or file comes from, how a step's dialog runs and how a result is told
    (tests replace them)."""

    folder: Callable[[QWidget, str], str] = _choose_folder
    save_file: Callable[[QWidget, str, str], str] = _choose_save
    open_file: Callable[[QWidget, str], str] = _choose_open
    tell: Callable[[QWidget, str, str], None] = _tell
    run: Callable[[QDialog], bool] = run_modal


def fingerprint_label(text: str = "") -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)  # what is read out by phone
    font.setPointSize(font.pointSize() + 2)
    label.setFont(font)
    label.setAccessibleName("Vingerafdruk")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


class StepDialog(QDialog):
    """A small form with Doorgaan/Annuleren; ``run()`` does the step, a refusal stays here."""

    def __init__(self, ctx: AppContext, title: str, intro: str, ok_text: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: object = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def folder_row(self, label: str, choose: Callable[[QWidget, str], str]) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(label.rstrip(":").replace("&", ""))
        pick = QPushButton(self.tr("&Kiezen…"))
        pick.setToolTip(self.tr("Kies de teammap"))
        pick.clicked.connect(lambda: field.setText(choose(self, self.tr("Teammap kiezen"))
                                                   or field.text()))
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(pick)
        self.form.addRow(label, row)
        return field

    def check(self) -> str:
        """What is missing in the form ('' when complete)."""
        return ""

    def run(self) -> object:
        raise NotImplementedError

    def submit(self) -> bool:
        missing = self.check()
        if missing:
            self.message.setText(missing)
            return False
        try:
            with busy_cursor():
                self.result_value = self.run()
        except WijkteamError as exc:
            self.message.setText(team_error_text(exc))
            return False
        self.accept()
        return True


class TeamHost(QDialog):
    """The Team dialog as the actions built on it see it (team_members.py): its context, its
    choosers, the members table, and ``refresh``."""

    ctx: AppContext
    choosers: Choosers
    members: QTableWidget

    def refresh(self) -> None:
        raise NotImplementedError
