"""`make bench`: run every benchmark in bench/ and print one table of ratios.

Each module ``bench/bench_*.py`` has ``run()`` returning one result dict or a list of them:
measure, value_ms, baseline_ms, ratio, target, baseline, ok. Baselines are measured in the same
run, so the ratios mean something on any machine."""

from __future__ import annotations

import importlib
import os
import platform
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BENCH = Path(__file__).resolve().parent


def machine() -> str:
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), platform.processor())
    except OSError:
        cpu = platform.processor()
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}, " \
           f"Python {platform.python_version()}"


def main() -> int:
    only = sys.argv[1:]
    rows: list[dict[str, object]] = []
    for path in sorted(BENCH.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        got = module.run()
        rows.extend(got if isinstance(got, list) else [got])
    header = "| meting | waarde | basislijn | verhouding | doel | basislijn is | gehaald |"
    lines = [header, "|---|---:|---:|---:|---|---|---|"]
    for r in rows:
        unit = r.get("unit", "ms")
        lines.append(f"| {r['measure']} | {r['value_ms']} {unit} | {r['baseline_ms']} {unit} | "
                     f"{r['ratio']}× | {r['target']} | {r['baseline']} | "
                     f"{'ja' if r['ok'] else 'NEE'} |")
    table = "\n".join(lines)
    print(table)
    report = BENCH.parent / "docs" / "benchmarks.md"
    report.write_text(
        "# Benchmarks\n\n"
        f"Gemeten op {date.today().isoformat()} met `make bench` op: {machine()}.\n"
        "Waarden zijn medianen; de basislijn is in dezelfde run gemeten.\n\n"
        f"{table}\n", encoding="utf-8")
    print(f"\nGeschreven: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
