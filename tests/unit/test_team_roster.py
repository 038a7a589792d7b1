"""The roster and the chain of trust: every roster change a team goes through, and every way a
roster is refused (a non-teamleider's signature, an older version, a fork, a gap, a broken
rule). Pure: no folder involved."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.exchange.minisign import SigningKey, sign
from wijkteam_desk.team import reasons
from wijkteam_desk.team.chain import EXTENDED, KNOWN, RosterChain, SignedRoster, sign_roster
from wijkteam_desk.team.join import JoinRequest
from wijkteam_desk.team.layout import new_id
from wijkteam_desk.team.roster import Member, Roster, new_roster

NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)


@dataclasses.dataclass
class Person:
    member: Member
    key: SigningKey

    @property
    def id(self) -> str:
        return self.member.member_id


def person(name: str, role: str = "consulent") -> Person:
    key = SigningKey.generate()
    member = Member(new_id(), name, role, key.public_key, EncryptionIdentity.generate().recipient)
    return Person(member, key)


def signed(draft: Roster, previous: Roster | None, by: Person) -> SignedRoster:
    return sign_roster(draft, previous, by.id, by.key, NOW)


@pytest.fixture
def team() -> dict[str, Person]:
    return {"anna": person("Anna Bakker", "teamleider"), "bram": person("Bram de Jong"),
            "cem": person("Cem Yılmaz")}


def first_three(team: dict[str, Person]) -> list[SignedRoster]:
    v1 = signed(new_roster(new_id(), "Wijkteam Zuid", team["anna"].member), None, team["anna"])
    v2 = signed(v1.roster.add_member(team["bram"].member), v1.roster, team["anna"])
    v3 = signed(v2.roster.add_member(team["cem"].member), v2.roster, team["anna"])
    return [v1, v2, v3]


def chain_of(links: list[SignedRoster]) -> RosterChain:
    chain = RosterChain.genesis(links[0])
    for link in links[1:]:
        chain, how = chain.consider(link)
        assert how == EXTENDED
    return chain


@contextmanager
def refused(reason: str) -> Iterator[None]:
    with pytest.raises(RejectedInput) as error:
        yield
    assert error.value.reason == reason


def hand_signed(draft: Roster, by: Person) -> SignedRoster:
    """A roster signed outside ``sign_roster``'s checks, as a hostile laptop would."""
    roster = dataclasses.replace(draft, signer=by.id, created_at="2026-11-22T10:00:00Z")
    return SignedRoster(roster, sign(by.key, roster.to_bytes(), "roster"))


def test_a_chain_of_versions_each_signed_by_a_teamleider_is_accepted(team) -> None:  # type: ignore[no-untyped-def]
    chain = chain_of(first_three(team))
    assert chain.current.version == 3
    assert {m.name for m in chain.current.members} == {"Anna Bakker", "Bram de Jong", "Cem Yılmaz"}
    assert chain.current.teamleider_ids == {team["anna"].id}


def test_the_first_version_is_its_creators_with_the_creator_as_teamleider(team) -> None:  # type: ignore[no-untyped-def]
    v1 = new_roster(new_id(), "Wijkteam Zuid", team["bram"].member)  # a consulent creates a team
    assert v1.member(team["bram"].id).is_teamleider  # … and is its first teamleider
    with pytest.raises(ValidationError) as error:
        signed(v1, None, team["anna"])  # nobody else can sign it
    assert error.value.code == "not_teamleider"


def test_a_roster_signed_by_a_member_who_is_no_teamleider_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    chain = chain_of([v1, v2, v3])
    # Bram signs a version of his own that makes him teamleider: sign_roster refuses, and a
    # hand-made one is refused by every laptop.
    draft = v3.roster.update_member(team["bram"].id, role="teamleider")
    with pytest.raises(ValidationError):
        signed(draft, v3.roster, team["bram"])
    with refused(reasons.ROSTER_NOT_TEAMLEIDER):
        chain.consider(hand_signed(draft, team["bram"]))


def test_an_older_version_is_not_taken_as_current(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    joined = RosterChain.from_anchor(v3, team["anna"].member.fingerprint)  # joined at v3
    with refused(reasons.ROSTER_OUTDATED):
        joined.consider(v2)
    chain = chain_of([v1, v2, v3])
    same, how = chain.consider(v2)  # a version we hold, offered again: harmless
    assert how == KNOWN and same.current.version == 3


def test_two_different_rosters_with_one_version_are_a_fork(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    dave = person("Dave Smit")
    other_v3 = signed(v2.roster.add_member(dave.member), v2.roster, team["anna"])
    chain = chain_of([v1, v2, v3])
    with refused(reasons.ROSTER_FORK):
        chain.consider(other_v3)
    with refused(reasons.ROSTER_FORK):
        RosterChain.join([v2, v3, other_v3], team["anna"].member.fingerprint)


def test_a_version_that_skips_one_waits_for_the_missing_link(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    with refused(reasons.ROSTER_GAP):
        RosterChain.genesis(v1).consider(v3)
    assert reasons.disposition(reasons.ROSTER_GAP) == "later"


def test_removing_a_member_revokes_their_keys_for_good(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    v4 = signed(v3.roster.remove_member(team["bram"].id), v3.roster, team["anna"])
    chain, _ = chain_of([v1, v2, v3]).consider(v4)
    assert chain.current.member(team["bram"].id) is None
    assert chain.key_owner(team["bram"].key.public_key.key_id).status == "removed"
    with pytest.raises(ValidationError) as error:
        v4.roster.add_member(team["bram"].member)  # the same member id cannot come back …
    assert error.value.code == "member_exists"
    with pytest.raises(ValidationError) as error:  # … nor the same keys under another id
        v4.roster.add_member(dataclasses.replace(team["bram"].member, member_id=new_id()))
    assert error.value.code == "key_revoked"


def test_the_last_teamleider_cannot_leave_without_appointing_another(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    for attempt in (lambda r: r.remove_member(team["anna"].id),
                    lambda r: r.update_member(team["anna"].id, role="consulent")):
        with pytest.raises(ValidationError) as error:
            attempt(v3.roster)
        assert error.value.code == "last_teamleider"
    # Appoint Cem, then Anna may go (and sign her own departure as teamleider of v4).
    v4 = signed(v3.roster.update_member(team["cem"].id, role="teamleider"), v3.roster,
                team["anna"])
    v5 = signed(v4.roster.remove_member(team["anna"].id), v4.roster, team["anna"])
    chain, _ = chain_of([v1, v2, v3, v4]).consider(v5)
    assert chain.current.teamleider_ids == {team["cem"].id}
    # From now on only Cem signs: Anna's key is revoked.
    with refused(reasons.UNKNOWN_KEY):
        chain.consider(hand_signed(v5.roster.rename_team("Wijkteam Zuid-West"), team["anna"]))


def test_a_teamleider_rotates_her_key_signing_with_the_old_one(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    new_key = SigningKey.generate()
    new_age = EncryptionIdentity.generate().recipient
    v4 = signed(v3.roster.replace_keys(team["anna"].id, new_key.public_key, new_age), v3.roster,
                team["anna"])
    chain, _ = chain_of([v1, v2, v3]).consider(v4)
    assert chain.key_owner(team["anna"].key.public_key.key_id).status == "revoked"
    assert chain.key_owner(new_key.public_key.key_id).member.member_id == team["anna"].id  # type: ignore[union-attr]
    v5 = sign_roster(v4.roster.rename_team("Wijkteam Zuid 2"), v4.roster, team["anna"].id,
                     new_key, NOW)
    chain, how = chain.consider(v5)
    assert how == EXTENDED
    # What she signed with the old key long ago can still be checked, also on a laptop that
    # joins only now (its chain starts at v5).
    joined = RosterChain.from_anchor(v5, chain.current.member(team["anna"].id).fingerprint)  # type: ignore[union-attr]
    assert team["anna"].key.public_key in joined.member_keys(team["anna"].id)


def test_new_laptop_keys_are_linked_to_the_same_member(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    laptop_key = SigningKey.generate()
    v4 = signed(v3.roster.replace_keys(team["bram"].id, laptop_key.public_key,
                                       EncryptionIdentity.generate().recipient),
                v3.roster, team["anna"])
    member = v4.roster.member(team["bram"].id)
    assert member is not None and member.name == "Bram de Jong" and member.role == "consulent"
    assert set(team["bram"].member.key_texts) <= v4.roster.revoked_keys
    # A version that quietly reinstates the old (perhaps stolen) keys breaks the chain's rules.
    reinstated = dataclasses.replace(
        v4.roster, version=5, previous=v4.roster.digest(),
        members=tuple(team["bram"].member if m.member_id == team["bram"].id else m
                      for m in v4.roster.members),
        revoked=tuple(r for r in v4.roster.revoked if r[0] not in team["bram"].member.key_texts))
    with pytest.raises(ValidationError):
        signed(reinstated, v4.roster, team["anna"])
    chain, _ = chain_of([v1, v2, v3]).consider(v4)
    with refused(reasons.ROSTER_INVALID):
        chain.consider(hand_signed(reinstated, team["anna"]))


def test_trust_starts_only_at_the_fingerprint_compared_by_phone(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    with refused(reasons.UNKNOWN_KEY):
        RosterChain.from_anchor(v3, team["bram"].member.fingerprint)  # not the signer
    spaced = team["anna"].member.fingerprint.lower()
    chain = RosterChain.join([v3, v1, v2], spaced)
    assert chain.start_version == 1 and chain.current.version == 3


def test_a_stored_chain_is_checked_again_when_loaded(team) -> None:  # type: ignore[no-untyped-def]
    chain = chain_of(first_three(team))
    again = RosterChain.from_json(chain.to_json())
    assert again.current.digest() == chain.current.digest()
    stored = chain.to_json()
    stored["links"][2]["roster"]["team"]["name"] = "Gewijzigd"  # tampered in the vault
    with pytest.raises(RejectedInput):
        RosterChain.from_json(stored)


def test_member_names_and_roles_are_checked(team) -> None:  # type: ignore[no-untyped-def]
    bad = dataclasses.replace(team["bram"].member, name="Bram\x1b[31m")
    assert "name" in bad.problems()
    assert "role" in dataclasses.replace(team["bram"].member, role="Team Leider").problems()
    v1 = signed(new_roster(new_id(), "Wijkteam Zuid", team["anna"].member), None, team["anna"])
    with pytest.raises(ValidationError):
        v1.roster.add_member(bad)


def test_a_join_request_carries_the_profile_and_proves_its_keys(team) -> None:  # type: ignore[no-untyped-def]
    request = JoinRequest.make(team["bram"].member, team["bram"].key, NOW)
    again = JoinRequest.from_bytes(request.to_bytes())
    assert again.member == team["bram"].member
    tampered = request.to_bytes().replace(b"Bram de Jong", b"Bram de Boer")
    with refused(reasons.BAD_SIGNATURE):
        JoinRequest.from_bytes(tampered)
    with refused(reasons.MALFORMED_PAYLOAD):
        JoinRequest.from_bytes(b"\x00garbage")


def test_every_member_gets_an_id_block_that_is_never_given_twice(team) -> None:  # type: ignore[no-untyped-def]
    v1, v2, v3 = first_three(team)
    blocks = {m.member_id: m.id_block for m in v3.roster.members}
    assert blocks == {team["anna"].id: 0, team["bram"].id: 1, team["cem"].id: 2}
    v4 = signed(v3.roster.remove_member(team["bram"].id), v3.roster, team["anna"])
    dave = person("Dave Smit")
    v5 = signed(v4.roster.add_member(dave.member), v4.roster, team["anna"])
    assert v5.roster.member(dave.id).id_block == 3  # type: ignore[union-attr]
    # Bram's block still says who created his households.
    assert v5.roster.block_owner(1) == team["bram"].id
    new_key = SigningKey.generate()
    v6 = signed(v5.roster.replace_keys(team["cem"].id, new_key.public_key,
                                       EncryptionIdentity.generate().recipient),
                v5.roster, team["anna"])
    assert v6.roster.member(team["cem"].id).id_block == 2  # type: ignore[union-attr]
    # A hand-made version that gives Bram's block to a newcomer breaks the chain's rules.
    eve = dataclasses.replace(person("Eve Kok").member, id_block=1)
    chain = chain_of([v1, v2, v3, v4, v5, v6])
    stolen = dataclasses.replace(v6.roster, version=7, previous=v6.roster.digest(),
                                 members=tuple(sorted([*v6.roster.members, eve],
                                                      key=lambda m: m.member_id)))
    with refused(reasons.ROSTER_INVALID):
        chain.consider(hand_signed(stolen, team["anna"]))
