"""Does every text on a screen fit in its label? Measured with Qt's own numbers: a wrapping
label needs ``heightForWidth(width)``, any other label its ``sizeHint()``; a label must also lie
inside its window (or inside a scroll area, which can scroll to it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QLabel,
    QListWidget,
    QTableView,
    QWidget,
)

SLACK = 1  # a pixel of rounding
CELL_MARGIN = 4  # Qt's item view text margin on each side (QStyle::PM_FocusFrameHMargin + 1)


def _scrolls(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped_labels(root: QWidget) -> list[str]:
    """One line per visible label on ``root``'s window whose text is cut off."""
    window = root.window()
    found = []
    for label in [root, *root.findChildren(QLabel)]:
        if not isinstance(label, QLabel) or not label.isVisible() or not label.text().strip():
            continue
        if label.pixmap() is not None and not label.pixmap().isNull():
            continue
        size = label.size()
        if label.wordWrap():
            need_w, need_h = 0, label.heightForWidth(size.width())
            if need_h < 0:
                need_h = label.sizeHint().height()
        else:
            hint = label.sizeHint()
            need_w, need_h = hint.width(), hint.height()
        short = []
        if need_w > size.width() + SLACK:
            short.append(f"{need_w - size.width()} px te smal")
        if need_h > size.height() + SLACK:
            short.append(f"{need_h - size.height()} px te laag")
        if not _scrolls(label):
            place = QRect(label.mapTo(window, QPoint(0, 0)), size)
            if not window.rect().contains(place):
                short.append("buiten het venster")
        if short:
            found.append(f"{label.text()[:60]!r}: {', '.join(short)}")
    return found


def clipped_title(window: QWidget) -> list[str]:
    """A dialog narrower than its title in the title bar ("Extra mon… eam Desk")."""
    from wijkteam_desk.ui.widgets.dialog_fit import shown_title, title_width

    if not isinstance(window, QDialog) or window.width() >= title_width(window):
        return []
    return [f"titel {shown_title(window)!r}: {title_width(window) - window.width()} px te smal"]


SHORT = 24  # characters: a status, a date, a phone number, a short name — must be read whole


def clipped_cells(root: QWidget) -> list[str]:
    """Short values in a visible table column narrower than they are (the cell shows '…')."""
    found = []
    for view in root.findChildren(QTableView):
        if not view.isVisible() or view.model() is None:
            continue
        model, header = view.model(), view.horizontalHeader()
        fm = view.fontMetrics()
        for col in range(model.columnCount()):
            if view.isColumnHidden(col):
                continue
            width = view.columnWidth(col)
            title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            if title and header.sectionSizeFromContents(col).width() > width + SLACK:
                found.append(f"{view.accessibleName()}: kop {title!r} past niet")
            right = view.columnViewportPosition(col) + min(width, 3 * view.fontMetrics()
                                                            .averageCharWidth())
            if right > view.viewport().width() + SLACK:  # not even its start is in sight
                found.append(f"{view.accessibleName()}: kolom {title!r} buiten beeld")
            for row in range(min(model.rowCount(), 40)):
                text = str(model.data(model.index(row, col)) or "")
                if not text or len(text) > SHORT or "\n" in text:
                    continue
                font = model.data(model.index(row, col), Qt.ItemDataRole.FontRole)
                metrics = QFontMetrics(font) if isinstance(font, QFont) else fm
                need = metrics.horizontalAdvance(text) + 2 * CELL_MARGIN
                if need > width + SLACK:
                    found.append(f"{view.accessibleName()}: {title!r} {text!r} "
                                 f"{need - width} px te smal")
                    break
    return found


def hidden_choices(root: QWidget) -> list[str]:
    """A list of check boxes (forms of violence, people) that hides some of its choices."""
    found = []
    for view in root.findChildren(QListWidget):
        if not view.isVisible() or view.count() == 0 or view.count() > 20:
            continue
        checkable = any(view.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable
                        for i in range(view.count()))
        if not checkable:
            continue
        bottom = max(view.visualItemRect(view.item(i)).bottom() for i in range(view.count()))
        if bottom > view.viewport().height() + SLACK:
            hidden = sum(view.visualItemRect(view.item(i)).bottom() > view.viewport().height()
                         for i in range(view.count()))
            found.append(f"{view.accessibleName()}: {hidden} van {view.count()} keuzes verborgen")
    return found


@pytest.fixture(params=[1.0, 1.25], ids=["100%", "125%"])
def text_scale(request, qapp) -> Iterator[float]:  # type: ignore[no-untyped-def]
    """The application's text at this scale while the screens are built, then back. Request it
    before ``demo_window`` so the window is built with it."""
    before = QFont(qapp.font())
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * request.param)
    qapp.setFont(font)
    yield request.param
    qapp.setFont(before)
