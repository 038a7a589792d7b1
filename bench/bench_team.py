"""The team folder of a team of 15 laptops (DESIGN.md, issue 16), the folder layer alone.

- *300 wijzigingen inlezen*: a day's changes, 300 households from 14 colleagues, one file per
  change as each laptop publishes shortly after a change; the 15th laptop reads the folder with
  every check (``read_folder``). Baseline: decrypting and verifying the same files alone (age,
  tar, minisign over the manifest, payload hash) — what the issue's "applying ≤ 3× decrypt and
  verify" compares with; the second wave's apply adds the database on top of this.
- *één wijziging publiceren*: one household's document signed, encrypted to 15 and written
  durably. Target ≤ 100 ms. Baseline: signing and encrypting the same file, no disk.
- *nieuwe laptop haalt 5.000 gezinnen in*: a new laptop reads every compacted subfolder with
  5,000 households. Target (for the whole catch-up, apply included) ≤ 60 s.
- *bytes per gezin in de map*: folder bytes per household after compaction, against the
  household document's own JSON.

Household documents are synthetic (Faker nl_NL) and sized like a file with ~50 journal entries;
a pool of bodies is reused under different ids, which changes nothing for sizes or timings."""

from __future__ import annotations

import hashlib
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from faker import Faker

from bench.common import median_ms, result
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.exchange.minisign import SigningKey
from wijkteam_desk.team import layout
from wijkteam_desk.team.chain import RosterChain, sign_roster
from wijkteam_desk.team.envelope import (
    Audience,
    Manifest,
    open_age,
    read_signature,
    seal,
    sha256_hex,
    stanza_count,
    unpack,
)
from wijkteam_desk.team.ledger import Ledger
from wijkteam_desk.team.payloads import HouseholdDocument, bundle_payload
from wijkteam_desk.team.reader import read_folder
from wijkteam_desk.team.roster import ID_BLOCK_BITS, Member, new_roster
from wijkteam_desk.team.writer import FolderWriter, LocalMember, Publisher

MEMBERS = 15
DAY_CHANGES = 300
HOUSEHOLDS = 5000
NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def _bodies(count: int) -> list[dict[str, Any]]:
    fake = Faker("nl_NL")
    fake.seed_instance(16)
    return [{
        "naam": fake.last_name(),
        "adres": fake.street_address(),
        "personen": [{"naam": fake.name(), "geboren": fake.date()} for _ in range(4)],
        "journaal": [{"datum": fake.date(), "soort": "huisbezoek",
                      "tekst": fake.paragraph(nb_sentences=3)} for _ in range(50)],
        "plan": [fake.sentence(nb_words=14) for _ in range(8)],
    } for _ in range(count)]


def _team(folder: Path) -> tuple[list[LocalMember], RosterChain]:
    laptops = [LocalMember(layout.new_id(), SigningKey.generate(),
                           EncryptionIdentity.generate()) for _ in range(MEMBERS)]
    members = [Member(m.member_id, f"Collega {i}", "teamleider" if i == 0 else "consulent",
                      m.signing.public_key, m.encryption.recipient)
               for i, m in enumerate(laptops)]
    leader = laptops[0]
    signed = sign_roster(new_roster(layout.new_id(), "Benchteam", members[0]), None,
                         leader.member_id, leader.signing, NOW)
    chain = RosterChain.genesis(signed)
    for member in members[1:]:
        previous = chain.current
        signed = sign_roster(previous.add_member(member), previous, leader.member_id,
                             leader.signing, NOW)
        chain, _ = chain.consider(signed)
    Publisher(FolderWriter(folder, leader.member_id), leader, chain, clock, 1).publish_roster(
        signed, None)
    return laptops, chain


def _row(chain: RosterChain, laptop: LocalMember, n: int) -> int:
    """Row id ``n`` of the laptop's id block (as storage/ids.py gives them)."""
    member = chain.current.member(laptop.member_id)
    assert member is not None and member.id_block is not None
    return (member.id_block << ID_BLOCK_BITS) + n + 1


def _decrypt_and_verify(folder: Path, reader: LocalMember, chain: RosterChain) -> int:
    """The baseline: open every file and check its signature and payload hash, nothing more."""
    keys = {m.signing_key.key_id: m.signing_key for m in chain.current.members}
    count = 0
    for path in sorted(folder.glob("*/*-bundle.wteam")):
        parts = unpack(open_age(path.read_bytes(), [reader.encryption]))
        signature = read_signature(parts)
        keys[signature.key_id].verify(parts.manifest, signature)
        assert hashlib.sha256(parts.payload).hexdigest() in parts.manifest.decode()
        count += 1
    return count


def _read(folder: Path, reader: LocalMember, chain: RosterChain, expect: int) -> None:
    read = read_folder(folder, reader.member_id, [reader.encryption], chain, Ledger())
    documents = sum(len(f.documents) for f in read.accepted)
    assert documents == expect and not read.refused, (documents, read.refused[:3])


def _day(bodies: list[dict[str, Any]]) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        laptops, chain = _team(folder)
        for i in range(DAY_CHANGES):
            author = laptops[1 + i % (MEMBERS - 1)]
            publisher = Publisher(FolderWriter(folder, author.member_id), author, chain, clock,
                                  1000 + i)
            document = HouseholdDocument.new(_row(chain, author, i), author.member_id,
                                             bodies[i % len(bodies)])
            publisher.publish_documents([document])
        reader = laptops[0]
        assert _decrypt_and_verify(folder, reader, chain) == DAY_CHANGES
        value = median_ms(lambda: _read(folder, reader, chain, DAY_CHANGES), runs=5, warmup=1)
        baseline = median_ms(lambda: _decrypt_and_verify(folder, reader, chain), runs=5,
                             warmup=1)
        publisher = Publisher(FolderWriter(folder, laptops[1].member_id), laptops[1], chain,
                              clock, 100_000)
        one = HouseholdDocument.new(_row(chain, laptops[1], 10**6), laptops[1].member_id,
                                    bodies[0])
        publish = median_ms(lambda: publisher.publish_documents([one]), runs=15, warmup=2)
        payload = bundle_payload([one])
        roster = chain.current
        recipients = sorted(roster.member_ids)
        keys = [roster.member(r).encryption_key for r in recipients]  # type: ignore[union-attr]

        def seal_only() -> None:
            manifest = Manifest(roster.team_id, "bundle", laptops[1].member_id,
                                laptops[1].signing.public_key.key_id_hex, 1, 1, roster.version,
                                roster.digest(), Audience.team(), tuple(recipients),
                                "2026-11-22T10:00:00Z", sha256_hex(payload))
            seal(manifest, payload, laptops[1].signing, keys,
                 stanza_count(roster, len(keys)), NOW)

        sealing = median_ms(seal_only, runs=15, warmup=2)
    return [
        result(f"team (15): {DAY_CHANGES} wijzigingen inlezen", value, baseline,
               "≤ 3× ontsleutelen en controleren", "dezelfde bestanden alleen ontsleutelen en "
               "handtekening controleren", value <= 3 * baseline),
        result("team (15): één wijziging publiceren", publish, sealing, "≤ 100 ms",
               "hetzelfde bestand alleen ondertekenen en versleutelen", publish <= 100),
    ]


def _catch_up(bodies: list[dict[str, Any]]) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        laptops, chain = _team(folder)
        per_author: dict[str, list[HouseholdDocument]] = {}
        for i in range(HOUSEHOLDS):
            author = laptops[i % MEMBERS]
            per_author.setdefault(author.member_id, []).append(HouseholdDocument.new(
                _row(chain, author, i), author.member_id, bodies[i % len(bodies)]))
        for author in laptops:
            Publisher(FolderWriter(folder, author.member_id), author, chain, clock,
                      10).publish_documents(per_author[author.member_id])
        newcomer = laptops[-1]
        start = time.perf_counter()
        _read(folder, newcomer, chain, HOUSEHOLDS - len(per_author[newcomer.member_id]))
        value = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        _decrypt_and_verify(folder, newcomer, chain)
        baseline = (time.perf_counter() - start) * 1000
        size = sum(p.stat().st_size for p in folder.glob("*/*-bundle.wteam"))
        plain = sum(len(canonical_dumps(d.to_json())) for docs in per_author.values()
                    for d in docs)
    per_household = {**result("team (15): bytes per gezin in de map", size / HOUSEHOLDS,
                              plain / HOUSEHOLDS, "gerapporteerd",
                              "het gezinsdocument zelf (JSON)", None), "unit": "B"}
    per_household["value_ms"] = round(size / HOUSEHOLDS)
    per_household["baseline_ms"] = round(plain / HOUSEHOLDS)
    return [
        result(f"team (15): nieuwe laptop leest {HOUSEHOLDS} gezinnen in", value, baseline,
               "≤ 60 s (met toepassen)", "dezelfde bestanden alleen ontsleutelen en "
               "handtekening controleren", value <= 60_000),
        per_household,
    ]


def run() -> list[dict[str, object]]:
    bodies = _bodies(60)
    return [*_day(bodies), *_catch_up(bodies)]
