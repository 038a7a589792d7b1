"""A simulated team for the team-folder tests: laptops (a member's keys, trusted roster chain,
ledger and sequence counter) that share one plain folder, with synthetic Dutch data (Faker).

Every laptop does what the second wave's sync service will do, and nothing more: publish into
its own subfolder, read the folder, remember what it read. Time is a ``FixedClock``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from faker import Faker

from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.exchange.minisign import SigningKey
from wijkteam_desk.team.chain import RosterChain, sign_roster
from wijkteam_desk.team.join import join_folder
from wijkteam_desk.team.layout import new_id
from wijkteam_desk.team.ledger import Ledger
from wijkteam_desk.team.payloads import HouseholdDocument
from wijkteam_desk.team.reader import FolderRead, read_folder
from wijkteam_desk.team.roster import ID_BLOCK_BITS, Member, Roster, new_roster
from wijkteam_desk.team.writer import FolderWriter, LocalMember, Publisher, Written

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def household_body(fake: Faker, entries: int = 3) -> dict[str, Any]:
    """What the second wave's household document might hold; only the shape matters here."""
    return {
        "naam": fake.last_name(),
        "adres": fake.street_address(),
        "journaal": [{"datum": fake.date(), "tekst": fake.sentence(nb_words=12)}
                     for _ in range(entries)],
    }


def next_row_id(laptop: Laptop) -> int:
    """The next id in the laptop's id block (storage/ids.py numbers rows this way)."""
    member = laptop.roster.member(laptop.id)
    assert member is not None and member.id_block is not None
    laptop.rows += 1
    return (member.id_block << ID_BLOCK_BITS) + laptop.rows


@dataclass
class Laptop:
    local: LocalMember
    member: Member
    folder: Path
    clock: FixedClock
    chain: RosterChain | None = None
    ledger: Ledger = field(default_factory=Ledger)
    next_sequence: int = 1
    rows: int = 0  # row ids this laptop gave in its block

    @classmethod
    def new(cls, folder: Path, clock: FixedClock, name: str, role: str = "consulent") -> Laptop:
        local = LocalMember(new_id(), SigningKey.generate(), EncryptionIdentity.generate())
        member = Member(local.member_id, name, role, local.signing.public_key,
                        local.encryption.recipient)
        return cls(local, member, folder, clock)

    @property
    def id(self) -> str:
        return self.local.member_id

    @property
    def roster(self) -> Roster:
        assert self.chain is not None
        return self.chain.current

    def publisher(self) -> Publisher:
        assert self.chain is not None
        return Publisher(FolderWriter(self.folder, self.id), self.local, self.chain,
                         self.clock.now, self.next_sequence, acks=self.ledger.acks())

    def publish(self, action: Callable[[Publisher], Any]) -> Any:
        publisher = self.publisher()
        try:
            return action(publisher)
        finally:
            self.next_sequence = publisher.next_sequence

    def publish_documents(self, documents: Sequence[HouseholdDocument]) -> list[Written]:
        return self.publish(lambda p: p.publish_documents(documents))  # type: ignore[no-any-return]

    def sync(self) -> FolderRead:
        assert self.chain is not None
        read = read_folder(self.folder, self.id, [self.local.encryption], self.chain,
                           self.ledger)
        assert read.chain is not None
        self.chain = read.chain
        read.record_into(self.ledger)
        return read

    def join(self, leader: Laptop) -> None:
        self.chain, _ = join_folder(self.folder, self.id, [self.local.encryption],
                                    leader.member.fingerprint)


class Team:
    """A teamleider and consultants on one shared folder, everyone joined and in sync."""

    def __init__(self, folder: Path, clock: FixedClock | None = None, consultants: int = 2,
                 seed: int = 16) -> None:
        self.folder = folder
        self.clock = clock or FixedClock(NOW)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.leader = Laptop.new(folder, self.clock, self.fake.name(), "teamleider")
        self.team_id = new_id()
        first = sign_roster(new_roster(self.team_id, "Wijkteam Oost", self.leader.member),
                            None, self.leader.id, self.leader.local.signing, self.clock.now())
        self.leader.chain = RosterChain.genesis(first)
        self.leader.publish(lambda p: p.publish_roster(first, None))
        self.consultants: list[Laptop] = []
        for _ in range(consultants):
            self.consultants.append(self.add(self.new_laptop()))
        self.sync_all()  # a laptop reads the folder before it writes: everyone knows everyone

    def new_laptop(self, role: str = "consulent") -> Laptop:
        return Laptop.new(self.folder, self.clock, self.fake.name(), role)

    @property
    def laptops(self) -> list[Laptop]:
        return [self.leader, *self.consultants]

    def change(self, edit: Callable[[Roster], Roster], signer: Laptop | None = None) -> Roster:
        """A teamleider signs and publishes the next roster version."""
        signer = signer or self.leader
        assert signer.chain is not None
        previous = signer.chain.current
        signed = sign_roster(edit(previous), previous, signer.id, signer.local.signing,
                             self.clock.now())
        signer.chain, _ = signer.chain.consider(signed)
        signer.publish(lambda p: p.publish_roster(signed, previous))
        return signed.roster

    def add(self, laptop: Laptop, role: str = "consulent") -> Laptop:
        laptop.member = Member(laptop.id, laptop.member.name, role,
                               laptop.member.signing_key, laptop.member.encryption_key)
        self.change(lambda roster: roster.add_member(laptop.member))
        laptop.join(self.leader)
        return laptop

    def household(self, owner: Laptop, *, afgeschermd: bool = False,
                  entries: int = 3) -> HouseholdDocument:
        """A new household created on ``owner``'s laptop (version 1, ``owner`` holds the pen),
        with the next row id of ``owner``'s id block."""
        return HouseholdDocument.new(next_row_id(owner), owner.id,
                                     household_body(self.fake, entries), afgeschermd=afgeschermd)

    def changed(self, document: HouseholdDocument) -> HouseholdDocument:
        return document.changed(household_body(self.fake))

    def sync_all(self) -> dict[str, FolderRead]:
        return {laptop.id: laptop.sync() for laptop in self.laptops}
