"""The caseload dashboard with a real vault: one refresh, search, filters, opening a household,
and a new household through the dialog."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication

from wijkteam_desk.domain.errors import IntegrityFailure
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui.dashboard import DashboardPage
from wijkteam_desk.ui.models.caseload import ID_ROLE, CaseloadModel

from .content_fixtures import ctx, errors, family  # noqa: F401
from .driving import DEADLOCK_SECONDS, settle, settle_all


def make_dashboard(ctx, qtbot, wait: bool = True):  # noqa: F811
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    if wait:  # the caseload loads in a worker thread
        settle(page.loader)
        assert page.is_loaded
    return page


def _signal_args(signal) -> list[object]:
    """Collect what a signal carries (emitted synchronously by a key or a click)."""
    seen: list[object] = []
    signal.connect(lambda *args: seen.extend(args or [None]))
    return seen


def test_dashboard_lists_households_with_one_query(ctx, qtbot, monkeypatch):  # noqa: F811
    DemoGenerator(ctx.workspace.unit_of_work, seed=1).generate(12)
    calls = []
    original = ctx.workspace.cases.list_cases
    monkeypatch.setattr(ctx.workspace.cases, "list_cases",
                        lambda **kw: calls.append(1) or original(**kw))
    monkeypatch.setattr(ctx.workspace.cases, "open_file",
                        lambda *a, **k: (_ for _ in ()).throw(AssertionError("per-row query")))
    page = make_dashboard(ctx, qtbot)
    assert calls == [1]
    total = page.model.rowCount()
    assert total == 12
    assert page.count_label.text() == f"{page.proxy.rowCount()} van 12 gezinnen"
    page.status.setCurrentIndex(page.status.findData("alle"))
    assert page.proxy.rowCount() == 12


def test_search_filters_and_privacy(ctx, family, qtbot):  # noqa: F811
    ctx.workspace.cases.create_household("Gezin Pietersen")
    page = make_dashboard(ctx, qtbot)
    assert page.proxy.rowCount() == 2
    page.search.setText("lotte")  # a member's given name
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, CaseloadModel.COL_NAME).data() == "Gezin De Vries"
    assert page.count_label.text() == "1 van 2 gezinnen"
    ctx.set_privacy(True)  # huisbezoekmodus: member names are not searched
    assert page.proxy.rowCount() == 0
    assert "gezinslid" not in page.search.placeholderText()
    ctx.set_privacy(False)
    page.search.setText("")
    page.signals_only.setChecked(True)  # both have no regisseur
    assert page.proxy.rowCount() == 2
    page.regisseur.setCurrentIndex(page.regisseur.findData("\x00geen"))
    assert page.proxy.rowCount() == 2


def test_refreshes_on_data_changed_and_opens_on_enter(ctx, family, qtbot):  # noqa: F811
    page = make_dashboard(ctx, qtbot)
    page.show()
    assert page.model.rowCount() == 1
    hid = ctx.workspace.cases.create_household("Gezin Nieuw")
    loaded = _signal_args(page.loaded)
    ctx.changed("household", hid)
    settle(page.loader)
    assert len(loaded) == 1 and page.model.rowCount() == 2
    assert page.select_household(hid)
    opened = _signal_args(page.open_household)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [hid]


def test_refresh_waits_while_hidden(ctx, family, qtbot):  # noqa: F811
    page = make_dashboard(ctx, qtbot)
    hid = ctx.workspace.cases.create_household("Gezin Later")
    ctx.changed("household", hid)
    assert page.model.rowCount() == 1  # hidden: not yet
    assert not page.loader.running
    page.show()
    assert page.loader.running  # shown again: now it loads
    settle(page.loader)
    assert page.model.rowCount() == 2


def test_signals_column_counts_warnings(ctx, family, qtbot):  # noqa: F811
    page = make_dashboard(ctx, qtbot)
    index = page.proxy.index(0, CaseloadModel.COL_SIGNALS)
    [row] = ctx.workspace.cases.list_cases()
    assert "geen_regisseur" in [w.code for w in row.warnings]
    assert index.data() == str(len(row.warnings))
    assert "Geen regisseur" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert page.proxy.index(0, CaseloadModel.COL_DAYS).data() == str(
        (date(2027, 3, 1) - date(2026, 11, 22)).days)


def test_new_household_dialog_creates_and_opens(ctx, qtbot, errors):  # noqa: F811
    page = make_dashboard(ctx, qtbot)
    page.show()
    steps = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        steps.append(dialog.windowTitle())
        assert not dialog.submit()  # name required: the dialog stays open
        dialog.fill("Gezin Yilmaz", opened=date(2026, 11, 20))
        dialog.submit()

    QTimer.singleShot(0, fill)  # runs inside the dialog's own event loop, not after a wait
    opened = _signal_args(page.open_household)
    page.new_button.click()
    assert steps == ["Nieuw gezin"]
    assert errors == ["Vul het veld 'naam' in."]
    [hid] = opened
    settle(page.loader)
    assert page.is_loaded and page.model.rowCount() == 1
    assert page.proxy.index(0, 0).data(ID_ROLE) == hid
    assert page.proxy.index(0, 0).data() == "Gezin Yilmaz"


def test_the_page_stays_usable_while_the_caseload_loads(ctx, family, qtbot, monkeypatch):  # noqa: F811
    release = threading.Event()
    original = ctx.workspace.cases.list_cases

    def slow(**kw):
        release.wait(DEADLOCK_SECONDS)  # a caseload that takes its time
        return original(**kw)

    monkeypatch.setattr(ctx.workspace.cases, "list_cases", slow)
    page = make_dashboard(ctx, qtbot, wait=False)
    page.show()
    assert page.count_label.text() == "Gezinnen laden…"
    assert page.regisseur.currentText() == "Alle regisseurs"  # the filters work already
    qtbot.keyClicks(page.search, "vries")  # the UI thread is free: typing works
    assert page.search.text() == "vries"
    assert not page.is_loaded
    release.set()
    settle(page.loader)
    assert page.is_loaded
    assert page.proxy.rowCount() == 1  # the search typed meanwhile applies to what arrived
    assert page.count_label.text() == "1 van 1 gezin"  # not "1 van 1 gezinnen"


def test_a_change_during_a_load_is_loaded_after_it(ctx, family, qtbot, monkeypatch):  # noqa: F811
    release = threading.Event()
    original = ctx.workspace.cases.list_cases
    calls = []

    def slow(**kw):
        calls.append(1)
        release.wait(DEADLOCK_SECONDS)
        return original(**kw)

    monkeypatch.setattr(ctx.workspace.cases, "list_cases", slow)
    page = make_dashboard(ctx, qtbot, wait=False)
    page.show()
    hid = ctx.workspace.cases.create_household("Gezin Tussendoor")
    ctx.changed("household", hid)  # arrives while the first load still runs
    release.set()
    settle(page.loader)
    assert page.is_loaded and len(calls) == 2
    assert page.model.rowCount() == 2


def test_progress_while_summaries_are_made_and_errors_are_told(ctx, family, qtbot,  # noqa: F811
                                                               monkeypatch, errors):  # noqa: F811
    reported, release = threading.Event(), threading.Event()

    def preparing(progress):
        progress(250, 5000)
        reported.set()
        release.wait(DEADLOCK_SECONDS)
        raise IntegrityFailure()

    monkeypatch.setattr(ctx.workspace.cases, "list_cases", preparing)
    page = make_dashboard(ctx, qtbot, wait=False)
    assert reported.wait(DEADLOCK_SECONDS)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)  # the progress, delivered
    assert page.count_label.text() == "Gezinnen voorbereiden: 250 van 5.000…"
    release.set()
    settle(page.loader)
    assert errors and page.count_label.text() == "Gezinnen niet geladen."
    assert not page.loader.running


def test_panic_during_a_load_locks_at_once_and_nothing_arrives_after(
        make_window, service, seeded, qtbot, monkeypatch):  # noqa: F811
    from wijkteam_desk.services.cases import CaseService
    from wijkteam_desk.ui.main_window import PageFactories

    from .conftest import StandInHousehold, submit_passphrase

    release, results = threading.Event(), []
    original = CaseService.list_cases

    def slow(self, **kw):
        release.wait(DEADLOCK_SECONDS)
        try:
            results.append(original(self, **kw))
        except Exception as exc:
            results.append(exc)
            raise

    monkeypatch.setattr(CaseService, "list_cases", slow)
    window = make_window(page_factories=PageFactories(DashboardPage, StandInHousehold))
    window.show()
    window.begin()
    submit_passphrase(window.gate)
    dashboard = window._dashboard
    assert isinstance(dashboard, DashboardPage) and dashboard.loader.running
    window.panic()
    assert window.is_locked and window.root.currentWidget() is window.gate
    release.set()
    settle_all()  # the load, cut off from its page by the lock, has ended
    assert type(results[0]).__name__ == "VaultLocked"  # the load found the vault closed
    QApplication.processEvents()
    assert window.is_locked and window._dashboard is None


def test_an_empty_caseload_says_what_to_do_first(ctx, qtbot):  # noqa: F811
    """Issue 12 item 19: a new consultant saw an empty table and nothing else."""
    page = make_dashboard(ctx, qtbot)
    page.show()
    assert page.model.rowCount() == 0
    assert page.empty_label.isVisible()
    assert "Nieuw gezin" in page.empty_label.text() and "Ctrl+N" in page.empty_label.text()
    DemoGenerator(ctx.workspace.unit_of_work, seed=3).generate(1)
    page.refresh()
    settle(page.loader)
    assert page.is_loaded
    assert not page.empty_label.isVisible()
