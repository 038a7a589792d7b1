"""Search as you type, app start and the GUI's resident memory, against bare baselines."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from bench.common import PASSPHRASE, ROOT, bench_paths, median_ms, open_bench_vault, result

BARE_WINDOW = """
import sys, resource
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1]); w = QWidget(); w.resize(1280, 720); w.show()
app.processEvents()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
APP_START = """
import sys, resource
from wijkteam_desk.app import make_application
from wijkteam_desk.ui.main_window import MainWindow
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore
from wijkteam_desk.domain.clock import SystemClock
from wijkteam_desk.paths import AppPaths
app = make_application()
w = MainWindow(VaultService(AppPaths(__import__('pathlib').Path(sys.argv[1])), NoSecretStore(),
                            SystemClock()), watch_system=False)
w.show(); app.processEvents()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
WORKING_APP = APP_START.replace(
    "w.show(); app.processEvents()",
    "w.show(); app.processEvents()\n"
    "w.open_workspace(w.service.unlock(sys.argv[2])); app.processEvents()\n"
    "import time\n"
    "while not w._dashboard.is_loaded: app.processEvents(); time.sleep(0.01)\n"
    "rows = w.ctx.workspace.cases.list_cases()\n"
    "w.open_household(rows[len(rows) // 2].summary.household_id); app.processEvents()")


def _run(code: str, *args: str) -> tuple[float, int]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={"QT_QPA_PLATFORM": "offscreen",
                                                    "PATH": "/usr/bin:/bin"})
    return (time.perf_counter() - start) * 1000, int(out.stdout.strip().splitlines()[-1])


def run() -> list[dict[str, object]]:
    from PySide6.QtWidgets import QApplication

    from wijkteam_desk.ui.models.caseload import CaseloadFilter, CaseloadModel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ws = open_bench_vault()
    try:
        rows = ws.cases.list_cases()
        today = ws.clock.today()
    finally:
        ws.lock()
    model = CaseloadModel(today)
    model.set_rows(rows, today)
    proxy = CaseloadFilter()
    proxy.setSourceModel(model)
    proxy.set_status(CaseloadFilter.STATUS_ALL)
    proxy.sort(CaseloadModel.COL_NAME)  # as the dashboard shows it
    words = ["j", "ja", "jan", "jans", "jan", "ja", "j", ""]  # typing and deleting
    state = {"i": 0}

    def type_one() -> int:
        proxy.set_search(words[state["i"] % len(words)])
        state["i"] += 1
        return proxy.rowCount()

    texts = [f"{r.summary.name} {r.summary.member_names}".casefold() for r in rows]

    def plain_filter() -> int:
        word = words[state["i"] % len(words)]
        state["i"] += 1
        return sum(1 for t in texts if word in t)

    search = median_ms(type_one, runs=40)
    baseline = median_ms(plain_filter, runs=40)
    out = [result(f"zoeken tijdens typen ({len(rows)} gezinnen)", search, baseline, "≤ 30 ms",
                  "zelfde filter in gewone Python", search <= 30)]
    del app
    home = str(bench_paths().home)
    bare = [_run(BARE_WINDOW) for _ in range(7)]  # processes vary: more runs, then the median
    start = [_run(APP_START, home) for _ in range(7)]
    bare_ms = statistics.median(b[0] for b in bare)
    start_ms = statistics.median(s[0] for s in start)
    out.append(result("app starten (tot ontgrendelscherm)", start_ms, bare_ms,
                      "≤ 2× een leeg PySide6-venster", "leeg PySide6-venster",
                      start_ms <= 2 * bare_ms))
    _, rss_kib = _run(WORKING_APP, home, PASSPHRASE)
    bare_kib = statistics.median(b[1] for b in bare)
    rss = rss_kib / 1024
    memory = result("geheugen van de app (dashboard + dossier open)", rss, bare_kib / 1024,
                    "≤ 300 MB", "leeg PySide6-venster", rss <= 300)
    out.append({**memory, "unit": "MB"})
    return out
