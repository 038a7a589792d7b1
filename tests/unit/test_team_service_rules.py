"""The team services' own rules, without a vault: which colleague a name means, what our
subfolder must keep, when a handover is still on its way, which version of our copy counts
after a takeover, and what a document's audit section may hold."""

from __future__ import annotations

import pytest
from tests.support.team import NOW

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.team import HouseholdTeamState
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.exchange.minisign import SigningKey
from wijkteam_desk.services import team_state as ts
from wijkteam_desk.services.team import find_member
from wijkteam_desk.services.team_apply import _our_version
from wijkteam_desk.services.team_sync import needed_documents
from wijkteam_desk.services.team_view import INCOMING, OUTGOING, handover_direction
from wijkteam_desk.team.chain import RosterChain, sign_roster
from wijkteam_desk.team.pen import PenTransfer
from wijkteam_desk.team.roster import Member, new_roster

A, B, C = "a" * 32, "b" * 32, "c" * 32


def _member(member_id: str, name: str) -> tuple[Member, SigningKey]:
    key = SigningKey.generate()
    return Member(member_id, name, "consulent", key.public_key,
                  EncryptionIdentity.generate().recipient), key


@pytest.fixture(scope="module")
def chain() -> RosterChain:
    leader, key = _member(A, "Fatima el Amrani")
    signed = sign_roster(new_roster("d" * 32, "Wijkteam Oost", leader), None, A, key, NOW)
    chain = RosterChain.genesis(signed)
    for member_id, name in ((B, "Bart de Graaf"), (C, "Bart de Graaf-Smit")):
        member, _ = _member(member_id, name)
        previous = chain.current
        chain, _ = chain.consider(sign_roster(previous.add_member(member), previous, A, key,
                                              NOW))
    return chain


def test_a_colleague_is_found_by_name_fingerprint_or_member_id(chain: RosterChain) -> None:
    bart = chain.current.member(B)
    assert bart is not None
    assert find_member(chain, "  bart DE graaf ").member_id == B
    assert find_member(chain, bart.fingerprint.replace(" ", "").lower()).member_id == B
    assert find_member(chain, B).member_id == B
    with pytest.raises(ValidationError) as unknown:
        find_member(chain, "Bart")
    assert unknown.value.code == "member_unknown"


def test_our_subfolder_keeps_what_we_hold_and_a_handover_until_the_colleague_wrote() -> None:
    states = {
        1: HouseholdTeamState(1, A, 3, A, published_version=3),  # ours
        2: HouseholdTeamState(2, A, 4, A, published_version=2),  # ours, v4 not published yet
        3: HouseholdTeamState(3, A, 5, B, published_version=5, handover_to=B,
                              handover_version=5),  # handed over, not taken yet
        4: HouseholdTeamState(4, A, 6, B, published_version=5, handover_to=B,
                              handover_version=5),  # Bart wrote v6: no longer needed
        5: HouseholdTeamState(5, B, 2, B),  # a colleague's
        6: HouseholdTeamState(6, A, 1, A),  # ours, never published
    }
    assert needed_documents(states, A) == {1: 3, 2: 2, 3: 5}


def test_a_handover_is_on_its_way_until_acknowledged_or_answered() -> None:
    sent = HouseholdTeamState(1, A, 5, B, published_version=5, published_sequence=12,
                              handover_to=B, handover_version=5)
    assert handover_direction(sent, A, {B: 11}) == OUTGOING
    assert handover_direction(sent, A, {B: 12}) == ""  # Bart's laptop read our file
    unsent = HouseholdTeamState(1, A, 5, B, published_version=4, handover_to=B,
                                handover_version=5)
    assert handover_direction(unsent, A, {B: 99}) == OUTGOING
    taken = HouseholdTeamState(1, A, 6, B, taken_from=A)
    assert handover_direction(taken, B, {}) == INCOMING


def test_after_a_takeover_our_late_version_counts_as_the_takeovers_base() -> None:
    key = SigningKey.generate()
    takeover = PenTransfer.make(7, 4, A, B, C, key)  # a teamleider gives Bart the pen after v4
    ours = HouseholdTeamState(7, A, 6, B, received_from="")  # we wrote v5 and v6 after it
    assert _our_version(ours, A, (takeover,), A) == 4
    theirs = HouseholdTeamState(7, A, 5, B, received_from=B)  # Bart's v5 is valid
    assert _our_version(theirs, A, (takeover,), A) == 5
    assert _our_version(None, A, (), A) == 0


def test_an_audit_section_holds_lines_and_nothing_else() -> None:
    line = ["2026-11-23T09:00:00+00:00", B, "f" * 64, "Bart de Graaf", "consulent", B,
            "laptop-2", "household.view", "household", "7", "ok", {}]
    body = {"audit": {"columns": list(ts.AUDIT_COLUMNS), "rows": [line]}}
    assert [x["actor"] for x in ts.received_lines(body, A)] == ["Bart de Graaf"]
    assert ts.received_lines(body, B) == []  # our own lines are in our own chain
    for broken in ({"columns": ["at"], "rows": []}, {"columns": list(ts.AUDIT_COLUMNS),
                                                      "rows": [line[:3]]},
                   {"columns": list(ts.AUDIT_COLUMNS), "rows": [[*line[:7], 5, *line[8:]]]},
                   []):
        with pytest.raises(ValidationError):
            ts.received_lines({"audit": broken}, A)
