"""The main window: menus, the page stack (Vandaag, the dashboard and one open household),
privacy mode, and locking. After unlocking it asks who you are when the vault does not know yet
(a vault from before profiles), then shows Vandaag first. Everything that shows case data lives
in pages built per unlock and deleted per lock; only ``NavState`` (which household, which tab)
and the privacy switch survive a lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolTip,
    QWidget,
)

from .. import __version__
from ..domain.clock import Clock
from ..domain.errors import WijkteamError
from ..services.vaults import VaultService
from ..texts import finding_text, findings_advice
from .background import join_workers
from .context import AppContext, show_error
from .lock import PANIC_SEQUENCES, ClipboardGuard, IdleWatcher, SystemLockWatcher
from .menus import add_exchange_action, add_help_actions, add_monitoring_actions
from .shell_pages import HouseholdHost, NavState, PageFactories, default_page_factories
from .team_sync import SyncIntervals, TeamSyncController
from .unlock import UnlockPanel
from .widgets import colors
from .widgets.dialog_fit import install_dialog_fit
from .window_state import SplitterMemory

# The screens behind the menus, first-run setup and settings are imported when first used:
# the unlock screen needs none of them (app start, bench/bench_ui.py).
if TYPE_CHECKING:
    from ..services.workspace import Workspace
    from .audit_viewer import AuditLogDialog
    from .profile import ProfilePrompt
    from .settings_page import BackupRunner, SettingsDialog
    from .team_setup import Choosers, TeamDialog

TITLE = "Wijkteam Desk"  # S13: the only title the main window ever has
DEFAULT_SIZE = (1280, 720)
MINIMUM_SIZE = (1024, 640)


class MainWindow(QMainWindow):
    locked_changed = Signal(bool)  # True when locked

    def __init__(self, service: VaultService, *, clock: Clock | None = None,
                 page_factories: PageFactories | None = None,
                 window_state: QSettings | None = None, hint: str = "",
                 watch_system: bool = True, check_interval_ms: int = 5000,
                 choose_backup_target: Callable[[QWidget, str], str] | None = None,
                 sync_intervals: SyncIntervals | None = None,
                 team_choosers: Choosers | None = None,
                 demo: bool = False,
                 confirm_quit: Callable[[QWidget], bool] | None = None,
                 profile_prompt: ProfilePrompt | None = None) -> None:
        super().__init__()
        # A demo vault is thrown away when the window closes: Ctrl+Q asks first (a demo that
        # took an hour to fill in was gone after one keystroke).
        self.demo = demo
        self._confirm_quit = confirm_quit or _confirm_demo_quit
        self.service = service
        self.clock: Clock = clock or service.clock
        self.factories = page_factories or default_page_factories()
        self.ctx: AppContext | None = None
        self.nav = NavState()
        self.privacy = False
        self._window_state = window_state
        self.splitters = SplitterMemory(window_state, self)  # dividers, kept with the geometry
        self._choose_backup_target = choose_backup_target or _choose_backup_target
        self._profile_prompt = profile_prompt or _ask_profile
        self._today: QWidget | None = None
        self._dashboard: QWidget | None = None
        self._household: HouseholdHost | None = None
        self._dialogs: list[QDialog] = []
        self.sync_intervals = sync_intervals or SyncIntervals()
        self.team_choosers = team_choosers
        self.team_sync: TeamSyncController | None = None  # per open vault, in a team

        self.setWindowTitle(TITLE)
        self.setMinimumSize(*MINIMUM_SIZE)
        self._initial_size()
        self.gate = UnlockPanel(service, hint=hint)
        self.gate.unlocked.connect(self.open_workspace)
        self.pages = QStackedWidget()
        self.pages.setAccessibleName(self.tr("Inhoud"))
        self.root = QStackedWidget()
        self.root.addWidget(self.gate)
        self.root.addWidget(self.pages)
        self.setCentralWidget(self.root)
        self.privacy_label = QLabel(self.tr("Huisbezoekmodus aan"))
        self.privacy_label.setAccessibleName(self.tr("Huisbezoekmodus aan"))
        self.privacy_label.setStyleSheet("font-weight: bold; padding: 0 8px;")
        self.privacy_label.hide()
        self.statusBar().addPermanentWidget(self.privacy_label)
        # What opening the vault found (missing changes, read-only): stays while it is open.
        self.vault_notice = QLabel()
        self.vault_notice.setWordWrap(True)
        self.vault_notice.setAccessibleName(self.tr("Melding over de kluis"))
        self.vault_notice.setStyleSheet(colors.banner_css(
            colors.ALERT, f"padding: 6px 10px; border: 1px solid {colors.DANGER}; "
                          "border-radius: 4px; font-weight: bold;"))
        self.vault_notice.hide()
        self.statusBar().addWidget(self.vault_notice, 1)
        self.sync_label = QLabel()  # "Laatst gesynchroniseerd …" (ui/team_sync.py)
        self.sync_label.setAccessibleName(self.tr("Synchronisatie met het team"))
        self.sync_label.hide()
        self.statusBar().addPermanentWidget(self.sync_label)
        self._backups: BackupRunner | None = None
        self._build_menus()
        self._dialog_fit: object | None = None  # installed at the first unlock

        self.clipboard = ClipboardGuard(parent=self)
        self.idle = IdleWatcher(self.clock, service.settings().idle_lock_minutes,
                                on_idle=lambda: self.lock("idle"), on_panic=self.panic,
                                check_interval_ms=check_interval_ms, parent=self)
        self.system = SystemLockWatcher(self)
        self.system.lock_requested.connect(self.lock)
        self._watch_system = watch_system  # started at the first unlock (_start_watching)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_quit)
        self._set_unlocked_ui(False)

    # -- construction -------------------------------------------------------------------------
    def _initial_size(self) -> None:
        if self._window_state is not None:
            geometry = self._window_state.value("geometry")
            if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
                return
        width, height = DEFAULT_SIZE
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # a 1366×768 laptop: leave room for the title bar and taskbar
            free = screen.availableGeometry()
            width, height = min(width, free.width() - 40), min(height, free.height() - 60)
        self.resize(max(width, MINIMUM_SIZE[0]), max(height, MINIMUM_SIZE[1]))

    def _action(self, text: str, slot: Callable[[], object], tip: str,
                shortcuts: tuple[str, ...] = ()) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        tr = self.tr
        self.backup_action = self._action(tr("&Reservekopie maken…"), self.make_backup,
                                          tr("Een versleutelde kopie van de kluis opslaan"))
        self.lock_action = self._action(tr("&Vergrendelen"), self.panic,
                                        tr("Meteen vergrendelen (Ctrl+Shift+L of F12)"),
                                        PANIC_SEQUENCES)
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action = self._action(tr("&Afsluiten"), self.close,
                                        tr("Vergrendelen en Wijkteam Desk sluiten"), ("Ctrl+Q",))
        self.privacy_action = QAction(tr("&Huisbezoekmodus"), self)
        self.privacy_action.setCheckable(True)
        self.privacy_action.setShortcut(QKeySequence("F9"))
        self.privacy_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.privacy_action.setToolTip(tr("Adressen, telefoonnummers, geboortedata en notities "
                                          "verbergen als het gezin meekijkt (F9)"))
        self.privacy_action.setStatusTip(self.privacy_action.toolTip())
        self.privacy_action.toggled.connect(self.set_privacy)
        self.addAction(self.privacy_action)
        self.settings_action = self._action(tr("&Instellingen…"), self.open_settings,
                                            tr("Team, vergrendeltijd, reservekopie en "
                                               "wachtwoord"), ("Ctrl+,",))
        self.audit_action = self._action(tr("&Logboek…"), self.open_audit_log,
                                         tr("Wie heeft wat bekeken of gewijzigd"))
        self.about_action = self._action(tr("&Over Wijkteam Desk"), self.show_about,
                                         tr("Versie en uitleg"))
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&Bestand"))
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.quit_action)
        self.today_action = self._action(tr("&Vandaag"), self.show_today,
                                         tr("Wat te laat is, vandaag moet en deze week komt "
                                            "(Ctrl+T)"), ("Ctrl+T",))
        self.caseload_action = self._action(tr("&Alle gezinnen"), self.show_dashboard,
                                            tr("Het overzicht van alle gezinnen (Ctrl+O)"),
                                            ("Ctrl+O",))
        view_menu = bar.addMenu(tr("B&eeld"))
        view_menu.addAction(self.today_action)
        view_menu.addAction(self.caseload_action)
        view_menu.addSeparator()
        view_menu.addAction(self.privacy_action)
        extra = bar.addMenu(tr("E&xtra"))
        extra.addAction(self.settings_action)
        self.team_action = self._action(tr("&Team…"), self.open_team, tr(
            "Team maken of je aansluiten, collega's, de teammap en synchroniseren"))
        extra.addAction(self.team_action)
        extra.addAction(self.audit_action)
        add_exchange_action(self, extra)  # the screens open from ui/menus.py
        add_monitoring_actions(self, extra)  # Agenda, Monitoring en cijfers
        help_menu = bar.addMenu(tr("&Help"))
        add_help_actions(self, help_menu)  # Handleiding (F1)
        help_menu.addAction(self.about_action)

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        for action in (self.backup_action, self.settings_action, self.audit_action,
                       self.team_action, self.today_action, self.caseload_action):
            action.setEnabled(unlocked)
        self.root.setCurrentWidget(self.pages if unlocked else self.gate)
        if not unlocked:
            self.gate.focus_passphrase()

    # -- start, unlock, lock ------------------------------------------------------------------
    def begin(self) -> bool:
        """At start: first-run setup when there is no vault at all, else the unlock panel.
        Returns False when the user cancelled setup (the app should then quit)."""
        if self.service.exists():
            self.gate.set_locked(False)
            self._set_unlocked_ui(False)
            return True
        from .first_run import FirstRunDialog, RecoveryCodeDialog

        setup = FirstRunDialog(self.service, self)
        if setup.exec() != QDialog.DialogCode.Accepted or setup.workspace is None:
            return False
        workspace, code = setup.workspace, setup.recovery_code
        setup.recovery_code = ""
        RecoveryCodeDialog(code, workspace.device_bound, self).exec()
        self.open_workspace(workspace)
        return True

    @property
    def is_locked(self) -> bool:
        return self.ctx is None

    @Slot(object)
    def open_workspace(self, workspace: Workspace) -> None:
        """Build the pages for an open vault and return to where the user was (Vandaag when
        nothing else was open). A vault that does not know who works with it asks first; no
        answer, no access: it is locked again."""
        if workspace.needs_profile and not self._profile_prompt(self, workspace):
            workspace.lock()
            self.gate.set_locked(True)
            self.statusBar().showMessage(self.tr(
                "Vul je naam en functie in om verder te gaan. De kluis is weer vergrendeld."),
                15000)
            return
        self.ctx = AppContext(workspace, privacy=self.privacy)
        self.ctx.privacy_changed.connect(self._on_privacy_changed)
        self._dashboard = self.factories.dashboard(self.ctx)
        signal = getattr(self._dashboard, "open_household", None)
        if signal is not None:
            signal.connect(self.open_household)
        self.pages.addWidget(self._dashboard)
        self.splitters.watch(self._dashboard)
        if self.factories.today is not None:
            self._today = self.factories.today(self.ctx)
            self._today.open_item.connect(self.open_item)  # type: ignore[attr-defined]
            self._today.show_caseload.connect(self.show_dashboard)  # type: ignore[attr-defined]
            self.pages.addWidget(self._today)
        nav = self.nav
        first = self._dashboard if nav.caseload or self._today is None else self._today
        self.pages.setCurrentWidget(first)
        self._set_unlocked_ui(True)
        if nav.household_id is not None and self.open_household(nav.household_id, quiet=True,
                                                                from_today=nav.from_today):
            assert self._household is not None
            self._household.set_current_tab(nav.tab)
        self.idle.set_minutes(workspace.settings.idle_lock_minutes)
        # The filter sees every event of the app (idle time, the panic key in a modal dialog):
        # only while the vault is open. The unlock screen has nothing to hide, and it comes up
        # faster without every event passing through Python first.
        self.idle.install()
        self.idle.start()
        if self._dialog_fit is None:  # every dialog opens wide and tall enough for its texts
            self._dialog_fit = install_dialog_fit(self)
        self._start_watching()
        self._show_vault_notices(workspace)
        self.team_sync = TeamSyncController(self.ctx, self.sync_intervals, self)
        self.team_sync.status_changed.connect(self._on_sync_status)
        self.team_sync.start()  # at unlock, when this laptop is in a team
        self.locked_changed.emit(False)
        QTimer.singleShot(0, self.maybe_daily_backup)  # after the dashboard has painted

    def _show_vault_notices(self, workspace: Workspace) -> None:
        notices = workspace.notices
        text = " ".join([*(finding_text(n) for n in notices), findings_advice(notices, app=True)])
        self.vault_notice.setText(text.strip())
        self.vault_notice.setVisible(bool(notices))

    def _start_watching(self) -> None:
        """System sleep and screen lock lock the app from the first unlock on; before, there is
        nothing to lock (and connecting to D-Bus would only slow the start)."""
        if self._watch_system:
            self._watch_system = False
            self.system.start()

    def current_nav(self) -> NavState:
        current = self.pages.currentWidget()
        if self._household is not None and current is self._household:
            return NavState(self._household.household_id, self._household.current_tab(),
                            from_today=self._household.to_today)
        return NavState(caseload=current is self._dashboard and self._dashboard is not None)

    @Slot()
    def panic(self) -> None:
        self.lock("panic")

    @Slot(str)
    def lock(self, reason: str = "") -> None:
        """Forget everything on screen, close the vault, clear our clipboard, show the gate."""
        if self.ctx is None:
            self.gate.cancel_opening()  # a vault opening now is closed again when it arrives
            return
        self.nav = self.current_nav()
        self.idle.stop()
        self.idle.uninstall()
        ctx, self.ctx = self.ctx, None
        try:
            self._close_dialogs()
            self._clear_pages()
            # The gate covers the window now: closing the vault may wait a moment for a
            # caseload load in progress in the background, and the screen must not.
            self.root.setCurrentWidget(self.gate)
            self.repaint()
            sync, self.team_sync = self.team_sync, None
            if sync is not None:
                sync.stop()  # no new sync; what runs is dropped
            workspace = ctx.workspace
            ctx.workspace = None  # type: ignore[assignment]  # pages die with it
            ctx.deleteLater()
            workspace.lock()  # waits for the sync's unit of work; its next one is refused
            if sync is not None:
                sync.join()  # no sync thread outlives the open vault
                sync.deleteLater()
        finally:
            self.sync_label.hide()
            self.clipboard.clear_if_ours()
            self.vault_notice.hide()
            if self._backups is not None:
                self._backups.hide_status()
            self.gate.set_locked(True)
            self._set_unlocked_ui(False)
            self.locked_changed.emit(True)

    def _close_dialogs(self) -> None:
        QToolTip.hideText()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
                widget.hide()
        for dialog in self._dialogs:
            dialog.deleteLater()
        self._dialogs.clear()

    def _clear_pages(self) -> None:
        for index in reversed(range(self.pages.count())):
            widget = self.pages.widget(index)
            self.pages.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._today = None
        self._dashboard = None
        self._household = None

    # -- navigation ---------------------------------------------------------------------------
    @Slot(object)  # a 64-bit id in a team
    def open_household(self, household_id: int, quiet: bool = False,
                       from_today: bool | None = None) -> bool:
        """Show one household; ``from_today`` (default: whether Vandaag is on screen) makes the
        way back lead to Vandaag instead of the caseload."""
        if self.ctx is None:
            return False
        if from_today is None:
            from_today = self._today is not None and self.pages.currentWidget() is self._today
        try:
            page = self.factories.household(self.ctx, household_id)
        except WijkteamError as exc:
            if quiet:
                self.statusBar().showMessage(self.tr("Het laatst geopende gezin is niet "
                                                     "gevonden."), 8000)
            else:
                show_error(self, exc)
            return False
        self._drop_household()
        self.splitters.watch(page)
        self._household = HouseholdHost(page, household_id, to_today=from_today)
        self._household.back_requested.connect(self._back)
        self.pages.addWidget(self._household)
        self.pages.setCurrentWidget(self._household)
        self._household.focus_page()  # so Ctrl+1…8 and Alt+Left work at once
        self.nav = NavState(household_id, 0)
        return True

    @Slot(object, str, object)  # a 64-bit id in a team
    def open_item(self, household_id: int, tab: str, ref: object) -> None:
        """A line of Vandaag: its household, on the tab the line is about."""
        from .today import show_part

        if self.open_household(household_id, from_today=True):
            show_part(self, tab, ref)

    @Slot()
    def show_today(self) -> None:
        if self._today is None:
            self.show_dashboard()
            return
        self._drop_household()
        self.pages.setCurrentWidget(self._today)
        focus = getattr(self._today, "focus_first", None)
        if callable(focus):
            focus()
        self.nav = NavState()

    @Slot()
    def _back(self) -> None:
        if self._household is not None and self._household.to_today and self._today is not None:
            self.show_today()
        else:
            self.show_dashboard()

    @Slot()
    def show_dashboard(self) -> None:
        left = self._household.household_id if self._household is not None else None
        self._drop_household()
        if self._dashboard is not None:
            self.pages.setCurrentWidget(self._dashboard)
            focus = getattr(self._dashboard, "focus_household", None)
            if left is not None and callable(focus):
                focus(left)
        self.nav = NavState(caseload=True)

    def _drop_household(self) -> None:
        # One household on screen at a time (S12): the previous page is deleted, not hidden.
        if self._household is not None:
            self.pages.removeWidget(self._household)
            self._household.hide()
            self._household.deleteLater()
            self._household = None

    # -- privacy ------------------------------------------------------------------------------
    @Slot(bool)
    def set_privacy(self, on: bool) -> None:
        self.privacy = on
        if self.ctx is not None:
            self.ctx.set_privacy(on)
        self._show_privacy(on)

    @Slot(bool)
    def _on_privacy_changed(self, on: bool) -> None:
        self.privacy = on
        self._show_privacy(on)

    def _show_privacy(self, on: bool) -> None:
        self.privacy_label.setVisible(on)
        if self.privacy_action.isChecked() != on:
            self.privacy_action.blockSignals(True)
            self.privacy_action.setChecked(on)
            self.privacy_action.blockSignals(False)

    # -- menu actions -------------------------------------------------------------------------
    def _keep(self, dialog: QDialog) -> QDialog:
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _r: self._forget(dialog))
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
            dialog.deleteLater()

    def open_settings(self) -> SettingsDialog | None:
        from .settings_page import SettingsDialog

        if self.ctx is None:
            return None
        dialog = SettingsDialog(self.ctx, self.service.secrets, self)
        dialog.saved.connect(lambda s: self.idle.set_minutes(s.idle_lock_minutes))
        self._keep(dialog).open()
        return dialog

    def open_team(self) -> TeamDialog | None:
        from .team_setup import TeamDialog

        if self.ctx is None:
            return None
        sync = self.team_sync
        dialog = TeamDialog(self.ctx, self, self.team_choosers,
                            sync.status if sync is not None else "")
        if sync is not None:
            dialog.team_entered.connect(sync.start)
            dialog.sync_requested.connect(sync.sync_now)
            sync.status_changed.connect(dialog.set_sync_status)
            sync.synced.connect(dialog.refresh)
        self._keep(dialog).open()
        return dialog

    @Slot(str)
    def _on_sync_status(self, text: str) -> None:
        self.sync_label.setText(text)
        self.sync_label.setToolTip(text)
        self.sync_label.setVisible(bool(text))

    def open_audit_log(self) -> AuditLogDialog | None:
        from .audit_viewer import AuditLogDialog

        if self.ctx is None:
            return None
        dialog = AuditLogDialog(self.ctx, self)
        self._keep(dialog).show()
        return dialog

    @property
    def backups(self) -> BackupRunner:
        """Writes backups in a worker thread, in the status bar (made when first needed)."""
        if self._backups is None:
            from .settings_page import BackupRunner

            self._backups = BackupRunner(self)
        return self._backups

    def make_backup(self) -> bool:
        """Ask where, then write the backup in the background; True when it started."""
        if self.ctx is None or not self.backups.idle():
            return False
        workspace = self.ctx.workspace
        folder = Path(workspace.settings.backup_folder or Path.home())
        suggestion = folder / f"wijkteam-desk-{self.clock.today():%Y%m%d}.wdbackup"
        chosen = self._choose_backup_target(self, str(suggestion))
        if not chosen or self.ctx is None:
            return False
        return self.backups.start(workspace, Path(chosen))

    def maybe_daily_backup(self) -> str:
        """After unlock: one automatic backup per day into the chosen folder, when configured.
        Returns "not_due", "no_folder" (said in the status bar) or "started"."""
        if self.ctx is None or self.ctx.workspace.read_only:
            return "not_due"  # a copy of a damaged vault would become "the latest backup"
        return self.backups.daily(self.ctx.workspace, self.clock.today())

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("Over Wijkteam Desk"), self.tr(
            "Wijkteam Desk {0}\n\nVoor wijkteams die werken met gezinnen waar huiselijk geweld "
            "speelt. Alle gegevens staan versleuteld op deze laptop.\n\nVergrendelen: "
            "Ctrl+Shift+L of F12. Huisbezoekmodus: F9.").format(__version__))

    # -- Qt events ----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.WindowTitleChange and self.windowTitle() != TITLE:
            self.setWindowTitle(TITLE)  # S13: no page may put a name in the title bar
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if self.demo and not self._confirm_quit(self):
            event.ignore()
            return
        self.lock("quit")
        if self._window_state is not None:
            self._window_state.setValue("geometry", self.saveGeometry())
            self.splitters.save()
        event.accept()

    @Slot()
    def _on_quit(self) -> None:
        self.lock("quit")
        # Work still running (a vault opening, a backup finishing its audit line) ends before
        # the process does: nothing is cut off halfway, a vault that opened is closed again.
        join_workers()
        self.clipboard.clear_if_ours()


def _ask_profile(parent: QWidget, workspace: Workspace) -> bool:
    from .profile import ask_profile  # only for a vault from before profiles: not at start

    return ask_profile(parent, workspace)


def _confirm_demo_quit(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent, parent.tr("Demo afsluiten"),
        parent.tr("Dit is de demo. Als je afsluit, gooit het programma de demogegevens weg, "
                  "ook wat je zelf hebt ingevuld. Wil je afsluiten?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)  # a stray Enter keeps the demo
    return answer == QMessageBox.StandardButton.Yes


def _choose_backup_target(parent: QWidget, suggestion: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Reservekopie opslaan"), suggestion,
                                          parent.tr("Reservekopie (*.wdbackup)"))
    return path
