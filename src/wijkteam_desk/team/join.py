"""Joining: from an empty laptop and a teamleider's fingerprint to a trusted roster chain.

``team join --folder DIR --leader FINGERPRINT``: the laptop holds no roster yet, so it cannot
know the authors' keys in advance. It reads every roster file it can decrypt, takes the author's
key from the roster inside, checks the envelope with it, and then trusts only what a chain from
a roster signed by the key with that fingerprint confirms (``RosterChain.join``). The one thing
read before a signature is checked is the roster payload itself (strict, canonical, bounded
JSON), because the key to check with is in it; nothing from it counts until the chain holds."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange.canonical import canonical_dumps, strict_loads
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.exchange.minisign import MinisignSignature, Signer, sign
from wijkteam_desk.team import layout, reasons
from wijkteam_desk.team.chain import RosterChain, SignedRoster
from wijkteam_desk.team.envelope import (
    open_age,
    read_payload,
    read_signature,
    unpack,
    verify_manifest,
    x25519_stanzas,
)
from wijkteam_desk.team.payloads import read_roster
from wijkteam_desk.team.reader import Outcome
from wijkteam_desk.team.roster import FORMAT_VERSION, Member, is_timestamp, timestamp

MAX_ROSTER_FILE = 1024 * 1024
REQUEST_FORMAT = "wijkteam-desk/join-request"
MAX_REQUEST_BYTES = 16 * 1024


def join_folder(folder: Path, me: str, identities: Sequence[EncryptionIdentity],
                anchor_fingerprint: str) -> tuple[RosterChain, list[Outcome]]:
    """The chain this laptop can trust, and why other roster files were left out.

    ``RejectedInput``: ``unknown_key`` when no roster in the folder was signed by the anchor
    (a mistyped fingerprint, or the teamleider has not added us yet and published),
    ``roster_fork``. ``ValidationError(not_a_member)`` when the newest roster does not list
    ``me``. ``OSError`` when the folder cannot be read."""
    candidates: list[SignedRoster] = []
    outcomes: list[Outcome] = []
    for entry in layout.scan(folder):
        if entry.reason is not None or entry.name_kind != "roster":
            continue
        try:
            candidates.append(read_roster_file(entry, identities))
        except RejectedInput as error:
            outcomes.append(Outcome(entry.label, error.reason, entry.folder, entry.sequence,
                                    detail=str(error)))
            continue
        except Exception as error:  # a trust boundary
            outcomes.append(Outcome(entry.label, reasons.UNREADABLE, entry.folder,
                                    entry.sequence, detail=type(error).__name__))
    unique = {signed.roster.digest(): signed for signed in candidates}
    chain = RosterChain.join(unique.values(), anchor_fingerprint)
    if chain.current.member(me) is None:
        raise ValidationError("not_a_member")
    return chain, outcomes


def read_roster_file(entry: layout.Entry, identities: Sequence[EncryptionIdentity]
                     ) -> SignedRoster:
    """Decrypt one roster file and verify its envelope with the key its own roster lists for
    its author. The roster itself is not trusted yet: ``RosterChain`` decides."""
    if entry.size == 0:
        raise RejectedInput(reasons.EMPTY, "empty file")
    if entry.size > MAX_ROSTER_FILE:
        raise RejectedInput(reasons.TOO_LARGE, "roster file too large")
    raw = entry.path.read_bytes()[: MAX_ROSTER_FILE + 1]
    if len(raw) != entry.size:
        raise RejectedInput(reasons.CHANGED_WHILE_READING, "changed while reading")
    x25519_stanzas(raw)
    parts = unpack(open_age(raw, identities), MAX_ROSTER_FILE)
    signature = read_signature(parts)
    try:
        signed = read_roster(strict_loads(parts.payload, require_canonical=True))
    except RejectedInput as error:
        raise RejectedInput(error.reason if error.reason in reasons.ALL_REASONS
                            else reasons.MALFORMED_PAYLOAD, str(error)) from None
    author = signed.roster.member_by_key_id(signature.key_id)
    if author is None:
        raise RejectedInput(reasons.UNKNOWN_KEY, "published by a key its roster does not list")
    manifest = verify_manifest(parts, signature, author.signing_key)
    read_payload(parts, manifest)  # the payload hash: what we parsed is what was signed
    if (manifest.kind != "roster" or manifest.author != author.member_id
            or manifest.author != entry.folder or manifest.sequence != entry.sequence):
        raise RejectedInput(reasons.NAME_MISMATCH, "not the roster file its name says")
    if hashlib.sha256(signed.roster.to_bytes()).hexdigest() != manifest.roster_hash:
        raise RejectedInput(reasons.NAME_MISMATCH, "manifest names another roster")
    return signed


@dataclass(frozen=True)
class JoinRequest:
    """``team request --out FILE``: what a colleague hands to a teamleider. Signed with the
    colleague's own key, which proves the keys belong together; the teamleider still compares
    the fingerprint by phone or in person before ``team add``."""

    member: Member
    created_at: str
    signature: MinisignSignature

    @staticmethod
    def _body(member: Member, created_at: str) -> bytes:
        return canonical_dumps({"created_at": created_at, "format": REQUEST_FORMAT,
                                "format_version": FORMAT_VERSION, "member": member.to_json()})

    @classmethod
    def make(cls, member: Member, key: Signer, now: datetime) -> JoinRequest:
        member = replace(member, id_block=None)  # the roster gives the block
        if member.problems():
            raise ValidationError("invalid_member", problems=member.problems())
        if key.public_key != member.signing_key:
            raise ValidationError("wrong_key")
        created = timestamp(now)
        comment = f"wijkteam-desk join-request member:{member.member_id}"
        return cls(member, created, sign(key, cls._body(member, created), comment))

    def to_bytes(self) -> bytes:
        return canonical_dumps({"request": strict_loads(self._body(self.member, self.created_at)),
                                "signature": self.signature.file_text()})

    @classmethod
    def from_bytes(cls, raw: bytes) -> JoinRequest:
        """``RejectedInput``: ``too_large``, ``malformed_payload``, ``bad_signature``."""
        if len(raw) > MAX_REQUEST_BYTES:
            raise RejectedInput(reasons.TOO_LARGE, "join request too large")
        try:
            value = strict_loads(raw, require_canonical=True)
            request, text = _request_parts(value)
            member = Member.from_json(request["member"])
            if member.id_block is not None:
                raise ValueError("a request names no id block")
            signature = MinisignSignature.from_file_bytes(text.encode("utf-8"))
        except (RejectedInput, ValueError, TypeError, KeyError):
            raise RejectedInput(reasons.MALFORMED_PAYLOAD, "not a join request") from None
        created = request["created_at"]
        try:
            member.signing_key.verify(cls._body(member, created), signature)
        except RejectedInput:
            raise RejectedInput(reasons.BAD_SIGNATURE, "join request signature") from None
        return cls(member, created, signature)


def _request_parts(value: object) -> tuple[Mapping[str, Any], str]:
    if not isinstance(value, dict) or set(value) != {"request", "signature"}:
        raise ValueError("fields")
    request, text = value["request"], value["signature"]
    if not isinstance(request, dict) or not isinstance(text, str):
        raise ValueError("types")
    if set(request) != {"created_at", "format", "format_version", "member"}:
        raise ValueError("request fields")
    if request["format"] != REQUEST_FORMAT or request["format_version"] != FORMAT_VERSION:
        raise ValueError("format")
    if not is_timestamp(request["created_at"]):
        raise ValueError("created_at")
    return request, text
