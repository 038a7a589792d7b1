"""Signed rosters, the chain of roster versions a laptop trusts, and how a new version earns
that trust.

A **signed roster** is a roster version with a minisign signature over its canonical bytes by
the teamleider named as its ``signer`` — independent of the file that carries it, so any member
can republish a version (``Publisher.republish_roster``).

A laptop trusts a roster through a **trust anchor**: the fingerprint of a teamleider's signing
key, compared by phone or in person when joining (``team join --leader FINGERPRINT``). The first
roster it accepts is one that key signed while being a teamleider in it; from there every next
version must be signed by a teamleider of the version before and name that version's hash.

Refused, each with its own code: a roster signed by a member who is not a teamleider
(``roster_not_teamleider``), by a key that is not the signer's (``bad_signature``), an older
version offered as current (``roster_outdated``), a second, different roster with a version
number already taken (``roster_fork``), a version that skips one (``roster_gap``, tried again
later), and a version that breaks a rule (``roster_invalid``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange.minisign import MinisignSignature, Signer, SigningPublicKey, sign
from wijkteam_desk.team import reasons
from wijkteam_desk.team.roster import Member, Roster, successor_problems, timestamp


@dataclass(frozen=True)
class SignedRoster:
    roster: Roster
    signature: MinisignSignature

    def to_json(self) -> dict[str, Any]:
        return {"roster": self.roster.to_json(), "signature": self.signature.file_text()}

    @classmethod
    def from_json(cls, value: object) -> SignedRoster:
        if not isinstance(value, dict) or set(value) != {"roster", "signature"}:
            raise RejectedInput(reasons.ROSTER_INVALID, "signed roster fields")
        text = value["signature"]
        if not isinstance(text, str):
            raise RejectedInput(reasons.ROSTER_INVALID, "signature is not text")
        try:
            signature = MinisignSignature.from_file_bytes(text.encode("utf-8"))
        except RejectedInput:
            raise RejectedInput(reasons.MALFORMED_SIGNATURE, "roster signature") from None
        return cls(Roster.from_json(value["roster"]), signature)

    def verify_with(self, key: SigningPublicKey) -> None:
        """``RejectedInput(bad_signature)`` unless ``key`` signed exactly this roster."""
        try:
            key.verify(self.roster.to_bytes(), self.signature)
        except RejectedInput:
            raise RejectedInput(reasons.BAD_SIGNATURE, "roster signature") from None


def sign_roster(draft: Roster, previous: Roster | None, signer_id: str, key: Signer,
                now: datetime) -> SignedRoster:
    """Sign ``draft`` as ``signer_id``, who must be a teamleider of ``previous`` (for version 1:
    of ``draft`` itself) holding ``key``. ``ValidationError``: ``not_teamleider``, ``wrong_key``,
    ``invalid_roster``."""
    authority = previous if previous is not None else draft
    signer = authority.member(signer_id)
    if signer is None or not signer.is_teamleider:
        raise ValidationError("not_teamleider")
    if signer.signing_key != key.public_key:
        raise ValidationError("wrong_key")
    roster = dataclasses.replace(draft, signer=signer_id, created_at=timestamp(now))
    problems = roster.problems()
    if previous is not None:
        problems += successor_problems(previous, roster)
    if problems:
        raise ValidationError("invalid_roster", problems=problems)
    comment = f"wijkteam-desk roster team:{roster.team_id} version:{roster.version}"
    return SignedRoster(roster, sign(key, roster.to_bytes(), comment))


KNOWN = "known"
EXTENDED = "extended"


def _normalise(fingerprint: str) -> str:
    return "".join(fingerprint.split()).upper()


@dataclass(frozen=True)
class KeyOwner:
    """Who a signing key id belongs to, as far as this chain knows."""

    status: str  # "current", "removed", "revoked" or "unknown"
    member: Member | None = None


class RosterChain:
    """Verified roster versions ``start … current`` without gaps (immutable; ``consider``
    returns a longer chain)."""

    def __init__(self, links: tuple[SignedRoster, ...]) -> None:
        if not links:
            raise ValueError("a chain holds at least one roster")
        self._links = links
        self._digests = tuple(link.roster.digest() for link in links)

    # -- starting a chain -----------------------------------------------------------------
    @classmethod
    def genesis(cls, signed: SignedRoster) -> RosterChain:
        """The team's creator starts from version 1, which it signed itself."""
        roster = signed.roster
        if roster.version != 1 or roster.problems():
            raise RejectedInput(reasons.ROSTER_INVALID, "not a valid first roster")
        signer = roster.member(roster.signer)
        if signer is None or not signer.is_teamleider:
            raise RejectedInput(reasons.ROSTER_NOT_TEAMLEIDER, "first roster signer")
        signed.verify_with(signer.signing_key)
        return cls((signed,))

    @classmethod
    def from_anchor(cls, signed: SignedRoster, anchor_fingerprint: str) -> RosterChain:
        """Start from ``signed`` when the key with ``anchor_fingerprint`` signed it and is a
        teamleider in it. ``RejectedInput``: ``unknown_key`` (the anchor is not its signer),
        ``roster_not_teamleider``, ``bad_signature``, ``roster_invalid``."""
        roster = signed.roster
        if roster.problems():
            raise RejectedInput(reasons.ROSTER_INVALID, "roster breaks a rule")
        anchor = _normalise(anchor_fingerprint)
        signer = roster.member_by_key_id(signed.signature.key_id)
        if signer is None or _normalise(signer.fingerprint) != anchor:
            raise RejectedInput(reasons.UNKNOWN_KEY, "not signed by the trusted teamleider")
        if not signer.is_teamleider or signer.member_id != roster.signer:
            raise RejectedInput(reasons.ROSTER_NOT_TEAMLEIDER, "anchor is no teamleider here")
        signed.verify_with(signer.signing_key)
        return cls((signed,))

    @classmethod
    def join(cls, candidates: Iterable[SignedRoster], anchor_fingerprint: str) -> RosterChain:
        """The longest chain that starts at a roster the anchor signed, among ``candidates``
        (what a joining laptop could decrypt in the folder). ``RejectedInput``: ``roster_fork``
        when two different rosters verify for one version; ``unknown_key`` when the anchor
        signed none of them."""
        pool = sorted(candidates, key=lambda s: s.roster.version)
        best: RosterChain | None = None
        for start in pool:
            try:
                chain = cls.from_anchor(start, anchor_fingerprint)
            except RejectedInput:
                continue
            chain = chain.extend_from(pool)
            if best is None or chain.current.version > best.current.version:
                best = chain
        if best is None:
            raise RejectedInput(reasons.UNKNOWN_KEY, "no roster signed by the trusted teamleider")
        return best

    def extend_from(self, pool: Iterable[SignedRoster]) -> RosterChain:
        """Follow every next version in ``pool``; ``roster_fork`` if two verify for one."""
        by_version: dict[int, dict[str, SignedRoster]] = {}
        for signed in pool:
            by_version.setdefault(signed.roster.version, {})[signed.roster.digest()] = signed
        chain = self
        while True:
            verified = []
            for signed in by_version.get(chain.current.version + 1, {}).values():
                try:
                    verified.append(chain.consider(signed)[0])
                except RejectedInput:
                    continue
            if len(verified) > 1:
                raise RejectedInput(reasons.ROSTER_FORK, "two rosters for one version")
            if not verified:
                return chain
            chain = verified[0]

    # -- reading ----------------------------------------------------------------------------
    @property
    def current(self) -> Roster:
        return self._links[-1].roster

    @property
    def start_version(self) -> int:
        return self._links[0].roster.version

    @property
    def links(self) -> tuple[SignedRoster, ...]:
        return self._links

    @property
    def team_id(self) -> str:
        return self.current.team_id

    def roster(self, version: int) -> Roster | None:
        index = version - self.start_version
        return self._links[index].roster if 0 <= index < len(self._links) else None

    def digest(self, version: int) -> str | None:
        index = version - self.start_version
        return self._digests[index] if 0 <= index < len(self._digests) else None

    def key_owner(self, key_id: bytes) -> KeyOwner:
        """Whether a signing key id is a current member's, a revoked one, a key of someone no
        longer in the team, or unknown."""
        current = self.current
        member = current.member_by_key_id(key_id)
        if member is not None:
            return KeyOwner("current", member)
        revoked = current.revoked_signing_keys().get(key_id)
        gone = self._former_owner(key_id)
        if revoked is not None and current.member(revoked[1]) is None:
            return KeyOwner("removed", gone)
        if revoked is not None:
            return KeyOwner("revoked", gone)
        if gone is not None:
            return KeyOwner("removed", gone)
        return KeyOwner("unknown")

    def _former_owner(self, key_id: bytes) -> Member | None:
        for link in reversed(self._links):
            member = link.roster.member_by_key_id(key_id)
            if member is not None:
                return member
        return None

    def member_keys(self, member_id: str) -> tuple[SigningPublicKey, ...]:
        """Every signing key ``member_id`` ever had, as far as the team knows (newest first):
        the chain's versions, and the current roster's list of revoked keys, which goes back
        to before this laptop joined. For checking what was signed in the past (a handover);
        a revoked key never makes a new file acceptable."""
        keys: list[SigningPublicKey] = []
        for link in reversed(self._links):
            member = link.roster.member(member_id)
            if member is not None and member.signing_key not in keys:
                keys.append(member.signing_key)
        for key, owner in self.current.revoked_signing_keys().values():
            if owner == member_id and key not in keys:
                keys.append(key)
        return tuple(keys)

    def was_teamleider(self, member_id: str) -> bool:
        """A teamleider in any version this chain holds (a takeover stays valid after the
        teamleider steps down)."""
        return any(
            (m := link.roster.member(member_id)) is not None and m.is_teamleider
            for link in self._links
        )

    # -- growing ----------------------------------------------------------------------------
    def consider(self, signed: SignedRoster) -> tuple[RosterChain, str]:
        """``(self, "known")`` for a version already in the chain; ``(longer chain,
        "extended")`` for the next version. ``RejectedInput`` otherwise (see the module)."""
        roster = signed.roster
        if roster.team_id != self.team_id:
            raise RejectedInput(reasons.WRONG_TEAM, "roster of another team")
        known = self.digest(roster.version)
        if known is not None:
            if known == roster.digest():
                return self, KNOWN
            raise RejectedInput(reasons.ROSTER_FORK, "another roster with a known version")
        if roster.version < self.start_version:
            raise RejectedInput(reasons.ROSTER_OUTDATED, "older than the roster we trust")
        if roster.version > self.current.version + 1:
            raise RejectedInput(reasons.ROSTER_GAP, "a roster version is missing in between")
        previous = self.current
        if roster.previous != self._digests[-1]:
            raise RejectedInput(reasons.ROSTER_FORK, "roster follows another version")
        if roster.problems() or successor_problems(previous, roster):
            raise RejectedInput(reasons.ROSTER_INVALID, "roster breaks a rule")
        signer = previous.member_by_key_id(signed.signature.key_id)
        if signer is None:
            raise RejectedInput(reasons.UNKNOWN_KEY, "roster signed by a non-member key")
        if not signer.is_teamleider:
            raise RejectedInput(reasons.ROSTER_NOT_TEAMLEIDER, "roster signed by a member")
        if signer.member_id != roster.signer:
            raise RejectedInput(reasons.ROSTER_INVALID, "roster names another signer")
        signed.verify_with(signer.signing_key)
        return RosterChain((*self._links, signed)), EXTENDED

    # -- persistence (the second wave keeps this in the vault) -------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"links": [link.to_json() for link in self._links]}

    @classmethod
    def from_json(cls, value: object) -> RosterChain:
        """Rebuild a stored chain, re-checking every link (the start was trusted when stored)."""
        if not isinstance(value, dict) or not isinstance(value.get("links"), list):
            raise RejectedInput(reasons.ROSTER_INVALID, "stored chain")
        links = [SignedRoster.from_json(item) for item in value["links"]]
        if not links:
            raise RejectedInput(reasons.ROSTER_INVALID, "stored chain is empty")
        first = links[0]
        signer = first.roster.member_by_key_id(first.signature.key_id)
        if signer is None:
            raise RejectedInput(reasons.ROSTER_INVALID, "stored chain start")
        first.verify_with(signer.signing_key)
        chain = cls((first,))
        for link in links[1:]:
            chain, _ = chain.consider(link)
        return chain
