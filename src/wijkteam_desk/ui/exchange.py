"""The VT-uitwisseling screen: inbox (read a package from Veilig Thuis), outbox (see exactly
what will leave the laptop, then save it where you choose), the exchange log, and the keys
(the team's own fingerprint; add a VT key after comparing its fingerprint by phone)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from ..domain.exchange import PackageStatus
from ..texts import REJECT_REASONS, error_text
from .context import AppContext
from .models.exchange import ExchangeLogModel, KeysModel
from .widgets import colors
from .widgets.tables import selected_row, table_view

if TYPE_CHECKING:  # the service (and the storage under it) loads when a vault opens
    from ..services.exchange import ExportDraft, ImportOutcome, KeyInfo

FileChooser = Callable[[QWidget], str]
SaveChooser = Callable[[QWidget, str], str]
KeyConfirm = Callable[[QWidget, "KeyInfo"], bool]


def _open_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, parent.tr("Pakket van Veilig Thuis kiezen"),
                                          str(Path.home()),
                                          parent.tr("Uitwisselbestand (*.age);;Alle bestanden (*)"))
    return path


def _save_file(parent: QWidget, suggestion: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Pakket voor Veilig Thuis opslaan"),
                                          str(Path.home() / suggestion),
                                          parent.tr("Uitwisselbestand (*.tar.age)"))
    return path


def _folder(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, parent.tr("Map met de sleutels van Veilig "
                                                              "Thuis kiezen"), str(Path.home()))


def _confirm_key(parent: QWidget, key: KeyInfo) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, parent.tr("Sleutel vertrouwen?"), parent.tr(
        "Bel Veilig Thuis en laat de vingerafdruk voorlezen. Vertrouw de sleutel alleen als "
        "alle blokken gelijk zijn.\n\nVingerafdruk: {fp}\nSleutelnummer: {kid}").format(
        fp=key.signing_fingerprint, kid=key.signing_key_id),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setAccessibleName(parent.tr("Vingerafdruk vergelijken"))
    return box.exec() == QMessageBox.StandardButton.Yes


def outcome_text(outcome: ImportOutcome) -> str:
    if outcome.status is PackageStatus.DUBBEL:
        return "Dit pakket is al eerder ingelezen. Er is niets veranderd."
    if outcome.kind == "ontvangstbevestiging" and outcome.refused_by_vt:
        return ("Veilig Thuis heeft je pakket geweigerd "
                f"({REJECT_REASONS.get(outcome.refused_by_vt, outcome.refused_by_vt)}). "
                "Het gaat opnieuw mee bij de volgende terugkoppeling.")
    if outcome.kind == "ontvangstbevestiging":
        return "Ontvangstbevestiging ingelezen: Veilig Thuis heeft het pakket ontvangen."
    if outcome.new_key is not None:
        return ("Veilig Thuis heeft een nieuwe sleutel. De oude wordt niet meer vertrouwd.\n"
                f"Vingerafdruk: {outcome.new_key.signing_fingerprint}")
    text = (f"Overdracht ingelezen: gezin {outcome.household_id} "
            f"({'nieuw' if outcome.created else 'bijgewerkt'}), {outcome.persons_added} "
            f"personen en {outcome.conditions_added} voorwaarden toegevoegd. De monitoring is "
            "gepland.")
    if outcome.conflicts:
        text += (f"\nLet op: {outcome.conflicts} verschil(len) met eigen wijzigingen. Bekijk ze "
                 "in het dossier, tab VT-uitwisseling.")
    return text


class ExchangeDialog(QDialog):
    TAB_INBOX, TAB_OUTBOX, TAB_LOG, TAB_KEYS = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 choose_file: FileChooser = _open_file, choose_save: SaveChooser = _save_file,
                 choose_folder: FileChooser = _folder,
                 confirm_key: KeyConfirm = _confirm_key) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choose_file, self._choose_save = choose_file, choose_save
        self._choose_folder, self._confirm_key = choose_folder, confirm_key
        self.drafts: list[ExportDraft] = []
        self.setWindowTitle(self.tr("VT-uitwisseling"))
        self.setAccessibleName(self.tr("Uitwisseling met Veilig Thuis"))
        self.resize(980, 620)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Onderdelen van de uitwisseling"))
        self.tabs.addTab(self._inbox(), self.tr("Inbox"))
        self.tabs.addTab(self._outbox(), self.tr("Outbox"))
        self.log_model = ExchangeLogModel(self)
        self.log_view = table_view(self.log_model, self.tr("Logboek van de uitwisseling"))
        self.tabs.addTab(self.log_view, self.tr("Logboek"))
        self.tabs.addTab(self._keys(), self.tr("Sleutels"))
        close = QDialogButtonBox(self)
        close.addButton(self.tr("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        ctx.privacy_changed.connect(self._on_privacy)  # a bound slot: ends with the dialog
        self.refresh()

    def _on_privacy(self, _on: bool) -> None:
        self._show_preview()

    # -- building ---------------------------------------------------------------------------------
    def _inbox(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(self.tr("Lees een overdracht of ontvangstbevestiging van Veilig Thuis "
                               "in. Het bestand wordt eerst gecontroleerd: is het van een "
                               "vertrouwde afzender, voor dit team bedoeld en niet veranderd?"))
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

    def _outbox(self) -> QWidget:
        page = QWidget(self)
        self.kind = QComboBox(page)
        self.kind.addItem(self.tr("Terugkoppeling (monitoring en stand van zaken)"),
                          "terugkoppeling")
        self.kind.addItem(self.tr("Melding bij Veilig Thuis"), "melding")
        self.kind.setAccessibleName(self.tr("Soort pakket"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.households = QListWidget(page)
        self.households.setAccessibleName(self.tr("Gezinnen"))
        self.households.setToolTip(self.tr("Aangevinkt: veranderd sinds de laatste bevestigde "
                                           "terugkoppeling"))
        self.concerns = QPlainTextEdit(page)
        self.concerns.setAccessibleName(self.tr("Zorgen"))
        self.concerns.setPlaceholderText(self.tr("Beschrijf de zorgen (zonder adressen)"))
        self.informed = QComboBox(page)
        for label, value in ((self.tr("Kies…"), None), (self.tr("Ja"), True),
                             (self.tr("Nee"), False)):
            self.informed.addItem(label, value)
        self.informed.setAccessibleName(self.tr("Weet de cliënt van de melding?"))
        self.not_informed = QLineEdit(page)
        self.not_informed.setAccessibleName(self.tr("Waarom niet ingelicht"))
        self.melding_form = QWidget(page)
        form = QFormLayout(self.melding_form)
        form.addRow(self.tr("Zorgen"), self.concerns)
        form.addRow(self.tr("Weet de cliënt ervan?"), self.informed)
        form.addRow(self.tr("Zo nee, waarom niet"), self.not_informed)
        self.preview_button = QPushButton(self.tr("Voorbeeld tonen"), page)
        self.preview_button.setToolTip(self.tr("Laat zien wat precies naar Veilig Thuis gaat"))
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self.tr("Opslaan als…"), page)
        self.save_button.setToolTip(self.tr("Onderteken, versleutel en sla op waar u kiest"))
        self.save_button.clicked.connect(self.save)
        self.preview_text = QPlainTextEdit(page)
        self.preview_text.setReadOnly(True)
        self.preview_text.setAccessibleName(self.tr("Voorbeeld van wat naar Veilig Thuis gaat"))
        self.outbox_status = QLabel(page)
        self.outbox_status.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Soort")))
        left.addWidget(self.kind)
        left.addWidget(QLabel(self.tr("Gezinnen")))
        left.addWidget(self.households, 1)
        left.addWidget(self.melding_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Dit gaat naar Veilig Thuis (niets anders):")))
        right.addWidget(self.preview_text, 1)
        right.addWidget(self.outbox_status)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self._kind_changed()
        return page

    def _keys(self) -> QWidget:
        page = QWidget(self)
        self.own_label = QLabel(page)
        self.own_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.own_label.setAccessibleName(self.tr("Vingerafdruk van het team"))
        self.keys_model = KeysModel(self)
        self.keys_view = table_view(self.keys_model, self.tr("Vertrouwde sleutels"), page)
        add = QPushButton(self.tr("Sleutel van Veilig Thuis toevoegen…"), page)
        add.setToolTip(self.tr("Kies de map met signing.pub en encryption.pub"))
        add.clicked.connect(self.add_key)
        revoke = QPushButton(self.tr("Intrekken"), page)
        revoke.setToolTip(self.tr("Pakketten met deze sleutel worden voortaan geweigerd"))
        revoke.clicked.connect(self.revoke_key)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(revoke)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.own_label)
        layout.addWidget(self.keys_view, 1)
        layout.addLayout(buttons)
        return page

    # -- refreshing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        exchange = self.ctx.workspace.exchange
        self.log_model.set_rows(exchange.log())
        self.keys_model.set_rows(exchange.keys())
        own = exchange.own_key()
        self.own_label.setText(self.tr("Vingerafdruk van dit team (lees voor aan Veilig Thuis):"
                                       "\n{fp}").format(fp=own.signing_fingerprint))
        self._fill_households()

    def _fill_households(self) -> None:
        pending = set(self.ctx.workspace.exchange.pending_feedback())
        melding = self.kind.currentData() == "melding"
        self.households.clear()
        for row in self.ctx.workspace.cases.list_cases():
            s = row.summary
            if not melding and not s.from_vt:
                continue
            item = QListWidgetItem(f"{s.household_id} · {s.name}", self.households)
            item.setData(Qt.ItemDataRole.UserRole, s.household_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            changed = s.household_id in pending and not melding
            item.setCheckState(Qt.CheckState.Checked if changed else Qt.CheckState.Unchecked)

    def _kind_changed(self) -> None:
        self.melding_form.setVisible(self.kind.currentData() == "melding")
        self.drafts = []
        self._show_preview()
        if hasattr(self, "log_model"):
            self._fill_households()

    def chosen_households(self) -> list[int]:
        out = []
        for i in range(self.households.count()):
            item = self.households.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _show_preview(self) -> None:
        self.save_button.setEnabled(bool(self.drafts))
        if self.ctx.privacy and self.drafts:
            self.preview_text.setPlainText(self.tr("Verborgen in huisbezoekmodus."))
            return
        self.preview_text.setPlainText("\n\n".join(d.preview_text() for d in self.drafts))

    # -- actions ----------------------------------------------------------------------------------
    def import_package(self) -> ImportOutcome | None:
        path = self._choose_file(self)
        if not path:
            return None
        try:
            outcome = self.ctx.workspace.exchange.import_file(Path(path))
        except WijkteamError as error:  # refused: the reason, and nothing was changed
            self.import_result.setText(self.tr("{name}: {text}").format(
                name=Path(path).name, text=error_text(error)))
            self.import_result.setStyleSheet(
                f"color: {colors.css_on_window(colors.DANGER)}; font-weight: bold;")
            self.refresh()
            return None
        self.import_result.setStyleSheet("font-weight: bold;")
        self.import_result.setText(outcome_text(outcome))
        self.ctx.changed("exchange", outcome.household_id or 0)
        self.refresh()
        return outcome

    def preview(self) -> list[ExportDraft]:
        kind = str(self.kind.currentData())
        households = self.chosen_households()
        options = {}
        if kind == "melding":
            options = {"concerns": self.concerns.toPlainText(),
                       "client_informed": self.informed.currentData(),
                       "not_informed_reason": self.not_informed.text()}
        drafts = self.ctx.attempt(self, lambda: self.ctx.workspace.exchange.prepare(
            kind, households, **options))
        self.drafts = drafts or []
        self.outbox_status.setText(
            self.tr("{n} pakket(ten) klaar. Controleer de inhoud en kies 'Opslaan als…'.")
            .format(n=len(self.drafts)) if self.drafts else
            self.tr("Er is niets om te versturen. Vink een gezin aan."))
        self._show_preview()
        return self.drafts

    def save(self) -> list[Path]:
        if not self.drafts:
            return []
        today = self.ctx.workspace.clock.today()
        # A suggestion without a family name (docs/exchange-format.md).
        chosen = self._choose_save(self, f"{self.drafts[0].kind}-{today:%Y%m%d}.tar.age")
        if not chosen:
            return []
        written = self.ctx.attempt(self, lambda: self.ctx.workspace.exchange.write(
            self.drafts, Path(chosen)))
        if not written:
            return []
        self.outbox_status.setText(self.tr("Opgeslagen: {files}. Stuur het bestand naar Veilig "
                                           "Thuis.").format(files=", ".join(
                                               str(w.path) for w in written)))
        self.drafts = []
        self._show_preview()
        self.ctx.changed("exchange", 0)
        self.refresh()
        return [w.path for w in written]

    def add_key(self) -> KeyInfo | None:
        folder = self._choose_folder(self)
        if not folder:
            return None
        exchange = self.ctx.workspace.exchange
        shown = self.ctx.attempt(self, lambda: exchange.read_key_folder(Path(folder)))
        if shown is None or not self._confirm_key(self, shown):
            return None
        added = self.ctx.attempt(self, lambda: exchange.trust(Path(folder), "Veilig Thuis"))
        self.refresh()
        return added

    def revoke_key(self) -> None:
        row = selected_row(self.keys_view)
        if row is None:
            return
        key = self.keys_model.row_at(row)
        self.ctx.attempt(self, lambda: self.ctx.workspace.exchange.revoke(key.id))
        self.refresh()


def open_exchange(window: QWidget) -> ExchangeDialog | None:
    """The main window's menu entry: the dialog on the window's open workspace."""
    ctx = getattr(window, "ctx", None)
    if ctx is None:
        return None
    dialog = ExchangeDialog(ctx, window)
    keep = getattr(window, "_keep", None)
    (keep(dialog) if keep else dialog).show()
    return dialog
