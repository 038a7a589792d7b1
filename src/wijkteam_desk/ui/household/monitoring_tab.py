"""The household's Monitoring tab (DOMAIN.md rule 3, 002:509): the list of moments and the form
for one moment — conditions, plan goals, incidents since the last moment, veiligheidsschaal,
help still in place, the children, "duurzaam veilig" per victim, the family's own view, and the
outcome. The form autosaves while it is open; a completed moment is read-only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.monitoring import MomentForm, MonitoringMoment, Outcome
from ...files import write_private
from ...monitoring_texts import (
    CONDITION_STATUSES,
    DURABLY_SAFE,
    GOAL_EXECUTIONS,
    OUTCOMES,
    moment_title,
)
from ...texts import SEVERITIES, VIOLENCE_FORMS, plural
from .. import home_visit
from ..context import AppContext
from ..models.monitoring import MomentsModel
from ..widgets import colors
from ..widgets.dates import DateField, fmt_date
from ..widgets.fields import ValueCombo, text_box
from ..widgets.forms import ServiceDialog, run_dialog
from ..widgets.status import show_info, show_problem
from ..widgets.tables import selected_row, size_columns, table_view

AUTOSAVE_MS = 1500


def _combo(parent: QWidget, labels: dict[str, str], name: str) -> ValueCombo:
    box = ValueCombo(parent)
    box.addItem("—", "")
    for value, label in labels.items():
        box.addItem(label, value)
    box.setAccessibleName(name)
    return box


def _choose_pdf(parent: QWidget, suggestion: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Monitoringformulier opslaan"),
                                          suggestion, parent.tr("PDF (*.pdf)"))
    return path


def _confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, parent.tr("Moment afronden"), text)
    return answer == QMessageBox.StandardButton.Yes


class ExtraMomentDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Extra monitoringmoment", parent,
                         "Een extra moment naast die van 3 en 12 maanden. Zeg waarom.")
        self.household_id = household_id
        self.due = DateField(ctx.workspace.clock.today(), parent=self)
        self.add_row(self.tr("&Datum:"), self.due)
        self.purpose = QLineEdit(self)
        self.purpose.setMaxLength(500)
        self.add_row(self.tr("&Waarom:"), self.purpose,
                     self.tr("Bijvoorbeeld: na de zitting, of na de verhuizing"))

    def apply(self) -> object:
        return self.ctx.workspace.monitoring.add_extra(
            self.household_id, self.due.value() or self.ctx.workspace.clock.today(),
            self.purpose.text())


class MomentFormWidget(QWidget):
    """The form for one moment. ``answers()`` reads it back; ``on_change`` fires on every edit."""

    def __init__(self, form: MomentForm, privacy: bool, on_change: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._on_change = on_change
        self._masked: list[tuple[QWidget, QLabel]] = []
        self._left_out: list[tuple[str, QWidget, QLabel]] = []  # whole boxes the mode hides
        self._offers: list[tuple[QLabel, str, str]] = []  # (label, text, no-offer reasons)
        self._loading = True
        a = form.moment.answers()
        layout = QVBoxLayout(self)
        m, h = form.moment, form.household
        title = QLabel(moment_title(m.offset_months, m.purpose, h.from_vt), self)
        font = title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        state = self.tr("Gepland op {d}.").format(d=fmt_date(m.due_on))
        if m.is_done:
            state += " " + self.tr("Afgerond op {d} door {who}. Alleen lezen.").format(
                d=fmt_date(m.completed_on), who=m.completed_by)
        elif m.days_overdue(form.today):
            state += " " + self.tr("{n} te laat.").format(
                n=plural(m.days_overdue(form.today), "dag", "dagen"))
        self.state = QLabel(state, self)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)

        self.inputs = QWidget(self)
        body = QVBoxLayout(self.inputs)
        body.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.inputs)

        # 1. conditions and goals (uitvoering van het plan)
        self.conditions: dict[int, tuple[ValueCombo, QLineEdit]] = {}
        box, grid = self._group(body, self.tr("Veiligheidsvoorwaarden van Veilig Thuis"))
        for row, (cid, text) in enumerate(form.conditions):
            self.conditions[cid] = self._rated_row(grid, row, text, CONDITION_STATUSES,
                                                   a.get("conditions", {}).get(str(cid), {}))
        if not form.conditions:
            grid.addWidget(QLabel(self.tr("Geen voorwaarden vastgelegd."), box), 0, 0)
        self.goals: dict[int, tuple[ValueCombo, QLineEdit]] = {}
        names = {p.id: p.full_name for p in form.persons}
        box, grid = self._group(body, self.tr("Uitvoering van het plan van aanpak"))
        for row, g in enumerate(form.goals):
            who = names.get(g.person_id, "") if g.person_id else self.tr("hele gezin")
            self.goals[g.id] = self._rated_row(grid, row, f"{g.text} ({who})", GOAL_EXECUTIONS,
                                               a.get("goals", {}).get(str(g.id), {}))
        if not form.goals:
            grid.addWidget(QLabel(self.tr("Geen doelen in het plan."), box), 0, 0)

        # 2. development of safety
        since = fmt_date(form.incidents_since) or self.tr("het begin")
        box, grid = self._group(body, self.tr("Incidenten en politiemeldingen sinds {d}")
                                .format(d=since))
        self._leave_out("incident", box, body)
        self.incidents: dict[int, QCheckBox] = {}
        confirmed = a.get("incidents", {})
        for row, i in enumerate(form.incidents):
            text = f"{fmt_date(i.occurred_on)}: " + ", ".join(
                VIOLENCE_FORMS.get(f.value, f.value) for f in i.forms) + \
                f" ({SEVERITIES.get(i.severity.value, '')})" + \
                (self.tr(", politiemelding") if i.police_report else "")
            check = QCheckBox(text + self.tr(" — besproken"), box)
            check.setToolTip(self.tr("Aanvinken als het incident met het gezin is besproken"))
            check.setChecked(bool(confirmed.get(str(i.id))))
            check.toggled.connect(self._changed)
            grid.addWidget(check, row, 0)
            self.incidents[i.id] = check
        if not form.incidents:
            grid.addWidget(QLabel(self.tr("Geen incidenten in deze periode."), box), 0, 0)
        box, grid = self._group(body, self.tr("Veiligheidsschaal (0 = helemaal niet veilig, "
                                              "10 = helemaal veilig)"))
        self.scores: dict[int, QSpinBox] = {}
        for row, p in enumerate(form.persons):
            spin = QSpinBox(box)
            spin.setRange(-1, 10)
            spin.setSpecialValueText("—")
            spin.setValue(int(a.get("scores", {}).get(str(p.id), -1)))
            spin.setAccessibleName(self.tr("Score van {name}").format(name=p.full_name))
            spin.valueChanged.connect(self._changed)
            grid.addWidget(QLabel(p.full_name, box), row, 0)
            grid.addWidget(spin, row, 1)
            self.scores[p.id] = spin
        box, grid = self._group(body, self.tr("Hulp die er nog is"))
        self.help_checks: dict[int, QCheckBox] = {}
        in_place = set(a.get("help_in_place", []))
        for row, (iid, label) in enumerate(form.help_in_place):
            check = QCheckBox(label, box)
            check.setChecked(iid in in_place)
            check.toggled.connect(self._changed)
            grid.addWidget(check, row, 0, 1, 2)
            self.help_checks[iid] = check
        self.help = self._text(grid, len(form.help_in_place), self.tr("Andere hulp of "
                               "toelichting"), str(a.get("help", "")))
        box, grid = self._group(body, self.tr("Kinderen"))
        self.children: dict[int, QPlainTextEdit] = {}
        for row, c in enumerate(form.children):
            offers = form.offers_for(c.id)
            reasons = [o.no_offer_reason for o in offers if not o.description]
            if offers:
                offer = "; ".join(o.description or self.tr("geen aanbod: {r}").format(
                    r=o.no_offer_reason) for o in offers)
            elif form.child_needs_offer(c):
                offer = self.tr("Nog geen aanbod: leg bij Plan een aanbod vast")
            else:
                offer = self.tr("geen aanbod nodig")
            label = QLabel(f"{c.full_name}: {offer}", box)
            label.setWordWrap(True)
            self._offers += [(label, f"{c.full_name}: {offer}", r) for r in reasons[:1]]
            if not offers and form.child_needs_offer(c):
                label.setStyleSheet(colors.text_css(colors.DANGER))
            grid.addWidget(label, row * 2, 0, 1, 2)
            self.children[c.id] = self._text(grid, row * 2 + 1, self.tr("Hoe gaat het met {n}?")
                                             .format(n=c.given_name),
                                             str(a.get("children", {}).get(str(c.id), "")))
        if not form.children:
            grid.addWidget(QLabel(self.tr("Geen kinderen in dit gezin."), box), 0, 0)

        # 3. results
        box, grid = self._group(body, self.tr("Duurzaam veilig?"))
        self._leave_out("monitoring.durably_safe", box, body)  # it lists who is victim
        self.safe: dict[int, ValueCombo] = {}
        for row, v in enumerate(form.victims):
            safe = _combo(box, DURABLY_SAFE, self.tr("Duurzaam veilig: {n}").format(
                n=v.full_name))
            safe.setCurrentIndex(max(0, safe.findData(a.get("durably_safe", {}).get(
                str(v.id), ""))))
            safe.currentIndexChanged.connect(self._changed)
            grid.addWidget(QLabel(v.full_name, box), row, 0)
            grid.addWidget(safe, row, 1)
            self.safe[v.id] = safe
        if not form.victims:
            grid.addWidget(QLabel(self.tr("Geen slachtoffer vastgelegd."), box), 0, 0)
        box, grid = self._group(body, self.tr("Wat vindt het gezin zelf?"))
        self.family_view = self._text(grid, 0, self.tr("De woorden van het gezin"),
                                      str(a.get("family_view", "")))
        box, grid = self._group(body, self.tr("Uitkomst"))
        self.outcome = _combo(box, OUTCOMES, self.tr("Uitkomst"))
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(
            m.outcome or a.get("outcome", ""))))
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        grid.addWidget(self.outcome, 0, 0, 1, 2)
        self.hint = QLabel(box)
        self.hint.setWordWrap(True)
        grid.addWidget(self.hint, 1, 0, 1, 2)
        self.reason = QLineEdit(str(a.get("outcome_reason", "")), box)
        self.reason.setAccessibleName(self.tr("Reden"))
        self.reason.setPlaceholderText(self.tr("Reden (nodig bij heropenen, melden en eerder "
                                               "afsluiten)"))
        self.reason.textChanged.connect(self._changed)
        grid.addWidget(self.reason, 2, 0, 1, 2)
        layout.addStretch(1)
        self.inputs.setEnabled(not m.is_done)
        if m.is_done:  # read-only, not faded: a completed moment is read back in full
            colors.readable_when_disabled(self.inputs)
        self._outcome_changed()
        self.set_privacy(privacy)
        self._loading = False

    # -- building ------------------------------------------------------------------------------
    def _group(self, body: QVBoxLayout, title: str) -> tuple[QGroupBox, QGridLayout]:
        box = QGroupBox(title, self.inputs)
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 3)
        body.addWidget(box)
        return box, grid

    def _rated_row(self, grid: QGridLayout, row: int, text: str, labels: dict[str, str],
                   value: Any) -> tuple[ValueCombo, QLineEdit]:
        parent = grid.parentWidget()
        value = value if isinstance(value, dict) else {}
        label = QLabel(text, parent)
        label.setWordWrap(True)
        status = _combo(parent, labels, text)
        status.setCurrentIndex(max(0, status.findData(value.get("status", ""))))
        status.currentIndexChanged.connect(self._changed)
        note = QLineEdit(str(value.get("note", "")), parent)
        note.setPlaceholderText(self.tr("Toelichting"))
        note.setAccessibleName(self.tr("Toelichting: {t}").format(t=text))
        note.textChanged.connect(self._changed)
        grid.addWidget(label, row, 0)
        grid.addWidget(status, row, 1)
        grid.addWidget(note, row, 2)
        self._masked.append((note, QLabel()))
        return status, note

    def _text(self, grid: QGridLayout, row: int, placeholder: str,
              value: str) -> QPlainTextEdit:
        parent = grid.parentWidget()
        box = text_box(parent, placeholder, lines=2)
        box.setMaximumHeight(box.fontMetrics().lineSpacing() * 5 + 12)
        box.setAccessibleName(placeholder)
        box.setPlainText(value)
        box.textChanged.connect(self._changed)
        hidden = QLabel(self.tr("Verborgen in huisbezoekmodus (F9)"), parent)
        hidden.hide()
        grid.addWidget(box, row, 0, 1, 3)
        grid.addWidget(hidden, row, 0, 1, 3)
        self._masked.append((box, hidden))
        return box

    def _leave_out(self, field: str, box: QGroupBox, body: QVBoxLayout) -> None:
        hidden = QLabel(self.tr("{title}: verborgen in huisbezoekmodus (F9).").format(
            title=box.title()), self.inputs)
        hidden.hide()
        body.addWidget(hidden)
        self._left_out.append((field, box, hidden))

    def set_privacy(self, on: bool) -> None:
        """Huisbezoekmodus hides the free text (notes, help, children, the family's view), the
        incidents and who is victim; the values stay in the form and keep autosaving. A note
        typed in the mode is kept too: the field says so (``home_visit.WHY_TYPED``)."""
        masked = home_visit.hides("monitoring.note", on)
        for widget, hidden in self._masked:
            if isinstance(widget, QLineEdit):
                widget.setEchoMode(QLineEdit.EchoMode.Password if masked else
                                   QLineEdit.EchoMode.Normal)
                widget.setToolTip(home_visit.WHY_TYPED if masked else "")
            else:
                widget.setVisible(not masked)
                hidden.setVisible(masked)
        for field, box, hidden in self._left_out:
            box.setVisible(not home_visit.hides(field, on))
            hidden.setVisible(home_visit.hides(field, on))
        for label, text, reason in self._offers:
            label.setText(text.replace(reason, home_visit.shown(
                "child_offer.no_offer_reason", reason, on)))

    # -- reading back --------------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._on_change()

    def _outcome_changed(self, *_args: object) -> None:
        outcome = self.outcome.currentData()
        closing = self.form.earliest_closing
        if outcome == Outcome.AFSLUITEN.value and closing and self.form.today < closing:
            self.hint.setText(self.tr("Afsluiten kan regulier pas vanaf {d} (een jaar na het "
                                      "laatste incident). Eerder afsluiten vraagt een reden.")
                              .format(d=fmt_date(closing)))
        elif outcome == Outcome.HEROPENEN.value:
            self.hint.setText(self.tr("Het gezin gaat terug naar directe veiligheid. Bekijk "
                                      "daarna het veiligheidsplan opnieuw."))
        elif outcome == Outcome.MELDEN_VT.value:
            self.hint.setText(self.tr("Er wordt een melding klaargezet voor Veilig Thuis "
                                      "(VT-uitwisseling)."))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        self._changed()

    def answers(self) -> dict[str, Any]:
        def rated(rows: dict[int, tuple[ValueCombo, QLineEdit]]) -> dict[str, Any]:
            return {str(k): {"status": c.currentData() or "", "note": n.text()}
                    for k, (c, n) in rows.items() if c.currentData() or n.text().strip()}

        return {
            "conditions": rated(self.conditions),
            "goals": rated(self.goals),
            "incidents": {str(k): c.isChecked() for k, c in self.incidents.items()},
            "scores": {str(k): s.value() for k, s in self.scores.items() if s.value() >= 0},
            "help": self.help.toPlainText(),
            "help_in_place": [k for k, c in self.help_checks.items() if c.isChecked()],
            "children": {str(k): b.toPlainText() for k, b in self.children.items()},
            "durably_safe": {str(k): c.currentData() for k, c in self.safe.items()
                             if c.currentData()},
            "family_view": self.family_view.toPlainText(),
            "outcome": self.outcome.currentData() or "",
            "outcome_reason": self.reason.text(),
        }


class MonitoringTab(QWidget):
    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None,
                 choose_pdf: Callable[[QWidget, str], str] | None = None,
                 confirm: Callable[[QWidget, str], bool] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.choose_pdf = choose_pdf or _choose_pdf
        self.confirm = confirm or _confirm
        self.form_widget: MomentFormWidget | None = None
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_now)

        self.model = MomentsModel(ctx.workspace.clock.today(), self)
        self.table = table_view(self.model, self.tr("Monitoringmomenten"), self)
        size_columns(self.table, ("Extra: 0000000000000", "00-00-0000",
                                  "gepland, 999 dagen te laat", ""))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._load_selected())
        self.add_button = QPushButton(self.tr("Extra &moment…"), self)
        self.add_button.setToolTip(self.tr("Een extra monitoringmoment plannen"))
        self.add_button.clicked.connect(self.add_extra)
        self.remove_button = QPushButton(self.tr("Extra moment &verwijderen"), self)
        self.remove_button.clicked.connect(self.remove_extra)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        lv.addLayout(row)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(self.tr("Monitoringformulier"))
        self.placeholder = QLabel(self.tr("Kies links een moment."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidget(self.placeholder)
        self.finish_button = QPushButton(self.tr("&Afronden…"), self)
        self.finish_button.setToolTip(self.tr("Het moment afronden met de gekozen uitkomst. "
                                              "Daarna kan het niet meer veranderen."))
        self.finish_button.clicked.connect(self.finish)
        self.print_button = QPushButton(self.tr("Af&drukken…"), self)
        self.print_button.setToolTip(self.tr("Het formulier met de antwoorden als PDF opslaan"))
        self.print_button.clicked.connect(self.print_pdf)
        self.saved = QLabel(self)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.finish_button)
        rv.addLayout(buttons)

        # The list is as wide as its moment, date and status (the status was cut off at 420 px
        # and larger text); the outcome column takes what is left.
        table_width = sum(self.table.columnWidth(c) for c in range(4)) + \
            self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()
        left.setMinimumWidth(table_width)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([table_width, 900])
        QVBoxLayout(self).addWidget(split)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.privacy_changed.connect(self._on_privacy)
        self.refresh()

    # -- list ----------------------------------------------------------------------------------
    def refresh(self, reload_form: bool = False) -> None:
        """Re-read the moments; ``reload_form`` also rebuilds the open form (other data of the
        household changed: goals, conditions, persons)."""
        if self.ctx.workspace is None:
            return
        self.save_now()
        current = self.current_moment_id()
        if reload_form:
            self.form_widget = None
        moments = self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.moments(
            self.household_id))
        if moments is None:
            return
        self.model.set_rows(moments, self.ctx.workspace.clock.today())
        target = current if current is not None else self._first_open(moments)
        if target is None or not self.select_moment(target):
            self._show_form(None)

    @staticmethod
    def _first_open(moments: list[MonitoringMoment]) -> int | None:
        return next((m.id for m in moments if not m.is_done),
                    moments[-1].id if moments else None)

    def current_moment_id(self) -> int | None:
        form = self.form_widget
        return form.form.moment.id if form is not None else None

    def select_moment(self, moment_id: int) -> bool:
        row = self.model.row_of(moment_id)
        if row is None:
            return False
        self.table.selectRow(row)
        if self.current_moment_id() != moment_id:
            self._load_selected()
        return True

    def _load_selected(self) -> None:
        row = selected_row(self.table)
        if row is None:
            return
        moment = self.model.rows[row]
        if moment.id == self.current_moment_id() and self.form_widget is not None:
            return
        self.save_now()
        form = self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.form(moment.id))
        self._show_form(form)

    def _show_form(self, form: MomentForm | None) -> None:
        self._timer.stop()
        self._dirty = False
        if form is None:
            self.form_widget = None
            self.placeholder = QLabel(self.tr("Nog geen monitoringmomenten. Ze worden gepland "
                                              "vanaf de overdracht door Veilig Thuis, of vanaf "
                                              "het afsluiten."), self)
            self.placeholder.setWordWrap(True)
            self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.scroll.setWidget(self.placeholder)
        else:
            self.form_widget = MomentFormWidget(form, self.ctx.privacy, self._edited)
            self.scroll.setWidget(self.form_widget)
        done = form is None or form.moment.is_done
        self.finish_button.setEnabled(not done)
        self.print_button.setEnabled(form is not None)
        self.remove_button.setEnabled(form is not None and form.moment.is_extra and not done)
        self.saved.setText("")

    # -- autosave and actions ------------------------------------------------------------------
    def _edited(self) -> None:
        self._dirty = True
        show_info(self.saved, self.tr("Wordt bewaard…"))
        self._timer.start()

    def save_now(self) -> bool:
        """Write the answers now (the timer calls this; so do switching and hiding)."""
        self._timer.stop()
        form = self.form_widget
        if not self._dirty or form is None or form.form.moment.is_done or \
                self.ctx.workspace is None:
            return False
        self._dirty = False
        ok = self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.save_answers(
            form.form.moment.id, form.answers()))
        show_info(self.saved, self.tr("Bewaard.") if ok is None and not self._dirty else "")
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.save_now()
        super().hideEvent(event)

    def finish(self) -> bool:
        form = self.form_widget
        if form is None or form.form.moment.is_done:
            return False
        answers = form.answers()
        outcome = answers["outcome"]
        if not outcome:
            show_problem(self.saved, self.tr("Kies eerst een uitkomst."))
            return False
        if not self.confirm(self, self.tr("Het moment afronden met de uitkomst '{o}'? Daarna "
                                          "kan het formulier niet meer veranderen.")
                            .format(o=OUTCOMES[outcome])):
            return False
        self.save_now()
        mid = form.form.moment.id
        done = self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.complete(
            mid, answers, Outcome(outcome), reason=answers["outcome_reason"]) or True)
        if not done:
            return False
        self._dirty = False
        self.form_widget = None
        self.ctx.changed("monitoring", self.household_id)  # phase or status may have changed
        self.refresh()
        self.select_moment(mid)
        return True

    def print_pdf(self) -> Path | None:
        form = self.form_widget
        if form is None:
            return None
        self.save_now()
        mid = form.form.moment.id
        chosen = self.choose_pdf(self, str(Path.home() / f"monitoring-{mid}.pdf"))
        if not chosen:
            return None
        pdf = self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.print_moment(mid))
        if pdf is None:
            return None
        path = Path(chosen)
        try:
            write_private(path, pdf)
        except OSError:
            show_problem(self.saved, self.tr("Opslaan is niet gelukt. Kies een andere map."))
            return None
        show_info(self.saved, self.tr("Afgedrukt naar {name}.").format(name=path.name))
        return path

    def add_extra(self) -> None:
        run_dialog(ExtraMomentDialog(self.ctx, self.household_id, self), self._added)

    def _added(self, moment_id: object) -> None:
        self.refresh()
        if isinstance(moment_id, int):
            self.select_moment(moment_id)

    def remove_extra(self) -> None:
        form = self.form_widget
        if form is None:
            return
        mid = form.form.moment.id
        self._dirty = False
        if self.ctx.attempt(self, lambda: self.ctx.workspace.monitoring.remove_extra(mid)
                            or True):
            self.form_widget = None
            self.refresh()

    def _on_data_changed(self, kind: str, household_id: int) -> None:
        if household_id == self.household_id and kind != "monitoring":
            self.refresh(reload_form=True)

    def _on_privacy(self, on: bool) -> None:
        if self.form_widget is not None:
            self.form_widget.set_privacy(on)

