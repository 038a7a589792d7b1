"""The Veilig Thuis side of the exchange: the reference counterparty used by ``wijkteam-desk vt``
and by the tests. Builds overdrachten and receipts, opens team packages, and keeps the VT's own
sequence bookkeeping in ``vt-state.json`` inside its identity folder."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.canonical import canonical_dumps, strict_loads
from wijkteam_desk.exchange.examples import example_overdracht
from wijkteam_desk.exchange.keys import IdentityKeys, PublicKeys
from wijkteam_desk.exchange.minisign import Signer
from wijkteam_desk.exchange.package import (
    DEFAULT_MAX_BYTES,
    BuiltPackage,
    Clock,
    OpenedPackage,
    build_package,
    format_timestamp,
    open_package,
)
from wijkteam_desk.exchange.schemas import (
    MELDING,
    ONTVANGSTBEVESTIGING,
    OVERDRACHT,
    TERUGKOPPELING,
)
from wijkteam_desk.files import write_private

STATE_FILE = "vt-state.json"
VT_ACCEPTS = (TERUGKOPPELING, MELDING, ONTVANGSTBEVESTIGING)

__all__ = [
    "VtState",
    "build_overdracht",
    "example_overdracht",
    "load_json_input",
    "make_receipt",
    "open_team_package",
    "receipt_payload",
]


@dataclass
class VtState:
    """What VT remembers between runs: its own next sequence number, and per team signer the
    highest sequence accepted plus the packages already opened (so re-opening is a no-op)."""

    next_sequence: int = 1
    last_sequence_by_signer: dict[str, int] = field(default_factory=dict)
    opened: dict[str, str] = field(default_factory=dict)  # package id → payload sha256

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
            )
        except (RejectedInput, KeyError, TypeError, ValueError, AttributeError):
            raise ValidationError("vt_state_damaged", file=STATE_FILE) from None

    def save(self, identity_dir: Path) -> None:
        """Atomic replace, 0600: a crash leaves the old or the new state, never half of one."""
        path = identity_dir / STATE_FILE
        data = canonical_dumps(
            {
                "next_sequence": self.next_sequence,
                "last_sequence_by_signer": self.last_sequence_by_signer,
                "opened": self.opened,
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
    ``state``: call ``state.record_opened`` once the package has been dealt with."""
    return open_package(
        raw,
        identity.encryption,
        [team.signing for team in teams],
        identity.encryption.recipient,
        state.last_sequence_by_signer,
        max_bytes,
        accepted_kinds=VT_ACCEPTS,
        known_packages=state.opened,
    )


def receipt_payload(opened: OpenedPackage, clock: Clock) -> dict[str, Any]:
    return {
        "acknowledged_package_id": opened.manifest.package_id,
        "acknowledged_payload_sha256": opened.manifest.payload_sha256,
        "acknowledged_kind": opened.manifest.kind,
        "acknowledged_sequence": opened.manifest.sequence,
        "received_at": format_timestamp(clock()),
    }


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
