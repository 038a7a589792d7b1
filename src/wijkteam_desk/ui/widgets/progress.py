"""A thin bar that shows work is running in the background (ui/background.py): moving while
the end is not known (the key derivation, a backup), "n of m" when the work reports it (the
pages of a print preview). Hidden when nothing runs; the text beside it says what runs."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget


class WorkingBar(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextVisible(False)
        self.setMaximumHeight(8)
        self.setAccessibleName(self.tr("Voortgang"))
        self.setToolTip(self.tr("Bezig; het venster blijft bruikbaar"))
        self.hide()

    def begin(self) -> None:
        """Busy, end not known yet."""
        self.setRange(0, 0)
        self.show()

    def step(self, done: int, total: int) -> None:
        self.setRange(0, max(total, 1))
        self.setValue(min(done, max(total, 1)))
        self.show()

    def end(self) -> None:
        self.hide()
        self.reset()
