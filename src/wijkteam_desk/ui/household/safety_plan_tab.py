"""Tab "Veiligheidsplan": the versions on the left (concept / vastgesteld / vervangen), the editor
on the right, and what a consultant does with a plan: save, vaststellen with signatures, make a
new version, compare with the previous one, print per audience, and print the gezinsoverzicht.

The concept being edited is autosaved as a draft (``ctx.workspace.drafts``, inside the vault) a
moment after each change, so a crash or an empty battery loses nothing; Opslaan stores it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.safety_plan import PlanStatus, SafetyPlan
from ...domain.safety_plan_diff import diff_versions
from ...domain.safety_plan_json import plan_from_dict, plan_to_dict
from ...services.plans import ConditionView, PlanParties
from .. import home_visit
from ..context import AppContext
from ..models.safety_plan import PlanVersionsModel
from ..widgets import colors
from ..widgets.dates import fmt_date
from ..widgets.forms import run_dialog
from ..widgets.tables import on_selected_row, selected_row, size_columns, table_view
from .attachments_tab import SignedVersionButton
from .plan_print_dialog import PrintDialog
from .safety_plan_dialogs import (
    CompareDialog,
    ConditionDialog,
    FixDialog,
    LinkGoalsDialog,
    ReviewDialog,
)
from .safety_plan_editor import PlanEditor

AUTOSAVE_MS = 1200


def draft_key(plan: SafetyPlan) -> str:
    return f"veiligheidsplan:{plan.id}"


class SafetyPlanTab(QWidget):
    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.versions: list[SafetyPlan] = []
        self.parties = PlanParties()
        self.conditions: list[ConditionView] = []
        self.restored = False
        self._dirty = False

        bar = QHBoxLayout()

        def button(text: str, tip: str, slot: object) -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            bar.addWidget(b)
            return b

        self.create_button = button(self.tr("&Nieuw veiligheidsplan"), self.tr(
            "Maak een concept, ingevuld met de gezinsleden, het netwerk en de hulpverleners"),
            self.create_plan)
        self.save_button = button(self.tr("&Opslaan"), self.tr("Sla het concept op"), self.save)
        self.fix_button = button(self.tr("&Vaststellen…"), self.tr(
            "Het plan is besproken en ondertekend: daarna verandert deze versie niet meer"),
            self.fix_plan)
        self.version_button = button(self.tr("Nieuwe vers&ie"), self.tr(
            "Een nieuw concept op basis van het vastgestelde plan"), self.new_version)
        self.compare_button = button(self.tr("Vergelijk &met vorige versie…"), self.tr(
            "Wat is er veranderd ten opzichte van de vorige versie?"), self.compare)
        self.signed_button = SignedVersionButton(ctx, household_id, self)
        bar.addWidget(self.signed_button)
        bar.addStretch(1)
        self.print_button = button(self.tr("&Afdrukken…"), self.tr(
            "Kies voor wie, bekijk en druk af of sla op als PDF"), self.print_plan)
        self.overview_button = button(self.tr("&Gezinsoverzicht afdrukken…"), self.tr(
            "Eén gezin, één plan, één regisseur op één A4"), self.print_overview)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Status van het plan"))
        self.model = PlanVersionsModel()
        self.table = table_view(self.model, self.tr("Versies van het veiligheidsplan"), self)
        # As wide as its three columns, which follow the text size (a fixed 320 px cut the
        # date off at 125 %); the current version's row is bold.
        size_columns(self.table, ("99", "vastgesteld", "00-00-0000"), bold=(0, 1, 2))
        self.table.setFixedWidth(sum(self.table.columnWidth(c) for c in range(3)) + 4
                                 + self.table.verticalScrollBar().sizeHint().width()
                                 + 2 * self.table.frameWidth())
        on_selected_row(self.table, self._show_selected)
        self.editor = PlanEditor(ctx, self)
        self.editor.edited.connect(self._on_edited)
        self.editor.condition_action = self.condition_action
        split = QSplitter(self)
        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Versies:"), left))
        left_layout.addWidget(self.table, 1)
        split.addWidget(left)
        split.addWidget(self.editor)
        split.setStretchFactor(1, 1)
        split.setSizes([self.table.width() + 10, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush_autosave)
        ctx.data_changed.connect(self._on_data_changed)
        # Bound methods of the receiving widgets: Qt ends the connections when they die.
        ctx.privacy_changed.connect(self.editor.on_privacy)
        ctx.privacy_changed.connect(self._on_privacy)
        self._on_privacy(ctx.privacy)
        self.refresh()

    # -- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.flush_autosave()
        ws = self.ctx.workspace
        loaded = self.ctx.attempt(self, lambda: (
            ws.plans.versions(self.household_id), ws.plans.parties(self.household_id),
            ws.plans.conditions(self.household_id)))
        if loaded is None:
            return
        shown = self.selected_plan()
        keep = shown.id if shown else None
        self.versions, self.parties, self.conditions = loaded
        self.model.set_rows(self.versions)
        row = self.model.row_of(keep) if keep is not None else -1
        self.table.selectRow(row if row >= 0 else 0)
        self._show_selected()

    def selected_plan(self) -> SafetyPlan | None:
        row = selected_row(self.table)
        return self.model.plan_at(row) if row is not None else None

    def select_version(self, version: int) -> None:
        row = next(i for i in range(self.model.rowCount())
                   if self.model.plan_at(i).version == version)  # type: ignore[union-attr]
        self.table.selectRow(row)
        self._show_selected()

    def _show_selected(self) -> None:
        plan = self.selected_plan()
        self.signed_button.set_plan(plan)
        has_plan = plan is not None
        self.editor.setVisible(has_plan)
        self.create_button.setVisible(not self.versions)
        concept = has_plan and plan.status is PlanStatus.CONCEPT
        fixed = [p for p in self.versions if p.status is PlanStatus.VASTGESTELD]
        drafts = [p for p in self.versions if p.status is PlanStatus.CONCEPT]
        self.save_button.setEnabled(concept)
        self.fix_button.setEnabled(concept)
        self.version_button.setEnabled(bool(fixed) and not drafts)
        self.compare_button.setEnabled(has_plan and self._previous(plan) is not None)
        self.print_button.setEnabled(has_plan)
        self.restored = False
        self._dirty = False
        if plan is None:
            self._banner(self.tr("Dit gezin heeft nog geen veiligheidsplan. Kies 'Nieuw "
                                 "veiligheidsplan' en vul het samen met het gezin in."), "warn")
            return
        if concept:
            saved = self.ctx.workspace.drafts.load(draft_key(plan))
            if saved:
                try:
                    working = plan_from_dict(saved)
                except (KeyError, ValueError, TypeError):
                    working = plan
                if working != plan and working.id == plan.id:
                    plan, self.restored, self._dirty = working, True, True
        self.editor.set_plan(plan, self.parties, self.conditions, read_only=not concept)
        self._update_banner()

    def _previous(self, plan: SafetyPlan | None) -> SafetyPlan | None:
        if plan is None:
            return None
        older = [p for p in self.versions if p.version < plan.version]
        return older[-1] if older else None

    def _banner(self, text: str, tone: str) -> None:
        colours = {"info": colors.INFO, "warn": colors.WARN, "ok": colors.OK}[tone]
        self.banner.setStyleSheet(colors.banner_css(colours, "padding: 6px 10px; "
                                                             "border-radius: 4px;"))
        self.banner.setText(text)

    def _update_banner(self) -> None:
        plan = self.editor.plan
        if plan is None:
            return
        if plan.status is PlanStatus.VASTGESTELD:
            self._banner(self.tr("Versie {v} is vastgesteld op {d} en kan niet meer veranderen. "
                                 "Wil je iets aanpassen? Kies 'Nieuwe versie'.").format(
                v=plan.version, d=fmt_date(plan.fixed_on)), "ok")
        elif plan.status is PlanStatus.VERVANGEN:
            self._banner(self.tr("Versie {v} is vervangen door een nieuwere versie. Je kunt "
                                 "hem alleen nog lezen.").format(v=plan.version), "info")
        elif self.restored:
            self._banner(self.tr("Concept versie {v}: niet opgeslagen wijzigingen zijn "
                                 "teruggezet. Kies 'Opslaan' om ze te bewaren.").format(
                v=plan.version), "warn")
        else:
            self._banner(self.tr("Concept versie {v}: bespreek het plan met het gezin, laat "
                                 "het ondertekenen en kies 'Vaststellen'.").format(
                v=plan.version), "info")

    # -- editing --------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self._dirty = True
        self._autosave.start()

    def flush_autosave(self) -> None:
        """Write the working copy of the concept as a draft now (also before any refresh)."""
        self._autosave.stop()
        plan = self.editor.plan
        if not self._dirty or plan is None or plan.status is not PlanStatus.CONCEPT:
            return
        self.ctx.workspace.drafts.save(draft_key(plan), plan_to_dict(plan), self.household_id)

    def save(self) -> bool:
        plan = self.editor.plan
        if plan is None or plan.status is not PlanStatus.CONCEPT:
            return False
        self.flush_autosave()
        saved = self.ctx.attempt(self, lambda: self.ctx.workspace.plans.save_draft(plan))
        if saved is None:
            return False
        self.ctx.workspace.drafts.discard(draft_key(plan))
        self._dirty = False
        self.ctx.changed("safety_plan", self.household_id)
        return True

    def create_plan(self) -> bool:
        made = self.ctx.attempt(self, lambda: self.ctx.workspace.plans.create_draft(
            self.household_id))
        if made is not None:
            self.ctx.changed("safety_plan", self.household_id)
        return made is not None

    def fix_dialog(self) -> FixDialog | None:
        """Saves the concept first (what is signed is what is stored)."""
        if not self.save():
            return None
        plan = self.selected_plan()
        return FixDialog(self.ctx, plan, self) if plan else None

    def fix_plan(self) -> None:
        dialog = self.fix_dialog()
        if dialog is not None:
            run_dialog(dialog)

    def new_version(self) -> bool:
        made = self.ctx.attempt(self, lambda: self.ctx.workspace.plans.start_new_version(
            self.household_id))
        if made is None:
            return False
        self.ctx.changed("safety_plan", self.household_id)
        self.select_version(made.version)
        return True

    def compare_dialog(self) -> CompareDialog | None:
        self.flush_autosave()
        plan = self.editor.plan
        older = self._previous(plan)
        if plan is None or older is None:
            return None
        # What is on screen (an unsaved concept too) against the previous version.
        changes = diff_versions(older, plan)
        return CompareDialog(older, plan, changes, self.ctx.mask, self)

    def compare(self) -> None:
        dialog = self.compare_dialog()
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    def condition_action(self, what: str) -> None:
        view = self.editor.selected_condition()
        plan = self.editor.plan
        if what == "add":
            run_dialog(ConditionDialog(self.ctx, self.household_id, self))
        elif view is not None and what == "review":
            run_dialog(ReviewDialog(self.ctx, self.household_id, view.condition.id or 0,
                                    view.condition.text, self))
        elif view is not None and what == "link" and plan is not None:
            run_dialog(LinkGoalsDialog(self.ctx, self.household_id, view.condition.id or 0,
                                       plan.goals, view.goal_ids, self))

    # -- printing -------------------------------------------------------------------------------
    def print_dialog(self) -> PrintDialog | None:
        plan = self.selected_plan()
        if plan is None:
            return None
        if plan.status is PlanStatus.CONCEPT and self._dirty and not self.save():
            return None
        plans = self.ctx.workspace.plans
        copies = self.ctx.attempt(self, lambda: plans.copies(self.household_id, plan.id))
        if copies is None:
            return None
        return PrintDialog(
            self.ctx, self.tr("Veiligheidsplan versie {v} afdrukken").format(v=plan.version),
            lambda audience, purpose: plans.print_plan(self.household_id, audience, plan.id,
                                                       purpose),
            copies, self)

    def print_plan(self) -> None:
        dialog = self.print_dialog()
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    def overview_dialog(self) -> PrintDialog:
        plans = self.ctx.workspace.plans
        return PrintDialog(self.ctx, self.tr("Gezinsoverzicht afdrukken"),
                           lambda _a, purpose: plans.print_family_overview(self.household_id,
                                                                           purpose), [], self)

    def print_overview(self) -> None:
        dialog = self.overview_dialog()
        dialog.exec()
        dialog.deleteLater()

    def _on_privacy(self, _on: bool) -> None:
        # The gezinsoverzicht is a professional's printout: not at the kitchen table.
        home_visit.guard_action(self.overview_button, self.ctx.hides("print.professional_copy"))

    def _on_data_changed(self, kind: str, household_id: int) -> None:
        if household_id == self.household_id:
            self.refresh()
