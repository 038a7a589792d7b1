"""`make bench`: run every benchmark in bench/ and print one table of ratios.

Each module ``bench/bench_*.py`` has ``run()`` returning one result dict or a list of them:
measure, value_ms, baseline_ms, ratio, target, baseline, ok. Baselines are measured in the same
run, so the ratios mean something on any machine. A module with ``SECTION`` (a title) and
``NOTES`` (where the time goes) gets a section of its own in docs/benchmarks.md, after the main
table: the team's measures and what was learnt about them are rewritten with every run, never
dropped."""

from __future__ import annotations

import importlib
import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BENCH = Path(__file__).resolve().parent

# What we do about a target that is missed, by words in the measure's name.
PLANS = {
    "app starten": "Kijk met `python -X importtime` welke nieuwe import aan de start is "
                   "toegevoegd (tests/unit/test_startup_imports.py noemt wat er niet bij hoort), "
                   "en of er vóór het ontgrendelen iets Python-code bij elke gebeurtenis laat "
                   "draaien (zoals het filter voor inactiviteit, dat pas na ontgrendelen start).",
    "export": "Het ondertekenen en versleutelen zelf (de basislijn) kost al het grootste deel. "
              "Plan: de JSON-schemacontrole per pakket vervangen door één controle op het "
              "samengestelde bericht, en het bouwen van pakketten over twee processen verdelen "
              "(2 kernen).",
    "SQLCipher-overhead": "De dashboardquery leest alleen de tabel caseload_entry (één rij per "
                          "gezin); als het ontsleutelen toch gaat tellen: de JSON per gezin "
                          "kleiner maken en cache_size verhogen.",
    "veiligheidsplan PDF": "Lettertypen en stijlen één keer laden en hergebruiken; de tabellen "
                           "van reportlab zonder automatische kolombreedte opbouwen.",
    "ontgrendelen": "De Argon2id-kosten zijn bewust; de rest is het eerste afleiden van de "
                    "signalen voor alle gezinnen (zie 'dashboard laden'). Het venster blijft "
                    "bruikbaar (laden in de achtergrond). Plan: de regels per gezin goedkoper "
                    "maken (minder tussentijdse dicts), of eerst de zichtbare rijen tonen.",
    "Vandaag": "De query leest via de index op agenda_entry alleen gezinnen met iets te laat "
               "of in de week; in deze synthetische kluis zijn dat bijna alle 5.000, met "
               "tienduizenden regels (in een team toont Vandaag alleen het eigen werk; hier is "
               "alles eigen werk). Plan: per gezin één regel per soort (\"4 afspraken te "
               "laat\") in plaats van elke afspraak; de regels worden dan pas gemaakt als de "
               "groep opengaat.",
    "dashboard": "De query leest alleen caseload_entry. Plan: minder kolommen en een kleinere "
                 "JSON per gezin.",
    "huishouden openen": "Minder losse queries: personen met rollen en betrokkenheden met "
                         "hulpverleners in één join laden.",
    "zoeken": "Het filter beslist al in één Python-lus over voorbereide teksten. Plan: de "
              "tabelweergave minder laten hertekenen (alleen zichtbare rijen).",
    "geheugen": "Alleen zichtbare rijen opmaken; Faker niet laden buiten de demo.",
    "wijzigingen van 14 collega's toepassen": "Het meeste is ontsleutelen (de basislijn) en "
        "strikte JSON; de dashboardregels worden alleen herberekend waar een tabel veranderde "
        "waar ze uit lezen. Plan: de canonieke controle en de digests in één gang over de "
        "tekst; de teamstatus bijwerken zonder ORM-flush per gezin.",
    "haalt": "~6–9 ms per gezin: ~1,5 ms rijen invoegen onder de geheugenbeveiliging van "
             "SQLCipher (die blijft aan), ~1,1 ms de dashboardregels, ~1,1 ms lezen, de commits. "
             "Plan: de dashboardfeiten van een nieuw gezin uit het document zelf afleiden.",
    "één wijziging publiceren (team sync)": "Exporteren (20 query's) en versleutelen voor 15 "
                                            "collega's; gevoelig voor de belasting van de "
                                            "machine. Plan: alleen de gewijzigde tabellen "
                                            "opnieuw uitlezen.",
}


NOTES = """Toelichting: de bench-kluis heeft 5.000 synthetische huishoudens met ~50 journaalregels,
7 checklists, 1–2 versies van het veiligheidsplan en monitoringmomenten per huishouden (~180 MB).
Het dashboard leest per gezin één rij uit `caseload_entry` (schema 3): de feiten voor de regels,
bij elke wijziging in dezelfde transactie bijgewerkt. *Dashboard laden* is de query plus het
afleiden van alle signalen, de eerste keer na ontgrendelen; *verversen na één wijziging* is een
volgende keer (alleen het gewijzigde gezin wordt opnieuw afgeleid). Beide lopen in de app in een
achtergrondthread, dus het venster wacht er niet op. Voor schema 3 las dezelfde query alle
journaalregels en checklists: 8,4 s. *App starten* is de echte start (`python -m wijkteam_desk`:
eerst de opdrachtregel, dan de app) tot het ontgrendelscherm één keer is getekend, tegen een leeg
PySide6-venster tot het getekend is; het afsluiten telt bij geen van beide mee. De twee lopen om
en om, 11 keer, en de mediaan telt (de machine kan gedeeld zijn). *Vandaag* leest via de index
op `agenda_entry` (schema 4) alleen de gezinnen met iets te laat of in de komende week; de
signalen komen uit dezelfde afleiding als het dashboard (één keer per dag, daarna bewaard)."""


def machine() -> str:
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), platform.processor())
    except OSError:
        cpu = platform.processor()
    try:  # a shared machine: the ratios hold, the milliseconds grow with the load
        load = f", belasting {os.getloadavg()[0]:.1f}"
    except OSError:
        load = ""
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}, " \
           f"Python {platform.python_version()}{load}"


def _table(rows: list[dict[str, object]]) -> str:
    header = "| meting | waarde | basislijn | verhouding | doel | basislijn is | gehaald |"
    lines = [header, "|---|---:|---:|---:|---|---|---|"]
    for r in rows:
        unit = r.get("unit", "ms")
        ratio = "—" if r["ratio"] is None else f"{r['ratio']}×"  # a target without a baseline
        baseline = "—" if r["ratio"] is None else f"{r['baseline_ms']} {unit}"
        lines.append(f"| {r['measure']} | {r['value_ms']} {unit} | {baseline} | "
                     f"{ratio} | {r['target']} | {r['baseline']} | "
                     f"{'—' if r['ok'] is None else 'ja' if r['ok'] else 'NEE'} |")
    return "\n".join(lines)


def _run_alone(stem: str) -> list[dict[str, object]]:
    """``run()`` of one bench module in a process of its own, as the app runs, not in a
    process another module grew to a gigabyte: measured after the team benches, app start
    gave 2.1× where alone it gives 1.6× (2026-12-03/04)."""
    code = (f"import json, sys; from bench.{stem} import run; got = run(); "
            "sys.stdout.write('\\n' + json.dumps(got if isinstance(got, list) else [got]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=BENCH.parent, check=True,
                          stdout=subprocess.PIPE, text=True)
    *said, last = done.stdout.rstrip("\n").split("\n")
    if said:
        print("\n".join(said))  # what the module printed on its way (building the vault)
    got: list[dict[str, object]] = json.loads(last)
    return got


def main() -> int:
    only = sys.argv[1:]
    rows: list[dict[str, object]] = []
    sections: list[tuple[str, str, list[dict[str, object]]]] = []
    for path in sorted(BENCH.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        got = _run_alone(path.stem)
        if hasattr(module, "SECTION"):
            sections.append((module.SECTION, getattr(module, "NOTES", ""), got))
        else:
            rows.extend(got)
    table = f"{_table(rows)}\n\n{NOTES}"  # the main table and what it measures
    for title, notes, got in sections:
        table += f"\n\n## {title}\n\n{_table(got)}\n\n{notes}".rstrip()
    rows = rows + [r for _title, _notes, got in sections for r in got]
    misses = [r for r in rows if r["ok"] is False]
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
