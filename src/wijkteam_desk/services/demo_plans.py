"""Demo veiligheidsplannen: VT conditions with reviews (for cases from VT), and safety plans —
most vastgesteld (some with an older, vervangen version), some still a concept — with agreements,
safe places (some on a secret address), a section per child and signatures. Synthetic only."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from faker import Faker

from ..domain.model import Role
from ..domain.safety_plan import (
    Agreement,
    ChildSection,
    ContactDetails,
    Goal,
    PartyRef,
    ReviewStatus,
    SafePerson,
    SafePlace,
    SafetyPlan,
    Signature,
    Step,
    default_emergency_contacts,
    draft_plan,
    fix,
    mark_superseded,
    new_version,
)
from ..domain.schedule import add_months
from ..storage.uow import SqlUnitOfWork
from .plans import parties_of

CONDITIONS = [
    "{pleger} komt niet in de woning zonder afspraak met de regisseur.",
    "Er wordt in het bijzijn van de kinderen niet geschreeuwd of geslagen.",
    "{pleger} volgt een training 'Stoppen met geweld'.",
    "De kinderen gaan elke dag naar school.",
    "Ouders werken mee aan hulp van het wijkteam.",
]
REVIEW_NOTES = ["", "", "Eén keer niet nagekomen.", "Gaat steeds beter.", "Besproken met VT."]
WARNING_SIGNS = [
    "{pleger} drinkt meer dan normaal.", "Er wordt veel gescholden.",
    "{pleger} belt of appt vaak achter elkaar.", "De kinderen slapen slecht.",
    "{slachtoffer} trekt zich terug en zegt afspraken af.",
]
CHILD_ABOUT = [
    "Papa en mama hebben afspraken gemaakt, zodat het thuis rustig blijft.",
    "Iedereen in huis let erop dat het veilig is. Jij hoeft dat niet te doen.",
]


def _first(party: PartyRef) -> str:
    return party.name.split()[0]


def add_demo_safety_plan(uow: SqlUnitOfWork, rng: random.Random, fake: Faker,
                         household_id: int) -> None:
    today = uow.clock.today()
    file = uow.cases.load_file(household_id)
    h = file.household
    parties = parties_of(file, today)
    victim = next((m for m in parties.members if Role.SLACHTOFFER in m.roles), None)
    pleger = next((m for m in parties.members if m.is_pleger), None)
    if victim is None or pleger is None:
        return
    words = {"pleger": _first(pleger), "slachtoffer": _first(victim)}
    start = h.vt_handover_date or h.opened_on
    condition_ids: list[int] = []
    if h.from_vt:
        for text in rng.sample(CONDITIONS, k=rng.randint(1, 3)):
            cid = uow.plans.add_condition(household_id, text=text.format(**words),
                                          set_by="Veilig Thuis", set_on=start)
            condition_ids.append(cid)
            day = start
            for _ in range(rng.randint(0, 2)):
                day = min(today, day + timedelta(days=rng.randint(30, 120)))
                uow.plans.add_review(cid, on=day, status=rng.choice(list(ReviewStatus)),
                                     note=rng.choice(REVIEW_NOTES))
    roll = rng.random()
    if roll < 0.1:
        return  # a household without a plan yet: the dashboard warns about it
    created = min(today, h.opened_on + timedelta(days=rng.randint(3, 20)))
    regisseur = parties.regisseur or (parties.professionals[0] if parties.professionals else None)
    helper = parties.professionals[-1] if parties.professionals else regisseur
    safe_network = [n for n in parties.network if not n.is_threatening]
    children = [m for m in parties.members if m.is_child]
    place_contact = ContactDetails(fake.street_address(), fake.postcode(), fake.city(),
                                   fake.phone_number(), secret_address=True)
    safe_places = [SafePlace("Politiebureau in de wijk", ContactDetails(
        fake.street_address(), fake.postcode(), fake.city()))]
    if rng.random() < 0.45:
        safe_places.insert(0, SafePlace("Opvanghuis De Vlinder", place_contact, shelter=True))
    safe_people = [SafePerson(n, parties.contact(n)) for n in safe_network]
    if safe_network and rng.random() < 0.5:
        safe_places.append(SafePlace(f"Huis van {safe_network[0].name}",
                                     parties.contact(safe_network[0])))
    goals = [Goal("Er is geen geweld meer in huis.", (
        Agreement(f"{_first(pleger)} komt alleen op afspraak langs.", pleger,
                  None, regisseur),
        Agreement(f"{_first(victim)} belt de regisseur als het niet goed gaat.", victim, None,
                  regisseur),
    ))]
    if regisseur is not None:
        goals.append(Goal("De kinderen voelen zich veilig thuis en op school.", (
            Agreement("De school weet van het plan en belt bij zorgen.", regisseur,
                      add_months(created, 1), regisseur),
        ) if children else ()))
    if helper is not None and helper != regisseur:
        goals[0] = replace(goals[0], agreements=(*goals[0].agreements, Agreement(
            f"{_first(pleger)} gaat naar de training 'Stoppen met geweld'.", pleger,
            add_months(created, 2), helper)))
    plan = draft_plan(
        household_id, regisseur.name if regisseur else uow.actor, created,
        made_with=tuple(m.name for m in parties.members if not m.is_child),
        condition_ids=tuple(condition_ids),
        goals=tuple(goals),
        warning_signs=tuple(s.format(**words) for s in rng.sample(WARNING_SIGNS, k=3)),
        steps=(Step("Stop het gesprek en ga naar een andere kamer of naar buiten."),
               Step("Bel 112 als er direct gevaar is."),
               Step("Ga met de kinderen naar een veilige plek.", victim),
               Step("Bel binnen een dag de regisseur.")),
        emergency_contacts=default_emergency_contacts(
            regisseur, parties.contact(regisseur).phone if regisseur else ""),
        safe_places=tuple(safe_places),
        safe_people=tuple(safe_people),
        participants=tuple(p for p in parties.contacts if not p.party.is_threatening),
        children=tuple(ChildSection(
            c, rng.choice(CHILD_ABOUT),
            ("Ga naar je kamer of naar de buren.", "Bel 112 als iemand pijn wordt gedaan."),
            tuple(safe_network[:1])) for c in children),
        evaluate_on=add_months(created, 3),
        evaluate_with=(victim.name, regisseur.name) if regisseur else (victim.name,),
        professional_notes=rng.choice(["", "Pleger weet niet waar de opvang is.",
                                       "Afspraken samen met Veilig Thuis gemaakt."]),
    )
    if roll < 0.25 or regisseur is None:
        uow.plans.add_plan(plan, uow.clock.now())  # still a concept
        return
    signers = [victim, pleger, regisseur]
    fixed_on = min(today, created + timedelta(days=rng.randint(1, 7)))
    # Most plans are evaluated on time; a few show the dashboard's evaluation warning.
    evaluate_on = max(created, today + timedelta(days=rng.randint(7, 90))) \
        if rng.random() < 0.85 else add_months(created, 3)
    v1 = fix(replace(plan, evaluate_on=evaluate_on), [Signature(p, fixed_on) for p in signers],
             fixed_on)
    # Rule 2: a phase change prompts a review; most demo teams made a new version after it.
    last_change = max((c.changed_on for c in file.phase_history), default=created)
    review = last_change > fixed_on and rng.random() < 0.75
    if (roll < 0.6 and not review) or (today - fixed_on).days < 60:
        uow.plans.add_plan(v1, uow.clock.now())
        return
    recent = last_change if review else today - timedelta(days=rng.randint(5, 60))
    on = min(today, max(fixed_on + timedelta(days=30), recent))
    v2: SafetyPlan = new_version(replace(v1, evaluate_on=on), on)
    v2 = replace(v2, warning_signs=(*v2.warning_signs, "Er komen nieuwe ruzies over geld."),
                 evaluate_on=max(on, today + timedelta(days=rng.randint(14, 100))))
    v2 = fix(v2, [Signature(p, on) for p in signers], on)
    v1 = replace(v1, evaluate_on=on)
    uow.plans.add_plan(mark_superseded(v1, v2), uow.clock.now())
    uow.plans.add_plan(v2, uow.clock.now())
