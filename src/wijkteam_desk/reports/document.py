"""What every printout shares: A4, embedded DejaVu fonts (Dutch diacritics and curly quotes),
a "Vertrouwelijk" footer with page x/y, neutral PDF metadata, and rendering to bytes in memory.

Why in memory: a PDF of a case is personal data; it may only land where the user saves it
(security requirement S14), so nothing here ever writes a file.
Every heading is kept with the start of what follows it (``keep_headings_with_next``), and a
table column that holds phone numbers is made wide enough for them (``widths_with_room``).

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
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from wijkteam_desk.resources import resource_path

FONT = "WijkteamSans"
FONT_BOLD = "WijkteamSans-Bold"
AUTHOR = "Wijkteam"
CREATOR = "Wijkteam Desk"
MARGIN = 18 * mm
FRAME_PADDING = 6  # points; reportlab's default frame padding, inside the margin
CONTENT_WIDTH = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING  # what a table may fill
BOTTOM_MARGIN = MARGIN + 6 * mm  # room for the footer
FRAME_HEIGHT = A4[1] - MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING  # one page of story
CELL_PADDING = 6  # points; reportlab's default left + right padding of a table cell, each
# Paragraph styles that are headings: build_pdf keeps each with the start of what follows.
HEADING_STYLES = frozenset({"h1", "h2", "child_sub", "child_h"})

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


def text_width(text: str, size: float = 9, bold: bool = False) -> float:
    """Points ``text`` takes on one line in the report font."""
    ensure_fonts()
    return pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)


def widths_with_room(fractions: Sequence[float], need: dict[int, float],
                     total: float = CONTENT_WIDTH) -> list[float]:
    """Column widths (points) from ``fractions`` of ``total``, where column ``i`` gets at least
    ``need[i]`` points, taken from the other columns in proportion. So a phone number gets a
    column it fits in on one line: a table cell breaks a word that is wider than the column in
    the middle ("06-1234" / "5678"), and a number read wrongly is a call that does not connect."""
    widths = [f * total / sum(fractions) for f in fractions]
    extra = sum(max(0.0, n - widths[i]) for i, n in need.items())
    if extra <= 0:
        return widths
    fixed = {i: max(widths[i], n) for i, n in need.items()}
    others = [i for i in range(len(widths)) if i not in fixed]
    room = sum(widths[i] for i in others)
    if not others or room - extra < 0.25 * room:  # never squeeze the rest to nothing
        return widths
    return [fixed[i] if i in fixed else widths[i] * (room - extra) / room
            for i in range(len(widths))]


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


class KeepWithStart(CondPageBreak):
    """Stands before a heading (or a run of headings): a page break, unless the headings *and
    the start of what follows them* fit below it. A heading never ends a page alone."""

    def __init__(self, headings: Sequence[Flowable], following: Sequence[Flowable]) -> None:
        super().__init__(0)
        self._headings = list(headings)
        self._following = list(following)

    def __repr__(self) -> str:
        return f"KeepWithStart(headings={len(self._headings)})"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        canv = self.canv  # the frame sets it before wrapping; a KeepTogether wraps with it
        need = sum(_full_height(h, availWidth, canv) for h in self._headings)
        for f in self._following:  # the start of the next flowable (of two, if it is short)
            start = _start_height(f, availWidth, canv)
            whole = _full_height(f, availWidth, canv)
            need += start
            if start < whole:
                break
        self.height = min(need, 0.6 * FRAME_HEIGHT)  # a start longer than that splits anyway
        return super().wrap(availWidth, availHeight)


def _full_height(f: Flowable, width: float, canv: Canvas) -> float:
    return float(f.wrapOn(canv, width, FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter())


def _start_height(f: Flowable, width: float, canv: Canvas) -> float:
    """How much of ``f`` must come with a heading: a block kept together all of it, a table
    its header and first row, anything else its first lines."""
    whole = _full_height(f, width, canv)
    if isinstance(f, KeepTogether):
        return whole if whole <= FRAME_HEIGHT else 3 * 14.0
    if isinstance(f, Table):
        rows = getattr(f, "_rowHeights", None) or [whole]
        first = max(1, int(getattr(f, "repeatRows", 0) or 0)) + 1
        return float(sum(rows[:first])) + f.getSpaceBefore()
    if isinstance(f, Paragraph):
        return min(whole, 2 * float(f.style.leading) + f.getSpaceBefore())
    return min(whole, 3 * 14.0)


def keep_headings_with_next(story: Sequence[Flowable]) -> list[Flowable]:
    """Put a ``KeepWithStart`` before every run of heading paragraphs (``HEADING_STYLES``)."""
    out: list[Flowable] = []
    items = list(story)
    i = 0
    while i < len(items):
        if not _is_heading(items[i]):
            out.append(items[i])
            i += 1
            continue
        j = i
        while j < len(items) and _is_heading(items[j]):
            j += 1
        out.append(KeepWithStart(items[i:j], items[j:j + 2]))
        out.extend(items[i:j])
        i = j
    return out


def _is_heading(f: Flowable) -> bool:
    return isinstance(f, Paragraph) and f.style.name in HEADING_STYLES


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
        bottomMargin=BOTTOM_MARGIN,
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
    doc.build(keep_headings_with_next(story), canvasmaker=_numbered_canvas(info.footer, totals))
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
