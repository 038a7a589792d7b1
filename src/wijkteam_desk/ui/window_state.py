"""Where the user put the dividers (splitters), kept with the window's geometry in the window
state file (``window.ini``), never in the settings: it holds positions only, no case data.

A screen opts in by naming its splitter (``setObjectName``); the main window hands every page
it builds to ``SplitterMemory.watch`` and saves on close."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QSettings, Slot
from PySide6.QtWidgets import QSplitter, QWidget

GROUP = "splitters"


class SplitterMemory(QObject):
    def __init__(self, settings: QSettings | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.states: dict[str, QByteArray] = {}
        if settings is not None:
            settings.beginGroup(GROUP)
            for name in settings.childKeys():
                value = settings.value(name)
                if isinstance(value, QByteArray):
                    self.states[name] = value
            settings.endGroup()

    def watch(self, page: QWidget) -> None:
        """Put the named splitters of a new page where they were, and follow them."""
        for splitter in page.findChildren(QSplitter):
            name = splitter.objectName()
            if not name:
                continue
            if name in self.states:
                splitter.restoreState(self.states[name])
            splitter.splitterMoved.connect(self._moved)

    @Slot(int, int)
    def _moved(self, _pos: int, _index: int) -> None:
        splitter = self.sender()
        if isinstance(splitter, QSplitter) and splitter.objectName():
            self.states[splitter.objectName()] = splitter.saveState()

    def save(self) -> None:
        if self._settings is None:
            return
        self._settings.beginGroup(GROUP)
        for name, state in self.states.items():
            self._settings.setValue(name, state)
        self._settings.endGroup()
