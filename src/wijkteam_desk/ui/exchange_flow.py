"""Sending to Veilig Thuis as one guided flow: (1) VT's key, set up here when there is none
(fingerprint compared by phone, "Nee" the default); (2) which VT, when the team trusts more than
one; (3) the families (all changed since VT's last receipt, or a selection) or a melding, and
the receipts the team owes VT; (4) a Dutch summary of exactly what leaves the laptop; (5) one
folder for all the files; then how many files were written and where."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from ..texts import error_text
from .context import AppContext
from .exchange_keys import (
    FolderChooser,
    TrustAsk,
    add_vt_key,
    ask_trust,
    choose_folder,
    files_written,
)
from .exchange_steps import (
    ChooseStep,
    DoneStep,
    FolderStep,
    KeyStep,
    RecipientStep,
    Step,
    SummaryStep,
)
from .widgets import colors

if TYPE_CHECKING:  # the service (and the storage under it) loads when a vault opens
    from ..domain.exchange import OutboxItem
    from ..services.exchange import ExportDraft, ExportedFile, KeyInfo

KEY, RECIPIENT, CHOOSE, SUMMARY, FOLDER, DONE = range(6)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class SendFlow(QDialog):
    """``households``: start with these families chosen (the household tab's button);
    ``kind``: ``terugkoppeling`` or ``melding``. File dialogs are injected for the tests."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 households: Sequence[int] | None = None, kind: str = "terugkoppeling",
                 choose: FolderChooser = choose_folder, ask: TrustAsk = ask_trust) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choose, self._ask = choose, ask
        self.drafts: list[ExportDraft] = []
        self.receipts: list[OutboxItem] = []
        self.recipient: KeyInfo | None = None
        self.folder = ""
        self.written: list[ExportedFile] = []
        self.setWindowTitle(self.tr("Versturen naar Veilig Thuis"))
        self.setAccessibleName(self.tr("Versturen naar Veilig Thuis"))
        self.setModal(True)
        self.resize(760, 600)
        self.heading = QLabel(self)
        self.heading.setAccessibleName(self.tr("Stap"))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.key_step, self.recipient_step = KeyStep(self), RecipientStep(self)
        self.choose_step, self.summary_step = ChooseStep(self), SummaryStep(self)
        self.folder_step, self.done_step = FolderStep(self), DoneStep(self)
        self.pages = QStackedWidget(self)
        for page in self.steps:
            self.pages.addWidget(page)
        self.back_button = QPushButton(self.tr("Terug"), self)
        self.next_button = QPushButton(self.tr("Verder"), self)
        self.cancel_button = QPushButton(self.tr("Annuleren"), self)
        self.back_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.next_button.setDefault(True)
        # As wide as its longest text, so "Bestanden schrijven" is never cut while it grows.
        self.next_button.setMinimumWidth(self.next_button.fontMetrics().horizontalAdvance(
            self.tr("Bestanden schrijven")) + 32)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

        self.key_step.choose_button.clicked.connect(self.add_key)
        self.recipient_step.group.buttonToggled.connect(self._update_buttons)
        self.choose_step.feedback.toggled.connect(self._kind_changed)
        self.choose_step.all_changed.toggled.connect(self._all_changed)
        self.folder_step.choose_button.clicked.connect(self.choose_folder)
        ctx.privacy_changed.connect(self._on_privacy)  # bound: ends with the dialog
        self._fill_choices(households, kind)
        self._history: list[int] = []
        self.go(self._first())

    @property
    def steps(self) -> list[Step]:
        return [self.key_step, self.recipient_step, self.choose_step, self.summary_step,
                self.folder_step, self.done_step]

    # -- where the flow goes ----------------------------------------------------------------------
    def _active_keys(self) -> list[KeyInfo]:
        return [k for k in self.ctx.workspace.exchange.keys() if not k.revoked]

    def _first(self) -> int:
        keys = self._active_keys()
        if not keys:
            return KEY
        return RECIPIENT if len(keys) > 1 else CHOOSE

    def _planned(self) -> list[int]:
        """The steps this user goes through (for "Stap 2 van 4")."""
        start = self._history[0] if self._history else self.current
        keys = len(self._active_keys())
        steps = [KEY] if start == KEY else []
        if keys > 1 or RECIPIENT in self._history or self.current == RECIPIENT:
            steps.append(RECIPIENT)
        return steps + [CHOOSE, SUMMARY, FOLDER]

    @property
    def current(self) -> int:
        return self.pages.currentIndex()

    def go(self, step: int) -> None:
        if step == RECIPIENT:
            self.recipient_step.set_keys([
                (self.tr("{n} (vingerafdruk {fp})").format(n=k.name, fp=k.signing_fingerprint),
                 k.signing_key_id) for k in self._active_keys()])
        elif step == CHOOSE:
            self._fill_receipts()
        self.pages.setCurrentIndex(step)
        planned = self._planned()
        page = self.steps[step]
        if step in planned:
            self.heading.setText(self.tr("Stap {i} van {n}: {t}").format(
                i=planned.index(step) + 1, n=len(planned), t=page.title))
        else:
            self.heading.setText(page.title)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        step = self.current
        done = step == DONE
        self.back_button.setVisible(not done)
        self.back_button.setEnabled(bool(self._history))
        self.cancel_button.setText(self.tr("Sluiten") if done else self.tr("Annuleren"))
        self.next_button.setVisible(not done)
        self.next_button.setText(self.tr("Bestanden schrijven") if step == FOLDER
                                 else self.tr("Verder"))
        ready = {KEY: bool(self._active_keys()),
                 RECIPIENT: self.recipient_step.chosen() is not None, CHOOSE: True,
                 SUMMARY: not self.ctx.hides("exchange.summary"),  # to be read before it goes
                 FOLDER: bool(self.folder)}
        self.next_button.setEnabled(ready.get(step, False))

    def next(self) -> bool:
        """What "Verder" (or "Bestanden schrijven") does; False when the flow stays put."""
        step = self.current
        if not self.next_button.isEnabled():
            return False
        if step == KEY:
            target = RECIPIENT if len(self._active_keys()) > 1 else CHOOSE
        elif step == RECIPIENT:
            target = CHOOSE
        elif step == CHOOSE:
            if not self.prepare():
                return False
            target = SUMMARY
        elif step == SUMMARY:
            self._describe_folder()
            target = FOLDER
        elif step == FOLDER:
            if not self.write():
                return False
            self._history.clear()  # what is written cannot be taken back
            self.go(DONE)
            return True
        else:
            return False
        self._history.append(step)
        self.go(target)
        return True

    def back(self) -> None:
        if self._history:
            self.go(self._history.pop())

    # -- step 1 and 2: the key ---------------------------------------------------------------------
    def add_key(self) -> KeyInfo | None:
        added, message, problem = add_vt_key(self.ctx, self, self._choose, self._ask)
        self._say(self.key_step, message, problem)
        self._update_buttons()
        return added

    def _recipient(self) -> KeyInfo | None:
        keys = self._active_keys()
        if len(keys) == 1:
            return keys[0]
        chosen = self.recipient_step.chosen()
        return next((k for k in keys if k.signing_key_id == chosen), None)

    # -- step 3: the families ----------------------------------------------------------------------
    def _fill_choices(self, households: Sequence[int] | None, kind: str) -> None:
        step = self.choose_step
        exchange = self.ctx.workspace.exchange
        self.pending = set(exchange.pending_feedback())
        rows = [r.summary for r in self.ctx.workspace.cases.list_cases()]
        self.names = {s.household_id: s.name for s in rows}
        step.all_changed.setText(self.tr(
            "Alle gezinnen die veranderd zijn sinds de laatste bevestigde terugkoppeling "
            "({n})").format(n=len(self.pending)))
        chosen = set(households) if households is not None else self.pending
        for s in rows:
            if s.from_vt:
                item = QListWidgetItem(s.name, step.households)
                item.setData(Qt.ItemDataRole.UserRole, s.household_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if s.household_id in chosen
                                   else Qt.CheckState.Unchecked)
            if s.status.value == "open" or (households and s.household_id in households):
                step.melding_household.addItem(s.name, s.household_id)
        if households is not None:
            step.pick.setChecked(True)
            at = step.melding_household.findData(households[0]) if households else -1
            step.melding_household.setCurrentIndex(max(at, 0))
        (step.melding if kind == "melding" else step.feedback).setChecked(True)
        self._kind_changed()
        # Changing a tick is choosing yourself (bound: the list dies with this dialog).
        step.households.itemChanged.connect(self._ticked)

    def _fill_receipts(self) -> None:
        self.receipts = self.ctx.workspace.exchange.outbox()
        n = len(self.receipts)
        box = self.choose_step.receipts
        box.setVisible(n > 0)
        box.setText(self.tr("Ook de ontvangstbevestigingen die Veilig Thuis nog van je krijgt "
                            "({n})").format(n=n) if n != 1 else self.tr(
            "Ook de ontvangstbevestiging die Veilig Thuis nog van je krijgt (1)"))

    def _kind_changed(self, *_args: object) -> None:
        step = self.choose_step
        melding = step.melding.isChecked()
        step.feedback_box.setVisible(not melding)
        step.melding_box.setVisible(melding)

    def _ticked(self, _item: QListWidgetItem) -> None:
        self.choose_step.pick.setChecked(True)

    def _all_changed(self, on: bool) -> None:
        """Back to "all changed": the ticks show again which families that means."""
        if not on:
            return
        households = self.choose_step.households
        households.blockSignals(True)
        for i in range(households.count()):
            item = households.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in self.pending else Qt.CheckState.Unchecked)
        households.blockSignals(False)

    def kind(self) -> str:
        return "melding" if self.choose_step.melding.isChecked() else "terugkoppeling"

    def chosen_households(self) -> list[int] | None:
        """The ticked families, or None for "all changed since VT's last receipt"."""
        step = self.choose_step
        if self.kind() == "melding":
            hid = step.melding_household.currentData()
            return [int(hid)] if hid is not None else []
        if step.all_changed.isChecked():
            return None
        return [int(step.households.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(step.households.count())
                if step.households.item(i).checkState() == Qt.CheckState.Checked]

    def prepare(self) -> bool:
        step = self.choose_step
        kind, households = self.kind(), self.chosen_households()
        options: dict[str, Any] = {}
        if kind == "melding":
            options = {"concerns": step.concerns.toPlainText(),
                       "client_informed": step.informed.currentData(),
                       "not_informed_reason": step.not_informed.text()}
        wants_drafts = kind == "melding" or households is None or bool(households)
        try:
            self.drafts = self.ctx.workspace.exchange.prepare(kind, households, **options) \
                if wants_drafts else []
        except WijkteamError as error:
            self._say(step, error_text(error), problem=True)
            return False
        if not (step.receipts.isVisible() and step.receipts.isChecked()):
            self.receipts = []
        if not self.drafts and not self.receipts:
            self._say(step, self.tr("Er is niets om te versturen. Vink een gezin aan.")
                      if households is not None else self.tr(
                          "Er is niets om te versturen: geen gezin is veranderd sinds de "
                          "laatste bevestigde terugkoppeling. Kies 'Zelf kiezen' en vink een "
                          "gezin aan."), problem=True)
            return False
        self._say(step, "")
        self.recipient = self._recipient()
        self._show_summary()
        return True

    # -- step 4: what leaves the laptop ------------------------------------------------------------
    def summary(self) -> tuple[str, list[tuple[str, list[str]]], str]:
        """What leaves the laptop: a first line, per file a heading (the family's name, for the
        reader only) with the Dutch lines of exactly what is sent, and a closing note."""
        from ..services.exchange import ExportDraft

        files = [(d.kind, d.household_id, d.summary_text()) for d in self.drafts]
        files += [(r.kind, r.household_id, ExportDraft(r.kind, r.household_id,
                                                       r.payload).summary_text())
                  for r in self.receipts]
        first = self.tr("{n}, en niets anders:").format(
            n=_count(len(files), self.tr("bestand"), self.tr("bestanden")))
        parts = []
        for i, (_kind, hid, text) in enumerate(files, start=1):
            about = self.names.get(hid, "") if hid is not None else ""
            parts.append((f"{i}. {about or self.tr('Zonder gezin')}", text.splitlines()))
        note = ""
        if any(kind != "melding" for kind, _h, _t in files):
            note = self.tr("De namen van de gezinnen boven de bestanden staan hier alleen voor "
                           "jou. Een terugkoppeling of ontvangstbevestiging noemt geen namen.")
        return first, parts, note

    def summary_text(self) -> str:
        first, parts, note = self.summary()
        lines = [first]
        for head, body in parts:
            lines += ["", head] + [f"    {line}" for line in body]
        return "\n".join(lines + (["", note] if note else []))

    def _summary_html(self) -> str:
        # Hanging indents keep a wrapped line under its file; every text is escaped.
        first, parts, note = self.summary()
        out = [f"<p>{escape(first)}</p>"]
        for head, body in parts:
            out.append(f"<p style='margin-top:10px; margin-bottom:0'><b>{escape(head)}</b></p>")
            out += [f"<p style='margin:0 0 0 24px'>{escape(line)}</p>" for line in body]
        if note:
            out.append(f"<p style='margin-top:10px'><i>{escape(note)}</i></p>")
        return "".join(out)

    def _show_summary(self) -> None:
        step = self.summary_step
        if self.recipient is not None and (self.drafts or len(self._active_keys()) > 1):
            step.to.setText(self.tr("Naar: {n} (vingerafdruk {fp})").format(
                n=self.recipient.name, fp=self.recipient.signing_fingerprint))
        else:
            step.to.setText(self.tr("Naar: Veilig Thuis, elk bericht naar de sleutel waar het "
                                    "antwoord op is."))
        if self.ctx.hides("exchange.summary"):
            step.text.setPlainText(self.tr("Verborgen in huisbezoekmodus. Zet de "
                                           "huisbezoekmodus uit (F9) om na te lezen wat er "
                                           "weggaat."))
        else:
            step.text.setHtml(self._summary_html())

    def _on_privacy(self, _on: bool) -> None:
        if self.current == SUMMARY:
            self._show_summary()
        self._update_buttons()

    # -- step 5: one folder ---------------------------------------------------------------------
    def _describe_folder(self) -> None:
        n = len(self.drafts) + len(self.receipts)
        self.folder_step.intro.setText(self.tr(
            "Kies één map, bijvoorbeeld op een USB-stick. {files} daarin, elk met een eigen "
            "naam zonder de naam van een gezin.").format(files=self.tr("Het bestand komt") if n == 1
                                                          else self.tr("Alle {n} bestanden komen")
                                                          .format(n=n)))

    def choose_folder(self) -> str:
        chosen = self._choose(self, self.tr("Map voor de bestanden voor Veilig Thuis kiezen"))
        if chosen:
            self.folder = chosen
            self.folder_step.folder.setText(self.tr("Map: {f}").format(f=chosen))
        self._update_buttons()
        return chosen

    def write(self) -> bool:
        recipient = self.recipient.signing_key_id if self.recipient else None
        try:
            self.written = self.ctx.workspace.exchange.send(
                self.drafts, Path(self.folder), recipient, [r.id for r in self.receipts])
        except WijkteamError as error:
            self._say(self.folder_step, error_text(error), problem=True)
            return False
        self.done_step.result.setText(files_written(self, len(self.written), self.folder))
        self.done_step.files.clear()
        for f in self.written:
            self.done_step.files.addItem(f.path.name)
        self.ctx.changed("exchange", 0)
        return True

    @staticmethod
    def _say(step: Step, text: str, problem: bool = False) -> None:
        step.message.setText(text)
        step.message.setStyleSheet(colors.text_css(colors.DANGER) if problem else "")
