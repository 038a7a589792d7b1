"""Small input helpers shared by the dialogs.

Qt turns Python values stored as item data into Qt types (an enum becomes a plain ``str``), so
the combo and the check list here keep the Python values themselves and hand them back intact."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

MAX_SHOWN_ROWS = 12  # a longer check list scrolls


def text_box(parent: QWidget, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class ValueCombo(QComboBox):
    """A combo box whose ``currentData()`` returns the Python value given to ``add``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: list[Any] = []

    def add(self, label: str, value: Any) -> None:
        self._values.append(value)
        self.addItem(label)

    def addItem(self, label: str, value: Any = None) -> None:  # type: ignore[override] # noqa: N802
        if len(self._values) < self.count() + 1:
            self._values.append(value)
        super().addItem(label)

    def clear(self) -> None:
        self._values = []
        super().clear()

    def currentData(self, role: int = Qt.ItemDataRole.UserRole) -> Any:  # noqa: N802
        i = self.currentIndex()
        return self._values[i] if 0 <= i < len(self._values) else None

    def findData(self, value: Any, *args: Any) -> int:  # type: ignore[override] # noqa: N802
        for i, v in enumerate(self._values):
            if v == value and type(v) is type(value):
                return i
        return -1


def combo(parent: QWidget, items: Iterable[tuple[str, object]]) -> ValueCombo:
    box = ValueCombo(parent)
    for label, value in items:
        box.addItem(label, value)
    return box


def select_data(box: QComboBox, value: object) -> None:
    i = box.findData(value)
    if i >= 0:
        box.setCurrentIndex(i)


class ValueList(QListWidget):
    """A list of check boxes (a multi-select that works with the keyboard: space toggles).

    It asks for the room to show every choice (up to ``MAX_SHOWN_ROWS`` rows, in ``columns``
    columns): a choice scrolled out of sight is one a consultant does not tick."""

    def __init__(self, parent: QWidget | None = None, columns: int = 1) -> None:
        super().__init__(parent)
        self.values: list[Any] = []
        self.columns = max(1, columns)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        if self.columns > 1:  # fill top to bottom, then the next column
            self.setFlow(QListView.Flow.TopToBottom)
            self.setWrapping(True)
            self.setResizeMode(QListView.ResizeMode.Adjust)
            self.setUniformItemSizes(True)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_grid(self) -> None:
        """Columns as wide as the widest choice (after the choices are added)."""
        if self.columns > 1 and self.count():
            self.setGridSize(QSize(self.sizeHintForColumn(0) + 12, self.sizeHintForRow(0)))

    def rows_shown(self) -> int:
        return min(MAX_SHOWN_ROWS, max(1, math.ceil(self.count() / self.columns)))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 4
        width = max(self.sizeHintForColumn(0) + 12, 120)  # the widest choice
        frame = 2 * self.frameWidth()
        scroll = self.verticalScrollBar().sizeHint().width() \
            if math.ceil(self.count() / self.columns) > MAX_SHOWN_ROWS else 0
        return QSize(width * self.columns + frame + scroll + 4,
                     row * self.rows_shown() + frame + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()


def check_list(parent: QWidget, items: Iterable[tuple[str, object]],
               checked: Iterable[object] = (), columns: int = 1) -> ValueList:
    chosen = list(checked)
    box = ValueList(parent, columns)
    for label, value in items:
        item = QListWidgetItem(label, box)
        item.setData(Qt.ItemDataRole.UserRole, len(box.values))
        box.values.append(value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
    box.fit_grid()
    return box


def checked_values(box: ValueList) -> list[Any]:
    return [box.values[i] for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


def set_checked(box: ValueList, values: Iterable[object]) -> None:
    chosen = list(values)
    for i in range(box.count()):
        on = box.values[i] in chosen
        box.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
