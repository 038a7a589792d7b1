"""What a team file carries: household documents (bundles), a signed roster, a takeover notice.

A **household document** is the household as it now is, at a version, from its dossierhouder:
applying it is idempotent and order-independent (keep the highest version), and the newest
document of every household is all a new laptop needs. Its ``body`` is an opaque canonical-JSON
object that the second wave defines (journal, plan, safety-plan versions, …); this layer only
carries it, next to what every reader must check *before* applying: which household, which
version, who holds the pen (``dossierhouder``, proven by the signed ``pen`` history from the
household's creator: ``pen.py``) and whether it is ``afgeschermd``. A ``withdrawn``
document (no body) tells the readers to drop their copy: the household was closed and removed,
or became afgeschermd and must vanish from colleagues' laptops.

Every payload is padded with spaces to a size bucket (≤ 12.5 % overhead), so a file's size says
little about how much it holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.minisign import Signer
from wijkteam_desk.team import reasons
from wijkteam_desk.team.chain import SignedRoster
from wijkteam_desk.team.layout import MAX_SEQUENCE, is_valid_id
from wijkteam_desk.team.pen import PenTransfer, holder_before, merge
from wijkteam_desk.team.roster import clean_text, is_row_id

MAX_DOCUMENTS = 10_000
MAX_REASON = 500
_MIN_BUCKET = 1024


def padded_size(size: int) -> int:
    """The bucket a payload of ``size`` bytes is padded up to."""
    if size <= _MIN_BUCKET:
        return _MIN_BUCKET
    step = max(_MIN_BUCKET, 1 << (size.bit_length() - 4))
    return -(-size // step) * step


def encode_padded(value: Mapping[str, Any]) -> bytes:
    """Canonical JSON of ``value`` plus a ``pad`` field of spaces up to its bucket."""
    bare = canonical_dumps({**value, "pad": ""})
    return canonical_dumps({**value, "pad": " " * (padded_size(len(bare)) - len(bare))})


def _fields(value: object, expected: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != expected | {"pad"}:
        raise ValueError("fields")
    pad = value["pad"]
    if not isinstance(pad, str) or pad.strip(" "):
        raise ValueError("pad")
    return value


@dataclass(frozen=True)
class HouseholdDocument:
    household: int  # the household's row id: the same on every laptop, in its creator's block
    version: int  # raised by the dossierhouder with every change
    dossierhouder: str  # member id of the one member who may write the next version
    pen: tuple[PenTransfer, ...] = ()  # every signed change of dossierhouder since creation
    afgeschermd: bool = False
    withdrawn: bool = False
    body: Mapping[str, Any] | None = None  # the second wave's document; None when withdrawn

    def to_json(self) -> dict[str, Any]:
        return {
            "afgeschermd": self.afgeschermd,
            "body": dict(self.body) if self.body is not None else None,
            "dossierhouder": self.dossierhouder,
            "household": self.household,
            "pen": [t.to_json() for t in self.pen],
            "state": "withdrawn" if self.withdrawn else "current",
            "version": self.version,
        }

    def writer(self, creator: str) -> str:
        """The member who may write this version, by the document's own pen history
        (``creator``: the member whose id block holds the household's id)."""
        return holder_before(creator, self.pen, self.version)

    def problems(self) -> list[str]:
        """The rules that need no roster; ``pen.pen_problems`` checks the pen with one."""
        found = []
        if not is_row_id(self.household):
            found.append("household")
        if any(t.household != self.household for t in self.pen):
            found.append("transfer of another household")
        if not is_valid_id(self.dossierhouder):
            found.append("dossierhouder")
        if isinstance(self.version, bool) or not 1 <= self.version <= MAX_SEQUENCE:
            found.append("version")
        if self.withdrawn != (self.body is None):
            found.append("body")
        return found

    @classmethod
    def from_json(cls, value: object) -> HouseholdDocument:
        if not isinstance(value, dict) or set(value) != {
            "afgeschermd", "body", "dossierhouder", "household", "pen", "state", "version",
        }:
            raise ValueError("document fields")
        if value["state"] not in ("current", "withdrawn") or type(value["afgeschermd"]) is not bool:
            raise ValueError("document state")
        body, pen = value["body"], value["pen"]
        if body is not None and not isinstance(body, dict):
            raise ValueError("document body")
        if type(value["version"]) is not int or not isinstance(pen, list):
            raise ValueError("document version or pen")
        if not is_row_id(value["household"]):
            raise ValueError("household")
        document = cls(value["household"], value["version"], value["dossierhouder"],
                       tuple(PenTransfer.from_json(t) for t in pen), value["afgeschermd"],
                       value["state"] == "withdrawn", body)
        if document.problems():
            raise ValueError(f"document: {document.problems()}")
        return document

    # -- the next version (what the dossierhouder's laptop writes) ------------------------
    @classmethod
    def new(cls, household: int, creator: str, body: Mapping[str, Any], *,
            afgeschermd: bool = False) -> HouseholdDocument:
        """Version 1 of a household its creator made (``household``: an id of its block)."""
        return cls(household, 1, creator, (), afgeschermd, False, body)

    def changed(self, body: Mapping[str, Any], *,
                afgeschermd: bool | None = None) -> HouseholdDocument:
        return replace(self, version=self.version + 1, body=body, withdrawn=False,
                       afgeschermd=self.afgeschermd if afgeschermd is None else afgeschermd)

    def handed_over(self, to_member: str, key: Signer,
                    body: Mapping[str, Any] | None = None) -> HouseholdDocument:
        """The next version, written by the dossierhouder, giving the pen to ``to_member``
        (signed with the dossierhouder's key)."""
        version = self.version + 1
        transfer = PenTransfer.make(self.household, version, self.dossierhouder, to_member,
                                    self.dossierhouder, key)
        return replace(self, version=version, dossierhouder=to_member,
                       pen=(*self.pen, transfer), body=body if body is not None else self.body)

    def taken_over(self, notice: ReassignNotice, body: Mapping[str, Any],
                   creator: str) -> HouseholdDocument:
        """The new dossierhouder's first version after a teamleider's takeover.
        ``ValueError`` when, with everything this document knows, the takeover does not give
        the pen to the notice's member (it was overtaken by an earlier one)."""
        pen = merge(creator, self.household, self.pen, [notice.transfer])
        version = max(self.version, notice.base_version) + 1
        if holder_before(creator, pen, version) != notice.to_member:
            raise ValueError("the takeover does not hold")
        return replace(self, version=version, dossierhouder=notice.to_member, pen=pen,
                       body=body, withdrawn=False)

    def withdrawn_version(self) -> HouseholdDocument:
        """Tells colleagues to drop their copy (closed and removed, or now afgeschermd)."""
        return replace(self, version=self.version + 1, withdrawn=True, body=None,
                       afgeschermd=False)


def bundle_payload(documents: Sequence[HouseholdDocument]) -> bytes:
    ordered = sorted(documents, key=lambda d: d.household)
    households = [d.household for d in ordered]
    if len(set(households)) != len(households):
        raise ValueError("one document per household in a bundle")
    if not ordered or len(ordered) > MAX_DOCUMENTS:
        raise ValueError("a bundle holds 1 to MAX_DOCUMENTS documents")
    for document in ordered:
        if document.problems():
            raise ValueError(f"document: {document.problems()}")
    return encode_padded({"documents": [d.to_json() for d in ordered]})


def read_bundle(value: Mapping[str, Any]) -> tuple[HouseholdDocument, ...]:
    try:
        fields = _fields(value, {"documents"})
        raw = fields["documents"]
        if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_DOCUMENTS:
            raise ValueError("documents")
        documents = tuple(HouseholdDocument.from_json(item) for item in raw)
        households = [d.household for d in documents]
        if households != sorted(set(households)):
            raise ValueError("documents not unique and sorted")
    except ValueError as exc:
        raise RejectedInput(reasons.MALFORMED_PAYLOAD, f"bundle: {exc}") from None
    return documents


@dataclass(frozen=True)
class ReassignNotice:
    """A teamleider's emergency takeover (``team reassign HOUSEHOLD --to MEMBER --reason``):
    after ``base_version`` — the newest version the teamleider had — ``to`` holds the pen. The
    signed ``transfer`` is the proof the new dossierhouder copies into its documents; changes
    ``from`` made later without having seen it are for review (``pen.judge``: late_change)."""

    household: int
    from_member: str
    to_member: str
    base_version: int
    reason: str
    transfer: PenTransfer
    afgeschermd: bool = False

    @classmethod
    def make(cls, document: HouseholdDocument, to_member: str, teamleider: str, key: Signer,
             reason: str) -> ReassignNotice:
        transfer = PenTransfer.make(document.household, document.version,
                                    document.dossierhouder, to_member, teamleider, key)
        return cls(document.household, document.dossierhouder, to_member, document.version,
                   reason, transfer, document.afgeschermd)

    def to_json(self) -> dict[str, Any]:
        return {
            "afgeschermd": self.afgeschermd,
            "base_version": self.base_version,
            "from": self.from_member,
            "household": self.household,
            "reason": self.reason,
            "to": self.to_member,
            "transfer": self.transfer.to_json(),
        }

    def problems(self) -> list[str]:
        found = []
        if not is_row_id(self.household) or not all(
            is_valid_id(i) for i in (self.from_member, self.to_member)
        ):
            found.append("ids")
        if self.from_member == self.to_member:
            found.append("from and to are one member")
        if isinstance(self.base_version, bool) or not 0 <= self.base_version <= MAX_SEQUENCE:
            found.append("base_version")
        if clean_text(self.reason, MAX_REASON) is None:
            found.append("reason")
        t = self.transfer
        if (t.household, t.version, t.from_member, t.to_member) != (
            self.household, self.base_version, self.from_member, self.to_member
        ) or not t.is_takeover:
            found.append("transfer does not match the notice")
        return found

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> ReassignNotice:
        try:
            fields = _fields(value, {"afgeschermd", "base_version", "from", "household",
                                     "reason", "to", "transfer"})
            if type(fields["afgeschermd"]) is not bool or type(fields["base_version"]) is not int:
                raise ValueError("types")
            notice = cls(fields["household"], fields["from"], fields["to"],
                         fields["base_version"], fields["reason"],
                         PenTransfer.from_json(fields["transfer"]), fields["afgeschermd"])
            if notice.problems():
                raise ValueError(", ".join(notice.problems()))
        except (ValueError, TypeError) as exc:
            raise RejectedInput(reasons.MALFORMED_PAYLOAD, f"reassign: {exc}") from None
        return notice


def reassign_payload(notice: ReassignNotice) -> bytes:
    if notice.problems():
        raise ValueError(f"reassign: {notice.problems()}")
    return encode_padded(notice.to_json())


def roster_payload(signed: SignedRoster) -> bytes:
    return encode_padded({"roster": signed.to_json()})


def read_roster(value: Mapping[str, Any]) -> SignedRoster:
    try:
        fields = _fields(value, {"roster"})
    except ValueError:
        raise RejectedInput(reasons.MALFORMED_PAYLOAD, "roster payload fields") from None
    return SignedRoster.from_json(fields["roster"])
