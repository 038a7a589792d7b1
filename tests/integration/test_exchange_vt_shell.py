"""A second vendor's VT, built from the doc with standard tools only (issue 14, "Done when"):
``tests/vt_tools/make_package.sh`` makes overdrachten with jq, minisign, tar, age and sha256sum,
from a real ``minisign -G`` key whose id starts with 0; the team imports them. Then
``tests/vt_tools/read_package.sh`` opens the team's receipts with the same tools.

Covers items 1 (household address, later name, withdrawn and missing voorwaarden), 2 (the
15-digit key id minisign prints) and 3 (jq's JSON: every control character, U+007F, U+2028,
non-BMP characters, composed and decomposed accents)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.services.workspace import Workspace

TOOLS = Path(__file__).resolve().parents[1] / "vt_tools"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (.ci/run installs it)")
    return path


def run(*argv: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(argv, input=stdin, capture_output=True, timeout=60, check=False)


@pytest.fixture
def vt_dir(tmp_path: Path) -> Path:
    """A VT key folder made by minisign and age-keygen, with a key id that starts with 0
    (1 key in 16; minisign then prints 15 digits)."""
    for name in ("jq", "minisign", "tar", "age", "age-keygen", "sha256sum", "bash"):
        tool(name)
    folder = tmp_path / "vt"
    folder.mkdir()
    for _ in range(1000):
        made = run("minisign", "-G", "-W", "-f", "-p", str(folder / "signing.pub"),
                   "-s", str(folder / "signing.key"))
        assert made.returncode == 0, made.stderr
        key_id = (folder / "signing.pub").read_text().splitlines()[0].rsplit(" ", 1)[1]
        if len(key_id) == 15:
            break
    else:
        pytest.fail("no minisign key id with a leading zero in 1000 tries")
    assert run("age-keygen", "-o", str(folder / "encryption.key")).returncode == 0
    public = run("age-keygen", "-y", str(folder / "encryption.key")).stdout
    (folder / "encryption.pub").write_bytes(public)
    return folder


@pytest.fixture
def team(workspace: Workspace, vt_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    workspace.exchange.export_public_keys(folder, "Wijkteam Test")
    workspace.exchange.trust(vt_dir, "Veilig Thuis (shell)")
    return folder


def make(vt_dir: Path, team: Path, sequence: int, jq_filter: str, out: Path) -> Path:
    example = json.dumps(example_overdracht(), indent=2).encode()
    made = run("bash", str(TOOLS / "make_package.sh"), "overdracht", str(vt_dir), str(team),
               str(sequence), str(out), jq_filter, stdin=example)
    assert made.returncode == 0, made.stderr.decode()
    return out


def import_(ws: Workspace, path: Path) -> Any:
    return ws.exchange.import_file(path)


def test_packages_built_with_standard_tools_import(workspace: Workspace, vt_dir: Path,
                                                   team: Path, tmp_path: Path) -> None:
    first = import_(workspace, make(vt_dir, team, 1, ".", tmp_path / "1.tar.age"))
    hid = first.household_id
    assert workspace.exchange.vt_address(hid) == "Voorbeeldstraat 12, 9999 ZZ Voorbeeldstad"
    [entry] = [e for e in workspace.exchange.log() if e.sequence == 1]
    assert len(entry.peer_key_id) == 16 and entry.peer_key_id.startswith("0")

    later = ('.household.name = "Gezin De Wit-Jansen" | .persons = .persons[0:2]'
             ' | .veiligheidsvoorwaarden = [.veiligheidsvoorwaarden[1]'
             ' + {withdrawn_on: "2025-05-01"}]')
    import_(workspace, make(vt_dir, team, 2, later, tmp_path / "2.tar.age"))
    view = workspace.cases.open_file(hid).file
    assert view.household.name == "Gezin De Wit-Jansen"
    assert len(view.persons) == 4  # a person left out is unchanged
    withdrawn = [c.condition.withdrawn_on for c in workspace.plans.conditions(hid)]
    assert sorted(str(d) for d in withdrawn) == ["2025-05-01", "None", "None"]

    text = ('.summary = "tab\\there\\nnieuwe regel \\u007f \\u2028 \\ud83d\\ude00 '
            'Zoe\\u0308 Zoë" | .persons[0].given_names = "Zoe\\u0308 Rene\\u0301e \\ud834\\udd1e"')
    import_(workspace, make(vt_dir, team, 3, text, tmp_path / "3.tar.age"))
    view = workspace.cases.open_file(hid).file
    assert "Zoë Renée \U0001d11e" in [p.given_name for p in view.persons]
    notes = [j.text for j in view.journal if "Samenvatting" in j.text]
    assert "tab\there\nnieuwe regel \x7f \u2028 \U0001f600 Zoë Zoë" in notes[-1]


@pytest.mark.parametrize("value", [
    "([range(0;32)] | implode)",  # every C0 control character, tab and newline included
    '"regel\\u000deen"', '"\\u001b[2J"', '"nul\\u0000"', '"\\u009b31m"', '"\\u202eltr"',
], ids=["all-c0", "cr", "esc", "nul", "c1-csi", "rlo"])
def test_control_characters_are_refused_by_the_schema(workspace: Workspace, vt_dir: Path,
                                                     team: Path, tmp_path: Path,
                                                     value: str) -> None:
    path = make(vt_dir, team, 1, f".summary = {value}", tmp_path / "x.tar.age")
    with pytest.raises(RejectedInput) as refused:
        import_(workspace, path)
    assert refused.value.reason == "schema_invalid"  # the spelling is fine, the content is not
    assert refused.value.facts["problems"] == ["$.summary: pattern"]


def test_the_teams_receipt_is_read_with_standard_tools(workspace: Workspace, vt_dir: Path,
                                                      team: Path, tmp_path: Path) -> None:
    import_(workspace, make(vt_dir, team, 4, ".", tmp_path / "4.tar.age"))
    with pytest.raises(RejectedInput):
        import_(workspace, make(vt_dir, team, 3, ".", tmp_path / "3.tar.age"))  # out of order
    out = tmp_path / "uit"
    out.mkdir()
    files = workspace.exchange.write_receipts(out)
    assert len(files) == 2
    answers = []
    for item in files:
        read = run("bash", str(TOOLS / "read_package.sh"), str(item.path), str(vt_dir),
                   str(team / "signing.pub"))
        assert read.returncode == 0, read.stderr.decode()
        manifest, payload = (json.loads(line) for line in read.stdout.decode().splitlines())
        assert manifest["kind"] == "ontvangstbevestiging"
        answers.append((manifest["sequence"], payload["outcome"], payload.get("reason"),
                        payload["acknowledged_sequence"]))
    assert answers == [(1, "ingelezen", None, 4), (2, "geweigerd", "replayed", 3)]
    # A changed payload is caught by the same script.
    tampered = tmp_path / "tampered.tar.age"
    tampered.write_bytes(files[0].path.read_bytes()[:-40] + bytes(40))
    failed = run("bash", str(TOOLS / "read_package.sh"), str(tampered), str(vt_dir),
                 str(team / "signing.pub"))
    assert failed.returncode != 0
