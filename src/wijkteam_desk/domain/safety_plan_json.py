"""A safety-plan version as plain JSON data and back, exactly (``plan_from_dict(plan_to_dict(p))
== p``). Storage keeps a version as this JSON inside the encrypted database, and the editor's
autosaved draft uses the same form, so a crash never loses typed work. Pure: no I/O."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .model import NetworkStance, Role
from .safety_plan import (
    Agreement,
    ChildSection,
    ContactDetails,
    EmergencyContact,
    Goal,
    Participant,
    PartyKind,
    PartyRef,
    PlanStatus,
    SafePerson,
    SafePlace,
    SafetyPlan,
    Signature,
    Step,
)

FORMAT = 1


def _d(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def party_to_dict(p: PartyRef) -> dict[str, Any]:
    return {
        "kind": p.kind.value,
        "id": p.id,
        "name": p.name,
        "roles": [r.value for r in p.roles],
        "stance": p.stance.value if p.stance else None,
    }


def party_from_dict(d: dict[str, Any]) -> PartyRef:
    return PartyRef(
        PartyKind(d["kind"]),
        int(d["id"]),
        str(d["name"]),
        tuple(Role(r) for r in d.get("roles", ())),
        NetworkStance(d["stance"]) if d.get("stance") else None,
    )


def _opt_party(d: dict[str, Any] | None) -> PartyRef | None:
    return party_from_dict(d) if d else None


def _contact(c: ContactDetails) -> dict[str, Any]:
    return {
        "address": c.address,
        "postcode": c.postcode,
        "city": c.city,
        "phone": c.phone,
        "secret_address": c.secret_address,
    }


def _contact_from(d: dict[str, Any]) -> ContactDetails:
    return ContactDetails(
        d.get("address", ""),
        d.get("postcode", ""),
        d.get("city", ""),
        d.get("phone", ""),
        bool(d.get("secret_address", False)),
    )


def plan_to_dict(plan: SafetyPlan) -> dict[str, Any]:
    """Everything of the version; ``id`` included (None until stored)."""
    return {
        "format": FORMAT,
        "id": plan.id,
        "household_id": plan.household_id,
        "version": plan.version,
        "made_by": plan.made_by,
        "created_on": _d(plan.created_on),
        "status": plan.status.value,
        "made_with": list(plan.made_with),
        "condition_ids": list(plan.condition_ids),
        "goals": [
            {
                "id": g.id,
                "text": g.text,
                "agreements": [
                    {
                        "id": a.id,
                        "what": a.what,
                        "who": party_to_dict(a.who),
                        "by_when": _d(a.by_when),
                        "supervisor": party_to_dict(a.supervisor) if a.supervisor else None,
                    }
                    for a in g.agreements
                ],
            }
            for g in plan.goals
        ],
        "warning_signs": list(plan.warning_signs),
        "steps": [
            {"text": s.text, "who": party_to_dict(s.who) if s.who else None} for s in plan.steps
        ],
        "emergency_contacts": [
            {
                "label": c.label,
                "phone": c.phone,
                "party": party_to_dict(c.party) if c.party else None,
            }
            for c in plan.emergency_contacts
        ],
        "safe_places": [
            {"id": p.id, "name": p.name, "contact": _contact(p.contact), "shelter": p.shelter}
            for p in plan.safe_places
        ],
        "safe_people": [
            {"id": p.id, "person": party_to_dict(p.person), "contact": _contact(p.contact)}
            for p in plan.safe_people
        ],
        "participants": [
            {"party": party_to_dict(p.party), "contact": _contact(p.contact)}
            for p in plan.participants
        ],
        "children": [
            {
                "child": party_to_dict(c.child),
                "about": c.about,
                "if_unsafe": list(c.if_unsafe),
                "trusted_adults": [party_to_dict(a) for a in c.trusted_adults],
            }
            for c in plan.children
        ],
        "evaluate_on": _d(plan.evaluate_on),
        "evaluate_with": list(plan.evaluate_with),
        "signatures": [
            {"party": party_to_dict(s.party), "signed_on": _d(s.signed_on)}
            for s in plan.signatures
        ],
        "professional_notes": plan.professional_notes,
        "fixed_on": _d(plan.fixed_on),
    }


def plan_from_dict(d: dict[str, Any]) -> SafetyPlan:
    created = _date(d["created_on"])
    assert created is not None
    return SafetyPlan(
        household_id=int(d["household_id"]),
        version=int(d["version"]),
        made_by=str(d["made_by"]),
        created_on=created,
        status=PlanStatus(d.get("status", PlanStatus.CONCEPT.value)),
        id=d.get("id"),
        made_with=tuple(d.get("made_with", ())),
        condition_ids=tuple(int(i) for i in d.get("condition_ids", ())),
        goals=tuple(
            Goal(
                g["text"],
                tuple(
                    Agreement(
                        a["what"],
                        party_from_dict(a["who"]),
                        _date(a.get("by_when")),
                        _opt_party(a.get("supervisor")),
                        a.get("id", ""),
                    )
                    for a in g.get("agreements", ())
                ),
                g.get("id", ""),
            )
            for g in d.get("goals", ())
        ),
        warning_signs=tuple(d.get("warning_signs", ())),
        steps=tuple(Step(s["text"], _opt_party(s.get("who"))) for s in d.get("steps", ())),
        emergency_contacts=tuple(
            EmergencyContact(c["label"], c["phone"], _opt_party(c.get("party")))
            for c in d.get("emergency_contacts", ())
        ),
        safe_places=tuple(
            SafePlace(p["name"], _contact_from(p.get("contact", {})), bool(p.get("shelter")),
                      p.get("id", ""))
            for p in d.get("safe_places", ())
        ),
        safe_people=tuple(
            SafePerson(party_from_dict(p["person"]), _contact_from(p.get("contact", {})),
                       p.get("id", ""))
            for p in d.get("safe_people", ())
        ),
        participants=tuple(
            Participant(party_from_dict(p["party"]), _contact_from(p.get("contact", {})))
            for p in d.get("participants", ())
        ),
        children=tuple(
            ChildSection(
                party_from_dict(c["child"]),
                c.get("about", ""),
                tuple(c.get("if_unsafe", ())),
                tuple(party_from_dict(a) for a in c.get("trusted_adults", ())),
            )
            for c in d.get("children", ())
        ),
        evaluate_on=_date(d.get("evaluate_on")),
        evaluate_with=tuple(d.get("evaluate_with", ())),
        signatures=tuple(
            Signature(party_from_dict(s["party"]), _date(s["signed_on"]) or created)
            for s in d.get("signatures", ())
        ),
        professional_notes=d.get("professional_notes", ""),
        fixed_on=_date(d.get("fixed_on")),
    )


def plan_to_json(plan: SafetyPlan) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def plan_from_json(text: str) -> SafetyPlan:
    return plan_from_dict(json.loads(text))
