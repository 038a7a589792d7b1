"""What every screen gets: the open workspace, the app-wide signals, and huisbezoekmodus
(privacy mode: what it hides is listed once, in ``home_visit.FIELDS``).

Screens never import storage or SQLAlchemy; they call ``ctx.workspace.<service>`` and, after a
mutation, ``ctx.changed(kind, household_id)`` so open screens can decide to refresh (Anki's
pattern). The context dies with the lock: nothing survives locking but navigation state."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import WijkteamError
from ..texts import error_text
from . import home_visit

if TYPE_CHECKING:  # imported when a vault opens, not at start
    from ..services.workspace import Workspace

T = TypeVar("T")
MASK = home_visit.MASK


class AppContext(QObject):
    # What changed ("household", "person", …), household id or 0. ``object``, not ``int``:
    # in a team, ids are 64-bit (a member's id block, storage/ids.py) and a Qt int is 32.
    data_changed = Signal(str, object)
    privacy_changed = Signal(bool)

    def __init__(self, workspace: Workspace, privacy: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self._privacy = privacy

    @property
    def privacy(self) -> bool:
        return self._privacy

    def set_privacy(self, on: bool) -> None:
        if on != self._privacy:
            self._privacy = on
            self.privacy_changed.emit(on)

    def mask(self, value: str) -> str:
        """Any text masked in huisbezoekmodus. Prefer ``shown(field, value)``, which says which
        field of ``home_visit.FIELDS`` it is."""
        return MASK if self._privacy and value else value

    def hides(self, field: str) -> bool:
        """Whether huisbezoekmodus is on and hides ``field`` (``home_visit.FIELDS``)."""
        return home_visit.hides(field, self._privacy)

    def shown(self, field: str, value: str) -> str:
        """``value`` of ``field`` as a screen may show it now: masked, left out, or itself."""
        return home_visit.shown(field, value, self._privacy)

    def changed(self, kind: str, household_id: int = 0) -> None:
        self.data_changed.emit(kind, household_id)

    def attempt(self, parent: QWidget | None, action: Callable[[], T]) -> T | None:
        """Run a service call; a refused action becomes a short Dutch message, nothing else."""
        try:
            return action()
        except WijkteamError as exc:
            self.report(parent, exc)
            return None

    def report(self, parent: QWidget | None, error: WijkteamError) -> None:
        """A refused action or failed load, as a short Dutch message."""
        show_error(parent, error)


def show_error(parent: QWidget | None, error: WijkteamError | str) -> None:
    text = error if isinstance(error, str) else error_text(error)
    box = QMessageBox(QMessageBox.Icon.Warning, "Wijkteam Desk", text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName("Melding")
    box.exec()


