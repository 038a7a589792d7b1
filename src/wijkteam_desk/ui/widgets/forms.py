"""The base of every editing dialog: a form, Opslaan/Annuleren, and a submit that goes through
the service. A refused input shows the Dutch message and keeps the dialog open with the input."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from .keyboard import buttons_last


class ServiceDialog(QDialog):
    """Subclasses build fields in ``self.form`` and implement ``apply()``, which calls the service
    and returns what it returned. ``submit()`` is what Opslaan does (tests call it directly)."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None,
                 intro: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: object = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        outer = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            outer.addWidget(label)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def add_row(self, label: str, widget: QWidget, tooltip: str = "") -> QWidget:
        widget.setAccessibleName(label.rstrip(":").replace("&", ""))
        if tooltip:
            widget.setToolTip(tooltip)
        self.form.addRow(label, widget)
        return widget

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        buttons_last(self, self.buttons)  # fields first, Opslaan/Annuleren last
        super().showEvent(event)

    def apply(self) -> object:
        raise NotImplementedError

    def submit(self) -> bool:
        done: list[object] = []

        def run() -> bool:
            done.append(self.apply())
            return True

        if self.ctx.attempt(self, run) is None:
            return False  # the message was shown; the input stays
        self.result_value = done[0]
        self.accept()
        return True


def run_dialog(dialog: ServiceDialog, on_done: Callable[[object], None] | None = None) -> bool:
    """Show a dialog modally; call ``on_done`` with what the service returned."""
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    if ok and on_done:
        on_done(dialog.result_value)
    dialog.deleteLater()
    return ok
