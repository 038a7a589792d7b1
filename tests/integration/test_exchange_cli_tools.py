"""Interop with the real ``age`` and ``minisign`` binaries, the documented manual check, and the
``vt`` command line. The tools are required (CI installs them): missing ones fail, never skip."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wijkteam_desk.cli.vt import add_parser as add_vt_parser
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.container import ContainerParts, pack, unpack
from wijkteam_desk.exchange.encryption import EncryptionIdentity, decrypt
from wijkteam_desk.exchange.examples import example_overdracht, example_terugkoppeling
from wijkteam_desk.exchange.keys import IdentityKeys, load_identity_folder, vt_keygen
from wijkteam_desk.exchange.minisign import MinisignSignature, SigningKey, SigningPublicKey
from wijkteam_desk.exchange.package import build_package, open_package
from wijkteam_desk.exchange.schemas import default_schema_dir
from wijkteam_desk.texts import REJECT_REASONS as REASON_TEXTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "exchange-format.md"
NOW = datetime(2025, 6, 5, 10, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed; the exchange tests need it (apt install age minisign)"
        )
    return path


def run(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, timeout=30, check=False)


@pytest.fixture
def vt(tmp_path: Path) -> IdentityKeys:
    return vt_keygen(tmp_path / "vt-sleutels", NOW)


@pytest.fixture
def team(tmp_path: Path) -> IdentityKeys:
    return vt_keygen(tmp_path / "team-sleutels", NOW, name="Wijkteam Voorbeeldstad")


def documented_steps() -> str:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(
        r"<!-- vt-steps:start -->\n```sh\n(.*?)```\n<!-- vt-steps:end -->", text, re.S
    )
    assert block, "docs/exchange-format.md lost its tested step-by-step block"
    return block.group(1)


def test_documented_manual_check_works_with_standard_tools(
    tmp_path: Path, vt: IdentityKeys, team: IdentityKeys
) -> None:
    # check-jsonschema is a dev dependency: it sits beside the interpreter running the tests.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    for name in ("age", "minisign", "tar", "sha256sum", "bash", "jq", "grep", "cut"):
        tool(name)
    assert shutil.which("check-jsonschema", path=path), "pip install -e '.[dev]'"
    built = build_package(
        "terugkoppeling", example_terugkoppeling(), team.signing, vt.encryption.recipient, 3, clock
    )
    (tmp_path / "terugkoppeling.tar.age").write_bytes(built.data)
    shutil.copy(tmp_path / "team-sleutels" / "signing.pub", tmp_path / "team-signing.pub")
    shutil.copytree(default_schema_dir(), tmp_path / "schemas")

    result = subprocess.run(["bash", "-euo", "pipefail", "-c", documented_steps()], cwd=tmp_path,
                            capture_output=True, timeout=60, check=False,
                            env={**os.environ, "PATH": path})

    output = result.stdout.decode() + result.stderr.decode()
    assert result.returncode == 0, output
    assert "Signature and comment signature verified" in output
    assert f"package:{built.manifest.package_id}" in output
    digest = built.manifest.payload_sha256
    assert f"{digest}  payload.json" in output
    assert output.count("true\n") == 3  # hash, recipient and sequence checks
    assert output.count("ok -- validation done") == 2
    assert (
        json.loads((tmp_path / "pakket" / "payload.json").read_bytes()) == example_terugkoppeling()
    )


def test_minisign_refuses_a_tampered_manifest(
    tmp_path: Path, vt: IdentityKeys, team: IdentityKeys
) -> None:
    built = build_package(
        "overdracht", example_overdracht(), vt.signing, team.encryption.recipient, 1, clock
    )
    parts = unpack(decrypt(built.data, [team.encryption]))
    (tmp_path / "manifest.json").write_bytes(
        parts.manifest.replace(b'"sequence":1', b'"sequence":9')
    )
    (tmp_path / "manifest.json.minisig").write_bytes(parts.signature)
    result = run(
        tool("minisign"),
        "-Vm",
        "manifest.json",
        "-p",
        str(tmp_path / "vt-sleutels" / "signing.pub"),
        cwd=tmp_path,
    )
    assert result.returncode != 0


def test_minisign_signs_with_our_secret_key_and_we_verify(tmp_path: Path, vt: IdentityKeys) -> None:
    message = tmp_path / "manifest.json"
    message.write_bytes(b'{"a":1}')
    result = run(
        tool("minisign"),
        "-S",
        "-s",
        str(tmp_path / "vt-sleutels" / "signing.key"),
        "-m",
        str(message),
        "-t",
        "door minisign",
    )
    assert result.returncode == 0, result.stderr
    signature = MinisignSignature.from_file_bytes((tmp_path / "manifest.json.minisig").read_bytes())
    vt.signing.public_key.verify(message.read_bytes(), signature)
    assert signature.trusted_comment == "door minisign"


def test_keys_made_by_minisign_and_age_keygen_work_for_packages(tmp_path: Path) -> None:
    created = run(tool("minisign"), "-G", "-W", "-p", "ms.pub", "-s", "ms.key", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    created = run(tool("age-keygen"), "-o", "age.key", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    signer = SigningKey.from_secret_key_text((tmp_path / "ms.key").read_text())
    public = SigningPublicKey.from_file_text((tmp_path / "ms.pub").read_text())
    assert signer.public_key == public
    receiver = EncryptionIdentity.from_file_text((tmp_path / "age.key").read_text())

    built = build_package("overdracht", example_overdracht(), signer, receiver.recipient, 1, clock)
    opened = open_package(built.data, receiver, [public], receiver.recipient, {})
    assert opened.payload == example_overdracht()


def test_package_encrypted_and_signed_by_the_cli_tools_opens(
    tmp_path: Path, vt: IdentityKeys, team: IdentityKeys
) -> None:
    """The other direction: a sender using only age and minisign can make a valid package."""
    built = build_package(
        "overdracht", example_overdracht(), vt.signing, team.encryption.recipient, 4, clock
    )
    ours = unpack(decrypt(built.data, [team.encryption]))
    (tmp_path / "manifest.json").write_bytes(ours.manifest)
    signed = run(
        tool("minisign"),
        "-S",
        "-s",
        str(tmp_path / "vt-sleutels" / "signing.key"),
        "-m",
        "manifest.json",
        cwd=tmp_path,
    )
    assert signed.returncode == 0, signed.stderr
    archive = pack(
        ContainerParts(
            ours.manifest, (tmp_path / "manifest.json.minisig").read_bytes(), ours.payload
        )
    )
    encrypted = run(tool("age"), "-r", team.encryption.recipient, stdin=archive)
    assert encrypted.returncode == 0, encrypted.stderr

    opened = open_package(
        encrypted.stdout, team.encryption, [vt.signing.public_key], team.encryption.recipient, {}
    )
    assert opened.manifest == built.manifest


def test_age_cli_decrypts_with_the_vt_identity_file(
    tmp_path: Path, vt: IdentityKeys, team: IdentityKeys
) -> None:
    built = build_package(
        "terugkoppeling", example_terugkoppeling(), team.signing, vt.encryption.recipient, 1, clock
    )
    result = run(
        tool("age"), "-d", "-i", str(tmp_path / "vt-sleutels" / "encryption.key"), stdin=built.data
    )
    assert result.returncode == 0, result.stderr
    assert unpack(result.stdout).payload == built.payload_bytes


# The vt command line ------------------------------------------------------------------------


def vt_cli(*args: str) -> int:
    parser = argparse.ArgumentParser(prog="wijkteam-desk")
    add_vt_parser(parser.add_subparsers(dest="command", required=True))
    namespace = parser.parse_args(["vt", *args])
    status: int = namespace.handler(namespace)
    return status


def test_every_reason_code_has_a_dutch_text() -> None:
    assert set(reasons.ALL_REASONS) <= set(REASON_TEXTS)


def test_vt_command_line_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vt_dir, team_dir = tmp_path / "vt", tmp_path / "team"
    assert vt_cli("keygen", "--out", str(vt_dir)) == 0
    assert re.search(r"Vingerafdruk: ([0-9A-F]{4} ){7}[0-9A-F]{4}\n", capsys.readouterr().out)
    assert vt_cli("keygen", "--out", str(vt_dir)) == 1
    team = vt_keygen(team_dir, NOW)  # stands in for the team's `keys export` folder + vault
    vt = load_identity_folder(vt_dir)

    assert vt_cli("overdracht", "--example") == 0
    (tmp_path / "in.json").write_text(capsys.readouterr().out)
    out = tmp_path / "overdracht.tar.age"
    assert (
        vt_cli(
            "overdracht",
            "--in",
            str(tmp_path / "in.json"),
            "--identity",
            str(vt_dir),
            "--to",
            str(team_dir),
            "--out",
            str(out),
        )
        == 0
    )
    opened = open_package(
        out.read_bytes(),
        team.encryption,
        [vt.signing.public_key],
        team.encryption.recipient,
        {},
        accepted_kinds=("overdracht",),
    )
    assert opened.payload == example_overdracht() and opened.manifest.sequence == 1

    # The team answers; VT opens it (twice: the second time is a harmless duplicate).
    answer = tmp_path / "terugkoppeling.tar.age"
    answer.write_bytes(
        build_package(
            "terugkoppeling",
            example_terugkoppeling(),
            team.signing,
            vt.encryption.recipient,
            2,
            clock,
        ).data
    )
    capsys.readouterr()
    for _ in range(2):
        assert vt_cli("open", str(answer), "--identity", str(vt_dir), "--trust", str(team_dir)) == 0
        assert json.loads(capsys.readouterr().out) == example_terugkoppeling()

    receipt = tmp_path / "ontvangst.tar.age"
    assert (
        vt_cli(
            "receipt",
            str(answer),
            "--identity",
            str(vt_dir),
            "--to",
            str(team_dir),
            "--out",
            str(receipt),
        )
        == 0
    )
    back = open_package(
        receipt.read_bytes(),
        team.encryption,
        [vt.signing.public_key],
        team.encryption.recipient,
        {"x": 0},
    ).payload
    assert back["acknowledged_sequence"] == 2 and back["acknowledged_kind"] == "terugkoppeling"
    sent = open_package(
        receipt.read_bytes(),
        team.encryption,
        [vt.signing.public_key],
        team.encryption.recipient,
        {},
    )
    assert sent.manifest.sequence == 2  # VT's own counter: overdracht 1, receipt 2

    # An older package from the same team after a newer one is refused as a replay.
    older = tmp_path / "ouder.tar.age"
    older.write_bytes(
        build_package(
            "terugkoppeling",
            example_terugkoppeling(),
            team.signing,
            vt.encryption.recipient,
            1,
            clock,
        ).data
    )
    capsys.readouterr()
    assert vt_cli("open", str(older), "--identity", str(vt_dir), "--trust", str(team_dir)) == 4
    error = capsys.readouterr().err
    assert f"Bestand {older} is geweigerd" in error and REASON_TEXTS["replayed"] in error


def test_vt_command_line_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vt_dir, team_dir = tmp_path / "vt", tmp_path / "team"
    vt_cli("keygen", "--out", str(vt_dir))
    vt_keygen(team_dir, NOW)
    bogus = tmp_path / "bogus.tar.age"
    bogus.write_bytes(b"dit is geen pakket")
    capsys.readouterr()
    assert vt_cli("open", str(bogus), "--identity", str(vt_dir), "--trust", str(team_dir)) == 4
    assert capsys.readouterr().err.strip() == (
        f"Bestand {bogus} is geweigerd: not_age — {REASON_TEXTS['not_age']}."
    )

    (team_dir / "signing.pub").write_text("kapot\n")
    assert vt_cli("open", str(bogus), "--identity", str(vt_dir), "--trust", str(team_dir)) == 4
    assert f"{team_dir / 'signing.pub'} is geweigerd" in capsys.readouterr().err

    bad_json = tmp_path / "in.json"
    bad_json.write_text('{"vt_case_number": "A", "vt_case_number": "B"}')
    assert (
        vt_cli(
            "overdracht",
            "--in",
            str(bad_json),
            "--identity",
            str(vt_dir),
            "--to",
            str(vt_dir),
            "--out",
            str(tmp_path / "x"),
        )
        == 4
    )
    assert REASON_TEXTS["duplicate_key"] in capsys.readouterr().err
    bad_json.write_text('{"vt_case_number": "A"}')
    assert (
        vt_cli(
            "overdracht",
            "--in",
            str(bad_json),
            "--identity",
            str(vt_dir),
            "--to",
            str(vt_dir),
            "--out",
            str(tmp_path / "x"),
        )
        == 4
    )
    assert "$: required" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()

    assert vt_cli("overdracht", "--in", str(bad_json)) == 2
    with pytest.raises(SystemExit) as usage:
        vt_cli("open")
    assert usage.value.code == 2


def test_vt_commands_through_the_wijkteam_desk_entry_point(tmp_path: Path) -> None:
    """Guards the wiring in cli.py: ``python -m wijkteam_desk vt …`` reaches these handlers."""
    env = {**os.environ, "WIJKTEAM_DESK_HOME": str(tmp_path / "home")}

    def main(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "wijkteam_desk", "vt", *args],
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )

    example = main("overdracht", "--example")
    assert example.returncode == 0, example.stderr
    assert json.loads(example.stdout) == example_overdracht()
    assert main("keygen", "--out", str(tmp_path / "vt")).returncode == 0
    refused = main(
        "open", str(DOC), "--identity", str(tmp_path / "vt"), "--trust", str(tmp_path / "vt")
    )
    assert refused.returncode == 4
    assert REASON_TEXTS["not_age"] in refused.stderr.decode()
    assert main("open").returncode == 2


def _open_receipt(path: Path, team: IdentityKeys, vt_dir: Path) -> dict[str, object]:
    vt_keys = load_identity_folder(vt_dir)
    opened = open_package(path.read_bytes(), team.encryption, [vt_keys.signing.public_key],
                          team.encryption.recipient, {})
    assert opened.manifest.kind == "ontvangstbevestiging"
    return opened.payload


def test_vt_receipt_tells_the_team_of_a_refusal(
    tmp_path: Path, team: IdentityKeys, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 14 items 4 and 7: sequence 8 then 7; VT's receipt for 7 carries the refusal.
    vt_dir = tmp_path / "vt"
    assert vt_cli("keygen", "--out", str(vt_dir)) == 0
    vt_keys = load_identity_folder(vt_dir)
    team_dir = tmp_path / "team-sleutels"
    for sequence in (8, 7):
        built = build_package("terugkoppeling", example_terugkoppeling(), team.signing,
                              vt_keys.encryption.recipient, sequence, clock)
        (tmp_path / f"{sequence}.tar.age").write_bytes(built.data)
    args = ("--identity", str(vt_dir), "--to", str(team_dir))
    assert vt_cli("receipt", str(tmp_path / "8.tar.age"), *args, "--out",
                  str(tmp_path / "r8")) == 0
    assert vt_cli("receipt", str(tmp_path / "7.tar.age"), *args, "--out",
                  str(tmp_path / "r7")) == 4
    err = capsys.readouterr().err
    assert "geweigerd: replayed — " in err and "Ontvangstbevestiging (geweigerd: replayed)" in err
    assert _open_receipt(tmp_path / "r8", team, vt_dir)["outcome"] == "ingelezen"
    refusal = _open_receipt(tmp_path / "r7", team, vt_dir)
    assert (refusal["outcome"], refusal["reason"], refusal["acknowledged_sequence"]) == (
        "geweigerd", "replayed", 7)
    # A file that is not even a package is named by its hash.
    (tmp_path / "rommel.tar.age").write_bytes(b"age-encryption.org/v1\nrommel")
    assert vt_cli("receipt", str(tmp_path / "rommel.tar.age"), *args, "--out",
                  str(tmp_path / "r0")) == 4
    junk = _open_receipt(tmp_path / "r0", team, vt_dir)
    assert junk["reason"] == "truncated" and len(str(junk["received_file_sha256"])) == 64


def test_vt_rotate_and_team_key_change_through_vt_open(
    tmp_path: Path, team: IdentityKeys, capsys: pytest.CaptureFixture[str]
) -> None:
    vt_dir, vt_new = tmp_path / "vt", tmp_path / "vt-2026"
    assert vt_cli("keygen", "--out", str(vt_dir)) == 0
    assert vt_cli("keygen", "--out", str(vt_new)) == 0
    team_dir = tmp_path / "team-sleutels"
    example = tmp_path / "o.json"
    example.write_text(json.dumps(example_overdracht()))
    assert vt_cli("overdracht", "--in", str(example), "--identity", str(vt_dir), "--to",
                  str(team_dir), "--out", str(tmp_path / "o1")) == 0
    assert vt_cli("rotate", "--identity", str(vt_dir), "--new", str(vt_new), "--to",
                  str(team_dir), "--out", str(tmp_path / "wissel")) == 0
    old = load_identity_folder(vt_dir)
    change = open_package((tmp_path / "wissel").read_bytes(), team.encryption,
                          [old.signing.public_key], team.encryption.recipient, {})
    new = load_identity_folder(vt_new)
    assert change.manifest.sequence == 2
    assert change.payload["new_encryption_key"] == new.encryption.recipient
    assert vt_cli("overdracht", "--in", str(example), "--identity", str(vt_new), "--to",
                  str(team_dir), "--out", str(tmp_path / "o3")) == 0
    after = open_package((tmp_path / "o3").read_bytes(), team.encryption,
                         [new.signing.public_key], team.encryption.recipient, {})
    assert after.manifest.sequence == 3  # the sequence continues across the key change

    # The team's key change: vt open trusts the new key and refuses the old one from then on.
    team_new = vt_keygen(tmp_path / "team-2026", NOW, name="Wijkteam")
    wissel = build_package("sleutelwissel", {
        "new_signing_key": team_new.signing.public_key.file_text().splitlines()[1],
        "new_encryption_key": team_new.encryption.recipient}, team.signing,
        new.encryption.recipient, 10, clock)
    (tmp_path / "team-wissel").write_bytes(wissel.data)
    trust = ("--identity", str(vt_new), "--trust", str(team_dir))
    assert vt_cli("open", str(tmp_path / "team-wissel"), *trust) == 0
    assert "nieuwe sleutel" in capsys.readouterr().err
    for signer, sequence, expected in ((team.signing, 11, 4), (team_new.signing, 10, 4),
                                       (team_new.signing, 11, 0)):
        data = build_package("terugkoppeling", example_terugkoppeling(), signer,
                             new.encryption.recipient, sequence, clock).data
        (tmp_path / "t").write_bytes(data)
        assert vt_cli("open", str(tmp_path / "t"), *trust) == expected, (signer, sequence)
