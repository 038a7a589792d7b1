"""Issue 7, "Done when": the round trip between Veilig Thuis and the team through the command
line, checked on the VT side both by ``vt open`` and by the standard age + tar + minisign +
sha256 steps of docs/exchange-format.md."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.e2e.cli_support import PASSPHRASE, Cli

from wijkteam_desk.domain.clock import SystemClock
from wijkteam_desk.domain.monitoring import Outcome
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.secretstore import NoSecretStore

FINGERPRINT = re.compile(r"^Vingerafdruk: ((?:[0-9A-F]{4} ){7}[0-9A-F]{4})$", re.M)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; the exchange tests need it")
    return path


def complete_three_month_moment(home: Path, household_id: int) -> None:
    """The team fills in the 3-month form (no CLI for that: the app's services, in-process)."""
    ws = VaultService(AppPaths(home), NoSecretStore(), SystemClock()).unlock(PASSPHRASE)
    try:
        [moment] = [m for m in ws.monitoring.moments(household_id) if m.offset_months == 3]
        form = ws.monitoring.form(moment.id)
        people = {p.given_name: p.id for p in form.persons}
        answers = {
            "conditions": {str(cid): {"status": "met"} for cid, _text in form.conditions},
            "scores": {str(people["Sanne"]): 7},
            "durably_safe": {str(people["Sanne"]): "ja", str(people["Noor"]): "onbekend"},
        }
        ws.monitoring.complete(moment.id, answers, Outcome.DOORGAAN)
    finally:
        ws.lock()


def test_overdracht_import_monitoring_terugkoppeling_receipt(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    os_tools = {name: tool(name) for name in ("age", "minisign", "tar")}

    # VT makes its keys; the team makes its vault (with keys) and hands over its public keys.
    vt = cli.run("vt", "keygen", "--out", str(tmp_path / "vtkeys"))
    assert vt.code == 0, vt.err
    init = cli.run("init", "--team", "Wijkteam Test")
    assert init.code == 0, init.err
    lines = init.out.splitlines()
    assert lines[0].startswith("Herstelcode: ")
    [own_fingerprint] = FINGERPRINT.findall(init.out)
    exported = cli.run("keys", "export", str(tmp_path / "teamkeys"))
    assert exported.code == 0, exported.err
    assert FINGERPRINT.findall(exported.out) == [own_fingerprint]
    assert (tmp_path / "teamkeys" / "encryption.pub").read_text().strip().splitlines()[-1] \
        .startswith("age1")

    # VT builds an overdracht from its example JSON, encrypted to the team.
    example = cli.run("vt", "overdracht", "--example")
    (tmp_path / "overdracht.json").write_text(example.out, encoding="utf-8")
    built = cli.run("vt", "overdracht", "--in", str(tmp_path / "overdracht.json"),
                    "--identity", str(tmp_path / "vtkeys"), "--to", str(tmp_path / "teamkeys"),
                    "--out", str(tmp_path / "overdracht.tar.age"))
    assert built.code == 0, built.err

    # Before the team trusts VT's key, the package is refused; then it is trusted and imported.
    refused = cli.run("import", str(tmp_path / "overdracht.tar.age"))
    assert refused.code == 4 and "afzender is onbekend" in refused.err
    trusted = cli.run("keys", "trust", str(tmp_path / "vtkeys"), "--name", "Veilig Thuis Utrecht")
    assert trusted.code == 0, trusted.err
    assert FINGERPRINT.findall(trusted.out) == FINGERPRINT.findall(vt.out)
    imported = cli.run("import", str(tmp_path / "overdracht.tar.age"))
    assert imported.code == 0, imported.err
    again = cli.run("import", str(tmp_path / "overdracht.tar.age"))
    assert again.code == 0 and "al eerder ingelezen" in again.err

    [row] = json.loads(cli.run("list", "--json").out)
    shown = json.loads(cli.run("show", str(row["id"]), "--json").out)
    assert shown["from_vt"] and shown["vt_case_number"] == "VT-2025-000417"
    assert shown["vt_handover_date"] == "2025-03-03"
    assert sorted(m["name"] for m in shown["members"]) == [
        "Daan de Wit", "Mark de Wit", "Noor de Wit", "Sanne de Wit"]
    sanne = next(m for m in shown["members"] if m["name"] == "Sanne de Wit")
    assert sanne["secret_address"] is True
    # Monitoring is scheduled from the handover date: 3 and 12 months.
    assert [(m["kind"], m["due_on"]) for m in shown["monitoring"]] == [
        ("3m", "2025-06-03"), ("12m", "2026-03-03")]

    complete_three_month_moment(cli.home, row["id"])

    # The team exports a terugkoppeling; stdout shows exactly what leaves the laptop.
    out = tmp_path / "terugkoppeling.tar.age"
    export = cli.run("export", "--out", str(out), "--kind", "terugkoppeling")
    assert export.code == 0, export.err
    [previewed] = json.loads(export.out)
    assert previewed["vt_case_number"] == "VT-2025-000417"
    [moment] = previewed["monitoring"]
    assert moment["moment"] == "3_maanden" and moment["durably_safe"] == "onbekend"
    assert sorted(c["condition_id"] for c in moment["conditions"]) == ["VW1", "VW2", "VW3"]
    assert {c["status"] for c in moment["conditions"]} == {"voldaan"}
    assert moment["safety_scores"] == [{"person_id": "P1", "score": 7}]
    text = json.dumps(previewed, ensure_ascii=False)
    for private in ("Sanne", "de Wit", "Schuilplaats", "9998", "06-0000000"):
        assert private not in text  # data minimisation: no names, addresses or phones

    # VT opens it with the reference tool …
    opened = cli.run("vt", "open", str(out), "--identity", str(tmp_path / "vtkeys"),
                     "--trust", str(tmp_path / "teamkeys"))
    assert opened.code == 0, opened.err
    assert json.loads(opened.out) == previewed
    assert own_fingerprint in opened.err

    # … and with the standard tools alone, as docs/exchange-format.md describes.
    work = tmp_path / "handwerk"
    work.mkdir()
    steps = [[os_tools["age"], "-d", "-i", str(tmp_path / "vtkeys" / "encryption.key"),
              "-o", str(work / "pakket.tar"), str(out)],
             [os_tools["tar"], "-xf", str(work / "pakket.tar"), "-C", str(work)],
             [os_tools["minisign"], "-Vm", str(work / "manifest.json"),
              "-p", str(tmp_path / "teamkeys" / "signing.pub")]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=30, check=False)
        assert done.returncode == 0, (step[0], done.stderr)
    assert "Signature and comment signature verified" in done.stdout + done.stderr
    manifest = json.loads((work / "manifest.json").read_bytes())
    payload = (work / "payload.json").read_bytes()
    assert hashlib.sha256(payload).hexdigest() == manifest["payload_sha256"]
    assert json.loads(payload) == previewed
    vt_recipient = (tmp_path / "vtkeys" / "encryption.pub").read_text().split()[-1]
    assert manifest["recipient_key_id"] == vt_recipient and manifest["sequence"] == 1

    # Nothing is acknowledged yet, so the next export repeats it; the receipt moves the mark.
    pending = cli.run("export", "--preview")
    assert pending.code == 0 and len(json.loads(pending.out)) == 1
    receipt = tmp_path / "ontvangst.tar.age"
    made = cli.run("vt", "receipt", str(out), "--identity", str(tmp_path / "vtkeys"),
                   "--to", str(tmp_path / "teamkeys"), "--out", str(receipt))
    assert made.code == 0, made.err
    acknowledged = cli.run("import", str(receipt))
    assert acknowledged.code == 0, acknowledged.err
    assert manifest["package_id"] in acknowledged.err
    nothing = cli.run("export", "--out", str(tmp_path / "leeg.tar.age"))
    assert nothing.code == 0 and json.loads(nothing.out) == []
    assert "niets nieuws" in nothing.err and not (tmp_path / "leeg.tar.age").exists()
