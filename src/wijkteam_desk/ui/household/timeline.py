"""Tijdlijn: incidents, contacts, phase changes, changes of regisseur and closing/reopening in one
chronological view, newest first, with a filter per kind. In huisbezoekmodus there are no
incidents on it (``home_visit`` "incident") and free text is masked."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

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
from ..widgets.tables import selected_row, table_view
from .common import FileHost
from .timeline_dialogs import IncidentDialog, JournalDialog

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

        self.view = table_view(self.proxy, self.tr("Tijdlijn"), self)
        for col, width in ((0, 125), (1, 80), (2, 400), (3, 200)):
            self.view.setColumnWidth(col, width)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
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
        layout.addWidget(split, 1)
        self._view: FileView | None = None

    def set_view(self, view: FileView, today: date, privacy: bool) -> None:
        self._view = view
        cases = self.host.ctx.workspace.cases
        events: list[tuple[datetime, str]] = []
        for action, what in (("household.close", "close"), ("household.reopen", "reopen")):
            for e in cases.audit_log(household_id=view.file.household.id, action=action):
                events.append((datetime.fromisoformat(e.at), what))
        self.model.set_rows(timeline_entries(view.file, events))
        self.set_privacy(privacy)

    def set_privacy(self, on: bool) -> None:
        self.model.set_privacy(on)
        self.proxy.set_privacy(on)
        self.filters[KIND_INCIDENT].setVisible(not home_visit.hides("incident", on))
        home_visit.guard_action(self.incident_button, home_visit.hides("incident", on))
        self._show_detail()

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
        self.detail.setPlainText("\n".join(lines))

    def add_incident(self) -> None:
        if self._view:
            run_dialog(IncidentDialog(self.host.ctx, self.host.household_id,
                                      self._view.file.persons, self))

    def add_journal(self) -> None:
        run_dialog(JournalDialog(self.host.ctx, self.host.household_id, self))
