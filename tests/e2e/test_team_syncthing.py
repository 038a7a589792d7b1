"""Two real Syncthing daemons carry the team folder between two homes over 127.0.0.1 only: a
teamleider's laptop and a consultant's. The consultant joins from the roster that Syncthing
brought over, a household written on one laptop is read and verified on the other (and back),
and neither daemon ever talks to anything but the other one on loopback."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from tests.support.syncthing import Daemon, syncthing_homes, wait_arrived, wait_connected
from tests.support.team import NOW, Laptop, next_row_id

from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.team.chain import RosterChain, sign_roster
from wijkteam_desk.team.join import JoinRequest
from wijkteam_desk.team.layout import new_id
from wijkteam_desk.team.payloads import HouseholdDocument
from wijkteam_desk.team.roster import new_roster

DEADLINE_S = 180.0  # generous for a busy CI machine; normally a few seconds


def carried(source: Daemon, target: Daemon, relative: str, deadline: float) -> None:
    """Scan ``source`` through its API, then wait until ``target`` holds ``relative``."""
    source.scan()
    wait_arrived(target, relative, deadline)


def only_loopback(daemon: Daemon) -> None:
    for peer in daemon.rest("GET", "/rest/system/connections")["connections"].values():
        if peer.get("connected"):
            assert peer["address"].startswith("127.0.0.1:"), peer
    discovery = daemon.rest("GET", "/rest/system/discovery")
    assert not any(a for entry in discovery.values() for a in entry.get("addresses", [])
                   if not a.startswith("tcp://127.0.0.1:"))


def test_a_household_travels_between_two_syncthing_homes(tmp_path: Path) -> None:
    if shutil.which("syncthing") is None:
        pytest.fail("syncthing is not installed; the team e2e test needs it (apt install "
                    "syncthing, as .ci/run does)")
    clock = FixedClock(NOW)
    with syncthing_homes(tmp_path, ("teamleider", "consulent")) as (home_a, home_b):
        deadline = time.monotonic() + DEADLINE_S
        wait_connected(home_a, home_b, deadline)
        wait_connected(home_b, home_a, deadline)

        leader = Laptop.new(home_a.folder, clock, "Fatima el Amrani", "teamleider")
        consultant = Laptop.new(home_b.folder, clock, "Jeroen Visser")
        first = sign_roster(new_roster(new_id(), "Wijkteam Centrum", leader.member), None,
                            leader.id, leader.local.signing, clock.now())
        leader.chain = RosterChain.genesis(first)
        leader.publish(lambda p: p.publish_roster(first, None))
        # The consultant's join request reaches the teamleider (USB stick, mail) …
        request = JoinRequest.from_bytes(
            JoinRequest.make(consultant.member, consultant.local.signing, clock.now()).to_bytes())
        second = sign_roster(first.roster.add_member(request.member), first.roster, leader.id,
                             leader.local.signing, clock.now())
        leader.chain, _ = leader.chain.consider(second)
        [roster_file] = leader.publish(lambda p: p.publish_roster(second, first.roster))
        # … and the roster reaches the consultant's laptop through Syncthing.
        carried(home_a, home_b, f"{leader.id}/{roster_file.name}", deadline)
        consultant.join(leader)  # the fingerprint compared by phone
        assert consultant.roster.member(consultant.id) is not None

        family = HouseholdDocument.new(next_row_id(leader), leader.id,
                                       {"naam": "Jansen", "journaal": ["Huisbezoek"]})
        [bundle] = leader.publish_documents([family])
        carried(home_a, home_b, f"{leader.id}/{bundle.name}", deadline)
        read = consultant.sync()
        assert read.refused == []
        assert [d for f in read.accepted for d in f.documents] == [family]

        reply = HouseholdDocument.new(next_row_id(consultant), consultant.id,
                                      {"naam": "de Boer"})
        [answer] = consultant.publish_documents([reply])
        carried(home_b, home_a, f"{consultant.id}/{answer.name}", deadline)
        back = leader.sync()
        assert back.refused == []
        assert [d for f in back.accepted for d in f.documents] == [reply]

        assert b"Jansen" not in (home_b.folder / leader.id / bundle.name).read_bytes()
        only_loopback(home_a)
        only_loopback(home_b)
    assert home_a.process is None and home_b.process is None  # stopped and reaped
