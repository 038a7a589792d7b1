"""A copy is redacted for the strictest of its readers (DOMAIN.md "The veiligheidsplan", issue 12
item 1): every audience × where the pleger is (in the house / living elsewhere / none / only
suspected), for a plan whose safe place ("bij tante Ans") has a secret address. Printed through
the service on a real vault, as the app and the command line print; the PDF's text is read back.
Every name, address and number is made up."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from wijkteam_desk.domain.model import Certainty, NetworkStance, PersonRole, Role
from wijkteam_desk.domain.safety_plan import (
    ContactDetails,
    SafePerson,
    SafePlace,
    Signature,
    Step,
)
from wijkteam_desk.services.workspace import Workspace

SAFE_PLACE = "Bij tante Ans"
SECRET = ("Geheimhof 9", "9876 ZX", "Verweggistad", "06-11122233")
SHELTER = "Opvanghuis De Zonnebloem"
SHELTER_SECRET = ("Schuilpad 4", "06-44455566")
VICTIM = ("Slachtofferstraat 3", "1111 AA", "06-55566677")
SAFE_PERSON = ("Kerkstraat 5", "06-22233344")
OWN_STEP = "Ga met Zoë naar tante Ans"
CHILD_TEXT = "Als het thuis niet veilig is, ga je naar je kamer."
NOTE = "Kees weet niet waar tante Ans woont."

SCENARIOS = ("in_huis", "elders", "geen", "vermoeden")


@dataclass
class Printed:
    scenario: str
    kees: int
    anna: int
    zoe: int
    texts: dict[str, str]
    rules: dict[str, object]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(data: bytes) -> str:
    return _squash(" ".join(p.extract_text() or "" for p in PdfReader(BytesIO(data)).pages))


def _household(ws: Workspace, scenario: str) -> tuple[int, int, int, int]:
    cases = ws.cases
    hid = cases.create_household("Gezin Matrixtest", opened_on=date(2026, 3, 2))
    anna = cases.add_person(hid, "Anna", "Matrix", birth_date=date(1990, 1, 2),
                            roles=(PersonRole(Role.SLACHTOFFER), PersonRole(Role.OUDER)),
                            address=VICTIM[0], postcode=VICTIM[1], city="Dorpsveen",
                            phone=VICTIM[2])
    kees_roles = {
        "in_huis": (PersonRole(Role.PLEGER), PersonRole(Role.OUDER)),
        "elders": (PersonRole(Role.PLEGER), PersonRole(Role.OUDER)),
        "geen": (PersonRole(Role.OUDER),),
        "vermoeden": (PersonRole(Role.PLEGER, Certainty.VERMOEDEN), PersonRole(Role.OUDER)),
    }[scenario]
    kees = cases.add_person(hid, "Kees", "Proefpersoon", birth_date=date(1986, 5, 6),
                            roles=kees_roles, lives_in_household=scenario != "elders",
                            phone="06-99911122")
    zoe = cases.add_person(hid, "Zoë", "Matrix", birth_date=date(2017, 6, 1),
                           roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)))
    cases.add_network_member(hid, "Ans Bakker", "tante", NetworkStance.VEILIG_GENOEG,
                             phone=SAFE_PERSON[1])
    regisseur = cases.add_professional("Mira Testregisseur", "Wijkteam Zuid", phone="06-12121212")
    cases.assign_regisseur(hid, regisseur, date(2026, 3, 5))
    return hid, anna, kees, zoe


def _plan(ws: Workspace, hid: int, scenario: str, anna: int, kees: int) -> None:
    plans = ws.plans
    draft = plans.create_draft(hid)
    parties = plans.parties(hid)
    member = {p.id: p for p in parties.members}
    aunt = parties.network[0]
    participants = draft.participants
    if scenario == "elders":  # he lives elsewhere and the plan was made without him
        participants = tuple(p for p in participants if p.party.key != ("member", kees))
    child = replace(draft.children[0], about=CHILD_TEXT, if_unsafe=("Bel tante Ans.",),
                    trusted_adults=(aunt,))
    plans.edit_draft(
        draft.id,
        participants=participants,
        steps=(Step("Ga naar een veilige plek en bel 112."),
               Step(f"{OWN_STEP} aan de {SECRET[0]}.", member[anna])),
        safe_places=(
            SafePlace(SAFE_PLACE, ContactDetails(SECRET[0], SECRET[1], SECRET[2], SECRET[3],
                                                 True)),
            SafePlace(SHELTER, ContactDetails(SHELTER_SECRET[0], phone=SHELTER_SECRET[1],
                                              secret_address=True), shelter=True),
        ),
        safe_people=(SafePerson(aunt, ContactDetails(SAFE_PERSON[0], phone=SAFE_PERSON[1])),),
        children=(child,),
        professional_notes=NOTE,
    )
    signers = [p.party for p in participants if p.party.key in {("member", anna),
                                                                ("member", kees)}]
    signers.append(parties.regisseur)
    plans.fix_plan(draft.id, [Signature(s, date(2026, 11, 20)) for s in signers])


@pytest.fixture(params=SCENARIOS)
def printed(request: pytest.FixtureRequest, workspace: Workspace) -> Printed:
    scenario = request.param
    hid, anna, kees, zoe = _household(workspace, scenario)
    _plan(workspace, hid, scenario, anna, kees)
    audiences = ["professional", "gezin", f"gezin-zonder:{kees}", f"persoon:{anna}",
                 f"persoon:{zoe}", f"persoon:{kees}"]
    texts = {a: _text(workspace.plans.print_plan(hid, a).data) for a in audiences}
    rules = {str(r.audience): r for r in workspace.plans.copies(hid)}
    return Printed(scenario, kees, anna, zoe, texts, rules)


def _absent(text: str, *values: str) -> None:
    for value in values:
        assert _squash(value) not in text, value
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 8:  # a phone number, however it is spaced
            assert digits not in re.sub(r"\D", "", text), value


def _present(text: str, *values: str) -> None:
    for value in values:
        assert _squash(value) in text, value


def test_professional_copy_holds_everything(printed: Printed) -> None:
    text = printed.texts["professional"]
    _present(text, SAFE_PLACE, *SECRET, SHELTER, *SHELTER_SECRET, *VICTIM, NOTE, OWN_STEP,
             "geheim adres: niet doorgeven")


@pytest.mark.parametrize("audience", ["gezin", "gezin-zonder", "persoon-anna", "persoon-zoe",
                                      "persoon-kees"])
def test_no_copy_but_the_professionals_holds_a_secret_or_the_victims_details(
        printed: Printed, audience: str) -> None:
    text = printed.texts[_key(printed, audience)]
    _absent(text, *SECRET, SHELTER, *SHELTER_SECRET, *VICTIM, NOTE, "06-99911122")


def _key(p: Printed, short: str) -> str:
    return {"gezin": "gezin", "gezin-zonder": f"gezin-zonder:{p.kees}",
            "persoon-anna": f"persoon:{p.anna}", "persoon-zoe": f"persoon:{p.zoe}",
            "persoon-kees": f"persoon:{p.kees}"}[short]


def test_family_copy_is_as_strict_as_its_strictest_reader(printed: Printed) -> None:
    text = printed.texts["gezin"]
    rule = printed.rules["gezin"]
    pleger_reads = printed.scenario in ("in_huis", "vermoeden")
    assert rule.restricted is pleger_reads  # type: ignore[attr-defined]
    assert [p.id for p in rule.strictest] == ([printed.kees] if pleger_reads else [])  # type: ignore[attr-defined]
    if pleger_reads:
        # As his own copy: nothing that says where anyone goes or how to reach them.
        _absent(text, SAFE_PLACE, "tante Ans", "Veilige plekken", "Veilige personen",
                *SAFE_PERSON, CHILD_TEXT)
        _present(text, "Kees Proefpersoon", "Ga naar een veilige plek en bel 112.", "0800-2000")
    else:
        _present(text, SAFE_PLACE, "geheim adres, bekend bij de hulpverlener",
                 "Opvang (naam en adres bekend bij de hulpverlener)", *SAFE_PERSON, CHILD_TEXT)
    _absent(text, OWN_STEP)  # Anna's own step never reaches a copy others read


def test_leaving_the_pleger_off_gives_the_family_its_copy_without_him(printed: Printed) -> None:
    text = printed.texts[f"gezin-zonder:{printed.kees}"]
    rule = printed.rules.get(f"gezin-zonder:{printed.kees}")
    if printed.scenario in ("in_huis", "vermoeden"):
        assert rule is not None and not rule.restricted  # type: ignore[attr-defined]
        assert [p.id for p in rule.left_off] == [printed.kees]  # type: ignore[attr-defined]
    else:
        assert rule is None  # nobody to leave off: the dialog does not offer it
    _present(text, SAFE_PLACE, "geheim adres, bekend bij de hulpverlener", CHILD_TEXT)
    # One signature line fewer: he signs his own copy, not the family's.
    signed = printed.scenario != "elders"
    name = _squash("Kees Proefpersoon")
    assert text.count(name) == printed.texts["gezin"].count(name) - signed


def test_the_pleger_copy_is_his_own_and_nothing_more(printed: Printed) -> None:
    text = printed.texts[f"persoon:{printed.kees}"]
    if printed.scenario == "geen":  # Kees is only a parent: the family copy, under his name
        _present(text, "Exemplaar voor Kees Proefpersoon", SAFE_PLACE)
        return
    assert printed.rules[f"persoon:{printed.kees}"].profile == "persoon-beperkt"  # type: ignore[attr-defined]
    _absent(text, SAFE_PLACE, "tante Ans", "Ans Bakker", *SAFE_PERSON, CHILD_TEXT,
            "Veilige plekken")
    _present(text, "112", "0800-2000")
    assert not re.search(r"\d{4}[A-Z]{2}", text)  # no postcode at all


def test_the_victim_and_the_child_get_their_own_copies(printed: Printed) -> None:
    anna = printed.texts[f"persoon:{printed.anna}"]
    _present(anna, OWN_STEP, "[afgeschermd]", SAFE_PLACE)
    zoe = printed.texts[f"persoon:{printed.zoe}"]
    _present(zoe, CHILD_TEXT, "0800-0432")
    _absent(zoe, "Veilige plekken", OWN_STEP)


def test_the_rule_says_who_reads_each_copy(printed: Printed) -> None:
    family = printed.rules["gezin"]
    names = {p.name for p in family.readers}  # type: ignore[attr-defined]
    assert {"Anna Matrix", "Zoë Matrix"} <= names
    assert ("Kees Proefpersoon" in names) is (printed.scenario != "elders")
    assert all(family.left_out)  # type: ignore[attr-defined]
    assert printed.rules["professional"].left_out == ()  # type: ignore[attr-defined]
