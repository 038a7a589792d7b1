"""The Dutch words for the codes of correcting the record and of documents in the file: errors of
the record services and why an attached file was refused. texts.py merges them into its tables
(this module sits below it, so texts.py can import it)."""

from __future__ import annotations

RECORD_ERRORS: dict[str, str] = {
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
RECORD_REJECT_REASONS: dict[str, str] = {
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
