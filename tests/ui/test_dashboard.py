"""The caseload dashboard with a real vault: one refresh, search, filters, opening a household,
and a new household through the dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui.dashboard import DashboardPage
from wijkteam_desk.ui.models.caseload import ID_ROLE, CaseloadModel

from .content_fixtures import ctx, errors, family  # noqa: F401


def make_dashboard(ctx, qtbot):  # noqa: F811
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    return page


def test_dashboard_lists_households_with_one_query(ctx, qtbot, monkeypatch):  # noqa: F811
    DemoGenerator(ctx.workspace.unit_of_work, seed=1).generate(12)
    calls = []
    original = ctx.workspace.cases.list_cases
    monkeypatch.setattr(ctx.workspace.cases, "list_cases",
                        lambda: calls.append(1) or original())
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
    ctx.changed("household", hid)
    assert page.model.rowCount() == 2
    assert page.select_household(hid)
    with qtbot.waitSignal(page.open_household, timeout=1000) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == [hid]


def test_refresh_waits_while_hidden(ctx, family, qtbot):  # noqa: F811
    page = make_dashboard(ctx, qtbot)
    hid = ctx.workspace.cases.create_household("Gezin Later")
    ctx.changed("household", hid)
    assert page.model.rowCount() == 1  # hidden: not yet
    page.show()
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

    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(page.open_household, timeout=3000) as signal:
        page.new_button.click()
    assert steps == ["Nieuw gezin"]
    assert errors == ["Vul het veld 'naam' in."]
    hid = signal.args[0]
    assert page.model.rowCount() == 1
    assert page.proxy.index(0, 0).data(ID_ROLE) == hid
    assert page.proxy.index(0, 0).data() == "Gezin Yilmaz"
