"""Dates as the team writes them (dd-mm-jjjj) and a date field that may stay empty."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QToolButton, QWidget

EMPTY_DATE = QDate(1900, 1, 1)


def fmt_date(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class _EmptyableDateEdit(QDateEdit):
    """Shows nothing while at the minimum; jumps to a sensible date when the user starts."""

    def __init__(self, fallback: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fallback = fallback

    def _wake(self) -> None:
        if self.date() == EMPTY_DATE:
            self.setDate(to_qdate(self._fallback))

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._wake()
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        self._wake()
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date edit in Dutch notation; with ``optional`` it can be left or made empty."""

    changed = Signal()

    def __init__(self, value: date | None, *, optional: bool = False,
                 fallback: date | None = None, maximum: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._optional = optional
        self.edit = _EmptyableDateEdit(fallback or value or date.today(), self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd-MM-yyyy")
        if optional:
            self.edit.setMinimumDate(EMPTY_DATE)
            self.edit.setSpecialValueText(self.tr("(leeg)"))
        else:
            self.edit.setMinimumDate(QDate(1900, 1, 2))
        if maximum:
            self.edit.setMaximumDate(to_qdate(maximum))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        if optional:
            clear = QToolButton(self)
            clear.setText("×")
            clear.setToolTip(self.tr("Datum leegmaken"))
            clear.setAccessibleName(self.tr("Datum leegmaken"))
            clear.clicked.connect(lambda: self.set_value(None))
            layout.addWidget(clear)
        self.set_value(value)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.setFocusProxy(self.edit)

    def value(self) -> date | None:
        qd = self.edit.date()
        if self._optional and qd == EMPTY_DATE:
            return None
        return to_date(qd)

    def set_value(self, value: date | None) -> None:
        if value is None and self._optional:
            self.edit.setDate(EMPTY_DATE)
        elif value is not None:
            self.edit.setDate(to_qdate(value))

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
