"""A voorwaarde Veilig Thuis withdrew (``withdrawn_on``, exchange format 1.1) is no longer open:
the monitoring form does not ask about it, a new veiligheidsplan does not take it in, a printout
does not call it required, and the plan's list of voorwaarden keeps it visible as "ingetrokken
door Veilig Thuis op …" (issue 12 item 10, loose end 6 of issue 14)."""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel
from tests.integration.exchange_support import Party, package, team_recipient

from wijkteam_desk.domain.safety_plan import conditions_of
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.household.monitoring_tab import MonitoringTab
from wijkteam_desk.ui.household.safety_plan_tab import SafetyPlanTab

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WITHDRAWN = "Vader neemt alleen contact op met moeder via de regisseur."


@pytest.fixture
def ctx(workspace: Workspace) -> AppContext:
    return AppContext(workspace)


def vt_family(ws: Workspace, tmp_path, withdraw_on: str = "2026-11-01") -> int:  # type: ignore[no-untyped-def]
    """De Wit from VT with three voorwaarden; a later overdracht withdraws the second."""
    vt = Party.new()
    ws.exchange.trust(vt.folder(tmp_path / "vt"))
    first = example_overdracht()
    first["handover_date"] = "2026-08-01"
    hid = ws.exchange.import_bytes(package(vt, team_recipient(ws), "overdracht", first, 1)) \
        .household_id
    assert hid is not None
    later = copy.deepcopy(first)
    later["veiligheidsvoorwaarden"] = [{**first["veiligheidsvoorwaarden"][1],
                                        "withdrawn_on": withdraw_on}]
    ws.exchange.import_bytes(package(vt, team_recipient(ws), "overdracht", later, 2))
    return hid


def test_the_monitoring_form_asks_only_about_open_voorwaarden(
        ctx: AppContext, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    hid = vt_family(ws, tmp_path)
    [moment] = [m for m in ws.monitoring.moments(hid) if m.offset_months == 3]
    texts = [text for _cid, text in ws.monitoring.form(moment.id).conditions]
    assert len(texts) == 2 and WITHDRAWN not in texts
    tab = MonitoringTab(ctx, hid, confirm=lambda _parent, _text: True)
    qtbot.addWidget(tab)
    assert tab.select_moment(moment.id)
    form = tab.form_widget
    assert form is not None and len(form.conditions) == 2
    assert WITHDRAWN not in " ".join(label.text() for label in form.findChildren(QLabel))


def test_a_voorwaarde_withdrawn_after_a_held_moment_stays_in_that_moment(
        ctx: AppContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    hid = vt_family(ws, tmp_path, withdraw_on="2030-01-01")  # in force today, withdrawn later
    [moment] = [m for m in ws.monitoring.moments(hid) if m.offset_months == 3]
    assert WITHDRAWN in [text for _cid, text in ws.monitoring.form(moment.id).conditions]


def test_the_plan_lists_it_as_withdrawn_and_never_as_open(
        ctx: AppContext, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    hid = vt_family(ws, tmp_path)
    tab = SafetyPlanTab(ctx, hid)
    qtbot.addWidget(tab)
    assert tab.create_plan()
    table = tab.editor.conditions_table
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    assert len(rows) == 3  # kept in the list, for the history
    row = rows[WITHDRAWN]
    assert table.item(row, 3).text() == "ingetrokken door Veilig Thuis op 01-11-2026"
    check = table.item(row, 0)
    assert check.checkState() == Qt.CheckState.Unchecked
    assert not check.flags() & Qt.ItemFlag.ItemIsUserCheckable
    others = [r for text, r in rows.items() if text != WITHDRAWN]
    assert all(table.item(r, 0).checkState() == Qt.CheckState.Checked for r in others)
    [plan] = ws.plans.versions(hid)
    withdrawn_id = next(c.condition.id for c in ws.plans.conditions(hid)
                        if c.condition.text == WITHDRAWN)
    assert withdrawn_id not in plan.condition_ids  # a new plan does not take it in
    tab.resize(1280, 720)
    tab.show()
    qtbot.waitExposed(tab)
    QApplication.processEvents()  # the layout settles before the picture
    box = table.parentWidget()
    assert isinstance(box, QGroupBox)
    image = box.grab()
    assert not image.isNull()
    if os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1":
        assert image.save(str(SCREENSHOTS / "voorwaarde-ingetrokken.png"))


def test_a_printout_never_lists_a_withdrawn_voorwaarde(ctx: AppContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    hid = vt_family(ws, tmp_path)
    conditions = [c.condition for c in ws.plans.conditions(hid)]
    ids = tuple(c.id for c in conditions if c.id is not None)

    class Plan:  # an older plan version that still names all three
        condition_ids = ids

    listed = [c.text for c in conditions_of(Plan(), conditions)]  # type: ignore[arg-type]
    assert len(listed) == 2 and WITHDRAWN not in listed
    assert date(2026, 11, 1) in {c.withdrawn_on for c in conditions}
