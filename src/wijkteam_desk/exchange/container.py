"""The plaintext inside the age layer: a plain (uncompressed) tar archive holding exactly
``manifest.json``, ``manifest.json.minisig`` and ``payload.json``, in that order.

tar because every operating system a VT employee uses ships a tool that unpacks it (GNU tar,
bsdtar on macOS and Windows 10+). Written deterministically (ustar). Read by our own strict
reader, not ``tarfile``: ``tarfile`` parses pax and GNU long-name records of any size and
expands sparse members to their claimed size when read, so a 4 KB package could make it
allocate gigabytes before any signature is checked. Here every header is checked (checksum,
type, size against small limits, the space left) before a byte of its content is looked at.

Accepted: ustar and GNU headers, and pax ``x`` records (as bsdtar and ``tar --format=pax``
write them) with harmless keywords. Refused (``malformed_container``): every member that is not
a plain regular file (links, directories, devices, GNU sparse, long names, global pax records),
pax keywords that change a member's size, name or data layout, base-256 sizes, a bad header
checksum, names other than the expected ones, and anything but zero bytes after the last member.
``read_members`` is the general reader (the team folder uses it with its own names and limits)."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.minisig"
PAYLOAD_NAME = "payload.json"
MEMBER_NAMES = (MANIFEST_NAME, SIGNATURE_NAME, PAYLOAD_NAME)

BLOCK = 512
# A manifest is a few hundred bytes and a signature file about 300; the payload may use what is
# left of the (already capped) archive.
MEMBER_LIMITS = {MANIFEST_NAME: 16 * 1024, SIGNATURE_NAME: 4096}
MAX_PAX_RECORD = 8192
# Harmless pax keywords (timestamps, owners, extended attributes bsdtar copies from macOS).
# ``path`` is read as the member's name; ``size``, ``linkpath`` and every GNU.sparse.* are not.
_PAX_ALLOWED = frozenset({"path", "mtime", "atime", "ctime", "uid", "gid", "uname", "gname",
                          "comment", "hdrcharset", "SCHILY.dev", "SCHILY.ino", "SCHILY.nlink",
                          "LIBARCHIVE.creationtime"})
_PAX_ALLOWED_PREFIXES = ("SCHILY.xattr.", "LIBARCHIVE.xattr.")
_REGULAR = (b"0", b"\x00")
_PAX = b"x"
_USTAR_MAGIC = b"ustar\x0000"
_GNU_MAGIC = b"ustar  \x00"


@dataclass(frozen=True)
class ContainerParts:
    manifest: bytes
    signature: bytes
    payload: bytes


def pack(parts: ContainerParts, mtime: int = 0) -> bytes:
    """Deterministic tar: fixed order, owner, mode; ``mtime`` is the package's creation time."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:", format=tarfile.USTAR_FORMAT) as archive:
        for name, content in zip(
            MEMBER_NAMES, (parts.manifest, parts.signature, parts.payload), strict=True
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = 0o644
            info.mtime = mtime
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def unpack(data: bytes) -> ContainerParts:
    """The three members of a package. ``RejectedInput(malformed_container)`` for anything else."""
    manifest, signature, payload = read_members(data, MEMBER_NAMES, MEMBER_LIMITS)
    return ContainerParts(manifest=manifest, signature=signature, payload=payload)


def _refuse(why: str) -> RejectedInput:
    return RejectedInput(reasons.MALFORMED_CONTAINER, why)


def _octal(field: bytes) -> int:
    # Base-256 (first byte 0x80/0xFF) encodes sizes over 8 GiB: never needed, always refused.
    text = field.rstrip(b"\x00 ").lstrip(b" ")
    if not text:
        return 0
    if not all(48 <= b <= 55 for b in text):
        raise _refuse("header number is not octal")
    return int(text, 8)


def _checksum_ok(header: bytes) -> bool:
    stored = _octal(header[148:156])
    unsigned = sum(header[:148]) + 8 * 32 + sum(header[156:])
    signed = unsigned - 2 * sum(b for b in header[:148] + header[156:] if b > 127)
    return stored in (unsigned, signed)


def _text(field: bytes) -> str:
    raw = field.split(b"\x00", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse("member name is not UTF-8") from None


def _header_name(header: bytes) -> str:
    name = _text(header[0:100])
    if header[257:265] == _USTAR_MAGIC:
        prefix = _text(header[345:500])
        if prefix:
            name = f"{prefix}/{name}"
    elif header[257:265] == _GNU_MAGIC:
        if header[482] != 0:  # GNU "is extended": a sparse map follows
            raise _refuse("GNU sparse member")
    else:
        raise _refuse("not a ustar, GNU or pax header")
    return name


def _pax_records(content: bytes) -> dict[str, str]:
    """Parse ``"<len> <key>=<value>\\n"`` records; refuse any keyword not known to be harmless."""
    records: dict[str, str] = {}
    position = 0
    while position < len(content):
        space = content.find(b" ", position, position + 12)
        if space < 0 or not content[position:space].isdigit():
            raise _refuse("pax record without a length")
        length = int(content[position:space])
        end = position + length
        if length <= space - position + 1 or end > len(content) or content[end - 1] != 0x0A:
            raise _refuse("pax record length is wrong")
        key, equals, value = content[space + 1 : end - 1].partition(b"=")
        if not equals:
            raise _refuse("pax record without '='")
        try:
            keyword, text = key.decode("utf-8"), value.decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse("pax record is not UTF-8") from None
        if keyword not in _PAX_ALLOWED and not keyword.startswith(_PAX_ALLOWED_PREFIXES):
            raise _refuse("pax keyword not allowed")
        records[keyword] = text
        position = end
    return records


def read_members(
    data: bytes,
    names: Sequence[str],
    limits: dict[str, int] | None = None,
) -> list[bytes]:
    """The contents of exactly the regular members ``names``, in that order, from the tar
    archive ``data`` (already in memory and size-capped by the caller). ``limits`` caps single
    members by name. Never allocates more than ``len(data)`` for contents, whatever the headers
    claim. Raises ``RejectedInput(malformed_container)``."""
    limits = limits or {}
    found: list[bytes] = []
    offset = 0
    pax: dict[str, str] | None = None
    # Each regular member may be preceded by one pax record; nothing else is ever needed.
    for _ in range(2 * len(names)):
        if len(found) == len(names):
            break
        header = data[offset : offset + BLOCK]
        if len(header) < BLOCK or header == bytes(BLOCK):
            raise _refuse("archive ends before all members")
        if not _checksum_ok(header):
            raise _refuse("header checksum is wrong")
        kind, size = header[156:157], _octal(header[124:136])
        name = _header_name(header)
        start = offset + BLOCK
        if size > len(data) - start:
            raise _refuse("member is larger than the archive")
        offset = start + -(-size // BLOCK) * BLOCK
        if kind == _PAX:
            if pax is not None or size > MAX_PAX_RECORD:
                raise _refuse("unexpected or oversized pax record")
            pax = _pax_records(data[start : start + size])
            continue
        if kind not in _REGULAR:
            raise _refuse("member is not a plain regular file")
        if pax is not None:
            name = pax.get("path", name)
            pax = None
        expected = names[len(found)]
        if name != expected:
            raise _refuse("unexpected member name or order")
        if size > limits.get(expected, len(data)):
            raise _refuse("member is larger than allowed")
        found.append(data[start : start + size])
    if len(found) != len(names):
        raise _refuse("too many headers")
    if offset < len(data) and data[offset:].count(0) != len(data) - offset:
        raise _refuse("data after the last member")
    return found
