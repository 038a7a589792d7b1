"""Correcting the record, and documents in the file (issue 13, parts 3 and 4).

A case file is evidence: nothing in it is overwritten silently. A *correction* changes what an
entry says and keeps what it said before, who changed it, when and why. A *withdrawal* takes an
entry made in the wrong household out of every view, printout and export, and keeps it, with the
reason, beside the audit trail. An *attachment* is a PDF or image kept inside the vault.

Pure: what these are, how a file's first bytes say what it is, and how text is searched."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024  # issue 13: at most 25 MB per file
MAX_IMAGE_PIXELS = 80_000_000  # a 600 dpi A4 scan is 35 MP; more is a decompression bomb
MIN_REASON = 3  # "fout" is a reason; "x" is not


class RecordKind(enum.StrEnum):
    """What can be corrected (journal entries, incidents, checklist answers) or withdrawn
    (journal entries, incidents). The value is the table the entry lives in."""

    JOURNAL = "journal_entry"
    INCIDENT = "incident"
    CHECKLIST_ANSWER = "checklist_run"


WITHDRAWABLE = (RecordKind.JOURNAL, RecordKind.INCIDENT)


@dataclass(frozen=True)
class Correction:
    """One correction: ``before`` and ``after`` hold only the fields that changed (JSON-ready:
    dates as ISO text, enums as their values). For a checklist answer ``item`` is the question."""

    id: int
    household_id: int
    kind: RecordKind
    object_id: int
    item: str
    before: Mapping[str, object]
    after: Mapping[str, object]
    reason: str
    author: str
    at: datetime


@dataclass(frozen=True)
class Withdrawal:
    """An entry taken out of the household's file; ``snapshot`` is the whole entry as it was."""

    id: int
    household_id: int
    kind: RecordKind
    object_id: int
    snapshot: Mapping[str, object]
    reason: str
    author: str
    at: datetime


class MediaType(enum.StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"

    @property
    def label(self) -> str:
        return {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}[self.value]

    @property
    def is_image(self) -> bool:
        return self is not MediaType.PDF


EXTENSIONS = {".pdf": MediaType.PDF, ".jpg": MediaType.JPEG, ".jpeg": MediaType.JPEG,
              ".png": MediaType.PNG}
PDF_HEADER_WINDOW = 1024  # PDF readers accept a few bytes before "%PDF-"; so do we, this many


def type_by_name(name: str) -> MediaType | None:
    """What the file's name says it is (its extension), or None for a kind we do not keep."""
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower()) if dot >= 0 else None


def sniff(head: bytes) -> MediaType | None:
    """What the file's first bytes say it is (its magic number), whatever its name says."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        return MediaType.PDF
    return None


@dataclass(frozen=True)
class AttachmentInfo:
    """A document in the file, without its bytes. It belongs to the household and, optionally,
    to one person, one safety-plan version (``signed``: the scanned signed copy of that version)
    or one journal entry."""

    id: int
    household_id: int
    title: str
    file_name: str
    media_type: MediaType
    size: int
    sha256: str
    pages: int | None
    added_at: datetime
    added_by: str
    person_id: int | None = None
    plan_id: int | None = None
    plan_version: int | None = None
    journal_id: int | None = None
    signed: bool = False


# -- searching free text ---------------------------------------------------------------------------
def fold(text: str) -> str:
    """Case and accents do not matter: "Zoë" finds "zoe" and "ZOË" (SQLite's LIKE folds only
    ASCII, so search compares folded text)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(query: str) -> tuple[str, ...]:
    """The words of a query, folded; every word must occur (in any order)."""
    return tuple(dict.fromkeys(w for w in fold(query).split() if w))


def matches(text: str, words: tuple[str, ...]) -> bool:
    folded = fold(text)
    return bool(words) and all(w in folded for w in words)


def snippet(text: str, words: tuple[str, ...], width: int = 90) -> str:
    """A short piece of ``text`` around the first word found, on one line. Folding keeps the
    length of most Dutch text; where it does not, the piece is taken from the start."""
    flat = " ".join(text.split())
    folded = fold(flat)
    at = min((folded.find(w) for w in words if w in folded), default=0)
    if len(folded) != len(flat):
        at = 0
    start = max(0, at - width // 3)
    piece = flat[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")
