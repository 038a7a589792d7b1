"""The command line never prints a stored control character raw (issue 14 item 9), and shows the
stable reason code of every refusal, also in ``exchange log`` (item 5). In-process: the CLI's
vault service is the test's (cheap key derivation, fixed clock)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE
from tests.integration.exchange_support import Party, clock

from wijkteam_desk.cli import base
from wijkteam_desk.cli.main import main
from wijkteam_desk.cli.terminal import _UNSAFE
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.exchange.keys import load_public_folder
from wijkteam_desk.exchange.package import build_package
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.services.workspace import Workspace

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x00\u202etxet\u009b31m"
UNSAFE = {chr(c) for c in _UNSAFE}


@pytest.fixture
def cli(workspace: Workspace, vault_service: VaultService, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    hid = workspace.cases.create_household(f"Gezin {HOSTILE}")
    workspace.cases.add_person(hid, f"Anna{HOSTILE}", "de Vries")
    workspace.lock()
    monkeypatch.setattr(base, "service", lambda _args: vault_service)
    monkeypatch.setenv(base.ENV_PASSPHRASE, PASSPHRASE)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([*argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run.household = hid  # type: ignore[attr-defined]
    return run


def test_stored_control_characters_never_reach_the_terminal(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hid = str(cli.household)
    outputs = {}
    for argv in (("list",), ("list", "--json"), ("show", hid), ("show", hid, "--json"),
                 ("exchange", "log"), ("exchange", "log", "--json")):
        code, out, err = cli(*argv)
        assert code == 0, err
        outputs[argv] = out + err
        assert not UNSAFE & set(out + err), argv
    assert "\\u001b]0;pwned" in outputs[("list",)]
    assert "\\u202e" in outputs[("show", hid)]
    listed = json.loads(outputs[("list", "--json")])
    assert listed[0]["name"] == f"Gezin {HOSTILE}"  # the JSON still carries the exact value


def test_a_refusal_names_its_reason_code_and_is_in_the_exchange_log(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / f"pakket{chr(0x1b)}[2J.tar.age"
    bogus.write_bytes(b"PK\x03\x04 not an age file")
    code, _out, err = cli("import", str(bogus))
    assert code == 4
    assert "is geweigerd: not_age — het is geen versleuteld uitwisselbestand (age)" in err
    assert chr(0x1b) not in err
    code, out, _err = cli("exchange", "log")
    assert code == 0 and "geweigerd: not_age — " in out
    code, out, _err = cli("exchange", "log", "--json")
    [entry] = json.loads(out)
    assert (entry["direction"], entry["status"], entry["reason"]) == ("in", "geweigerd",
                                                                      "not_age")
    code, out, _err = cli("exchange", "outbox", "--json")
    assert json.loads(out) == []  # no VT key trusted: nobody to tell


def test_two_vt_keys_export_names_recipient_and_keys_revoke_rotate(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = Party.new(), Party.new()
    for party, name in ((first, "VT Utrecht"), (second, "VT Noord")):
        code, _out, err = cli("keys", "trust", str(party.folder(tmp_path / name)), "--name", name)
        assert code == 0, err
    code, out, _err = cli("keys", "export", str(tmp_path / "team"))
    team = load_public_folder(tmp_path / "team")
    overdracht = tmp_path / "o.tar.age"
    overdracht.write_bytes(build_package("overdracht", example_overdracht(), first.signing,
                                         team.encryption, 1, clock).data)
    assert cli("import", str(overdracht))[0] == 0
    code, _out, err = cli("export", "--out", str(tmp_path / "t.tar.age"))
    assert code == 2 and "--recipient NAAM" in err and "VT Utrecht, VT Noord" in err
    code, _out, err = cli("export", "--out", str(tmp_path / "t.tar.age"), "--recipient",
                          "VT Utrecht")
    assert code == 0, err
    code, _out, err = cli("keys", "revoke", "VT Noord")
    assert code == 0 and "ingetrokken" in err
    rotated = tmp_path / "wissel"
    rotated.mkdir()
    code, out, err = cli("keys", "rotate", "--out", str(rotated))
    assert code == 0, err
    assert [p.name.split("-")[0] for p in rotated.iterdir()] == ["sleutelwissel"]
    code, out, _err = cli("exchange", "outbox")
    assert "ontvangstbevestiging voor" in out and "ingelezen" in out
    code, _out, err = cli("export", "--kind", "ontvangstbevestiging", "--out", str(rotated))
    assert code == 0 and "ontvangstbevestiging, volgnummer" in err
