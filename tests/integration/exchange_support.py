"""Helpers for the exchange tests: a VT party the team trusts, packages made by it (honest or
hostile), and a content hash of every case table to prove a refusal wrote nothing."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from wijkteam_desk.exchange import EncryptionIdentity, SigningKey, build_package
from wijkteam_desk.exchange.canonical import canonical_dumps
from wijkteam_desk.exchange.keys import PublicKeys, write_public_folder
from wijkteam_desk.exchange.package import Manifest, seal, sha256_hex
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.storage.schema import Base

# The exchange log, the audit trail and the outbox (the receipt carrying the refusal) are meant
# to change on a refusal; nothing else may.
NOT_CASE_DATA = {"audit_event", "exchange_package", "exchange_outbox"}
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@dataclass
class Party:
    signing: SigningKey
    encryption: EncryptionIdentity

    @classmethod
    def new(cls) -> Party:
        return cls(SigningKey.generate(), EncryptionIdentity.generate())

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(self.signing.public_key, self.encryption.recipient)

    def folder(self, path: Path) -> Path:
        write_public_folder(path, self.public, "Veilig Thuis Test")
        return path


def team_recipient(ws: Workspace) -> str:
    return ws.exchange.own_key().encryption_recipient


def package(vt: Party, recipient: str, kind: str, payload: dict[str, Any],
            sequence: int) -> bytes:
    return build_package(kind, payload, vt.signing, recipient, sequence, clock).data


def raw_package(vt: Party, recipient: str, payload_bytes: bytes, sequence: int,
                kind: str = "overdracht", manifest_recipient: str | None = None,
                encrypt_to: str | None = None) -> bytes:
    """A package signed by ``vt`` whose payload bytes are whatever the test wants."""
    manifest = Manifest(1, str(uuid.uuid4()), kind, vt.signing.public_key.key_id_hex,
                        manifest_recipient or recipient, "2026-11-22T09:00:00Z", sequence,
                        sha256_hex(payload_bytes))
    return seal(manifest.to_bytes(), payload_bytes, vt.signing, [encrypt_to or recipient],
                "timestamp:0\tfile:manifest.json")


def canonical(payload: dict[str, Any]) -> bytes:
    return canonical_dumps(payload)


def case_hash(ws: Workspace) -> str:
    """SHA-256 over every row of every table but the exchange log and the audit trail."""
    digest = hashlib.sha256()
    with ws.vault.session_factory() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in NOT_CASE_DATA:
                continue
            digest.update(table.name.encode())
            for row in session.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
        digest.update(str(session.execute(text("PRAGMA user_version")).scalar()).encode())
    return digest.hexdigest()
