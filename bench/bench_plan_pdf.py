"""Rendering a real demo household's veiligheidsplan (professional copy) to PDF, against a minimal
reportlab document (one paragraph, same fonts) rendered in the same run. Target: ≤ 150 ms."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bench.common import median_ms
from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.domain.safety_plan import PlanStatus
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.reports import render_safety_plan
from wijkteam_desk.reports.document import FONT, ensure_fonts
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.keyfile import KdfParams
from wijkteam_desk.storage.secretstore import NoSecretStore

RUNS = 15
TARGET_MS = 150


def _minimal_pdf() -> bytes:
    ensure_fonts()
    style = getSampleStyleSheet()["BodyText"]
    style.fontName = FONT
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(
        [Paragraph("Vertrouwelijk: één alinea als ijkpunt.", style)])
    return buffer.getvalue()


def _demo_plan():  # type: ignore[no-untyped-def]
    """The richest vastgesteld plan among a few synthetic households in a throwaway vault."""
    with tempfile.TemporaryDirectory() as tmp:
        svc = VaultService(AppPaths(Path(tmp)), NoSecretStore(),
                           FixedClock(datetime(2026, 11, 22, 10, tzinfo=UTC)),
                           Identity("bench", "bench"),
                           kdf=KdfParams(time_cost=1, memory_cost_kib=8192, parallelism=1))
        ws, _ = svc.create("bench wachtwoord synthetisch")
        try:
            ids = DemoGenerator(ws.unit_of_work, seed=11).generate(12)
            best = None
            for hid in ids:
                plan = ws.plans.current_plan(hid)
                if plan is None or plan.status is not PlanStatus.VASTGESTELD:
                    continue
                size = len(plan.parties()) + len(plan.safe_places) + len(plan.agreements())
                if best is None or size > best[0]:
                    best = (size, plan, ws.plans.conditions(hid))
            assert best is not None, "no vastgesteld demo plan"
            return best[1], [c.condition for c in best[2]]
        finally:
            ws.lock()


def run() -> dict[str, object]:
    plan, conditions = _demo_plan()
    value = median_ms(lambda: render_safety_plan(plan, "professional", conditions), runs=RUNS)
    baseline = median_ms(_minimal_pdf, runs=RUNS)
    return {
        "measure": "veiligheidsplan PDF",
        "value_ms": round(value, 2),
        "baseline_ms": round(baseline, 2),
        "ratio": round(value / baseline, 2) if baseline else None,
        "target": "≤ 150 ms",
        "baseline": "minimale reportlab-PDF (één alinea)",
        "ok": value <= TARGET_MS,
    }


if __name__ == "__main__":
    print(run())
