"""``due --json`` and ``show --json`` as a script uses them: moments due and overdue with household,
regisseur, kind and days overdue; each household file lists its moments."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.e2e.cli_support import Cli


def test_due_and_show_list_the_monitoring_moments(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init()
    assert cli.run("demo-data", "--households", "25", "--seed", "4").code == 0
    r = cli.run("due", "--json")
    assert r.code == 0, r.err
    due = json.loads(r.out)
    assert due, "the demo has moments that are overdue or due this month"
    today = date.today()
    for item in due:
        assert set(item) >= {"household_id", "household", "due_on", "kind", "days_overdue",
                             "regisseur", "bucket"}
        due_on = date.fromisoformat(item["due_on"])
        assert item["days_overdue"] == max(0, (today - due_on).days)
        assert item["bucket"] in ("achterstallig", "deze_week", "deze_maand")
        assert item["kind"] == "extra" or item["kind"].endswith("m")
    first = due[0]
    shown = json.loads(cli.run("show", str(first["household_id"]), "--json").out)
    assert first["moment_id"] in [m["id"] for m in shown["monitoring"]]
    text = cli.run("due")
    assert text.code == 0 and first["household"][:20] in text.out
