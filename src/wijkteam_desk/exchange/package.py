"""Building and opening exchange packages: sign the manifest, pin the payload, encrypt the lot.

A package is one binary age file. Inside is a tar archive (``container``) with the canonical
JSON ``manifest.json``, its minisign signature and the canonical JSON ``payload.json``.
See ``docs/exchange-format.md`` for the format and how a VT employee checks one by hand."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.canonical import canonical_dumps, strict_loads
from wijkteam_desk.exchange.container import MANIFEST_NAME, ContainerParts, pack, unpack
from wijkteam_desk.exchange.encryption import EncryptionIdentity, decrypt, encrypt
from wijkteam_desk.exchange.minisign import MinisignSignature, Signer, SigningPublicKey, sign
from wijkteam_desk.exchange.schemas import KINDS, MANIFEST, SchemaSet, schema_set

FORMAT_VERSION = 1
# Generous for a caseload export (kilobytes per household), small enough to hold in memory.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Manifest:
    format_version: int
    package_id: str
    kind: str
    sender_key_id: str  # minisign key id, 16 hex digits (normal_key_id)
    recipient_key_id: str  # the recipient's age1… public key
    created_at: str  # UTC, TIMESTAMP_FORMAT
    sequence: int  # per sender, strictly increasing
    payload_sha256: str  # lower-case hex, as sha256sum prints it

    def to_bytes(self) -> bytes:
        return canonical_dumps(asdict(self))

    @property
    def created(self) -> datetime:
        return datetime.strptime(self.created_at, TIMESTAMP_FORMAT).replace(tzinfo=UTC)


@dataclass(frozen=True)
class BuiltPackage:
    data: bytes  # the file to write
    manifest: Manifest
    payload_bytes: bytes


@dataclass(frozen=True)
class OpenedPackage:
    manifest: Manifest
    payload: dict[str, Any]
    signer: SigningPublicKey
    manifest_bytes: bytes
    payload_bytes: bytes
    trusted_comment: str
    # True when ``known_packages`` already held this package id with this payload: importing
    # the same file twice is a no-op for the caller, not a replay.
    duplicate: bool = False


def normal_key_id(text: str) -> str:
    """A minisign key id as 16 upper-case hex digits (``"6553CB0CFE370CB"`` → ``"06553CB…"``)."""
    return text.upper().zfill(16)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def format_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the clock must return timezone-aware datetimes")
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def seal(
    manifest_bytes: bytes,
    payload_bytes: bytes,
    signer: Signer,
    recipients: Sequence[str],
    trusted_comment: str,
    mtime: int = 0,
) -> bytes:
    """Sign ``manifest_bytes`` and encrypt the container, without checking anything.
    ``build_package`` is the checked way in; this exists for it and for tests that need to
    produce hostile packages signed by a trusted key."""
    signature = sign(signer, manifest_bytes, trusted_comment)
    parts = ContainerParts(
        manifest=manifest_bytes,
        signature=signature.file_text().encode("utf-8"),
        payload=payload_bytes,
    )
    return encrypt(pack(parts, mtime=mtime), recipients)


def build_package(
    kind: str,
    payload: Mapping[str, Any],
    signer: Signer,
    recipient_public: str,
    sequence: int,
    clock: Clock,
    *,
    package_id: uuid.UUID | None = None,
    extra_recipients: Sequence[str] = (),
    schemas: SchemaSet | None = None,
) -> BuiltPackage:
    """Make a package of ``kind`` for ``recipient_public`` (``age1…``).

    Pure: writes nothing; the caller stores the file and records ``sequence`` as used.
    ``extra_recipients`` (e.g. the organisation's archive key) can also decrypt it, but the
    manifest names only ``recipient_public``. Raises ``ValidationError`` with code
    ``unknown_kind``, ``payload_not_encodable`` or ``payload_schema_invalid`` (``facts["problems"]``
    lists JSON paths, never values)."""
    schemas = schemas or schema_set()
    if kind not in KINDS:
        raise ValidationError("unknown_kind", kind=kind)
    if isinstance(sequence, bool) or not 1 <= sequence <= 999_999_999_999_999:
        raise ValidationError("bad_sequence")
    try:
        payload_bytes = canonical_dumps(dict(payload))
    except ValueError as exc:
        raise ValidationError("payload_not_encodable", str(exc)) from None
    problems = schemas.problems(kind, strict_loads(payload_bytes))
    if problems:
        raise ValidationError("payload_schema_invalid", kind=kind, problems=problems)
    created = clock()
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        package_id=str(package_id or uuid.uuid4()),
        kind=kind,
        sender_key_id=signer.public_key.key_id_hex,
        recipient_key_id=recipient_public,
        created_at=format_timestamp(created),
        sequence=sequence,
        payload_sha256=sha256_hex(payload_bytes),
    )
    manifest_problems = schemas.problems(MANIFEST, asdict(manifest))
    if manifest_problems:  # e.g. a recipient that is not an age1… key
        raise ValidationError("manifest_invalid", problems=manifest_problems)
    comment = (
        f"timestamp:{int(created.timestamp())}\tfile:{MANIFEST_NAME}\t"
        f"package:{manifest.package_id}\tkind:{kind}\tsequence:{sequence}"
    )
    data = seal(
        manifest.to_bytes(),
        payload_bytes,
        signer,
        [recipient_public, *extra_recipients],
        comment,
        mtime=int(created.timestamp()),
    )
    return BuiltPackage(data=data, manifest=manifest, payload_bytes=payload_bytes)


def read_limited(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file to import, refusing (``too_large``) before reading more than ``max_bytes``.
    ``OSError`` (missing, unreadable) is left to the caller: that is not a rejected input."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RejectedInput(reasons.TOO_LARGE, "file exceeds the size limit", max_bytes=max_bytes)
    return data


def _verify(
    parts: ContainerParts, trusted: Mapping[bytes, SigningPublicKey]
) -> tuple[SigningPublicKey, MinisignSignature]:
    signature = MinisignSignature.from_file_bytes(parts.signature)
    signer = trusted.get(signature.key_id)
    if signer is None:
        raise RejectedInput(reasons.UNKNOWN_SIGNER, "signed by a key that is not trusted")
    signer.verify(parts.manifest, signature)
    return signer, signature


def _manifest(manifest_bytes: bytes, schemas: SchemaSet) -> Manifest:
    value = strict_loads(manifest_bytes)
    if not isinstance(value, dict):
        raise RejectedInput(reasons.SCHEMA_INVALID, "manifest is not an object", schema=MANIFEST)
    version = value.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise RejectedInput(reasons.UNKNOWN_VERSION, "unsupported format version")
    if value.get("kind") not in KINDS:
        raise RejectedInput(reasons.UNKNOWN_KIND, "unknown package kind")
    schemas.check(MANIFEST, value)
    # minisign prints a key id without leading zeros; ours always has 16 digits.
    return Manifest(**{**value, "sender_key_id": normal_key_id(value["sender_key_id"])})


def open_package(
    raw_bytes: bytes,
    identity: EncryptionIdentity | Sequence[EncryptionIdentity],
    trusted_signers: Iterable[SigningPublicKey],
    expected_recipient: str | Collection[str],
    last_sequence_by_signer: Mapping[str, int],
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    accepted_kinds: Collection[str] = KINDS,
    known_packages: Mapping[str, str] | None = None,
    schemas: SchemaSet | None = None,
) -> OpenedPackage:
    """Decrypt, verify and validate an untrusted package, in the order of S22.

    Size cap → decrypt → unpack → verify the signature over the raw manifest bytes → strict
    parse of the manifest (any strict JSON spelling: the signature covers the bytes) →
    version, kind, manifest schema → signer matches manifest → recipient → kind accepted
    here → replay → payload hash → strict parse → payload schema.

    ``expected_recipient`` is our ``age1…`` key, or several (after a key change, packages
    made for the previous key are still ours). A refusal after the signature verified carries
    what is known of the package in ``facts`` (``signer_key_id``, then ``package_id``,
    ``kind``, ``sequence``, ``payload_sha256``), so the receiver can answer with a receipt.

    ``last_sequence_by_signer`` maps minisign key ids (``key_id_hex``) to the highest sequence
    already accepted; ``known_packages`` maps already imported package ids to their payload
    hash, so that opening the same package again returns ``duplicate=True`` instead of being
    refused as a replay. Pure: writes nothing; the caller records the sequence after its commit.

    Raises only ``RejectedInput``, whose ``reason`` is one of ``reasons.ALL_REASONS``."""
    known: dict[str, Any] = {}
    recipients = (
        {expected_recipient} if isinstance(expected_recipient, str) else set(expected_recipient)
    )
    try:
        return _open(
            raw_bytes,
            identity,
            trusted_signers,
            recipients,
            last_sequence_by_signer,
            max_bytes,
            accepted_kinds,
            known_packages or {},
            schemas or schema_set(),
            known,
        )
    except RejectedInput as error:
        for name, value in known.items():
            error.facts.setdefault(name, value)
        raise
    except RecursionError:
        raise RejectedInput(reasons.TOO_DEEP, "input nested too deeply") from None
    except Exception:  # a trust boundary: nothing but RejectedInput may reach the caller
        raise RejectedInput(reasons.UNREADABLE, "unreadable package") from None


def _open(
    raw: bytes,
    identity: EncryptionIdentity | Sequence[EncryptionIdentity],
    trusted_signers: Iterable[SigningPublicKey],
    recipients: set[str],
    last_sequence_by_signer: Mapping[str, int],
    max_bytes: int,
    accepted_kinds: Collection[str],
    known_packages: Mapping[str, str],
    schemas: SchemaSet,
    known: dict[str, Any],
) -> OpenedPackage:
    if len(raw) > max_bytes:
        raise RejectedInput(reasons.TOO_LARGE, "package exceeds the size limit")
    identities = [identity] if isinstance(identity, EncryptionIdentity) else list(identity)
    parts = unpack(decrypt(raw, identities))
    signer, signature = _verify(parts, {key.key_id: key for key in trusted_signers})
    known["signer_key_id"] = signer.key_id_hex
    manifest = _manifest(parts.manifest, schemas)
    if manifest.sender_key_id != signer.key_id_hex:
        raise RejectedInput(reasons.SENDER_MISMATCH, "manifest names another sender")
    known.update(package_id=manifest.package_id, kind=manifest.kind,
                 sequence=manifest.sequence, payload_sha256=manifest.payload_sha256)
    if manifest.recipient_key_id not in recipients:
        raise RejectedInput(reasons.WRONG_RECIPIENT, "package was made for another recipient")
    if manifest.kind not in accepted_kinds:
        raise RejectedInput(reasons.UNEXPECTED_KIND, "this kind of package is not accepted here")
    known_hash = known_packages.get(manifest.package_id)
    duplicate = known_hash is not None and known_hash == manifest.payload_sha256
    if known_hash is not None and not duplicate:
        raise RejectedInput(reasons.REPLAYED, "package id reused with other content")
    last = last_sequence_by_signer.get(manifest.sender_key_id, 0)
    if not duplicate and manifest.sequence <= last:
        raise RejectedInput(
            reasons.REPLAYED,
            "sequence is not newer than the last accepted package",
            sequence=manifest.sequence,
            last_sequence=last,
        )
    if sha256_hex(parts.payload) != manifest.payload_sha256:
        raise RejectedInput(reasons.PAYLOAD_HASH_MISMATCH, "payload does not match the manifest")
    payload = strict_loads(parts.payload)
    if not isinstance(payload, dict):
        raise RejectedInput(
            reasons.SCHEMA_INVALID, "payload is not an object", schema=manifest.kind
        )
    schemas.check(manifest.kind, payload)
    return OpenedPackage(
        manifest=manifest,
        payload=payload,
        signer=signer,
        manifest_bytes=parts.manifest,
        payload_bytes=parts.payload,
        trusted_comment=signature.trusted_comment,
        duplicate=duplicate,
    )
