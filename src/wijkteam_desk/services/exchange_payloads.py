"""Mapping between package payloads and the case file, without a database.

Incoming: an overdracht person or voorwaarde becomes the flat field values we compare and store
(also kept as the import snapshot). Outgoing: a terugkoppeling or melding holds only the fields
of its schema, filled from the case file; names, addresses and phone numbers of the family never
go into a terugkoppeling, and no address at all goes into a melding (VT calls the melder)."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from datetime import date
from typing import Any

from ..domain.exchange import FeedbackSource, MomentReport
from ..domain.model import Certainty, HouseholdFile, PersonRole, Role, Severity
from ..texts import plural

PERSON_FIELDS = ("given_name", "family_name", "birth_date", "address", "postcode", "city",
                 "phone", "secret_address", "roles")
CONDITION_FIELDS = ("text", "set_by", "set_on", "withdrawn_on")
# Our phases and violence forms in the exchange's vocabulary.
PHASE_OUT = {"directe_veiligheid": "directe_veiligheid",
             "stabiele_veiligheid": "stabiele_veiligheid",
             "herstel": "duurzame_veiligheid", "nazorg": "nazorg"}
FORM_OUT = {"verwaarlozing": "verwaarlozing_emotioneel", "eergerelateerd": "eergerelateerd_geweld"}
MOMENT_OUT = {3: "3_maanden", 12: "12_maanden"}
PHONE_OK = set("0123456789+ ()-")


def snapshot_text(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def snapshot_values(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def incoming_person(person: dict[str, Any]) -> dict[str, Any]:
    """An overdracht person as our field values (JSON-friendly: dates as ISO text)."""
    address = person.get("address") or {}
    street = " ".join(x for x in (address.get("street", ""), address.get("house_number", "")) if x)
    return {
        "given_name": person["given_names"], "family_name": person["family_name"],
        "birth_date": person.get("birth_date"), "address": street,
        "postcode": address.get("postcode", ""), "city": address.get("city", ""),
        "phone": person.get("phone", ""), "secret_address": bool(person["secret_address"]),
        "roles": sorted(f"{r['role']}:{r['certainty']}" for r in person["roles"]),
    }


def local_person(person: Any) -> dict[str, Any]:
    """A domain ``Person`` in the same shape as ``incoming_person``."""
    return {
        "given_name": person.given_name, "family_name": person.family_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "address": person.address, "postcode": person.postcode, "city": person.city,
        "phone": person.phone, "secret_address": person.secret_address,
        "roles": sorted(f"{r.role.value}:{r.certainty.value}" for r in person.roles),
    }


def roles_from(values: list[str]) -> tuple[PersonRole, ...]:
    out = []
    for text in values:
        role, _, certainty = text.partition(":")
        out.append(PersonRole(Role(role), Certainty(certainty or "bevestigd")))
    return tuple(out)


def person_update(field: str, value: Any) -> dict[str, Any]:
    """Keyword arguments for ``CaseRepository.update_person`` (roles are set separately)."""
    if field == "birth_date":
        return {field: date.fromisoformat(value) if value else None}
    return {field: value}


def incoming_condition(condition: dict[str, Any]) -> dict[str, Any]:
    return {"text": condition["text"], "set_by": condition["set_by"], "set_on": condition["date"],
            "withdrawn_on": condition.get("withdrawn_on")}


def address_text(address: dict[str, str] | None) -> str:
    """``Dorpsstraat 12, 1234 AB Utrecht`` (empty without an address)."""
    if not address:
        return ""
    street = " ".join(x for x in (address.get("street", ""), address.get("house_number", "")) if x)
    place = " ".join(x for x in (address.get("postcode", ""), address.get("city", "")) if x)
    return ", ".join(x for x in (street, place) if x)


def normalized(value: Any) -> Any:
    """Every string in NFC: VT may send "é" as e + U+0301; search and comparison need one form."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    return value


def handover_note(payload: dict[str, Any]) -> str:
    """The journal entry an imported overdracht leaves: VT's context in the team's file."""
    agreement = payload["monitoring_agreement"]
    months = " en ".join(str(m) for m in sorted(agreement["moments_months"]))
    lines = [f"Overdracht van Veilig Thuis ingelezen (zaaknummer {payload['vt_case_number']}, "
             f"overdracht op {payload['handover_date']})."]
    if payload.get("summary"):
        lines.append(f"Samenvatting van Veilig Thuis: {payload['summary']}")
    if payload.get("forms_of_violence"):
        lines.append("Vormen van geweld: " + ", ".join(payload["forms_of_violence"]) + ".")
    lines.append(f"Monitoring afgesproken na {months} maanden. Contact bij Veilig Thuis: "
                 f"{agreement['vt_contact_name']}, {agreement['vt_contact_phone']}.")
    if agreement.get("notes"):
        lines.append(f"Afspraken: {agreement['notes']}")
    return "\n".join(lines)


# -- terugkoppeling ------------------------------------------------------------------------------
def _moment(m: MomentReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "moment": MOMENT_OUT.get(m.offset_months or 0, "extra"),
        "due_date": m.due_on.isoformat(),
        "conditions": [{"condition_id": c, "status": s} for c, s in m.conditions],
        "durably_safe": m.durably_safe,
    }
    if m.held_on:
        out["held_on"] = m.held_on.isoformat()
    if m.incidents_since is not None:
        out["incidents_since"] = m.incidents_since
    if m.safety_scores:
        out["safety_scores"] = [{"person_id": p, "score": s} for p, s in m.safety_scores]
    if m.help_in_place is not None:
        out["help_in_place"] = m.help_in_place
    if m.outcome:
        out["outcome"] = m.outcome
    return out


def plan_summary(goal_statuses: tuple[str, ...], plan_version: int | None) -> str:
    """Counts only: goal texts are the team's own words and may name family members."""
    parts = []
    if goal_statuses:
        counts = Counter(goal_statuses)
        detail = ", ".join(f"{counts[s]} {s}" for s in ("open", "bezig", "gedaan", "vervallen")
                           if counts[s])
        parts.append(f"Plan van aanpak: {len(goal_statuses)} doelen ({detail}).")
    if plan_version:
        parts.append(f"Veiligheidsplan: versie {plan_version}.")
    return " ".join(parts)


def terugkoppeling_payload(source: FeedbackSource, today: date) -> dict[str, Any]:
    moments = [_moment(m) for m in source.moments][-50:]
    last_outcome = source.moments[-1].outcome if source.moments else ""
    if source.status == "gesloten":
        status = "afgesloten"
    elif last_outcome == "melden_bij_vt":
        status = "terug_naar_vt"
    elif last_outcome == "heropenen":
        status = "heropend"
    else:
        status = "lopend"
    payload: dict[str, Any] = {
        "vt_case_number": source.vt_case_number, "reported_on": today.isoformat(),
        "status": status, "phase": PHASE_OUT.get(source.phase, "directe_veiligheid"),
        "monitoring": moments,
    }
    if source.regisseur:
        name, organisation, phone = source.regisseur
        regisseur = {"name": name[:200], "organisation": organisation[:200]}
        if _phone_ok(phone):
            regisseur["phone"] = phone.strip()
        payload["regisseur"] = regisseur
    summary = plan_summary(source.goal_statuses, source.plan_version)
    if summary:
        payload["plan_summary"] = summary
    return payload


def _phone_ok(phone: str) -> bool:
    phone = phone.strip()
    return 6 <= len(phone) <= 20 and phone[0] in "0123456789+" and set(phone) <= PHONE_OK


# -- melding -------------------------------------------------------------------------------------
def melding_payload(file: HouseholdFile, today: date, *, concerns: str, client_informed: bool,
                    not_informed_reason: str, melder: tuple[str, str, str],
                    external_ids: dict[int, str]) -> dict[str, Any]:
    """A melding from the household file. Persons by VT id when VT knows them, else ``T<id>``;
    names, birth dates and roles only (no address, no phone of the family)."""
    persons = []
    for p in file.persons:
        roles = [{"role": r.role.value, "certainty": r.certainty.value} for r in p.roles]
        if not roles and p.is_child_on(today):
            roles = [{"role": "kind", "certainty": "bevestigd"}]
        if not roles:
            continue  # someone without a role in the concerns is not part of the melding
        entry: dict[str, Any] = {
            "id": external_ids.get(p.id) or f"T{p.id}",
            "given_names": p.given_name[:100], "family_name": p.family_name[:100],
            "roles": roles,
        }
        if p.birth_date:
            entry["birth_date"] = p.birth_date.isoformat()
        persons.append(entry)
    forms = sorted({FORM_OUT.get(f.value, f.value) for i in file.incidents for f in i.forms})
    recent = [i for i in file.incidents if (today - i.occurred_on).days <= 7]
    name, organisation, phone = melder
    payload: dict[str, Any] = {
        "reported_on": today.isoformat(), "concerns": concerns.strip()[:4000],
        "forms_of_violence": forms or ["overig"],
        "acute": any(i.severity is Severity.ZEER_ERNSTIG for i in recent),
        "children_involved": any(p.is_child_on(today) for p in file.persons),
        "persons": persons,
        "melder": {"name": name[:200], "organisation": organisation[:200],
                   "phone": phone.strip()},
        "client_informed": client_informed,
    }
    if file.household.vt_case_number:
        payload["vt_case_number"] = file.household.vt_case_number
    if not client_informed:
        payload["not_informed_reason"] = not_informed_reason.strip()[:2000]
    return payload


def incidents_summary(file: HouseholdFile) -> str:
    """A neutral default for a melding's ``concerns``: counts and dates, no free text."""
    if not file.incidents:
        return ""
    last = max(i.occurred_on for i in file.incidents)
    count = plural(len(file.incidents), "incident", "incidenten")
    return (f"{count} vastgelegd door het wijkteam; het laatste op "
            f"{last:%d-%m-%Y}. Het team licht de zorgen telefonisch toe.")
