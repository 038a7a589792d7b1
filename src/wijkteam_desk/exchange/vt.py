"""The Veilig Thuis side of the exchange: the reference counterparty used by ``wijkteam-desk vt``
and by the tests. Builds overdrachten, receipts (also refusals) and key changes, opens team
packages (also their receipts and key changes), and keeps VT's own bookkeeping in
``vt-state.json`` inside its identity folder: its next sequence number, per team key the highest
sequence accepted and the packages opened, the team keys it no longer trusts, and the keys that
replaced them (so ``--trust DIR`` folders need not be edited after a team's key change)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.canonical import canonical_dumps, strict_loads
from wijkteam_desk.exchange.encryption import parse_recipient
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.exchange.keys import IdentityKeys, PublicKeys
from wijkteam_desk.exchange.minisign import Signer, SigningPublicKey
from wijkteam_desk.exchange.package import (
    DEFAULT_MAX_BYTES,
    BuiltPackage,
    Clock,
    OpenedPackage,
    build_package,
    format_timestamp,
    open_package,
    sha256_hex,
)
from wijkteam_desk.exchange.schemas import (
    MELDING,
    ONTVANGSTBEVESTIGING,
    OVERDRACHT,
    SLEUTELWISSEL,
    TERUGKOPPELING,
)
from wijkteam_desk.files import write_private

STATE_FILE = "vt-state.json"
VT_ACCEPTS = (TERUGKOPPELING, MELDING, ONTVANGSTBEVESTIGING, SLEUTELWISSEL)

__all__ = [
    "VtState",
    "build_key_change",
    "build_overdracht",
    "example_overdracht",
    "load_json_input",
    "make_receipt",
    "open_team_package",
    "receipt_payload",
    "refusal_payload",
]


@dataclass
class VtState:
    """What VT remembers between runs: its own next sequence number, and per team signer the
    highest sequence accepted plus the packages already opened (so re-opening is a no-op)."""

    next_sequence: int = 1
    last_sequence_by_signer: dict[str, int] = field(default_factory=dict)
    opened: dict[str, str] = field(default_factory=dict)  # package id → payload sha256
    revoked: list[str] = field(default_factory=list)  # team key ids no longer trusted
    # A team's key change: old key id → (new signing.pub base64 line, new age1… recipient).
    replaced: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, identity_dir: Path) -> VtState:
        path = identity_dir / STATE_FILE
        if not path.exists():
            return cls()
        try:
            value = strict_loads(path.read_bytes())
            return cls(
                next_sequence=int(value["next_sequence"]),
                last_sequence_by_signer={
                    str(k): int(v) for k, v in value["last_sequence_by_signer"].items()
                },
                opened={str(k): str(v) for k, v in value["opened"].items()},
                revoked=[str(k) for k in value.get("revoked", [])],
                replaced={str(k): [str(x) for x in v]
                          for k, v in value.get("replaced", {}).items()},
            )
        except (RejectedInput, KeyError, TypeError, ValueError, AttributeError):
            raise ValidationError("vt_state_damaged", file=STATE_FILE) from None

    def current(self, team: PublicKeys) -> PublicKeys:
        """The team's keys now: after one or more key changes, the latest."""
        seen = set()
        while team.signing.key_id_hex in self.replaced and team.signing.key_id_hex not in seen:
            seen.add(team.signing.key_id_hex)
            line, recipient = self.replaced[team.signing.key_id_hex]
            team = PublicKeys(SigningPublicKey.from_base64(line), recipient)
        return team

    def record_key_change(self, opened: OpenedPackage) -> PublicKeys:
        """A team's ``sleutelwissel``: trust the new key from here, continuing the sequence."""
        new = PublicKeys(SigningPublicKey.from_base64(opened.payload["new_signing_key"]),
                         parse_recipient(opened.payload["new_encryption_key"]))
        old = opened.manifest.sender_key_id
        self.replaced[old] = [opened.payload["new_signing_key"], new.encryption]
        if old not in self.revoked:
            self.revoked.append(old)
        key = new.signing.key_id_hex
        self.last_sequence_by_signer[key] = max(self.last_sequence_by_signer.get(key, 0),
                                                opened.manifest.sequence)
        return new

    def save(self, identity_dir: Path) -> None:
        """Atomic replace, 0600: a crash leaves the old or the new state, never half of one."""
        path = identity_dir / STATE_FILE
        data = canonical_dumps(
            {
                "next_sequence": self.next_sequence,
                "last_sequence_by_signer": self.last_sequence_by_signer,
                "opened": self.opened,
                "revoked": self.revoked,
                "replaced": self.replaced,
            }
        )
        write_private(path, data)

    def take_sequence(self) -> int:
        sequence = self.next_sequence
        self.next_sequence += 1
        return sequence

    def record_opened(self, opened: OpenedPackage) -> None:
        signer = opened.manifest.sender_key_id
        previous = self.last_sequence_by_signer.get(signer, 0)
        self.last_sequence_by_signer[signer] = max(previous, opened.manifest.sequence)
        self.opened[opened.manifest.package_id] = opened.manifest.payload_sha256


def build_overdracht(
    data: Mapping[str, Any],
    identity: IdentityKeys,
    team: PublicKeys,
    sequence: int,
    clock: Clock,
) -> BuiltPackage:
    """An overdracht package from a JSON object as in ``example_overdracht()``. Raises
    ``ValidationError`` (``payload_schema_invalid`` …) when ``data`` does not fit the schema."""
    return build_package(OVERDRACHT, data, identity.signing, team.encryption, sequence, clock)


def open_team_package(
    raw: bytes,
    identity: IdentityKeys,
    teams: list[PublicKeys],
    state: VtState,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> OpenedPackage:
    """Decrypt, verify and validate a team's package against VT's state. Does not change
    ``state``: call ``state.record_opened`` once the package has been dealt with. A key the
    team replaced or VT revoked signs nothing new (``unknown_signer``); opening one of its
    earlier packages again is still a harmless duplicate."""
    signers = {t.signing.key_id_hex: t.signing for t in teams}
    signers.update((t.signing.key_id_hex, t.signing) for t in (state.current(t) for t in teams))
    opened = open_package(
        raw,
        identity.encryption,
        list(signers.values()),
        identity.encryption.recipient,
        state.last_sequence_by_signer,
        max_bytes,
        accepted_kinds=VT_ACCEPTS,
        known_packages=state.opened,
    )
    if opened.signer.key_id_hex in state.revoked and not opened.duplicate:
        raise RejectedInput(reasons.UNKNOWN_SIGNER, "signed by a key that is no longer trusted",
                            signer_key_id=opened.signer.key_id_hex)
    return opened


def receipt_payload(opened: OpenedPackage, clock: Clock) -> dict[str, Any]:
    return {
        "acknowledged_package_id": opened.manifest.package_id,
        "acknowledged_payload_sha256": opened.manifest.payload_sha256,
        "acknowledged_kind": opened.manifest.kind,
        "acknowledged_sequence": opened.manifest.sequence,
        "received_at": format_timestamp(clock()),
        "outcome": "ingelezen",
    }


def refusal_payload(error: RejectedInput, raw: bytes, clock: Clock) -> dict[str, Any]:
    """The receipt for a refused package (format 1.1): by its ids when the signature verified
    and the manifest was read, else by the SHA-256 of the file as received."""
    facts = error.facts
    if facts.get("package_id"):
        payload: dict[str, Any] = {
            "acknowledged_package_id": facts["package_id"],
            "acknowledged_payload_sha256": facts["payload_sha256"],
            "acknowledged_kind": facts["kind"],
            "acknowledged_sequence": facts["sequence"],
        }
    else:
        payload = {"received_file_sha256": sha256_hex(raw)}
    payload.update(received_at=format_timestamp(clock()), outcome="geweigerd",
                   reason=error.reason)
    return payload


def build_key_change(old: IdentityKeys, new: PublicKeys, team: PublicKeys, sequence: int,
                     clock: Clock) -> BuiltPackage:
    """VT's ``sleutelwissel`` for a team: the new keys, signed with the old signing key."""
    payload = {"new_signing_key": new.signing.file_text().splitlines()[1],
               "new_encryption_key": new.encryption}
    return build_package(SLEUTELWISSEL, payload, old.signing, team.encryption, sequence, clock)


def make_receipt(
    opened: OpenedPackage,
    signer: Signer,
    recipient_public: str,
    sequence: int,
    clock: Clock,
) -> BuiltPackage:
    """The ``ontvangstbevestiging`` for ``opened``, signed by ``signer`` and encrypted to the
    original sender's ``recipient_public``. Used by both sides (the team acknowledges an
    overdracht the same way). A receipt is never acknowledged: that would never end."""
    if opened.manifest.kind == ONTVANGSTBEVESTIGING:
        raise ValidationError("no_receipt_for_receipt")
    return build_package(
        ONTVANGSTBEVESTIGING,
        receipt_payload(opened, clock),
        signer,
        recipient_public,
        sequence,
        clock,
    )


def load_json_input(raw: bytes) -> dict[str, Any]:
    """A hand-written JSON input file (``vt overdracht --in``): strict, but not canonical."""
    value = strict_loads(raw)
    if not isinstance(value, dict):
        raise RejectedInput(reasons.SCHEMA_INVALID, "expected a JSON object")
    return value
