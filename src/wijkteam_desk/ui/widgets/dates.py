"""Dates as the team writes them (dd-mm-jjjj), and the one date field of the whole app.

A date field is a text field: you type ``15-03-2010`` or ``15032010`` (also with ``/`` or ``.``,
and ``1-3-2010``), or pick the day in a calendar (the button, Alt+Pijl omlaag or F4). What you
typed is never changed into another date: an impossible or malformed date stays as typed, with a
Dutch message under the field, and ``value()`` refuses it (``ValidationError``) so the dialog
that saves says why and keeps the input. A field made ``optional`` may stay empty."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QLocale, QPoint, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...texts import error_text
from . import colors

FORMAT_HINT = "dd-mm-jjjj"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
_SEPARATED = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d+)")


def fmt_date(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def parse_date(text: str, *, optional: bool = False, minimum: date = EARLIEST,
               maximum: date = LATEST) -> date | None:
    """The date in ``text`` as the team types it, or ``ValidationError`` with a code the UI
    turns into a message (``date_*`` in texts.ERRORS). Never guesses: no two-digit years, no
    rolling 31-02 over into March."""
    typed = text.strip()
    if not typed:
        if optional:
            return None
        raise ValidationError("date_empty")
    digits = typed.replace(" ", "")
    if re.fullmatch(r"\d{8}", digits):
        day, month, year = int(digits[:2]), int(digits[2:4]), digits[4:]
    else:
        found = _SEPARATED.fullmatch(typed)
        if found is None:
            raise ValidationError("date_malformed", text=typed)
        day, month, year = int(found[1]), int(found[2]), found[3]
    if len(year) != 4:
        raise ValidationError("date_year_digits", text=typed)
    shown = f"{day:02d}-{month:02d}-{year}"
    if not 1 <= month <= 12:
        raise ValidationError("date_no_month", text=shown, month=month)
    days = calendar.monthrange(int(year), month)[1]
    if not 1 <= day <= days:
        raise ValidationError("date_no_day", text=shown, days=days,
                              month=f"{MONTHS[month - 1]} {year}")
    value = date(int(year), month, day)
    if value > maximum:
        raise ValidationError("date_too_late", text=shown, maximum=fmt_date(maximum))
    if value < minimum:
        raise ValidationError("date_too_early", text=shown, minimum=fmt_date(minimum))
    return value


def parse_time(text: str) -> time:
    """``9:30``, ``09.30`` or ``0930`` → 09:30; anything else is refused (``time_malformed``)."""
    typed = text.strip()
    found = re.fullmatch(r"(\d{1,2})[:.](\d{2})", typed) or re.fullmatch(r"(\d{2})(\d{2})", typed)
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise ValidationError("time_malformed", text=typed)
    return time(int(found[1]), int(found[2]))


def _calendar_icon() -> QIcon:
    """A small drawn calendar (no icon theme or emoji font needed)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    ink = QColor(colors.INK)
    p.setPen(ink)
    p.drawRect(1, 2, 13, 12)
    p.fillRect(1, 2, 14, 4, ink)
    for row in range(2):
        for col in range(3):
            p.fillRect(3 + col * 4, 8 + row * 3, 2, 2, ink)
    p.end()
    return QIcon(pixmap)


class _TypingEdit(QLineEdit):
    """A short field that is typed over: a click into it selects what is there, so typing
    replaces it (a full field would otherwise refuse every key). A second click places the
    cursor as usual."""

    _select_on_release = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self._select_on_release = event.reason() == Qt.FocusReason.MouseFocusReason

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        if self._select_on_release:
            self._select_on_release = False
            if not self.hasSelectedText():
                self.selectAll()


class _DateEdit(_TypingEdit):
    """The text part: digits and separators only; arrows move a day, Alt+Down/F4 the calendar."""

    calendar_requested = Signal()
    step = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and
                                    mods & Qt.KeyboardModifier.AltModifier):
            self.calendar_requested.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.isReadOnly():
            self.step.emit(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class _CalendarPopup(QFrame):
    """The month calendar under the field; a click or Enter picks the day, Esc closes."""

    picked = Signal(object)  # a datetime.date

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        self.calendar = QCalendarWidget(self)
        # Dutch month and day names whatever the system's locale (the app's texts are Dutch)
        self.calendar.setLocale(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(self.tr("Kalender"))
        self.calendar.activated.connect(lambda day: self._pick(day))
        self.calendar.clicked.connect(lambda day: self._pick(day))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(to_date(day))


class DateField(QWidget):
    """The app's date field (see the module docstring). ``changed`` fires when the date it holds
    changes, never for text that is not (yet) a date."""

    changed = Signal()

    def __init__(self, value: date | None, *, optional: bool = False,
                 fallback: date | None = None, maximum: date | None = None,
                 minimum: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._optional = optional
        self._minimum = minimum or EARLIEST
        self._maximum = maximum or LATEST
        self._fallback = fallback  # the month the calendar opens on while the field is empty
        self._value: date | None = None
        self._popup: _CalendarPopup | None = None

        self.edit = _DateEdit(self)
        self.edit.setPlaceholderText(FORMAT_HINT)
        self.edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9 ./-]{0,10}"), self.edit))
        self.edit.setMaxLength(10)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00-00-00000") + 16)
        self.edit.setToolTip(self.tr("Typ de datum als dd-mm-jjjj, bijvoorbeeld 15-03-2010. "
                                     "Kalender: Alt+Pijl omlaag."))
        # Closures, not bound methods: the edit emits editingFinished when it loses the focus,
        # also while the dialog around it is being deleted; a bound-method slot then finds a
        # recreated, empty Python wrapper ("Slot 'DateField::' not found"). A closure keeps
        # this object alive as long as the edit (its child) can still call it.
        self.edit.editingFinished.connect(lambda: self.commit())
        self.edit.textEdited.connect(lambda text: self._typing(text))
        self.edit.calendar_requested.connect(lambda: self.open_calendar())
        self.edit.step.connect(lambda days: self._step(days))
        self.calendar_button = QToolButton(self)
        self.calendar_button.setIcon(_calendar_icon())
        self.calendar_button.setToolTip(self.tr("Kies de datum in een kalender "
                                                "(Alt+Pijl omlaag)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.calendar_button.clicked.connect(lambda: self.open_calendar())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colors.text_css(colors.DANGER))
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.calendar_button)
        if optional:
            clear = QToolButton(self)
            clear.setText("×")
            clear.setToolTip(self.tr("Datum leegmaken"))
            clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            clear.clicked.connect(lambda: self.set_value(None))
            row.addWidget(clear)
            self.clear_button: QToolButton | None = clear
        else:
            self.clear_button = None
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.set_value(value)

    # -- reading ------------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date typed, or ``ValidationError`` when the text is not a date this field
        takes (the saving dialog shows the message; nothing is guessed)."""
        return parse_date(self.edit.text(), optional=self._optional, minimum=self._minimum,
                          maximum=self._maximum)

    def is_valid(self) -> bool:
        try:
            self.value()
        except ValidationError:
            return False
        return True

    def valid_value(self, default: date | None = None) -> date | None:
        """The date typed, or ``default`` while the text is not a valid date (for live views
        that must not raise; the message under the field says what is wrong)."""
        try:
            return self.value()
        except ValidationError:
            return default

    def text(self) -> str:
        return self.edit.text()

    # -- writing ------------------------------------------------------------------------------
    def set_value(self, value: date | None) -> None:
        if value is None and not self._optional:
            return  # a required field keeps what it has
        self.edit.setText(fmt_date(value))
        self._show_message("")
        self._accept(value)

    def commit(self) -> bool:
        """Check what was typed (Tab, Enter, leaving the field): a date is written as
        dd-mm-jjjj; anything else stays as typed, with the reason under the field."""
        try:
            value = self.value()
        except ValidationError as exc:
            self._show_message(error_text(exc))
            return False
        self._show_message("")
        text = fmt_date(value)
        if self.edit.text() != text:
            self.edit.setText(text)  # the same date, in the team's notation
        self._accept(value)
        return True

    def setReadOnly(self, on: bool) -> None:  # noqa: N802 (reads like Qt's own)
        self.edit.setReadOnly(on)
        self.calendar_button.setEnabled(not on)
        if self.clear_button is not None:
            self.clear_button.setEnabled(not on)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.calendar_button.setAccessibleName(self.tr("Kalender: {name}").format(name=name))
        if self.clear_button is not None:
            self.clear_button.setAccessibleName(self.tr("Leegmaken: {name}").format(name=name))

    # -- the calendar -------------------------------------------------------------------------
    def open_calendar(self) -> _CalendarPopup | None:
        if self.edit.isReadOnly() or not self.isEnabled():
            return None
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(lambda day: self._picked(day))
        cal = self._popup.calendar
        cal.setDateRange(to_qdate(self._minimum), to_qdate(self._maximum))
        shown = self.valid_value() or self._fallback or min(date.today(), self._maximum)
        cal.setSelectedDate(to_qdate(shown))
        self._popup.adjustSize()
        below = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            below.setX(max(screen.left(), min(below.x(), screen.right() - self._popup.width())))
            if below.y() + self._popup.height() > screen.bottom():
                below.setY(self.edit.mapToGlobal(QPoint(0, 0)).y() - self._popup.height())
        self._popup.move(below)
        self._popup.show()
        cal.setFocus(Qt.FocusReason.PopupFocusReason)
        return self._popup

    def _picked(self, day: date) -> None:
        self.edit.setText(fmt_date(day))
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.commit()

    # -- inside -------------------------------------------------------------------------------
    def _typing(self, _text: str) -> None:
        self._show_message("")  # the old complaint no longer applies to what is typed now

    def _step(self, days: int) -> None:
        current = self.valid_value()
        if current is None:
            return
        moved = current + timedelta(days=days)
        if self._minimum <= moved <= self._maximum:
            self.edit.setText(fmt_date(moved))
            self.commit()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.edit.setAccessibleDescription(text)

    def _accept(self, value: date | None) -> None:
        if value != self._value:
            self._value = value
            self.changed.emit()


class DateTimeField(QWidget):
    """A date field and a time (uu:mm) side by side, for when something happened."""

    def __init__(self, value: datetime, *, maximum: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = DateField(value.date(), maximum=maximum, parent=self)
        self.time = _TypingEdit(self)
        self.time.setPlaceholderText("uu:mm")
        self.time.setMaxLength(5)
        self.time.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9:.]{0,5}"), self.time))
        self.time.setMinimumWidth(self.time.fontMetrics().horizontalAdvance("00:000") + 16)
        self.time.setToolTip(self.tr("Typ de tijd als uu:mm, bijvoorbeeld 09:30"))
        # closures for the reason given in DateField
        self.time.editingFinished.connect(lambda: self._commit_time())
        self.time.textEdited.connect(lambda text: self._typing(text))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colors.text_css(colors.DANGER))
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date)  # no alignment flag: its message line wraps (see unlock.py)
        row.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.date)
        self.set_value(value)

    def value(self) -> datetime:
        """Date and time as typed (naive, local), or ``ValidationError``."""
        day = self.date.value()
        assert day is not None  # the date part is required
        return datetime.combine(day, parse_time(self.time.text()))

    def set_value(self, value: datetime) -> None:
        self.date.set_value(value.date())
        self.time.setText(value.strftime("%H:%M"))
        self._typing("")

    def _commit_time(self) -> None:
        try:
            self.time.setText(parse_time(self.time.text()).strftime("%H:%M"))
        except ValidationError as exc:
            self.message.setText(error_text(exc))
            self.message.show()
            return
        self._typing("")

    def _typing(self, _text: str) -> None:
        self.message.clear()
        self.message.hide()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.date.setAccessibleName(self.tr("{name}, datum").format(name=name))
        self.time.setAccessibleName(self.tr("{name}, tijd").format(name=name))
