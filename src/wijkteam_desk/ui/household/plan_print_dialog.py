"""Afdrukken: choose for whom, look at the pages, then print through the Qt print dialog or save
the PDF where the user chooses. The PDF only exists in memory until then; every output is
audited by the service (``print.plan`` / ``print.overview`` with the purpose)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.safety_plan import PartyRef
from ...files import write_private
from ...services.plans import Printout
from ..context import AppContext, show_error
from ..widgets import colors
from ..widgets.fields import combo
from ..widgets.pdf_pages import page_images, print_pdf

Render = Callable[[str, str], Printout]  # (audience, purpose) -> printout


def audiences(members: tuple[PartyRef, ...]) -> list[tuple[str, str]]:
    """(label, audience) pairs: the professional and family copies, then one per member."""
    out = [("Hulpverlener (alles, ook geheime adressen)", "professional"),
           ("Gezin (zonder geheime adressen)", "gezin")]
    for m in members:
        if m.is_pleger:
            what = "eigen afspraken, geen adressen"
        elif m.is_child:
            what = "eigen kinderdeel"
        else:
            what = "eigen exemplaar"
        out.append((f"{m.name} ({what})", f"persoon:{m.id}"))
    return out


class PrintDialog(QDialog):
    """Preview + print/save for one document. ``choices`` is empty for a single-audience
    document (the gezinsoverzicht)."""

    def __init__(self, ctx: AppContext, title: str, render: Render,
                 choices: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._render = render
        self._printout: Printout | None = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(760, 700)  # fits a 1366×768 laptop; the preview scrolls
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.audience = combo(self, choices or [("Hulpverlener", "professional")])
        self.audience.setAccessibleName(self.tr("Voor wie"))
        self.audience.setToolTip(self.tr("Kies voor wie dit exemplaar is. Alleen het exemplaar "
                                         "voor de hulpverlener toont geheime adressen."))
        self.audience.setVisible(bool(choices))
        label = QLabel(self.tr("&Voor wie:"), self)
        label.setBuddy(self.audience)
        label.setVisible(bool(choices))
        top.addWidget(label)
        top.addWidget(self.audience, 1)
        layout.addLayout(top)
        self.pages_label = QLabel(self)
        layout.addWidget(self.pages_label)
        self.scroll = QScrollArea(self)
        self.scroll.setAccessibleName(self.tr("Voorbeeld van de pagina's"))
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages)
        self.scroll.setStyleSheet(f"QScrollArea {{ background: {colors.PAGE_PREVIEW[0]}; }}")
        layout.addWidget(self.scroll, 1)
        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(self.tr("&Afdrukken…"), self)
        self.print_button.setToolTip(self.tr("Naar de printer, via het afdrukvenster"))
        self.save_button = QPushButton(self.tr("&Opslaan als PDF…"), self)
        self.save_button.setToolTip(self.tr("Kies zelf waar het bestand komt"))
        close = QPushButton(self.tr("Sluiten"), self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.audience.currentIndexChanged.connect(lambda _i: self.preview())
        self.preview()

    def current_audience(self) -> str:
        return str(self.audience.currentData())

    def preview(self) -> None:
        """Render for the chosen audience and show every page."""
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._printout = self.ctx.attempt(self, lambda: self._render(self.current_audience(),
                                                                     "voorbeeld"))
        ok = self._printout is not None
        self.print_button.setEnabled(ok)
        self.save_button.setEnabled(ok)
        if not ok:
            self.pages_label.setText(self.tr("Er is niets om te tonen."))
            return
        images = page_images(self._printout.data, dpi=80)
        self.pages_label.setText(self.tr("{n} pagina('s). Controleer wat er op papier komt.")
                                 .format(n=len(images)))
        for number, image in enumerate(images, start=1):
            page = QLabel(self.pages)
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(self.tr("Pagina {n}").format(n=number))
            page.setStyleSheet("QLabel { background: white; margin: 6px; }")
            self.pages_layout.addWidget(page)

    def page_count(self) -> int:
        return self.pages_layout.count()

    def printout(self) -> Printout | None:
        return self._printout

    def print_document(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.tr("Vertrouwelijk document"))  # print queues show this name
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        out = self.ctx.attempt(self, lambda: self._render(self.current_audience(), "printer"))
        return out is not None and print_pdf(out.data, printer) > 0

    def save_document(self) -> bool:
        if self._printout is None:
            return False
        start = str(Path.home() / self._printout.file_name)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("PDF opslaan"), start,
                                              self.tr("PDF-bestanden (*.pdf)"))
        return bool(path) and self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the PDF to ``path`` (0600, whole or not at all)."""
        out = self.ctx.attempt(self, lambda: self._render(self.current_audience(), "opslaan"))
        if out is None:
            return False
        try:
            write_private(path, out.data)
        except OSError as exc:
            show_error(self, self.tr("Opslaan is niet gelukt ({reason}). Kies een andere map.")
                       .format(reason=exc.strerror or "onbekend"))
            return False
        return True
