"""Help → Handleiding shows the guide as a consultant reads it: the sections as headings, the
numbered steps as lists, the shortcut table as a table, and every screenshot as a picture."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument

from wijkteam_desk.ui.help import ManualDialog

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "handleiding.md"


def _images(doc: QTextDocument) -> list[str]:
    names = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(fmt.toImageFormat().name())
            it += 1
        block = block.next()
    return names


def test_the_guide_renders_with_headings_lists_table_and_pictures(qtbot) -> None:
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    doc = dialog.browser.document()
    html = doc.toHtml()
    text = doc.toPlainText()

    sections = re.findall(r"^## (.+)$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    headings = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            headings.append(block.text())
        block = block.next()
    assert headings == sections
    assert "<ol" in html and "<ul" in html and "<table" in html
    assert "Ctrl+Shift+L" in text and "**" not in text  # bold is bold, not asterisks

    names = _images(doc)
    assert len(names) >= 15
    for name in names:
        picture = dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource.value,
                                              QUrl(name))
        if isinstance(picture, QPixmap):
            picture = picture.toImage()
        elif not isinstance(picture, QImage):  # the file's bytes, decoded as Qt would
            picture = QImage.fromData(picture)
        assert not picture.isNull() and picture.width() > 200, name
    assert not dialog.grab().isNull()


def test_searching_the_guide_finds_a_word(qtbot) -> None:
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.search.setText("paniektoets")
    assert dialog.find_next()
    assert dialog.browser.textCursor().selectedText().lower() == "paniektoets"
