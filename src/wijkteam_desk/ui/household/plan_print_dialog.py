"""Afdrukken: choose for whom, read who reads that copy and what it leaves out (a copy is
redacted for the strictest of its readers: ``reports.print_model.copy_rule``), look at the
pages, then print through the Qt print dialog or save the PDF where the user chooses. The PDF
only exists in memory until then. The service audits a preview as a view (``plan.view``) and a
print or a save as one ``print.plan`` line with the copy's audience.

Rendering (reportlab, then pdfium for the page images) and printing run in a worker thread
(ui/background.py), one at a time, so the window keeps painting; the buttons wait for it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
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

from ...domain.errors import WijkteamError
from ...domain.safety_plan import PartyRef
from ...files import write_private
from ...services.plans import PREVIEW, AudienceKind, CopyRule, Printout
from ...texts import plural
from ..background import BackgroundCall
from ..context import AppContext, show_error
from ..widgets import colors
from ..widgets.fields import combo
from ..widgets.pdf_pages import page_images, print_pdf
from ..widgets.progress import WorkingBar
from .common import esc

Render = Callable[[str, str], Printout]  # (audience, purpose) -> printout


class NotSaved(WijkteamError):
    """The PDF could not be written where the user chose (``reason``: the OS's words)."""

    code = "pdf_not_saved"


def _names(parties: Sequence[PartyRef]) -> str:
    names = [p.name for p in parties]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def _role_words(party: PartyRef) -> str:
    return "bedreigend netwerklid" if party.is_threatening else "pleger"


def copy_label(rule: CopyRule, privacy: bool = False) -> str:
    """The copy as the "Voor wie" list names it. In huisbezoekmodus nothing in it hints at
    who is pleger (home_visit "person.roles")."""
    aud = rule.audience
    if aud.kind is AudienceKind.PROFESSIONAL:
        return "Hulpverlener (alles, ook geheime adressen)"
    if aud.kind is AudienceKind.GEZIN:
        if rule.left_off:
            return f"Gezin, zonder {_names(rule.left_off)}"
        if rule.restricted and not privacy:
            return "Gezin (streng: zonder veilige plekken en adressen)"
        return "Gezin (zonder geheime adressen)"
    person = rule.readers[0]
    if privacy:
        return f"{person.name} (eigen exemplaar)"
    what = {"persoon-beperkt": "eigen afspraken, geen adressen",
            "persoon-kind": "eigen kinderdeel"}.get(rule.profile, "eigen exemplaar")
    return f"{person.name} ({what})"


def copy_words(rule: CopyRule, privacy: bool = False) -> tuple[str, str, str]:
    """(who reads it, what is left out, why) for one copy, in plain Dutch. In huisbezoekmodus
    the why is left out: it would say who is pleger."""
    aud = rule.audience
    if aud.kind is AudienceKind.PROFESSIONAL:
        return ("alleen hulpverleners", "niets",
                "dit exemplaar heeft geheime adressen en notities: geef het niet aan het gezin.")
    who = _names(rule.readers) if rule.readers else "het gezin"
    left_out = "; ".join(rule.left_out) or "niets"
    if privacy:
        return who, left_out, "zet huisbezoekmodus uit (F9) om te lezen waarom."
    if rule.profile == "gezin-beperkt":
        strict = rule.strictest
        roles = ", ".join(sorted({_role_words(p) for p in strict}))
        verb = "is" if len(strict) == 1 else "zijn"
        why = (f"{_names(strict)} {verb} {roles} en leest of tekent dit exemplaar mee. Een "
               "exemplaar is zo streng als de strengste lezer. Of laat hieronder weg wie "
               "een eigen exemplaar krijgt.")
    elif rule.profile == "persoon-beperkt":
        why = (f"{who} is {_role_words(rule.readers[0])}: alleen de eigen afspraken, wat te "
               "doen als het misgaat en de noodnummers.")
    elif rule.profile == "persoon-kind":
        why = "een kind krijgt het eigen deel, in woorden voor een kind, en de noodnummers."
    elif rule.profile == "persoon":
        why = "een eigen exemplaar: het gezinsexemplaar met de eigen stappen erbij."
    elif rule.left_off:
        verb = "krijgt" if len(rule.left_off) == 1 else "krijgen"
        why = (f"{_names(rule.left_off)} {verb} een eigen exemplaar en tekent niet op dit "
               "exemplaar. Niemand die dit exemplaar leest of tekent is pleger. Bewaar het "
               "waar alleen het gezin erbij kan.")
    else:
        why = "niemand die dit exemplaar leest of tekent is pleger of een bedreigend netwerklid."
    return who, left_out, why


class PrintDialog(QDialog):
    """Preview + print/save for one document. ``copies`` are the copies of a veiligheidsplan
    (the service's ``copies()``), each said in words; empty for a single-audience document
    (the gezinsoverzicht). In huisbezoekmodus the professional's copy is not offered and no
    words say who is pleger (``home_visit``)."""

    def __init__(self, ctx: AppContext, title: str, render: Render,
                 copies: Sequence[CopyRule], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._render = render
        self._copies = list(copies)
        self._printout: Printout | None = None
        self._printer: QPrinter | None = None  # kept alive while the worker prints on it
        self._pages_text = ""
        self._output_text = ""
        self.renderer = BackgroundCall(self)  # the preview
        self.renderer.finished.connect(self._previewed)
        self.renderer.failed.connect(self._preview_failed)
        self.renderer.progress.connect(self._preview_progress)
        self.output = BackgroundCall(self)  # printing or saving
        self.output.finished.connect(self._output_done)
        self.output.failed.connect(self._output_failed)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(760, 700)  # fits a 1366×768 laptop; the preview scrolls
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.audience = combo(self, [])
        self.audience.setAccessibleName(self.tr("Voor wie"))
        self.audience.setToolTip(self.tr("Kies voor wie dit exemplaar is. Een exemplaar is zo "
                                         "streng als de strengste lezer."))
        label = QLabel(self.tr("&Voor wie:"), self)
        label.setBuddy(self.audience)
        for w in (label, self.audience):
            w.setVisible(bool(copies))
        top.addWidget(label)
        top.addWidget(self.audience, 1)
        layout.addLayout(top)
        self.leave_off = QCheckBox(self)
        self.leave_off.setAccessibleName(self.tr("Weglaten van het gezinsexemplaar"))
        self.leave_off.setToolTip(self.tr("Dan is het gezinsexemplaar niet streng, en krijgt "
                                          "wie je weglaat een eigen exemplaar"))
        self.leave_off.hide()
        layout.addWidget(self.leave_off)
        self.words = QLabel(self)
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setAccessibleName(self.tr("Wie leest dit exemplaar en wat staat er niet in"))
        self.words.setStyleSheet(colors.banner_css(colors.INFO, "padding: 6px 10px; "
                                                                "border-radius: 4px;"))
        self.words.setVisible(bool(copies))
        layout.addWidget(self.words)
        self.pages_label = QLabel(self)
        layout.addWidget(self.pages_label)
        self.working = WorkingBar(self)
        layout.addWidget(self.working)
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
        self._fill_choices()
        self.audience.currentIndexChanged.connect(self._audience_changed)
        self.leave_off.toggled.connect(self._audience_changed)
        ctx.privacy_changed.connect(self._on_privacy)  # a bound slot: ends with the dialog
        self._audience_changed()

    # -- choosing the copy ------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        """One entry per copy; a family copy without someone is the check box, not an entry."""
        keep = self.audience.currentData()
        privacy = self.ctx.hides("print.professional_copy")
        self.audience.blockSignals(True)
        self.audience.clear()
        if not self._copies:
            self.audience.addItem(self.tr("Hulpverlener"), None)
        for rule in self._copies:
            if rule.audience.left_off:
                continue
            if rule.audience.kind is AudienceKind.PROFESSIONAL and privacy:
                continue
            self.audience.addItem(copy_label(rule, self.ctx.hides("person.roles")), rule)
        i = self.audience.findData(keep) if keep is not None else -1
        self.audience.setCurrentIndex(max(i, 0))
        self.audience.blockSignals(False)

    def _on_privacy(self, _on: bool) -> None:
        self._fill_choices()
        self._audience_changed()

    def _left_off_rule(self, family: CopyRule) -> CopyRule | None:
        return next((r for r in self._copies if r.audience.left_off
                     and r.audience.kind is family.audience.kind), None)

    def current_rule(self) -> CopyRule | None:
        """The copy chosen now (the family copy without someone when that box is ticked)."""
        rule = self.audience.currentData()
        if not isinstance(rule, CopyRule):
            return None
        if rule.audience.kind is AudienceKind.GEZIN and self.leave_off.isChecked():
            return self._left_off_rule(rule) or rule
        return rule

    def _audience_changed(self, *_args: object) -> None:
        rule = self.audience.currentData()
        alternative = self._left_off_rule(rule) if isinstance(rule, CopyRule) else None
        self.leave_off.setVisible(alternative is not None)
        if alternative is not None:
            gets = "krijgt" if len(alternative.left_off) == 1 else "krijgen"
            self.leave_off.setText(self.tr("&{names} weglaten van dit exemplaar ({gets} een "
                                           "eigen exemplaar)").format(
                names=_names(alternative.left_off), gets=gets))
        self._show_words()
        self.preview()

    def _show_words(self) -> None:
        rule = self.current_rule()
        if rule is None:
            self.words.clear()
            return
        who, left_out, why = copy_words(rule, self.ctx.hides("person.roles"))
        rows = ((self.tr("Wie leest dit exemplaar"), who),
                (self.tr("Wat staat er niet in"), left_out), (self.tr("Waarom"), why))
        self.words.setText("<br>".join(f"<b>{esc(k)}:</b> {esc(v)}" for k, v in rows))

    def current_audience(self) -> str:
        rule = self.current_rule()
        return str(rule.audience) if rule is not None else "professional"

    def preview(self) -> None:
        """Render for the chosen audience in the background, then show every page."""
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._printout = None
        render, audience = self._render, self.current_audience()

        def make(progress: Callable[[int, int], None]) -> tuple[Printout, list[object]]:
            printout = render(audience, PREVIEW)
            return printout, page_images(printout.data, dpi=80, progress=progress)

        self.renderer.start(make, with_progress=True)  # a newer choice overtakes an older one
        self._show_state()

    def _show_state(self) -> None:
        """Buttons, bar and line for what runs now: printing or saving (the copy cannot change
        meanwhile: one render at a time), else the preview, else nothing."""
        printing, previewing = self.output.running, self.renderer.running
        ready = not (printing or previewing) and self._printout is not None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.audience.setEnabled(not printing)
        self.leave_off.setEnabled(not printing)
        if printing or previewing:
            if not self.working.isVisibleTo(self):
                self.working.begin()
        else:
            self.working.end()
        if printing:
            self.pages_label.setText(self._output_text)
        elif previewing:
            self.pages_label.setText(self.tr("Voorbeeld maken…"))
        elif self._printout is not None:
            self.pages_label.setText(self._pages_text)

    @Slot(int, int)
    def _preview_progress(self, done: int, total: int) -> None:
        self.working.step(done, total)

    @Slot(object)
    def _preview_failed(self, error: WijkteamError) -> None:
        self._show_state()
        if not self.output.running:
            self.pages_label.setText(self.tr("Er is niets om te tonen."))
        self.ctx.report(self, error)

    @Slot(object)
    def _previewed(self, result: object) -> None:
        self._printout, images = result  # type: ignore[misc]
        self._pages_text = self.tr("{n}. Controleer wat er op papier komt.").format(
            n=plural(len(images), "pagina", "pagina's"))
        self._show_state()
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
        """Render for the printer and send the pages, in the background; False when busy."""
        render, audience = self._render, self.current_audience()
        self._printer = printer
        return self._start_output(lambda: print_pdf(render(audience, "printer").data, printer),
                                  self.tr("Afdrukken…"))

    def _start_output(self, work: Callable[[], object], text: str) -> bool:
        if self.output.running or self.renderer.running or self._printout is None:
            return False
        self._output_text = text
        self.output.start(work)
        self._show_state()
        return True

    def _output_ended(self) -> None:
        self._printer = None
        self._show_state()

    @Slot(object)
    def _output_done(self, _result: object) -> None:
        self._output_ended()

    @Slot(object)
    def _output_failed(self, error: WijkteamError) -> None:
        self._output_ended()
        if isinstance(error, NotSaved):
            show_error(self, self.tr("Opslaan is niet gelukt ({reason}). Kies een andere map.")
                       .format(reason=error.facts.get("reason") or "onbekend"))
        else:
            self.ctx.report(self, error)

    def save_document(self) -> bool:
        if self._printout is None:
            return False
        start = str(Path.home() / self._printout.file_name)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("PDF opslaan"), start,
                                              self.tr("PDF-bestanden (*.pdf)"))
        return bool(path) and self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the PDF to ``path`` (0600, whole or not at all), in the background; False
        when busy."""
        render, audience = self._render, self.current_audience()

        def save() -> Path:
            data = render(audience, "opslaan").data
            try:
                write_private(path, data)
            except OSError as exc:
                raise NotSaved(reason=exc.strerror or "") from exc
            return path

        return self._start_output(save, self.tr("Opslaan…"))
