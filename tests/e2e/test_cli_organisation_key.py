"""The organisation's recovery key through the real command line, with keys made by
``age-keygen`` as IT makes them, and the sealed key opened with the ``age`` tool alone
(issue 17, item 6)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.e2e.cli_support import PASSPHRASE, Cli
from tests.support.keyfiles import rewrite_keyfile

from wijkteam_desk.storage.engine import connect

pytestmark = pytest.mark.skipif(not (shutil.which("age") and shutil.which("age-keygen")),
                                reason="the age tools are installed by .ci/run")

NEW = "een nieuw wachtwoord voor de kluis"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


@pytest.fixture
def ict(tmp_path: Path) -> Path:
    """IT's USB stick: ``age-keygen -o org.key`` and ``age-keygen -y org.key > org.pub``."""
    stick = tmp_path / "usb-ict"
    stick.mkdir()
    subprocess.run(["age-keygen", "-o", str(stick / "org.key")], check=True,
                   capture_output=True)
    pub = subprocess.run(["age-keygen", "-y", str(stick / "org.key")], check=True,
                         capture_output=True, text=True).stdout
    (stick / "org.pub").write_text(pub)
    return stick


def it_fingerprint(pub: Path) -> str:
    """What docs/security.md tells IT to run to read the fingerprint out by phone."""
    line = subprocess.run(["sh", "-c", f"printf %s \"$(grep ^age1 '{pub}')\" | sha256sum"],
                          check=True, capture_output=True, text=True).stdout
    digits = line[:32].upper()
    return " ".join(digits[i:i + 4] for i in range(0, 32, 4))


def test_set_forget_everything_recover_with_the_organisation_key(cli: Cli, ict: Path,
                                                                 tmp_path: Path) -> None:
    cli.init()
    assert cli.run("demo-data", "--households", "2", "--seed", "5").code == 0
    shown = cli.run("organisation-key", "show", "--json")
    assert shown.code == 0 and json.loads(shown.out)["set"] is False

    r = cli.run("organisation-key", "set", str(ict / "org.pub"))
    assert r.code == 0, r.err
    assert r.out.strip() == f"Vingerafdruk: {it_fingerprint(ict / 'org.pub')}"
    assert "vergelijk de vingerafdruk" in r.err
    status = json.loads(cli.run("organisation-key", "show", "--json").out)
    assert status["fingerprint"] == it_fingerprint(ict / "org.pub") and status["intact"]
    assert cli.run("organisation-key", "fingerprint", str(ict / "org.pub")).out.strip() == \
        f"Vingerafdruk: {status['fingerprint']}"

    # passwd keeps the wrap
    (tmp_path / "tweede").write_text("een tweede lang wachtwoord")
    assert cli.run("passwd", "--new-passphrase-file", str(tmp_path / "tweede")).code == 0

    # Passphrase and recovery code are both lost: IT recovers with org.key.
    (tmp_path / "nieuw").write_text(NEW)
    r = cli.run("recover", "--organisation-key", str(ict / "org.key"),
                "--new-passphrase-file", str(tmp_path / "nieuw"), passphrase=None)
    assert r.code == 0, r.err
    assert "logboek" in r.err and "offline" in r.err
    assert cli.run("list", passphrase="een tweede lang wachtwoord").code == 3
    assert cli.run("check", passphrase=NEW).code == 0
    listing = json.loads(cli.run("list", "--json", passphrase=NEW).out)
    assert len(listing) == 2

    # The audit lines are in the vault's chain (newest first).
    from wijkteam_desk.domain.clock import SystemClock
    from wijkteam_desk.paths import AppPaths
    from wijkteam_desk.services.vaults import VaultService
    from wijkteam_desk.storage.secretstore import NoSecretStore

    ws = VaultService(AppPaths(cli.home), NoSecretStore(), SystemClock()).unlock(NEW)
    try:
        lines = [(e.action, e.detail) for e in ws.cases.audit_log()
                 if e.action.startswith("vault.organisation_key")]
    finally:
        ws.lock()
    assert lines == [("vault.organisation_key.recover", {"fingerprint": status["fingerprint"]}),
                     ("vault.organisation_key.set", {"fingerprint": status["fingerprint"]})]

    # The identity may come from a pipe and never touch a disk (docs/security.md:
    # ``--organisation-key <(age -d org.key.age)``): read once, from /dev/stdin here.
    (tmp_path / "derde").write_text("een derde lang wachtwoord")
    r = cli.run("recover", "--organisation-key", "/dev/stdin", "--new-passphrase-file",
                str(tmp_path / "derde"), passphrase=None, stdin=(ict / "org.key").read_text())
    assert r.code == 0, r.err
    assert cli.run("list", passphrase="een derde lang wachtwoord").code == 0


def test_the_sealed_key_opens_with_the_age_tool_and_is_the_database_key(cli: Cli,
                                                                        ict: Path) -> None:
    """Interop: the wrap is a standard age file to the recipient; IT needs nothing but ``age``
    and ``jq`` to get the database key out, and it opens the database."""
    cli.init()
    assert cli.run("organisation-key", "set", str(ict / "org.pub")).code == 0
    sealed = json.loads((cli.home / "vault.key").read_text())["organisation"]["sealed"]
    out = subprocess.run(["age", "-d", "-i", str(ict / "org.key")], input=sealed.encode(),
                         check=True, capture_output=True).stdout
    assert len(out) == 64
    conn = connect(cli.home / "vault.db", bytearray(bytes.fromhex(out.decode())))
    try:
        vault_id = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()[0]
    finally:
        conn.close()
    assert vault_id == json.loads((cli.home / "vault.key").read_text())["vault_id"]


def test_refusals_have_their_own_exit_status_and_change_nothing(cli: Cli, ict: Path,
                                                                tmp_path: Path) -> None:
    cli.init()
    key_before = (cli.home / "vault.key").read_bytes()
    r = cli.run("organisation-key", "set", str(ict / "org.key"))
    assert r.code == 4
    assert f"{ict / 'org.key'} is geweigerd" in r.err and "geheime sleutel" in r.err
    garbage = tmp_path / "rommel.pub"
    garbage.write_bytes(b"\x00\xff" * 100)
    assert cli.run("organisation-key", "set", str(garbage)).code == 4
    assert (cli.home / "vault.key").read_bytes() == key_before
    (tmp_path / "nieuw").write_text(NEW)

    # no organisation key yet
    r = cli.run("recover", "--organisation-key", str(ict / "org.key"),
                "--new-passphrase-file", str(tmp_path / "nieuw"), passphrase=None)
    assert r.code == 1 and "geen organisatiesleutel" in r.err

    assert cli.run("organisation-key", "set", str(ict / "org.pub")).code == 0
    r = cli.run("recover", "--organisation-key", str(ict / "org.pub"),
                "--new-passphrase-file", str(tmp_path / "nieuw"), passphrase=None)
    assert r.code == 4 and "openbare sleutel" in r.err

    other = tmp_path / "ander.key"
    subprocess.run(["age-keygen", "-o", str(other)], check=True, capture_output=True)
    r = cli.run("recover", "--organisation-key", str(other),
                "--new-passphrase-file", str(tmp_path / "nieuw"), passphrase=None)
    assert r.code == 3 and "past niet" in r.err
    assert it_fingerprint(ict / "org.pub") in r.err

    # the wrap in vault.key is changed: damage, exit 5, not a wrong key
    data = json.loads((cli.home / "vault.key").read_text())
    mac = data["organisation"]["mac"]
    data["organisation"]["mac"] = ("A" if mac[0] != "A" else "B") + mac[1:]
    rewrite_keyfile(cli.home / "vault.key", data)
    r = cli.run("recover", "--organisation-key", str(ict / "org.key"),
                "--new-passphrase-file", str(tmp_path / "nieuw"), passphrase=None)
    assert r.code == 5 and "beschadigd of veranderd" in r.err
    r = cli.run("organisation-key", "show")
    assert r.code == 5 and "opnieuw in" in r.err
    assert cli.run("list", passphrase=PASSPHRASE).code == 0  # the passphrase still opens it


def test_remove_and_a_restore_from_before_the_key_was_set_say_so(cli: Cli, ict: Path,
                                                                 tmp_path: Path) -> None:
    cli.init()
    assert cli.run("backup", "--out", str(tmp_path / "voor.wdbackup")).code == 0
    assert cli.run("organisation-key", "set", str(ict / "org.pub")).code == 0
    r = cli.run("restore", str(tmp_path / "voor.wdbackup"))
    assert r.code == 0, r.err
    assert "gemaakt voordat de organisatiesleutel werd ingesteld" in r.err
    assert json.loads(cli.run("organisation-key", "show", "--json").out)["set"] is False

    assert cli.run("organisation-key", "set", str(ict / "org.pub")).code == 0
    # A careless copy of org.key into the vault's folder: it works, and the user is told.
    careless = cli.home / "org.key"
    shutil.copy(ict / "org.key", careless)
    (tmp_path / "nieuw").write_text(NEW)
    r = cli.run("recover", "--organisation-key", str(careless), "--new-passphrase-file",
                str(tmp_path / "nieuw"), passphrase=None)
    assert r.code == 0 and "Haal hem daar nu weg" in r.err
    careless.unlink()
    r = cli.run("organisation-key", "remove", passphrase=NEW)
    assert r.code == 0 and "verwijderd" in r.err
    again = cli.run("organisation-key", "remove", passphrase=NEW)
    assert again.code == 0 and "geen organisatiesleutel" in again.err
