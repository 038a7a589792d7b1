"""A completed checklist as a PDF, for the file or a case meeting: every question that was shown,
its answer and note, the notices and norms that applied, the decision with its reason, who filled
it in and when. Drawn with the template version the run was filled in with.

Same printing rules as the safety plan (``document.py``): A4, embedded fonts, "Vertrouwelijk"
footer with page x/y, neutral PDF properties, bytes in memory only, no name in the file name."""

from __future__ import annotations

from datetime import UTC, datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from wijkteam_desk.checklist_texts import answer_label
from wijkteam_desk.domain.checklists import (
    ChecklistRun,
    ChecklistTemplate,
    active_rules,
    deviations,
    visible_items,
)

from .document import (
    ACCENT,
    ALERT_BG,
    ALERT_LINE,
    CONTENT_WIDTH,
    RULE,
    SOFT_BG,
    DocumentInfo,
    build_pdf,
    dutch_date,
    escape,
    short_id,
    styles,
    table_style,
)

TITLE = "Checklist"  # the PDF's properties: generic on purpose (S18)


def _local(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


def _when(moment: datetime | None) -> str:
    local = _local(moment)
    return f"{dutch_date(local.date())}, {local:%H:%M}" if local else "nog niet afgerond"


def _p(text: str, bold: bool = False) -> Paragraph:
    s = styles()
    return Paragraph(escape(text).replace("\n", "<br/>"), s.cell_bold if bold else s.cell)


def _lines(rows: list[tuple[str, str]]) -> Table:
    table = Table([[_p(a, bold=True), _p(b)] for a, b in rows],
                  colWidths=[0.25 * CONTENT_WIDTH, 0.75 * CONTENT_WIDTH])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (0, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


def _box(title: str, texts: list[str], alert: bool) -> Flowable:
    s = styles()
    rows = [[Paragraph(escape(title), s.h2)]] + [[Paragraph(escape(t), s.body)] for t in texts]
    table = Table(rows, colWidths=[CONTENT_WIDTH])
    table.setStyle(table_style([
        ("BACKGROUND", (0, 0), (-1, -1), ALERT_BG if alert else SOFT_BG),
        ("BOX", (0, 0), (-1, -1), 1, ALERT_LINE if alert else ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
    return KeepTogether([table])


def render_checklist(run: ChecklistRun, template: ChecklistTemplate, household: str) -> bytes:
    """PDF bytes of one run, drawn with ``template`` (the run's own version)."""
    if (run.template_id, run.template_version) != (template.id, template.version):
        raise ValueError("a run is printed with its own template version")
    s = styles()
    facts, answers = run.facts, run.answers
    shown = visible_items(template, facts, answers)
    shown_ids = {item.id for item in shown}
    story: list[Flowable] = [
        Paragraph(escape(template.title), s.title),
        Paragraph(escape(f"Gezin: {household}"), s.subtitle),
        _lines([("Vragenlijst", f"{template.title}, versie {template.version}"),
                ("Ingevuld door", run.author), ("Begonnen", _when(run.started_at)),
                ("Afgerond", _when(run.completed_at))]),
        Spacer(1, 3 * mm),
    ]
    if template.description:
        story.append(Paragraph(escape(template.description), s.body))
    notices = [r.notice for r in active_rules(template, facts, answers) if r.notice]
    if notices:
        story += [Spacer(1, 2 * mm), _box("Let op", notices, alert=True)]
    reasons = {item_id: rule.prompt
               for item_id, rule in deviations(template, facts, answers, run.outcome)}
    for section in template.sections:
        items = [i for i in section.items if i.id in shown_ids]
        if not items:
            continue
        story += [CondPageBreak(30 * mm), Paragraph(escape(section.title), s.h1)]
        rows = [[_p("Vraag", True), _p("Antwoord", True), _p("Toelichting", True)]]
        for item in items:
            answer = answers.get(item.id)
            value = answer_label(template, item.id, answer.value) if answer else "—"
            note = answer.note if answer else ""
            if item.id in reasons:
                note = f"Afwijking van de norm: {note}" if note else note
            rows.append([_p(item.text), _p(value, bold=True), _p(note)])
        table = Table(rows, colWidths=[w * CONTENT_WIDTH for w in (0.5, 0.17, 0.33)],
                      repeatRows=1)
        table.setStyle(table_style([("BACKGROUND", (0, 0), (-1, 0), SOFT_BG),
                                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    if template.outcome is not None:
        story += [CondPageBreak(30 * mm), Paragraph("Besluit", s.h1)]
        if run.outcome is None:
            story.append(Paragraph("Geen besluit vastgelegd.", s.body))
        else:
            story.append(_lines([
                ("Vraag", template.outcome.text),
                ("Besluit", answer_label(template, template.outcome.id, run.outcome.value)),
                ("Reden", run.outcome.note or "—")]))
            if template.outcome.id in reasons:
                story += [Spacer(1, 2 * mm),
                          _box("Afwijking van de norm", [reasons[template.outcome.id]], True)]
    story += [Spacer(1, 6 * mm),
              Paragraph("Geen score: de antwoorden ondersteunen het oordeel van de "
                        "professional, zij vormen geen uitslag.", s.small)]
    local = _local(run.completed_at or run.started_at)
    day = dutch_date(local.date() if local else None)
    footer = f"Vertrouwelijk — versie {template.version} — {day}"
    return build_pdf(story, DocumentInfo(title=TITLE, footer=footer))


def checklist_file_name(run: ChecklistRun, run_id: int) -> str:
    """``checklist-<household id>-<yyyy-mm-dd>-<run id>.pdf``: never a name, nor the subject."""
    day = (run.completed_at or run.started_at).date().isoformat()
    return f"checklist-{short_id(run.household_id)}-{day}-{run_id}.pdf"
