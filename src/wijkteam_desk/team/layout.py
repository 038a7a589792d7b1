"""Where things are in the team folder, and what every name may look like.

```
TEAMFOLDER/
  <member id>/                      one subfolder per member; only that member's laptop writes it
    000000000001-roster.wteam       <15-digit sequence>-<kind>.wteam
    000000000002-bundle.wteam
    ~syncthing~000000000003-bundle.wteam.1f2e3d4c.tmp   being written; renamed when complete
```

A file is written under a temporary name that the sync engines we know leave alone, and renamed
when it is complete (a rename within one folder is atomic on every file system and SMB share):

- **Syncthing** never scans names starting with ``~syncthing~`` (or ``.syncthing.``) on any
  platform, and removes them when older than a day (``lib/fs/tempname.go``, ``IsTemporary``).
- **Nextcloud** desktop's fixed exclude list holds ``~*.tmp``.
- **OneDrive** does not upload ``.tmp`` files, and **Resilio** ignores ``~*`` and ``*.tmp``.
- On a **network share (SMB)** or a **USB stick** nothing syncs; readers see the temporary file
  while it is written and skip it by its name.

If an engine copies a temporary file anyway, every reader still skips it by name. Names are
checked before anything else: a name this format never writes is refused, never opened.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from wijkteam_desk.team import reasons

EXTENSION = ".wteam"
TEMP_PREFIX = "~syncthing~"
TEMP_SUFFIX = ".tmp"
SEQUENCE_DIGITS = 15
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
MAX_NAME_LENGTH = 120

# Kinds as they appear in a file name. Notices (takeovers, and whatever later needs) share one
# name kind so that the host of the folder cannot tell one notice from another.
NAME_KINDS = ("roster", "bundle", "notice")

# Member and household ids: lower-case letters, digits and dashes, so that a member id is a safe
# folder name on Windows, macOS and Linux alike (a uuid4 in hex, or with its dashes, fits).
ID_PATTERN = re.compile(r"[0-9a-z][0-9a-z-]{7,63}")
FILE_PATTERN = re.compile(rf"(\d{{{SEQUENCE_DIGITS}}})-({'|'.join(NAME_KINDS)})\{EXTENSION}")

# What sync engines and operating systems put into a shared folder of their own accord.
SYSTEM_NAMES = frozenset(
    {
        ".stfolder",
        ".stignore",
        ".stversions",
        ".sync",
        ".dropbox",
        ".ds_store",
        "desktop.ini",
        "thumbs.db",
        "icon\r",
        ".trashes",
        ".temporaryitems",
        "$recycle.bin",
        "system volume information",
    }
)
SYSTEM_PREFIXES = ("._", ".~lock.", "~$", ".sync-conflict", ".owncloudsync", ".nextcloudsync")


def new_id() -> str:
    """A fresh random member, team or household id (uuid4 in hex)."""
    return uuid.uuid4().hex


def is_valid_id(text: object) -> bool:
    return isinstance(text, str) and ID_PATTERN.fullmatch(text) is not None


def file_name(sequence: int, name_kind: str) -> str:
    if name_kind not in NAME_KINDS:
        raise ValueError(f"unknown name kind {name_kind!r}")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError("sequence out of range")
    return f"{sequence:0{SEQUENCE_DIGITS}d}-{name_kind}{EXTENSION}"


def temporary_name(final_name: str) -> str:
    """The name a file has while it is written (random, so two attempts never collide)."""
    return f"{TEMP_PREFIX}{final_name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def is_temporary(name: str) -> bool:
    # Syncthing's own two prefixes, whatever the platform; plus the engines' partial downloads.
    lowered = name.lower()
    return (
        lowered.startswith((TEMP_PREFIX, ".syncthing."))
        or lowered.endswith((".tmp", ".part", ".partial", ".filepart", ".crdownload"))
    )


def is_system_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in SYSTEM_NAMES or lowered.startswith(SYSTEM_PREFIXES)


def unsafe_name_reason(name: str) -> str | None:
    """``None`` when ``name`` is harmless to handle and to print, else the reason code."""
    if len(name) > MAX_NAME_LENGTH:
        return reasons.NAME_TOO_LONG
    if name in ("", ".", "..") or ".." in name or "/" in name or "\\" in name:
        return reasons.UNSAFE_NAME
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes from the file system (surrogate escapes)
        return reasons.UNSAFE_NAME
    if name.isascii() and name.isprintable():  # every name we write: no character to look at
        return None
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
        return reasons.UNSAFE_NAME
    return None


@dataclass(frozen=True)
class ParsedName:
    sequence: int
    name_kind: str


def parse_file_name(name: str) -> ParsedName | None:
    match = FILE_PATTERN.fullmatch(name)
    if match is None:
        return None
    sequence = int(match.group(1))
    if sequence < 1:
        return None
    return ParsedName(sequence=sequence, name_kind=match.group(2))


@dataclass(frozen=True)
class Entry:
    """One thing found in the team folder. ``reason`` is set when it is skipped or refused on
    its name or type alone; then nothing else about it is trusted or read."""

    path: Path
    folder: str  # the member subfolder ("" for the top level)
    name: str
    sequence: int = 0
    name_kind: str = ""
    size: int = 0
    mtime_ns: int = 0
    reason: str | None = None

    @property
    def label(self) -> str:
        """How a log line names the file: printable even for a hostile name."""
        return ascii(f"{self.folder}/{self.name}" if self.folder else self.name)[1:-1][:200]


def scan(folder: Path) -> list[Entry]:
    """Every entry of the team folder, two levels deep, with names and types checked.

    Never follows a link and never reads a file. ``OSError`` for the folder itself (missing,
    unreadable) is left to the caller: the folder not being there is not a refusal."""
    entries: list[Entry] = []
    with os.scandir(folder) as top:
        for item in sorted(top, key=lambda e: e.name):
            entries.extend(_top_level(folder, item))
    return entries


def scan_member(folder: Path, member_id: str) -> list[Entry]:
    """The entries of one member's subfolder (``[]`` when it does not exist yet)."""
    directory = folder / member_id
    try:
        with os.scandir(directory) as member_dir:
            children = sorted(member_dir, key=lambda e: e.name)
    except FileNotFoundError:
        return []
    return [_member_file(directory, member_id, child) for child in children]


def _top_level(folder: Path, item: os.DirEntry[str]) -> list[Entry]:
    name = item.name
    if is_temporary(name):
        return [Entry(folder / name, "", name, reason=reasons.TEMPORARY)]
    if is_system_name(name):
        return [Entry(folder / name, "", name, reason=reasons.SYSTEM_FILE)]
    bad = unsafe_name_reason(name)
    if bad is not None:
        return [Entry(folder / name, "", name, reason=bad)]
    if not is_valid_id(name):
        return [Entry(folder / name, "", name, reason=reasons.UNKNOWN_NAME)]
    if not item.is_dir(follow_symlinks=False):
        return [Entry(folder / name, "", name, reason=reasons.NOT_A_FILE)]
    try:
        return scan_member(folder, name)
    except OSError:
        return [Entry(folder / name, "", name, reason=reasons.NOT_A_FILE)]


def _member_file(directory: Path, member: str, item: os.DirEntry[str]) -> Entry:
    name = item.name
    path = directory / name
    if is_temporary(name):
        return Entry(path, member, name, reason=reasons.TEMPORARY)
    if is_system_name(name):
        return Entry(path, member, name, reason=reasons.SYSTEM_FILE)
    bad = unsafe_name_reason(name)
    if bad is not None:
        return Entry(path, member, name, reason=bad)
    parsed = parse_file_name(name)
    if parsed is None:
        return Entry(path, member, name, reason=reasons.UNKNOWN_NAME)
    try:
        info = item.stat(follow_symlinks=False)
    except OSError:
        return Entry(path, member, name, reason=reasons.NOT_A_FILE)
    if not stat.S_ISREG(info.st_mode):
        return Entry(path, member, name, reason=reasons.NOT_A_FILE)
    return Entry(path, member, name, sequence=parsed.sequence, name_kind=parsed.name_kind,
                 size=info.st_size, mtime_ns=info.st_mtime_ns)
