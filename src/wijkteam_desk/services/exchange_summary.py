"""What leaves the laptop, in plain Dutch: a readable summary of a package's payload for the
outbox (the JSON itself stays available as ``ExportDraft.preview_text``). Every value of the
payload appears in the summary, so nothing is sent that the consultant did not read: the
terugkoppeling, the melding and the ontvangstbevestiging the team owes VT. Pure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..texts import REJECT_REASONS, ROLES

_STATUS = {"lopend": "loopt", "afgesloten": "afgesloten", "heropend": "heropend",
           "terug_naar_vt": "terug naar Veilig Thuis"}
_PHASE = {"directe_veiligheid": "directe veiligheid", "stabiele_veiligheid": "stabiele veiligheid",
          "duurzame_veiligheid": "duurzame veiligheid / herstel", "nazorg": "nazorg"}
_MOMENT = {"3_maanden": "na 3 maanden", "12_maanden": "na 12 maanden", "extra": "extra moment"}
_CONDITION = {"voldaan": "voldaan", "deels": "deels voldaan", "niet_voldaan": "niet voldaan",
              "onbekend": "onbekend"}
_OUTCOME = {"voortzetten": "doorgaan", "afsluiten": "afsluiten", "heropenen": "heropenen",
            "melden_bij_vt": "melden bij Veilig Thuis"}
_ANSWER = {"ja": "ja", "nee": "nee", "onbekend": "onbekend"}
_RECEIVED = {"ingelezen": "ingelezen", "ingelezen_met_verschillen": "ingelezen, met verschillen",
             "verschillen_opgelost": "alle verschillen zijn beoordeeld", "geweigerd": "geweigerd"}
_OF_KIND = {"overdracht": "de overdracht", "terugkoppeling": "de terugkoppeling",
            "melding": "de melding", "ontvangstbevestiging": "de ontvangstbevestiging",
            "sleutelwissel": "de nieuwe sleutel"}
# Every code the summary translates (the test checks that all other values appear as sent).
TRANSLATED = {*_STATUS, *_PHASE, *_MOMENT, *_CONDITION, *_OUTCOME, *_ANSWER, *ROLES, *_RECEIVED,
              *_OF_KIND, "vermoeden", "bevestigd"}


def _day(text: str) -> str:
    return f"{date.fromisoformat(text):%d-%m-%Y}"


def _moment(m: dict[str, Any]) -> list[str]:
    held = f", gehouden op {_day(m['held_on'])}" if m.get("held_on") else ", nog niet gehouden"
    lines = [f"Monitoring {_MOMENT.get(m['moment'], m['moment'])} (gepland {_day(m['due_date'])}"
             f"{held}):"]
    for c in m["conditions"]:
        lines.append(f"  voorwaarde {c['condition_id']}: {_CONDITION[c['status']]}")
    if "incidents_since" in m:
        lines.append(f"  incidenten sinds het vorige moment: {m['incidents_since']}")
    for s in m.get("safety_scores", []):
        lines.append(f"  veiligheidsscore van persoon {s['person_id']}: {s['score']}")
    if "help_in_place" in m:
        lines.append(f"  hulp nog aanwezig: {'ja' if m['help_in_place'] else 'nee'}")
    lines.append(f"  duurzaam veilig: {_ANSWER[m['durably_safe']]}")
    if m.get("outcome"):
        lines.append(f"  besluit: {_OUTCOME[m['outcome']]}")
    return lines


def _terugkoppeling(p: dict[str, Any]) -> list[str]:
    lines = [f"Terugkoppeling over zaak {p['vt_case_number']} van {_day(p['reported_on'])}.",
             f"Stand: {_STATUS[p['status']]}, fase {_PHASE[p['phase']]}."]
    if p.get("regisseur"):
        r = p["regisseur"]
        phone = f", telefoon {r['phone']}" if r.get("phone") else ""
        lines.append(f"Regisseur: {r['name']} ({r['organisation']}{phone}).")
    if p.get("plan_summary"):
        lines.append(f"Plan: {p['plan_summary']}")
    for m in p["monitoring"]:
        lines.extend(_moment(m))
    lines.append("Geen namen, adressen of telefoonnummers van het gezin.")
    return lines


def _melding(p: dict[str, Any]) -> list[str]:
    case = f" (zaak {p['vt_case_number']})" if p.get("vt_case_number") else ""
    lines = [f"Melding bij Veilig Thuis van {_day(p['reported_on'])}{case}.",
             f"Zorgen: {p['concerns']}",
             "Vormen van geweld: " + ", ".join(f.replace("_", " ")
                                              for f in p["forms_of_violence"]) + ".",
             f"Acuut: {'ja' if p['acute'] else 'nee'}. Kinderen betrokken: "
             f"{'ja' if p['children_involved'] else 'nee'}."]
    for person in p["persons"]:
        roles = ", ".join(ROLES[r["role"]] + (" (vermoeden)" if r["certainty"] == "vermoeden"
                                              else "") for r in person["roles"])
        born = f", geboren {_day(person['birth_date'])}" if person.get("birth_date") else ""
        address = " (met adres)" if person.get("address") else ""
        lines.append(f"Persoon {person['id']}: {person['given_names']} {person['family_name']}"
                     f"{born}: {roles}{address}.")
    m = p["melder"]
    lines.append(f"Melder: {m['name']} ({m['organisation']}, telefoon {m['phone']}).")
    lines.append("De cliënt weet van de melding." if p["client_informed"] else
                 f"De cliënt weet het niet: {p.get('not_informed_reason', '')}")
    if p.get("steps_taken"):
        lines.append(f"Al gedaan: {p['steps_taken']}")
    return lines


def _moment_of(text: str) -> str:
    """``2026-11-22T09:00:00Z`` as the laptop's own clock reads it."""
    at = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone()
    return f"{at:%d-%m-%Y} om {at:%H:%M}"


def _ontvangstbevestiging(p: dict[str, Any]) -> list[str]:
    if "acknowledged_package_id" in p:
        kind = p["acknowledged_kind"]
        lines = [f"Ontvangstbevestiging voor {_OF_KIND.get(kind, kind)} met volgnummer "
                 f"{p['acknowledged_sequence']} van Veilig Thuis, ontvangen op "
                 f"{_moment_of(p['received_at'])}.",
                 f"Pakketnummer {p['acknowledged_package_id']}, controlegetal van de inhoud "
                 f"{p['acknowledged_payload_sha256']}."]
    else:  # refused before its manifest could be read: named by the file's own hash
        lines = [f"Ontvangstbevestiging voor een bestand dat op {_moment_of(p['received_at'])} "
                 "binnenkwam en niet kon worden geopend.",
                 f"Controlegetal van het bestand {p['received_file_sha256']}."]
    outcome = p.get("outcome", "ingelezen")
    said = f"Uitkomst: {_RECEIVED[outcome]}"
    if outcome == "geweigerd":
        reason = p["reason"]
        said += f", want {REJECT_REASONS.get(reason, reason)} (code {reason})"
    if p.get("open_differences"):
        n = p["open_differences"]
        said += f"; het team beoordeelt nog {n} {'verschil' if n == 1 else 'verschillen'}"
    lines.append(said + ".")
    return lines


def summary_lines(kind: str, payload: dict[str, Any]) -> list[str]:
    """The payload of a terugkoppeling, melding or ontvangstbevestiging as short Dutch lines
    (B1)."""
    if kind == "terugkoppeling":
        return _terugkoppeling(payload)
    if kind == "melding":
        return _melding(payload)
    if kind == "ontvangstbevestiging":
        return _ontvangstbevestiging(payload)
    raise ValueError(f"no summary for {kind}")
