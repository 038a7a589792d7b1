"""Renders the shell screens offscreen. With WIJKTEAM_DESK_SCREENSHOTS=1 the images are written to
docs/screenshots/ (synthetic demo data only); otherwise the test just checks they render."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from wijkteam_desk.domain.profile import make_profile
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui.background import BackgroundCall
from wijkteam_desk.ui.first_run import FirstRunDialog, RecoveryCodeDialog

from .conftest import PASSPHRASE, submit_passphrase
from .driving import settle

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"


def _shoot(widget: QWidget, name: str) -> None:
    widget.show()
    widget.activateWindow()
    image = widget.grab()
    assert not image.isNull() and image.width() > 200 and image.height() > 150
    if WRITE:
        OUT.mkdir(parents=True, exist_ok=True)
        assert image.save(str(OUT / name))


@pytest.fixture
def demo_window(make_window, service):
    workspace, _code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht",
                                      make_profile("Anna de Vries", "procesregisseur",
                                                   "Wijkteam Noord"))
    ids = DemoGenerator(workspace.unit_of_work, seed=7).generate(6)
    for hid in ids[:3]:
        workspace.cases.open_file(hid)
    # What a consultant's log looks like after printing: a preview is a view, a print one line.
    planned = next(hid for hid in ids if workspace.plans.versions(hid))
    workspace.plans.print_plan(planned, "professional", purpose="voorbeeld")
    workspace.plans.print_plan(planned, "gezin", purpose="voorbeeld")
    workspace.plans.print_plan(planned, "gezin", purpose="printer")
    workspace.lock()
    window = make_window()
    window.resize(1280, 720)
    window.begin()
    return window


def test_first_run_and_recovery_code(service, qtbot):
    setup = FirstRunDialog(service)
    qtbot.addWidget(setup)
    setup.passphrase.setText("voorbeeld wachtwoord")
    setup.again.setText("voorbeeld wachtwoord")
    setup.team.setText("Wijkteam Noord")
    setup.region.setText("Utrecht")
    setup.profile.name.setText("Anna de Vries")
    setup.profile.organisation.setText("Wijkteam Noord")
    _shoot(setup, "first-run.png")
    code = RecoveryCodeDialog("K7MQ2-XH4PD-9RTWB-3NCEV-ZA6GY-8FJSK", device_bound=False)
    qtbot.addWidget(code)
    _shoot(code, "recovery-code.png")


def test_unlock_lock_settings_audit(demo_window, qtbot, tmp_path):
    window = demo_window
    _shoot(window, "unlock.png")
    submit_passphrase(window.gate)
    assert not window.is_locked

    # An example organisation key (only its public half exists): the section with a fingerprint.
    window.ctx.workspace.organisation_key.set_organisation_key(
        "age1ntuk0am0t0nntsfdy4p0qdjh4auc5g7972828z64tv4756zv090suqkzs9")
    settings = window.open_settings()
    settings.backup_folder.setText("/media/usb-stick/reservekopie")  # no one's home folder
    settings.daily_backup.setChecked(True)
    _shoot(settings, "settings.png")
    settings.reject()

    audit = window.open_audit_log()
    audit.resize(1100, 560)
    _shoot(audit, "audit-log.png")
    audit.reject()

    window.set_privacy(True)
    window.lock()
    _shoot(window, "lock-screen.png")


def test_read_only_notice(make_window, service, paths, clock, qtbot):
    """The notice a vault that failed its integrity check opens with (docs/handleiding.md)."""
    from wijkteam_desk.storage.damage import mark_damaged
    from wijkteam_desk.ui.shell_pages import default_page_factories

    workspace, _code = service.create(PASSPHRASE, "Wijkteam Noord", "Utrecht")
    DemoGenerator(workspace.unit_of_work, seed=7).generate(6)
    workspace.lock()
    mark_damaged(paths, ["pages_damaged"], clock.now())
    window = make_window(page_factories=default_page_factories())
    window.resize(1280, 720)
    window.begin()
    submit_passphrase(window.gate)
    # The first page after unlock (Vandaag) reads in worker threads: join them all.
    settle(*window.findChildren(BackgroundCall))
    _shoot(window, "vault-read-only.png")
    window.lock()
