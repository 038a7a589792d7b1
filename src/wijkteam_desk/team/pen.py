"""Who holds the pen of a household — provable from the documents alone.

A sync engine delivers files in any order, and compaction deletes old ones, so a laptop may see
version 7 of a household written by Bart while the version in which Ayşe handed it to him never
reaches it. So the proof travels with every household document:

- **creator**: row ids are unique in the team because every member numbers rows in its own id
  block, given by the roster (``roster.block_of``); so a household's id says who created it,
  and no member can claim a household someone else created;
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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.minisign import MinisignSignature, Signer, SigningPublicKey, sign
from wijkteam_desk.team import reasons
from wijkteam_desk.team.layout import MAX_SEQUENCE, is_valid_id
from wijkteam_desk.team.roster import is_row_id

PEN_FORMAT = "wijkteam-desk/pen"
MAX_TRANSFERS = 500


@dataclass(frozen=True)
class PenTransfer:
    household: int
    version: int  # the last version ``from_member`` writes
    from_member: str
    to_member: str
    by: str  # ``from_member`` (a handover) or a teamleider (a takeover)
    signature: MinisignSignature

    @property
    def is_takeover(self) -> bool:
        return self.by != self.from_member

    @staticmethod
    def statement(household: int, version: int, from_member: str, to_member: str,
                  by: str) -> bytes:
        return canonical_dumps({"by": by, "format": PEN_FORMAT, "from": from_member,
                                "household": household, "to": to_member, "version": version})

    @classmethod
    def make(cls, household: int, version: int, from_member: str, to_member: str, by: str,
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
        version = value["version"]
        if not all(is_valid_id(value[k]) for k in ("by", "from", "to")) or not is_row_id(
            value["household"]
        ) or type(version) is not int or not 0 <= version <= MAX_SEQUENCE or (
            value["from"] == value["to"]
        ) or not isinstance(value["signature"], str):
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


def merge(creator: str, household: int,
          *pens: Iterable[PenTransfer]) -> tuple[PenTransfer, ...]:
    """One consistent pen history of ``household`` from what several documents and notices
    say (``creator``: the member whose id block holds the household's id)."""
    by_version: dict[int, list[PenTransfer]] = {}
    for pen in pens:
        for transfer in pen:
            if transfer.household == household and transfer not in by_version.get(
                transfer.version, []
            ):
                by_version.setdefault(transfer.version, []).append(transfer)
    holder = creator
    history = []
    for version in sorted(by_version):
        valid = [t for t in by_version[version] if t.from_member == holder]
        if valid:
            chosen = _winner(valid)
            history.append(chosen)
            holder = chosen.to_member
    return tuple(history)


def holder_before(creator: str, pen: Sequence[PenTransfer], version: int) -> str:
    """Who may write ``version``: the holder after the last transfer before it."""
    holder = creator
    for transfer in pen:
        if transfer.version < version:
            holder = transfer.to_member
    return holder


def holder_after(creator: str, pen: Sequence[PenTransfer], version: int) -> str:
    """Who holds the pen once ``version`` is written (a document's ``dossierhouder``)."""
    holder = creator
    for transfer in pen:
        if transfer.version <= version:
            holder = transfer.to_member
    return holder


def pen_problems(creator: str, household: int, pen: Sequence[PenTransfer], version: int,
                 dossierhouder: str) -> list[str]:
    """The rules one document's own pen history must meet."""
    found = []
    if len(pen) > MAX_TRANSFERS:
        found.append("too many transfers")
    if any(t.household != household for t in pen):
        found.append("transfer of another household")
    versions = [t.version for t in pen]
    if versions != sorted(set(versions)) or (versions and versions[-1] > version):
        found.append("transfers out of order")
    holder = creator
    for transfer in pen:
        if transfer.from_member != holder:
            found.append("transfer by someone without the pen")
            break
        holder = transfer.to_member
    if holder_after(creator, pen, version) != dossierhouder:
        found.append("dossierhouder differs from the pen")
    return found


def judge(author: str, creator: str, household: int, pen: Sequence[PenTransfer], version: int,
          known: Iterable[PenTransfer] = ()) -> str | None:
    """The check on arrival, with ``known``: every transfer this laptop has seen for the
    household (from earlier documents and takeover notices). ``None`` when ``author`` may
    write ``version``; else ``not_dossierhouder``, or ``late_change`` when the author held the
    pen until a takeover it had not seen (two teamleiders taking over at once included)."""
    history = merge(creator, household, known, pen)
    if holder_before(creator, history, version) == author:
        return None
    # By its own history the author held the pen; a takeover it had not seen says otherwise.
    if holder_before(creator, pen, version) == author and any(
        t.is_takeover and t not in pen for t in history
    ):
        return reasons.LATE_CHANGE
    return reasons.NOT_DOSSIERHOUDER
