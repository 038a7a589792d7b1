"""The text and date fields of a colleague's household: read-only, and seen to be (issue 16).

``ReadOnlyGuard`` (team_bar.py) switches the file's write buttons off; this does the same for
every field one types into: a line edit, a text box, a date field (its calendar button too).
A tab that makes a field editable again when it refreshes (the overview's *Volgende actie*
after huisbezoekmodus, say) is overruled by an event filter, so no tab needs to know about the
team. A read-only field has the window's background instead of the white of a field to type
in, so it also looks it. A field that only chooses what is shown (the timeline's search box)
says so with the property ``READS_ONLY`` and stays as it is. When the household becomes ours,
the fields this made read-only are editable again, with their own look; a field that was
read-only already is left alone."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ..widgets.dates import DateField

READS_ONLY = "reads_only"  # a widget property: True on a field that filters, never writes

TextField = QLineEdit | QPlainTextEdit | QTextEdit


def _owner(edit: QWidget) -> QWidget:
    """The field as a person sees it: a date field for its own line edit."""
    parent = edit.parentWidget()
    return parent if isinstance(parent, DateField) else edit


def _guarded(edit: QWidget) -> bool:
    if isinstance(edit.parentWidget(), QComboBox | QAbstractSpinBox):
        return False  # a choice or a number: not a field one types the file's words into
    return not _owner(edit).property(READS_ONLY) and not edit.property(READS_ONLY)


def _set_read_only(edit: TextField, on: bool) -> None:
    owner = _owner(edit)
    if isinstance(owner, DateField):
        owner.setReadOnly(on)  # the calendar and clear buttons with it
    else:
        edit.setReadOnly(on)


class ReadOnlyFields(QObject):
    """Keeps the typing fields under ``root`` read-only while ``on``."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.on = False
        # What this made read-only, with its own look, to give back (a tab may have deleted
        # some since).
        self._made: dict[int, tuple[TextField, QPalette | None]] = {}
        self._watched: set[int] = set()

    def fields(self) -> list[TextField]:
        found = [e for kind in (QLineEdit, QPlainTextEdit, QTextEdit)
                 for e in self.root.findChildren(kind) if _guarded(e)]
        for edit in found:
            if id(edit) not in self._watched:
                self._watched.add(id(edit))
                edit.installEventFilter(self)
        return found

    def set_on(self, on: bool) -> None:
        was, self.on = self.on, on
        if on:
            for edit in self.fields():
                if not edit.isReadOnly():
                    self._lock(edit)
        elif was:
            made, self._made = self._made, {}
            for edit, palette in made.values():
                if shiboken6.isValid(edit):
                    _set_read_only(edit, False)
                    edit.setPalette(palette or QPalette())  # None: the parent's again

    def _lock(self, edit: TextField) -> None:
        if id(edit) not in self._made:
            own = edit.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
            self._made[id(edit)] = (edit, QPalette(edit.palette()) if own else None)
            looks = QPalette(edit.palette())
            looks.setColor(QPalette.ColorRole.Base, looks.color(QPalette.ColorRole.Window))
            edit.setPalette(looks)
        _set_read_only(edit, True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if self.on and event.type() == QEvent.Type.ReadOnlyChange and \
                isinstance(watched, QLineEdit | QPlainTextEdit | QTextEdit) and \
                not watched.isReadOnly():
            self._lock(watched)
        return False
