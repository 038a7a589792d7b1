"""The VT-uitwisseling screen (inbox, outbox with preview, log, keys) and the household tab with
the conflict review, driven as a user would, with the file dialogs replaced."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from tests.integration.exchange_support import Party, clock, package, team_recipient

from wijkteam_desk.domain.exchange import ConflictStatus, Direction, PackageStatus
from wijkteam_desk.exchange import make_receipt, open_package
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.exchange import ExchangeDialog
from wijkteam_desk.ui.household.exchange_tab import ConflictDialog, ExchangeTab
from wijkteam_desk.ui.models.exchange import (
    COL_DIRECTION,
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
    answers = iter([False, True])

    def confirm(_parent, key) -> bool:  # type: ignore[no-untyped-def]
        shown.append(key.signing_fingerprint)
        return next(answers)

    screen = dialog(qtbot, ctx, choose_folder=lambda _p: str(folder), confirm_key=confirm)
    assert ctx.workspace.exchange.own_key().signing_fingerprint in screen.own_label.text()
    assert screen.add_key() is None  # the fingerprints did not match on the phone
    assert screen.keys_model.rowCount() == 0
    added = screen.add_key()
    assert added is not None and shown == [vt.signing.public_key.fingerprint()] * 2
    assert screen.keys_model.rowCount() == 1
    assert screen.keys_model.row_at(0).signing_fingerprint == shown[0]


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


def test_outbox_previews_exactly_what_is_saved(
        qtbot, ctx: AppContext, vt: Party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx.workspace.exchange.trust(vt.folder(tmp_path / "vt"))
    outcome = ctx.workspace.exchange.import_file(
        write_overdracht(ctx.workspace, vt, tmp_path / "o.tar.age"))
    target = tmp_path / "uit" / "terugkoppeling.tar.age"
    target.parent.mkdir()
    screen = dialog(qtbot, ctx, choose_save=lambda _p, suggestion: str(target))
    assert screen.chosen_households() == [outcome.household_id]  # changed: ticked already
    assert not screen.save_button.isEnabled()

    [draft] = screen.preview()
    shown = json.loads(screen.preview_text.toPlainText())
    assert shown == draft.payload and shown["vt_case_number"] == "VT-2025-000417"
    assert "Wit" not in screen.preview_text.toPlainText()
    ctx.set_privacy(True)
    assert "VT-2025" not in screen.preview_text.toPlainText()
    ctx.set_privacy(False)

    assert screen.save() == [target]
    opened = open_package(target.read_bytes(), vt.encryption, [
        ctx.workspace.exchange.own_key() and _team_signer(ctx.workspace)],
        vt.encryption.recipient, {})
    assert opened.payload == shown
    first = screen.log_model.row_at(0)
    assert (first.direction, first.status) == (Direction.OUT, PackageStatus.VERZONDEN)
    assert screen.log_model.display(first, COL_DIRECTION) == "Verstuurd"
    assert not screen.save_button.isEnabled()


def _team_signer(ws: Workspace):  # type: ignore[no-untyped-def]
    from wijkteam_desk.exchange import SigningPublicKey

    with ws.unit_of_work() as uow:
        return SigningPublicKey.from_base64(uow.exchange.own_key().signing_public)


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


def test_screenshot_of_the_exchange_screen(
        qtbot, ctx: AppContext, vt: Party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    ws.exchange.trust(vt.folder(tmp_path / "vt"), "Veilig Thuis Voorbeeldregio")
    first = write_overdracht(ws, vt, tmp_path / "overdracht-20261122.tar.age")
    ws.exchange.import_file(first)
    ws.exchange.import_file(first)  # the same file again: "dubbel"
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do for the picture
        ws.exchange.import_file(write_overdracht(ws, Party.new(), tmp_path / "onbekend.tar.age"))
    screen = dialog(qtbot, ctx, choose_save=lambda _p, s: str(tmp_path / s))
    screen.preview()
    [sent] = screen.save()
    opened = open_package(sent.read_bytes(), vt.encryption, [_team_signer(ws)],
                          vt.encryption.recipient, {})
    receipt = tmp_path / "ontvangst-20261122.tar.age"
    receipt.write_bytes(make_receipt(opened, vt.signing, team_recipient(ws), 2, clock).data)
    ws.exchange.import_file(receipt)
    screen.refresh()
    screen.tabs.setCurrentIndex(ExchangeDialog.TAB_OUTBOX)
    screen.preview()
    screen.resize(1100, 640)
    screen.show()
    qtbot.waitExposed(screen)
    outbox = screen.grab()
    screen.tabs.setCurrentIndex(ExchangeDialog.TAB_LOG)
    for column in range(screen.log_model.columnCount()):
        screen.log_view.resizeColumnToContents(column)
    log = screen.grab()
    assert not outbox.isNull() and not log.isNull()
    if os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        log.save(str(SCREENSHOTS / "vt-uitwisseling.png"))
        outbox.save(str(SCREENSHOTS / "vt-uitwisseling-outbox.png"))
