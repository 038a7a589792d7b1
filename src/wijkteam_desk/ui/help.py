"""Help → Handleiding: the Dutch user guide (docs/handleiding.md) inside the app, with its
screenshots, searchable and readable with the keyboard. No network, no browser."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..resources import manual_path

IMAGE_MAX_WIDTH = 840  # screenshots are 1280 px wide; the dialog is 900 px


def heading_slug(text: str) -> str:
    """The anchor GitHub gives a heading, which the guide's table of contents links to."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


class ManualBrowser(QTextBrowser):
    """Scales screenshots to the window and follows the guide's own #links to its headings
    (QTextBrowser makes no anchors for Markdown headings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self.follow)

    def loadResource(self, kind: int, name: QUrl) -> Any:  # noqa: N802 (Qt override)
        data = super().loadResource(kind, name)
        if kind == int(QTextDocument.ResourceType.ImageResource.value):
            image = data if isinstance(data, QImage) else QImage.fromData(data)
            if not image.isNull() and image.width() > IMAGE_MAX_WIDTH:
                return image.scaledToWidth(IMAGE_MAX_WIDTH,
                                           Qt.TransformationMode.SmoothTransformation)
        return data

    def follow(self, url: QUrl) -> bool:
        target = url.fragment()
        if not target:
            return False
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and heading_slug(block.text()) == target:
                top = self.document().documentLayout().blockBoundingRect(block).top()
                self.verticalScrollBar().setValue(int(top))
                return True
            block = block.next()
        return False


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Handleiding"))
        self.resize(900, 640)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Zoek in de handleiding en druk op Enter"))
        self.search.setAccessibleName(self.tr("Zoeken in de handleiding"))
        self.search.returnPressed.connect(self.find_next)
        self.browser = ManualBrowser(self)
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
