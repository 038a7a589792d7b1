"""Members and the roster: who is in the team, in which role, with which public keys.

A **member** is a person (the professional's profile: member id, name, role) with the public keys
of the vault on their laptop (``keys export``: a minisign signing key and an age recipient).
The **roster** lists the team's members. It is versioned (1, 2, …); every version names the hash
of the one before and is signed by a teamleider *of the version before* (version 1 by its creator,
who is its teamleider). Every change is a new version: adding or removing a member, changing a
role, linking new keys to a member (a new laptop, a rotated key), renaming the team. Keys a member
no longer uses are *revoked* for good: the roster keeps them listed with the member they belonged
to, so a file signed with a lost laptop's key is refused for ever, while a handover that member
signed long ago can still be checked by a laptop that joined later. ``chain.py`` verifies a
sequence of signed rosters.

Pure: no files, no clock of its own. Building a change that breaks a rule raises
``ValidationError`` with a code the CLI and UI map to Dutch text; reading a roster that breaks one
raises ``RejectedInput`` with a ``team.reasons`` code."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.encryption import parse_recipient
from wijkteam_desk.exchange.minisign import SigningPublicKey
from wijkteam_desk.team import reasons
from wijkteam_desk.team.layout import is_valid_id

ROSTER_FORMAT = "wijkteam-desk/roster"
FORMAT_VERSION = 1
TEAMLEIDER = "teamleider"
MAX_MEMBERS = 200
MAX_TEXT = 100
MAX_ROLE = 40
MAX_REVOKED = 2000
# Row ids are unique in the whole team: every member numbers new rows in its own *id block*
# (``storage/ids.py``: ids ``block << ID_BLOCK_BITS`` up to the next block), given here by the
# roster and never given twice. A household's id thus also says who created it (``block_of``).
ID_BLOCK_BITS = 40  # the same as storage/ids.py BLOCK_BITS (a test keeps them alike)
# Ids travel in canonical JSON, whose integers have at most 15 digits: blocks up to 908 fit.
MAX_ID_BLOCK = (10**15 >> ID_BLOCK_BITS) - 1


def block_of(row_id: int) -> int:
    return row_id >> ID_BLOCK_BITS


def is_row_id(value: object) -> bool:
    return type(value) is int and 0 < value < 10**15
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the clock must return timezone-aware datetimes")
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def is_timestamp(text: object) -> bool:
    if not isinstance(text, str) or len(text) != 20:
        return False
    try:
        datetime.strptime(text, TIMESTAMP_FORMAT)
    except ValueError:
        return False
    return True


def signing_key_text(key: SigningPublicKey) -> str:
    """The base64 line of a minisign public-key file (``RWQ…``): how the roster spells a key."""
    return base64.b64encode(b"Ed" + key.key_id + key.public).decode("ascii")


def clean_text(value: object, limit: int = MAX_TEXT) -> str | None:
    """A one-line display text (name, team name), or ``None`` when it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not 1 <= len(text) <= limit or text != value:
        return None
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in text):
        return None
    return text


def is_role(value: object) -> bool:
    # Roles come from the profile's fixed list (consulent, teamleider, …); the team layer only
    # needs to know which one is ``teamleider``, so any lower-case word is accepted here.
    return (
        isinstance(value, str)
        and 2 <= len(value) <= MAX_ROLE
        and value[0].isalpha()
        and all(c.isascii() and (c.islower() or c in "-_") for c in value)
    )


@dataclass(frozen=True)
class Member:
    member_id: str
    name: str
    role: str
    signing_key: SigningPublicKey
    encryption_key: str  # age1…
    id_block: int | None = None  # given by the roster (a join request has none yet)

    @property
    def is_teamleider(self) -> bool:
        return self.role == TEAMLEIDER

    @property
    def fingerprint(self) -> str:
        return self.signing_key.fingerprint()

    @property
    def key_texts(self) -> tuple[str, str]:
        return signing_key_text(self.signing_key), self.encryption_key

    def problems(self) -> list[str]:
        found = []
        if not is_valid_id(self.member_id):
            found.append("member_id")
        if clean_text(self.name) is None:
            found.append("name")
        if not is_role(self.role):
            found.append("role")
        try:
            parse_recipient(self.encryption_key)
        except RejectedInput:
            found.append("encryption_key")
        if self.id_block is not None and not (
            type(self.id_block) is int and 0 <= self.id_block <= MAX_ID_BLOCK
        ):
            found.append("id_block")
        return found

    def to_json(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "encryption_key": self.encryption_key,
            "member": self.member_id,
            "name": self.name,
            "role": self.role,
            "signing_key": signing_key_text(self.signing_key),
        }
        if self.id_block is not None:
            value["id_block"] = self.id_block
        return value

    @classmethod
    def from_json(cls, value: object) -> Member:
        """Raises ``ValueError`` on anything but a well-formed member object."""
        texts = {"encryption_key", "member", "name", "role", "signing_key"}
        if not isinstance(value, dict) or set(value) - {"id_block"} != texts:
            raise ValueError("member fields")
        if not all(isinstance(value[k], str) for k in texts):
            raise ValueError("member field types")
        try:
            signing = SigningPublicKey.from_base64(value["signing_key"])
        except RejectedInput:
            raise ValueError("signing key") from None
        member = cls(value["member"], value["name"], value["role"], signing,
                     value["encryption_key"], value.get("id_block"))
        if member.problems() or signing_key_text(signing) != value["signing_key"]:
            raise ValueError(f"member: {member.problems()}")
        return member


@dataclass(frozen=True)
class Roster:
    """One version of the team's roster. ``signer`` is the member id of the teamleider (of the
    previous version) who signs it; empty in a draft that is not signed yet."""

    team_id: str
    team_name: str
    version: int
    previous: str | None  # SHA-256 (hex) of the previous version's canonical bytes
    members: tuple[Member, ...]  # sorted by member id
    # Keys never to be accepted again for anything new, with their member: (key text, member id).
    revoked: tuple[tuple[str, str], ...] = ()
    # Id blocks of members who left, with their member: (block, member id). Never given again,
    # and they still say who created a household.
    retired_blocks: tuple[tuple[int, str], ...] = ()
    signer: str = ""
    created_at: str = ""

    # -- reading ---------------------------------------------------------------------------
    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.member_id == member_id), None)

    def member_by_key_id(self, key_id: bytes) -> Member | None:
        return next((m for m in self.members if m.signing_key.key_id == key_id), None)

    @property
    def member_ids(self) -> frozenset[str]:
        return frozenset(m.member_id for m in self.members)

    @property
    def teamleiders(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.is_teamleider)

    @property
    def teamleider_ids(self) -> frozenset[str]:
        return frozenset(m.member_id for m in self.teamleiders)

    def block_owner(self, block: int) -> str | None:
        """The member whose id block this is (or was)."""
        for member in self.members:
            if member.id_block == block:
                return member.member_id
        return next((m for b, m in self.retired_blocks if b == block), None)

    def next_block(self) -> int:
        used = [m.id_block for m in self.members if m.id_block is not None]
        used += [b for b, _ in self.retired_blocks]
        return max(used, default=-1) + 1

    @property
    def revoked_keys(self) -> frozenset[str]:
        return frozenset(text for text, _ in self.revoked)

    def revoked_signing_keys(self) -> dict[bytes, tuple[SigningPublicKey, str]]:
        """Key id → (revoked signing key, the member it belonged to)."""
        found = {}
        for text, member in self.revoked:
            if not text.startswith("age1"):
                key = SigningPublicKey.from_base64(text)
                found[key.key_id] = (key, member)
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at,
            "format": ROSTER_FORMAT,
            "format_version": FORMAT_VERSION,
            "members": [m.to_json() for m in self.members],
            "previous": self.previous,
            "retired_blocks": [{"block": b, "member": m} for b, m in self.retired_blocks],
            "revoked": [{"key": text, "member": member} for text, member in self.revoked],
            "signer": self.signer,
            "team": {"id": self.team_id, "name": self.team_name},
            "version": self.version,
        }

    def to_bytes(self) -> bytes:
        return canonical_dumps(self.to_json())

    def digest(self) -> str:
        return hashlib.sha256(self.to_bytes()).hexdigest()

    @classmethod
    def from_json(cls, value: object) -> Roster:
        """Strict reading; ``RejectedInput(roster_invalid)`` for anything malformed."""
        try:
            return cls._from_json(value)
        except (ValueError, TypeError, KeyError) as exc:
            raise RejectedInput(reasons.ROSTER_INVALID, f"roster: {exc}") from None

    @classmethod
    def _from_json(cls, value: object) -> Roster:
        keys = {"created_at", "format", "format_version", "members", "previous",
                "retired_blocks", "revoked", "signer", "team", "version"}
        if not isinstance(value, dict) or set(value) != keys:
            raise ValueError("fields")
        if value["format"] != ROSTER_FORMAT or value["format_version"] != FORMAT_VERSION:
            raise ValueError("format")
        team = value["team"]
        if not isinstance(team, dict) or set(team) != {"id", "name"}:
            raise ValueError("team")
        version = value["version"]
        if type(version) is not int or version < 1:
            raise ValueError("version")
        previous = value["previous"]
        if not (previous is None or (isinstance(previous, str) and _is_hex64(previous))):
            raise ValueError("previous")
        members, revoked, retired = value["members"], value["revoked"], value["retired_blocks"]
        if not isinstance(members, list) or not isinstance(revoked, list) or not isinstance(
            retired, list
        ):
            raise ValueError("lists")
        if len(retired) > MAX_REVOKED or not all(
            isinstance(r, dict) and set(r) == {"block", "member"} and type(r["block"]) is int
            and is_valid_id(r["member"]) for r in retired
        ):
            raise ValueError("retired blocks")
        if len(members) > MAX_MEMBERS or len(revoked) > MAX_REVOKED:
            raise ValueError("too many entries")
        if not all(isinstance(r, dict) and set(r) == {"key", "member"}
                   and isinstance(r["key"], str) and is_valid_id(r["member"]) for r in revoked):
            raise ValueError("revoked")
        roster = cls(
            team_id=team["id"],
            team_name=team["name"],
            version=version,
            previous=previous,
            members=tuple(Member.from_json(m) for m in members),
            revoked=tuple((r["key"], r["member"]) for r in revoked),
            retired_blocks=tuple((r["block"], r["member"]) for r in retired),
            signer=value["signer"],
            created_at=value["created_at"],
        )
        problems = roster.problems()
        if problems:
            raise ValueError(", ".join(problems))
        if [m.to_json() for m in roster.members] != members:
            raise ValueError("members not sorted")
        return roster

    def problems(self) -> list[str]:
        """Every rule a single roster version must meet (``[]`` when it meets them all)."""
        found: list[str] = []
        if not is_valid_id(self.team_id):
            found.append("team id")
        if clean_text(self.team_name) is None:
            found.append("team name")
        if (self.version == 1) != (self.previous is None):
            found.append("previous")
        if not is_timestamp(self.created_at):
            found.append("created_at")
        if not self.members or len(self.members) > MAX_MEMBERS:
            found.append("member count")
        for member in self.members:
            found.extend(f"{member.member_id[:8]}: {p}" for p in member.problems())
        ids = [m.member_id for m in self.members]
        if ids != sorted(set(ids)):
            found.append("member ids not unique and sorted")
        keys = [text for m in self.members for text in m.key_texts]
        if len(set(keys)) != len(keys):
            found.append("a key is used twice")
        texts = [text for text, _ in self.revoked]
        if list(self.revoked) != sorted(set(self.revoked)) or len(set(texts)) != len(texts):
            found.append("revoked not unique and sorted")
        if set(keys) & set(texts):
            found.append("a member uses a revoked key")
        for text in texts:
            if not _is_key_text(text):
                found.append("revoked entry is not a key")
                break
        blocks = [m.id_block for m in self.members] + [b for b, _ in self.retired_blocks]
        if None in blocks or len(set(blocks)) != len(blocks):
            found.append("id blocks missing or given twice")
        elif not all(0 <= b <= MAX_ID_BLOCK for b in blocks):  # type: ignore[operator]
            found.append("id block out of range")
        if list(self.retired_blocks) != sorted(set(self.retired_blocks)):
            found.append("retired blocks not unique and sorted")
        if not self.teamleiders:
            found.append("no teamleider")
        signer = self.member(self.signer) if self.version == 1 else None
        if self.version == 1 and (signer is None or not signer.is_teamleider):
            found.append("version 1 is signed by its teamleider")
        if not is_valid_id(self.signer):
            found.append("signer")
        return found

    # -- changing: each returns the unsigned next version ----------------------------------
    def _next(self, members: Iterable[Member], revoke: Iterable[tuple[str, str]] = (),
              team_name: str | None = None,
              retire: Iterable[tuple[int, str]] = ()) -> Roster:
        ordered = tuple(sorted(members, key=lambda m: m.member_id))
        if not any(m.is_teamleider for m in ordered):
            raise ValidationError("last_teamleider")
        if len(ordered) > MAX_MEMBERS:
            raise ValidationError("roster_full", limit=MAX_MEMBERS)
        revoked = tuple(sorted(set(self.revoked) | set(revoke)))
        retired = tuple(sorted(set(self.retired_blocks) | set(retire)))
        return Roster(self.team_id, team_name or self.team_name, self.version + 1,
                      self.digest(), ordered, revoked, retired)

    def _require(self, member_id: str) -> Member:
        member = self.member(member_id)
        if member is None:
            raise ValidationError("unknown_member", member=member_id)
        return member

    def add_member(self, member: Member) -> Roster:
        """``ValidationError``: ``invalid_member``, ``member_exists``, ``key_in_use``,
        ``key_revoked``."""
        if member.problems():
            raise ValidationError("invalid_member", problems=member.problems())
        if self.member(member.member_id) is not None or any(
            m == member.member_id for _, m in self.retired_blocks
        ):
            raise ValidationError("member_exists", member=member.member_id)
        self._check_new_keys(member.key_texts)
        block = self.next_block()
        if block > MAX_ID_BLOCK:
            raise ValidationError("roster_full", limit=MAX_ID_BLOCK + 1)
        return self._next([*self.members, dataclasses.replace(member, id_block=block)])

    def remove_member(self, member_id: str) -> Roster:
        """The member's keys are revoked. ``last_teamleider`` when no teamleider would be left:
        a teamleider leaves only after appointing another."""
        member = self._require(member_id)
        rest = [m for m in self.members if m.member_id != member_id]
        if not rest:
            raise ValidationError("last_member")
        assert member.id_block is not None
        return self._next(rest, revoke=[(text, member_id) for text in member.key_texts],
                          retire=[(member.id_block, member_id)])

    def update_member(self, member_id: str, *, name: str | None = None,
                      role: str | None = None) -> Roster:
        """A new name or role (the profile changed, a second teamleider appointed, a teamleider
        stepping down: ``last_teamleider`` if none would be left)."""
        member = self._require(member_id)
        changed = dataclasses.replace(member, name=name or member.name, role=role or member.role)
        if changed.problems():
            raise ValidationError("invalid_member", problems=changed.problems())
        return self._next(changed if m.member_id == member_id else m for m in self.members)

    def replace_keys(self, member_id: str, signing_key: SigningPublicKey,
                     encryption_key: str) -> Roster:
        """Link new keys to the same member (a new laptop, a rotated key); the old ones are
        revoked. The member keeps id, name, role and households."""
        member = self._require(member_id)
        changed = dataclasses.replace(member, signing_key=signing_key,
                                      encryption_key=encryption_key)
        if changed.problems():
            raise ValidationError("invalid_member", problems=changed.problems())
        self._check_new_keys(changed.key_texts)
        return self._next((changed if m.member_id == member_id else m for m in self.members),
                          revoke=[(text, member_id) for text in member.key_texts])

    def rename_team(self, name: str) -> Roster:
        if clean_text(name) is None:
            raise ValidationError("invalid_team_name")
        return self._next(self.members, team_name=name)

    def _check_new_keys(self, key_texts: Iterable[str]) -> None:
        in_use = {text for m in self.members for text in m.key_texts}
        for text in key_texts:
            if text in self.revoked_keys:
                raise ValidationError("key_revoked")
            if text in in_use:
                raise ValidationError("key_in_use")


def _is_hex64(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _is_key_text(text: str) -> bool:
    try:
        if text.startswith("age1"):
            parse_recipient(text)
        else:
            SigningPublicKey.from_base64(text)
    except RejectedInput:
        return False
    return True


def new_roster(team_id: str, team_name: str, creator: Member) -> Roster:
    """Version 1: the creator alone, as teamleider. Sign it with ``sign_roster(…, None, …)``."""
    # The first teamleider keeps block 0: where a vault's ids already are (storage/ids.py).
    creator = dataclasses.replace(creator, role=TEAMLEIDER, id_block=0)
    if creator.problems():
        raise ValidationError("invalid_member", problems=creator.problems())
    if not is_valid_id(team_id) or clean_text(team_name) is None:
        raise ValidationError("invalid_team_name")
    return Roster(team_id, team_name, 1, None, (creator,))


def successor_problems(previous: Roster, roster: Roster) -> list[str]:
    """The rules that link a version to the one before (signature and signer role apart)."""
    found = []
    if roster.team_id != previous.team_id:
        found.append("another team")
    if roster.version != previous.version + 1 or roster.previous != previous.digest():
        found.append("does not follow the previous version")
    if not set(previous.revoked) <= set(roster.revoked):
        found.append("a revoked key was reinstated")
    if not set(previous.retired_blocks) <= set(roster.retired_blocks):
        found.append("a retired id block was given again")
    for member in roster.members:
        before = previous.member(member.member_id)
        if before is not None and before.id_block != member.id_block:
            found.append("a member's id block changed")
        if before is None and member.id_block is not None and (
            previous.block_owner(member.id_block) is not None
        ):
            found.append("a new member got a block already given")
    gone = {(m.id_block, m.member_id) for m in previous.members
            if roster.member(m.member_id) is None}
    if not gone <= set(roster.retired_blocks):
        found.append("a member left without retiring its id block")
    still_used = {text for m in roster.members for text in m.key_texts}
    dropped = {(text, m.member_id) for m in previous.members for text in m.key_texts
               if text not in still_used}
    if not dropped <= set(roster.revoked):
        found.append("a key was dropped without being revoked (with its member)")
    return found
