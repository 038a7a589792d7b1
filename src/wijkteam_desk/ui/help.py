"""Help → Handleiding: the Dutch user guide (docs/handleiding.md) inside the app, with its
screenshots, searchable and readable with the keyboard. No network, no browser. F1 opens it at
the section of the screen that has the keyboard focus (``HELP_ANCHORS``)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..resources import manual_path

IMAGE_MAX_WIDTH = 840  # screenshots are 1280 px wide; the dialog is 900 px

# The one place where every screen names its section of the guide (the heading's anchor). Keyed
# by class name so this module imports no screen; a dialog without an entry gets the section of
# the screen it was opened from (its parent). tests/ui/test_help.py checks that every anchor is a
# heading of the guide and that every tab of a household's file has one.
HELP_ANCHORS: dict[str, str] = {
    # start, unlock, overview
    "FirstRunDialog": "de-eerste-keer-starten",
    "RecoveryCodeDialog": "de-eerste-keer-starten",
    "UnlockPanel": "openen-vergrendelen-en-wachtwoord-vergeten",
    "RecoverDialog": "openen-vergrendelen-en-wachtwoord-vergeten",
    "RestoreDialog": "een-reservekopie-terugzetten",
    "DashboardPage": "het-overzicht-van-je-gezinnen",
    "NewHouseholdDialog": "het-overzicht-van-je-gezinnen",
    # the tabs of a household's file
    "OverviewTab": "overzicht",
    "MembersTab": "gezinsleden--netwerk",
    "PlanTab": "plan",
    "TimelineTab": "tijdlijn",
    "MonitoringTab": "het-formulier",
    "SafetyTab": "zicht-op-veiligheid-checklists-en-de-veiligheidsschaal",
    "SafetyPlanTab": "het-veiligheidsplan-maken-en-afdrukken",
    "ExchangeTab": "uitwisselen-met-veilig-thuis",
    "AttachmentsTab": "documenten",
    # dialogs with a section of their own
    "PrintDialog": "afdrukken",
    "FixDialog": "vaststellen",
    "CompareDialog": "vergelijken-met-de-vorige-versie",
    "ScoreDialog": "de-veiligheidsschaal",
    "AgendaDialog": "de-agenda",
    "MonitoringOverviewDialog": "monitoring-en-cijfers",
    "ExchangeDialog": "uitwisselen-met-veilig-thuis",
    "SettingsDialog": "instellingen",
    "ChangePassphraseDialog": "instellingen",
    "AuditLogDialog": "logboek",
    "AddAttachmentDialog": "documenten",
    "AttachmentViewer": "documenten",
    "SendFlow": "versturen-een-terugkoppeling-in-vijf-stappen",
    "TrustKeyDialog": "sleutels",
    "KeysPage": "sleutels",
}


def help_anchor(widget: QWidget | None) -> str:
    """The guide's section for the screen ``widget`` is on: the nearest named screen up its
    parents. On a tab bar that is the current tab's screen."""
    if isinstance(widget, QTabBar) and isinstance(widget.parentWidget(), QTabWidget):
        widget = widget.parentWidget().currentWidget()  # type: ignore[union-attr]
    while widget is not None:
        anchor = _own_anchor(widget)
        if anchor:
            return anchor
        widget = widget.parentWidget()
    return ""


def _own_anchor(widget: QWidget) -> str:
    return next((HELP_ANCHORS[c.__name__] for c in type(widget).__mro__
                 if c.__name__ in HELP_ANCHORS), "")


def help_anchor_below(widget: QWidget) -> str:
    """For a page without the focus inside it: its own section, else its open tab's."""
    while isinstance(widget, QStackedWidget) and widget.currentWidget() is not None:
        widget = widget.currentWidget()
    anchor = _own_anchor(widget)
    if anchor:
        return anchor
    tabs = widget.findChild(QTabWidget)
    current = tabs.currentWidget() if tabs is not None else None
    return help_anchor_below(current) if current is not None else ""


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
        self.search.textEdited.connect(self._new_search)
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
        for button in buttons.findChildren(QPushButton):
            # Enter in the search field searches (the guide says so); a default button would
            # take that Enter and close the window. Esc still closes it.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.not_found = QLabel(self.tr("Niet gevonden. Probeer een ander woord."), self)
        self.not_found.setAccessibleName(self.not_found.text())
        self.not_found.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.not_found)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def find_next(self) -> bool:
        """The next place the search text occurs (Enter again: the one after it)."""
        text = self.search.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            return True
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        found = self.browser.find(text)
        self.not_found.setVisible(not found)
        return found

    def _new_search(self, _text: str) -> None:
        self.not_found.hide()

    def open_at(self, anchor: str) -> bool:
        """Scroll to the section with this anchor (the top of the guide when there is none)."""
        if anchor and self.browser.follow(QUrl(f"#{anchor}")):
            return True
        self.browser.verticalScrollBar().setValue(0)
        return False


def open_guide(window: QWidget, anchor: str = "") -> ManualDialog:
    """Show the guide over ``window`` at ``anchor``; one guide at a time (F1 again scrolls it).
    Application-modal, so it also takes input when it opens over a modal dialog."""
    guide = next((d for d in window.findChildren(ManualDialog) if d.isVisible()), None)
    if guide is None:
        guide = ManualDialog(window)
        guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        guide.setWindowModality(Qt.WindowModality.ApplicationModal)
        guide.show()
    guide.raise_()
    guide.activateWindow()
    guide.open_at(anchor)
    guide.search.setFocus(Qt.FocusReason.OtherFocusReason)
    return guide


def _belongs_to(widget: QWidget, window: QWidget) -> bool:
    while widget is not None:
        if widget is window:
            return True
        widget = widget.parentWidget()  # type: ignore[assignment]
    return False


class HelpKey(QObject):
    """F1 in a dialog of ``window``. The window's own F1 is a shortcut, which Qt does not
    deliver while a modal dialog is open; the key press then reaches the dialog, and here."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not event.matches(QKeySequence.StandardKey.HelpContents):
            return False
        if not isinstance(watched, QWidget):  # the window system's QWindow sees it first
            return False
        if not _belongs_to(watched, self._window) or isinstance(watched.window(), ManualDialog):
            return False
        open_guide(watched.window(), help_anchor(watched))
        return True


def guide_anchor_for(window: QMainWindow) -> str:
    """The section for what ``window`` shows: where the focus is, else its visible page."""
    focus = QApplication.focusWidget()
    if focus is not None and focus.window() is window:
        anchor = help_anchor(focus)
        if anchor:
            return anchor
    central = window.centralWidget()
    return help_anchor_below(central) if central is not None else ""


def install_help_key(window: QMainWindow) -> None:
    """F1 opens the guide in the dialogs of ``window`` too (once per window)."""
    app = QApplication.instance()
    if app is not None and window.findChild(HelpKey) is None:
        app.installEventFilter(HelpKey(window))
