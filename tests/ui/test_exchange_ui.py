"""The VT-uitwisseling window (Inlezen, Versturen, Logboek, Sleutels) and the household tab with
the conflict review, driven as a user would, with the file dialogs replaced; pictures of each
step of sending (the flow itself: test_exchange_flow.py)."""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from tests.integration.exchange_support import Party, package, team_recipient

from wijkteam_desk.domain.exchange import ConflictStatus
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.exchange import ExchangeDialog
from wijkteam_desk.ui.exchange_flow import KEY
from wijkteam_desk.ui.exchange_keys import TrustKeyDialog
from wijkteam_desk.ui.household.exchange_tab import ConflictDialog, ExchangeTab
from wijkteam_desk.ui.models.exchange import (
    COL_STATUS,
    CONFLICT_INCOMING,
    CONFLICT_LOCAL,
    ConflictModel,
    ExchangeLogModel,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def ctx(workspace: Workspace) -> AppContext:
    return AppContext(workspace)


@pytest.fixture
def vt(workspace: Workspace, tmp_path: Path) -> Party:
    return Party.new()


def dialog(qtbot, ctx: AppContext, **choosers) -> ExchangeDialog:  # type: ignore[no-untyped-def]
    widget = ExchangeDialog(ctx, **choosers)
    qtbot.addWidget(widget)
    return widget


def write_overdracht(ws: Workspace, vt: Party, path: Path, sequence: int = 1,
                     payload: dict | None = None) -> Path:
    path.write_bytes(package(vt, team_recipient(ws), "overdracht",
                             payload or example_overdracht(), sequence))
    return path


def test_keys_tab_shows_fingerprints_and_trusts_only_after_comparing(
        qtbot, ctx: AppContext, vt: Party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = vt.folder(tmp_path / "vt")
    shown: list[str] = []
    answers = iter([None, "Veilig Thuis Utrecht"])

    def ask(_parent, key) -> str | None:  # type: ignore[no-untyped-def]
        shown.append(key.signing_fingerprint)
        return next(answers)

    screen = dialog(qtbot, ctx, choose=lambda _p, _t: str(folder), ask=ask)
    keys = screen.keys
    own = ctx.workspace.exchange.own_key().signing_fingerprint
    assert keys.own_label.text().split() == own.split()
    assert keys.add_key() is None  # the fingerprints did not match on the phone
    assert keys.keys_model.rowCount() == 0 and keys.status.text() == (
        "De sleutel is niet toegevoegd.")
    added = keys.add_key()
    assert added is not None and shown == [vt.signing.public_key.fingerprint()] * 2
    assert keys.keys_model.rowCount() == 1
    assert keys.keys_model.row_at(0).signing_fingerprint == shown[0]
    assert keys.keys_model.row_at(0).name == "Veilig Thuis Utrecht"


def test_a_folder_without_keys_is_refused_with_a_reason(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "leeg"
    empty.mkdir()
    screen = dialog(qtbot, ctx, choose=lambda _p, _t: str(empty),
                    ask=lambda _p, _k: pytest.fail("nothing to compare"))
    assert screen.keys.add_key() is None
    assert "signing.pub" in screen.keys.status.text() or "sleutel" in screen.keys.status.text()
    assert ctx.workspace.exchange.keys() == []


def test_inbox_imports_a_package_and_explains_a_refusal(
        qtbot, ctx: AppContext, vt: Party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx.workspace.exchange.trust(vt.folder(tmp_path / "vt"))
    good = write_overdracht(ctx.workspace, vt, tmp_path / "overdracht.tar.age")
    forged = write_overdracht(ctx.workspace, Party.new(), tmp_path / "vals.tar.age")
    chosen = iter([str(good), str(forged)])
    screen = dialog(qtbot, ctx, choose_file=lambda _p: next(chosen))

    outcome = screen.import_package()
    assert outcome is not None and outcome.created
    assert "Overdracht ingelezen" in screen.import_result.text()
    assert screen.import_package() is None
    assert "vals.tar.age" in screen.import_result.text()
    assert "afzender is onbekend" in screen.import_result.text()
    statuses = [screen.log_model.display(screen.log_model.row_at(i), COL_STATUS)
                for i in range(screen.log_model.rowCount())]
    assert statuses[0].startswith("Geweigerd: de afzender is onbekend")
    assert statuses[1] == "Ingelezen"


def test_household_tab_shows_conflicts_and_the_review_decides(
        qtbot, ctx: AppContext, vt: Party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    ws.exchange.trust(vt.folder(tmp_path / "vt"))
    hid = ws.exchange.import_file(write_overdracht(ws, vt, tmp_path / "1.tar.age")).household_id
    mark = next(p for p in ws.cases.open_file(hid).file.persons if p.given_name == "Mark")
    ws.cases.update_person(mark.id, phone="06-11111111")
    changed = copy.deepcopy(example_overdracht())
    changed["persons"][1]["phone"] = "06-22222222"
    ws.exchange.import_file(write_overdracht(ws, vt, tmp_path / "2.tar.age", 2, changed))

    tab = ExchangeTab(ctx, hid)
    qtbot.addWidget(tab)
    assert not tab.conflict_hint.isHidden() and "1 verschil" in tab.conflict_hint.text()
    assert tab.log.rowCount() == 2
    assert tab.conflicts.display(tab.conflicts.row_at(0), CONFLICT_LOCAL) == "06-11111111"
    ctx.set_privacy(True)
    assert tab.conflicts.display(tab.conflicts.row_at(0), CONFLICT_INCOMING) == "••••••"
    ctx.set_privacy(False)

    review = ConflictDialog(tab.conflicts.row_at(0))
    qtbot.addWidget(review)
    assert review.incoming_label.text() == "06-22222222"
    tab.ask = lambda _c: ConflictDialog.TAKE  # type: ignore[method-assign]
    assert tab.review_selected()
    assert tab.conflicts.row_at(0).status is ConflictStatus.INKOMEND
    assert tab.conflict_hint.isHidden() and not tab.review_button.isEnabled()
    assert next(p for p in ws.cases.open_file(hid).file.persons
                if p.given_name == "Mark").phone == "06-22222222"


def test_log_model_formats_rows_without_a_view(workspace: Workspace, vt: Party) -> None:
    from wijkteam_desk.domain.errors import RejectedInput

    with pytest.raises(RejectedInput):
        workspace.exchange.import_bytes(b"geen pakket", "brief.txt")
    model = ExchangeLogModel()
    model.set_rows(workspace.exchange.log())
    row = model.row_at(0)
    assert model.columnCount() == 7 and model.rowCount() == 1
    assert model.display(row, COL_STATUS).startswith("Geweigerd: het is geen versleuteld")
    assert ConflictModel().rowCount() == 0


def _save(widget: QWidget, name: str) -> None:
    image = widget.grab()
    assert not image.isNull()
    if os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert image.save(str(SCREENSHOTS / name))


def test_screenshots_of_each_step(
        qtbot, ctx: AppContext, vt: Party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The flow from "no key" to "files written", the Versturen and Sleutels tabs and the log,
    as pictures for the guide (docs/handleiding.md, "Uitwisselen met Veilig Thuis")."""
    ws = ctx.workspace
    for i, name in enumerate(("Gezin Bakker", "Gezin El Idrissi"), start=1):
        ws.cases.create_household(name, from_vt=True, vt_case_number=f"VT-2026-00{i}",
                                  vt_handover_date=date(2026, 8, 1))
    old = ws.exchange.trust(Party.new().folder(tmp_path / "oud"), "Veilig Thuis (oude sleutel)")
    ws.exchange.revoke(old.id)  # a revoked key is no key: the flow starts by setting one up
    keys = vt.folder(tmp_path / "sleutel-van-vt")
    usb = tmp_path / "usb"
    usb.mkdir()
    chosen = iter([str(keys), str(usb)])
    window = dialog(qtbot, ctx, choose=lambda _p, _t: next(chosen),
                    ask=lambda _p, _k: "Veilig Thuis Utrecht")
    window.resize(1000, 620)

    flow = window.start_feedback()
    flow.resize(760, 600)
    qtbot.waitExposed(flow)
    assert flow.current == KEY
    _save(flow, "vt-stap-sleutel.png")
    compare = TrustKeyDialog(ws.exchange.read_key_folder(keys), flow, "Veilig Thuis Utrecht")
    compare.show()
    qtbot.waitExposed(compare)
    _save(compare, "vt-sleutel-vergelijken.png")
    compare.close()
    assert flow.add_key() is not None
    flow.close()

    first = write_overdracht(ws, vt, tmp_path / "overdracht-20261122.tar.age")
    ws.exchange.import_file(first)
    ws.exchange.import_file(first)  # the same file again: "dubbel"
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do for the picture
        ws.exchange.import_file(write_overdracht(ws, Party.new(), tmp_path / "onbekend.tar.age"))
    window.refresh()
    window.tabs.setCurrentIndex(ExchangeDialog.TAB_SEND)
    window.show()
    qtbot.waitExposed(window)
    _save(window, "vt-versturen.png")

    flow = window.start_feedback()
    flow.resize(760, 600)
    qtbot.waitExposed(flow)
    assert "(3)" in flow.choose_step.all_changed.text() and flow.choose_step.receipts.isVisible()
    _save(flow, "vt-stap-gezinnen.png")
    assert flow.next()
    _save(flow, "vt-stap-samenvatting.png")
    assert flow.next()
    flow.choose_folder()
    _save(flow, "vt-stap-map.png")
    assert flow.next()
    assert flow.done_step.result.text().startswith("5 bestanden geschreven in")  # 3 + 2 receipts
    _save(flow, "vt-stap-klaar.png")
    flow.close()

    window.resize(1366, 728)
    window.tabs.setCurrentIndex(ExchangeDialog.TAB_KEYS)
    _save(window, "vt-sleutels.png")
    window.resize(1100, 640)
    window.tabs.setCurrentIndex(ExchangeDialog.TAB_LOG)
    for column in range(window.log_model.columnCount()):
        window.log_view.resizeColumnToContents(column)
    _save(window, "vt-uitwisseling.png")
