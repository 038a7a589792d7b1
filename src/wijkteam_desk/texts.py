"""The Dutch words for codes that services and rules return: errors and warnings.

Shared by the command line and the app, so a message reads the same in both. Short B1 sentences
that say what happened and what to do next."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .domain.errors import WijkteamError
from .domain.integrity import Finding
from .texts_record import RECORD_ERRORS, RECORD_REJECT_REASONS
from .texts_team import TEAM_ERRORS

if TYPE_CHECKING:  # only for the annotation: the unlock screen and `--help` need no domain model
    from .domain.case_facts import Warning

def keyring_name(platform: str = sys.platform) -> str:
    """This computer's own safe key store, by the name its users know: only this platform's
    (a Linux user was told about Windows Referentiebeheer and the macOS-sleutelhanger)."""
    if platform.startswith("win"):
        return "Windows Referentiebeheer"
    if platform == "darwin":
        return "de macOS-sleutelhanger"
    return "de sleutelbos van je bureaublad (GNOME-sleutelbos of KWallet)"


def plural(n: int, one: str, many: str) -> str:
    """The count with the right form: "1 kind", "3 kinderen", "0 pakketten" (never "kind(eren)").
    """
    return f"{n} {one if n == 1 else many}"


PHASES = {
    "directe_veiligheid": "Directe veiligheid",
    "stabiele_veiligheid": "Stabiele veiligheid",
    "herstel": "Duurzame veiligheid / herstel",
    "nazorg": "Nazorg",
}

ROLES = {
    "slachtoffer": "slachtoffer", "pleger": "pleger", "kind": "kind", "getuige": "getuige",
    "ouder_verzorger": "ouder/verzorger", "mantelzorger": "mantelzorger",
}

# Who acts (domain/profile.py ProfileRole): the fixed list of roles in a local team.
PROFILE_ROLES = {
    "consulent": "consulent", "wijkteammedewerker": "wijkteammedewerker",
    "procesregisseur": "procesregisseur", "gedragswetenschapper": "gedragswetenschapper",
    "aandachtsfunctionaris": "aandachtsfunctionaris", "teamleider": "teamleider",
}

ERRORS: dict[str, str] = {
    **RECORD_ERRORS,  # correcting the record and documents in the file
    "wrong_passphrase": "Het wachtwoord klopt niet. Probeer het opnieuw.",
    "device_not_bound": "Deze kluis hoort bij een ander apparaat. Open hem hier met de "
                        "herstelcode: wijkteam-desk recover.",
    "too_many_attempts": "Te veel foute pogingen. Wacht {seconds} seconden en probeer het "
                         "dan opnieuw.",
    "vault_in_use": "De kluis is al geopend in een ander venster of programma. Sluit dat eerst.",
    "vault_missing": "Er is hier nog geen kluis. Maak er een met: wijkteam-desk init.",
    "vault_exists": "Hier staat al een kluis. Er wordt niets overschreven.",
    "vault_damaged": "De kluis is beschadigd: {reason}. Er is niets veranderd. Zet een "
                     "reservekopie terug: wijkteam-desk restore BESTAND.",
    "vault_too_new": "Deze kluis is gemaakt met een nieuwere versie van Wijkteam Desk. "
                     "Installeer de nieuwste versie.",
    "encryption_unavailable": "Versleuteling is niet beschikbaar. Er is niets opgeslagen. "
                              "Installeer Wijkteam Desk opnieuw.",
    "integrity_failure": "Een deel van de kluis is beschadigd en kan niet worden gelezen. Zet "
                         "een reservekopie terug: wijkteam-desk restore BESTAND.",
    "vault_read_only": "De kluis is beschadigd en opent alleen om te lezen. Er is niets "
                       "opgeslagen. Zet een reservekopie terug: wijkteam-desk restore BESTAND.",
    "attempts_file_unusable": "Het bestand {file} kan niet worden gebruikt (het is een map of "
                              "onleesbaar). Verwijder het en probeer het opnieuw.",
    "disk_full": "De schijf is vol. De laatste wijziging is niet opgeslagen; de rest is veilig. "
                 "Maak ruimte vrij en probeer het opnieuw.",
    "not_found": "Dat gezin of die persoon bestaat niet. Controleer het nummer.",
    "rejected_input": "Het bestand is geweigerd: {reason}. Er is niets veranderd.",
    "passphrase_too_short": "Kies een wachtwoord van minstens {minimum} tekens.",
    "passphrase_mismatch": "De twee wachtwoorden zijn niet gelijk. Probeer het opnieuw.",
    "empty": "Vul het veld '{field}' in.",
    "too_long": "Het veld '{field}' is te lang (hoogstens {maximum} tekens).",
    "reason_required": "Geef een reden op.",
    "handover_date_required": "Vul de datum van de overdracht door Veilig Thuis in.",
    "same_phase": "Het gezin zit al in deze fase.",
    "already_closed": "Dit gezin is al afgesloten.",
    "already_open": "Dit gezin is al open.",
    "early_close_reason_required": "Afsluiten kan regulier pas vanaf {date} (een jaar na het "
                                   "laatste incident). Geef een reden om eerder af te sluiten.",
    "birth_date_future": "De geboortedatum ligt in de toekomst. Controleer de datum.",
    "date_future": "De datum ligt in de toekomst. Controleer de datum.",
    # Typed into a date field (ui/widgets/dates.py); {text} is what was typed.
    "date_empty": "Vul een datum in, bijvoorbeeld 15-03-2010.",
    "date_malformed": "'{text}' is geen datum. Typ de datum als dd-mm-jjjj, bijvoorbeeld "
                      "15-03-2010.",
    "date_year_digits": "Typ het jaar in '{text}' met vier cijfers, bijvoorbeeld 15-03-2010.",
    "date_no_month": "{text} bestaat niet: er is geen maand {month}. Typ de datum als "
                     "dd-mm-jjjj.",
    "date_no_day": "{text} bestaat niet: {month} heeft {days} dagen. Typ een datum die bestaat.",
    "date_too_late": "{text} is te laat. Typ een datum tot en met {maximum}.",
    "date_too_early": "{text} is te vroeg. Typ een datum vanaf {minimum}.",
    "time_malformed": "'{text}' is geen tijd. Typ de tijd als uu:mm, bijvoorbeeld 09:30.",
    "relationship_self": "Een relatie gaat over twee verschillende personen.",
    "end_before_start": "De einddatum ligt voor de begindatum.",
    "person_other_household": "Die persoon hoort niet bij dit gezin.",
    "regisseur_exists": "Er is al een regisseur ({name}). Eén gezin heeft één regisseur: "
                        "kies 'Regisseur wisselen' en geef een reden.",
    "already_regisseur": "Deze hulpverlener is al de regisseur.",
    "offer_or_reason_required": "Beschrijf het aanbod, of leg vast waarom er geen aanbod is.",
    "forms_required": "Kies minstens één vorm van geweld.",
    "idle_lock_range": "Kies een tijd tussen 1 en 60 minuten.",
    "offsets_range": "Kies monitoringmomenten tussen 1 en 60 maanden.",
    "not_a_backup": "Dit is geen reservekopie van Wijkteam Desk.",
    "vault_locked": "De kluis is vergrendeld. Ontgrendel hem eerst.",
    # de herstelsleutel van de organisatie
    "wrong_organisation_key": "Deze geheime sleutel past niet bij de organisatiesleutel van deze "
                              "kluis (vingerafdruk {fingerprint}). Er is niets veranderd. "
                              "Controleer of je de goede sleutel hebt.",
    "no_organisation_key": "Voor deze kluis is geen organisatiesleutel ingesteld. Er is niets "
                           "veranderd. Gebruik de herstelcode: wijkteam-desk recover.",
    "organisation_wrap_damaged": "De organisatiesleutel in vault.key is niet te gebruiken: "
                                 "{reason}. Er is niets veranderd. Gebruik de herstelcode "
                                 "(wijkteam-desk recover) of zet een reservekopie terug.",
    # profiel
    "profile_role_unknown": "Onbekende functie '{role}'. Kies uit: {roles}.",
    "profile_invalid_characters": "Het veld '{field}' bevat tekens die niet kunnen. Typ alleen "
                                  "letters, cijfers en leestekens.",
    "profile_missing": "Deze kluis weet nog niet wie je bent. Geef je naam op: wijkteam-desk "
                       "profile --name NAAM --role FUNCTIE.",
    "days_range": "Kies een aantal dagen van {minimum} tot en met {maximum}.",
    "next_action_date_without_text": "Vul eerst de volgende actie in; dan pas een datum of wie.",
    # monitoring
    "moment_done": "Dit monitoringmoment is afgerond en kan niet meer veranderen.",
    "not_extra": "Alleen een extra moment kan weg. De momenten van 3 en 12 maanden plant de "
                 "app zelf.",
    "no_melding": "Bij dit monitoringmoment is geen melding voorbereid.",
    "score_range": "Kies een score van {minimum} tot en met {maximum}.",
    "scored_by_invalid": "Kies wie de score gaf: de persoon, een ouder, een kind of de "
                         "professional.",
    "run_completed": "Deze checklist is afgerond en kan niet meer veranderen. Begin een nieuwe.",
    "run_not_completed": "Deze checklist is nog niet afgerond. Rond hem eerst af.",
    "checklist_incomplete": "De checklist is nog niet af ({aantal} punten). Eerste punt: "
                            "{eerste}",
    "invalid_answer": "Dat antwoord past niet bij deze vraag.",
    "template_mismatch": "Deze checklist hoort bij een andere versie van de vragenlijst.",
    "template_invalid": "Een vragenlijst in de installatie is beschadigd. Installeer Wijkteam "
                        "Desk opnieuw.",
    "checklist_interval_range": "Kies een termijn tussen 1 en 730 dagen.",
    # veiligheidsplan
    "plan_frozen": "Versie {version} van het veiligheidsplan is vastgesteld en kan niet meer "
                   "veranderen. Maak een nieuwe versie.",
    "plan_missing": "Dit gezin heeft nog geen veiligheidsplan. Maak eerst een plan.",
    "plan_draft_exists": "Er is al een concept (versie {version}). Werk dat concept bij.",
    "plan_not_fixed": "Alleen een vastgesteld plan krijgt een nieuwe versie. Stel versie "
                      "{version} eerst vast.",
    "plan_made_by_missing": "Vul in wie het plan heeft gemaakt.",
    "plan_version_invalid": "Dit versienummer klopt niet.",
    "safe_person_threatening": "Dit netwerklid is bedreigend en kan geen veilige persoon zijn. "
                               "Kies iemand anders.",
    "safe_person_is_pleger": "Een pleger kan geen veilige persoon zijn. Kies iemand anders.",
    "child_section_not_a_child": "Een kinderdeel is alleen voor een kind uit het gezin.",
    "trusted_adult_unsafe": "Een pleger of een bedreigend netwerklid kan geen vertrouwde "
                            "volwassene van een kind zijn.",
    "agreement_empty": "Vul bij elke afspraak in wat er is afgesproken.",
    "evaluation_before_plan": "De evaluatiedatum ligt voor de datum van het plan.",
    "item_ids_invalid": "Het plan is niet goed opgeslagen. Probeer het opnieuw.",
    "field_not_editable": "Dit onderdeel van het plan kan niet worden aangepast.",
    "signatures_missing": "Kies wie het plan heeft ondertekend.",
    "signature_after_fix": "Een handtekening kan niet na de datum van vaststellen liggen.",
    "not_a_successor": "Deze versie kan de vorige niet vervangen.",
    "goal_not_found": "Dat doel staat niet (meer) in het plan.",
    "unknown_audience": "Kies voor wie het plan is: professional, gezin, gezin-zonder:NUMMER "
                        "of persoon:NUMMER.",
    "unknown_person": "Persoon {person_id} staat niet in dit veiligheidsplan.",
    "review_status_invalid": "Kies: nagekomen, deels nagekomen of niet nagekomen.",
    "condition_other_household": "Die voorwaarde hoort bij een ander gezin.",
    "plan_other_household": "Die versie hoort bij een ander gezin.",
    # Uitwisseling met Veilig Thuis
    "no_own_key": "Deze kluis heeft nog geen eigen sleutel voor de uitwisseling.",
    "own_key": "Dit is de eigen sleutel van het team, niet die van Veilig Thuis.",
    "key_id_in_use": "Er is al een andere sleutel met nummer {key_id}. Bel Veilig Thuis en "
                     "vergelijk de vingerafdruk.",
    "key_revoked": "Deze sleutel ({key_id}) is ingetrokken en wordt niet meer vertrouwd.",
    "no_trusted_key": "Er is nog geen sleutel van Veilig Thuis. Voeg die eerst toe: "
                      "VT-uitwisseling, Sleutels (of wijkteam-desk keys trust MAP).",
    "choose_recipient": "Er zijn meer sleutels van Veilig Thuis ({names}). Kies de ontvanger.",
    "unknown_recipient": "Geen vertrouwde sleutel gevonden met de naam {name}.",
    "nothing_to_export": "Er is niets nieuws om te versturen.",
    "not_a_folder": "De map {folder} bestaat niet. Kies een andere map.",
    "folder_unwritable": "Schrijven in {folder} lukte niet. Er is niets verstuurd. Is de "
                         "USB-stick er nog en is er ruimte? Kies anders een andere map.",
    "no_vt_case_number": "Gezin {household_id} heeft geen zaaknummer van Veilig Thuis; een "
                         "terugkoppeling kan niet.",
    "unknown_kind": "Onbekende soort pakket: {kind}.",
    "melding_one_household": "Een melding gaat over één gezin. Kies het gezin.",
    "melder_required": "Wijs eerst een regisseur aan: die doet de melding.",
    "melder_phone_required": "Vul het telefoonnummer van {name} in: Veilig Thuis belt de "
                             "melder terug.",
    "concerns_required": "Beschrijf de zorgen.",
    "client_informed_required": "Geef aan of de cliënt weet van de melding.",
    "not_informed_reason_required": "Leg uit waarom de cliënt niet is ingelicht "
                                    "(minstens 10 tekens).",
    "file_unreadable": "Kan het bestand {file} niet lezen.",
    "conflict_unknown": "Dit verschil bestaat niet (meer).",
    "conflict_resolved": "Over dit verschil is al besloten.",
    **TEAM_ERRORS,
}

DAMAGE_REASONS = {
    "empty": "vault.db is leeg",
    "truncated": "vault.db is afgekapt",
    "plaintext": "vault.db is niet versleuteld",
    "keyfile_missing": "het sleutelbestand vault.key ontbreekt",
    "database_missing": "vault.db ontbreekt",
    "foreign": "vault.db hoort bij een andere kluis",
    "backup_damaged": "de reservekopie is beschadigd",
    "organisation_wrap_damaged": "hij is beschadigd of veranderd",
    "organisation_wrap_foreign": "hij hoort bij een andere kluis",
    "keyfile_unreadable": "het sleutelbestand vault.key is onleesbaar",
    "keyfile_damaged": "het sleutelbestand vault.key is veranderd of beschadigd",
    "keyfile_kdf": "de instellingen in het sleutelbestand vault.key zijn ongeldig",
    "key_mismatch": "vault.db past niet bij vault.key, of het begin van vault.db is beschadigd",
    "unreadable": "vault.db kan niet worden gelezen",
    "read_only": "een beschadigde kluis kan niet worden bijgewerkt naar deze versie",
}

# What ``check`` and opening found (domain/integrity.py). One sentence each; the advice follows.
FINDINGS: dict[str, str] = {
    "pages_damaged": "{aantal} van de database {is} beschadigd ({pagina}).",
    "structure_damaged": "De opbouw van de database klopt niet.",
    "audit_broken": "Het logboek is veranderd of ingekort vanaf regel {line}.",
    "unreadable": "Een deel van de database kan niet worden gelezen.",
    "wal_lost": "Opgeslagen wijzigingen ontbreken: het logbestand van de kluis (vault.db-wal) "
                "was beschadigd. Een kopie staat in {file}.",
    "wal_foreign": "Het logbestand van de kluis (vault.db-wal) hoorde bij een andere kluis. Het "
                   "is apart gezet als {file}; wat erin stond, is niet in deze kluis.",
    "wal_kept": "Bij een eerdere keer openen ontbraken opgeslagen wijzigingen. De kopie van het "
                "logbestand staat in {file}.",
    "read_only": "De kluis is beschadigd en opent alleen om te lezen. Wat je verandert, wordt "
                 "niet opgeslagen.",
}
RESTORE_ADVICE = "Zet de laatste reservekopie terug: wijkteam-desk restore BESTAND."
RESTORE_ADVICE_APP = ("Vergrendel de kluis (F12) en kies op het ontgrendelscherm "
                      "'Reservekopie terugzetten…'.")
KEEP_COPY_ADVICE = "Bewaar {files} voor de helpdesk."
READ_ONLY_UNTIL = "Tot dan opent de kluis alleen om te lezen."


def finding_text(finding: Finding) -> str:
    facts = dict(finding.facts)
    if finding.code == "pages_damaged":
        pages = [int(p) for p in facts.get("pages", [])]
        count = int(facts.get("count", len(pages)) or 1)
        shown = ", ".join(str(p) for p in pages[:5]) + (", …" if len(pages) > 5 else "")
        facts = {"aantal": "Eén pagina" if count == 1 else f"{count} pagina's",
                 "is": "is" if count == 1 else "zijn",
                 "pagina": ("pagina " if len(pages) == 1 else "pagina's ") + shown}
    return _fill(FINDINGS.get(finding.code, finding.code), facts)


def findings_advice(findings: list[Finding], app: bool = False) -> str:
    """What to do about ``findings``, once: restore, keep any WAL copy for support, and (for
    damage to the database itself) that the vault is read-only until then."""
    if not findings:
        return ""
    parts = [RESTORE_ADVICE_APP if app else RESTORE_ADVICE]
    copies = [str(f.facts["file"]) for f in findings
              if f.code in ("wal_lost", "wal_foreign", "wal_kept") and f.facts.get("file")]
    if copies:
        parts.append(KEEP_COPY_ADVICE.format(files=" en ".join(dict.fromkeys(copies))))
    if any(f.code in ("pages_damaged", "structure_damaged", "audit_broken", "unreadable")
           for f in findings):
        parts.append(READ_ONLY_UNTIL)
    return " ".join(parts)

WARNINGS: dict[str, tuple[str, str]] = {
    # code: (what is wrong, with the facts; what to do)
    "geen_regisseur": ("Geen regisseur: één gezin heeft één regisseur.",
                       "Wijs een regisseur aan."),
    "meerdere_regisseurs": ("{aantal} regisseurs tegelijk: één gezin heeft één regisseur.",
                            "Beëindig de regie van alle regisseurs op één na."),
    "afsluiten_te_vroeg": ("In nazorg, maar het laatste incident is minder dan een jaar geleden.",
                           "Sluit niet af voor {datum}, of leg de reden vast."),
    "gesloten_voor_einddatum": ("Afgesloten voor {datum} (een jaar na het laatste incident) "
                                "zonder reden.", "Leg de reden van het eerder afsluiten vast."),
    "geen_veiligheidsplan": ("Er is nog geen veiligheidsplan.",
                             "Maak samen met het gezin een veiligheidsplan."),
    "evaluatie_veiligheidsplan": ("Het veiligheidsplan moest op {datum} worden geëvalueerd.",
                                  "Bespreek het plan met het gezin en maak zo nodig een "
                                  "nieuwe versie."),
    "plan_herzien_na_fasewissel": ("De fase is op {datum} veranderd, na het vaststellen van "
                                   "het veiligheidsplan.",
                                   "Bekijk het veiligheidsplan opnieuw en maak een nieuwe versie."),
    "consultatie_vt_verplicht": ("Consultatie van Veilig Thuis is verplicht: {redenen}.",
                                 "Vraag Veilig Thuis om advies. Leg het vast met de checklist "
                                 "'Verplichte consultatie Veilig Thuis' of een journaalregel "
                                 "'Consultatie Veilig Thuis'."),
    "specialistische_regie_geadviseerd": ("Specialistische casusregie is geadviseerd: {redenen}.",
                                          "Besluit of je opschaalt. Leg het besluit vast: vul "
                                          "'Zicht op veiligheid' in, of schrijf een verslag van "
                                          "het casusoverleg of de consultatie van Veilig Thuis."),
    "kind_zonder_aanbod": ("{kinderen} slachtoffer of getuige zonder eigen aanbod: "
                           "{namen}.",
                           "Leg bij Plan een aanbod vast voor elk kind, of de reden waarom er "
                           "geen aanbod is."),
    "politiemelding_herwegen": ("Nieuwe politiemelding op {datum}, na de laatste weging van de "
                                "veiligheid.",
                                "Weeg de veiligheid opnieuw: vul 'Zicht op veiligheid' of de "
                                "meldcode-afweging in, of stel het veiligheidsplan opnieuw vast."),
    "checklist_achterstallig": ("De checklist '{checklist}' is te lang niet ingevuld (laatst: "
                                "{laatst}; elke {dagen} dagen).",
                                "Vul de checklist in op het tabblad Zicht op veiligheid."),
    "monitoring_achterstallig": ("Monitoringmoment van {datum} is {te_laat} te laat.",
                                 "Plan het gesprek en vul het formulier in op het tabblad "
                                 "Monitoring."),
}


def _dutch_date(value: object) -> object:
    """Dates in messages read as the team writes them: 2027-03-01 becomes 01-03-2027."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        y, m, d = value.split("-")
        if y.isdigit() and m.isdigit() and d.isdigit():
            return f"{d}-{m}-{y}"
    return value


def _fill(template: str, facts: dict[str, object]) -> str:
    facts = {k: _dutch_date(v) for k, v in facts.items()}
    try:
        return template.format(**facts)
    except (KeyError, IndexError, ValueError):
        return template.split("{")[0].strip()


def error_text(error: WijkteamError) -> str:
    code = getattr(error, "code", "error")
    if code == "rejected_input":
        reason = getattr(error, "reason", "")
        return _fill(ERRORS[code], {"reason": REJECT_REASONS.get(reason, reason)})
    facts = dict(error.facts)
    if code in ("vault_damaged", "organisation_wrap_damaged"):
        facts["reason"] = DAMAGE_REASONS.get(str(facts.get("reason", "")), "oorzaak onbekend")
    return _fill(ERRORS.get(code, "Er ging iets mis. Er is niets veranderd."), facts)


def rejected_file_text(file: object, reason: str) -> str:
    """A refused input file, named, with its reason: "Het bestand org.key is geweigerd: …"."""
    return (f"Het bestand {file} is geweigerd: {REJECT_REASONS.get(reason, reason)}. "
            "Er is niets veranderd.")


# A checklist that was never filled in: said as such, not "laatst: nog nooit".
NEVER_FILLED_IN = "De checklist '{checklist}' is nog niet ingevuld. Dat moet elke {dagen} dagen."


def warning_text(warning: Warning) -> tuple[str, str]:
    why, todo = WARNINGS.get(warning.code, (warning.code, ""))
    facts: dict[str, object] = dict(warning.facts)
    if warning.code == "checklist_achterstallig" and facts.get("laatst") in ("nog nooit", ""):
        why = NEVER_FILLED_IN
    if warning.code == "monitoring_achterstallig" and str(facts.get("dagen", "")).isdigit():
        facts["te_laat"] = plural(int(str(facts["dagen"])), "dag", "dagen")
    if str(facts.get("aantal", "")).isdigit():
        facts["kinderen"] = plural(int(str(facts["aantal"])), "kind", "kinderen")
    return _fill(why, facts), _fill(todo, facts)


REJECT_REASONS: dict[str, str] = {
    **RECORD_REJECT_REASONS,
    "not_a_backup": "dit is geen reservekopie van Wijkteam Desk",
    # Uitwisselbestanden (codes in exchange/reasons.py); each completes "… is geweigerd: …".
    "too_large": "het bestand is groter dan toegestaan",
    "not_age": "het is geen versleuteld uitwisselbestand (age)",
    "truncated": "het bestand is onvolledig (afgekapt)",
    "decrypt_failed": "het is niet voor jouw sleutel versleuteld",
    "corrupted": "het bestand is beschadigd of veranderd",
    "malformed_container": "de inhoud heeft niet de juiste opbouw",
    "malformed_signature": "de handtekening is onleesbaar",
    "unknown_signer": "de afzender is onbekend (sleutel niet vertrouwd)",
    "bad_signature": "de handtekening klopt niet; het bestand is mogelijk vervalst",
    "invalid_utf8": "de tekst is geen geldige UTF-8",
    "malformed_json": "de gegevens zijn geen geldige JSON",
    "duplicate_key": "een veld komt twee keer voor",
    "nan": "er staat een ongeldige getalwaarde in (NaN of oneindig)",
    "number_not_allowed": "er staat een kommagetal of te groot getal in",
    "too_deep": "de gegevens zijn te diep genest",
    # Format 1.0 only: since 1.1 every strict JSON spelling is read (the code stays reserved).
    "not_canonical": "de gegevens staan niet in de vaste (canonieke) vorm",
    "unknown_version": "onbekende versie van het formaat",
    "unknown_kind": "onbekende soort pakket",
    "unexpected_kind": "deze soort pakket wordt hier niet ingelezen",
    "sender_mismatch": "de afzender in het manifest hoort niet bij de handtekening",
    "wrong_recipient": "het pakket is voor een andere ontvanger gemaakt",
    "replayed": "het pakket is ouder dan of gelijk aan een eerder ontvangen pakket",
    "payload_hash_mismatch": "de inhoud past niet bij het ondertekende manifest",
    "schema_invalid": "de gegevens voldoen niet aan het schema",
    "unknown_package": "de ontvangstbevestiging hoort bij geen enkel verzonden pakket",
    "key_conflict": "de nieuwe sleutel botst met een sleutel die al bekend of ingetrokken is",
    "bad_key_file": "het sleutelbestand ontbreekt of is ongeldig",
    "unreadable": "het bestand kan niet worden gelezen",
    # De sleutelbestanden van de organisatie (org.pub, org.key)
    "not_organisation_key": "er staat geen openbare age-sleutel (age1…) in. Vraag de "
                            "ICT-afdeling om het bestand org.pub",
    "secret_key_given": "dit is de geheime sleutel van de organisatie. Die mag niet op deze "
                        "laptop staan: haal hem weg en kies het bestand org.pub",
    "several_keys": "er staat meer dan één sleutel in; er mag er maar één in staan",
    "not_organisation_identity": "er staat geen geheime age-sleutel (AGE-SECRET-KEY-1…) in",
    "public_key_given": "dit is de openbare sleutel (age1…). Voor herstel is de geheime "
                        "sleutel nodig (org.key)",
    "key_file_unreadable": "het bestand kan niet worden gelezen",
}

# Dutch words for the enums the screens show (vocabulary table in DOMAIN.md).
CERTAINTIES = {"vermoeden": "vermoeden", "bevestigd": "bevestigd"}

RELATIONSHIPS = {
    "partner": "partner", "ex_partner": "ex-partner", "ouder_kind": "ouder – kind",
    "stiefouder": "stiefouder", "broer_zus": "broer/zus", "grootouder": "grootouder",
    "huisvriend": "huisvriend", "mantelzorger": "mantelzorger",
}

STANCES = {"veilig_genoeg": "veilig genoeg", "bedreigend": "bedreigend"}

VIOLENCE_FORMS = {
    "lichamelijk": "lichamelijk", "psychisch": "psychisch", "seksueel": "seksueel",
    "bedreiging": "bedreiging", "verwaarlozing": "verwaarlozing",
    "getuige_partnergeweld": "getuige van partnergeweld", "partnergeweld": "(ex-)partnergeweld",
    "stalking": "stalking", "ouderenmishandeling": "ouderenmishandeling",
    "geweld_tegen_ouders": "geweld tegen ouders", "eergerelateerd": "eergerelateerd geweld",
    "huwelijksdwang": "huwelijksdwang en achterlating",
    "vrouwelijke_genitale_verminking": "vrouwelijke genitale verminking", "overig": "overig",
}

SEVERITIES = {"licht": "licht", "ernstig": "ernstig", "zeer_ernstig": "zeer ernstig"}

JOURNAL_KINDS = {
    "huisbezoek": "Huisbezoek", "telefoon": "Telefoongesprek", "casusoverleg": "Casusoverleg",
    "consultatie_vt": "Consultatie Veilig Thuis", "notitie": "Notitie",
}

PLAN_STATUSES = {"open": "open", "bezig": "bezig", "gedaan": "gedaan", "vervallen": "vervallen"}

STATUSES = {"open": "Open", "gesloten": "Gesloten"}

