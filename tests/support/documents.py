"""Synthetic documents for the attachment tests: a PDF, a PNG and a JPEG made in memory, each
carrying a marker (random per test) that appears literally in its bytes, so a test can look for
those bytes anywhere on disk."""

from __future__ import annotations

import io
import secrets

from PIL import Image, PngImagePlugin
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def marker() -> str:
    return f"WDTEST{secrets.token_hex(12)}"


def make_pdf(mark: str, pages: int = 2, lines: tuple[str, ...] = ()) -> bytes:
    """A PDF whose pages show ``lines`` (or a heading and the marker); the marker is always its
    title, so its bytes hold it either way."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    c.setTitle(mark)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 18)
        if lines:
            for i, line in enumerate(lines):
                c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 16 if i == 0 else 11)
                c.drawString(72, 760 - 22 * i, line)
            c.drawString(72, 60, f"Pagina {n} van {pages}")
        else:
            c.drawString(72, 760, f"Beschikking ondertoezichtstelling, pagina {n}")
            c.drawString(72, 730, mark)
        c.showPage()
    c.save()
    return out.getvalue()


def _image(size: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", size, (240, 240, 235))
    noise = Image.frombytes("RGB", (size[0], size[1] // 4),
                            secrets.token_bytes(size[0] * (size[1] // 4) * 3))
    image.paste(noise, (0, size[1] // 3))
    return image


def make_png(mark: str, size: tuple[int, int] = (320, 240)) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", mark)
    out = io.BytesIO()
    _image(size).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def make_jpeg(mark: str, size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    _image(size).save(out, "JPEG", quality=85, comment=mark.encode("ascii"))
    return out.getvalue()
