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

# What we do about a target that is missed, by words in the measure's name.
PLANS = {
    "app starten": "Start laden zonder de opslag-, PDF- en uitwisselingsmodules: het "
                   "ontgrendelscherm heeft alleen Qt nodig. `services/vaults.py` en de "
                   "schermmodules importeren SQLAlchemy, reportlab en jsonschema nu al bij de "
                   "start; die imports gaan naar het moment van ontgrendelen (lazy imports), "
                   "zodat het scherm verschijnt terwijl de rest laadt.",
    "export": "Het ondertekenen en versleutelen zelf (de basislijn) kost al het grootste deel. "
              "Plan: de JSON-schemacontrole per pakket vervangen door één controle op het "
              "samengestelde bericht, en het bouwen van pakketten over twee processen verdelen "
              "(2 kernen).",
    "SQLCipher-overhead": "De overhead zit in het ontsleutelen van pagina's bij elke query. Plan: "
                          "de dashboardgegevens in één samenvattende tabel bijhouden (bij elke "
                          "wijziging bijgewerkt), zodat de query minder pagina's leest, en "
                          "cache_size verhogen.",
    "veiligheidsplan PDF": "Lettertypen en stijlen één keer laden en hergebruiken; de tabellen "
                           "van reportlab zonder automatische kolombreedte opbouwen.",
    "ontgrendelen": "De Argon2id-kosten zijn bewust; plan: de dashboardquery na het tonen van "
                    "het venster in de achtergrond draaien.",
    "dashboard": "De samenvattende tabel (zie SQLCipher-overhead) maakt de dashboardquery één "
                 "eenvoudige SELECT.",
    "huishouden openen": "Minder losse queries: personen met rollen en betrokkenheden met "
                         "hulpverleners in één join laden.",
    "zoeken": "De proxy roept per rij Python aan (5.000 keer per toets). Plan: bij een "
              "langere zoekterm alleen de rijen van de vorige uitkomst opnieuw bekijken, en het "
              "filter in één Python-lus over de voorbereide teksten doen en de uitkomst als "
              "rijenset aan de proxy geven.",
    "geheugen": "Alleen zichtbare rijen opmaken; Faker niet laden buiten de demo.",
}


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
    misses = [r for r in rows if not r["ok"]]
    plans = []
    for r in misses:
        plan = next((text for key, text in PLANS.items() if key in str(r["measure"])),
                    "Nog geen plan: eerst profileren.")
        plans.append(f"- **{r['measure']}** ({r['value_ms']} tegen doel {r['target']}): {plan}")
    if misses:
        table += "\n\n## Niet gehaald, en het plan\n\n" + "\n".join(plans)
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
