"""What every printout shares: A4, embedded DejaVu fonts (Dutch diacritics and curly quotes),
a "Vertrouwelijk" footer with page x/y, neutral PDF metadata, and rendering to bytes in memory.

Why in memory: a PDF of a case is personal data; it may only land where the user saves it
(security requirement S14), so nothing here ever writes a file.
Why neutral metadata (S18): a PDF's properties show up in file browsers, print queues and mail
previews; they carry a generic title, no names, and nothing that says "huiselijk geweld".
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from wijkteam_desk.resources import resource_path

FONT = "WijkteamSans"
FONT_BOLD = "WijkteamSans-Bold"
AUTHOR = "Wijkteam"
CREATOR = "Wijkteam Desk"
MARGIN = 18 * mm
FRAME_PADDING = 6  # points; reportlab's default frame padding, inside the margin
CONTENT_WIDTH = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING  # what a table may fill

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6670")
ACCENT = colors.HexColor("#1f5f8b")
ALERT_BG = colors.HexColor("#fdecea")
ALERT_LINE = colors.HexColor("#b3261e")
SOFT_BG = colors.HexColor("#eef3f7")
RULE = colors.HexColor("#c9d2da")

_MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def dutch_date(day: date | None, empty: str = "") -> str:
    """``14 maart 2025``; written out so nobody misreads 03-04 as 4 March."""
    if day is None:
        return empty
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@cache
def ensure_fonts() -> None:
    """Register the TTF fonts once (lazily: importing this module has no side effects)."""
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    child: ParagraphStyle
    child_list: ParagraphStyle
    child_sub: ParagraphStyle
    child_h: ParagraphStyle


@cache
def styles() -> Styles:
    ensure_fonts()  # paragraphs resolve their font family when they are made, not when drawn

    def style(name: str, size: float, font: str = FONT, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.3)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontName=font, fontSize=size, **kw)

    return Styles(
        title=style("title", 20, FONT_BOLD, spaceAfter=2 * mm, textColor=ACCENT),
        subtitle=style("subtitle", 11, textColor=MUTED, spaceAfter=4 * mm),
        h1=style("h1", 13, FONT_BOLD, spaceBefore=5 * mm, spaceAfter=2 * mm, textColor=ACCENT),
        h2=style("h2", 10.5, FONT_BOLD, spaceBefore=3 * mm, spaceAfter=1 * mm),
        body=style("body", 10, spaceAfter=1.5 * mm),
        small=style("small", 8.5, textColor=MUTED),
        cell=style("cell", 9),
        cell_bold=style("cell_bold", 9, FONT_BOLD),
        child=style("child", 12, leading=17, spaceAfter=2 * mm),
        child_list=style("child_list", 12, leading=16, spaceAfter=1 * mm),
        child_sub=style("child_sub", 12, FONT_BOLD, spaceBefore=3 * mm, spaceAfter=1.5 * mm),
        child_h=style(
            "child_h", 15, FONT_BOLD, spaceBefore=2 * mm, spaceAfter=3 * mm, textColor=ACCENT
        ),
    )


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    # Plain-string cells (empty ones too) would otherwise use the non-embedded Helvetica.
    base = [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9)]
    return TableStyle([*base, *commands])


def escape(text: str) -> str:
    """Paragraph text is mini-markup; user text must never be read as tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class DocumentInfo:
    """``title`` goes into the PDF properties, so it must stay generic ("Veiligheidsplan").
    ``footer`` is printed on every page, next to "Pagina x/y"."""

    title: str
    footer: str


def _numbered_canvas(footer: str, totals: list[int]) -> Callable[..., Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps every page until the end, so each can say "Pagina x/y" with the real total."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            totals.append(total)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, _ = A4
            y = 10 * mm
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
            self.setFillColor(MUTED)
            self.setFont(FONT, 8)
            self.drawString(MARGIN, y, footer)
            self.drawRightString(width - MARGIN, y, f"Pagina {number}/{total}")
            self.restoreState()

    return NumberedCanvas


def build_pdf(story: Sequence[Flowable], info: DocumentInfo) -> bytes:
    """Lay out ``story`` on A4 and return the PDF bytes. Deterministic: the same input gives the
    same bytes (reportlab's invariant mode fixes the dates and the document id), which also keeps
    the print time out of the file."""
    return build_pdf_counted(story, info)[0]


def build_pdf_counted(story: Sequence[Flowable], info: DocumentInfo) -> tuple[bytes, int]:
    """``build_pdf`` that also says how many pages it made."""
    ensure_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=info.title,
        author=AUTHOR,
        subject="",
        creator=CREATOR,
        producer=CREATOR,
        keywords=[],
        invariant=1,
        lang="nl-NL",
        initialFontName=FONT,
    )
    totals: list[int] = []
    doc.build(list(story), canvasmaker=_numbered_canvas(info.footer, totals))
    return buffer.getvalue(), totals[-1]


def short_id(value: object) -> str:
    """A short file-name-safe token for a household id. Storage ids are integers; anything else
    (which might be a name in disguise) is hashed, so a file name can never carry a name."""
    text = str(value)
    if re.fullmatch(r"\d{1,12}", text):
        return text
    if re.fullmatch(r"[0-9a-fA-F-]{8,}", text):
        return text.replace("-", "")[:8].lower()
    return hashlib.sha256(text.encode()).hexdigest()[:8]
