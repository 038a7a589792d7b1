"""Dashboard query, SQLCipher overhead, household open and unlock, against raw SQL baselines."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import PASSPHRASE, median_ms, open_bench_vault, result, service
from wijkteam_desk.services.cases import CaseService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.caseload import CASELOAD_SQL, FACTS_VERSION
from wijkteam_desk.storage.keyfile import KeyFile


def fresh_service(ws: Workspace) -> CaseService:
    """A case service as right after unlocking: nothing kept from an earlier refresh."""
    return CaseService(ws.unit_of_work, lambda: ws.settings.monitoring_offsets_months,
                       ws.checklists.rule_settings)

# The dashboard's query as raw sqlite3 runs it: the very SQL text the app sends to the driver.
RAW_DASHBOARD = CASELOAD_SQL
RAW_FILE = [
    "SELECT * FROM household WHERE id = :h", "SELECT * FROM person WHERE household_id = :h",
    "SELECT * FROM person_role WHERE person_id IN (SELECT id FROM person WHERE household_id = :h)",
    "SELECT * FROM relationship WHERE household_id = :h",
    "SELECT * FROM network_member WHERE household_id = :h",
    "SELECT * FROM involvement WHERE household_id = :h",
    "SELECT * FROM incident WHERE household_id = :h",
    "SELECT * FROM journal_entry WHERE household_id = :h",
    "SELECT * FROM phase_change WHERE household_id = :h",
    "SELECT * FROM plan_goal WHERE household_id = :h",
    "SELECT * FROM child_offer WHERE household_id = :h",
]


def run() -> list[dict[str, object]]:
    ws = open_bench_vault()
    out = []
    try:
        ws.cases.list_cases()  # fills the caseload table once if this vault predates it
        conn = ws.vault.raw_connection()
        params = {"version": FACTS_VERSION}

        def query() -> None:
            with ws.unit_of_work() as uow:
                uow.caseload.rows()

        dashboard = median_ms(query, runs=31)
        raw = median_ms(lambda: conn.execute(RAW_DASHBOARD, params).fetchall(), runs=31)
        out.append(result("dashboard-query (5.000 gezinnen)", dashboard, raw, "≤ 50 ms en ≤ 2×",
                          "zelfde query, ruwe SQL", dashboard <= 50 and dashboard <= 2 * raw))
        # What the screen waits for: the query plus the rules for every household, the first
        # time after unlocking, and again after one household changed (rows kept from before).
        first = median_ms(lambda: fresh_service(ws).list_cases(), runs=5)
        out.append(result("dashboard laden: query en regels (5.000 gezinnen)", first, raw,
                          "geen eigen doel (deel van ontgrendelen)", "zelfde query, ruwe SQL",
                          None))
        hid = ws.cases.list_cases()[len(ws.cases.list_cases()) // 2].summary.household_id
        counter = iter(range(10_000))

        def after_one_change() -> None:
            ws.cases.set_next_action(hid, f"Bench-actie {next(counter)}")
            ws.cases.list_cases()

        def one_change() -> None:
            ws.cases.set_next_action(hid, f"Bench-actie {next(counter)}")

        change_ms = median_ms(one_change, runs=9)
        refresh = median_ms(after_one_change, runs=9) - change_ms
        out.append(result("dashboard verversen na één wijziging", refresh, raw,
                          "geen eigen doel", "zelfde query, ruwe SQL", None))
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "plain.db"
            # a plaintext copy of the synthetic bench data, only to measure SQLCipher's cost
            conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
            conn.execute("SELECT sqlcipher_export('plain')")
            conn.execute("DETACH DATABASE plain")
            pconn = sqlite3.connect(plain)
            plain_ms = median_ms(lambda: pconn.execute(RAW_DASHBOARD, params).fetchall(),
                                 runs=15)
            pconn.close()
        out.append(result("SQLCipher-overhead dashboard-query", raw, plain_ms, "≤ 1,5×",
                          "onversleutelde SQLite", raw <= 1.5 * plain_ms))
        opened = median_ms(lambda: ws.cases.open_file(hid, purpose="bench"), runs=15)
        raw_file = median_ms(lambda: [conn.execute(q, {"h": hid}).fetchall() for q in RAW_FILE])
        out.append(result("huishouden openen", opened, raw_file, "≤ 100 ms",
                          "dezelfde rijen, ruwe SQL", opened <= 100))
    finally:
        ws.lock()
    svc = service()
    keyfile = KeyFile.read(svc.paths.keyfile)
    kdf_ms = median_ms(lambda: keyfile.unlock(PASSPHRASE, None), runs=3, warmup=0)

    def unlock_to_dashboard() -> None:
        w = svc.unlock(PASSPHRASE)
        w.cases.list_cases()
        w.lock()

    start = time.perf_counter()
    unlock_to_dashboard()
    unlock_ms = (time.perf_counter() - start) * 1000
    out.append(result("ontgrendelen tot bruikbaar dashboard", unlock_ms, kdf_ms, "≤ 1,0 s",
                      "alleen Argon2id", unlock_ms <= 1000))
    return out
