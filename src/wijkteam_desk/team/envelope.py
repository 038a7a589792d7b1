"""One team file: a signed manifest and a payload in a tar archive, encrypted with age.

The layers are those of the VT exchange (``exchange/``: canonical JSON, minisign, age, the tar
container), so the same standard tools open a team file by hand. What differs is the manifest,
which names the team, the author (member id), its sequence and compaction floor, the roster the
author wrote against, the audience and — so that a reader can tell a file meant for the whole
team from one encrypted to a subset — every recipient by member id.

Every age header holds as many X25519 stanzas as the roster has members (``stanza_count``):
files for fewer people (afgeschermd) are padded with throwaway recipients, so the host of the
folder cannot tell them apart. A reader checks the count and refuses a file with fewer stanzas
than its manifest claims (``recipients_mismatch``).

Reading checks, in order, before anything is parsed: the size (by the caller), the age header
(stanza types and count), decryption, every tar member's type, name and size (before the
container reader sees the archive), the signature over the raw manifest bytes; only then the
manifest and the payload are parsed, strictly and canonically."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pyrage import x25519

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import container
from wijkteam_desk.exchange import reasons as exchange_reasons
from wijkteam_desk.exchange.canonical import canonical_dumps, strict_loads
from wijkteam_desk.exchange.encryption import EncryptionIdentity, decrypt, encrypt
from wijkteam_desk.exchange.minisign import MinisignSignature, Signer, SigningPublicKey, sign
from wijkteam_desk.team import reasons
from wijkteam_desk.team.layout import MAX_SEQUENCE, is_valid_id
from wijkteam_desk.team.roster import Roster, is_timestamp, timestamp

FILE_FORMAT = "wijkteam-desk/team-file"
FORMAT_VERSION = 1
# Manifest kind → the kind its file name shows.
KINDS: Mapping[str, str] = {"roster": "roster", "bundle": "bundle", "reassign": "notice"}

MAX_FILE_BYTES = 16 * 1024 * 1024  # the reader refuses larger files without reading them
MAX_MANIFEST_BYTES = 64 * 1024
MAX_SIGNATURE_BYTES = 4096
MAX_HEADER_BYTES = 128 * 1024  # ~200 X25519 stanzas and room to spare
MAX_GREASE_STANZAS = 2  # rage adds one random "grease" stanza to every header
_BLOCK = 512


@dataclass(frozen=True)
class Audience:
    """Who may read a file. ``team``: every member of the roster. ``restricted``: the roster's
    teamleiders plus ``members`` (an afgeschermd household's dossierhouder; the members a
    notice is about; the members a roster change removes)."""

    restricted: bool = False
    members: tuple[str, ...] = ()

    @classmethod
    def team(cls) -> Audience:
        return cls()

    @classmethod
    def only(cls, members: Sequence[str]) -> Audience:
        return cls(True, tuple(sorted(set(members))))

    def recipients(self, roster: Roster) -> frozenset[str]:
        if not self.restricted:
            return roster.member_ids
        return roster.teamleider_ids | frozenset(self.members)

    def to_json(self) -> dict[str, Any]:
        if not self.restricted:
            return {"class": "team"}
        return {"class": "restricted", "members": list(self.members)}

    @classmethod
    def from_json(cls, value: object) -> Audience:
        if value == {"class": "team"}:
            return cls()
        if isinstance(value, dict) and set(value) == {"class", "members"}:
            members = value["members"]
            if (value["class"] == "restricted" and isinstance(members, list)
                    and all(is_valid_id(m) for m in members) and members == sorted(set(members))):
                return cls(True, tuple(members))
        raise ValueError("audience")


def stanza_count(roster: Roster, recipients: int) -> int:
    """How many X25519 stanzas a file written against ``roster`` carries."""
    return max(len(roster.members), recipients)


@dataclass(frozen=True)
class Manifest:
    team: str
    kind: str
    author: str  # member id
    author_key: str  # minisign key id (hex, as minisign prints it)
    sequence: int
    floor: int  # lowest sequence of a non-roster file the author still keeps in its subfolder
    roster_version: int
    roster_hash: str
    audience: Audience
    recipients: tuple[str, ...]  # member ids, sorted
    created_at: str
    payload_sha256: str
    acks: Mapping[str, int] = field(default_factory=dict)  # highest sequence read, per author

    def to_json(self) -> dict[str, Any]:
        return {
            "acks": dict(sorted(self.acks.items())),
            "audience": self.audience.to_json(),
            "author": self.author,
            "author_key": self.author_key,
            "created_at": self.created_at,
            "floor": self.floor,
            "format": FILE_FORMAT,
            "format_version": FORMAT_VERSION,
            "kind": self.kind,
            "payload_sha256": self.payload_sha256,
            "recipients": list(self.recipients),
            "roster_hash": self.roster_hash,
            "roster_version": self.roster_version,
            "sequence": self.sequence,
            "team": self.team,
        }

    def to_bytes(self) -> bytes:
        return canonical_dumps(self.to_json())

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        """``RejectedInput``: ``unknown_version`` or ``malformed_manifest``."""
        try:
            value = strict_loads(raw, require_canonical=True)
        except RejectedInput:
            raise RejectedInput(reasons.MALFORMED_MANIFEST, "manifest is not canonical JSON")\
                from None
        if not isinstance(value, dict):
            raise RejectedInput(reasons.MALFORMED_MANIFEST, "manifest is not an object")
        if value.get("format") != FILE_FORMAT or value.get("format_version") != FORMAT_VERSION:
            raise RejectedInput(reasons.UNKNOWN_VERSION, "not a team file of a known version")
        try:
            return cls._from_json(value)
        except (ValueError, TypeError, KeyError) as exc:
            raise RejectedInput(reasons.MALFORMED_MANIFEST, f"manifest: {exc}") from None

    @classmethod
    def _from_json(cls, value: dict[str, Any]) -> Manifest:
        if set(value) != set(cls._fields()):
            raise ValueError("fields")
        ints = ("sequence", "floor", "roster_version")
        if any(type(value[k]) is not int or not 1 <= value[k] <= MAX_SEQUENCE for k in ints):
            raise ValueError("numbers")
        if value["floor"] > value["sequence"]:
            raise ValueError("floor above sequence")
        if value["kind"] not in KINDS:
            raise ValueError("kind")
        ids = [value["team"], value["author"], *value["recipients"], *value["acks"]]
        if not all(is_valid_id(i) for i in ids):
            raise ValueError("ids")
        if value["recipients"] != sorted(set(value["recipients"])):
            raise ValueError("recipients not unique and sorted")
        acks = value["acks"]
        if not isinstance(acks, dict) or any(
            type(n) is not int or not 0 <= n <= MAX_SEQUENCE for n in acks.values()
        ):
            raise ValueError("acks")
        for key in ("roster_hash", "payload_sha256"):
            if not _is_hex(value[key], 64):
                raise ValueError(key)
        if not _is_hex(value["author_key"], 16, upper=True) or not is_timestamp(
            value["created_at"]
        ):
            raise ValueError("author_key or created_at")
        return cls(
            team=value["team"], kind=value["kind"], author=value["author"],
            author_key=value["author_key"], sequence=value["sequence"], floor=value["floor"],
            roster_version=value["roster_version"], roster_hash=value["roster_hash"],
            audience=Audience.from_json(value["audience"]),
            recipients=tuple(value["recipients"]), created_at=value["created_at"],
            payload_sha256=value["payload_sha256"], acks=dict(acks),
        )

    @staticmethod
    def _fields() -> tuple[str, ...]:
        return ("acks", "audience", "author", "author_key", "created_at", "floor", "format",
                "format_version", "kind", "payload_sha256", "recipients", "roster_hash",
                "roster_version", "sequence", "team")


def _is_hex(text: object, length: int, upper: bool = False) -> bool:
    digits = "0123456789ABCDEF" if upper else "0123456789abcdef"
    return isinstance(text, str) and len(text) == length and all(c in digits for c in text)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- writing ----------------------------------------------------------------------------------
def seal(manifest: Manifest, payload_bytes: bytes, signer: Signer,
         recipient_keys: Sequence[str], stanzas: int, created: datetime) -> bytes:
    """Sign the manifest, pack, and encrypt to ``recipient_keys`` padded with throwaway keys
    up to ``stanzas`` (in random order). Checks nothing: ``writer.py`` builds the manifest."""
    manifest_bytes = manifest.to_bytes()
    comment = (f"wijkteam-desk team-file team:{manifest.team} author:{manifest.author} "
               f"sequence:{manifest.sequence} kind:{manifest.kind}")
    signature = sign(signer, manifest_bytes, comment)
    parts = container.ContainerParts(
        manifest=manifest_bytes,
        signature=signature.file_text().encode("utf-8"),
        payload=payload_bytes,
    )
    padding = [str(x25519.Identity.generate().to_public())
               for _ in range(stanzas - len(recipient_keys))]
    everyone = [*recipient_keys, *padding]
    secrets.SystemRandom().shuffle(everyone)
    return encrypt(_trimmed(container.pack(parts, mtime=int(created.timestamp()))), everyone)


def _trimmed(tar: bytes) -> bytes:
    # tarfile pads an archive to a 10 KiB record; two zero blocks end it just as well, and a
    # small notice should not weigh 10 KiB in everyone's folder.
    offset = 0
    for _ in container.MEMBER_NAMES:
        size = _octal(tar[offset + 124 : offset + 136]) or 0
        offset += _BLOCK + -(-size // _BLOCK) * _BLOCK
    return tar[: offset + 2 * _BLOCK]


def created_at(moment: datetime) -> str:
    return timestamp(moment)


# -- reading ----------------------------------------------------------------------------------
def x25519_stanzas(data: bytes) -> int:
    """Count the X25519 recipient stanzas of an age header without decrypting anything.
    ``RejectedInput``: ``not_age``, ``truncated`` (the header never ends), ``bad_envelope``
    (another recipient type, too many grease stanzas, an over-long header)."""
    if not data.startswith(b"age-encryption.org/v1\n"):
        raise RejectedInput(reasons.NOT_AGE, "not an age file")
    end = data.find(b"\n--- ", 0, MAX_HEADER_BYTES)
    if end < 0:
        if len(data) < MAX_HEADER_BYTES:
            raise RejectedInput(reasons.TRUNCATED, "age header is incomplete")
        raise RejectedInput(reasons.BAD_ENVELOPE, "age header is too long")
    lines = data[: end + 1].split(b"\n")[1:-1]
    x25519_count = grease = 0
    index = 0
    while index < len(lines):
        words = lines[index].split(b" ")
        if len(words) < 2 or words[0] != b"->":
            raise RejectedInput(reasons.BAD_ENVELOPE, "malformed age stanza")
        if words[1] == b"X25519" and len(words) == 3:
            x25519_count += 1
        elif words[1].endswith(b"-grease"):
            grease += 1
        else:
            raise RejectedInput(reasons.BAD_ENVELOPE, "age stanza of a foreign type")
        index += 1
        # The body is base64 in lines of 64 columns; a shorter line ends it.
        while index < len(lines) and len(lines[index]) == 64:
            index += 1
        index += 1
    if grease > MAX_GREASE_STANZAS or index != len(lines):
        raise RejectedInput(reasons.BAD_ENVELOPE, "unexpected age stanzas")
    return x25519_count


_EXCHANGE_TO_TEAM = {
    exchange_reasons.DECRYPT_FAILED: reasons.NOT_FOR_US,
    exchange_reasons.NOT_AGE: reasons.NOT_AGE,
    exchange_reasons.TRUNCATED: reasons.TRUNCATED,
    exchange_reasons.CORRUPTED: reasons.CORRUPTED,
}


def open_age(data: bytes, identities: Sequence[EncryptionIdentity]) -> bytes:
    """Decrypt; ``RejectedInput`` with ``not_for_us``, ``not_age``, ``truncated``,
    ``corrupted``."""
    try:
        return decrypt(data, identities)
    except RejectedInput as error:
        raise RejectedInput(_EXCHANGE_TO_TEAM.get(error.reason, reasons.CORRUPTED),
                            str(error)) from None


def check_tar(plaintext: bytes, max_payload: int = MAX_FILE_BYTES) -> None:
    """Walk the tar headers ourselves before the container reader sees them: exactly the three
    members in order, each a plain regular file (no link, sparse, pax or GNU extension header),
    no prefix, each within its size limit, and nothing but zero blocks after them.
    ``RejectedInput(bad_tar_member)``."""
    limits = (MAX_MANIFEST_BYTES, MAX_SIGNATURE_BYTES, max_payload)
    offset = 0
    for expected, limit in zip(container.MEMBER_NAMES, limits, strict=True):
        header = plaintext[offset : offset + _BLOCK]
        if len(header) < _BLOCK:
            raise RejectedInput(reasons.BAD_TAR_MEMBER, "archive ends early")
        if header[:100].rstrip(b"\0") != expected.encode("ascii"):
            raise RejectedInput(reasons.BAD_TAR_MEMBER, "unexpected member name")
        if header[156:157] not in (b"0", b"\0") or header[157:257].strip(b"\0"):
            raise RejectedInput(reasons.BAD_TAR_MEMBER, "member is not a regular file")
        if header[257:262] != b"ustar" or header[345:500].strip(b"\0"):
            raise RejectedInput(reasons.BAD_TAR_MEMBER, "not a plain ustar member")
        if _tar_checksum(header) != _octal(header[148:156]):
            raise RejectedInput(reasons.BAD_TAR_MEMBER, "header checksum")
        size = _octal(header[124:136])
        if size is None or size > limit:
            raise RejectedInput(reasons.BAD_TAR_MEMBER, "member size", member=expected)
        offset += _BLOCK + -(-size // _BLOCK) * _BLOCK
        if offset > len(plaintext):
            raise RejectedInput(reasons.BAD_TAR_MEMBER, "member is cut off")
    if plaintext[offset:].strip(b"\0"):
        raise RejectedInput(reasons.BAD_TAR_MEMBER, "data after the last member")


def _octal(field_bytes: bytes) -> int | None:
    text = field_bytes.rstrip(b"\0 ").lstrip(b" ")
    if not text or any(c not in b"01234567" for c in text):
        return None
    return int(text, 8)


def _tar_checksum(header: bytes) -> int:
    return sum(header[:148]) + 8 * 32 + sum(header[156:])


def unpack(plaintext: bytes, max_payload: int = MAX_FILE_BYTES) -> container.ContainerParts:
    check_tar(plaintext, max_payload)
    try:
        return container.unpack(plaintext)
    except RejectedInput:
        raise RejectedInput(reasons.MALFORMED_CONTAINER, "tar archive") from None


def read_signature(parts: container.ContainerParts) -> MinisignSignature:
    try:
        return MinisignSignature.from_file_bytes(parts.signature)
    except RejectedInput:
        raise RejectedInput(reasons.MALFORMED_SIGNATURE, "not a minisign signature") from None


def verify_manifest(parts: container.ContainerParts, signature: MinisignSignature,
                    key: SigningPublicKey) -> Manifest:
    """Verify the signature over the raw manifest bytes, then parse them."""
    try:
        key.verify(parts.manifest, signature)
    except RejectedInput:
        raise RejectedInput(reasons.BAD_SIGNATURE, "signature does not verify") from None
    manifest = Manifest.from_bytes(parts.manifest)
    if manifest.author_key != key.key_id_hex:
        raise RejectedInput(reasons.WRONG_AUTHOR, "manifest names another key")
    return manifest


def read_payload(parts: container.ContainerParts, manifest: Manifest) -> dict[str, Any]:
    if sha256_hex(parts.payload) != manifest.payload_sha256:
        raise RejectedInput(reasons.PAYLOAD_HASH_MISMATCH, "payload does not match")
    try:
        value = strict_loads(parts.payload, require_canonical=True)
    except RejectedInput:
        raise RejectedInput(reasons.MALFORMED_PAYLOAD, "payload is not canonical JSON") from None
    if not isinstance(value, dict):
        raise RejectedInput(reasons.MALFORMED_PAYLOAD, "payload is not an object")
    return value
