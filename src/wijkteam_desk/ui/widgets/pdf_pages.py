"""PDF bytes → page images, and printing them, all in memory.

PySide6-Essentials has no QtPdf, so pages are rasterised with pdfium (pypdfium2) straight from the
bytes: no temporary file is ever written, not even for the printer (DESIGN.md "Printing")."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter


def page_images(data: bytes, dpi: float = 80, first: int = 0,
                last: int | None = None) -> list[QImage]:
    """Pages ``first``..``last`` (inclusive, 0-based) of the PDF as images at ``dpi``."""
    doc = pdfium.PdfDocument(data)
    try:
        end = len(doc) - 1 if last is None else min(last, len(doc) - 1)
        images = []
        for index in range(first, end + 1):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA,
                                 rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBA8888)
            images.append(image.copy())  # own the pixels before pdfium frees its buffer
            bitmap.close()
            page.close()
        return images
    finally:
        doc.close()


def page_count(data: bytes) -> int:
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
