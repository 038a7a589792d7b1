"""No English on screen: every screen and dialog, and the texts Qt itself supplies (standard
buttons, the right-click menu of a text field, the file dialog), are Dutch.

The word list holds only words that are English and never ordinary Dutch UI words, matched as
whole words, case-insensitive. Left out on purpose, because Dutch uses them too: OK, Help, Open,
Status, Start, Plan, Team, Details, Export/Import, Backup, Dashboard, Log, Check,
Reset, Folder, Enter, Extra, Tab, Week, Is, In, Of (Dutch "or"), Top, Totaal. "No" is left out
too: the Dutch "nr."/"No." abbreviation would trip it; "Yes" stands for the Ja/Nee pair.
"Inbox"/"Outbox" are English a consultant reads (issue 12 item 15: "Binnengekomen",
"Klaar om te versturen"); so is a program's own name for a thing ("safety_plan 94",
"household_id": a word with an underscore) and a JSON key ("\"date\": ")."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from .a11y_screens import all_screens, demo_window, dutch_qt, widget_texts  # noqa: F401

ENGLISH = (
    "cancel", "close", "save", "file", "files", "edit", "view", "settings", "search", "delete",
    "remove", "add", "new", "yes", "apply", "print", "preview", "back", "next", "previous",
    "undo", "redo", "copy", "paste", "cut", "select", "warning", "error", "loading", "name",
    "date", "discard", "abort", "retry", "ignore", "browse", "directory", "show", "hide",
    "please", "click", "choose", "submit", "update", "refresh", "password", "passphrase",
    "unlock", "lock", "household", "family", "safety", "report", "overview", "today", "month",
    "year", "done", "success", "failed", "invalid", "required", "optional", "none", "all",
    "the", "and", "with", "for", "to", "not", "you", "your", "are", "look", "size",
    "modified", "detail", "list", "parent", "create", "folder name", "key", "user",
    "inbox", "outbox", "professional.pdf",
)
PATTERN = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b"
                     r"|\b[a-z]+_[a-z_]+\b"  # an identifier: safety_plan, household_id
                     r'|"[a-z_]+"\s*:', re.IGNORECASE)  # a JSON key
# Keyboard shortcut names in tooltips ("Ctrl+Shift+L") are Qt's own key names, not prose.
SHORTCUT = re.compile(r"\b(Ctrl|Shift|Alt|Meta)\+\S+")
# Audit action codes ("household.view") are identifiers the user can filter on, shown next to
# their Dutch label; they are not prose.
CODE = re.compile(r"\b[a-z_]+(\.[a-z_]+)+\b")


def english_in(texts: list[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        plain = SHORTCUT.sub("", text.replace("&&", "&").replace("&", ""))
        plain = re.sub(r"<[^>]+>", " ", plain)  # rich-text tags are markup, not words
        plain = CODE.sub("", plain)
        match = PATTERN.search(plain)
        if match:
            found.append((match.group(0), text[:120]))
    return found


def test_the_word_check_finds_english() -> None:
    assert english_in(["&Cancel"]) == [("Cancel", "&Cancel")]
    assert english_in(["Select All"]) == [("Select", "Select All")]
    assert english_in(["Annuleren", "OK", "Open sinds 01-02-2026", "Help", "Ctrl+Shift+L"]) == []
    assert [w for w, _t in english_in(["Inbox", "Veiligheidsplan: safety_plan 94",
                                       '{"date": "2026-01-02"}'])] == [
        "Inbox", "safety_plan", '"date":']


def test_qt_standard_buttons_and_menus_are_dutch(dutch_qt, qtbot) -> None:  # noqa: F811
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Discard)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert "Annuleren" in texts and "Sluiten" in texts and "Opslaan" in texts
    assert english_in(texts) == []

    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    menu_texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    menu.deleteLater()
    assert any("Plakken" in t for t in menu_texts), menu_texts
    assert english_in(menu_texts) == []

    message = QMessageBox(QMessageBox.Icon.Question, "Wijkteam Desk", "Doorgaan?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert english_in([b.text() for b in message.buttons()]) == []


def test_qt_file_dialog_is_dutch(dutch_qt, qtbot, tmp_path) -> None:  # noqa: F811
    # The Qt (non-native) dialog is what Linux desktops without a portal get.
    dialog = QFileDialog(None, "Reservekopie opslaan", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    found = english_in(widget_texts(dialog))
    assert found == [], found


def test_no_english_on_any_screen(demo_window) -> None:  # noqa: F811
    found: dict[str, list[tuple[str, str]]] = {}
    seen = 0
    for name, screen in all_screens(demo_window):
        seen += 1
        assert isinstance(screen, QWidget)
        hits = english_in(widget_texts(screen))
        if hits:
            found[name] = hits
    assert seen > 30  # every tab and dialog was visited
    assert found == {}, found
