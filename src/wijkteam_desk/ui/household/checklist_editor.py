"""The run editor: a checklist drawn from its template version. Items answered ja / deels / nee /
n.v.t. with a note, decisions with options and a reason, conditional items that appear and
disappear while answering, required items marked, notices (such as "consultatie van Veilig Thuis
is verplicht"), and what still blocks completion, in Dutch. A run in progress is autosaved
(shortly after each change, and when the editor is left); a completed run is read-only.

The questions have the full height: the notices and what still blocks completion stand in a
column beside them, so their coming and going never moves a question under the mouse (a click
landed on the wrong answer when a warning above the questions disappeared)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...checklist_texts import ANSWERS, answer_label
from ...domain.checklists import (
    Answer,
    ChecklistRun,
    Item,
    ItemKind,
    active_rules,
    deviations,
    visible_items,
)
from ...domain.record import RecordKind
from ...record_texts import correction_text
from ...services.checklists import RunView
from .. import home_visit
from ..context import AppContext
from ..models.checklists import local_time
from ..widgets import colors
from ..widgets.forms import run_dialog
from ..widgets.status import show_info, show_problem
from .common import esc
from .record_dialogs import CorrectAnswerDialog

AUTOSAVE_MS = 800
MAX_PROBLEM_LINES = 8  # the rest is counted
SIDE_CHARS = 44  # width of the column beside the questions, in average characters
NOTICE_STYLE = colors.banner_css(colors.ALERT, f"border: 1px solid {colors.DANGER}; "
                                 "border-radius: 4px; padding: 6px;")


class ItemEditor(QWidget):
    """One question: its text, the answer buttons and the note (or reason)."""

    changed = Signal()

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        marker = " *" if item.required else ""
        self.label = QLabel(f"<b>{esc(item.text)}</b>{marker}", self)
        self.label.setWordWrap(True)
        tips = [item.help] if item.help else []
        if item.source:
            tips.append("Bron: " + ", ".join(str(s) for s in item.source))
        if item.external_basis:
            tips.append(item.external_basis)
        tips.append("Verplicht" if item.required else "Niet verplicht")
        self.label.setToolTip("\n".join(tips))
        layout.addWidget(self.label)
        if item.help:
            help_label = QLabel(item.help, self)
            help_label.setWordWrap(True)
            help_label.setStyleSheet(colors.text_css(colors.MUTED))
            layout.addWidget(help_label)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.text: QPlainTextEdit | None = None
        self.hidden = QLabel(home_visit.WHY, self)  # in place of an open answer, in the mode
        self.hidden.setWordWrap(True)
        self.hidden.hide()
        if item.kind is ItemKind.TEXT:
            self.text = QPlainTextEdit(self)
            self.text.setTabChangesFocus(True)
            self.text.setAccessibleName(item.text)
            self.text.setMaximumHeight(80)
            self.text.textChanged.connect(self.changed)
            layout.addWidget(self.text)
            layout.addWidget(self.hidden)
        else:
            row = QHBoxLayout() if item.kind is ItemKind.ANSWER else QVBoxLayout()
            labels = {o.value: o.label for o in item.options}
            for value in item.allowed:
                button = QRadioButton(labels.get(value) or ANSWERS.get(value, value), self)
                button.setAccessibleName(f"{item.text}: {button.text()}")
                self.group.addButton(button)
                self.buttons[value] = button
                button.toggled.connect(lambda on: on and self.changed.emit())
                row.addWidget(button)
            if isinstance(row, QHBoxLayout):
                row.addStretch(1)
            layout.addLayout(row)
        self.note = QLineEdit(self)
        decision = item.kind is ItemKind.DECISION
        self.note.setPlaceholderText("Reden (verplicht)" if decision and item.reason_required
                                     else "Reden" if decision else "Toelichting (mag leeg)")
        self.note.setAccessibleName(f"{'Reden' if decision else 'Toelichting'}: {item.text}")
        self.note.textChanged.connect(self.changed)
        self.note.setVisible(item.kind is not ItemKind.TEXT)
        layout.addWidget(self.note)
        self.deviation = QLabel(self)
        self.deviation.setWordWrap(True)
        self.deviation.setStyleSheet(colors.text_css(colors.DANGER))
        self.deviation.hide()
        layout.addWidget(self.deviation)

    def show_deviation(self, prompt: str) -> None:
        """The prompt under the answer. Once shown, its room stays when it goes (typing the
        reason makes it go): the questions below must not jump up under the mouse."""
        if prompt:
            self.deviation.setText(prompt)
            policy = self.deviation.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.deviation.setSizePolicy(policy)
        self.deviation.setVisible(bool(prompt))

    def set_answer(self, answer: Answer | None) -> None:
        blockers = [self.note, self.group, *(self.buttons.values())]
        if self.text:
            blockers.append(self.text)
        for w in blockers:
            w.blockSignals(True)
        if self.text is not None:
            self.text.setPlainText(answer.value if answer else "")
        else:
            for value, button in self.buttons.items():
                button.setChecked(answer is not None and answer.value == value)
        self.note.setText(answer.note if answer else "")
        for w in blockers:
            w.blockSignals(False)

    def answer(self) -> Answer | None:
        if self.text is not None:
            value = self.text.toPlainText()
            return Answer(value) if value.strip() else None
        chosen = next((v for v, b in self.buttons.items() if b.isChecked()), None)
        return Answer(chosen, self.note.text().strip()) if chosen else None

    def choose(self, value: str, note: str = "") -> None:
        """What a click and typing do (tests and keyboard users alike)."""
        if self.text is not None:
            self.text.setPlainText(value)
            return
        self.buttons[value].setChecked(True)
        self.note.setText(note)

    def set_read_only(self, on: bool, privacy: bool) -> None:
        """``on``: a completed run. ``privacy``: huisbezoekmodus hides the note (what is typed
        is kept, not shown, and the field says so) and an open answer (a line says why)."""
        masked = home_visit.hides("checklist.note", privacy)
        for button in self.buttons.values():
            button.setEnabled(not on)
        self.note.setReadOnly(on)
        self.note.setEchoMode(QLineEdit.EchoMode.Password if masked
                              else QLineEdit.EchoMode.Normal)
        self.note.setToolTip(home_visit.WHY_TYPED if masked else "")
        if self.text is not None:
            self.text.setReadOnly(on)
            self.text.setVisible(not masked)
            self.hidden.setVisible(masked)


class ChecklistEditor(QWidget):
    """Shows one run. ``saved`` after an autosave, ``completed`` after completing."""

    saved = Signal()
    completed = Signal(object)  # a checklist run id: 64-bit in a team, so not a Qt int
    deleted = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: RunView | None = None
        self.items: dict[str, ItemEditor] = {}
        self.sections: list[tuple[QGroupBox, list[str]]] = []
        self.outcome: ItemEditor | None = None
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel(self)
        self.status.setAccessibleName("Status van de checklist")
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        # The column beside the questions: notices, what still blocks completion, the buttons.
        self.side = QWidget(self)
        self.side.setFixedWidth(self.fontMetrics().averageCharWidth() * SIDE_CHARS)
        self.notices = QLabel(self.side)
        self.notices.setWordWrap(True)
        self.notices.setStyleSheet(NOTICE_STYLE)
        self.notices.setAccessibleName("Let op")
        self.problems = QLabel(self.side)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(colors.text_css(colors.DANGER))
        self.problems.setAccessibleName("Wat nog ontbreekt")
        texts = QWidget(self.side)
        text_layout = QVBoxLayout(texts)
        text_layout.setContentsMargins(0, 0, 4, 0)
        text_layout.addWidget(self.notices)
        text_layout.addWidget(self.problems)
        text_layout.addStretch(1)
        self.side_scroll = QScrollArea(self.side)  # many notices scroll, the buttons stay
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setWidget(texts)
        self.complete_button = QPushButton("&Afronden", self.side)
        self.complete_button.setToolTip("De checklist afronden. Daarna kan niets meer veranderen.")
        self.complete_button.clicked.connect(self.complete)
        self.delete_button = QPushButton("Weggooien", self.side)
        self.delete_button.setToolTip("Deze checklist is per ongeluk begonnen: weggooien")
        self.delete_button.clicked.connect(self.delete)
        self.correct_button = QPushButton("Antwoord &corrigeren…", self.side)
        self.correct_button.setToolTip("Een antwoord van deze afgeronde checklist is fout "
                                       "ingevuld: verbeter het. Het oude antwoord blijft "
                                       "leesbaar.")
        self.correct_button.clicked.connect(self.correct_answer)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.complete_button)
        side_layout = QVBoxLayout(self.side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.side_scroll, 1)
        side_layout.addLayout(buttons)
        row = QHBoxLayout()
        row.addWidget(self.scroll, 1)
        row.addWidget(self.side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addLayout(row, 1)
        self._household_notices: list[str] = []
        self.corrections = {}
        self.ctx.privacy_changed.connect(self._on_privacy)  # ends when this editor is deleted
        self.clear()

    # -- showing a run ------------------------------------------------------------------------
    def clear(self) -> None:
        self.flush()
        self.view = None
        self.title.setText("Kies een checklist in de lijst, of begin een nieuwe.")
        for w in (self.status, self.notices, self.problems, self.complete_button,
                  self.delete_button, self.correct_button, self.side):
            w.hide()
        self._rebuild_body()

    def _rebuild_body(self) -> None:
        # A fresh body: the scroll area deletes the old one with everything on it at once.
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.scroll.setWidget(self.body)
        self.items, self.sections, self.outcome = {}, [], None
        self.corrections: dict[str, QLabel] = {}  # item id: its correction history

    def set_run(self, view: RunView, household_notices: list[str] | None = None) -> None:
        if self.view is not None and self.view.id != view.id:
            self.flush()
        self.view = view
        self._household_notices = household_notices or []
        self._rebuild_body()
        template = view.template
        self.title.setText(f"{template.title} (versie {template.version})")
        if template.description:
            intro = QLabel(template.description, self.body)
            intro.setWordWrap(True)
            self.body_layout.addWidget(intro)
        for section in template.sections:
            box = QGroupBox(section.title, self.body)
            box_layout = QVBoxLayout(box)
            ids = []
            for item in section.items:
                editor = ItemEditor(item, box)
                editor.set_answer(view.run.answers.get(item.id))
                editor.changed.connect(self._on_changed)
                box_layout.addWidget(editor)
                self.items[item.id] = editor
                ids.append(item.id)
            self.body_layout.addWidget(box)
            self.sections.append((box, ids))
        if template.outcome is not None:
            box = QGroupBox("Besluit", self.body)
            self.outcome = ItemEditor(template.outcome, box)
            self.outcome.set_answer(view.run.outcome)
            self.outcome.changed.connect(self._on_changed)
            QVBoxLayout(box).addWidget(self.outcome)
            self.body_layout.addWidget(box)
        self.body_layout.addStretch(1)
        self._show_corrections(view)
        self.status.show()
        self.side.show()
        self._apply_read_only()
        self._update()

    def _show_corrections(self, view: RunView) -> None:
        """Under each corrected answer of a completed run: what it was, when, who and why."""
        if not view.run.completed:
            return
        found = self.ctx.attempt(self, lambda: self.ctx.workspace.record.corrections(
            view.run.household_id, RecordKind.CHECKLIST_ANSWER, view.id)) or []
        editors = {**self.items, **({self.outcome.item.id: self.outcome} if self.outcome
                                    else {})}
        for c in found:
            editor = editors.get(c.item)
            if editor is None:
                continue
            label = self.corrections.get(c.item)
            if label is None:
                label = QLabel(editor)
                label.setWordWrap(True)
                label.setStyleSheet(colors.text_css(colors.MUTED))
                label.setAccessibleName("Correctie van dit antwoord")
                editor.layout().addWidget(label)
                self.corrections[c.item] = label
            before = dict(c.before)
            if isinstance(before.get("value"), str):
                before["value"] = answer_label(view.template, c.item, str(before["value"]))
            line = correction_text(c.at.isoformat(), c.author, c.reason, before)
            label.setText("\n".join(filter(None, (label.text(), line))))

    @property
    def read_only(self) -> bool:
        return self.view is not None and self.view.run.completed

    def _on_privacy(self, _on: bool) -> None:
        self._apply_read_only()
        self._update()

    def _apply_read_only(self) -> None:
        for editor in [*self.items.values(), *([self.outcome] if self.outcome else [])]:
            editor.set_read_only(self.read_only, self.ctx.privacy)
        self.complete_button.setVisible(self.view is not None and not self.read_only)
        self.delete_button.setVisible(self.view is not None and not self.read_only)
        hidden = home_visit.hides("record.correction", self.ctx.privacy)
        self.correct_button.setVisible(self.read_only and not hidden)
        for label in self.corrections.values():
            label.setVisible(not hidden)  # an old answer and its note are notes too

    def current_run(self) -> ChecklistRun | None:
        """The run as on screen now (answers to hidden items kept, as the domain expects)."""
        if self.view is None:
            return None
        answers = {i: e.answer() for i, e in self.items.items()}
        outcome = self.outcome.answer() if self.outcome else None
        run = self.view.run
        return ChecklistRun(run.template_id, run.template_version, run.household_id, run.author,
                            run.started_at, {k: a for k, a in answers.items() if a},
                            outcome, run.completed_at, run.facts)

    def _update(self) -> None:
        """Visibility, notices, deviations and problems follow the answers, live."""
        view, run = self.view, self.current_run()
        if view is None or run is None:
            return
        template, facts = view.template, view.facts
        shown = {i.id for i in visible_items(template, facts, run.answers)}
        for box, ids in self.sections:
            for item_id in ids:
                self.items[item_id].setVisible(item_id in shown)
            box.setVisible(any(i in shown for i in ids))
        notices = [r.notice for r in active_rules(template, facts, run.answers) if r.notice]
        notices += [] if self.read_only else self._household_notices
        if self.ctx.hides("checklist.notice"):
            notices = []  # signals: not for the family's eyes
        self.notices.setText("<br>".join(f"⚠ {esc(n)}" for n in notices))
        self.notices.setVisible(bool(notices))
        deviating = dict(deviations(template, facts, run.answers, run.outcome))
        for editor in [*self.items.values(), *([self.outcome] if self.outcome else [])]:
            rule = deviating.get(editor.item.id)
            editor.show_deviation(rule.prompt if rule else "")
        self.side.setVisible(not self.read_only or bool(notices)
                             or self.correct_button.isVisibleTo(self.side))
        if self.read_only:
            done = local_time(view.run.completed_at)
            self.status.setText(f"Afgerond op {done} door {view.run.author}. "
                                "Alleen lezen.")
            self.problems.hide()
            return
        self.status.setText(f"Bezig sinds {local_time(view.run.started_at)} "
                            f"({view.run.author}). Wordt vanzelf bewaard.")
        problems = self.ctx.workspace.checklists.problems(
            RunView(view.id, run, template, facts))
        if problems:
            lines = [f"• {esc(p)}" for p in problems[:MAX_PROBLEM_LINES]]
            if len(problems) > MAX_PROBLEM_LINES:
                lines.append(f"… en nog {len(problems) - MAX_PROBLEM_LINES} punten.")
            show_problem(self.problems, f"<b>Nog te doen voor afronden ({len(problems)}):</b>"
                         "<br>" + "<br>".join(lines))
        else:
            show_info(self.problems, "<b>Alles is ingevuld.</b> Je kunt de checklist afronden.")
        self.problems.show()

    # -- editing ------------------------------------------------------------------------------
    def _on_changed(self) -> None:
        if self.read_only:
            return
        self._dirty = True
        self._timer.start()
        self._update()

    def flush(self) -> None:
        """Write the run in progress now (the autosave timer calls this too)."""
        self._timer.stop()
        run = self.current_run()
        if not self._dirty or run is None or self.view is None or self.read_only:
            return
        self._dirty = False
        view = self.view
        result = self.ctx.attempt(self, lambda: self.ctx.workspace.checklists.save(
            view.id, run.answers, run.outcome))
        if result is not None:
            self.view = RunView(view.id, result.run, view.template, view.facts)
            self.saved.emit()

    def complete(self) -> bool:
        self.flush()
        if self.view is None or self.read_only:
            return False
        run_id = self.view.id
        done = self.ctx.attempt(self, lambda: self.ctx.workspace.checklists.complete(run_id))
        if done is None:
            return False
        self.set_run(done)
        self.completed.emit(run_id)
        return True

    def delete(self) -> None:
        if self.view is None or self.read_only:
            return
        run_id = self.view.id
        self._dirty = False

        def delete() -> bool:
            self.ctx.workspace.checklists.delete(run_id)
            return True

        if self.ctx.attempt(self, delete):
            self.view = None
            self.clear()
            self.deleted.emit(run_id)

    def correct_dialog(self) -> CorrectAnswerDialog | None:
        return CorrectAnswerDialog(self.ctx, self.view, self) \
            if self.view is not None and self.read_only else None

    def correct_answer(self) -> bool:
        """Correct an answer of the completed run on screen, then show it as it is now."""
        dialog = self.correct_dialog()
        if dialog is None or self.view is None or not run_dialog(dialog):
            return False
        run_id = self.view.id
        fresh = self.ctx.attempt(self, lambda: self.ctx.workspace.checklists.get(run_id))
        if fresh is not None:
            self.set_run(fresh)
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.flush()  # leaving the tab or the household saves what was typed
        super().hideEvent(event)
