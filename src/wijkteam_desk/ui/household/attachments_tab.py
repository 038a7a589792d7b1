"""Tab "Documenten": the PDFs and images in a household's file (VT reports, a court decision, a
school letter, the scanned signed safety plan). Add one, look at it inside the app, save a copy
where you choose, or delete it. Everything stays inside the encrypted vault; the tab shows how
many documents there are and how much room they take. Also the "Getekende versie" button of the
Veiligheidsplan tab, which shows or adds the signed copy of the version on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Person
from ...domain.record import AttachmentInfo
from ...domain.safety_plan import PlanStatus, SafetyPlan
from ...record_texts import documents_text
from ...texts import JOURNAL_KINDS
from ..context import AppContext
from ..models.record import AttachmentsModel
from ..widgets.dates import fmt_date
from ..widgets.fields import combo, select_data
from ..widgets.forms import ServiceDialog, run_dialog
from ..widgets.tables import selected_row, size_columns, table_view
from .attachment_viewer import AttachmentViewer
from .common import FileHost

FILE_FILTER = "PDF, JPEG of PNG (*.pdf *.PDF *.jpg *.JPG *.jpeg *.JPEG *.png *.PNG)"
WHOLE_HOUSEHOLD = ("household", 0)


def choose_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Document kiezen"),
                                          str(Path.home()), parent.tr(FILE_FILTER))
    return Path(path) if path else None


class AddAttachmentDialog(ServiceDialog):
    """Title and what the document belongs to; the file is checked and stored by the service
    (too large, empty, not what its name says: refused in Dutch, the dialog stays open)."""

    def __init__(self, ctx: AppContext, household_id: int, path: Path,
                 persons: tuple[Person, ...] = (), plans: tuple[SafetyPlan, ...] = (),
                 journal: tuple[tuple[int, str], ...] = (), plan_id: int | None = None,
                 signed: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Document toevoegen"), parent, self.tr(
            "Het document wordt versleuteld in de kluis bewaard, met het dossier. Daarna kun "
            "je het originele bestand (bijvoorbeeld in Downloads) verwijderen."))
        self.household_id, self.path = household_id, path
        self.file = self.add_row(self.tr("Bestand:"), QLabel(path.name, self))
        self.title = self.add_row(self.tr("&Titel:"), QLineEdit(path.stem, self))
        self.title.setMaxLength(200)
        links: list[tuple[str, object]] = [(self.tr("Het hele gezin"), WHOLE_HOUSEHOLD)]
        links += [(p.full_name, ("person", p.id)) for p in persons]
        links += [(self.tr("Veiligheidsplan versie {v}").format(v=p.version), ("plan", p.id))
                  for p in sorted(plans, key=lambda p: p.version, reverse=True)]
        links += [(text, ("journal", jid)) for jid, text in journal]
        self.link = self.add_row(self.tr("&Hoort bij:"), combo(self, links))
        self.signed = self.add_row("", QCheckBox(self.tr(
            "Dit is de &getekende versie van dit veiligheidsplan"), self))
        self.link.currentIndexChanged.connect(self._link_changed)
        if plan_id is not None:
            select_data(self.link, ("plan", plan_id))
        self.signed.setChecked(signed)
        self._link_changed()
        self.resize(560, self.sizeHint().height())

    def _link_changed(self, _index: int = 0) -> None:
        is_plan = self.link.currentData()[0] == "plan"
        self.signed.setEnabled(is_plan)
        if not is_plan:
            self.signed.setChecked(False)

    def apply(self) -> AttachmentInfo:
        kind, target = self.link.currentData()
        info = self.ctx.workspace.attachments.attach(
            self.household_id, self.path, title=self.title.text(),
            person_id=target if kind == "person" else None,
            plan_id=target if kind == "plan" else None,
            journal_id=target if kind == "journal" else None,
            signed=self.signed.isChecked() and kind == "plan")
        self.ctx.changed("attachment", self.household_id)
        return info


def open_viewer(ctx: AppContext, attachment_id: int, parent: QWidget) -> AttachmentViewer | None:
    """The viewer on one document (audited as a view); refused in home-visit mode."""
    if ctx.hides("attachment.content"):
        QMessageBox.information(parent, parent.tr("Huisbezoekmodus"), parent.tr(
            "In de huisbezoekmodus worden documenten niet getoond. Zet de modus uit met F9 als "
            "het gezin niet meekijkt."))
        return None
    content = ctx.attempt(parent, lambda: ctx.workspace.attachments.content(attachment_id))
    return AttachmentViewer(ctx, content, parent) if content is not None else None


def show_viewer(viewer: AttachmentViewer | None) -> None:
    if viewer is not None:
        viewer.exec()
        viewer.deleteLater()


class AttachmentsTab(QWidget):
    summary_changed = Signal(int)  # the number of documents, for the tab's title

    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.ctx = host.ctx
        self.household_id = host.household_id
        self.items: list[AttachmentInfo] = []
        bar = QHBoxLayout()

        def button(text: str, tip: str, slot: object) -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            bar.addWidget(b)
            return b

        self.add_button = button(self.tr("&Document toevoegen…"), self.tr(
            "Een PDF, JPEG of PNG van hoogstens 25 MB: een rapport, een beschikking, een brief, "
            "een foto of scan"), self.add)
        self.view_button = button(self.tr("Be&kijken"), self.tr(
            "Toon het document hier in de app"), self.view_selected)
        self.save_button = button(self.tr("&Opslaan als…"), self.tr(
            "Een kopie buiten de kluis, op een plek die je zelf kiest"), self.save_selected)
        self.delete_button = button(self.tr("&Verwijderen…"), self.tr(
            "Haal het document uit het dossier; het logboek houdt bij dat het er was"),
            self.delete_selected)
        bar.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Aantal documenten en grootte"))
        self.summary.setWordWrap(True)
        self.model = AttachmentsModel(self)
        self.table = table_view(self.model, self.tr("Documenten van dit gezin"), self)
        # The longest text of each column (or a number of characters): widths follow the font.
        size_columns(self.table, ("00-00-0000", 40, "PDF, 999 blz.", "1023 bytes",
                                  "getekende versie v99", None), bold=(4,))
        self.table.doubleClicked.connect(self.view_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        # The page refreshes this tab after it has read the file (names of the members the
        # documents belong to), on every change to the household.
        self.ctx.privacy_changed.connect(self._on_privacy)

    # -- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        listing = self.ctx.attempt(self, lambda: self.ctx.workspace.attachments.listing(
            self.household_id))
        if listing is None:
            return
        view = self.host.view
        names = {p.id: p.full_name for p in view.file.persons} if view else {}
        self.items = list(listing.items)
        self.model.set_privacy(self.ctx.privacy)
        self.model.set_rows(self.items, names)
        self.summary.setText(self.tr("{counts} Ze staan versleuteld in de kluis en gaan niet "
                                     "mee naar Veilig Thuis.").format(
            counts=documents_text(listing.count, listing.total_bytes)))
        self._update_buttons()
        self.summary_changed.emit(listing.count)

    def selected(self) -> AttachmentInfo | None:
        row = selected_row(self.table)
        return self.items[row] if row is not None and row < len(self.items) else None

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected() is not None
        for b in (self.view_button, self.save_button, self.delete_button):
            b.setEnabled(chosen)

    def _on_privacy(self, on: bool) -> None:
        self.model.set_privacy(on)

    # -- acting ---------------------------------------------------------------------------------
    def add_dialog(self, path: Path, plan_id: int | None = None,
                   signed: bool = False) -> AddAttachmentDialog:
        view = self.host.view
        persons = view.file.persons if view else ()
        journal = tuple((j.id, f"Notitie {fmt_date(j.occurred_at.date())}: "
                               f"{JOURNAL_KINDS[j.kind.value]}")
                        for j in reversed(view.file.journal)) if view else ()
        plans = self.ctx.attempt(self, lambda: self.ctx.workspace.plans.versions(
            self.household_id)) or []
        return AddAttachmentDialog(self.ctx, self.household_id, path, persons, tuple(plans),
                                   journal, plan_id, signed, self)

    def add(self) -> None:
        path = choose_file(self)
        if path is not None:
            run_dialog(self.add_dialog(path))

    def viewer(self) -> AttachmentViewer | None:
        chosen = self.selected()
        return open_viewer(self.ctx, chosen.id, self) if chosen else None

    def view_selected(self, *_args: object) -> None:
        show_viewer(self.viewer())

    def save_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        start = str(Path.home() / chosen.file_name)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Kopie opslaan"), start)
        if path:
            self.ctx.attempt(self, lambda: self.ctx.workspace.attachments.save_copy(
                chosen.id, Path(path)))

    def delete_selected(self, confirm: bool = True) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        if confirm:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Document verwijderen"),
                              self.tr("'{title}' uit het dossier verwijderen? Het kan niet "
                                      "terug. Het logboek houdt bij dat het er was.")
                              .format(title=self.ctx.shown("attachment.title", chosen.title)),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self)
            box.setDefaultButton(QMessageBox.StandardButton.No)  # deleting is not the default
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Verwijderen"))
            box.button(QMessageBox.StandardButton.No).setText(self.tr("Niet verwijderen"))
            if box.exec() != QMessageBox.StandardButton.Yes:
                return False
        done = self.ctx.attempt(self, lambda: self.ctx.workspace.attachments.delete(chosen.id))
        if done is not None:
            self.ctx.changed("attachment", self.household_id)
        return done is not None


class SignedVersionButton(QPushButton):
    """On the Veiligheidsplan tab: the scanned signed copy of the version on screen. Shows it
    when there is one, else offers to add it (for a fixed version: what was signed)."""

    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.plan: SafetyPlan | None = None
        self.signed: list[AttachmentInfo] = []
        self.clicked.connect(self.activate)
        self.set_plan(None)

    def set_plan(self, plan: SafetyPlan | None) -> None:
        self.plan = plan
        self.signed = []
        if plan is not None and plan.id is not None:
            listing = self.ctx.attempt(self, lambda: self.ctx.workspace.attachments.listing(
                self.household_id))
            self.signed = [a for a in (listing.items if listing else ())
                           if a.signed and a.plan_id == plan.id]
        fixed = plan is not None and plan.status is not PlanStatus.CONCEPT
        # No Alt letter: every letter of these words is taken on the Veiligheidsplan tab.
        self.setText(self.tr("Getekende versie bekijken") if self.signed
                     else self.tr("Getekende versie toevoegen…"))
        self.setEnabled(bool(self.signed) or fixed)
        self.setToolTip(self.tr("De gescande, ondertekende versie van deze versie van het plan")
                        if fixed or self.signed else
                        self.tr("Stel het plan eerst vast; voeg daarna de getekende versie toe"))

    def add_dialog(self, path: Path) -> AddAttachmentDialog | None:
        if self.plan is None or self.plan.id is None:
            return None
        plan = self.plan
        title = self.tr("Veiligheidsplan versie {v}, getekend").format(v=plan.version)
        dialog = AddAttachmentDialog(self.ctx, self.household_id, path, (), (plan,), (),
                                     plan.id, True, self)
        dialog.title.setText(title)
        return dialog

    def activate(self) -> None:
        if self.signed:
            show_viewer(open_viewer(self.ctx, self.signed[0].id, self))
            return
        path = choose_file(self)
        dialog = self.add_dialog(path) if path else None
        if dialog is not None:
            run_dialog(dialog)
