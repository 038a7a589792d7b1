"""Documents in the file (issue 13, part 4): a PDF, JPEG or PNG of at most 25 MB, attached to a
household and optionally to one person, one safety-plan version (the scanned signed copy: the
"getekende versie") or one journal entry.

The bytes go into the vault and nowhere else: the file is read into memory, checked, and stored
in the same encrypted database as the rest of the file (so backups carry it). A file is refused
before anything is stored, with a reason the screens say in Dutch (``RejectedInput``):
- larger than 25 MB: refused from its size alone, before it is opened;
- empty, not a regular file, or unreadable;
- not a kind we keep, or not what its name says (the first bytes decide, not the extension);
- a PDF that does not parse, an image that does not decode or has too many pixels.
Viewing returns the bytes to the caller (the screens render them in memory); saving a copy goes
only where the user chose. Viewing, saving and deleting are audited; deleting removes the bytes
(``secure_delete``) and empties the write-ahead log. Attachments are not exported to Veilig Thuis
(docs/exchange-format.md).

Errors: ``RejectedInput`` (reasons ``attachment_*``, ``unreadable``), ``ValidationError``
(``person_other_household``, ``plan_other_household``, ``journal_other_household``,
``signed_needs_plan``, ``attachment_duplicate``, ``empty``, ``too_long``), ``NotFound``."""

from __future__ import annotations

import hashlib
import io
import stat
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import RejectedInput, ValidationError
from ..domain.record import (
    MAX_ATTACHMENT_BYTES,
    MAX_IMAGE_PIXELS,
    PDF_HEADER_WINDOW,
    AttachmentInfo,
    MediaType,
    sniff,
    type_by_name,
)
from ..files import write_private
from ..pdf_engine import PDFIUM
from ..storage.uow import SqlUnitOfWork

CHUNK = 1 << 20
MAX_TITLE = 200
MAX_FILE_NAME = 300


@dataclass(frozen=True)
class AttachmentList:
    items: tuple[AttachmentInfo, ...]
    count: int
    total_bytes: int


@dataclass(frozen=True)
class AttachmentContent:
    info: AttachmentInfo
    data: bytes


def read_limited(path: Path, limit: int = MAX_ATTACHMENT_BYTES) -> bytes:
    """The file's bytes. The size is checked before the file is opened, and again while
    reading (a file that grows, or a device that reports no size), so a 2 GB file is never read
    into memory."""
    try:
        info = path.stat()
    except OSError:
        raise RejectedInput("unreadable", file=path.name) from None
    if not stat.S_ISREG(info.st_mode):
        raise RejectedInput("attachment_not_a_file", file=path.name)
    if info.st_size > limit:
        raise RejectedInput("attachment_too_large", file=path.name)
    if info.st_size == 0:
        raise RejectedInput("attachment_empty", file=path.name)
    return _read_chunks(path, limit)


def _read_chunks(path: Path, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise RejectedInput("attachment_too_large", file=path.name)
                parts.append(chunk)
    except OSError:
        raise RejectedInput("unreadable", file=path.name) from None
    if not size:
        raise RejectedInput("attachment_empty", file=path.name)
    return b"".join(parts)


def pdf_pages(data: bytes) -> int:
    """The number of pages; ``attachment_pdf_unreadable`` when pdfium cannot open the document
    or its first page (damaged, or protected with a password)."""
    import pypdfium2 as pdfium  # the PDF engine loads only when a PDF is attached

    with PDFIUM:  # the viewer or the print dialog may be rendering in another worker
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            raise RejectedInput("attachment_pdf_unreadable") from None
        try:
            count = len(doc)
            if count < 1:
                raise RejectedInput("attachment_pdf_unreadable")
            doc[0].close()
            return count
        except pdfium.PdfiumError:
            raise RejectedInput("attachment_pdf_unreadable") from None
        finally:
            doc.close()


def check_image(data: bytes, media: MediaType) -> None:
    """Decode the image (a JPEG at an eighth of its size: every byte is still read) so a
    damaged or cut-off image is refused; refuse more than ``MAX_IMAGE_PIXELS`` pixels."""
    from PIL import Image  # Pillow, there for reportlab already; declared in pyproject

    fmt = "PNG" if media is MediaType.PNG else "JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                width, height = image.size
                if width < 1 or height < 1:
                    raise RejectedInput("attachment_image_unreadable")
                if width * height > MAX_IMAGE_PIXELS:
                    raise RejectedInput("attachment_image_too_big")
                if media is MediaType.PNG:
                    image.verify()  # every chunk and its checksum, without the pixels
                else:
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise RejectedInput("attachment_image_too_big") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise RejectedInput("attachment_image_unreadable") from None


def inspect(name: str, data: bytes) -> tuple[MediaType, int | None]:
    """What the file is and (for a PDF) how many pages; refuses a kind we do not keep and a
    file that is not what its name says."""
    expected = type_by_name(name)
    if expected is None:
        raise RejectedInput("attachment_type", file=name)
    if sniff(data[:PDF_HEADER_WINDOW]) is not expected:
        raise RejectedInput("attachment_mismatch", file=name)
    if expected is MediaType.PDF:
        return expected, pdf_pages(data)
    check_image(data, expected)
    return expected, None


class AttachmentService:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork],
                 checkpoint: Callable[[], None] = lambda: None) -> None:
        self._uow = uow_factory
        self._checkpoint = checkpoint

    def attach(self, household_id: int, path: Path, *, title: str = "",
               person_id: int | None = None, plan_id: int | None = None,
               journal_id: int | None = None, signed: bool = False) -> AttachmentInfo:
        """Check the file at ``path`` and keep it in the vault; nothing is stored when it is
        refused. ``signed``: the scanned signed copy of safety-plan version ``plan_id``.
        Audited ``attachment.create`` (type, size and SHA-256; no name)."""
        title = " ".join((title or path.stem).split())
        if not title:
            raise ValidationError("empty", field="titel")
        if len(title) > MAX_TITLE:
            raise ValidationError("too_long", field="titel", maximum=MAX_TITLE)
        if signed and plan_id is None:
            raise ValidationError("signed_needs_plan")
        data = read_limited(path)  # outside the unit of work: a slow USB stick holds no lock
        media, pages = inspect(path.name, data)
        digest = hashlib.sha256(data).hexdigest()
        with self._uow() as uow:
            uow.cases.get_household(household_id)
            if person_id is not None and \
                    uow.cases.get_person(person_id).household_id != household_id:
                raise ValidationError("person_other_household")
            if plan_id is not None and uow.attachments.plan_household(plan_id) != household_id:
                raise ValidationError("plan_other_household")
            if journal_id is not None and \
                    uow.record.journal_entry(journal_id).household_id != household_id:
                raise ValidationError("journal_other_household")
            same = [a for a in uow.attachments.of_household(household_id) if a.sha256 == digest]
            if same:
                raise ValidationError("attachment_duplicate", title=same[0].title)
            aid = uow.attachments.add(
                household_id, title=title, file_name=path.name[-MAX_FILE_NAME:],
                media_type=media, sha256=digest, pages=pages, data=data,
                added_at=uow.clock.now(), added_by=uow.actor, person_id=person_id,
                plan_id=plan_id, journal_id=journal_id, signed=signed)
            uow.audit("attachment.create", "attachment", aid, household_id,
                      detail={"type": media.label, "size": len(data), "sha256": digest,
                              "signed": signed})
            info = uow.attachments.get(aid)
            uow.commit()
            return info

    def listing(self, household_id: int) -> AttachmentList:
        """The household's documents (newest first), their number and total size. No audit
        line: titles only, shown with the open file."""
        with self._uow() as uow:
            uow.cases.get_household(household_id)
            items = tuple(uow.attachments.of_household(household_id))
        return AttachmentList(items, len(items), sum(a.size for a in items))

    def content(self, attachment_id: int, purpose: str = "bekijken") -> AttachmentContent:
        """The document with its bytes, to show in memory. Audited ``attachment.view``."""
        with self._uow() as uow:
            info = uow.attachments.get(attachment_id)
            data = uow.attachments.data(attachment_id)
            uow.audit("attachment.view", "attachment", attachment_id, info.household_id,
                      detail={"purpose": purpose[:40]})
            uow.commit()
        return AttachmentContent(info, data)

    def save_copy(self, attachment_id: int, dest: Path) -> AttachmentInfo:
        """Write a copy to ``dest``, the place the user chose (0600, whole or not at all).
        Audited ``attachment.save``, also when writing fails (result ``failed``)."""
        with self._uow() as uow:
            info = uow.attachments.get(attachment_id)
            data = uow.attachments.data(attachment_id)
            try:
                write_private(dest, data)
            except OSError:
                uow.audit("attachment.save", "attachment", attachment_id, info.household_id,
                          result="failed")
                uow.commit()
                raise
            uow.audit("attachment.save", "attachment", attachment_id, info.household_id)
            uow.commit()
        return info

    def delete(self, attachment_id: int) -> AttachmentInfo:
        """Remove the document and its bytes; the audit line ``attachment.delete`` keeps its
        type, size and SHA-256 (not its name)."""
        with self._uow() as uow:
            info = uow.attachments.delete(attachment_id)
            uow.audit("attachment.delete", "attachment", attachment_id, info.household_id,
                      detail={"type": info.media_type.label, "size": info.size,
                              "sha256": info.sha256})
            uow.commit()
        self._checkpoint()
        return info
