"""The caseload dashboard: every household with phase, regisseur, next action, monitoring, the
one-year countdown and the signals of the domain rules; search as you type and filters.

One ``list_cases()`` call per refresh, in a worker thread: the page stays usable while 5,000
households load (the first time after an update that may take a while, with progress). The
table never queries per row. A refresh that arrives while the page is hidden waits until it is
shown again; one that arrives while a load runs follows it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import WijkteamError
from ..domain.model import Phase
from ..texts import PHASES
from .background import BackgroundCall
from .context import AppContext
from .household.dialogs import NewHouseholdDialog
from .models.caseload import ALL, ID_ROLE, MINE, NO_REGISSEUR, CaseloadFilter, CaseloadModel
from .widgets import colors
from .widgets.fields import ValueCombo
from .widgets.forms import run_dialog
from .widgets.tables import size_columns, table_view

# The longest text of each column (or a number of characters): widths follow the font.
COLUMNS = (24, "Duurzame veiligheid / herstel", 20, 24, "00-00-0000", "verstreken (999 dagen)",
           None, 20)  # signals as they are; the Dossierhouder column (in a team) a name wide


def _count(n: int) -> str:
    """5000 as 5.000, the Dutch way."""
    return f"{n:,}".replace(",", ".")


class DashboardPage(QWidget):
    open_household = Signal(object)  # a household id: 64-bit in a team, so not a Qt int
    loaded = Signal()  # after each refresh has reached the table

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self._has_rows = False
        self.loader = BackgroundCall(self)
        self.loader.finished.connect(self._loaded)
        self.loader.failed.connect(self._load_failed)
        self.loader.progress.connect(self._load_progress)
        self.model = CaseloadModel(ctx.workspace.clock.today(), self)
        self.proxy = CaseloadFilter(self)
        self.proxy.setSourceModel(self.model)

        title = QLabel(self.tr("Caseload"), self)
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Aantal gezinnen"))
        self.new_button = QPushButton(self.tr("&Nieuw gezin…"), self)
        self.new_button.setToolTip(self.tr("Een nieuw gezin aanmaken (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_household)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Zoeken"))
        self.search.textChanged.connect(self._search_changed)
        # Keyboard: type a name, then Enter or Pijl omlaag lands on the first family found.
        self.search.returnPressed.connect(self.focus_table)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self.focus_table)
        self.phase = ValueCombo(self)
        self.phase.setAccessibleName(self.tr("Filter op fase"))
        self.phase.addItem(self.tr("Alle fasen"), None)
        for p in Phase:
            self.phase.addItem(PHASES[p.value], p)
        self.phase.currentIndexChanged.connect(
            lambda _i: self._filter(self.proxy.set_phase, self.phase.currentData()))
        self.regisseur = ValueCombo(self)
        self.regisseur.setAccessibleName(self.tr("Filter op regisseur"))
        self.regisseur.setMinimumContentsLength(18)
        self.regisseur.currentIndexChanged.connect(
            lambda _i: self._filter(self.proxy.set_regisseur, self.regisseur.currentData() or ALL))
        self.status = ValueCombo(self)
        self.status.setAccessibleName(self.tr("Filter op status"))
        for label, value in ((self.tr("Open"), CaseloadFilter.STATUS_OPEN),
                             (self.tr("Gesloten"), CaseloadFilter.STATUS_CLOSED),
                             (self.tr("Alle"), CaseloadFilter.STATUS_ALL)):
            self.status.addItem(label, value)
        self.status.currentIndexChanged.connect(
            lambda _i: self._filter(self.proxy.set_status, self.status.currentData()))
        # In a team (issue 16): Mijn gezinnen / Heel het team / one colleague's; hidden alone.
        self.owner = ValueCombo(self)
        self.owner.setAccessibleName(self.tr("Gezinnen van"))
        self.owner.setToolTip(self.tr("Jouw gezinnen, die van heel het team, of van één collega"))
        self.owner.addItem(self.tr("Mijn gezinnen"), MINE)
        self.owner.addItem(self.tr("Heel het team"), ALL)
        self.owner.currentIndexChanged.connect(
            lambda _i: self._filter(self.proxy.set_owner, self.owner.currentData() or ALL))
        self.owner_label = QLabel(self.tr("&Gezinnen:"), self)
        self.owner_label.setBuddy(self.owner)
        self.signals_only = QCheckBox(self.tr("Alleen met &signalen"), self)
        self.signals_only.setToolTip(self.tr("Alleen gezinnen waar iets niet klopt"))
        self.signals_only.toggled.connect(
            lambda on: self._filter(self.proxy.set_signals_only, on))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.owner_label)
        filters.addWidget(self.owner)
        for label, widget in ((self.tr("&Fase:"), self.phase),
                              (self.tr("&Regisseur:"), self.regisseur),
                              (self.tr("S&tatus:"), self.status)):
            lab = QLabel(label, self)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget)
        filters.addWidget(self.signals_only)

        self.table = table_view(self.proxy, self.tr("Gezinnen"), self)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseloadModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        size_columns(self.table, COLUMNS, bold=(CaseloadModel.COL_MONITORING,))
        self.table.activated.connect(self._activated)  # Enter and double-click
        self.table.setToolTip(self.tr("Enter of dubbelklik opent het gezin"))
        # An empty caseload says where to begin (an empty table says nothing to a new user).
        self.empty_label = QLabel(self.tr(
            "<b>Je caseload is nog leeg.</b> Begin met <i>Nieuw gezin…</i> (Ctrl+N): vul de "
            "naam van het gezin in. Daarna leg je in het dossier de gezinsleden en de regisseur "
            "vast. Komt het gezin van Veilig Thuis? Lees het bestand dan in bij "
            "<i>VT-uitwisseling</i>."), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAccessibleName(self.tr("Wat je eerst doet"))
        self.empty_label.setStyleSheet(colors.banner_css(colors.INFO, "padding: 10px;"))
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.owner)
        self.setTabOrder(self.owner, self.phase)
        self.setTabOrder(self.phase, self.regisseur)
        self.setTabOrder(self.regisseur, self.status)
        self.setTabOrder(self.status, self.signals_only)
        self.setTabOrder(self.signals_only, self.table)
        self.setTabOrder(self.table, self.new_button)

        for keys, slot in ((QKeySequence.StandardKey.New, self.new_household),
                           (QKeySequence.StandardKey.Find, self.focus_search)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

        self._fill_regisseurs()  # "Alle regisseurs" while the caseload loads
        self._fill_owners()
        ctx.data_changed.connect(self._on_data_changed)
        ctx.privacy_changed.connect(self._on_privacy)
        self._on_privacy(ctx.privacy)
        self.refresh()

    # -- data -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the whole caseload in the background; keeps the filters, sort and selected
        household. The rows on screen stay until the new ones are there."""
        self._stale = False
        if not self._has_rows:
            self.count_label.setText(self.tr("Gezinnen laden…"))
        self.loader.start(self.ctx.workspace.cases.list_cases, with_progress=True)

    @property
    def is_loaded(self) -> bool:
        """Whether the table shows the caseload and no newer load is on its way."""
        return self._has_rows and not self.loader.running

    def _load_progress(self, done: int, total: int) -> None:
        # Only after an update of the app, when every household's summary is made once.
        self.count_label.setText(self.tr("Gezinnen voorbereiden: {done} van {total}…").format(
            done=_count(done), total=_count(total)))

    def _loaded(self, rows: object) -> None:
        if self.ctx.workspace is None:
            return  # locked while the load ran: this page is on its way out
        selected = self.selected_household()
        self._has_rows = True
        self.model.set_rows(rows, self.ctx.workspace.clock.today())  # type: ignore[arg-type]
        self._fill_regisseurs()
        self._fill_owners()
        self._update_count()
        if selected is not None:
            self.select_household(selected)
        self.loaded.emit()

    def _load_failed(self, error: WijkteamError) -> None:
        self._stale = True  # try again when the page is shown next
        if not self._has_rows:
            self.count_label.setText(self.tr("Gezinnen niet geladen."))
        self.ctx.report(self, error)

    def _fill_regisseurs(self) -> None:
        current = self.regisseur.currentData()
        self.regisseur.blockSignals(True)
        self.regisseur.clear()
        self.regisseur.addItem(self.tr("Alle regisseurs"), ALL)
        self.regisseur.addItem(self.tr("Zonder regisseur"), NO_REGISSEUR)
        for name in self.model.regisseurs():
            self.regisseur.addItem(name, name)
        i = self.regisseur.findData(current)
        self.regisseur.setCurrentIndex(max(i, 0))
        self.regisseur.blockSignals(False)
        if i < 0 and current not in (None, ALL):
            self.proxy.set_regisseur(ALL)

    def _fill_owners(self) -> None:
        """The colleagues in the selector; the selector and the column only in a team."""
        owners = self.model.owners()
        in_team = bool(owners)
        for widget in (self.owner, self.owner_label):
            widget.setVisible(in_team)
        self.table.setColumnHidden(CaseloadModel.COL_OWNER, not in_team)
        if not in_team:
            self.proxy.set_owner(ALL)  # alone, every household is one's own
            return
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        while self.owner.count() > 2:
            self.owner.removeItem(2)
        for member_id, name in owners:
            self.owner.addItem(name, member_id)
        i = self.owner.findData(current)
        self.owner.setCurrentIndex(max(i, 0))
        self.owner.blockSignals(False)
        self.proxy.set_owner(self.owner.currentData() or ALL)

    def _on_data_changed(self, kind: str, household_id: int) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_privacy(self, on: bool) -> None:
        # Member names are never shown here; in huisbezoekmodus they are not searched either,
        # so typing a name does not reveal which household someone belongs to.
        self.proxy.set_search_members(not on)
        self.model.set_privacy(on)
        self.search.setPlaceholderText(
            self.tr("Zoek op gezin (Ctrl+F)") if on else
            self.tr("Zoek op gezin of gezinslid (Ctrl+F)"))
        self._update_count()

    # -- filters --------------------------------------------------------------------------------
    def _filter(self, setter, value) -> None:
        setter(value)
        self._update_count()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        if not self._has_rows:
            return  # still says it is loading
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.empty_label.setVisible(total == 0)
        self.count_label.setText(self.tr("{shown} van {total}").format(
            shown=_count(shown), total=f"{_count(total)} {'gezin' if total == 1 else 'gezinnen'}"))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_table(self) -> None:
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- opening ------------------------------------------------------------------------------
    def selected_household(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_household(self, household_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ID_ROLE) == household_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def focus_household(self, household_id: int) -> None:
        """Back from a file: the keyboard is on the caseload again, on the family just left."""
        self.select_household(household_id)
        self.focus_table()

    def _activated(self, index: QModelIndex) -> None:
        hid = index.data(ID_ROLE)
        if hid is not None:
            self.open_household.emit(int(hid))

    def new_household(self) -> None:
        run_dialog(NewHouseholdDialog(self.ctx, self), self._created)

    def _created(self, household_id: object) -> None:
        if isinstance(household_id, int):
            self.open_household.emit(household_id)
