"""The unlock screen comes up before the heavy libraries load (DESIGN.md: app start ≤ 2× a bare
PySide6 window; measured in bench/). Checked in a fresh interpreter, no timing involved."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlcipher3", "reportlab", "jsonschema", "faker", "pyrage")
PROBE = """
import sys
from wijkteam_desk.app import make_application
from wijkteam_desk.domain.clock import SystemClock
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore
from wijkteam_desk.ui.main_window import MainWindow
app = make_application()
window = MainWindow(VaultService(AppPaths(__import__("pathlib").Path(sys.argv[1])),
                                 NoSecretStore(), SystemClock()), watch_system=False)
window.show()
window.begin()
app.processEvents()
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(","))))
"""


def test_the_unlock_screen_needs_no_storage_pdf_or_exchange_libraries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    (home / "vault.key").write_bytes(b"x")  # a vault exists: start shows the unlock panel
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", PROBE, str(home), ",".join(HEAVY)],
                         capture_output=True, text=True, check=True, env=env, timeout=120)
    assert out.stdout.strip().splitlines()[-1:] in ([""], [])


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
