"""Sending to Veilig Thuis as one guided flow (issue 12 item 10), driven as a consultant does:
from "no VT key yet" to "3 bestanden geschreven in MAP", with the folder and the phone call
replaced by the test. Every written file is opened again as VT would open it."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from tests.integration.exchange_support import Party, package, team_recipient

from wijkteam_desk.exchange import OpenedPackage, SigningPublicKey, open_package
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services.exchange import KeyInfo
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.exchange import ExchangeDialog
from wijkteam_desk.ui.exchange_flow import CHOOSE, DONE, FOLDER, KEY, RECIPIENT, SUMMARY, SendFlow
from wijkteam_desk.ui.exchange_keys import TrustKeyDialog, confirm_box, fingerprint_lines
from wijkteam_desk.ui.household.exchange_tab import ExchangeTab
from wijkteam_desk.ui.models.exchange import OUTBOX_OUTCOME, KeysModel

FAMILIES = ("Gezin De Wit", "Gezin Bakker", "Gezin El Idrissi")
# Keys of the payloads a consultant must never have to read (nor any other JSON).
JSON_KEYS = ("vt_case_number", "reported_on", "durably_safe", "monitoring", "phase", "status",
             "acknowledged_package_id", "received_at", "outcome")


@pytest.fixture
def ctx(workspace: Workspace) -> AppContext:
    return AppContext(workspace)


def families_from_vt(ws: Workspace) -> dict[int, str]:
    """Three cases VT handed over on paper, before the exchange was set up."""
    out = {}
    for i, name in enumerate(FAMILIES, start=1):
        hid = ws.cases.create_household(name, from_vt=True, vt_case_number=f"VT-2026-00{i}",
                                        vt_handover_date=date(2026, 8, 1))
        out[hid] = name
    return out


class Phone:
    """Stands in for the fingerprint dialog: records what was shown, answers with a name."""

    def __init__(self, name: str | None = "Veilig Thuis Utrecht") -> None:
        self.name = name
        self.shown: list[KeyInfo] = []

    def __call__(self, _parent: object, key: KeyInfo) -> str | None:
        self.shown.append(key)
        return self.name


def folders(*paths: Path):  # type: ignore[no-untyped-def]
    chosen = iter(str(p) for p in paths)
    return lambda _parent, _title: next(chosen)


def team_signer(ws: Workspace) -> SigningPublicKey:
    with ws.unit_of_work() as uow:
        return SigningPublicKey.from_base64(uow.exchange.own_key().signing_public)


def opened_by(vt: Party, ws: Workspace, path: Path,
              signer: SigningPublicKey | None = None) -> OpenedPackage:
    return open_package(path.read_bytes(), vt.encryption, [signer or team_signer(ws)],
                        vt.encryption.recipient, {})


def shown(screen: SendFlow) -> str:
    """The summary as the widget shows it; the same words as ``summary_text()``, line by line."""
    on_screen = screen.summary_step.text.toPlainText()
    assert [line.strip() for line in on_screen.splitlines() if line.strip()] == [
        line.strip() for line in screen.summary_text().splitlines() if line.strip()]
    return screen.summary_text()


def flow(qtbot, ctx: AppContext, **kwargs) -> SendFlow:  # type: ignore[no-untyped-def]
    widget = SendFlow(ctx, **kwargs)
    qtbot.addWidget(widget)
    return widget


def test_the_whole_flow_from_no_key_to_files_written(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    names = families_from_vt(ws)
    vt = Party.new()
    usb = tmp_path / "usb" / "vt"
    usb.mkdir(parents=True)
    phone = Phone()
    screen = flow(qtbot, ctx, choose=folders(vt.folder(tmp_path / "van-vt"), usb), ask=phone)

    # 1. No VT key: the flow starts by setting it up, in the app.
    assert screen.current == KEY
    assert screen.heading.text() == "Stap 1 van 4: De sleutel van Veilig Thuis"
    assert not screen.next_button.isEnabled()
    assert screen.add_key() is not None
    assert [k.signing_fingerprint for k in phone.shown] == [vt.signing.public_key.fingerprint()]
    assert "Veilig Thuis Utrecht" in screen.key_step.message.text()
    [key] = ws.exchange.keys()
    assert key.name == "Veilig Thuis Utrecht" and not key.revoked
    assert screen.next()

    # 2. The families: all three changed since the last acknowledged terugkoppeling.
    assert screen.current == CHOOSE and screen.heading.text().startswith("Stap 2 van 4")
    assert "(3)" in screen.choose_step.all_changed.text()
    assert screen.chosen_households() is None
    assert not screen.choose_step.receipts.isVisible()  # nothing owed to VT yet
    assert screen.next()

    # 3. A Dutch summary of exactly what leaves: the three families by name, no JSON.
    assert screen.current == SUMMARY
    text = shown(screen)
    assert text.startswith("3 bestanden, en niets anders:")
    for name in names.values():
        assert name in text
    assert "Terugkoppeling over zaak VT-2026-001" in text
    assert "Veilig Thuis Utrecht" in screen.summary_step.to.text()
    assert not re.search(r'[{}\[\]"]', text)
    assert not [k for k in JSON_KEYS if k in text]

    # 4. One folder for all files; the message names how many and where.
    assert screen.next() and screen.current == FOLDER
    assert screen.next_button.text() == "Bestanden schrijven"
    assert not screen.next_button.isEnabled()  # no folder yet
    assert "Alle 3 bestanden komen" in screen.folder_step.intro.text()
    assert screen.choose_folder() == str(usb)
    assert screen.next()
    assert screen.current == DONE
    assert screen.done_step.result.text() == (
        f"3 bestanden geschreven in {usb}. Stuur ze naar Veilig Thuis.")
    files = sorted(usb.iterdir())
    assert len(files) == 3 and screen.done_step.files.count() == 3
    assert not any(name.split()[-1] in f.name for f in files for name in names.values())
    sent = {opened_by(vt, ws, f).payload["vt_case_number"] for f in files}
    assert sent == {"VT-2026-001", "VT-2026-002", "VT-2026-003"}
    assert [d.payload for d in screen.drafts] == [opened_by(vt, ws, f).payload for f in files]
    assert not screen.back_button.isVisible() and screen.cancel_button.text() == "Sluiten"
    assert ws.exchange.pending_feedback() == list(names)  # sent, not yet acknowledged by VT


def test_one_file_says_so_in_the_singular(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    hid = next(iter(families_from_vt(ws)))
    vt = Party.new()
    ws.exchange.trust(vt.folder(tmp_path / "vt"), "Veilig Thuis Utrecht")
    screen = flow(qtbot, ctx, households=[hid], choose=folders(tmp_path))
    assert screen.current == CHOOSE and screen.heading.text().startswith("Stap 1 van 3")
    assert screen.chosen_households() == [hid]
    assert screen.next() and screen.next()
    assert "Het bestand komt daarin" in screen.folder_step.intro.text()
    screen.choose_folder()
    assert screen.next()
    assert screen.done_step.result.text() == (
        f"1 bestand geschreven in {tmp_path}. Stuur het naar Veilig Thuis.")


def test_back_and_an_empty_choice_write_nothing(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    families_from_vt(ws)
    ws.exchange.trust(Party.new().folder(tmp_path / "vt"))
    screen = flow(qtbot, ctx, choose=folders(tmp_path / "uit"))
    for i in range(screen.choose_step.households.count()):
        screen.choose_step.households.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert not screen.next()
    assert screen.choose_step.message.text() == "Er is niets om te versturen. Vink een gezin aan."
    screen.choose_step.households.item(1).setCheckState(Qt.CheckState.Checked)
    assert screen.next()
    assert shown(screen).startswith(
        "1 bestand, en niets anders:\n\n1. Gezin Bakker\n    Terugkoppeling over zaak VT-2026-002")
    screen.back()
    assert screen.current == CHOOSE and screen.choose_step.pick.isChecked()
    screen.choose_step.all_changed.setChecked(True)  # the ticks show what "all" means again
    assert screen.chosen_households() is None
    assert all(screen.choose_step.households.item(i).checkState() == Qt.CheckState.Checked
               for i in range(3))
    assert ws.exchange.log() == []  # looking is not sending


def test_receipts_owed_to_vt_are_listed_and_written_by_the_same_flow(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    vt = Party.new()
    ws.exchange.trust(vt.folder(tmp_path / "vt"), "Veilig Thuis Utrecht")
    overdracht = tmp_path / "overdracht.tar.age"
    overdracht.write_bytes(package(vt, team_recipient(ws), "overdracht", example_overdracht(), 1))
    window = ExchangeDialog(ctx, choose_file=lambda _p: str(overdracht),
                            choose=folders(tmp_path))
    qtbot.addWidget(window)
    outcome = window.import_package()
    assert outcome is not None and outcome.receipt_queued
    assert "Overdracht ingelezen: Gezin De Wit (nieuw), 4 personen en 3 voorwaarden" in \
        window.import_result.text()
    assert "ontvangstbevestiging voor Veilig Thuis klaar" in window.import_result.text()

    # The Versturen tab lists the receipt the team owes VT, by family.
    assert window.outbox_model.rowCount() == 1
    assert window.outbox_model.text(0, 0) == "Gezin De Wit"
    assert window.outbox_model.text(0, OUTBOX_OUTCOME) == "ingelezen"
    assert "1 gezin is veranderd" in window.changed_label.text()

    screen = window.start_feedback()
    qtbot.addWidget(screen)
    assert screen.current == CHOOSE
    assert screen.choose_step.receipts.isChecked()
    assert "ontvangstbevestiging die Veilig Thuis nog van je krijgt (1)" in \
        screen.choose_step.receipts.text()
    assert screen.next()
    text = shown(screen)
    assert text.startswith("2 bestanden") and "\n2. Gezin De Wit\n    Ontvangstbevestiging " \
        "voor de overdracht met volgnummer 1 van Veilig Thuis" in text
    assert screen.next()
    screen.choose_folder()
    assert screen.next()
    assert screen.done_step.result.text().startswith("2 bestanden geschreven in")
    kinds = sorted(opened_by(vt, ws, tmp_path / screen.done_step.files.item(i).text())
                   .manifest.kind for i in range(2))
    assert kinds == ["ontvangstbevestiging", "terugkoppeling"]
    assert ws.exchange.outbox() == []
    assert window.outbox_model.rowCount() == 0  # the window heard of it
    assert "geen ontvangstbevestigingen" in window.receipts_label.text()


def test_with_two_vt_keys_the_flow_asks_which_recipient(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    families_from_vt(ws)
    utrecht, gooi = Party.new(), Party.new()
    ws.exchange.trust(utrecht.folder(tmp_path / "u"), "Veilig Thuis Utrecht")
    ws.exchange.trust(gooi.folder(tmp_path / "g"), "Veilig Thuis Gooi")
    screen = flow(qtbot, ctx, choose=folders(tmp_path))
    assert screen.current == RECIPIENT
    assert screen.heading.text() == "Stap 1 van 4: Naar welke Veilig Thuis?"
    assert not screen.next_button.isEnabled()  # no silent default
    [u, g] = screen.recipient_step.group.buttons()
    assert "Veilig Thuis Utrecht" in u.text() and fingerprint_lines(
        gooi.signing.public_key.fingerprint()).split()[0] in g.text()
    g.setChecked(True)
    assert screen.next() and screen.next()
    assert "Naar: Veilig Thuis Gooi" in screen.summary_step.to.text()
    assert screen.next() and screen.choose_folder() and screen.next()
    first = sorted(tmp_path.glob("*.tar.age"))[0]
    assert opened_by(gooi, ws, first).manifest.kind == "terugkoppeling"
    with pytest.raises(Exception):  # noqa: B017 - any refusal: Utrecht cannot read it
        opened_by(utrecht, ws, first)


def test_the_summary_is_hidden_in_huisbezoekmodus_and_cannot_be_skipped(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    families_from_vt(ws)
    ws.exchange.trust(Party.new().folder(tmp_path / "vt"))
    screen = flow(qtbot, ctx)
    assert screen.next()
    ctx.set_privacy(True)
    assert "VT-2026" not in screen.summary_step.text.toPlainText()
    assert not screen.next_button.isEnabled() and not screen.next()
    ctx.set_privacy(False)
    assert "VT-2026-001" in shown(screen)
    assert screen.next_button.isEnabled()


def test_a_refusal_in_the_flow_is_said_on_the_page_and_loses_nothing(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    families_from_vt(ws)
    ws.exchange.trust(Party.new().folder(tmp_path / "vt"))
    gone = tmp_path / "usb-eruit"
    gone.mkdir()
    screen = flow(qtbot, ctx, choose=folders(gone))
    assert screen.next() and screen.next()
    screen.choose_folder()
    gone.rmdir()  # the stick was pulled before "Bestanden schrijven"
    assert not screen.next() and screen.current == FOLDER
    assert screen.folder_step.message.text() == (
        f"De map {gone} bestaat niet. Kies een andere map.")
    assert ws.exchange.log() == []

    screen.choose_step.melding.setChecked(True)
    screen.back()
    screen.back()
    assert screen.current == CHOOSE
    assert not screen.next()  # a melding needs a regisseur to make it
    assert screen.choose_step.message.text() == ("Wijs eerst een regisseur aan: die doet de "
                                                 "melding.")


# -- the keys ----------------------------------------------------------------------------------
def test_the_trust_dialog_defaults_to_nee(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = ctx.workspace.exchange.read_key_folder(Party.new().folder(tmp_path / "vt"))
    dialog = TrustKeyDialog(key)
    qtbot.addWidget(dialog)
    assert dialog.no_button.isDefault() and not dialog.yes_button.isDefault()
    assert not dialog.yes_button.autoDefault()
    assert dialog.fingerprint.text() == fingerprint_lines(key.signing_fingerprint)
    assert len(dialog.fingerprint.text().split("\n")) == 2
    assert len(dialog.fingerprint.text().split()) == 8  # blocks of four, to read aloud
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter means "Nee"
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert ctx.workspace.exchange.keys() == []


@pytest.mark.parametrize("title", ["Sleutel intrekken?", "Sleutel van het team vervangen?"])
def test_revoke_and_rotate_ask_with_nee_as_the_default(qtbot, title: str) -> None:  # type: ignore[no-untyped-def]
    box = confirm_box(None, title, "Zeker weten?", "Ja, doen")
    qtbot.addWidget(box)
    assert box.defaultButton().text() == "Nee"
    assert box.escapeButton() is box.defaultButton()
    assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.NoRole


def test_sleutels_tab_revokes_and_rotates_after_asking(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    vt = Party.new()
    ws.exchange.trust(vt.folder(tmp_path / "vt"), "Veilig Thuis Utrecht")
    asked: list[str] = []
    answers = iter([False, True, True])

    def sure(_parent, title, _text, _yes) -> bool:  # type: ignore[no-untyped-def]
        asked.append(title)
        return next(answers)

    out = tmp_path / "sleutelwissel"
    out.mkdir()
    window = ExchangeDialog(ctx, choose=folders(out, tmp_path / "team"), sure=sure)
    qtbot.addWidget(window)
    keys = window.keys
    assert not keys.revoke_key()  # nothing chosen: says so, asks nothing
    assert keys.status.text() == "Kies eerst een sleutel in de lijst." and asked == []
    keys.keys_view.selectRow(0)
    assert not keys.revoke_key()  # "Nee"
    assert not ws.exchange.keys()[0].revoked
    old = team_signer(ws)
    assert keys.rotate_own_key()
    assert asked == ["Sleutel intrekken?", "Sleutel van het team vervangen?"]
    [change] = list(out.iterdir())
    opened = opened_by(vt, ws, change, signer=old)  # signed with the key it replaces
    assert opened.manifest.kind == "sleutelwissel"
    assert opened.payload["new_signing_key"] == team_signer(ws).file_text().splitlines()[1]
    assert keys.status.text().startswith("De sleutel van het team is vervangen. 1 bestand "
                                         f"geschreven in {out}. Stuur het naar Veilig Thuis.")
    assert fingerprint_lines(ws.exchange.own_key().signing_fingerprint) == keys.own_label.text()
    keys.keys_view.selectRow(0)
    assert keys.revoke_key()
    assert keys.keys_model.text(0, 4) == "ingetrokken"
    assert (tmp_path / "team").exists() is False
    assert keys.export_own_key() == tmp_path / "team"
    assert {p.name for p in (tmp_path / "team").iterdir()} == {"signing.pub", "encryption.pub"}


def test_sleutels_headers_fit_at_1366x768(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    ws.exchange.trust(Party.new().folder(tmp_path / "a"), "Veilig Thuis Utrecht")
    ws.exchange.trust(Party.new().folder(tmp_path / "b"), "Veilig Thuis Gooi en Vechtstreek")
    ws.exchange.revoke(ws.exchange.keys()[0].id)
    window = ExchangeDialog(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.tabs.setCurrentIndex(ExchangeDialog.TAB_KEYS)
    window.show()
    qtbot.waitExposed(window)
    view = window.keys.keys_view
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    model = view.model()
    assert isinstance(model, KeysModel) and model.columnCount() == 5
    used = 0
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        width = header.sectionSize(column)
        assert width >= metrics.horizontalAdvance(title) + 8, title  # the header is not cut
        assert width >= view.sizeHintForColumn(column), title  # nor the values under it
        used += width
    assert used <= view.viewport().width()  # no column pushed out of sight
    assert window.keys.keys_model.text(0, 4) == "ingetrokken"


def test_household_tab_starts_the_flow_with_this_family(
        qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    ids = list(families_from_vt(ws))
    plain = ws.cases.create_household("Gezin Zonder Zaak")
    ws.exchange.trust(Party.new().folder(tmp_path / "vt"))
    tab = ExchangeTab(ctx, ids[1])
    qtbot.addWidget(tab)
    assert not tab.send_button.isHidden()
    started = tab.send_feedback()
    assert started.chosen_households() == [ids[1]]
    started.close()
    other = ExchangeTab(ctx, plain)
    qtbot.addWidget(other)
    assert other.send_button.isHidden()  # no VT case number: nothing to answer


def test_summary_has_no_json_for_any_kind(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    families_from_vt(ws)
    ws.exchange.trust(Party.new().folder(tmp_path / "vt"))
    screen = flow(qtbot, ctx)
    screen.next()
    text = screen.summary_text()
    for draft in screen.drafts:
        assert json.dumps(draft.payload, ensure_ascii=False)[:20] not in text
        assert not [k for k in draft.payload if k in text]


def test_a_melding_goes_through_the_same_flow(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    hid = ws.cases.create_household("Gezin Yılmaz")
    ws.cases.add_person(hid, "Elif", "Yılmaz", birth_date=date(2015, 4, 2))
    pro = ws.cases.add_professional("Sanne Visser", "Wijkteam Noord", phone="030-0000000")
    ws.cases.assign_regisseur(hid, pro, date(2026, 9, 1))
    vt = Party.new()
    ws.exchange.trust(vt.folder(tmp_path / "vt"), "Veilig Thuis Utrecht")
    out = tmp_path / "melding"
    out.mkdir()
    window = ExchangeDialog(ctx, choose=folders(out))
    qtbot.addWidget(window)
    screen = window.start_melding()
    qtbot.addWidget(screen)
    step = screen.choose_step
    assert step.melding.isChecked() and step.melding_box.isVisibleTo(screen)
    assert step.feedback_box.isHidden()
    step.melding_household.setCurrentIndex(step.melding_household.findData(hid))
    step.concerns.setPlainText("Elif vertelt op school over slaan thuis.")
    step.informed.setCurrentIndex(step.informed.findData(True))
    assert screen.next()
    text = shown(screen)
    assert "1. Gezin Yılmaz\n    Melding bij Veilig Thuis van 22-11-2026." in text
    assert "Elif Yılmaz, geboren 02-04-2015" in text and "Sanne Visser" in text
    assert "noemt geen namen" not in text  # a melding does name the family
    assert screen.next() and screen.choose_folder() and screen.next()
    [sent] = list(out.iterdir())
    assert opened_by(vt, ws, sent).payload["concerns"] == "Elif vertelt op school over slaan thuis."
