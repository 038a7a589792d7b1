"""Who holds the pen of a household — provable from the documents alone.

A sync engine delivers files in any order, and compaction deletes old ones, so a laptop may see
version 7 of a household written by Bart while the version in which Ayşe handed it to him never
reaches it. So every household document carries its own proof:

- **origin**: the household id is derived from its creator's member id and a random nonce
  (``uid`` = the first 32 hex digits of SHA-256 of ``"wijkteam-desk household" NUL creator NUL
  nonce``), so no member can claim a household someone else created;
- **pen**: every change of dossierhouder since the creation, each one signed — a handover by the
  member who gives the pen, a takeover by a teamleider. A transfer at version *v* says: *v* is
  the last version ``from`` writes; later versions are ``to``'s.

With these, any laptop checks that the author of version *v* held the pen (``holder_before``),
whatever it saw before. What several documents and notices say is merged (``merge``): at one
version a takeover beats a handover, and two takeovers resolve alike on every laptop; a transfer
by someone who no longer held the pen drops out. ``judge`` is the check on arrival: the author
may write, or it is a colleague's household (``not_dossierhouder``), or a change the old
dossierhouder made without having seen a takeover (``late_change``: for review, never applied
silently, never dropped)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.minisign import MinisignSignature, Signer, SigningPublicKey, sign
from wijkteam_desk.team import reasons
from wijkteam_desk.team.layout import MAX_SEQUENCE, is_valid_id

PEN_FORMAT = "wijkteam-desk/pen"
MAX_TRANSFERS = 500


@dataclass(frozen=True)
class Origin:
    creator: str  # member id
    nonce: str  # 32 lower-case hex digits

    @classmethod
    def new(cls, creator: str) -> Origin:
        return cls(creator, secrets.token_hex(16))

    @property
    def uid(self) -> str:
        seed = f"wijkteam-desk household\0{self.creator}\0{self.nonce}".encode()
        return hashlib.sha256(seed).hexdigest()[:32]

    def to_json(self) -> dict[str, Any]:
        return {"creator": self.creator, "nonce": self.nonce}

    @classmethod
    def from_json(cls, value: object) -> Origin:
        if not isinstance(value, dict) or set(value) != {"creator", "nonce"}:
            raise ValueError("origin")
        nonce = value["nonce"]
        if not is_valid_id(value["creator"]) or not (
            isinstance(nonce, str) and len(nonce) == 32 and all(c in "0123456789abcdef"
                                                                for c in nonce)
        ):
            raise ValueError("origin")
        return cls(value["creator"], nonce)


@dataclass(frozen=True)
class PenTransfer:
    household: str
    version: int  # the last version ``from_member`` writes
    from_member: str
    to_member: str
    by: str  # ``from_member`` (a handover) or a teamleider (a takeover)
    signature: MinisignSignature

    @property
    def is_takeover(self) -> bool:
        return self.by != self.from_member

    @staticmethod
    def statement(household: str, version: int, from_member: str, to_member: str,
                  by: str) -> bytes:
        return canonical_dumps({"by": by, "format": PEN_FORMAT, "from": from_member,
                                "household": household, "to": to_member, "version": version})

    @classmethod
    def make(cls, household: str, version: int, from_member: str, to_member: str, by: str,
             key: Signer) -> PenTransfer:
        if from_member == to_member or not 0 <= version <= MAX_SEQUENCE:
            raise ValueError("not a transfer")
        body = cls.statement(household, version, from_member, to_member, by)
        comment = f"wijkteam-desk pen household:{household} version:{version}"
        return cls(household, version, from_member, to_member, by, sign(key, body, comment))

    def verifies_with(self, keys: Iterable[SigningPublicKey]) -> bool:
        body = self.statement(self.household, self.version, self.from_member, self.to_member,
                              self.by)
        for key in keys:
            try:
                key.verify(body, self.signature)
            except RejectedInput:
                continue
            return True
        return False

    def to_json(self) -> dict[str, Any]:
        return {"by": self.by, "from": self.from_member, "household": self.household,
                "signature": self.signature.file_text(), "to": self.to_member,
                "version": self.version}

    @classmethod
    def from_json(cls, value: object) -> PenTransfer:
        if not isinstance(value, dict) or set(value) != {"by", "from", "household",
                                                          "signature", "to", "version"}:
            raise ValueError("transfer fields")
        ids = (value["by"], value["from"], value["household"], value["to"])
        version = value["version"]
        if not all(is_valid_id(i) for i in ids) or type(version) is not int or not (
            0 <= version <= MAX_SEQUENCE
        ) or value["from"] == value["to"] or not isinstance(value["signature"], str):
            raise ValueError("transfer")
        try:
            signature = MinisignSignature.from_file_bytes(value["signature"].encode("utf-8"))
        except RejectedInput:
            raise ValueError("transfer signature") from None
        return cls(value["household"], version, value["from"], value["to"], value["by"],
                   signature)


def _winner(candidates: Sequence[PenTransfer]) -> PenTransfer:
    # One version, several transfers: a takeover beats a handover; then the lowest signer id
    # and the lowest receiver id. The same on every laptop, whatever arrived first.
    return min(candidates, key=lambda t: (not t.is_takeover, t.by, t.to_member))


def merge(origin: Origin, *pens: Iterable[PenTransfer]) -> tuple[PenTransfer, ...]:
    """One consistent pen history from what several documents and notices say."""
    by_version: dict[int, list[PenTransfer]] = {}
    for pen in pens:
        for transfer in pen:
            if transfer.household == origin.uid and transfer not in by_version.get(
                transfer.version, []
            ):
                by_version.setdefault(transfer.version, []).append(transfer)
    holder = origin.creator
    history = []
    for version in sorted(by_version):
        valid = [t for t in by_version[version] if t.from_member == holder]
        if valid:
            chosen = _winner(valid)
            history.append(chosen)
            holder = chosen.to_member
    return tuple(history)


def holder_before(origin: Origin, pen: Sequence[PenTransfer], version: int) -> str:
    """Who may write ``version``: the holder after the last transfer before it."""
    holder = origin.creator
    for transfer in pen:
        if transfer.version < version:
            holder = transfer.to_member
    return holder


def holder_after(origin: Origin, pen: Sequence[PenTransfer], version: int) -> str:
    """Who holds the pen once ``version`` is written (a document's ``dossierhouder``)."""
    holder = origin.creator
    for transfer in pen:
        if transfer.version <= version:
            holder = transfer.to_member
    return holder


def pen_problems(origin: Origin, pen: Sequence[PenTransfer], version: int,
                 dossierhouder: str) -> list[str]:
    """The rules one document's own pen history must meet."""
    found = []
    if len(pen) > MAX_TRANSFERS:
        found.append("too many transfers")
    if any(t.household != origin.uid for t in pen):
        found.append("transfer of another household")
    versions = [t.version for t in pen]
    if versions != sorted(set(versions)) or (versions and versions[-1] > version):
        found.append("transfers out of order")
    holder = origin.creator
    for transfer in pen:
        if transfer.from_member != holder:
            found.append("transfer by someone without the pen")
            break
        holder = transfer.to_member
    if holder_after(origin, pen, version) != dossierhouder:
        found.append("dossierhouder differs from the pen")
    return found


def judge(author: str, origin: Origin, pen: Sequence[PenTransfer], version: int,
          known: Iterable[PenTransfer] = ()) -> str | None:
    """The check on arrival, with ``known``: every transfer this laptop has seen for the
    household (from earlier documents and takeover notices). ``None`` when ``author`` may
    write ``version``; else ``not_dossierhouder``, or ``late_change`` when the author held the
    pen until a takeover it had not seen (two teamleiders taking over at once included)."""
    history = merge(origin, known, pen)
    if holder_before(origin, history, version) == author:
        return None
    # By its own history the author held the pen; a takeover it had not seen says otherwise.
    if holder_before(origin, pen, version) == author and any(
        t.is_takeover and t not in pen for t in history
    ):
        return reasons.LATE_CHANGE
    return reasons.NOT_DOSSIERHOUDER
