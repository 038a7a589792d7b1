"""The VT-uitwisseling window: read in a package from Veilig Thuis (Inlezen), send files to VT in
one guided flow and see the receipts the team still owes VT (Versturen, ``exchange_flow``),
every package in and out (Logboek), and the keys (Sleutels, ``exchange_keys``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from ..domain.exchange import PackageStatus
from ..texts import REJECT_REASONS, error_text
from .context import AppContext
from .exchange_flow import SendFlow
from .exchange_keys import (
    Confirm,
    FolderChooser,
    KeysPage,
    TrustAsk,
    ask_trust,
    choose_folder,
    confirm,
)
from .models.exchange import ExchangeLogModel, OutboxModel
from .widgets import colors
from .widgets.tables import table_view

if TYPE_CHECKING:  # the service (and the storage under it) loads when a vault opens
    from ..services.exchange import ImportOutcome

FileChooser = Callable[[QWidget], str]


def _open_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Bestand van Veilig Thuis kiezen"),
                                          str(Path.home()),
                                          parent.tr("Uitwisselbestand (*.age);;Alle bestanden (*)"))
    return path


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def outcome_text(outcome: ImportOutcome, name: str = "") -> str:
    """What an import did, in words; ``name``: the household's name, when there is one."""
    if outcome.status is PackageStatus.DUBBEL:
        return "Dit bestand is al eerder ingelezen. Er is niets veranderd."
    if outcome.kind == "ontvangstbevestiging" and outcome.refused_by_vt:
        return ("Veilig Thuis heeft je bestand geweigerd "
                f"({REJECT_REASONS.get(outcome.refused_by_vt, outcome.refused_by_vt)}). "
                "Het gezin gaat opnieuw mee bij de volgende terugkoppeling.")
    if outcome.kind == "ontvangstbevestiging":
        return "Ontvangstbevestiging ingelezen: Veilig Thuis heeft je bestand ontvangen."
    if outcome.new_key is not None:
        text = ("Veilig Thuis heeft een nieuwe sleutel. De oude wordt niet meer vertrouwd.\n"
                f"Vingerafdruk: {outcome.new_key.signing_fingerprint}")
    else:
        family = name or f"gezin {outcome.household_id}"
        text = (f"Overdracht ingelezen: {family} ({'nieuw' if outcome.created else 'bijgewerkt'})"
                f", {_count(outcome.persons_added, 'persoon', 'personen')} en "
                f"{_count(outcome.conditions_added, 'voorwaarde', 'voorwaarden')} toegevoegd. "
                "De monitoring is gepland.")
        if outcome.conflicts:
            text += (f"\nLet op: {_count(outcome.conflicts, 'verschil', 'verschillen')} met "
                     "eigen wijzigingen. Bekijk ze in het dossier, tabblad VT-uitwisseling.")
    if outcome.receipt_queued:
        text += ("\nEr staat een ontvangstbevestiging voor Veilig Thuis klaar. Die verstuur je "
                 "bij Versturen.")
    return text


class ExchangeDialog(QDialog):
    TAB_READ, TAB_SEND, TAB_LOG, TAB_KEYS = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 choose_file: FileChooser = _open_file, choose: FolderChooser = choose_folder,
                 ask: TrustAsk = ask_trust, sure: Confirm = confirm) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choose_file, self._choose, self._ask = choose_file, choose, ask
        self.setWindowTitle(self.tr("VT-uitwisseling"))
        self.setAccessibleName(self.tr("Uitwisseling met Veilig Thuis"))
        self.resize(1000, 620)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Onderdelen van de uitwisseling"))
        self.tabs.addTab(self._read_page(), self.tr("Inlezen"))
        self.tabs.addTab(self._send_page(), self.tr("Versturen"))
        self.log_model = ExchangeLogModel(self)
        self.log_view = table_view(self.log_model, self.tr("Logboek van de uitwisseling"))
        self.tabs.addTab(self.log_view, self.tr("Logboek"))
        self.keys = KeysPage(ctx, self, choose=choose, ask=ask, sure=sure)
        self.tabs.addTab(self.keys, self.tr("Sleutels"))
        close = QDialogButtonBox(self)
        close.addButton(self.tr("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        ctx.data_changed.connect(self._on_data_changed)  # bound: ends with the dialog
        self.refresh()

    # -- building ---------------------------------------------------------------------------------
    def _read_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(self.tr("Lees een bestand van Veilig Thuis in: een overdracht, een "
                               "ontvangstbevestiging of een nieuwe sleutel. Het bestand wordt "
                               "eerst gecontroleerd: is het van een vertrouwde afzender, voor "
                               "dit team bedoeld en niet veranderd?"), page)
        intro.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Bestand kiezen en inlezen…"), page)
        self.import_button.setToolTip(self.tr("Kies het .tar.age-bestand dat Veilig Thuis "
                                              "stuurde"))
        self.import_button.clicked.connect(self.import_package)
        self.import_result = QLabel(page)
        self.import_result.setWordWrap(True)
        self.import_result.setAccessibleName(self.tr("Resultaat van het inlezen"))
        self.import_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.import_result)
        layout.addStretch(1)
        return page

    def _send_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(self.tr("Stuur Veilig Thuis een terugkoppeling of een melding. Het "
                               "programma leidt je erdoor: de gezinnen kiezen, nalezen wat er "
                               "weggaat, en één map kiezen voor alle bestanden."), page)
        intro.setWordWrap(True)
        self.changed_label = QLabel(page)
        self.changed_label.setWordWrap(True)
        self.changed_label.setAccessibleName(self.tr("Veranderde gezinnen"))
        self.send_button = QPushButton(self.tr("Versturen naar Veilig Thuis…"), page)
        self.send_button.setToolTip(self.tr("Terugkoppeling over de gezinnen die veranderd "
                                            "zijn, met de ontvangstbevestigingen"))
        self.send_button.clicked.connect(self.start_feedback)
        self.melding_button = QPushButton(self.tr("Melding doen…"), page)
        self.melding_button.setToolTip(self.tr("Een melding over één gezin bij Veilig Thuis"))
        self.melding_button.clicked.connect(self.start_melding)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.melding_button)
        buttons.addStretch(1)
        self.receipts_label = QLabel(page)
        self.receipts_label.setWordWrap(True)
        self.outbox_model = OutboxModel(self)
        self.outbox_view = table_view(self.outbox_model, self.tr(
            "Ontvangstbevestigingen die Veilig Thuis nog krijgt"), page)
        self.outbox_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.outbox_view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.changed_label)
        layout.addLayout(buttons)
        layout.addWidget(self.receipts_label)
        layout.addWidget(self.outbox_view, 1)
        return page

    # -- refreshing -------------------------------------------------------------------------------
    def _on_data_changed(self, kind: str, _household_id: int) -> None:
        if kind == "exchange":
            self.refresh()

    def refresh(self) -> None:
        exchange = self.ctx.workspace.exchange
        self.log_model.set_rows(exchange.log())
        self.keys.refresh()
        changed = len(exchange.pending_feedback())
        self.changed_label.setText(
            self.tr("Geen gezin is veranderd sinds de laatste bevestigde terugkoppeling.")
            if not changed else self.tr("1 gezin is veranderd sinds de laatste bevestigde "
                                        "terugkoppeling.") if changed == 1 else
            self.tr("{n} gezinnen zijn veranderd sinds de laatste bevestigde "
                    "terugkoppeling.").format(n=changed))
        receipts = exchange.outbox()
        self.outbox_model.names = {r.summary.household_id: r.summary.name
                                   for r in self.ctx.workspace.cases.list_cases()} \
            if receipts else {}
        self.outbox_model.set_rows(receipts)
        self.outbox_view.setVisible(bool(receipts))
        self.receipts_label.setText(
            self.tr("Er wachten geen ontvangstbevestigingen voor Veilig Thuis.") if not receipts
            else self.tr("Ontvangstbevestigingen die Veilig Thuis nog van je krijgt (ze gaan "
                         "mee als je verstuurt):"))

    # -- actions ----------------------------------------------------------------------------------
    def import_package(self) -> ImportOutcome | None:
        path = self._choose_file(self)
        if not path:
            return None
        try:
            outcome = self.ctx.workspace.exchange.import_file(Path(path))
        except WijkteamError as error:  # refused: the reason, and nothing was changed
            text = self.tr("{name}: {text}").format(name=Path(path).name, text=error_text(error))
            if error.facts.get("receipt_queued"):
                text += self.tr("\nEen ontvangstbevestiging met de reden staat klaar voor "
                                "Veilig Thuis. Die verstuur je bij Versturen.")
            self.import_result.setText(text)
            self.import_result.setStyleSheet(
                f"color: {colors.css_on_window(colors.DANGER)}; font-weight: bold;")
            self.refresh()
            return None
        name = ""
        if outcome.household_id is not None:
            name = next((r.summary.name for r in self.ctx.workspace.cases.list_cases()
                         if r.summary.household_id == outcome.household_id), "")
        self.import_result.setStyleSheet("font-weight: bold;")
        self.import_result.setText(outcome_text(outcome, name))
        self.ctx.changed("exchange", outcome.household_id or 0)
        return outcome

    def start_feedback(self) -> SendFlow:
        return self._start(SendFlow(self.ctx, self, choose=self._choose, ask=self._ask))

    def start_melding(self) -> SendFlow:
        return self._start(SendFlow(self.ctx, self, kind="melding", choose=self._choose,
                                    ask=self._ask))

    def _start(self, flow: SendFlow) -> SendFlow:
        flow.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        flow.open()
        return flow


def open_exchange(window: QWidget) -> ExchangeDialog | None:
    """The main window's menu entry: the dialog on the window's open workspace."""
    ctx = getattr(window, "ctx", None)
    if ctx is None:
        return None
    dialog = ExchangeDialog(ctx, window)
    keep = getattr(window, "_keep", None)
    (keep(dialog) if keep else dialog).show()
    return dialog
