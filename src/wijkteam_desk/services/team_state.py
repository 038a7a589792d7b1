"""What the team services share: who we are in the team, our keys, the stored roster chain, and
a household as a document of the team folder (its rows and its audit lines) and back.

The member's keys are the vault's own exchange keys (``keys export`` writes the public halves;
the roster lists them): one key pair per laptop, for VT and for the team alike. The roster names
the key it trusts; after ``keys rotate`` the laptop keeps publishing with the key the roster
lists until a teamleider links the new one (issue 17), and reads with every key it ever had."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..domain.errors import ValidationError
from ..domain.exchange import ExchangeKey
from ..domain.team import HouseholdTeamState, Membership, TeamMember
from ..exchange import EncryptionIdentity, SigningKey
from ..storage.uow import SqlUnitOfWork
from ..team.chain import RosterChain
from ..team.envelope import Audience
from ..team.layout import MAX_SEQUENCE
from ..team.payloads import HouseholdDocument, roster_payload
from ..team.pen import PenTransfer, holder_after, merge
from ..team.roster import Roster, block_of
from ..team.writer import LocalMember, Publisher, Written

MAX_AUDIT_LINES = 100_000  # per household document; far above a real file's history
AUDIT_COLUMNS = ("at", "origin", "hash", "actor", "role", "actor_id", "device", "action",
                 "object_type", "object_id", "result", "detail")
_AUDIT_TEXT = ("at", "origin", "hash", "action", "actor", "device", "object_type", "result")


@dataclass(frozen=True)
class Who:
    """Who acts on this laptop, as the team knows them: the profile's member id, name, role."""

    member_id: str
    name: str
    role: str


WhoSource = Callable[[], Who]


def key_pair(key: ExchangeKey) -> tuple[SigningKey, EncryptionIdentity]:
    """The secret halves of one of the vault's own keys (stored as ``ExchangeService`` writes
    them)."""
    secret = json.loads(key.secret)
    signing = SigningKey(bytes.fromhex(secret["signing_key_id"]),
                         base64.b64decode(secret["signing_seed"]))
    return signing, EncryptionIdentity.from_secret_string(secret["age_identity"])


def own_keys(uow: SqlUnitOfWork) -> list[ExchangeKey]:
    keys = uow.exchange.own_keys()
    if not keys:
        raise ValidationError("no_own_key")
    return keys


def current_key(uow: SqlUnitOfWork) -> tuple[SigningKey, EncryptionIdentity]:
    key = uow.exchange.own_key()
    if key is None:
        raise ValidationError("no_own_key")
    return key_pair(key)


def identities(uow: SqlUnitOfWork) -> list[EncryptionIdentity]:
    """Every age identity this vault ever had: a file may be encrypted to an older one."""
    return [key_pair(k)[1] for k in own_keys(uow) if k.secret]


def local_member(uow: SqlUnitOfWork, member_id: str, roster: Roster) -> LocalMember:
    """Our member with the keys the roster lists for us. ``ValidationError``:
    ``team_not_a_member`` (the roster does not list us), ``team_key_changed`` (the vault no
    longer has the key the roster lists: a teamleider must link the new one)."""
    member = roster.member(member_id)
    if member is None:
        raise ValidationError("team_not_a_member")
    listed = member.key_texts[0]
    for key in own_keys(uow):
        if key.signing_public == listed and key.secret:
            signing, encryption = key_pair(key)
            if encryption.recipient == member.encryption_key:
                return LocalMember(member_id, signing, encryption)
    raise ValidationError("team_key_changed")


def publish_current_roster(uow: SqlUnitOfWork, chain: RosterChain,
                           publisher: Publisher) -> list[Written]:
    """Publish the roster version we signed. When it replaces our own keys (a teamleider's
    key rotation or new laptop), colleagues know only our old key until they have read it, so
    the file that carries it is signed with the old key (the roster itself is signed with it
    too: by the rule of the version before)."""
    me = publisher.me.member_id
    current = chain.current
    previous = chain.roster(current.version - 1)
    before, now = (previous.member(me) if previous else None), current.member(me)
    if before is None or now is None or before.key_texts == now.key_texts:
        return publisher.publish_roster(chain.links[-1], previous)
    old = Publisher(publisher.writer, local_member(uow, me, previous),
                    RosterChain(chain.links[:-1]), publisher.clock, publisher.next_sequence,
                    floor=publisher.floor, acks=publisher.acks)
    written = old.publish("roster", roster_payload(chain.links[-1]), Audience.team(),
                          against=current)
    publisher.next_sequence = old.next_sequence
    return [written]


def load_chain(membership: Membership) -> RosterChain:
    return RosterChain.from_json(json.loads(membership.chain))


def dump_chain(chain: RosterChain) -> str:
    return json.dumps(chain.to_json(), sort_keys=True)


def members_of(chain: RosterChain) -> list[TeamMember]:
    """Every member the chain ever listed, the newest version of each (``current``: still in
    the team)."""
    seen: dict[str, TeamMember] = {}
    current = chain.current.member_ids
    for link in reversed(chain.links):
        for m in link.roster.members:
            if m.member_id not in seen:
                seen[m.member_id] = TeamMember(m.member_id, m.name, m.role, m.fingerprint,
                                               m.id_block or 0, m.member_id in current)
    return sorted(seen.values(), key=lambda m: m.name)


def parse_pen(text: str) -> tuple[PenTransfer, ...]:
    return tuple(PenTransfer.from_json(t) for t in json.loads(text or "[]"))


def dump_pen(pen: Iterable[PenTransfer]) -> str:
    return json.dumps([t.to_json() for t in pen], sort_keys=True)


def creator_of(chain: RosterChain, household_id: int) -> str | None:
    return chain.current.block_owner(block_of(household_id))


def holder(creator: str, pen: tuple[PenTransfer, ...]) -> str:
    """Who holds the pen after every transfer known."""
    return holder_after(creator, pen, MAX_SEQUENCE)


def merged_pen(creator: str, household_id: int,
               *pens: Iterable[PenTransfer]) -> tuple[PenTransfer, ...]:
    return merge(creator, household_id, *pens)


# -- a household as a document ------------------------------------------------------------
def audit_section(uow: SqlUnitOfWork, household_id: int, me: str) -> dict[str, Any]:
    """The household's audit lines for its document: the lines that came with it from earlier
    dossierhouders, and this laptop's own (NEN 7513: who saw or changed it, when, in which
    role, on which laptop). As columns and rows, like the household's tables: a household with
    a long history carries hundreds of lines."""
    lines = {(line["origin"], line["hash"]): line
             for line in uow.team.received_audit_lines(household_id)}
    for line in uow.team.own_audit_lines(household_id):
        lines[(me, line["hash"])] = {**line, "origin": me}
    ordered = sorted(lines.values(), key=lambda line: (line["at"], line["origin"], line["hash"]))
    return {"columns": list(AUDIT_COLUMNS),
            "rows": [[line.get(c, "") for c in AUDIT_COLUMNS] for line in ordered]}


def document_of(uow: SqlUnitOfWork, state: HouseholdTeamState, me: str) -> HouseholdDocument:
    """The household as this laptop now has it, at the state's version."""
    pen = parse_pen(state.pen)
    if state.withdrawn:
        return HouseholdDocument(state.household_id, state.version, state.dossierhouder, pen,
                                 False, True, None)
    body = uow.team.export_household(state.household_id)
    body["audit"] = audit_section(uow, state.household_id, me)
    return HouseholdDocument(state.household_id, state.version, state.dossierhouder, pen,
                             state.afgeschermd, False, body)


def withdrawn_document(state: HouseholdTeamState) -> HouseholdDocument:
    """The version that tells the whole team to drop its copy of a household that became
    afgeschermd (``state.withdraw_pending``)."""
    return HouseholdDocument(state.household_id, state.withdraw_pending, state.dossierhouder,
                             parse_pen(state.pen), False, True, None)


def received_lines(body: dict[str, Any], me: str) -> list[dict[str, Any]]:
    """The document's audit lines written on other laptops than ours (ours are in our own
    chain). ``ValidationError(document_malformed)`` for anything but audit lines."""
    section = body.get("audit", {"columns": list(AUDIT_COLUMNS), "rows": []})
    if not isinstance(section, dict) or section.get("columns") != list(AUDIT_COLUMNS) or \
            not isinstance(section.get("rows"), list) or len(section["rows"]) > MAX_AUDIT_LINES:
        raise ValidationError("document_malformed", table="audit")
    lines = []
    for row in section["rows"]:
        if not isinstance(row, list) or len(row) != len(AUDIT_COLUMNS):
            raise ValidationError("document_malformed", table="audit")
        line = dict(zip(AUDIT_COLUMNS, row, strict=True))
        if not all(isinstance(line[k], str) for k in _AUDIT_TEXT) or \
                len(line["hash"]) > 64 or len(line["origin"]) > 64:
            raise ValidationError("document_malformed", table="audit")
        if line["origin"] != me:
            lines.append(line)
    return lines
