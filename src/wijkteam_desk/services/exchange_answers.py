"""The team's answers to Veilig Thuis (format 1.1), inside the caller's unit of work: the
receipt owed for every VT package (imported, imported with differences, refused with its
reason code, later: differences resolved), and key changes both ways. Nothing here commits.

A receipt waits in the outbox (``exchange_outbox``) and is signed only when written out, so
its sequence number follows the order in which files leave the laptop."""

from __future__ import annotations

import hashlib
from typing import Any

from ..domain.errors import RejectedInput
from ..domain.exchange import ExchangeKey
from ..exchange import OpenedPackage, SigningPublicKey
from ..exchange import reasons as reason_codes
from ..exchange.encryption import parse_recipient
from ..exchange.package import format_timestamp
from ..storage.uow import SqlUnitOfWork

RECEIPT = "ontvangstbevestiging"
KEY_CHANGE = "sleutelwissel"


def _acknowledging(package_id: str, kind: str, sequence: int, payload_sha256: str,
                   received_at: str) -> dict[str, Any]:
    return {"acknowledged_package_id": package_id, "acknowledged_kind": kind,
            "acknowledged_sequence": sequence, "acknowledged_payload_sha256": payload_sha256,
            "received_at": received_at}


def queue_for_import(uow: SqlUnitOfWork, opened: OpenedPackage, household_id: int | None,
                     open_differences: int, peer_key_id: str = "") -> None:
    """The receipt for a VT package just imported (never for a receipt)."""
    m = opened.manifest
    if m.kind == RECEIPT:
        return
    payload = _acknowledging(m.package_id, m.kind, m.sequence, m.payload_sha256,
                             format_timestamp(uow.clock.now()))
    if open_differences:
        payload.update(outcome="ingelezen_met_verschillen", open_differences=open_differences)
    else:
        payload["outcome"] = "ingelezen"
    uow.exchange.queue_receipt(household_id=household_id,
                               peer_key_id=peer_key_id or m.sender_key_id, payload=payload,
                               now=uow.clock.now())


def queue_for_refusal(uow: SqlUnitOfWork, error: RejectedInput, data: bytes) -> bool:
    """The receipt for a refused file, when there is someone to send it to: the verified
    signer, or else the one VT key the team trusts. A refused receipt is never answered, and
    a file too large to read is not either (the team calls VT). True when one was queued."""
    facts = error.facts
    if facts.get("kind") == RECEIPT or error.reason == reason_codes.TOO_LARGE or not data:
        return False
    peer = str(facts.get("signer_key_id") or "")
    if not peer:
        active = uow.exchange.trusted_keys()
        if len(active) != 1:
            return False
        peer = active[0].signing_key_id
    received = format_timestamp(uow.clock.now())
    if facts.get("package_id"):
        payload = _acknowledging(str(facts["package_id"]), str(facts["kind"]),
                                 int(facts["sequence"]), str(facts["payload_sha256"]), received)
    else:
        payload = {"received_file_sha256": hashlib.sha256(data).hexdigest(),
                   "received_at": received}
    payload.update(outcome="geweigerd", reason=error.reason)
    uow.exchange.queue_receipt(household_id=None, peer_key_id=peer, payload=payload,
                               now=uow.clock.now())
    return True


def queue_when_resolved(uow: SqlUnitOfWork, package_id: str, household_id: int) -> bool:
    """After the team decided the last open difference of an overdracht: tell VT."""
    if uow.exchange.open_conflicts_of_package(package_id):
        return False
    entry = uow.exchange.incoming(package_id)
    if entry is None:
        return False
    payload = _acknowledging(entry.package_id, entry.kind, entry.sequence, entry.payload_sha256,
                             format_timestamp(uow.clock.now()))
    payload.update(outcome="verschillen_opgelost", open_differences=0)
    uow.exchange.queue_receipt(household_id=household_id, peer_key_id=entry.peer_key_id,
                               payload=payload, now=uow.clock.now())
    return True


def receipt_recipient(uow: SqlUnitOfWork, peer_key_id: str) -> ExchangeKey | None:
    """The VT key a receipt goes to: the key it answers, or the key that replaced it."""
    keys = uow.exchange.trusted_keys(include_revoked=True)
    by_id = {k.signing_key_id: k for k in keys}
    key = by_id.get(peer_key_id)
    if key is not None and not key.revoked:
        return key
    active = [k for k in keys if not k.revoked]
    return active[0] if len(active) == 1 else None


def apply_key_change(uow: SqlUnitOfWork, opened: OpenedPackage) -> ExchangeKey:
    """VT announced a new key, signed by the key it replaces: trust the new key under the old
    one's name, continuing its sequence numbers, and stop trusting the old one. Returns the
    new key. ``RejectedInput`` (``schema_invalid``, ``key_conflict``) when the new key cannot
    be taken."""
    try:
        signing = SigningPublicKey.from_base64(opened.payload["new_signing_key"])
        recipient = parse_recipient(opened.payload["new_encryption_key"])
    except RejectedInput:
        raise RejectedInput(reason_codes.SCHEMA_INVALID, "not a usable key") from None
    old = uow.exchange.key_by_signing_id(opened.signer.key_id_hex)
    own_ids = {k.signing_key_id for k in uow.exchange.own_keys()}
    line = signing.file_text().splitlines()[1]
    known = uow.exchange.key_by_signing_id(signing.key_id_hex)
    if old is None or signing.key_id_hex in own_ids or (
            known is not None and (known.signing_public != line or known.revoked)):
        raise RejectedInput(reason_codes.KEY_CONFLICT, "the new key cannot replace the old one")
    if known is None:
        kid = uow.exchange.add_key(own=False, name=old.name, signing_key_id=signing.key_id_hex,
                                   signing_public=line, encryption_recipient=recipient,
                                   now=uow.clock.now(), sequence_floor=opened.manifest.sequence)
    else:
        kid = uow.exchange.set_key(known.id, sequence_floor=opened.manifest.sequence).id
    if old.signing_key_id != signing.key_id_hex:
        uow.exchange.set_key(old.id, revoked=True)
    uow.audit("exchange.key.replace", "exchange_key", kid,
              detail={"old_key_id": old.signing_key_id, "key_id": signing.key_id_hex})
    [new] = [k for k in uow.exchange.trusted_keys() if k.id == kid]
    return new


def key_change_payload(signing: SigningPublicKey, recipient: str) -> dict[str, str]:
    return {"new_signing_key": signing.file_text().splitlines()[1],
            "new_encryption_key": recipient}
