"""Dutch words for correcting the record and for documents in the file (issue 13, parts 3 and 4),
shared by the screens and the command line. ``texts.py`` merges the messages into its tables."""

from __future__ import annotations

from datetime import UTC, datetime

ERRORS: dict[str, str] = {
    "reason_too_short": "Schrijf een reden van minstens {minimum} tekens.",
    "nothing_changed": "Er is niets veranderd. Pas eerst iets aan, of kies Annuleren.",
    "run_in_progress": "Deze checklist is nog niet afgerond. Pas het antwoord gewoon aan.",
    "withdraw_has_attachments": "Aan deze notitie hangen nog {aantal} documenten. Verwijder "
                                "die eerst op het tabblad Documenten.",
    "not_withdrawable": "Alleen een notitie of een incident kan worden ingetrokken.",
    "unknown_item": "Die vraag staat niet in deze checklist.",
    "signed_needs_plan": "Kies bij welke versie van het veiligheidsplan de getekende versie "
                         "hoort.",
    "journal_other_household": "Die notitie hoort bij een ander gezin.",
    "attachment_duplicate": "Dit document zit al in het dossier ('{title}').",
}

# Each completes "Het bestand is geweigerd: … . Er is niets veranderd." and says what to do.
REJECT_REASONS: dict[str, str] = {
    "attachment_too_large": "het is groter dan 25 MB. Scan met een lagere resolutie of "
                            "verdeel het in delen",
    "attachment_empty": "het bestand is leeg. Kies het goede bestand",
    "attachment_not_a_file": "dit is geen gewoon bestand. Kies een PDF, JPEG of PNG",
    "attachment_type": "alleen PDF, JPEG en PNG kunnen in het dossier. Sla het eerst op als PDF",
    "attachment_mismatch": "de inhoud past niet bij de naam (het is geen echte PDF, JPEG of "
                           "PNG). Open het bestand zelf en sla het opnieuw op",
    "attachment_pdf_unreadable": "de PDF is beschadigd of heeft een wachtwoord. Sla hem "
                                 "opnieuw op zonder wachtwoord",
    "attachment_image_unreadable": "de afbeelding is beschadigd of onvolledig. Maak de foto "
                                   "of scan opnieuw",
    "attachment_image_too_big": "de afbeelding heeft meer dan 80 miljoen beeldpunten. Scan "
                                "met een lagere resolutie",
}

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
    from .texts import JOURNAL_KINDS, SEVERITIES, VIOLENCE_FORMS  # texts.py imports this module

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
