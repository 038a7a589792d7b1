"""The unlock screen comes up before the heavy libraries and the screens behind the unlock load
(DESIGN.md: app start ≤ 2× a bare PySide6 window; measured in bench/bench_ui.py, never timed
here). Checked in a fresh interpreter that starts the app as a user does (`python -m
wijkteam_desk`, through the command line) and stops after the unlock screen has painted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "sqlcipher3", "reportlab", "jsonschema", "faker", "pyrage")
# Ours, each imported when first needed: the case model and its rules, the exchange format, the
# services on an open vault, and every screen the unlock screen does not show. QtDBus (sleep and
# screen lock) is connected at the first unlock.
BEHIND_THE_UNLOCK = (
    "wijkteam_desk.domain.model", "wijkteam_desk.domain.exchange",
    "wijkteam_desk.domain.monitoring", "wijkteam_desk.services.workspace",
    "wijkteam_desk.ui.dashboard", "wijkteam_desk.ui.household", "wijkteam_desk.ui.agenda",
    "wijkteam_desk.ui.exchange", "wijkteam_desk.ui.audit_viewer", "wijkteam_desk.ui.help",
    "wijkteam_desk.ui.settings_page", "wijkteam_desk.ui.first_run",
    "wijkteam_desk.ui.vault_dialogs", "PySide6.QtDBus",
    # Starting the app parses its command line with the vault group alone (cli/main.py).
    "wijkteam_desk.cli.agenda", "wijkteam_desk.cli.attachments", "wijkteam_desk.cli.cases",
    "wijkteam_desk.cli.exchange", "wijkteam_desk.cli.exchange_log",
    "wijkteam_desk.cli.organisation", "wijkteam_desk.cli.plans", "wijkteam_desk.cli.profile",
    "wijkteam_desk.cli.record", "wijkteam_desk.cli.team", "wijkteam_desk.cli.vt",
)
REAL_START = """
import runpy, sys
from PySide6.QtWidgets import QApplication

def one_pass(app):  # instead of the event loop: paint once, then report what was imported
    app.processEvents()
    [window] = [w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"]
    assert window.root.currentWidget() is window.gate, "the unlock screen is not shown"
    print("LOADED " + ",".join(sorted(sys.modules)), flush=True)
    return 0

QApplication.exec = one_pass
sys.argv = ["wijkteam-desk", "gui"]
runpy.run_module("wijkteam_desk", run_name="__main__", alter_sys=True)
"""


def _loaded_at_start(home: Path) -> set[str]:
    home.mkdir()
    (home / "vault.key").write_bytes(b"x")  # a vault exists: start shows the unlock panel
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WIJKTEAM_DESK_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", REAL_START], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    [line] = [x for x in out.stdout.splitlines() if x.startswith("LOADED ")]
    return set(line.removeprefix("LOADED ").split(","))


def _under(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_unlock_screen_loads_nothing_it_does_not_show(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded = _loaded_at_start(tmp_path / "home")
    assert "wijkteam_desk.ui.unlock" in loaded  # the probe did start the app
    assert _under(loaded, HEAVY) == []
    assert _under(loaded, BEHIND_THE_UNLOCK) == []


CLI_PROBE = """
import sys
from wijkteam_desk.cli import build_parser
build_parser().parse_args(["gui"])
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[1].split(","))))
"""


def test_the_command_line_loads_a_library_only_for_the_command_that_needs_it() -> None:
    """``wijkteam-desk`` starts the app through the command line: building its parser (every
    command group) must not pull in the storage, PDF or exchange libraries."""
    out = subprocess.run([sys.executable, "-c", CLI_PROBE, ",".join(HEAVY)],
                         capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1:] in ([""], [])


def test_only_starting_the_app_takes_the_short_parser() -> None:
    from wijkteam_desk.cli.main import build_parser, starts_the_app

    for argv in ([], ["gui"], ["--home", "/tmp/x", "gui", "--demo"], ["--home=/tmp/x"],
                 ["--passphrase-file", "gui"]):  # "gui" here is the file's name
        assert starts_the_app(argv), argv
    for argv in (["list"], ["--version"], ["-h"], ["--home", "gui", "list"], ["gu"]):
        assert not starts_the_app(argv), argv
    assert "team" in build_parser().format_help()  # every group on the whole command line
