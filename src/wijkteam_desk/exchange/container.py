"""The plaintext inside the age layer: a plain (uncompressed) ustar archive holding exactly
``manifest.json``, ``manifest.json.minisig`` and ``payload.json``, in that order.

tar because every operating system a VT employee uses ships a tool that unpacks it (GNU tar,
bsdtar on macOS and Windows 10+). Written deterministically; read strictly, in memory only,
without compression (so there is nothing to bomb) and without ever touching the file system."""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.minisig"
PAYLOAD_NAME = "payload.json"
MEMBER_NAMES = (MANIFEST_NAME, SIGNATURE_NAME, PAYLOAD_NAME)


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
    """Read the three members. ``RejectedInput(malformed_container)`` for anything else: other
    or extra members, links, directories, duplicates, a wrong order, or a damaged archive."""
    try:
        contents: list[bytes] = []
        # "r:" disables compression detection: only a plain archive is accepted.
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            members = archive.getmembers()
            names = tuple(member.name for member in members)
            if names != MEMBER_NAMES or not all(member.isreg() for member in members):
                raise RejectedInput(reasons.MALFORMED_CONTAINER, "unexpected archive members")
            for member in members:
                stream = archive.extractfile(member)
                if stream is None:
                    raise RejectedInput(reasons.MALFORMED_CONTAINER, "unreadable member")
                content = stream.read()
                if len(content) != member.size:
                    raise RejectedInput(reasons.MALFORMED_CONTAINER, "member is cut off")
                contents.append(content)
    except RejectedInput:
        raise
    except Exception:  # tarfile raises many types on hostile input; this is a trust boundary
        raise RejectedInput(reasons.MALFORMED_CONTAINER, "not a readable tar archive") from None
    return ContainerParts(manifest=contents[0], signature=contents[1], payload=contents[2])
