"""Two real Syncthing daemons carry the team folder between two homes over 127.0.0.1 only, and
the command line does the rest: a teamleider's laptop creates the team and adds a consultant,
the consultant joins from the roster Syncthing brought over, and a household made with the
command line on one home is readable on the other (``show --json``), both ways. The waits are
bounded, and end as soon as Syncthing reports the file written (scans triggered by REST)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from tests.e2e.test_cli_team import Home, fingerprint_of
from tests.e2e.test_team_syncthing import DEADLINE_S, only_loopback
from tests.support.syncthing import Daemon, syncthing_homes, wait_arrived, wait_connected


def carry(source: Daemon, target: Daemon, deadline: float) -> None:
    """Scan ``source``, then wait until ``target`` holds every file of ``source``'s folder."""
    source.scan()
    for path in sorted(source.folder.glob("*/*.wteam")):
        wait_arrived(target, f"{path.parent.name}/{path.name}", deadline)


def cli_home(base: Path, name: str) -> Home:
    h = Home(base)
    h.name = name
    h.ok("init", "--team", "Wijkteam Centrum", "--region", "Utrecht", "--name", name,
         "--role", "consulent")
    return h


def test_a_household_made_on_one_home_is_readable_on_the_other(tmp_path: Path) -> None:
    if shutil.which("syncthing") is None:
        pytest.fail("syncthing is not installed; the team e2e test needs it (apt install "
                    "syncthing, as .ci/run does)")
    with syncthing_homes(tmp_path, ("teamleider", "consulent")) as (st_a, st_b):
        deadline = time.monotonic() + DEADLINE_S
        wait_connected(st_a, st_b, deadline)
        wait_connected(st_b, st_a, deadline)
        leader = cli_home(tmp_path / "leider", "Fatima el Amrani")
        consultant = cli_home(tmp_path / "consulent", "Jeroen Visser")
        leader.ok("demo-data", "--households", "1", "--seed", "5")
        leader_fp = fingerprint_of(leader.ok("team", "create", "--name", "Wijkteam Centrum",
                                             "--folder", str(st_a.folder)))
        # The join request reaches the teamleider by hand (USB stick, mail) …
        request = tmp_path / "jeroen.aanmelding"
        consultant.ok("team", "request", "--out", str(request))
        leader.ok("team", "add", str(request))
        # … the roster and the household reach the consultant's laptop through Syncthing.
        carry(st_a, st_b, deadline)
        consultant.ok("team", "join", "--folder", str(st_b.folder), "--leader", leader_fp)
        [family] = leader.json("list")
        shown = consultant.json("show", str(family["id"]))
        assert shown == leader.json("show", str(family["id"]))
        assert consultant.json("list")[0]["read_only"] is True

        # And back: a household the consultant makes reaches the teamleider.
        consultant.ok("demo-data", "--households", "1", "--seed", "6")
        consultant.ok("team", "sync")
        carry(st_b, st_a, deadline)
        result = leader.json("team", "sync")
        assert result["refused"] == [] and result["applied"] == 1
        theirs = [r for r in leader.json("list") if r["read_only"]]
        assert [r["owner"] for r in theirs] == [consultant.name]
        assert leader.json("show", str(theirs[0]["id"])) == consultant.json(
            "show", str(theirs[0]["id"]))
        for path in st_a.folder.rglob("*.wteam"):
            assert shown["name"].encode() not in path.read_bytes()
        only_loopback(st_a)
        only_loopback(st_b)
    assert st_a.process is None and st_b.process is None
    assert json.dumps(shown)  # plain data
