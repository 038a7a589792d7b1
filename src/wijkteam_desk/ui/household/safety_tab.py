"""The tab "Zicht op veiligheid": the checklists of a household (list, editor, printing) and the
veiligheidsschaal (scores and the plot over time). In huisbezoekmodus the plot has no incident
markers and a score's note is masked (``home_visit``); a new score can still be given."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...files import write_private
from ...services.checklists import RunView, ScaleData
from ...texts import warning_text
from ..context import AppContext, show_error
from ..models.checklists import RunsModel, ScoresModel
from ..widgets.forms import run_dialog
from ..widgets.tables import selected_row, table_view
from .checklist_editor import ChecklistEditor
from .safety_chart import SafetyScaleChart
from .safety_dialogs import NewChecklistDialog, ScoreDialog

CHECKLIST_SPLITTER = "checklists"  # the name the window state keeps its position under
LIST_ROWS = 3  # checklists in view above the open one, until the user moves the divider

# Household warnings worth repeating inside a checklist being filled in.
EDITOR_NOTICES = ("consultatie_vt_verplicht", "specialistische_regie_geadviseerd",
                  "politiemelding_herwegen")


class SafetyTab(QWidget):
    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.runs: list[RunView] = []
        self.inner = QTabWidget(self)
        self.inner.setAccessibleName("Checklists en veiligheidsschaal")

        # -- checklists ---------------------------------------------------------------------
        page = QWidget(self.inner)
        self.new_button = QPushButton("&Nieuwe checklist…", page)
        self.new_button.setToolTip("Begin een checklist voor dit gezin")
        self.new_button.clicked.connect(self.new_checklist)
        self.print_button = QPushButton("Af&drukken…", page)
        self.print_button.setToolTip("Een afgeronde checklist als PDF bewaren, voor het dossier "
                                     "of een casusoverleg")
        self.print_button.clicked.connect(self.print_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        self.model = RunsModel(self)
        self.table = table_view(self.model, "Checklists van dit gezin", page)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.editor = ChecklistEditor(ctx, page)
        self.editor.completed.connect(self._after_change)
        self.editor.deleted.connect(self._after_change)
        # The questions get the height; the list starts at a few rows. Where the user puts the
        # divider is kept with the window state (MainWindow: splitters with a name).
        self.split = split = QSplitter(Qt.Orientation.Vertical, page)
        split.setObjectName(CHECKLIST_SPLITTER)
        split.addWidget(self.table)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + rows * 2)
        split.setSizes([self.table.horizontalHeader().sizeHint().height() + rows * LIST_ROWS
                        + 2 * self.table.frameWidth(), 600])
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.inner.addTab(page, "Checklists")

        # -- veiligheidsschaal --------------------------------------------------------------
        scale = QWidget(self.inner)
        self.score_button = QPushButton("&Score toevoegen…", scale)
        self.score_button.setToolTip("Een score op de veiligheidsschaal (0-10) vastleggen")
        self.score_button.clicked.connect(self.add_score)
        score_bar = QHBoxLayout()
        score_bar.addWidget(self.score_button)
        score_bar.addStretch(1)
        self.chart = SafetyScaleChart(scale)
        self.scores_model = ScoresModel(self)
        self.scores_table = table_view(self.scores_model, "Scores op de veiligheidsschaal", scale)
        self.scores_table.setMaximumHeight(160)
        scale_layout = QVBoxLayout(scale)
        scale_layout.addLayout(score_bar)
        scale_layout.addWidget(self.chart, 1)
        scale_layout.addWidget(self.scores_table)
        self.inner.addTab(scale, "Veiligheidsschaal")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.inner)
        self.scale: ScaleData | None = None
        ctx.data_changed.connect(self._on_data_changed)
        ctx.privacy_changed.connect(self._on_privacy)
        self.scores_model.set_privacy(ctx.privacy)
        self.refresh()

    # -- refreshing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.editor.flush()  # what was typed is saved before the list is read again
        keep = self.editor.view.id if self.editor.view else None
        runs = self.ctx.attempt(self, lambda: self.ctx.workspace.checklists.runs(
            self.household_id))
        scale = self.ctx.attempt(self, lambda: self.ctx.workspace.checklists.scale(
            self.household_id))
        if runs is None or scale is None:
            return
        self.runs = runs
        self.model.set_rows(runs)
        self.table.resizeColumnsToContents()
        self.scale = scale
        self._show_chart()
        self.scores_model.set_rows(scale.scores, dict(scale.persons))
        self.select_run(keep) if keep is not None else self._update_buttons()

    def _show_chart(self) -> None:
        if self.scale is not None:
            hide = self.ctx.hides("incident")
            self.chart.set_data(replace(self.scale, incidents=()) if hide else self.scale)

    def _on_privacy(self, on: bool) -> None:
        self.scores_model.set_privacy(on)
        self._show_chart()

    def _on_data_changed(self, kind: str, household_id: int) -> None:
        if household_id == self.household_id:
            self.refresh()

    def _after_change(self, run_id: int) -> None:
        self.ctx.changed("checklist", self.household_id)

    # -- runs -----------------------------------------------------------------------------------
    def selected_run(self) -> RunView | None:
        row = selected_row(self.table)
        return self.runs[row] if row is not None and row < len(self.runs) else None

    def select_run(self, run_id: int | None) -> None:
        for row, view in enumerate(self.runs):
            if view.id == run_id:
                self.table.selectRow(row)
                self._show_selected()
                return
        self.editor.clear()
        self._update_buttons()

    def _notices(self) -> list[str]:
        found = self.ctx.attempt(self, lambda: self.ctx.workspace.checklists.notices(
            self.household_id)) or []
        return [" ".join(warning_text(w)) for w in found if w.code in EDITOR_NOTICES]

    def _show_selected(self) -> None:
        view = self.selected_run()
        if view is None:
            return
        if self.editor.view is None or self.editor.view.id != view.id or \
                view.run.completed != self.editor.read_only:
            self.editor.set_run(view, [] if view.run.completed else self._notices())
        self._update_buttons()

    def _update_buttons(self) -> None:
        view = self.selected_run()
        done = view is not None and view.run.completed
        self.print_button.setEnabled(done)

    def new_checklist(self) -> int | None:
        dialog = NewChecklistDialog(self.ctx, self.household_id,
                                    self.ctx.workspace.checklists.templates(), self)
        started: list[int] = []
        if run_dialog(dialog, lambda run_id: started.append(int(run_id))):  # type: ignore[arg-type]
            self.start(started[0])
            return started[0]
        return None

    def start(self, run_id: int) -> None:
        """Show a freshly started run (the dialog's result) and tell the other screens."""
        self.ctx.changed("checklist", self.household_id)
        self.select_run(run_id)

    def ask_pdf_path(self, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Checklist bewaren als PDF", str(Path.home() / suggested), "PDF (*.pdf)")
        return Path(path) if path else None

    def print_selected(self) -> Path | None:
        view = self.selected_run()
        if view is None or not view.run.completed:
            return None
        printout = self.ctx.attempt(self, lambda: self.ctx.workspace.checklists.print_run(
            view.id))
        if printout is None:
            return None
        target = self.ask_pdf_path(printout.file_name)
        if target is None:
            return None
        try:
            write_private(target, printout.data)  # only where the user chose (S14)
        except OSError:
            show_error(self, self.tr("Opslaan is niet gelukt. Kies een andere map."))
            return None
        return target

    # -- veiligheidsschaal ----------------------------------------------------------------------
    def add_score(self) -> None:
        if self.scale is None:
            return
        dialog = ScoreDialog(self.ctx, self.household_id, self.scale.persons, self)
        if run_dialog(dialog):
            self.ctx.changed("safety_score", self.household_id)
