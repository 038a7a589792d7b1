"""Household tab "VT-uitwisseling": this household's packages to and from Veilig Thuis, the
differences between an imported overdracht and the team's own changes, each decided in a small
review dialog (keep our value or take VT's), and the way into sending this household's
terugkoppeling (the guided flow of ``ui/exchange_flow.py``, with this household chosen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.exchange import ConflictStatus, ImportConflict
from ..context import AppContext
from ..exchange_flow import SendFlow
from ..models.exchange import FIELDS, OBJECTS, ConflictModel, ExchangeLogModel, value_text
from ..widgets import colors
from ..widgets.tables import selected_row, table_view


class ConflictDialog(QDialog):
    """One difference: what is here, what VT sent, and two choices."""

    KEEP, TAKE = 1, 2

    def __init__(self, conflict: ImportConflict, mask: object = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle(self.tr("Verschil met Veilig Thuis"))
        self.setAccessibleName(self.tr("Verschil beoordelen"))
        hide = mask if callable(mask) else (lambda text: text)
        intro = QLabel(self.tr("Veilig Thuis stuurde een andere waarde dan het team hier zelf "
                               "had ingevuld. Kies welke waarde klopt."))
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Onderdeel"), QLabel(
            f"{OBJECTS.get(conflict.object_type, conflict.object_type)} {conflict.object_id}"))
        form.addRow(self.tr("Veld"), QLabel(FIELDS.get(conflict.field, conflict.field)))
        self.local_label = QLabel(hide(value_text(conflict.local_value)))
        self.incoming_label = QLabel(hide(value_text(conflict.incoming_value)))
        form.addRow(self.tr("Waarde hier"), self.local_label)
        form.addRow(self.tr("Waarde van Veilig Thuis"), self.incoming_label)
        buttons = QDialogButtonBox(self)
        self.keep_button = buttons.addButton(self.tr("Eigen waarde houden"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_button = buttons.addButton(self.tr("Waarde van VT overnemen"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.keep_button.clicked.connect(lambda: self.done(self.KEEP))
        self.take_button.clicked.connect(lambda: self.done(self.TAKE))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)


class ExchangeTab(QWidget):
    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.conflict_hint = QLabel(self)
        self.conflict_hint.setWordWrap(True)
        self.conflict_hint.setStyleSheet(colors.banner_css(colors.WARN))
        self.conflicts = ConflictModel(self)
        self.conflicts.mask = self._shown
        self.conflict_view = table_view(self.conflicts, self.tr("Verschillen met Veilig Thuis"),
                                        self)
        self.conflict_view.doubleClicked.connect(lambda _i: self.review_selected())
        self.review_button = QPushButton(self.tr("Verschil beoordelen…"), self)
        self.review_button.setToolTip(self.tr("Kies tussen de eigen waarde en die van Veilig "
                                              "Thuis"))
        self.review_button.clicked.connect(self.review_selected)
        self.log = ExchangeLogModel(self)
        self.log_view = table_view(self.log, self.tr("Pakketten van dit gezin"), self)
        self.send_button = QPushButton(self.tr("Terugkoppeling versturen…"), self)
        self.send_button.setToolTip(self.tr("Stuur Veilig Thuis een terugkoppeling over dit "
                                            "gezin"))
        self.send_button.clicked.connect(self.send_feedback)
        buttons = QHBoxLayout()
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict_hint)
        layout.addWidget(QLabel(self.tr("Verschillen met Veilig Thuis")))
        layout.addWidget(self.conflict_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Pakketten van en naar Veilig Thuis")))
        layout.addWidget(self.log_view, 1)
        # Bound methods of this widget: Qt ends the connections when it is deleted.
        ctx.privacy_changed.connect(self._on_privacy)
        ctx.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _shown(self, text: str) -> str:
        return self.ctx.shown("exchange.value", text)  # masked in huisbezoekmodus

    def _on_privacy(self, _on: bool) -> None:
        self.refresh()

    def _on_data_changed(self, kind: str, household_id: int) -> None:
        if kind == "exchange" or household_id == self.household_id:
            self.refresh()

    def refresh(self) -> None:
        exchange = self.ctx.workspace.exchange
        rows = exchange.conflicts(self.household_id, only_open=False)
        self.conflicts.set_rows(rows)
        self.log.set_rows(exchange.log(self.household_id))
        open_count = sum(1 for c in rows if c.status is ConflictStatus.OPEN)
        self.conflict_hint.setVisible(open_count > 0)
        self.conflict_hint.setText(self.tr(
            "1 verschil tussen de overdracht van Veilig Thuis en eigen wijzigingen. Beoordeel "
            "het: niets is overschreven.") if open_count == 1 else self.tr(
            "{n} verschillen tussen de overdracht van Veilig Thuis en eigen wijzigingen. "
            "Beoordeel ze: niets is overschreven.").format(n=open_count))
        self.review_button.setEnabled(open_count > 0)
        # Only a household with a VT case number gets a terugkoppeling.
        self.send_button.setVisible(exchange.answers_vt(self.household_id))

    def review_selected(self) -> bool:
        row = selected_row(self.conflict_view)
        if row is None:
            open_rows = [i for i in range(self.conflicts.rowCount())
                         if self.conflicts.row_at(i).status is ConflictStatus.OPEN]
            if not open_rows:
                return False
            row = open_rows[0]
        conflict = self.conflicts.row_at(row)
        if conflict.status is not ConflictStatus.OPEN:
            return False
        return self.review(conflict, self.ask(conflict))

    def send_feedback(self) -> SendFlow:
        """The guided flow to Veilig Thuis, with this household ticked."""
        flow = SendFlow(self.ctx, self, households=[self.household_id])
        flow.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        flow.open()
        return flow

    def ask(self, conflict: ImportConflict) -> int:
        """The review dialog's answer (tests replace this)."""
        return ConflictDialog(conflict, self._shown, self).exec()

    def review(self, conflict: ImportConflict, answer: int) -> bool:
        if answer not in (ConflictDialog.KEEP, ConflictDialog.TAKE):
            return False
        done = self.ctx.attempt(self, lambda: self.ctx.workspace.exchange.resolve_conflict(
            conflict.id, take_incoming=answer == ConflictDialog.TAKE))
        self.refresh()
        if done is not None:
            self.ctx.changed("exchange", self.household_id)
        return done is not None
