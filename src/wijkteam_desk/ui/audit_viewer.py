"""Logboek: who (name and role) saw or changed what, when, from which device (NEN 7513).
Read-only.

Shows household numbers, never names: the log is for checking access, not for reading cases."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .context import AppContext
from .models.audit import COL_OBJECT, AuditModel
from .widgets.dates import DateField

ACTION_FILTERS = (
    ("Alle acties", ""),
    ("Dossier bekeken", "household.view"),
    ("Gezin", "household."),
    ("Personen", "person."),
    ("Regie en hulpverleners", "regisseur."),
    ("Incidenten", "incident."),
    ("Notities", "journal."),
    ("Veiligheidsplan", "plan."),
    ("Afdrukken", "print."),
    ("Documenten", "attachment."),
    ("Kluis (openen, reservekopie, wachtwoord)", "vault."),
    ("Instellingen", "settings."),
    ("Profiel (wie er werkt)", "profile."),
)


class AuditLogDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Logboek"))
        self.resize(1040, 600)

        self.household = QLineEdit()
        self.household.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.household.setPlaceholderText(self.tr("alle"))
        self.household.setAccessibleName(self.tr("Gezinsnummer"))
        self.household.setToolTip(self.tr("Alleen regels over dit gezinsnummer"))
        self.household.setMaximumWidth(90)
        self.action = QComboBox()
        self.action.setEditable(True)
        for label, prefix in ACTION_FILTERS:
            self.action.addItem(self.tr(label), prefix)
        self.action.setAccessibleName(self.tr("Actie"))
        self.action.setToolTip(self.tr("Kies een soort actie, of typ het begin van een "
                                       "actiecode, bijvoorbeeld household.view (dossier bekeken)."))
        self.use_period = QCheckBox(self.tr("&Periode:"))
        self.use_period.setAccessibleName(self.tr("Periode gebruiken"))
        today = ctx.workspace.clock.today()
        self.since = self._date_edit(today - timedelta(days=30), self.tr("Vanaf datum"))
        self.until = self._date_edit(today, self.tr("Tot en met datum"))
        self.use_period.toggled.connect(self.since.setEnabled)
        self.use_period.toggled.connect(self.until.setEnabled)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        self.apply_button = QPushButton(self.tr("&Zoeken"))
        self.apply_button.setAccessibleName(self.tr("Zoeken in het logboek"))
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.refresh)
        self.household.returnPressed.connect(self.refresh)

        filters = QHBoxLayout()
        for text, field in ((self.tr("&Gezin:"), self.household), (self.tr("&Actie:"),
                                                                     self.action)):
            caption = QLabel(text)
            caption.setBuddy(field)
            filters.addWidget(caption)
            filters.addWidget(field)
        filters.addWidget(self.use_period)
        filters.addWidget(self.since)
        filters.addWidget(QLabel(self.tr("t/m")))
        filters.addWidget(self.until)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)

        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Regels van het logboek"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_OBJECT, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Aantal regels"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Sluiten"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.setTabOrder(self.household, self.action)
        self.setTabOrder(self.action, self.use_period)
        self.setTabOrder(self.use_period, self.since)
        self.setTabOrder(self.since, self.until)
        self.setTabOrder(self.until, self.apply_button)
        self.setTabOrder(self.apply_button, self.table)
        self.refresh()

    def _date_edit(self, value: date, name: str) -> DateField:
        edit = DateField(value, parent=self)
        edit.setAccessibleName(name)
        return edit

    def action_prefix(self) -> str:
        text = self.action.currentText().strip()
        index = self.action.findText(text)
        if index >= 0:
            return str(self.action.itemData(index) or "")
        return text

    def filters(self) -> dict[str, object]:
        household = self.household.text().strip()
        values: dict[str, object] = {
            "household_id": int(household) if household else None,
            "action": self.action_prefix() or None,
            "since": None, "until": None,
        }
        if self.use_period.isChecked():
            since, until = self.since.value(), self.until.value()  # refused when no date
            assert since is not None and until is not None  # both fields are required
            values["since"] = since
            values["until"] = until + timedelta(days=1)  # the service's "until" is exclusive
        return values

    @Slot()
    def refresh(self) -> None:
        rows = self.ctx.attempt(self, lambda: self.ctx.workspace.cases.audit_log(**self.filters()))
        self.model.set_rows(rows or [])
        self.count.setText(self.tr("{0} regels").format(self.model.rowCount()))
