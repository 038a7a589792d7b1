"""Random rounds of a four-member team on four copies of the team folder, kept alike by a sync
engine that delivers each laptop's files one by one, in random order, some late (deletions
too): households made, changed, handed over, taken over by the teamleider, afgeschermd; a
member removed; a laptop restored from an old backup; every laptop compacting its subfolder.

After every few rounds the engine catches up and every laptop syncs; then every laptop agrees
on every household it may see (the newest version its rightful writer made), sees no
afgeschermd household it may not, and the removed member's key opens nothing written after its
removal. This is the folder layer's share of issue 17's long test; the second wave repeats it
with the vault (apply, review screen) on top."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from faker import Faker
from tests.support.team import NOW, Laptop, household_body, next_row_id

from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.team import layout, reasons
from wijkteam_desk.team.chain import RosterChain, sign_roster
from wijkteam_desk.team.compaction import (
    compact,
    learn_sequence,
    plan_compaction,
    read_own_folder,
)
from wijkteam_desk.team.envelope import MAX_FILE_BYTES, open_age
from wijkteam_desk.team.payloads import HouseholdDocument, ReassignNotice
from wijkteam_desk.team.pen import PenTransfer, judge
from wijkteam_desk.team.reader import FolderRead
from wijkteam_desk.team.roster import block_of, new_roster

ROUNDS = 120
SETTLE_EVERY = 20
# Two seeds in every run; more on demand: TEAM_SEEDS=1,2,3 (18 seeds passed when this was made).
SEEDS = [17, 2026, *(int(s) for s in os.environ.get("TEAM_SEEDS", "").split(",") if s)]
# What may be refused in an honest team whose engine delivers late: the removed member's last
# files, arriving after the roster that removed it.
EXPECTED_REFUSALS = {reasons.REMOVED_MEMBER}


@dataclass
class Vault:
    """What the second wave keeps per laptop, reduced to what this test checks."""

    creator_of: Callable[[int], str]  # the member whose id block holds a household's id
    seen: dict[int, dict[tuple[int, str], HouseholdDocument]] = field(default_factory=dict)
    known: dict[int, list[PenTransfer]] = field(default_factory=dict)

    def absorb(self, read: FolderRead) -> None:
        for accepted in read.accepted:
            if accepted.reassign is not None:
                self._learn(accepted.reassign.household, [accepted.reassign.transfer])
            for document in accepted.documents:
                self.seen.setdefault(document.household, {})[
                    (document.version, accepted.author)] = document
                self._learn(document.household, document.pen)

    def _learn(self, household: int, transfers: Iterable[PenTransfer]) -> None:
        known = self.known.setdefault(household, [])
        known.extend(t for t in transfers if t not in known)

    def current(self, household: int) -> HouseholdDocument | None:
        """The newest version whose author held the pen, by everything this laptop knows."""
        creator = self.creator_of(household)
        for (version, author), document in sorted(self.seen.get(household, {}).items(),
                                                  reverse=True):
            if judge(author, creator, household, document.pen, version,
                     self.known.get(household, ())) is None:
                return document
        return None

    def view(self) -> dict[int, HouseholdDocument]:
        found = {h: self.current(h) for h in self.seen}
        return {h: d for h, d in found.items() if d is not None and not d.withdrawn}


class Engine:
    """Each laptop's own subfolder travels to the other copies file by file."""

    def __init__(self, rng: random.Random, laptops: list[Laptop]) -> None:
        self.rng = rng
        self.laptops = laptops

    def deliver(self, fraction: float) -> None:
        for source in self.laptops:
            own = source.folder / source.id
            files = sorted(p.name for p in own.iterdir()) if own.exists() else []
            files = [n for n in files if layout.parse_file_name(n)]
            for target in self.laptops:
                if target is source:
                    continue
                there = target.folder / source.id
                there.mkdir(exist_ok=True)
                present = {p.name for p in there.iterdir()}
                for name in self.rng.sample(files, len(files)):
                    if name not in present and self.rng.random() < fraction:
                        partial = there / layout.temporary_name(name)
                        shutil.copyfile(own / name, partial)
                        partial.rename(there / name)
                for name in sorted(present - set(files)):
                    if layout.parse_file_name(name) and self.rng.random() < fraction:
                        (there / name).unlink()


class World:
    def __init__(self, base: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        self.clock = FixedClock(NOW)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        names = ["Hanna Bos", "Yusuf Kaya", "Iris de Wit", "Sem Mulder"]
        self.laptops = []
        for index, name in enumerate(names):
            folder = base / f"laptop-{index}"
            folder.mkdir()
            self.laptops.append(Laptop.new(folder, self.clock, name,
                                           "teamleider" if index == 0 else "consulent"))
        self.leader = self.laptops[0]
        self.vaults = {laptop.id: Vault(self.creator_of) for laptop in self.laptops}
        self.engine = Engine(self.rng, self.laptops)
        self.published: list[tuple[str, HouseholdDocument]] = []  # (author, document)
        self.notices: list[ReassignNotice] = []
        self.removed: Laptop | None = None
        self.after_removal: list[tuple[Path, str]] = []  # files written after the removal
        self.refusals: list[str] = []
        first = sign_roster(new_roster("0" * 32, "Wijkteam Rondes", self.leader.member),
                            None, self.leader.id, self.leader.local.signing, self.clock.now())
        self.leader.chain = RosterChain.genesis(first)
        self.leader.publish(lambda p: p.publish_roster(first, None))
        for laptop in self.laptops[1:]:
            self.change_roster(lambda r, m=laptop.member: r.add_member(m))
            self.settle()
            laptop.join(self.leader)
        self.settle()

    # -- helpers -----------------------------------------------------------------------------
    @property
    def members(self) -> list[Laptop]:
        return [laptop for laptop in self.laptops if laptop is not self.removed]

    def change_roster(self, edit) -> None:  # type: ignore[no-untyped-def]
        assert self.leader.chain is not None
        previous = self.leader.chain.current
        signed = sign_roster(edit(previous), previous, self.leader.id,
                             self.leader.local.signing, self.clock.now())
        self.leader.chain, _ = self.leader.chain.consider(signed)
        self.write(self.leader, lambda p: p.publish_roster(signed, previous))

    def write(self, laptop: Laptop, action) -> list:  # type: ignore[no-untyped-def]
        self.clock.advance(minutes=1)
        written = laptop.publish(action)
        written = written if isinstance(written, list) else [written]
        # From the moment a laptop knows the roster that removed a member, nothing it writes
        # is for that member (until its next sync it cannot know: docs/team-sync.md).
        if self.removed is not None and laptop.roster.member(self.removed.id) is None:
            self.after_removal.extend((laptop.folder / laptop.id / w.name, laptop.id)
                                      for w in written)
        return written

    def sync(self, laptop: Laptop) -> None:
        read = laptop.sync()
        self.vaults[laptop.id].absorb(read)
        self.refusals.extend(o.reason for o in read.refused)

    def creator_of(self, household: int) -> str:
        assert self.leader.chain is not None
        creator = self.leader.chain.current.block_owner(block_of(household))
        assert creator is not None
        return creator

    def truth(self, household: int) -> HouseholdDocument | None:
        """What an all-seeing judge keeps: the newest version by a rightful writer."""
        known = [t for _, d in self.published if d.household == household for t in d.pen]
        known += [n.transfer for n in self.notices if n.household == household]
        mine = [(d.version, a, d) for a, d in self.published if d.household == household]
        for version, author, document in sorted(mine, key=lambda x: (x[0], x[1]), reverse=True):
            if judge(author, self.creator_of(household), household, document.pen, version,
                     known) is None:
                return document
        return None

    def holds(self, laptop: Laptop) -> list[HouseholdDocument]:
        """Households this laptop may write now, by its own knowledge."""
        return self.holds_by_view(laptop, laptop)

    def holds_by_view(self, viewer: Laptop, holder: Laptop) -> list[HouseholdDocument]:
        view = self.vaults[viewer.id]
        found = []
        for household in list(view.seen):
            current = view.current(household)
            if current is not None and current.dossierhouder == holder.id:
                found.append(current)
        return found

    def publish(self, laptop: Laptop, document: HouseholdDocument) -> None:
        self.write(laptop, lambda p: p.publish_documents([document]))
        self.published.append((laptop.id, document))
        self.vaults[laptop.id].seen.setdefault(document.household, {})[
            (document.version, laptop.id)] = document
        self.vaults[laptop.id]._learn(document.household, document.pen)

    # -- the moves ---------------------------------------------------------------------------
    def create(self, laptop: Laptop) -> None:
        afgeschermd = self.rng.random() < 0.15
        self.publish(laptop, HouseholdDocument.new(next_row_id(laptop), laptop.id,
                                                   household_body(self.fake, 1),
                                                   afgeschermd=afgeschermd))

    def change(self, laptop: Laptop) -> None:
        held = self.holds(laptop)
        if held:
            self.publish(laptop, self.rng.choice(held).changed(household_body(self.fake, 1)))

    def hand_over(self, laptop: Laptop) -> None:
        held = self.holds(laptop)
        others = [m for m in self.members if m is not laptop]
        if held and others:
            to = self.rng.choice(others)
            self.publish(laptop, self.rng.choice(held).handed_over(to.id, laptop.local.signing))

    def take_over(self) -> None:
        view = self.vaults[self.leader.id]
        candidates = [view.current(h) for h in view.seen]
        candidates = [d for d in candidates if d is not None and d.dossierhouder != self.leader.id
                      and not d.withdrawn]
        if not candidates:
            return
        document = self.rng.choice(candidates)
        to = self.rng.choice([m for m in self.members if m.id != document.dossierhouder])
        self.reassign(document, to)

    def reassign(self, document: HouseholdDocument, to: Laptop) -> None:
        notice = ReassignNotice.make(document, to.id, self.leader.id, self.leader.local.signing,
                                     "Dossierhouder onbereikbaar")
        self.write(self.leader, lambda p: p.publish_reassign(notice))
        self.notices.append(notice)
        self.vaults[self.leader.id]._learn(document.household, [notice.transfer])

    def continue_taken_over(self, laptop: Laptop) -> None:
        """The new dossierhouder writes its first version once it has seen the notice."""
        view = self.vaults[laptop.id]
        for notice in self.notices:
            current = view.current(notice.household)
            if (notice.to_member != laptop.id or current is None
                    or notice.transfer in current.pen
                    or notice.transfer not in view.known.get(notice.household, [])):
                continue
            try:
                taken = current.taken_over(notice, household_body(self.fake, 1),
                                           self.creator_of(notice.household))
            except ValueError:  # an earlier takeover holds instead
                continue
            if judge(laptop.id, self.creator_of(taken.household), taken.household, taken.pen,
                     taken.version, view.known[notice.household]) is None:
                self.publish(laptop, taken)

    def compact(self, laptop: Laptop) -> None:
        view = self.vaults[laptop.id]
        mine = {}
        for author, document in self.published:
            if author == laptop.id:
                newest = mine.get(document.household)
                if newest is None or document.version > newest.version:
                    mine[document.household] = document
        needed = {}
        for household, document in mine.items():
            current = view.current(household)
            # Keep our newest until someone else's newer version is here.
            if current is None or current.version <= document.version:
                needed[household] = document.version
        own = read_own_folder(laptop.folder, laptop.local, laptop.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
        notices = {f.sequence for f in own.files if f.kind == "reassign"}
        plan = plan_compaction(own, needed, laptop.chain, laptop.next_sequence,  # type: ignore[arg-type]
                               keep_notices=notices, max_files=4)
        self.write(laptop, lambda p: compact(p, plan, lambda wanted: [mine[h] for h in wanted]))

    def remove(self, leaving: Laptop) -> None:
        """A colleague leaves: once the teamleider's laptop has everything the colleague wrote,
        each of its households goes to someone else (a takeover), then the roster changes."""
        self.settle()
        for document in self.holds_by_view(self.leader, leaving):
            self.reassign(document, self.rng.choice([m for m in self.members
                                                     if m is not leaving]))
        self.change_roster(lambda r: r.remove_member(leaving.id))
        self.removed = leaving

    def restore_from_backup(self, laptop: Laptop) -> None:
        laptop.next_sequence = max(1, laptop.next_sequence - self.rng.randint(1, 5))
        read = laptop.sync()
        self.vaults[laptop.id].absorb(read)
        own = read_own_folder(laptop.folder, laptop.local, laptop.chain, MAX_FILE_BYTES)  # type: ignore[arg-type]
        laptop.next_sequence = learn_sequence(own, read.acks_for_me, laptop.next_sequence)

    def settle(self) -> None:
        for _ in range(2):
            self.engine.deliver(1.0)
            for laptop in self.laptops:
                if laptop.chain is not None:  # joined
                    self.sync(laptop)

    # -- the checks --------------------------------------------------------------------------
    def check(self) -> None:
        households = {d.household for _, d in self.published}
        for laptop in self.members:
            view = self.vaults[laptop.id].view()
            is_leader = laptop.member.is_teamleider
            for household in households:
                truth = self.truth(household)
                may_see = truth is not None and not truth.withdrawn and (
                    not truth.afgeschermd or is_leader or truth.dossierhouder == laptop.id
                    or (laptop.id, truth) in self.published)
                history = [(a[:4], d.version, d.dossierhouder[:4], d.afgeschermd, len(d.pen))
                           for a, d in self.published if d.household == household]
                if may_see:
                    assert view.get(household) == truth, (laptop.member.name, laptop.id[:4],
                                                          household, history)
                elif truth is not None and truth.afgeschermd and household in view:
                    # Only what it held or wrote itself (the second wave drops it after a
                    # handover of an afgeschermd household).
                    mine = view[household]
                    assert mine.dossierhouder == laptop.id or (laptop.id, mine) in self.published
        assert set(self.refusals) <= EXPECTED_REFUSALS, self.refusals
        if self.removed is not None:
            for path, _author in self.after_removal:
                if path.exists():
                    with pytest.raises(RejectedInput) as error:
                        open_age(path.read_bytes(), [self.removed.local.encryption])
                    assert error.value.reason == reasons.NOT_FOR_US


@pytest.fixture
def seeded_ids(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Member ids from the test's seed, so a failing seed fails the same way."""

    def install(seed: int) -> None:
        ids = random.Random(seed * 7919)
        monkeypatch.setattr("tests.support.team.new_id", lambda: f"{ids.getrandbits(128):032x}")
    return install


@pytest.mark.parametrize("seed", SEEDS)
def test_random_rounds_of_a_four_member_team(tmp_path: Path, seed: int, seeded_ids) -> None:  # type: ignore[no-untyped-def]
    seeded_ids(seed)
    world = World(tmp_path, seed)
    rng = world.rng
    removal_round = rng.randint(ROUNDS // 3, 2 * ROUNDS // 3)
    restore_round = rng.randint(1, ROUNDS - 1)
    for round_number in range(1, ROUNDS + 1):
        laptop = rng.choice(world.members)
        move = rng.random()
        if round_number == removal_round:
            world.sync(world.leader)
            world.remove(rng.choice(world.members[1:]))
        elif round_number == restore_round:
            world.restore_from_backup(laptop)
        elif move < 0.25:
            world.create(laptop)
        elif move < 0.50:
            world.change(laptop)
        elif move < 0.58:
            world.hand_over(laptop)
        elif move < 0.63:
            world.sync(world.leader)
            world.take_over()
        elif move < 0.83:
            world.engine.deliver(rng.choice([0.2, 0.5, 0.8]))
            world.sync(laptop)
            world.continue_taken_over(laptop)
        else:
            world.compact(laptop)
        if round_number % SETTLE_EVERY == 0:
            world.settle()
            for member in world.members:
                world.continue_taken_over(member)
            world.settle()
            world.check()
    assert world.removed is not None and world.notices
    assert len({d.household for _, d in world.published}) >= 10
