"""Shared bench set-up: a cached vault of 5,000 synthetic households (~50 events each).

Building it takes a few minutes, so it is kept in ``.bench/`` (git-ignored; synthetic data,
encrypted like any vault) and rebuilt when missing or when the schema changed."""

from __future__ import annotations

import hashlib
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from wijkteam_desk.domain.clock import SystemClock
from wijkteam_desk.domain.profile import make_profile
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.migrations import latest_version
from wijkteam_desk.storage.secretstore import NoSecretStore

ROOT = Path(__file__).resolve().parents[1]
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", "5000"))
PASSPHRASE = "bench wachtwoord synthetisch"


def _ladder() -> str:
    """A short fingerprint of the migration files: the reserved steps (0004-0007) are filled in
    later without a new number, so the version alone would keep a vault with an old schema."""
    digest = hashlib.sha256()
    for step in sorted((ROOT / "src" / "wijkteam_desk" / "storage" / "migrations").glob("*.sql")):
        digest.update(step.name.encode() + b"\0" + step.read_bytes())
    return digest.hexdigest()[:8]


def bench_paths() -> AppPaths:
    return AppPaths(ROOT / ".bench" / f"vault-{HOUSEHOLDS}-v{latest_version()}-{_ladder()}")


def service() -> VaultService:
    # The production KDF cost: unlock time is one of the measures.
    return VaultService(bench_paths(), NoSecretStore(), SystemClock(), Identity("bench", "bench"))


def open_bench_vault(log: Callable[[str], None] = print) -> Workspace:
    svc = service()
    if not svc.exists():
        log(f"Bench-kluis met {HOUSEHOLDS} huishoudens wordt gemaakt (eenmalig, enkele minuten)…")
        ws, _ = svc.create(PASSPHRASE, "Benchteam", "Benchregio",
                           make_profile("Bea Bench", "consulent", "Benchteam"))
        start = time.perf_counter()
        DemoGenerator(ws.unit_of_work, seed=5000, events_per_household=(40, 55)).generate(
            HOUSEHOLDS, batch=50,
            progress=lambda n: log(f"  {n}/{HOUSEHOLDS}") if n % 1000 == 0 else None)
        log(f"  klaar in {time.perf_counter() - start:.0f} s")
        ws.lock()
    return svc.unlock(PASSPHRASE)


def median_ms(fn: Callable[[], object], runs: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def result(measure: str, value_ms: float, baseline_ms: float, target: str,
           baseline: str, ok: bool | None) -> dict[str, object]:
    """``ok`` None: a measure shown for insight, without a target of its own in DESIGN.md."""
    return {"measure": measure, "value_ms": round(value_ms, 2),
            "baseline_ms": round(baseline_ms, 2),
            "ratio": round(value_ms / baseline_ms, 2) if baseline_ms else None,
            "target": target, "baseline": baseline, "ok": ok}
