"""The write-ahead log left by a writer that stopped without a checkpoint (a crash, a kill, an
empty battery): what it held, what SQLite applied, and whether the difference is more than the
torn tail of the last write.

SQLite reads a WAL up to the first frame whose salts or running checksum do not match, and
applies the transactions before it; that is how a write cut off halfway is survived. A damaged
WAL looks the same to SQLite: every committed transaction after the damage is dropped without a
word and the file is deleted on close. So before SQLCipher opens a vault with a non-empty WAL we
keep a copy (``vault.db-wal.kept-…``, 0600; its pages stay encrypted) and read the frame headers
ourselves (https://sqlite.org/fileformat.html#the_write_ahead_log — SQLCipher encrypts the page
images, not the headers; the checksums cover the encrypted bytes). After opening we compare what
SQLite applied with the commit frames the file held.

Only the last transaction can be torn by a crash: SQLite (``synchronous=FULL``) syncs the WAL
header before the first frame and the WAL at every commit. So the WAL is damaged when its header
is invalid while frames follow, or when more than one intact commit frame was not applied. Damage
that hits only the last transaction cannot be told from a torn write; that limit is documented
in docs/security.md. A WAL whose pages do not authenticate under this vault's key (another
vault's WAL copied in) is set aside before SQLite can apply it."""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.integrity import Finding
from ..files import write_private

WAL_HEADER = 32
FRAME_HEADER = 24
_MAGIC = (0x377F0682, 0x377F0683)  # low bit: checksums big-endian
_VERSION = 3007000
KEPT_PREFIX = "-wal.kept-"

# SQLCipher 4 page layout (the defaults our engine uses): each page ends with a reserved area of
# a 16-byte IV and a 64-byte HMAC-SHA512 over the ciphertext, the IV and the page number; page 1
# starts with the 16-byte salt the HMAC key is derived from.
_SALT = 16
_IV = 16
_HMAC = 64
_RESERVE = 80
_HMAC_KDF_ITERATIONS = 2
_HMAC_SALT_MASK = 0x3A


def _checksum(data: bytes, seed: tuple[int, int], big_endian: bool) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    s0, s1 = seed
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


@dataclass(frozen=True)
class Frame:
    index: int
    page: int
    commit: bool  # the last frame of a transaction (its header holds the database size)
    salts: tuple[int, int]
    intact: bool  # its checksum matches, seeded with the stored checksum before it
    offset: int


@dataclass(frozen=True)
class WalContents:
    """The frames of one WAL file, read the way SQLite reads them, and without stopping."""

    header_ok: bool
    salts: tuple[int, int]
    frames: tuple[Frame, ...]
    applied: int  # frames SQLite will apply: through the last commit of the valid prefix
    has_content: bool  # anything after the header but zeros

    def unapplied_commits(self, applied: int) -> int:
        """Intact commit frames of this WAL's generation at or after frame ``applied``."""
        return sum(1 for f in self.frames[applied:]
                   if f.commit and f.intact and f.salts == self.salts)

    def damaged(self, applied: int) -> bool:
        """More was committed than SQLite applied, beyond what a torn last write explains."""
        if not self.frames or not self.has_content:
            return False  # no complete frame: nothing committed could have been in it
        if not self.header_ok:
            return True  # the header is synced before any frame; it is never torn
        return self.unapplied_commits(applied) >= 2


def read_wal(data: bytes, page_size: int) -> WalContents:
    if len(data) < WAL_HEADER:
        return WalContents(False, (0, 0), (), 0, any(data))
    magic, version, size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:WAL_HEADER])
    big = bool(magic & 1) if magic in _MAGIC else False
    header_ok = (magic in _MAGIC and version == _VERSION and size == page_size
                 and _checksum(data[:24], (0, 0), big) == (c1, c2))
    frame_size = FRAME_HEADER + page_size
    frames: list[Frame] = []
    seed = (c1, c2)
    for index in range((len(data) - WAL_HEADER) // frame_size):
        offset = WAL_HEADER + index * frame_size
        page, db_size, s1, s2, f1, f2 = struct.unpack(">6I", data[offset:offset + FRAME_HEADER])
        body = data[offset:offset + 8] + data[offset + FRAME_HEADER:offset + frame_size]
        intact = page != 0 and _checksum(body, seed, big) == (f1, f2)
        frames.append(Frame(index, page, db_size != 0, (s1, s2), intact, offset))
        seed = (f1, f2)
    applied = 0
    if header_ok:
        for frame in frames:  # SQLite's rule: the chain from the header, in our generation
            if not frame.intact or frame.salts != (salt1, salt2):
                break
            if frame.commit:
                applied = frame.index + 1
    return WalContents(header_ok, (salt1, salt2), tuple(frames), applied,
                       any(data[WAL_HEADER:]))


class PageAuthenticator:
    """Checks a page image against SQLCipher's HMAC under our key, without SQLCipher: so a WAL
    from another vault is recognised before SQLite applies it to this one."""

    def __init__(self, key: bytes | bytearray, first_page: bytes, page_size: int) -> None:
        self._page_size = page_size
        salt = bytes(b ^ _HMAC_SALT_MASK for b in first_page[:_SALT])
        self._key = hashlib.pbkdf2_hmac("sha512", bytes(key), salt, _HMAC_KDF_ITERATIONS, 32)

    def verify(self, page_no: int, image: bytes) -> bool:
        if len(image) != self._page_size:
            return False
        start = _SALT if page_no == 1 else 0
        end = self._page_size - _RESERVE
        mac = hmac.new(self._key, image[start:end + _IV] + page_no.to_bytes(4, "little"),
                       hashlib.sha512).digest()
        return hmac.compare_digest(mac, image[end + _IV:end + _IV + _HMAC])

    @classmethod
    def for_database(cls, key: bytes | bytearray, database: Path,
                     page_size: int) -> PageAuthenticator | None:
        """None when page 1 of the database itself does not authenticate: then the database is
        damaged or not ours (opening refuses it), or SQLCipher changed its page format — either
        way we cannot judge the WAL and leave it to SQLite."""
        with database.open("rb") as fh:
            first = fh.read(page_size)
        auth = cls(key, first, page_size)
        return auth if auth.verify(1, first) else None


def foreign_frames(contents: WalContents, data: bytes, auth: PageAuthenticator,
                   page_size: int) -> int:
    """How many of the frames SQLite would apply do not authenticate under our key."""
    bad = 0
    for frame in contents.frames[:contents.applied]:
        start = frame.offset + FRAME_HEADER
        if not auth.verify(frame.page, data[start:start + page_size]):
            bad += 1
    return bad


def kept_copies(database: Path) -> list[Path]:
    return sorted(database.parent.glob(f"{database.name}{KEPT_PREFIX}*"))


def keep_copy(database: Path, data: bytes, now: datetime) -> Path:
    """Write the WAL's bytes next to the vault, 0600, whole or not at all."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = database.with_name(f"{database.name}{KEPT_PREFIX}{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = database.with_name(f"{database.name}{KEPT_PREFIX}{stamp}-{n}")
    write_private(target, data)
    return target


@dataclass(frozen=True)
class WalGuard:
    """A WAL found at opening: its copy, what it held, and whether it was set aside."""

    contents: WalContents
    kept: Path
    foreign: bool

    def settle(self, applied: int | None) -> Finding | None:
        """After SQLite opened the vault and applied ``applied`` frames (None: unknown, use
        SQLite's rule): a finding when changes are missing, else the copy is removed."""
        if self.foreign:
            return Finding("wal_foreign", {"file": self.kept.name})
        done = self.contents.applied if applied is None else applied
        if self.contents.damaged(done):
            return Finding("wal_lost", {"file": self.kept.name,
                                        "commits": self.contents.unapplied_commits(done)})
        self.kept.unlink(missing_ok=True)
        return None


def guard_before_open(database: Path, key: bytes | bytearray, page_size: int,
                      now: datetime) -> WalGuard | None:
    """Keep a copy of a non-empty WAL before SQLite reads it, and set aside a WAL whose pages
    are not this vault's. None when there is no WAL to look at, or when page 1 of the database
    does not authenticate (opening refuses the database; nothing is touched)."""
    wal = database.with_name(database.name + "-wal")
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if not data:
        return None
    auth = PageAuthenticator.for_database(key, database, page_size)
    if auth is None:
        return None
    contents = read_wal(data, page_size)
    kept = keep_copy(database, data, now)
    foreign = foreign_frames(contents, data, auth, page_size) > 0
    if foreign:  # the copy is kept; SQLite must not apply pages it cannot decrypt
        for side in (wal, database.with_name(database.name + "-shm")):
            side.unlink(missing_ok=True)
    return WalGuard(contents, kept, foreign)
