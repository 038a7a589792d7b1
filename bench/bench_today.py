"""Vandaag and ``due`` on the 5,000-household vault, against the same query in raw SQL
(DESIGN.md: ≤ 50 ms and ≤ 2×, like the dashboard query)."""

from __future__ import annotations

from bench.bench_vault import fresh_service
from bench.common import median_ms, open_bench_vault, result
from wijkteam_desk.domain.agenda import horizon
from wijkteam_desk.services.agenda import AgendaService
from wijkteam_desk.storage.agenda import AGENDA_SQL
from wijkteam_desk.storage.caseload import FACTS_VERSION


def run() -> list[dict[str, object]]:
    ws = open_bench_vault()
    out = []
    try:
        ws.cases.list_cases()  # fills the caseload and agenda tables once if the vault predates
        conn = ws.vault.raw_connection()
        today = ws.clock.today()
        until = horizon(today)
        params = {"version": FACTS_VERSION, "today": today.isoformat(),
                  "until": until.isoformat()}
        raw = median_ms(lambda: conn.execute(AGENDA_SQL, params).fetchall(), runs=31)

        def query() -> None:
            with ws.unit_of_work() as uow:
                uow.agenda.rows(today, until, FACTS_VERSION)

        app = median_ms(query, runs=31)
        households = len(conn.execute(AGENDA_SQL, params).fetchall())
        out.append(result(f"Vandaag-query (5.000 gezinnen, {households} met iets in de week)",
                          app, raw, "≤ 50 ms en ≤ 2×", "zelfde query, ruwe SQL",
                          app <= 50 and app <= 2 * raw))
        # What the screen shows first: the query, the stale check and every dated line of the
        # window as domain objects (this synthetic vault leaves many agreements and conditions
        # overdue, so nearly every household has lines).
        dated = median_ms(lambda: ws.agenda.dated(7), runs=15)
        lines = len(ws.agenda.dated(7).items)
        out.append(result(f"Vandaag: regels met een datum ({lines} regels)", dated, raw,
                          "≤ 50 ms (Vandaag/due)", "zelfde query, ruwe SQL", dated <= 50))
        # With the signals: the caseload's rules, the first time after unlocking (shared with
        # the dashboard, which needs them too), and once they are kept (as ``due`` later).
        titles = {t.id: t.title for t in ws.checklists.templates()}

        def first_time() -> None:
            AgendaService(ws.unit_of_work, fresh_service(ws), lambda: titles).due(7)

        first = median_ms(first_time, runs=5, warmup=1)
        out.append(result("Vandaag met signalen, eerste keer na ontgrendelen", first, raw,
                          "geen eigen doel (deel van ontgrendelen)", "zelfde query, ruwe SQL",
                          None))
        again = median_ms(lambda: ws.agenda.due(7), runs=9)
        out.append(result("Vandaag met signalen, daarna (due)", again, raw, "geen eigen doel",
                          "zelfde query, ruwe SQL", None))
    finally:
        ws.lock()
    return out
