"""The one date field of the app, driven by the keyboard as a consultant types: dd-mm-jjjj and
ddmmjjjj work, an impossible date is refused with a Dutch message and never changed into another
date, an optional date can stay empty, and a calendar pops up on request."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.ui.widgets.dates import DateField, DateTimeField, parse_date

from .content_fixtures import ctx, errors, family  # noqa: F401

TODAY = date(2026, 11, 22)
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"


def shown(qtbot, field: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    """The field in a window with a second field to Tab to, shown and focused."""
    window = QWidget()
    qtbot.addWidget(window)
    field.setParent(window)
    other = QLineEdit(window)
    other.move(0, 80)
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    return window


def type_into(field: DateField | QLineEdit, text: str) -> None:
    """Click in the field and type (the click selects what is there), then Tab out."""
    edit = field.edit if isinstance(field, DateField) else field
    if edit.hasFocus():  # click somewhere else first: the click below brings the focus
        edit.window().focusNextChild()
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert edit.hasFocus()
    assert edit.selectedText() == edit.text()  # so typing replaces what is there
    if text:
        QTest.keyClicks(edit, text)
    else:
        QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClick(edit, Qt.Key.Key_Tab)


@pytest.mark.parametrize("typed", ["15-03-2010", "15032010", "15/03/2010", "15.3.2010"])
def test_typing_a_date_works(qtbot, typed: str) -> None:  # type: ignore[no-untyped-def]
    field = DateField(TODAY, maximum=TODAY)
    window = shown(qtbot, field)  # noqa: F841 (keeps the window alive)
    type_into(field, typed)
    assert field.text() == "15-03-2010"  # never "15-03-00003-2010"
    assert field.value() == date(2010, 3, 15)
    assert not field.message.isVisibleTo(field)


@pytest.mark.parametrize(("typed", "message"), [
    ("31-02-2031", "31-02-2031 bestaat niet: februari 2031 heeft 28 dagen."),
    ("29-02-2027", "29-02-2027 bestaat niet: februari 2027 heeft 28 dagen."),
    ("12-13-2020", "12-13-2020 bestaat niet: er is geen maand 13."),
    ("15-03-10", "Typ het jaar in '15-03-10' met vier cijfers"),
    ("1503", "'1503' is geen datum. Typ de datum als dd-mm-jjjj"),
    ("23-11-2026", "23-11-2026 is te laat. Typ een datum tot en met 22-11-2026."),
])
def test_an_impossible_date_is_refused_and_kept_as_typed(qtbot, typed, message) -> None:  # type: ignore[no-untyped-def]
    field = DateField(TODAY, maximum=TODAY)
    window = shown(qtbot, field)  # noqa: F841 (keeps the window alive)
    changes: list[None] = []
    field.changed.connect(lambda: changes.append(None))
    type_into(field, typed)
    assert field.text() == typed  # not silently a date in 1996, or today
    assert field.message.isVisibleTo(field) and field.message.text().startswith(message)
    with pytest.raises(ValidationError):
        field.value()
    assert field.valid_value() is None and changes == []
    type_into(field, "29-02-2024")  # a leap day exists; the complaint goes
    assert field.value() == date(2024, 2, 29) and not field.message.isVisibleTo(field)
    assert changes == [None]


def test_an_optional_date_can_be_empty_and_typed_into(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField(None, optional=True, fallback=date(1996, 1, 1), maximum=TODAY)
    window = shown(qtbot, field)  # noqa: F841 (keeps the window alive)
    assert field.text() == "" and field.value() is None
    type_into(field, "01052026")  # typing digits into an empty field works at once
    assert field.value() == date(2026, 5, 1)
    type_into(field, "")
    assert field.value() is None and not field.message.isVisibleTo(field)
    field.set_value(date(2020, 1, 2))
    assert field.clear_button is not None
    QTest.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert field.value() is None and field.text() == ""


def test_a_required_date_must_be_filled_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField(TODAY)
    window = shown(qtbot, field)  # noqa: F841 (keeps the window alive)
    type_into(field, "")
    assert field.message.text() == "Vul een datum in, bijvoorbeeld 15-03-2010."
    with pytest.raises(ValidationError):
        field.value()


def test_arrows_move_a_day_within_the_limits(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField(date(2026, 11, 21), maximum=TODAY)
    window = shown(qtbot, field)  # noqa: F841 (keeps the window alive)
    field.edit.setFocus()
    QTest.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == TODAY
    QTest.keyClick(field.edit, Qt.Key.Key_Up)  # not past the maximum
    assert field.value() == TODAY
    QTest.keyClick(field.edit, Qt.Key.Key_Down)
    assert field.text() == "21-11-2026"


def test_the_calendar_pops_up_on_request(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField(date(2026, 3, 10), maximum=TODAY)
    window = shown(qtbot, field)  # noqa: F841 (keeps the window alive)
    field.edit.setFocus()
    QTest.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field._popup
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.selectedDate().toPython() == date(2026, 3, 10)
    assert calendar.maximumDate().toPython() == TODAY
    QTest.keyClick(QApplication.focusWidget() or calendar, Qt.Key.Key_Right)
    QTest.keyClick(QApplication.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.value() == date(2026, 3, 11) and field.text() == "11-03-2026"
    # the button does the same, and an empty optional field opens on its fallback month
    empty = DateField(None, optional=True, fallback=date(1996, 1, 1))
    window2 = shown(qtbot, empty)  # noqa: F841
    QTest.mouseClick(empty.calendar_button, Qt.MouseButton.LeftButton)
    assert empty._popup is not None and empty._popup.isVisible()
    assert empty._popup.calendar.selectedDate().toPython() == date(1996, 1, 1)
    empty._popup.calendar.clicked.emit(empty._popup.calendar.selectedDate())
    assert empty.value() == date(1996, 1, 1)


def test_parse_date_never_guesses() -> None:
    assert parse_date("1-3-2010") == date(2010, 3, 1)
    assert parse_date(" 01 03 2010 ") == date(2010, 3, 1)
    assert parse_date("", optional=True) is None
    for bad in ("31-04-2026", "00-01-2026", "01-00-2026", "2010-03-15", "15-03-00003-2010",
                "1-3-10", "abc"):
        with pytest.raises(ValidationError):
            parse_date(bad)


def test_a_dialog_refuses_an_impossible_date_and_keeps_the_input(  # type: ignore[no-untyped-def]
        ctx, family, qtbot, errors) -> None:  # noqa: F811
    from wijkteam_desk.domain.model import Severity, ViolenceForm
    from wijkteam_desk.ui.household.timeline_dialogs import IncidentDialog
    dialog = IncidentDialog(ctx, family.household_id, (), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    dialog.fill((ViolenceForm.LICHAMELIJK,), Severity.ERNSTIG, description="Geschreeuw")
    type_into(dialog.on, "31-02-2026")
    if WRITE:
        assert dialog.grab().save(str(OUT / "datum-geweigerd.png"))
        popup = dialog.on.open_calendar()
        assert popup is not None and popup.grab().save(str(OUT / "datum-kalender.png"))
        popup.hide()
    assert not dialog.submit()
    assert errors == ["31-02-2026 bestaat niet: februari 2026 heeft 28 dagen. Typ een datum "
                      "die bestaat."]
    assert dialog.on.text() == "31-02-2026" and dialog.isVisible()
    type_into(dialog.on, "28022026")
    assert dialog.submit()
    incident = ctx.workspace.cases.open_file(family.household_id, "test").file.incidents
    assert date(2026, 2, 28) in {i.occurred_on for i in incident}


def test_a_journal_time_is_typed_too(ctx, family, qtbot, errors) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    from wijkteam_desk.ui.household.timeline_dialogs import JournalDialog
    dialog = JournalDialog(ctx, family.household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    dialog.text.setPlainText("Gebeld met school.")
    at = dialog.at
    assert isinstance(at, DateTimeField)
    type_into(at.date, "20-11-2026")
    type_into(at.time, "2561")
    assert at.message.text().startswith("'2561' is geen tijd.")
    assert not dialog.submit() and at.time.text() == "2561"
    type_into(at.time, "0930")
    assert at.time.text() == "09:30" and at.value() == datetime(2026, 11, 20, 9, 30)
    assert dialog.submit()
    entry = ctx.workspace.cases.open_file(family.household_id, "test").file.journal[-1]
    assert entry.occurred_at.astimezone().replace(tzinfo=None) == datetime(2026, 11, 20, 9, 30)


def test_no_other_date_widget_in_the_app() -> None:
    ui = Path(__file__).resolve().parents[2] / "src" / "wijkteam_desk" / "ui"
    offenders = [str(p.relative_to(ui)) for p in ui.rglob("*.py")
                 if re.search(r"\bQ(Date|DateTime|Time)Edit\b", p.read_text("utf-8"))]
    assert offenders == []
