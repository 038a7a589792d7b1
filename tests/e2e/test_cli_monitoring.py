"""``due --json`` and ``show --json`` as a script uses them: monitoring moments due and overdue
(among everything else that is due) with household, kind and days overdue; each household file
lists its moments."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.e2e.cli_support import Cli


def test_due_and_show_list_the_monitoring_moments(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    cli.init()
    assert cli.run("demo-data", "--households", "25", "--seed", "4").code == 0
    r = cli.run("due", "--json", "--days", "31")
    assert r.code == 0, r.err
    due = [i for i in json.loads(r.out) if i["kind"] == "monitoring"]
    assert due, "the demo has moments that are overdue or due this month"
    today = date.today()
    for item in due:
        assert set(item) >= {"household_id", "household", "due_on", "what", "days_overdue",
                             "bucket", "ref", "tab"}
        due_on = date.fromisoformat(item["due_on"])
        assert item["days_overdue"] == max(0, (today - due_on).days)
        assert item["bucket"] == ("te_laat" if due_on < today else
                                  "vandaag" if due_on == today else "deze_week")
        assert item["what"].startswith("Extra") or item["what"].endswith("mnd")
        assert item["tab"] == "monitoring"
    first = due[0]
    shown = json.loads(cli.run("show", str(first["household_id"]), "--json").out)
    assert first["ref"] in [m["id"] for m in shown["monitoring"]]
    text = cli.run("due", "--days", "31")
    assert text.code == 0 and first["household"][:20] in text.out
