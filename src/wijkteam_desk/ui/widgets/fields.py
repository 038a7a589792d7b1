"""Small input helpers shared by the dialogs.

Qt turns Python values stored as item data into Qt types (an enum becomes a plain ``str``), so
the combo and the check list here keep the Python values themselves and hand them back intact."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget


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
    """A list of check boxes (a multi-select that works with the keyboard: space toggles)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[Any] = []


def check_list(parent: QWidget, items: Iterable[tuple[str, object]],
               checked: Iterable[object] = ()) -> ValueList:
    chosen = list(checked)
    box = ValueList(parent)
    for label, value in items:
        item = QListWidgetItem(label, box)
        item.setData(Qt.ItemDataRole.UserRole, len(box.values))
        box.values.append(value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
    return box


def checked_values(box: ValueList) -> list[Any]:
    return [box.values[i] for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


def set_checked(box: ValueList, values: Iterable[object]) -> None:
    chosen = list(values)
    for i in range(box.count()):
        on = box.values[i] in chosen
        box.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
