"""Main window, settings, backup and the audit log (model tested without a view)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt

from wijkteam_desk.ui.audit_viewer import AuditLogDialog
from wijkteam_desk.ui.main_window import MINIMUM_SIZE, TITLE
from wijkteam_desk.ui.models.audit import (
    COL_ACTION,
    COL_ACTOR,
    COL_DEVICE,
    COL_HOUSEHOLD,
    COL_OBJECT,
    COL_RESULT,
    COL_ROLE,
    COL_TIME,
    HEADERS,
    AuditModel,
    action_label,
)
from wijkteam_desk.ui.settings_page import ChangePassphraseDialog, SettingsDialog, parse_offsets

from .conftest import HOUSEHOLD_NAME, PASSPHRASE, submit_passphrase
from .driving import DEADLOCK_SECONDS, settle


def test_title_is_constant(unlocked, seeded):
    assert unlocked.windowTitle() == TITLE
    unlocked.open_household(seeded.household_id)
    unlocked.setWindowTitle(HOUSEHOLD_NAME)  # a page trying to put a name in the title bar
    assert unlocked.windowTitle() == TITLE
    unlocked.lock()
    assert unlocked.windowTitle() == TITLE


def test_menus_and_size(unlocked):
    titles = [a.text() for a in unlocked.menuBar().actions()]
    assert titles == ["&Bestand", "B&eeld", "E&xtra", "&Help"]
    assert unlocked.minimumWidth() == MINIMUM_SIZE[0]
    assert unlocked.width() <= 1366 and unlocked.height() <= 768
    assert unlocked.privacy_action.isCheckable()
    assert unlocked.privacy_action.shortcut().toString() == "F9"


def test_privacy_toggle_shows_status_and_masks(unlocked, seeded):
    assert not unlocked.privacy_label.isVisibleTo(unlocked)
    unlocked.set_privacy(True)
    assert unlocked.ctx.privacy
    assert unlocked.privacy_label.text() == "Huisbezoekmodus aan"
    assert unlocked.privacy_label.isVisibleTo(unlocked)
    assert unlocked.ctx.mask("Lindelaan 4") != "Lindelaan 4"
    unlocked.privacy_action.trigger()
    assert not unlocked.ctx.privacy


def test_settings_round_trip(unlocked, service, qtbot, tmp_path):
    dialog = unlocked.open_settings()
    assert dialog.team.text() == "Wijkteam Noord"
    assert "alleen met je wachtwoord" in dialog.device_state.text()
    dialog.team.setText("Wijkteam Zuid")
    dialog.idle_minutes.setValue(12)
    dialog.offsets.setText("12, 3 ,6")
    dialog.backup_folder.setText(str(tmp_path))
    dialog.daily_backup.setChecked(True)
    assert dialog.save()
    saved = service.settings()
    assert saved.team == "Wijkteam Zuid"
    assert saved.idle_lock_minutes == 12
    assert saved.monitoring_offsets_months == (3, 6, 12)
    assert saved.daily_backup and saved.backup_folder == str(tmp_path)
    assert unlocked.idle._timeout.total_seconds() == 12 * 60

    again = SettingsDialog(unlocked.ctx, service.secrets)
    qtbot.addWidget(again)
    assert again.offsets.text() == "3, 6, 12"
    again.offsets.setText("drie")
    assert not again.save()
    assert "hele getallen" in again.message.text()
    again.offsets.setText("3, 99")
    assert not again.save()
    assert "tussen 1 en 60" in again.message.text()


def test_parse_offsets():
    assert parse_offsets("3, 12") == (3, 12)
    assert parse_offsets("3;6 12") == (3, 6, 12)
    assert parse_offsets("") is None
    assert parse_offsets("3, -1") is None


def test_change_passphrase(unlocked, service, qtbot):
    dialog = ChangePassphraseDialog(unlocked.ctx, service.secrets)
    qtbot.addWidget(dialog)
    new = "nog een veel langer wachtwoord"
    dialog.old.setText("fout fout fout")
    dialog.new.setText(new)
    dialog.again.setText(new)
    dialog.try_accept()
    assert dialog.busy and not dialog.old.isEnabled()  # the key is derived in a worker
    settle(dialog.worker)
    assert "huidige wachtwoord klopt niet" in dialog.message.text() and dialog.old.isEnabled()
    dialog.old.setText(PASSPHRASE)
    dialog.try_accept()
    settle(dialog.worker)
    assert dialog.result() == ChangePassphraseDialog.DialogCode.Accepted
    unlocked.lock()
    submit_passphrase(unlocked.gate, new)
    assert not unlocked.is_locked


def test_backup_from_menu(unlocked, tmp_path):
    target = tmp_path / "reserve.wdbackup"
    unlocked._choose_backup_target = lambda _parent, _suggestion: str(target)
    assert unlocked.make_backup()  # written in a worker thread: the window keeps painting
    assert unlocked.statusBar().currentMessage() == "Reservekopie maken…"
    assert unlocked.backups.progress.isVisibleTo(unlocked)
    assert not unlocked.make_backup()  # one at a time
    settle(unlocked.backups.call)
    assert unlocked.statusBar().currentMessage() == "Reservekopie gemaakt."
    assert not unlocked.backups.progress.isVisibleTo(unlocked)
    assert target.exists() and target.stat().st_size > 0
    assert HOUSEHOLD_NAME.encode() not in target.read_bytes()


def test_a_backup_that_cannot_be_written_says_so(unlocked, tmp_path, monkeypatch):
    from wijkteam_desk.ui import settings_page

    shown: list[str] = []
    monkeypatch.setattr(settings_page, "show_error", lambda _parent, text: shown.append(text))
    (tmp_path / "stick").write_bytes(b"")  # a file where the folder should be: not writable
    unlocked._choose_backup_target = lambda _p, _s: str(tmp_path / "stick" / "reserve.wdbackup")
    assert unlocked.make_backup()
    settle(unlocked.backups.call)
    assert shown == ["De reservekopie kon niet worden opgeslagen. Controleer of de map bestaat "
                     "en of er genoeg ruimte is."]
    assert not unlocked.backups.progress.isVisibleTo(unlocked)


def test_locking_during_a_backup_waits_for_it_and_keeps_the_file(unlocked, tmp_path,
                                                                   monkeypatch):
    from wijkteam_desk.services import workspace as workspace_module

    workspace = unlocked.ctx.workspace
    inside, release = threading.Event(), threading.Event()
    original = workspace_module.write_backup

    def slow_copy(*args):  # a big vault: the copy takes a while (it holds the vault's guard)
        inside.set()
        release.wait(DEADLOCK_SECONDS)
        return original(*args)

    monkeypatch.setattr(workspace_module, "write_backup", slow_copy)
    target = tmp_path / "reserve.wdbackup"
    unlocked._choose_backup_target = lambda _parent, _suggestion: str(target)
    assert unlocked.make_backup()
    assert inside.wait(DEADLOCK_SECONDS)  # the copy is under way
    release.set()
    unlocked.lock()  # the panic key: the lock waits for the copy in progress, then closes
    settle(unlocked.backups.call)
    assert unlocked.is_locked and not workspace.vault.is_open
    assert target.exists() and HOUSEHOLD_NAME.encode() not in target.read_bytes()
    assert not unlocked.backups.progress.isVisibleTo(unlocked)


def test_daily_backup_once_a_day(unlocked, clock, tmp_path):
    from dataclasses import replace

    folder = tmp_path / "usb"
    workspace = unlocked.ctx.workspace
    workspace.save_settings(replace(workspace.settings, daily_backup=True,
                                    backup_folder=str(folder)))
    assert unlocked.maybe_daily_backup() == "no_folder"  # the USB stick is not there
    folder.mkdir()
    assert unlocked.maybe_daily_backup() == "started"
    settle(unlocked.backups.call)
    assert unlocked.statusBar().currentMessage() == "Automatische reservekopie gemaakt."
    assert len(list(folder.iterdir())) == 1
    assert workspace.settings.last_backup_on == clock.today().isoformat()
    assert unlocked.maybe_daily_backup() == "not_due"
    clock.advance(days=1)
    assert unlocked.maybe_daily_backup() == "started"
    settle(unlocked.backups.call)
    assert len(list(folder.iterdir())) == 2


@dataclass(frozen=True)
class Row:
    at: str
    actor: str
    device: str
    action: str
    object_type: str
    object_id: str
    household_id: int | None
    result: str


def test_audit_model_without_view():
    model = AuditModel()
    assert model.rowCount() == 0
    model.set_rows([
        Row("2025-03-03T09:00:00+00:00", "tester", "laptop-7", "household.view", "household",
            "4", 4, "ok"),
        Row("2025-03-03T09:05:00+00:00", "tester", "laptop-7", "vault.backup", "vault",
            "0b4f", None, "ok"),
        Row("bad", "tester", "laptop-7", "export.melding", "export", "9", 4, "rejected"),
    ])
    assert model.rowCount() == 3 and model.columnCount() == len(HEADERS) == 8
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert header == ["Tijdstip", "Medewerker", "Functie", "Apparaat", "Actie", "Object",
                      "Gezin", "Resultaat"]

    def cell(r: int, c: int) -> str:
        return model.data(model.index(r, c))

    assert cell(0, COL_ACTION) == "Dossier bekeken"
    assert cell(0, COL_OBJECT) == "gezin 4"
    assert cell(0, COL_HOUSEHOLD) == "4"
    assert cell(0, COL_ACTOR) == "tester" and cell(0, COL_DEVICE) == "laptop-7"
    assert cell(0, COL_ROLE) == ""  # a line from before profiles names no role
    assert cell(0, COL_RESULT) == "gelukt"
    assert cell(0, COL_TIME).startswith("03-03-2025")
    assert cell(1, COL_HOUSEHOLD) == "" and cell(1, COL_OBJECT) == "kluis"
    assert cell(2, COL_TIME) == "bad"
    assert cell(2, COL_ACTION) == "Export: melding"
    assert cell(2, COL_RESULT) == "geweigerd"
    assert model.data(model.index(0, COL_ACTION), Qt.ItemDataRole.ToolTipRole) == "household.view"
    assert model.data(model.index(9, 0)) is None


def test_action_labels():
    assert action_label("household.view") == "Dossier bekeken"
    assert action_label("person.delete") == "Persoon verwijderd"
    assert action_label("onbekend.iets") == "onbekend.iets"


def test_audit_viewer_filters(unlocked, seeded, qtbot, clock):
    unlocked.ctx.workspace.cases.open_file(seeded.household_id)
    dialog = unlocked.open_audit_log()
    actions = {dialog.model.row_at(r).action for r in range(dialog.model.rowCount())}
    assert {"vault.create", "vault.unlock", "household.create", "household.view"} <= actions

    dialog.household.setText(str(seeded.household_id))
    dialog.action.setCurrentIndex(dialog.action.findData("household.view"))
    dialog.refresh()
    assert dialog.model.rowCount() == 1
    assert "1 regels" in dialog.count.text()

    dialog.household.clear()
    dialog.action.setEditText("vault.")
    dialog.use_period.setChecked(True)
    today: date = clock.today()
    dialog.since.set_value(today)
    dialog.until.set_value(today)
    dialog.refresh()
    codes = {dialog.model.row_at(r).action for r in range(dialog.model.rowCount())}
    assert codes and all(code.startswith("vault.") for code in codes)
    dialog.since.set_value(date(today.year - 1, 1, 1))
    dialog.until.set_value(date(today.year - 1, 1, 2))
    dialog.refresh()
    assert dialog.model.rowCount() == 0
    unlocked.lock()
    assert not dialog.isVisible()
    assert isinstance(dialog, AuditLogDialog)


@dataclass(frozen=True)
class DetailRow(Row):
    detail: dict = field(default_factory=dict)


def test_audit_lines_say_which_copy_and_objects_in_dutch():
    """Issue 12 item 9: 'Veiligheidsplan afgedrukt' without the copy, and 'safety_plan 94'."""
    from wijkteam_desk.ui.models.audit import line_label, object_label

    def row(action: str, kind: str, oid: str, **detail) -> DetailRow:
        return DetailRow("2026-11-22T10:00:00+00:00", "tester", "laptop", action, kind, oid, 4,
                         "ok", detail)

    printed = row("print.plan", "safety_plan", "94", audience="gezin", version=3,
                  purpose="printer")
    assert line_label(printed) == "Veiligheidsplan afgedrukt — exemplaar voor het gezin"
    assert object_label(printed) == "veiligheidsplan versie 3"
    saved = row("print.plan", "safety_plan", "94", audience="gezin-zonder:7,9", version=3,
                purpose="opslaan")
    assert line_label(saved) == ("Veiligheidsplan opgeslagen als PDF — exemplaar voor het "
                                 "gezin, zonder persoon 7 en 9")
    seen = row("plan.view", "safety_plan", "94", audience="persoon:7", version=2)
    assert line_label(seen) == "Veiligheidsplan bekeken — exemplaar voor persoon 7"
    assert object_label(row("condition.review", "safety_condition", "5")) == "voorwaarde 5"


def test_every_audited_object_has_a_dutch_word():
    import re
    from pathlib import Path

    from wijkteam_desk.ui.models.audit import OBJECTS

    src = Path(__file__).resolve().parents[2] / "src" / "wijkteam_desk"
    kinds = set()
    for path in src.rglob("*.py"):
        kinds |= set(re.findall(r"audit\(\s*\"[a-z_.]+\",\s*\"([a-z_]+)\"", path.read_text()))
    assert kinds and kinds <= set(OBJECTS)


def test_ctrl_q_in_the_demo_asks_before_throwing_the_demo_away(make_window, service, seeded,  # type: ignore[no-untyped-def]
                                                                qtbot):
    """Issue 12 item 19: one Ctrl+Q threw a demo away, with all that was typed into it."""
    from PySide6.QtGui import QKeySequence

    answers, asked = [False, True], []

    def confirm(parent):  # type: ignore[no-untyped-def]
        asked.append(parent)
        return answers.pop(0)

    window = make_window(demo=True, confirm_quit=confirm)
    window.show()
    window.begin()
    submit_passphrase(window.gate)
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    window.quit_action.trigger()
    assert asked == [window]
    assert window.isVisible() and not window.is_locked  # "Nee": the demo stays, open
    window.quit_action.trigger()
    assert len(asked) == 2
    assert not window.isVisible() and window.is_locked  # "Ja": locked and closed


def test_ctrl_q_outside_the_demo_closes_without_asking(unlocked):  # type: ignore[no-untyped-def]
    asked = []
    unlocked._confirm_quit = lambda parent: asked.append(parent) or True
    unlocked.quit_action.trigger()
    assert asked == [] and unlocked.is_locked
