"""Help → Handleiding: the Dutch user guide (docs/handleiding.md) inside the app, with its
screenshots, searchable and readable with the keyboard. No network, no browser."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..resources import manual_path


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Handleiding"))
        self.resize(900, 640)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Zoek in de handleiding en druk op Enter"))
        self.search.setAccessibleName(self.tr("Zoeken in de handleiding"))
        self.search.returnPressed.connect(self.find_next)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(self.tr("Handleiding"))
        self.browser.setOpenExternalLinks(False)
        path = manual_path()
        if path is None:
            self.browser.setPlainText(self.tr(
                "De handleiding is niet gevonden. Installeer Wijkteam Desk opnieuw of vraag de "
                "ICT-afdeling om hulp."))
        else:
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)),
                                   QTextDocument.ResourceType.MarkdownResource)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def find_next(self) -> bool:
        text = self.search.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            return True
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        return self.browser.find(text)


def add_help_actions(window: QMainWindow, menu: QMenu) -> QAction:
    action = QAction(window.tr("&Handleiding"), window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.setToolTip(window.tr("Uitleg over alle schermen (F1)"))
    action.triggered.connect(lambda: ManualDialog(window).exec())
    window.addAction(action)
    menu.addAction(action)
    return action
