"""Every dialog opens big enough for its own texts: wide enough for its title in the title bar,
and tall enough for the lines its labels wrap to at the width it opens with.

Why for every dialog in one place: Qt sizes a new window from its size hint, computed for the
hint's width; when the window opens narrower (a small screen, larger text), labels that wrap need
more lines than the height allows and are cut off. And the window manager shows the title as
"<title> — Wijkteam Desk", cut in the middle ("Extra mon… eam Desk") when the dialog is narrow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

TITLE_BAR_EXTRA = 160  # the window manager's icon, buttons and padding around the title text


def shown_title(dialog: QWidget) -> str:
    """The title as the title bar shows it (Qt adds the application's display name)."""
    title = dialog.windowTitle().replace("[*]", "")
    name = QGuiApplication.applicationDisplayName()
    if name and name not in title:
        title = f"{title} — {name}" if title else name
    return title


def title_width(dialog: QWidget) -> int:
    """The width a dialog needs for its whole title in the title bar."""
    font = QFont(QApplication.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(shown_title(dialog)) + TITLE_BAR_EXTRA


def fit_dialog(dialog: QWidget) -> None:
    """Widen ``dialog`` for its title and make it tall enough for its wrapped texts, within the
    screen it is on. Never smaller than it is."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry() if screen is not None else None
    wanted = title_width(dialog)
    if free is not None:
        wanted = min(wanted, free.width() - 20)
    width = max(dialog.width(), wanted)
    if width > dialog.minimumWidth() and wanted > dialog.minimumWidth():
        dialog.setMinimumWidth(min(width, wanted))
    layout = dialog.layout()
    height = dialog.height()
    if layout is not None and layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
        if free is not None:
            needed = min(needed, free.height() - 40)
        height = max(height, needed)
    if (width, height) != (dialog.width(), dialog.height()):
        dialog.resize(width, height)


class DialogFit(QObject):
    """Application event filter: ``fit_dialog`` on every dialog as it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) \
                and watched.isWindow():
            fit_dialog(watched)
        return False


def install_dialog_fit(owner: QObject) -> DialogFit | None:
    """Install the filter for as long as ``owner`` lives (the main window)."""
    app = QApplication.instance()
    if app is None:
        return None
    fit = DialogFit(owner)
    app.installEventFilter(fit)
    return fit
