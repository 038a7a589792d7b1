"""Tijdlijn: incidents, contacts, phase changes, changes of regisseur and closing/reopening in one
chronological view, newest first, with a filter per kind. In huisbezoekmodus there are no
incidents on it (``home_visit`` "incident") and free text is masked. A search box finds words in
the timeline and the household's notes; a contact or incident can be corrected (the old text
stays readable) or withdrawn when it was made in the wrong household."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.record import RecordKind
from ...record_texts import HIT_KINDS
from ...services.cases import FileView
from .. import home_visit
from ..models.timeline import (
    KIND_CLOSING,
    KIND_CONTACT,
    KIND_INCIDENT,
    KIND_PHASE,
    KIND_REGIE,
    TimelineEntry,
    TimelineFilter,
    TimelineModel,
    timeline_entries,
)
from ..widgets.forms import run_dialog
from ..widgets.tables import on_selected_row, selected_row, size_columns, table_view
from .common import FileHost
from .read_only_fields import READS_ONLY
from .record_dialogs import CorrectIncidentDialog, CorrectJournalDialog, WithdrawDialog
from .timeline_dialogs import IncidentDialog, JournalDialog

SEARCH_DELAY_MS = 250  # search as you type, once the typing pauses

FILTERS = ((KIND_INCIDENT, "Incidenten"), (KIND_CONTACT, "Contacten en notities"),
           (KIND_PHASE, "Fasewisselingen"), (KIND_REGIE, "Regie"),
           (KIND_CLOSING, "Afsluiten en heropenen"))


class TimelineTab(QWidget):
    def __init__(self, host: FileHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.model = TimelineModel(self)
        self.proxy = TimelineFilter(self)
        self.proxy.setSourceModel(self.model)

        bar = QHBoxLayout()
        incident = QPushButton(self.tr("&Incident vastleggen…"), self)
        incident.setToolTip(self.tr("Een geweldsincident: datum, vormen, ernst, politie"))
        incident.clicked.connect(self.add_incident)
        self.incident_button = incident
        note = QPushButton(self.tr("&Notitie / contact…"), self)
        note.setToolTip(self.tr("Huisbezoek, telefoongesprek, casusoverleg, consultatie VT of "
                                "notitie. Wordt tussendoor als concept bewaard."))
        note.clicked.connect(self.add_journal)
        bar.addWidget(incident)
        bar.addWidget(note)
        bar.addSpacing(20)
        bar.addWidget(QLabel(self.tr("Toon:"), self))
        self.filters: dict[str, QCheckBox] = {}
        for kind, label in FILTERS:
            box = QCheckBox(self.tr(label), self)
            box.setChecked(True)
            box.toggled.connect(lambda on, k=kind: self.proxy.set_kind(k, on))
            bar.addWidget(box)
            self.filters[kind] = box
        bar.addStretch(1)

        search_bar = QHBoxLayout()
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Zoek in tijdlijn en notities…"))
        self.search_box.setAccessibleName(self.tr("Zoeken in tijdlijn en notities"))
        self.search_box.setClearButtonEnabled(True)
        # Searching writes nothing: it stays usable on a colleague's household.
        self.search_box.setProperty(READS_ONLY, True)
        self.search_box.setToolTip(self.tr("Alle woorden moeten erin staan. Hoofdletters en "
                                           "accenten maken niet uit. Er wordt niets buiten de "
                                           "kluis bijgehouden."))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.found = QLabel(self)
        self.found.setAccessibleName(self.tr("Zoekresultaat"))
        self.found.setWordWrap(True)
        self.correct_button = QPushButton(self.tr("&Corrigeren…"), self)
        self.correct_button.setToolTip(self.tr("Verbeter een contact, notitie of incident. De "
                                               "oude tekst blijft leesbaar."))
        self.correct_button.clicked.connect(self.correct_selected)
        self.withdraw_button = QPushButton(self.tr("Intre&kken…"), self)
        self.withdraw_button.setToolTip(self.tr("Staat het bij het verkeerde gezin? Haal het "
                                                "uit dit dossier; het logboek houdt het bij."))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        search_bar.addWidget(self.search_box, 2)
        search_bar.addWidget(self.found, 3)
        search_bar.addWidget(self.correct_button)
        search_bar.addWidget(self.withdraw_button)

        self.view = table_view(self.proxy, self.tr("Tijdlijn"), self)
        size_columns(self.view, ("00-00-0000 00:00", "Afsluiting", 56, 28))
        on_selected_row(self.view, self._show_detail)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(self.tr("Details van de gekozen regel"))
        self.detail.setPlaceholderText(self.tr("Kies een regel om alles te lezen."))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(search_bar)
        layout.addWidget(split, 1)
        self._view: FileView | None = None
        self._update_actions()

    def set_view(self, view: FileView, today: date, privacy: bool) -> None:
        self._view = view
        cases = self.host.ctx.workspace.cases
        events: list[tuple[datetime, str]] = []
        for action, what in (("household.close", "close"), ("household.reopen", "reopen")):
            for e in cases.audit_log(household_id=view.file.household.id, action=action):
                events.append((datetime.fromisoformat(e.at), what))
        corrections = self.host.ctx.workspace.record.corrections(view.file.household.id)
        self.model.set_rows(timeline_entries(view.file, events, corrections))
        self.set_privacy(privacy)
        if self.search_box.text().strip():
            self.run_search()

    def set_privacy(self, on: bool) -> None:
        self.model.set_privacy(on)
        self.proxy.set_privacy(on)
        self.filters[KIND_INCIDENT].setVisible(not home_visit.hides("incident", on))
        home_visit.guard_action(self.incident_button, home_visit.hides("incident", on))
        self._show_detail()
        self._update_actions()

    def entries(self) -> list[TimelineEntry]:
        """The rows as shown (after the filter), newest first."""
        return [self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(self.proxy.rowCount())]

    def _show_detail(self) -> None:
        row = selected_row(self.view)  # a row of the model (mapped through the filter)
        if row is None:
            self.detail.clear()
            return
        e = self.model.rows[row]
        m = self.model
        lines = [f"{m.cell(e, m.COL_DATE)} — {m.cell(e, m.COL_KIND)}", e.title]
        if e.who:
            lines.append(e.who)
        if e.detail:
            lines += ["", m.detail(e)]
        for text in e.corrections:  # an earlier wording is the professional's words too
            lines += ["", home_visit.shown("record.correction", text, m.privacy)]
        self.detail.setPlainText("\n".join(lines))

    def add_incident(self) -> None:
        if self._view:
            run_dialog(IncidentDialog(self.host.ctx, self.host.household_id,
                                      self._view.file.persons, self))

    def add_journal(self) -> None:
        run_dialog(JournalDialog(self.host.ctx, self.host.household_id, self))

    # -- search ---------------------------------------------------------------------------------
    def run_search(self) -> None:
        """Show only the entries holding every word; name what was found outside the timeline
        (notes of members, documents). Runs on the open vault; the file's view is audited."""
        self._search_timer.stop()
        query = self.search_box.text().strip()
        if not query:
            self.proxy.set_matches(None)
            self.found.clear()
            return
        hits = self.host.ctx.attempt(self, lambda: self.host.ctx.workspace.record.search(
            self.host.household_id, query, audited=False))
        if hits is None:
            return
        shown = {e.ref for e in self.model.rows if e.ref is not None}
        refs = {h.ref for h in hits}
        self.proxy.set_matches(refs)
        in_timeline = self.proxy.rowCount()  # what is on screen (no incidents on a home visit)
        elsewhere = sorted({HIT_KINDS.get(h.ref[0], h.ref[0]).lower() for h in hits
                            if h.ref not in shown})
        text = self.tr("Niets gevonden.") if not hits else \
            self.tr("{n} in de tijdlijn.").format(n=in_timeline)
        if elsewhere:
            text += " " + self.tr("Ook gevonden in: {where}.").format(where=", ".join(elsewhere))
        self.found.setText(text)

    # -- correcting the record ------------------------------------------------------------------
    def selected_entry(self) -> TimelineEntry | None:
        row = selected_row(self.view)
        return self.model.rows[row] if row is not None and row < len(self.model.rows) else None

    def _correctable(self) -> TimelineEntry | None:
        e = self.selected_entry()
        return e if e is not None and e.ref and e.ref[0] in ("journal_entry", "incident") \
            else None

    def _update_actions(self, *_args: object) -> None:
        can = self._correctable() is not None and \
            not self.host.ctx.hides("record.correction")
        self.correct_button.setEnabled(can)
        self.withdraw_button.setEnabled(can)

    def correct_dialog(self) -> CorrectJournalDialog | CorrectIncidentDialog | None:
        e, view = self._correctable(), self._view
        if e is None or e.ref is None or view is None:
            return None
        kind, oid = e.ref
        if kind == "journal_entry":
            entry = next((j for j in view.file.journal if j.id == oid), None)
            return CorrectJournalDialog(self.host.ctx, entry, self) if entry else None
        incident = next((i for i in view.file.incidents if i.id == oid), None)
        return CorrectIncidentDialog(self.host.ctx, incident, view.file.persons, self) \
            if incident else None

    def correct_selected(self) -> None:
        dialog = self.correct_dialog()
        if dialog is not None:
            run_dialog(dialog)

    def withdraw_dialog(self) -> WithdrawDialog | None:
        e = self._correctable()
        if e is None or e.ref is None:
            return None
        kind = RecordKind.JOURNAL if e.ref[0] == "journal_entry" else RecordKind.INCIDENT
        m = self.model
        summary = "\n".join(x for x in (f"{m.cell(e, m.COL_DATE)} — {e.title}", e.who,
                                         e.detail) if x)
        return WithdrawDialog(self.host.ctx, self.host.household_id, kind, e.ref[1], summary,
                              self)

    def withdraw_selected(self) -> None:
        dialog = self.withdraw_dialog()
        if dialog is not None:
            run_dialog(dialog)
