"""The gezinsoverzicht: "één gezin, één plan, één regisseur" on one A4 page (DOMAIN.md rule 1).

Professional audience only. The input is a plain dataclass the service fills from the household
file, so this module needs no database. Secret addresses never print, not even here: a page that
is left on a desk or in a printer tray should not be able to lead anyone to a hidden address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from .document import (
    ALERT_BG,
    ALERT_LINE,
    CELL_PADDING,
    CONTENT_WIDTH,
    RULE,
    SOFT_BG,
    DocumentInfo,
    build_pdf_counted,
    dutch_date,
    escape,
    short_id,
    styles,
    table_style,
    text_width,
    widths_with_room,
)
from .print_model import ROLE_LABELS

TITLE = "Gezinsoverzicht"
WIDTH = CONTENT_WIDTH
SECRET = "geheim adres"
PHASES = {
    "directe_veiligheid": "Directe veiligheid",
    "stabiele_veiligheid": "Stabiele veiligheid",
    "herstel": "Duurzame veiligheid / herstel",
    "nazorg": "Nazorg",
}
T = TypeVar("T")
# Caps keep the overview on one page; what does not fit is counted, never silently dropped.
CAPS = {"members": 9, "professionals": 7, "goals": 10, "history": 5, "due": 5, "warnings": 5}


@dataclass(frozen=True)
class OverviewMember:
    name: str
    roles: tuple[str, ...] = ()  # Role values ("slachtoffer", "ouder_verzorger", ...)
    relation: str = ""  # "moeder", "ex-partner", "netwerk: buurvrouw"
    age: int | None = None
    address: str = ""
    secret_address: bool = False


@dataclass(frozen=True)
class OverviewProfessional:
    name: str
    organisation: str
    role: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OverviewGoal:
    phase: str  # Phase value
    text: str
    status: str = ""


@dataclass(frozen=True)
class OverviewPhaseChange:
    on: date
    phase: str
    reason: str = ""


@dataclass(frozen=True)
class OverviewDue:
    what: str
    on: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class FamilyOverview:
    """What the overview shows. ``regisseurs`` holds the active regisseur(s): zero or two is a
    problem the page shows, not hides. ``warnings`` are ready-made Dutch sentences."""

    household_id: int | str
    printed_on: date
    current_phase: str
    regisseurs: tuple[str, ...] = ()
    regisseur_changes: int = 0
    plan_version: int | None = None
    members: tuple[OverviewMember, ...] = ()
    professionals: tuple[OverviewProfessional, ...] = ()
    goals: tuple[OverviewGoal, ...] = ()
    phase_history: tuple[OverviewPhaseChange, ...] = ()
    warnings: tuple[str, ...] = ()
    due: tuple[OverviewDue, ...] = ()


def overview_file_name(overview: FamilyOverview) -> str:
    return f"gezinsoverzicht-{short_id(overview.household_id)}-{overview.printed_on}.pdf"


def _phase(code: str) -> str:
    return PHASES.get(code, code)


def _capped(items: Sequence[T], cap: str, scale: float = 1.0) -> tuple[list[T], int]:
    limit = max(1, int(CAPS[cap] * scale))
    return list(items[:limit]), max(0, len(items) - limit)


def _p(text: str, bold: bool = False) -> Paragraph:
    s = styles()
    return Paragraph(escape(text), s.cell_bold if bold else s.cell)


def _table(head: Sequence[str], rows: list[list[str]], widths: Sequence[float], more: int,
           one_line: Sequence[int] = ()) -> Table:
    """``one_line`` columns (phone numbers) get the room their longest value needs."""
    need = {i: max(text_width(str(r[i])) for r in [head, *rows]) + 2 * CELL_PADDING + 1
            for i in one_line}
    data = [[_p(h, True) for h in head]] + [[_p(c) for c in row] for row in rows]
    if more:
        data.append([_p(f"… en nog {more}")] + [""] * (len(head) - 1))
    if not rows:
        data.append([_p("Niets vastgelegd.")] + [""] * (len(head) - 1))
    table = Table(data, colWidths=widths_with_room(widths, need, WIDTH))
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SOFT_BG),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _member_row(m: OverviewMember) -> list[str]:
    # Allow-list: the address is copied only when it is not secret.
    address = SECRET if m.secret_address else m.address
    who = ", ".join(ROLE_LABELS.get(r, r) for r in m.roles)
    age = f"{m.age} jaar" if m.age is not None else ""
    return [m.name, who, " · ".join(x for x in (m.relation, age) if x), address]


def _key_figures(o: FamilyOverview) -> Table:
    if len(o.regisseurs) == 1:
        regisseur = o.regisseurs[0]
    elif not o.regisseurs:
        regisseur = "Geen regisseur: regel dit direct"
    else:
        regisseur = f"{len(o.regisseurs)} regisseurs: er mag er maar één zijn"
    plan = f"versie {o.plan_version}" if o.plan_version else "nog geen veiligheidsplan"
    heads = ["Regisseur", "Wisselingen regisseur", "Fase nu", "Veiligheidsplan"]
    values = [regisseur, str(o.regisseur_changes), _phase(o.current_phase), plan]
    table = Table(
        [[_p(h, True) for h in heads], [_p(v) for v in values]],
        colWidths=[0.34 * WIDTH, 0.18 * WIDTH, 0.26 * WIDTH, 0.22 * WIDTH],
    )
    problem = len(o.regisseurs) != 1
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SOFT_BG),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *([("BACKGROUND", (0, 1), (0, 1), ALERT_BG)] if problem else []),
            ]
        )
    )
    return table


def _warnings(warnings: Sequence[str], scale: float) -> list[Flowable]:
    if not warnings:
        return []
    shown, more = _capped(warnings, "warnings", scale)
    rows = [[_p("Let op", True)]] + [[_p(f"• {w}")] for w in shown]
    if more:
        rows.append([_p(f"… en nog {more} waarschuwingen")])
    table = Table(rows, colWidths=[WIDTH])
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ALERT_BG),
                ("BOX", (0, 0), (-1, -1), 1, ALERT_LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [Spacer(1, 2 * mm), table]


def _goals_rows(o: FamilyOverview) -> list[list[str]]:
    order = list(PHASES)
    goals = sorted(o.goals, key=lambda g: order.index(g.phase) if g.phase in order else len(order))
    return [
        [_phase(g.phase) + (" (nu)" if g.phase == o.current_phase else ""), g.text, g.status]
        for g in goals
    ]


def render_family_overview(overview: FamilyOverview) -> bytes:
    """One A4 page, professional audience. Returns PDF bytes; writes nothing. Long texts can still
    push the page over; then the lists are shortened further (and say how much is left out)."""
    version = f"plan versie {overview.plan_version}" if overview.plan_version else "geen plan"
    footer = f"Vertrouwelijk — {version} — {dutch_date(overview.printed_on)}"
    info = DocumentInfo(title=TITLE, footer=footer)
    for scale in (1.0, 0.7, 0.5, 0.3, 0.0):
        data, pages = build_pdf_counted(_story(overview, scale), info)
        if pages == 1:
            break
    return data


def _story(o: FamilyOverview, scale: float) -> list[Flowable]:
    s = styles()
    members, more_members = _capped(o.members, "members", scale)
    pros, more_pros = _capped(o.professionals, "professionals", scale)
    goals, more_goals = _capped(_goals_rows(o), "goals", scale)
    history, more_history = _capped(sorted(o.phase_history, key=lambda c: c.on), "history", scale)
    due, more_due = _capped(o.due, "due", scale)

    def h(text: str) -> Paragraph:
        return Paragraph(text, s.h2)

    return [
        Paragraph(TITLE, s.title),
        Paragraph("Eén gezin, één plan, één regisseur. Voor de hulpverlener.", s.subtitle),
        _key_figures(o),
        *_warnings(o.warnings, scale),
        h("Gezinsleden en netwerk"),
        _table(
            ["Naam", "Rol", "Relatie", "Adres"],
            [_member_row(m) for m in members],
            [0.26, 0.22, 0.2, 0.32],
            more_members,
        ),
        h("Betrokken hulpverleners"),
        _table(
            ["Naam", "Organisatie", "Rol", "Telefoon"],
            [[p.name, p.organisation, p.role, p.phone] for p in pros],
            [0.26, 0.3, 0.26, 0.18],
            more_pros,
            one_line=[3],
        ),
        h("Plan: doelen per fase"),
        _table(["Fase", "Doel", "Stand"], goals, [0.24, 0.58, 0.18], more_goals),
        h("Fasen tot nu toe"),
        _table(
            ["Datum", "Fase", "Waarom"],
            [[dutch_date(c.on), _phase(c.phase), c.reason] for c in history],
            [0.18, 0.26, 0.56],
            more_history,
        ),
        h("Wat moet er gebeuren?"),
        _table(
            ["Wat", "Wanneer", ""],
            [[d.what, dutch_date(d.on), "TE LAAT" if d.overdue else ""] for d in due],
            [0.6, 0.24, 0.16],
            more_due,
        ),
    ]
