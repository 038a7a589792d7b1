"""The monitoringformulier: one monitoring moment with its answers (DOMAIN.md rule 3, 002:509).

Professional audience. The three questions of 002:509 structure the page: execution of the plan
(conditions and goals), development of safety (incidents, scores, children) and results (durably
safe, the family's view, the outcome). Secret addresses and contact details are never printed:
the form needs none of them. Returns bytes; nothing is written here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from ..domain.monitoring import MomentForm
from ..monitoring_texts import (
    CONDITION_STATUSES,
    DURABLY_SAFE,
    GOAL_EXECUTIONS,
    MOMENT_STATUSES,
    OUTCOMES,
    moment_title,
)
from ..texts import SEVERITIES, VIOLENCE_FORMS
from .document import (
    CONTENT_WIDTH,
    RULE,
    SOFT_BG,
    DocumentInfo,
    build_pdf,
    dutch_date,
    escape,
    styles,
    table_style,
)

TITLE = "Monitoringformulier"
EMPTY = "Niet ingevuld."


def _p(text: str, bold: bool = False) -> Paragraph:
    s = styles()
    return Paragraph(escape(text).replace("\n", "<br/>"), s.cell_bold if bold else s.cell)


def _table(head: Sequence[str], rows: list[list[str]], widths: Sequence[float]) -> Table:
    data = [[_p(h, True) for h in head]] + [[_p(c) for c in row] for row in rows]
    if not rows:
        data.append([_p("Niets vastgelegd.")] + [""] * (len(head) - 1))
    table = Table(data, colWidths=[w * CONTENT_WIDTH for w in widths], repeatRows=1)
    table.setStyle(table_style([
        ("BACKGROUND", (0, 0), (-1, 0), SOFT_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _rated(answers: Mapping[str, Any], key: str, item_id: int) -> Mapping[str, str]:
    value = answers.get(key, {}).get(str(item_id), {})
    return value if isinstance(value, Mapping) else {}


def monitoring_pdf(form: MomentForm, printed_on: date) -> bytes:
    m, h = form.moment, form.household
    a = m.answers()
    s = styles()
    names = {p.id: p.full_name for p in form.persons}
    story: list[Flowable] = [
        Paragraph(TITLE, s.title),
        Paragraph(escape(f"{h.name} — {moment_title(m.offset_months, m.purpose, h.from_vt)}"),
                  s.subtitle),
        Paragraph(escape(
            f"Gepland op {dutch_date(m.due_on)} · status: {MOMENT_STATUSES[m.status.value]}"
            + (f" · afgerond op {dutch_date(m.completed_on)} door {m.completed_by}"
               if m.completed_on else "")
            + (f" · regisseur: {form.regisseur}" if form.regisseur else "")), s.body),
    ]

    story.append(Paragraph("1. Uitvoering van het plan", s.h1))
    story.append(Paragraph("Veiligheidsvoorwaarden van Veilig Thuis", s.h2))
    rows = []
    for cid, text in form.conditions:
        r = _rated(a, "conditions", cid)
        rows.append([text, CONDITION_STATUSES.get(r.get("status", ""), "—"), r.get("note", "")])
    story.append(_table(["Voorwaarde", "Voldaan?", "Toelichting"], rows, (0.42, 0.18, 0.40)))
    story.append(Paragraph("Doelen van het plan van aanpak", s.h2))
    rows = []
    for g in form.goals:
        r = _rated(a, "goals", g.id)
        who = names.get(g.person_id, "") if g.person_id else "hele gezin"
        rows.append([f"{g.text} ({who})", GOAL_EXECUTIONS.get(r.get("status", ""), "—"),
                     r.get("note", "")])
    story.append(_table(["Doel", "Uitgevoerd?", "Toelichting"], rows, (0.42, 0.18, 0.40)))

    story.append(Paragraph("2. Ontwikkeling van de veiligheid", s.h1))
    since = dutch_date(form.incidents_since, "het begin")
    story.append(Paragraph(escape(f"Incidenten en politiemeldingen sinds {since}"), s.h2))
    confirmed = a.get("incidents", {})
    rows = [[dutch_date(i.occurred_on),
             ", ".join(VIOLENCE_FORMS.get(f.value, f.value) for f in i.forms)
             + f" ({SEVERITIES.get(i.severity.value, i.severity.value)})",
             "ja" if i.police_report else "nee",
             "bevestigd" if confirmed.get(str(i.id)) else "niet bevestigd"]
            for i in form.incidents]
    story.append(_table(["Datum", "Wat", "Politiemelding", "Besproken"], rows,
                        (0.17, 0.41, 0.21, 0.21)))
    story.append(Paragraph("Veiligheidsschaal (0 tot en met 10)", s.h2))
    scores = a.get("scores", {})
    rows = [[p.full_name, str(scores[str(p.id)])] for p in form.persons
            if str(p.id) in scores]
    story.append(_table(["Persoon", "Score"], rows, (0.7, 0.3)))
    story.append(Paragraph("Kinderen", s.h2))
    children = a.get("children", {})
    rows = []
    for c in form.children:
        offers = form.offers_for(c.id)
        offer = "; ".join(o.description or f"geen aanbod: {o.no_offer_reason}" for o in offers)
        if not offer:
            offer = "nog geen aanbod" if form.child_needs_offer(c) else "niet nodig"
        rows.append([c.full_name, children.get(str(c.id), ""), offer])
    story.append(_table(["Kind", "Hoe gaat het?", "Aanbod"], rows, (0.25, 0.45, 0.30)))
    story.append(Paragraph("Hulp die er nog is", s.h2))
    in_place = set(a.get("help_in_place", []))
    lines = [label for iid, label in form.help_in_place if iid in in_place]
    help_text = "\n".join([*lines, str(a.get("help", ""))]).strip()
    story.append(_p(help_text or EMPTY))

    story.append(Paragraph("3. Resultaten", s.h1))
    story.append(Paragraph("Duurzaam veilig?", s.h2))
    safe = a.get("durably_safe", {})
    rows = [[v.full_name, DURABLY_SAFE.get(safe.get(str(v.id), ""), "—")] for v in form.victims]
    story.append(_table(["Slachtoffer", "Duurzaam veilig"], rows, (0.7, 0.3)))
    story.append(Paragraph("Wat vindt het gezin zelf?", s.h2))
    story.append(_p(str(a.get("family_view", "")) or EMPTY))
    story.append(Paragraph("Uitkomst", s.h2))
    outcome = OUTCOMES.get(m.outcome or str(a.get("outcome", "")), "Nog niet gekozen")
    reason = str(a.get("outcome_reason", ""))
    story.append(_p(outcome + (f": {reason}" if reason else "")))
    story.append(Spacer(1, 6))
    footer = f"Vertrouwelijk — monitoringmoment {m.id} — {dutch_date(printed_on)}"
    return build_pdf(story, DocumentInfo(title=TITLE, footer=footer))
