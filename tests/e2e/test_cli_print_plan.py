"""``print-plan`` as a user runs it: each audience, a refused missing plan, nothing else written."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.e2e.cli_support import Cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, list[dict]]:
    cli = Cli(tmp_path_factory.mktemp("plan") / "home")
    cli.init()
    assert cli.run("demo-data", "--households", "6", "--seed", "8").code == 0
    listing = json.loads(cli.run("list", "--json").out)
    return cli, listing


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_print_plan_writes_each_audience_only_where_asked(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, listing = demo
    with_plan = [r for r in listing if not any(w["code"] == "geen_veiligheidsplan"
                                               for w in r["warnings"])]
    row = with_plan[0]
    shown = json.loads(cli.run("show", str(row["id"]), "--json").out)
    pleger = next(m for m in shown["members"] if any(r["role"] == "pleger" for r in m["roles"]))
    out = tmp_path / "uit"
    out.mkdir()
    before = _files(cli.home)
    texts = {}
    for audience in ("professional", "gezin", f"persoon:{pleger['id']}"):
        target = out / f"{audience.split(':')[0]}.pdf"
        r = cli.run("print-plan", str(row["id"]), "--audience", audience, "--out", str(target))
        assert r.code == 0, r.err
        assert "Veiligheidsplan geschreven" in r.err
        assert target.stat().st_mode & 0o077 == 0
        reader = PdfReader(BytesIO(target.read_bytes()))
        texts[audience.split(":")[0]] = " ".join(p.extract_text() for p in reader.pages)
    assert sorted(p.name for p in out.iterdir()) == ["gezin.pdf", "persoon.pdf", "professional.pdf"]
    assert _files(cli.home) - before == set()  # nothing next to the vault (the log is inside)
    assert "Exemplaar voor de hulpverlener" in texts["professional"]
    assert "Exemplaar voor het gezin" in texts["gezin"]
    assert f"Exemplaar voor {pleger['name']}" in texts["persoon"]
    # A folder as --out gets the suggested name, which holds no name.
    r = cli.run("print-plan", str(row["id"]), "--audience", "gezin", "--out", str(tmp_path))
    assert r.code == 0, r.err
    [written] = list(tmp_path.glob("veiligheidsplan-*.pdf"))
    assert re.fullmatch(rf"veiligheidsplan-{row['id']}-v\d+-[\d-]+-gezin\.pdf", written.name)
    assert shown["name"].split()[-1].lower() not in written.name.lower()


def test_print_plan_refuses_a_missing_plan_and_a_bad_audience(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, listing = demo
    cli_home_hid = max(r["id"] for r in listing) + 1000
    target = tmp_path / "plan.pdf"
    r = cli.run("print-plan", str(cli_home_hid), "--audience", "gezin", "--out", str(target))
    assert r.code == 1 and not target.exists()
    for audience in ("buren", "persoon:", "gezin:3", "nonsense"):  # a usage error: exit 2
        r = cli.run("print-plan", str(listing[0]["id"]), "--audience", audience,
                    "--out", str(target))
        assert r.code == 2 and "Kies voor wie het plan is" in r.err and not target.exists()
    without = [r for r in listing if any(w["code"] == "geen_veiligheidsplan"
                                         for w in r["warnings"])]
    assert without  # seed 8 leaves two of the six demo households without a plan
    r = cli.run("print-plan", str(without[0]["id"]), "--audience", "gezin", "--out", str(target))
    assert r.code == 1
    assert "nog geen veiligheidsplan" in r.err
    assert not target.exists() and list(tmp_path.iterdir()) == []
