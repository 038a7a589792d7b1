"""Dutch words for correcting the record and for documents in the file (issue 13, parts 3 and 4),
shared by the screens and the command line. Their error messages live in ``texts_record.py``."""

from __future__ import annotations

from datetime import UTC, datetime

from .texts import JOURNAL_KINDS, SEVERITIES, VIOLENCE_FORMS

KINDS = {"journal_entry": "notitie", "incident": "incident", "checklist_run": "checklist"}

# What a search hit is, in the words of the screen it lives on.
HIT_KINDS = {
    "journal_entry": "Contact of notitie", "incident": "Incident", "phase_change": "Fase",
    "involvement": "Regie", "person": "Notitie bij gezinslid", "network_member":
    "Notitie bij netwerklid", "attachment": "Document", "correction": "Eerdere tekst",
}


def size_text(size: int) -> str:
    """1.234.567 bytes as "1,2 MB" (Dutch decimal comma)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def documents_text(count: int, total: int) -> str:
    if count == 0:
        return "Nog geen documenten."
    noun = "document" if count == 1 else "documenten"
    return f"{count} {noun}, samen {size_text(total)}."


FIELDS = {
    "text": "tekst", "kind": "soort", "occurred_at": "tijdstip", "occurred_on": "datum",
    "forms": "vormen van geweld", "severity": "ernst", "victim_ids": "slachtoffers",
    "perpetrator_ids": "plegers", "children_present": "kinderen erbij",
    "police_involved": "politie erbij", "police_report": "aangifte", "description": "omschrijving",
    "value": "antwoord", "note": "toelichting", "dropped": "vervallen antwoorden",
}


def _when(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) <= 10:
        return moment.strftime("%d-%m-%Y")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the vault keeps UTC
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


def value_text(field: str, value: object, names: dict[int, str] | None = None) -> str:
    """How a stored value reads in a correction's history."""
    if value in ("", None, [], {}):
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if field in ("occurred_on", "occurred_at") and isinstance(value, str):
        return _when(value)
    if field == "kind":
        return JOURNAL_KINDS.get(str(value), str(value))
    if field == "severity":
        return SEVERITIES.get(str(value), str(value))
    if field == "forms" and isinstance(value, list):
        return ", ".join(VIOLENCE_FORMS.get(str(v), str(v)) for v in value)
    if field in ("victim_ids", "perpetrator_ids") and isinstance(value, list):
        return ", ".join((names or {}).get(int(v), f"persoon {v}") for v in value)
    if field == "dropped" and isinstance(value, dict):
        return f"{len(value)}"
    return str(value)


def correction_text(at: str, author: str, reason: str, before: dict[str, object],
                    names: dict[int, str] | None = None, item: str = "") -> str:
    """"Gecorrigeerd op 22-11-2026 11:00 door Ilse de Wit (reden: …). Eerder: tekst: …"."""
    order = list(FIELDS)
    keys = sorted(before, key=lambda k: order.index(k) if k in order else len(order))
    was = "; ".join(f"{FIELDS.get(k, k)}: {value_text(k, before[k], names).rstrip('.')}"
                    for k in keys)
    question = f" Vraag: {item}." if item else ""
    return (f"Gecorrigeerd op {_when(at)} door {author} (reden: {reason}).{question} "
            f"Eerder: {was or '(leeg)'}.")
