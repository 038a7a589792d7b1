"""Draws a ``PrintPlan`` (already projected for one audience) as a PDF. This module never sees a
``SafetyPlan``: what is not in the print model cannot be printed.

The wording is plain Dutch (B1): short sentences, headings as the questions people ask. The
child pages use simpler words still, bigger letters, and start on a page of their own so a child
can keep just that page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from wijkteam_desk.domain.safety_plan import SafetyCondition, SafetyPlan

from .document import (
    ACCENT,
    ALERT_BG,
    ALERT_LINE,
    CELL_PADDING,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    RULE,
    SOFT_BG,
    DocumentInfo,
    build_pdf,
    escape,
    styles,
    table_style,
    text_width,
    widths_with_room,
)
from .plan_print import project_plan
from .print_model import Audience, PrintChild, PrintContact, PrintLine, PrintPlan

TITLE = "Veiligheidsplan"
WIDTH = CONTENT_WIDTH
PEOPLE_HEAD = ("Naam", "Wie", "Adres", "Telefoon")
PLACE_HEAD = ("Plek", "Soort", "Adres", "Telefoon")

# Headings per voice: "wij" for the professional and family copies, "je" for one adult's copy.
HEADINGS = {
    "wij": {
        "participants": "Wie doen er mee?",
        "conditions": "Wat Veilig Thuis van ons vraagt",
        "goals": "Onze doelen en afspraken",
        "warning_signs": "Hoe merken we dat het niet goed gaat?",
        "steps": "Wat doen we als het misgaat?",
        "safe_places": "Veilige plekken",
        "safe_people": "Veilige personen",
        "evaluation": "Wanneer bespreken we het plan weer?",
        "signatures": "Handtekeningen",
    },
    "je": {
        "goals": "Jouw afspraken",
        "steps": "Wat doe je als het misgaat?",
        "signatures": "Handtekening",
    },
}


def render_safety_plan(
    plan: SafetyPlan,
    audience: Audience | str,
    conditions: Sequence[SafetyCondition] = (),
) -> bytes:
    """The veiligheidsplan for one audience (``professional``, ``gezin`` or ``persoon:<id>``) as
    PDF bytes. Raises ``ValidationError`` for an unknown audience or person. No files written."""
    return render_print_plan(project_plan(plan, audience, conditions))


def render_print_plan(model: PrintPlan) -> bytes:
    s = styles()
    story: list[Flowable] = [
        Paragraph(TITLE, s.title),
        Paragraph(escape(model.audience_line), s.subtitle),
        _facts_table(model),
        Spacer(1, 3 * mm),
        Paragraph(escape(model.intro), s.body),
        Spacer(1, 2 * mm),
        _emergency_box(model.emergency, child=model.voice == "jij"),
    ]
    headings = {**HEADINGS["wij"], **HEADINGS.get(model.voice, {})}

    def section(name: str, *body: Flowable) -> None:
        # build_pdf keeps the heading with the start of its content (document.KeepWithStart).
        story.append(Paragraph(headings[name], s.h1))
        story.extend(body)

    if model.participants:
        show = _any_address(model)
        section("participants", _contacts_table(model.participants, PEOPLE_HEAD, show))
    if model.conditions:
        rows = [[c.text, c.set_by] + ([c.review] if c.review else []) for c in model.conditions]
        head = ["Voorwaarde", "Gesteld door"] + (["Laatste controle"] if rows[0][2:] else [])
        widths = [0.5, 0.22, 0.28] if len(head) == 3 else [0.7, 0.3]
        section(
            "conditions",
            Paragraph("Deze voorwaarden zijn verplicht.", s.body),
            _table(head, rows, widths),
        )
    if model.goals:
        section("goals", *_goals(model))
    if model.warning_signs:
        section("warning_signs", _bullets(model.warning_signs))
    if model.steps:
        section("steps", _bullets(model.steps, numbered=True))
    if model.safe_places:
        section("safe_places", _contacts_table(model.safe_places, PLACE_HEAD, True))
    if model.safe_people:
        section("safe_people", _contacts_table(model.safe_people, PEOPLE_HEAD, True))
    if model.evaluation:
        section("evaluation", _lines_table(model.evaluation))
    if model.professional_notes:
        story.append(CondPageBreak(30 * mm))
        story.append(Spacer(1, 5 * mm))
        story.append(_notes_box(model.professional_notes))
    if model.signatures:
        section("signatures", _signature_table(model.signatures))
    for child in model.children:
        story.append(PageBreak() if model.voice != "jij" else Spacer(1, 6 * mm))
        story.extend(_child_page(child, own_copy=model.voice == "jij"))
    return build_pdf(story, DocumentInfo(title=TITLE, footer=model.footer))


def _p(text: str, bold: bool = False) -> Paragraph:
    s = styles()
    return Paragraph(escape(text), s.cell_bold if bold else s.cell)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
           one_line: Sequence[int] = ()) -> Table:
    """``widths`` are fractions of the page width; the ``one_line`` columns (phone numbers)
    get at least the room their longest value needs on one line."""
    data = [[_p(h, bold=True) for h in head]] + [[_p(c) for c in row] for row in rows]
    need = {i: max(text_width(str(row[i])) for row in [head, *rows]) + 2 * CELL_PADDING + 1
            for i in one_line}
    table = Table(data, colWidths=widths_with_room(widths, need, WIDTH), repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SOFT_BG),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _facts_table(model: PrintPlan) -> Table:
    lines = [PrintLine("Versie", str(model.version)), PrintLine("Status", model.status_line)]
    return _lines_table((*lines, *model.summary))


def _lines_table(lines: Sequence[PrintLine]) -> Table:
    table = Table(
        [[_p(x.label, bold=True), _p(x.value)] for x in lines],
        colWidths=[0.25 * WIDTH, 0.75 * WIDTH],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def _emergency_box(lines: Sequence[PrintLine], child: bool) -> Flowable:
    s = styles()
    title = "Is er gevaar? Bel meteen." if not child else "Ben je bang of is er gevaar? Bel!"
    rows = [[Paragraph(title, s.h2), ""]]
    rows += [
        [
            _p(x.label),
            Paragraph(f'<font name="{FONT_BOLD}" size="12">{escape(x.value)}</font>', s.cell),
        ]
        for x in lines
    ]
    number = max((text_width(x.value, 12, bold=True) for x in lines), default=0.0)
    table = Table(rows, colWidths=widths_with_room([0.7, 0.3], {1: number + 8 + 6 + 1}, WIDTH))
    table.setStyle(
        table_style(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, -1), ALERT_BG),
                ("BOX", (0, 0), (-1, -1), 1.2, ALERT_LINE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return KeepTogether([table])


def _any_address(model: PrintPlan) -> bool:
    return any(c.address for c in model.participants)


def _contacts_table(
    contacts: Sequence[PrintContact], head: Sequence[str], show_address: bool
) -> Table:
    with_detail = any(c.detail for c in contacts)
    columns = [0, 1, 2, 3] if with_detail else [0, 2, 3]
    if not show_address:
        columns.remove(2)
    widths = {0: 0.28, 1: 0.24, 2: 0.3, 3: 0.18}
    scale = 1 / sum(widths[c] for c in columns)
    rows = [[(c.name, c.detail, c.address, c.phone)[i] for i in columns] for c in contacts]
    return _table([head[i] for i in columns], rows, [widths[c] * scale for c in columns],
                  one_line=[columns.index(3)])


def _goals(model: PrintPlan) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = []
    own_copy = model.voice == "je"
    for number, goal in enumerate(model.goals, start=1):
        heading = goal.text if own_copy else f"Doel {number}: {goal.text}"
        block: list[Flowable] = [Paragraph(escape(heading), s.h2)]
        if goal.agreements:
            rows = [[a.what, a.who, a.by_when, a.supervisor] for a in goal.agreements]
            block.append(
                _table(
                    ["Wat spreken we af?", "Wie doet het?", "Wanneer?", "Wie let erop?"],
                    rows,
                    [0.46, 0.18, 0.16, 0.2],
                )
            )
        else:
            block.append(Paragraph("Bij dit doel zijn nog geen afspraken gemaakt.", s.small))
        out.append(KeepTogether(block))
    return out


def _bullets(
    items: Sequence[str], numbered: bool = False, style: ParagraphStyle | None = None
) -> ListFlowable:
    style = style or styles().body
    return ListFlowable(
        [ListItem(Paragraph(escape(t), style)) for t in items],
        bulletType="1" if numbered else "bullet",
        bulletFormat="%s." if numbered else None,
        bulletFontName=FONT_BOLD if numbered else FONT,
        bulletFontSize=style.fontSize,
        leftIndent=style.fontSize * 1.8,
        start=None if numbered else "•",
    )


def _notes_box(notes: Sequence[str]) -> Flowable:
    s = styles()
    rows = [[Paragraph("Alleen voor de hulpverlener", s.h2)]]
    rows += [[Paragraph(escape(n), s.body)] for n in notes]
    table = Table(rows, colWidths=[WIDTH])
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SOFT_BG),
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _signature_table(lines: Sequence[PrintLine]) -> Table:
    rows = [[_p("Naam", bold=True), _p("Datum", bold=True), _p("Handtekening", bold=True)]]
    rows += [[_p(x.label), _p(x.value or "____ - ____ - ______"), ""] for x in lines]
    table = Table(
        rows,
        colWidths=[0.38 * WIDTH, 0.24 * WIDTH, 0.38 * WIDTH],
        rowHeights=[None] + [13 * mm] * len(lines),
    )
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (2, 1), (2, -1), 0.6, INK),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _child_page(child: PrintChild, own_copy: bool) -> list[Flowable]:
    name, about, if_unsafe, trusted = child.name, child.about, child.if_unsafe, child.trusted_adults
    s = styles()
    # On a child's own copy the title already says "Voor <naam>".
    heading = "Jouw stukje van het plan" if own_copy else f"Voor {name}"
    out: list[Flowable] = [Paragraph(escape(heading), s.child_h)]
    if about:
        out.append(Paragraph(escape(about), s.child))
    if if_unsafe:
        out.append(Paragraph("Als je je niet veilig voelt, doe je dit:", s.child_sub))
        out.append(_bullets(if_unsafe, numbered=True, style=s.child_list))
    if trusted:
        out.append(Paragraph("Met deze grote mensen kun je altijd praten:", s.child_sub))
        out.append(_bullets(trusted, style=s.child_list))
    out.append(Spacer(1, 3 * mm))
    out.append(
        Paragraph(
            "Is er gevaar? Bel 112. Wil je praten? Bel de Kindertelefoon: "
            "0800-0432. Dat is gratis.",
            s.child,
        )
    )
    out.append(Paragraph("Het is nooit jouw schuld als er thuis ruzie of geweld is.", s.child))
    return out
