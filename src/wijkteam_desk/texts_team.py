"""The Dutch words for the team's codes: errors of the team services and the reasons why a file
in the team folder was refused or set aside (``team/reasons.py``). Shared by the command line and
the app; short B1 sentences that say what happened and what to do next."""

from __future__ import annotations

TEAM_ERRORS: dict[str, str] = {
    "attachment_elsewhere": "Dit document staat alleen op de laptop van de dossierhouder. Vraag "
                            "de dossierhouder om het te laten zien of een kopie te sturen.",
    "read_only_household": "Dit gezin is van {holder}; vraag om overdracht.",
    "not_in_team": "Deze laptop hoort nog niet bij een team. Maak een team (wijkteam-desk team "
                   "create) of sluit je aan (wijkteam-desk team join).",
    "already_in_team": "Deze laptop hoort al bij een team. Er is niets veranderd.",
    "invalid_team_name": "Geef het team een naam van 1 tot 100 tekens op één regel.",
    "invalid_member": "Je naam of functie kan zo niet in het team. Vul je profiel in: "
                      "wijkteam-desk profile --name NAAM --role FUNCTIE.",
    "team_folder": "De teammap {folder} is er niet of is niet te gebruiken. Controleer de map "
                   "en probeer het opnieuw.",
    "not_teamleider": "Alleen een teamleider kan dit. Vraag het aan je teamleider.",
    "member_exists": "Deze collega staat al in het team. Er is niets veranderd.",
    "key_in_use": "Deze sleutel hoort al bij iemand in het team. Vraag de collega om een nieuw "
                  "aanmeldbestand.",
    "team_key_revoked": "Deze sleutel is ingetrokken en komt het team niet meer in. Vraag de "
                        "collega om een nieuw aanmeldbestand.",
    "team_role": "Kies als rol 'consulent' of 'teamleider'.",
    "roster_full": "Het team is vol (hoogstens {limit}). Er is niets veranderd.",
    "last_teamleider": "Een team houdt minstens één teamleider. Wijs eerst een andere "
                       "teamleider aan.",
    "not_a_member": "Je staat nog niet in het team in deze map. Vraag je teamleider om je toe "
                    "te voegen (team add) en probeer het daarna opnieuw.",
    "team_not_a_member": "Deze laptop staat niet meer in het team. Vraag je teamleider wat er "
                         "is gebeurd.",
    "wrong_key": "In het team staan andere sleutels voor jou dan deze laptop heeft. Maak een "
                 "nieuw aanmeldbestand (team request) voor je teamleider.",
    "team_key_changed": "Deze laptop heeft een nieuwe sleutel. Vraag je teamleider die aan je "
                        "te koppelen; tot dan gaat er niets naar het team.",
    "member_unknown": "Niemand in het team past bij '{member}'. Kies een naam of vingerafdruk "
                      "uit: wijkteam-desk team status.",
    "member_ambiguous": "Meer collega's passen bij '{member}'. Gebruik de vingerafdruk uit: "
                        "wijkteam-desk team status.",
    "handover_self": "Dit gezin is al van jou. Er is niets veranderd.",
    "drafts_open": "Er staat nog werk open dat niet is opgeslagen (aantal: {count}). Rond dat "
                   "eerst af; daarna kun je je aansluiten.",
    # issue 17: a team's bad days
    "reassign_reason": "Geef een reden op één regel (hoogstens {limit} tekens), bijvoorbeeld "
                       "'ziek; gezin belt in crisis'.",
    "reassign_same": "Dit gezin is al van {member}. Er is niets veranderd.",
    "reassign_own": "Dit gezin is van jou. Geef het door met: wijkteam-desk handover GEZIN "
                    "--to COLLEGA.",
    "reassign_waiting": "Dit gezin is net overgedragen of overgenomen en de nieuwe "
                        "dossierhouder heeft het nog niet opgepakt. Synchroniseer later opnieuw "
                        "en probeer het dan.",
    "remove_self": "Je kunt jezelf niet uit het team halen. Vraag een andere teamleider.",
    "member_holds_households": "{name} heeft nog {count} gezin(nen): {numbers}. Draag ze eerst "
                               "over (handover) of laat ze overnemen (team reassign). Er is "
                               "niets veranderd.",
    "relink_same": "{member} heeft deze sleutels al. Er is niets veranderd.",
    "role_same": "{member} heeft die rol al. Er is niets veranderd.",
    "review_unknown": "Er is geen late wijziging met nummer {review}. Bekijk de lijst: "
                      "wijkteam-desk team review list.",
    "review_closed": "Over deze late wijziging is al besloten. Er is niets veranderd.",
    "review_item_unknown": "'{item}' hoort niet bij deze late wijziging. Kies een onderdeel uit: "
                           "wijkteam-desk team review list.",
    "review_incomplete": "Dit onderdeel hangt aan een onderdeel dat je niet overneemt. Neem "
                         "dat ook over, of laat beide staan. Er is niets veranderd.",
    "document_malformed": "De gegevens van een collega zijn beschadigd. Er is niets veranderd; "
                          "vraag de collega wat er gewijzigd is.",
    "shield_same": "Dit gezin staat al zo. Er is niets veranderd.",
    "document_schema": "Deze gegevens zijn gemaakt met een andere versie van Wijkteam Desk. "
                       "Werk Wijkteam Desk bij en probeer het opnieuw.",
    "team_leader_unknown": "Geen teamlijst in {folder} is ondertekend door de teamleider met "
                           "vingerafdruk {leader}. Vergelijk de vingerafdruk (telefonisch) en "
                           "wacht tot de map is bijgewerkt.",
}

# Why a file or a household from the team folder was refused (``team sync``); completes
# "… geweigerd: …". Codes in team/reasons.py; a code without text is shown as it is.
TEAM_REASONS: dict[str, str] = {
    "not_dossierhouder": "een wijziging van iemand die het gezin niet heeft",
    "bad_handover": "een overdracht die niet klopt (handtekening)",
    "late_change": "een late wijziging van de vorige dossierhouder (ter beoordeling bewaard)",
    "removed_member": "van iemand die niet meer in het team zit",
    "revoked_key": "ondertekend met een ingetrokken sleutel",
    "unknown_key": "ondertekend met een onbekende sleutel",
    "bad_signature": "de handtekening klopt niet",
    "roster_not_teamleider": "een teamlijst die niet door een teamleider is ondertekend",
    "roster_outdated": "een oude teamlijst",
    "roster_fork": "twee verschillende teamlijsten met hetzelfde nummer",
    "roster_invalid": "een teamlijst die niet klopt",
    "replayed": "een oud bestand dat terugkwam",
    "duplicate_sequence": "twee verschillende bestanden met hetzelfde nummer",
    "recipients_mismatch": "niet versleuteld voor wie het zegt",
    "afgeschermd_leak": "een afgeschermd gezin in een bestand voor iedereen",
    "not_teamleider": "een overname die niet van een teamleider komt",
    "truncated": "onvolledig (half gekopieerd)",
    "empty": "leeg",
    "not_age": "geen teambestand",
    "too_large": "te groot",
    "corrupted": "beschadigd of veranderd",
    "bad_envelope": "geen teambestand voor dit team",
    "bad_tar_member": "de inhoud heeft niet de juiste opbouw",
    "malformed_container": "de inhoud heeft niet de juiste opbouw",
    "malformed_manifest": "de inhoud heeft niet de juiste opbouw",
    "malformed_payload": "de inhoud heeft niet de juiste opbouw",
    "malformed_signature": "de handtekening is onleesbaar",
    "payload_hash_mismatch": "de inhoud is niet wat is ondertekend",
    "wrong_team": "van een ander team",
    "wrong_author": "de afzender klopt niet",
    "wrong_folder": "in de map van een andere collega",
    "name_mismatch": "de bestandsnaam klopt niet",
    "unsafe_name": "een onveilige bestandsnaam",
    "name_too_long": "een te lange bestandsnaam",
    "unknown_name": "een onbekende bestandsnaam",
    "not_a_file": "geen gewoon bestand",
    "unknown_version": "een nieuwere versie van het formaat",
    "changed_while_reading": "het veranderde tijdens het lezen",
    "unreadable": "onleesbaar",
    "document_malformed": "de gezinsgegevens hebben niet de juiste opbouw",
    "document_outside_household": "de gegevens gaan over een ander gezin",
}
