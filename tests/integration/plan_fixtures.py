"""A household with everything a veiligheidsplan needs, written through the services on a real
vault. Import explicitly: ``from tests.integration.plan_fixtures import plan_family``. All names,
addresses and numbers are made up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest

from wijkteam_desk.domain.model import Certainty, NetworkStance, PersonRole, Role
from wijkteam_desk.domain.safety_plan import (
    Agreement,
    ContactDetails,
    Goal,
    SafePerson,
    SafePlace,
    Step,
)
from wijkteam_desk.services.workspace import Workspace

HOUSEHOLD_NAME = "Gezin Proefhuis"
VICTIM_PHONE = "06-13572468"
VICTIM_ADDRESS = "Slachtofferlaan 8"
SECRET_ADDRESS = "Schuilhoekweg 21"
SECRET_POSTCODE = "9898 QZ"
SECRET_CITY = "Verstoppendam"
SECRET_PHONE = "06-97531864"


@dataclass(frozen=True)
class PlanFamily:
    ws: Workspace
    household_id: int
    victim: int
    pleger: int
    child: int
    aunt: int
    threat: int
    regisseur: int
    condition: int


@pytest.fixture
def plan_family(workspace: Workspace) -> PlanFamily:
    cases = workspace.cases
    hid = cases.create_household(HOUSEHOLD_NAME, opened_on=date(2026, 3, 2), from_vt=True,
                                 vt_handover_date=date(2026, 3, 5), vt_case_number="VT-654321")
    victim = cases.add_person(hid, "Inge", "Proefhuis", birth_date=date(1989, 4, 2),
                              roles=(PersonRole(Role.SLACHTOFFER), PersonRole(Role.OUDER)),
                              address=VICTIM_ADDRESS, postcode="1234 AB", city="Testdorp",
                              phone=VICTIM_PHONE)
    pleger = cases.add_person(hid, "Bram", "Voorbeeldman", birth_date=date(1986, 1, 9),
                              roles=(PersonRole(Role.PLEGER, Certainty.VERMOEDEN),
                                     PersonRole(Role.OUDER)),
                              lives_in_household=False, phone="06-24681357")
    child = cases.add_person(hid, "Noor", "Proefhuis", birth_date=date(2017, 6, 1),
                             roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)))
    aunt = cases.add_network_member(hid, "Tante Els", "tante", NetworkStance.VEILIG_GENOEG,
                                    phone="030-7654321")
    threat = cases.add_network_member(hid, "Dirk Dreiger", "vriend van vader",
                                      NetworkStance.BEDREIGEND)
    regisseur = cases.add_professional("Mira Regie", "Wijkteam Zuid", function="procesregisseur",
                                       phone="06-11223344")
    cases.assign_regisseur(hid, regisseur, date(2026, 3, 5))
    condition = workspace.plans.add_condition(
        hid, "Bram komt niet in de woning zonder afspraak.", "Veilig Thuis", date(2026, 3, 5))
    return PlanFamily(workspace, hid, victim, pleger, child, aunt, threat, regisseur, condition)


def fill_plan(f: PlanFamily) -> int:
    """A complete concept for the family: goals with agreements, steps, a secret shelter, a safe
    aunt, a child section. Returns the plan id."""
    plans = f.ws.plans
    draft = plans.create_draft(f.household_id)
    parties = plans.parties(f.household_id)
    member = {p.id: p for p in parties.members}
    aunt = next(p for p in parties.network if p.id == f.aunt)
    regisseur = parties.regisseur
    assert regisseur is not None
    goals = (
        Goal("Thuis is het veilig en rustig.", (
            Agreement("Bram komt alleen op afspraak langs.", member[f.pleger], date(2027, 1, 1),
                      regisseur),
            Agreement("Inge belt de regisseur als Bram dreigt.", member[f.victim], None,
                      regisseur),
        )),
    )
    section = next(c for c in draft.children if c.child.id == f.child)
    plans.edit_draft(
        draft.id,
        goals=goals,
        warning_signs=("Bram belt vaak achter elkaar.",),
        steps=(Step("Ga naar een veilige plek en bel 112."),
               Step("Ga met Noor naar de opvang.", member[f.victim])),
        safe_places=(SafePlace("Opvanghuis De Linde", ContactDetails(
            SECRET_ADDRESS, SECRET_POSTCODE, SECRET_CITY, SECRET_PHONE, True), shelter=True),),
        safe_people=(SafePerson(aunt, ContactDetails(phone="030-7654321")),),
        children=(replace(section, about="Als papa boos wordt, ga je naar je kamer.",
                          if_unsafe=("Bel tante Els.",), trusted_adults=(aunt,)),),
        professional_notes="Bram weet niet waar de opvang is.",
    )
    return draft.id or 0
