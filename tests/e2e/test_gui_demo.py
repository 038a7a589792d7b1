"""`make demo` as a user ends it: the throwaway vault disappears, also when the app is stopped
with Ctrl+C or a shutdown signal, whether the demo data is still being made or the window is up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.cli_support import REPO


def test_demo_vault_is_removed_when_stopped_while_filling(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path),
           "PYTHONPATH": str(REPO), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = subprocess.Popen([sys.executable, "-m", "wijkteam_desk", "gui", "--demo"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Only a guard against an app that hangs, not the expected time; looked at every 20 ms
    # rather than in a busy loop, which would take the core the app needs to start.
    deadline = time.monotonic() + 900
    try:
        while True:
            demos = list(tmp_path.glob("wijkteam-desk-demo-*"))
            if demos and (demos[0] / "vault.db").exists():  # the demo data is being made
                break
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert list(tmp_path.glob("wijkteam-desk-demo-*")) == []


def test_a_shutdown_signal_quits_the_running_app(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from wijkteam_desk.app import Termination

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        loop = Termination(qapp)
        QTimer.singleShot(0, lambda: os.kill(os.getpid(), signal.SIGTERM))
        assert loop.exec() == 0  # returned through Qt: the finally blocks that lock the vault run
        assert not loop.in_loop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
