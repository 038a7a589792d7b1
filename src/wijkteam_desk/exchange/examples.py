"""Complete, valid example payloads of each kind. Synthetic: every name, address and number is
made up (postcodes 9998/9999 and the ``06-0000000x`` numbers are deliberately unused ranges)."""

from __future__ import annotations

from typing import Any


def example_overdracht() -> dict[str, Any]:
    """A complete, valid overdracht input. Every person, address and number is made up."""
    return {
        "vt_case_number": "VT-2025-000417",
        "handover_date": "2025-03-03",
        "household": {
            "name": "Gezin De Wit",
            "address": {
                "street": "Voorbeeldstraat",
                "house_number": "12",
                "postcode": "9999 ZZ",
                "city": "Voorbeeldstad",
            },
        },
        "summary": (
            "Melding na politie-inzet bij partnergeweld. Kinderen waren aanwezig. Moeder verblijft "
            "met de kinderen tijdelijk op een geheim adres."
        ),
        "forms_of_violence": ["partnergeweld", "getuige_partnergeweld"],
        "persons": [
            {
                "id": "P1",
                "given_names": "Sanne",
                "family_name": "de Wit",
                "birth_date": "1988-06-14",
                "roles": [
                    {"role": "slachtoffer", "certainty": "bevestigd"},
                    {"role": "ouder_verzorger", "certainty": "bevestigd"},
                ],
                "address": {
                    "street": "Schuilplaats",
                    "house_number": "1",
                    "postcode": "9998 YY",
                    "city": "Voorbeeldstad",
                },
                "phone": "06-00000001",
                "secret_address": True,
            },
            {
                "id": "P2",
                "given_names": "Mark",
                "family_name": "de Wit",
                "birth_date": "1985-11-02",
                "roles": [
                    {"role": "pleger", "certainty": "vermoeden"},
                    {"role": "ouder_verzorger", "certainty": "bevestigd"},
                ],
                "address": {
                    "street": "Voorbeeldstraat",
                    "house_number": "12",
                    "postcode": "9999 ZZ",
                    "city": "Voorbeeldstad",
                },
                "phone": "06-00000002",
                "secret_address": False,
            },
            {
                "id": "P3",
                "given_names": "Noor",
                "family_name": "de Wit",
                "birth_date": "2016-02-20",
                "roles": [
                    {"role": "kind", "certainty": "bevestigd"},
                    {"role": "getuige", "certainty": "bevestigd"},
                ],
                "secret_address": True,
            },
            {
                "id": "P4",
                "given_names": "Daan",
                "family_name": "de Wit",
                "birth_date": "2019-09-08",
                "roles": [{"role": "kind", "certainty": "bevestigd"}],
                "secret_address": True,
            },
        ],
        "veiligheidsvoorwaarden": [
            {
                "id": "VW1",
                "text": "Er is geen fysiek geweld in het gezin.",
                "set_by": "Veilig Thuis Voorbeeldregio",
                "date": "2025-02-24",
            },
            {
                "id": "VW2",
                "text": "Vader neemt alleen contact op met moeder via de regisseur.",
                "set_by": "Veilig Thuis Voorbeeldregio",
                "date": "2025-02-24",
            },
            {
                "id": "VW3",
                "text": "Noor en Daan gaan elke schooldag naar school en opvang.",
                "set_by": "Veilig Thuis Voorbeeldregio",
                "date": "2025-02-24",
            },
        ],
        "monitoring_agreement": {
            "moments_months": [3, 12],
            "vt_contact_name": "J. Voorbeeld (Veilig Thuis)",
            "vt_contact_phone": "0800-2000",
            "notes": "Terugkoppeling na elk monitoringmoment; bij nieuw incident direct bellen.",
        },
    }


def example_terugkoppeling() -> dict[str, Any]:
    """What a team sends back after the 3-month moment of ``example_overdracht``."""
    return {
        "vt_case_number": "VT-2025-000417",
        "reported_on": "2025-06-05",
        "status": "lopend",
        "phase": "stabiele_veiligheid",
        "regisseur": {"name": "A. Voorbeeld", "organisation": "Wijkteam Voorbeeldstad"},
        "plan_summary": "Veiligheidsplan vastgesteld met beide ouders; vader volgt een training.",
        "monitoring": [
            {
                "moment": "3_maanden",
                "due_date": "2025-06-03",
                "held_on": "2025-06-04",
                "conditions": [
                    {"condition_id": "VW1", "status": "voldaan"},
                    {"condition_id": "VW2", "status": "deels"},
                    {"condition_id": "VW3", "status": "voldaan"},
                ],
                "incidents_since": 0,
                "safety_scores": [{"person_id": "P1", "score": 6}, {"person_id": "P3", "score": 7}],
                "help_in_place": True,
                "durably_safe": "onbekend",
                "outcome": "voortzetten",
            }
        ],
    }


def example_melding() -> dict[str, Any]:
    """A melding by the team under the meldcode (no secret address included)."""
    return {
        "reported_on": "2025-04-10",
        "concerns": "Buren horen regelmatig harde ruzies; oudste kind vertelt over slaan.",
        "forms_of_violence": ["lichamelijk", "getuige_partnergeweld"],
        "acute": False,
        "children_involved": True,
        "persons": [
            {
                "id": "M1",
                "given_names": "Fatma",
                "family_name": "Voorbeeld",
                "roles": [{"role": "slachtoffer", "certainty": "vermoeden"}],
            },
            {
                "id": "M2",
                "given_names": "Jesse",
                "family_name": "Voorbeeld",
                "birth_date": "2014-05-01",
                "roles": [{"role": "kind", "certainty": "bevestigd"}],
            },
        ],
        "melder": {
            "name": "A. Voorbeeld",
            "organisation": "Wijkteam Voorbeeldstad",
            "phone": "06-00000009",
        },
        "client_informed": True,
    }
