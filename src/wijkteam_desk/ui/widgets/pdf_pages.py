"""PDF bytes → page images, and printing them, all in memory.

PySide6-Essentials has no QtPdf, so pages are rasterised with pdfium (pypdfium2) straight from the
bytes: no temporary file is ever written, not even for the printer (DESIGN.md "Printing").
Both run in a worker thread (the print dialog); QImage and painting on a QPrinter may. pdfium
itself may only be used by one thread at a time, hence ``PDFIUM`` (pdf_engine.py, shared with
the services that count an attachment's pages)."""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from ...pdf_engine import PDFIUM


def page_images(data: bytes, dpi: float = 80, first: int = 0, last: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[QImage]:
    """Pages ``first``..``last`` (inclusive, 0-based) of the PDF as images at ``dpi``;
    ``progress(done, total)`` after each page."""
    with PDFIUM:
        return _page_images(data, dpi, first, last, progress)


def _page_images(data: bytes, dpi: float, first: int, last: int | None,
                 progress: Callable[[int, int], None] | None) -> list[QImage]:
    doc = pdfium.PdfDocument(data)
    try:
        end = len(doc) - 1 if last is None else min(last, len(doc) - 1)
        images: list[QImage] = []
        for index in range(first, end + 1):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA,
                                 rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBA8888)
            images.append(image.copy())  # own the pixels before pdfium frees its buffer
            bitmap.close()
            page.close()
            if progress is not None:
                progress(len(images), end + 1 - first)
        return images
    finally:
        doc.close()


def page_count(data: bytes) -> int:
    with PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            return len(doc)
        finally:
            doc.close()


def print_pdf(data: bytes, printer: QPrinter, dpi: float = 300) -> int:
    """Send every page to ``printer`` (already set up by a QPrintDialog); returns pages sent."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    sent = 0
    try:
        for index in range(page_count(data)):
            if index:
                printer.newPage()
            [image] = page_images(data, dpi, index, index)
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.x(), target.y(), size.width(), size.height()), image)
            sent += 1
    finally:
        painter.end()
    return sent
