"""The damage matrix (issue 15, "Done when"): every kind of damage to the vault's files, through
the real command line, with what ``check`` and ``list`` answer and proof that nothing was lost
and no new vault was made. The table in docs/security.md is generated from ``CASES`` and a test
keeps the two equal: after changing a case, run
``python -m tests.e2e.test_damage_matrix --write`` to rewrite that table."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.e2e.cli_support import Cli, Result

ROOT = Path(__file__).resolve().parents[2]
SECURITY = ROOT / "docs" / "security.md"
BEGIN, END = "<!-- damage-matrix:begin -->", "<!-- damage-matrix:end -->"
PAGE = 4096
FRAME = 24 + PAGE
UPDATES = ("Gezin Eerste", "Gezin Tweede")

# A writer that commits to the WAL and stops without a checkpoint: a crash, a kill, an empty
# battery. The checkpoint first leaves exactly the updates in the WAL.
CRASH_WRITER = """
import os, sys
from wijkteam_desk.cli import build_parser
from wijkteam_desk.cli.base import open_workspace
from wijkteam_desk.paths import resolve_home
args = build_parser().parse_args(["list"])
args.paths = resolve_home(None)
ws = open_workspace(args)
conn = ws.vault.raw_connection()
conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn.execute("PRAGMA wal_autocheckpoint = 0")
for name in sys.argv[1:]:
    ws.cases.create_household(name)
os._exit(0)
"""


@dataclass(frozen=True)
class Vaults:
    """The templates each case copies: a vault with five households, the same after a crash
    left two committed updates in its WAL, and another vault (with its own crash WAL)."""

    base: Path
    crashed: Path
    other: Path
    households: tuple[str, ...]


Damage = Callable[[Path, Vaults], None]


@dataclass(frozen=True)
class Case:
    id: str
    damage_text: str  # the "damage" column of the table
    template: str  # "base" or "crashed"
    damage: Damage
    check: int
    list: int
    message: str  # the line ``check`` prints about it (a kept file's time stamp as …)
    outcome: str  # "refused" | "read_only" | "wal_kept" | "torn"


OUTCOMES = {
    "refused": "nothing lost: every file as it was; nothing recreated",
    "read_only": "nothing lost: read-only after the check, `list` writes nothing",
    "wal_kept": "WAL kept byte for byte as `vault.db-wal.kept-…`; the rest as it was",
    "torn": "nothing lost: only the write that never finished is missing",
}


# -- damages ---------------------------------------------------------------------------------
def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _flip_db(where: str) -> Damage:
    def damage(home: Path, _: Vaults) -> None:
        db = home / "vault.db"
        data = bytearray(db.read_bytes())
        pages = len(data) // PAGE
        offset = {"header": 20, "middle": (pages // 2) * PAGE + 1000,
                  "end": (pages - 1) * PAGE + 1000}[where]
        data[offset] ^= 0x01
        _write(db, bytes(data))
    return damage


def _zero(home: Path, _: Vaults) -> None:
    _write(home / "vault.db", b"")


def _truncate(home: Path, _: Vaults) -> None:
    db = home / "vault.db"
    _write(db, db.read_bytes()[:len(db.read_bytes()) // 2 + 1000])


def _wal_random(drop_shm: bool) -> Damage:
    def damage(home: Path, _: Vaults) -> None:
        wal = home / "vault.db-wal"
        data = bytearray(wal.read_bytes())
        data[32 + 100:32 + 400] = random.Random(15).randbytes(300)
        _write(wal, bytes(data))
        if drop_shm:
            (home / "vault.db-shm").unlink()
    return damage


def _wal_flip(offset: int) -> Damage:
    def damage(home: Path, _: Vaults) -> None:
        wal = home / "vault.db-wal"
        data = bytearray(wal.read_bytes())
        data[offset] ^= 0x01
        _write(wal, bytes(data))
    return damage


def _wal_foreign(home: Path, vaults: Vaults) -> None:
    shutil.copy2(vaults.other / "vault.db-wal", home / "vault.db-wal")


def _wal_torn(home: Path, _: Vaults) -> None:
    wal = home / "vault.db-wal"
    data = wal.read_bytes()
    _write(wal, data[:len(data) - FRAME - 100])  # the last commit frame never made it


def _key(change: Callable[[dict], None], reseal: bool = False) -> Damage:
    def damage(home: Path, _: Vaults) -> None:
        path = home / "vault.key"
        data = json.loads(path.read_text())
        change(data)
        if reseal:  # a careful editor (or a forger) who makes the checksum fit again
            payload = {k: v for k, v in data.items() if k != "checksum"}
            canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
            import hashlib
            data["checksum"] = "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
        path.write_text(json.dumps(data, indent=2))
    return damage


def _flip_wrapped_key(data: dict) -> None:
    ct = data["passphrase"]["ciphertext"]
    data["passphrase"]["ciphertext"] = ("B" if ct[0] != "B" else "C") + ct[1:]


def _kdf(**values: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["kdf"] = {**data["kdf"], **values}
    return change


def _key_cut(home: Path, _: Vaults) -> None:
    path = home / "vault.key"
    _write(path, path.read_bytes()[:150])


def _other_database(home: Path, vaults: Vaults) -> None:
    shutil.copy2(vaults.other / "vault.db", home / "vault.db")
    for side in ("vault.db-wal", "vault.db-shm"):
        (home / side).unlink(missing_ok=True)


def _other_key(home: Path, vaults: Vaults) -> None:
    shutil.copy2(vaults.other / "vault.key", home / "vault.key")


DAMAGED = ("De kluis is beschadigd: {}. Er is niets veranderd. Zet een reservekopie terug: "
           "wijkteam-desk restore BESTAND.")
MISMATCH = DAMAGED.format("vault.db past niet bij vault.key, of het begin van vault.db is "
                          "beschadigd")
KEY_DAMAGED = DAMAGED.format("het sleutelbestand vault.key is veranderd of beschadigd")
KEY_KDF = DAMAGED.format("de instellingen in het sleutelbestand vault.key zijn ongeldig")
WAL_LOST = ("Opgeslagen wijzigingen ontbreken: het logbestand van de kluis (vault.db-wal) was "
            "beschadigd. Een kopie staat in vault.db-wal.kept-….")

CASES = (
    Case("zero-byte", "database emptied (0 bytes)", "base", _zero, 5, 5,
         DAMAGED.format("vault.db is leeg"), "refused"),
    Case("truncated", "database cut off in the middle of a page", "base", _truncate, 5, 5,
         DAMAGED.format("vault.db is afgekapt"), "refused"),
    Case("flip-header", "one byte flipped in the first page", "base", _flip_db("header"), 5, 5,
         MISMATCH, "refused"),
    Case("flip-middle", "one byte flipped in a page in the middle", "base", _flip_db("middle"),
         5, 0, "Eén pagina van de database is beschadigd (pagina …).", "read_only"),
    Case("flip-end", "one byte flipped in the last page", "base", _flip_db("end"), 5, 5,
         "Eén pagina van de database is beschadigd (pagina …).", "read_only"),
    Case("wal-random", "WAL: random bytes over the first update", "crashed",
         _wal_random(False), 5, 0, WAL_LOST, "wal_kept"),
    Case("wal-random-no-shm", "WAL: random bytes, and no `-shm`", "crashed", _wal_random(True),
         5, 0, WAL_LOST, "wal_kept"),
    Case("wal-flip-header", "WAL: one byte flipped in its header", "crashed", _wal_flip(12), 5,
         0, WAL_LOST, "wal_kept"),
    Case("wal-flip-frame", "WAL: one byte flipped in the first frame", "crashed",
         _wal_flip(32 + 24 + 2000), 5, 0, WAL_LOST, "wal_kept"),
    Case("wal-foreign", "WAL: another vault's WAL copied in", "crashed", _wal_foreign, 5, 0,
         "Het logbestand van de kluis (vault.db-wal) hoorde bij een andere kluis. Het is apart "
         "gezet als vault.db-wal.kept-…; wat erin stond, is niet in deze kluis.", "wal_kept"),
    Case("wal-torn", "WAL: the last write torn off (a crash, not damage)", "crashed", _wal_torn,
         0, 0, "Controle in orde: database, versleuteling en logboek zijn heel.", "torn"),
    Case("key-flip-wrap", "key file: one character of the wrapped key changed", "base",
         _key(_flip_wrapped_key), 5, 5, KEY_DAMAGED, "refused"),
    Case("key-vault-id", "key file: `vault_id` changed", "base",
         _key(lambda d: d.update(vault_id="00000000-0000-4000-8000-000000000000")), 5, 5,
         KEY_DAMAGED, "refused"),
    Case("key-weakened", "key file: KDF weakened (t=1, 8 MiB), checksum made to fit", "base",
         _key(_kdf(time_cost=1, memory_cost_kib=8192, parallelism=1), reseal=True), 5, 5,
         KEY_KDF, "refused"),
    Case("key-huge-memory", "key file: `memory_cost_kib: 2147483648`", "base",
         _key(_kdf(memory_cost_kib=2147483648)), 5, 5, KEY_KDF, "refused"),
    Case("key-huge-time", "key file: `time_cost: 2147483648`", "base",
         _key(_kdf(time_cost=2147483648)), 5, 5, KEY_KDF, "refused"),
    Case("key-negative", "key file: `parallelism: -1`", "base", _key(_kdf(parallelism=-1)), 5,
         5, KEY_KDF, "refused"),
    Case("key-string", "key file: `time_cost: \"3\"`", "base", _key(_kdf(time_cost="3")), 5, 5,
         KEY_KDF, "refused"),
    Case("key-cut", "key file cut off (not JSON)", "base", _key_cut, 5, 5,
         DAMAGED.format("het sleutelbestand vault.key is onleesbaar"), "refused"),
    Case("swap-database", "another vault's database next to this key file", "base",
         _other_database, 5, 5, MISMATCH, "refused"),
    Case("swap-key", "another vault's key file next to this database", "base", _other_key, 5,
         5, MISMATCH, "refused"),
)


# -- the table -------------------------------------------------------------------------------
def table() -> str:
    rows = ["| damage | `check` | `list` | what `check` says | nothing lost / nothing recreated |",
            "|---|---|---|---|---|"]
    for case in CASES:
        rows.append(f"| {case.damage_text} | {case.check} | {case.list} | {case.message} | "
                    f"{OUTCOMES[case.outcome]} |")
    return "\n".join(rows)


def documented() -> str:
    text = SECURITY.read_text("utf-8")
    return text[text.index(BEGIN) + len(BEGIN):text.index(END)].strip()


def test_the_table_in_security_md_is_this_tests_table() -> None:
    assert documented() == table(), "run: python -m tests.e2e.test_damage_matrix --write"


# -- running the cases -----------------------------------------------------------------------
def _crash(cli: Cli, *names: str) -> None:
    proc = subprocess.run([sys.executable, "-c", CRASH_WRITER, *names], env=cli.env(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (cli.home / "vault.db-wal").stat().st_size > 0


@pytest.fixture(scope="module")
def vaults(tmp_path_factory: pytest.TempPathFactory) -> Vaults:
    root = tmp_path_factory.mktemp("matrix")
    base = Cli(root / "base")
    base.init()
    assert base.run("demo-data", "--households", "5", "--seed", "3").code == 0
    households = tuple(r["name"] for r in json.loads(base.run("list", "--json").out))
    crashed = Cli(root / "crashed")
    shutil.copytree(base.home, crashed.home)
    _crash(crashed, *UPDATES)
    other = Cli(root / "other")
    other.init()
    _crash(other, "Gezin Ander")
    return Vaults(base.home, crashed.home, other.home, households)


def _files(home: Path) -> dict[str, bytes]:
    # vault.lock is the OS lock's anchor; -shm is SQLite's index of the WAL, rebuilt from it
    return {p.name: p.read_bytes() for p in home.iterdir()
            if p.is_file() and p.name not in ("vault.lock", "vault.db-shm")}


def _said(result: Result) -> str:
    """The line that names the problem: the error, or the first finding of ``check``."""
    lines = result.err.strip().splitlines()
    findings = [line[2:] for line in lines if line.startswith("- ")]
    said = findings[0] if findings else (lines[0] if lines else "")
    said = re.sub(r"kept-\d{8}T\d{6}(-\d+)?", "kept-…", said)
    return re.sub(r"\(pagina \d+\)", "(pagina …)", said)


def _names(result: Result) -> list[str]:
    return [row["name"] for row in json.loads(result.out)]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_damage_matrix(case: Case, vaults: Vaults, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    shutil.copytree(getattr(vaults, case.template), cli.home)
    case.damage(cli.home, vaults)
    damaged = _files(cli.home)

    checked = cli.run("check")
    assert (checked.code, _said(checked)) == (case.check, case.message), checked.err
    after_check = _files(cli.home)
    listed = cli.run("list", "--json")
    assert listed.code == case.list, listed.err
    assert "Traceback" not in checked.err + listed.err
    # said once: the error, or a heading, the finding and what to do; never SQLite's report
    assert len(checked.err.strip().splitlines()) in (1, 3), checked.err
    assert "btreeInitPage" not in checked.err and "readonly database" not in checked.err

    if case.outcome == "refused":
        assert _files(cli.home) == damaged  # not a byte changed, no new vault beside it
        assert _said(listed) == case.message
        assert not (cli.home / "unlock-attempts.json").exists()  # damage is no wrong passphrase
    elif case.outcome == "read_only":
        assert (cli.home / "vault.damaged.json").exists()
        assert _files(cli.home) == after_check  # `list` wrote nothing to the damaged file
        assert "alleen om te lezen" in listed.err
        if case.list == 0:  # the damaged page is not one `list` reads
            assert _names(listed) == list(vaults.households)
    elif case.outcome == "wal_kept":
        [kept] = [p for p in cli.home.iterdir() if ".kept-" in p.name]
        assert kept.read_bytes() == damaged["vault.db-wal"]
        assert _names(listed) == list(vaults.households)  # what was checkpointed, nothing else
        assert kept.name in listed.err and "restore" in listed.err  # said again at every open
    else:
        assert _names(listed) == [*vaults.households, UPDATES[0]]
        assert not [p for p in cli.home.iterdir() if ".kept-" in p.name]


def _write_table() -> None:
    text = SECURITY.read_text("utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    SECURITY.write_text(f"{text[:start]}\n{table()}\n{text[end:]}", "utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        _write_table()
    else:
        print(table())
