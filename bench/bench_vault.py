"""Dashboard query, SQLCipher overhead, household open and unlock, against raw SQL baselines."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import PASSPHRASE, median_ms, open_bench_vault, result, service
from wijkteam_desk.storage.keyfile import KeyFile

# The dashboard's aggregate query written by hand: what raw sqlite3 would have to do anyway.
RAW_DASHBOARD = """
SELECT h.id, h.name, h.status, h.phase, h.opened_on, r.n, r.names, li.last, m.names
FROM household h
LEFT JOIN (SELECT i.household_id AS hid, count(*) AS n, group_concat(p.name, ', ') AS names
           FROM involvement i JOIN professional p ON p.id = i.professional_id
           WHERE i.is_regisseur = 1 AND i.start <= :today AND (i."end" IS NULL OR i."end" > :today)
           GROUP BY i.household_id) r ON r.hid = h.id
LEFT JOIN (SELECT household_id AS hid, max(occurred_on) AS last FROM incident
           GROUP BY household_id) li ON li.hid = h.id
LEFT JOIN (SELECT household_id AS hid, group_concat(given_name || ' ' || family_name, '; ')
           AS names FROM person GROUP BY household_id) m ON m.hid = h.id
ORDER BY h.id
"""
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
        today = ws.clock.today().isoformat()
        conn = ws.vault.raw_connection()
        dashboard = median_ms(ws.cases.list_cases, runs=9)
        raw = median_ms(lambda: conn.execute(RAW_DASHBOARD, {"today": today}).fetchall(), runs=9)
        out.append(result("dashboard-query (5.000 gezinnen)", dashboard, raw, "≤ 50 ms en ≤ 2×",
                          "zelfde query, ruwe SQL", dashboard <= 50 and dashboard <= 2 * raw))
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "plain.db"
            # a plaintext copy of the synthetic bench data, only to measure SQLCipher's cost
            conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
            conn.execute("SELECT sqlcipher_export('plain')")
            conn.execute("DETACH DATABASE plain")
            pconn = sqlite3.connect(plain)
            plain_ms = median_ms(lambda: pconn.execute(RAW_DASHBOARD, {"today": today})
                                 .fetchall(), runs=9)
            pconn.close()
        out.append(result("SQLCipher-overhead dashboard-query", raw, plain_ms, "≤ 1,5×",
                          "onversleutelde SQLite", raw <= 1.5 * plain_ms))
        hid = ws.cases.list_cases()[len(ws.cases.list_cases()) // 2].summary.household_id
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
