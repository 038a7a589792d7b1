"""Synthetic households for the demo, screenshots and benchmarks (Faker ``nl_NL``; no real data).

Each household is written in one transaction with one audit line, so an interrupted run leaves
only whole households."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from faker import Faker

from ..domain.model import (
    Certainty,
    JournalKind,
    NetworkStance,
    PersonRole,
    Phase,
    PlanStatus,
    RelationshipKind,
    Role,
    Severity,
    ViolenceForm,
)
from ..storage.repository import CaseRepository
from ..storage.uow import SqlUnitOfWork
from .demo_checklists import add_safety_demo
from .demo_plans import add_demo_safety_plan
from .monitoring_demo import demo_monitoring

ORGANISATIONS = [
    ("Wijkteam", "procesregisseur"), ("Wijkteam", "gezinscoach"),
    ("Veilig Thuis", "casusregisseur"), ("GGZ", "behandelaar"),
    ("Jeugdbescherming", "jeugdbeschermer"), ("Politie", "wijkagent"),
    ("Huisartsenpraktijk", "huisarts"), ("Basisschool", "intern begeleider"),
    ("Vrouwenopvang", "ambulant hulpverlener"), ("Reclassering", "reclasseringswerker"),
]
NETWORK_RELATIONS = ["oma", "opa", "tante", "oom", "buurvrouw", "vriendin", "zus", "broer",
                     "oud-collega", "trainer van de voetbalclub"]
JOURNAL_TEXTS = {
    JournalKind.HUISBEZOEK: ["Huisbezoek: veiligheidsafspraken doorgelopen met moeder.",
                             "Huisbezoek samen met de gezinscoach; kinderen apart gesproken.",
                             "Huisbezoek: sfeer rustig, afspraken worden nagekomen."],
    JournalKind.TELEFOON: ["Telefonisch contact met school over de aanwezigheid van de kinderen.",
                           "Moeder belde: het gaat beter, de afspraken helpen.",
                           "Gebeld met de huisarts over de verwijzing."],
    JournalKind.CASUSOVERLEG: ["Casusoverleg met GGZ en school: plan bijgesteld.",
                               "MDO: afspraken over wie wat doet vastgelegd."],
    JournalKind.CONSULTATIE_VT: ["Veilig Thuis geconsulteerd over de nieuwe zorgen.",
                                 "Overleg met Veilig Thuis over de veiligheidsvoorwaarden."],
    JournalKind.NOTITIE: ["Verwijzing naar opvoedondersteuning verstuurd.",
                          "Vervolgafspraak gepland."],
}
GOALS = {
    Phase.DIRECTE_VEILIGHEID: [
        (None, "Er is geen geweld meer in huis.", [("Veiligheidsplan maken en ondertekenen",
                                                    "regisseur")]),
        ("victim", "Moeder weet wat ze doet en wie ze belt als het misgaat.",
         [("Noodnummers in de telefoon zetten", "moeder")]),
        ("perpetrator", "Vader houdt zich aan het contactverbod.",
         [("Aanmelden bij een cursus omgaan met agressie", "vader")]),
    ],
    Phase.STABIELE_VEILIGHEID: [
        (None, "Ouders maken afspraken over de kinderen zonder ruzie.",
         [("Gesprekken bij de mediator", "ouders")]),
        ("victim", "Moeder heeft een steunend netwerk.",
         [("Netwerkberaad houden", "regisseur")]),
    ],
    Phase.HERSTEL: [
        (None, "De gevolgen van het geweld worden verwerkt.",
         [("Traumabehandeling starten", "GGZ")]),
    ],
    Phase.NAZORG: [
        (None, "Het gezin weet waar het terecht kan als het weer misgaat.",
         [("Evaluatiegesprek na drie maanden", "regisseur")]),
    ],
}
PARTNER_FORMS = [ViolenceForm.PARTNERGEWELD, ViolenceForm.PSYCHISCH, ViolenceForm.LICHAMELIJK,
                 ViolenceForm.BEDREIGING, ViolenceForm.STALKING]


class DemoGenerator:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], seed: int | None = None,
                 events_per_household: tuple[int, int] = (8, 30)) -> None:
        self._uow = uow_factory
        self._rng = random.Random(seed)
        self._fake = Faker("nl_NL")
        self._fake.seed_instance(seed if seed is not None else self._rng.randrange(10**9))
        self._events = events_per_household
        self._professionals: list[tuple[int, str]] = []

    def _ensure_professionals(self, repo: CaseRepository) -> None:
        if self._professionals:
            return
        existing = repo.list_professionals()
        if len(existing) >= 12:
            self._professionals = [(p.id, p.organisation) for p in existing]
            return
        for i in range(24):
            org, function = ORGANISATIONS[i % len(ORGANISATIONS)]
            pid = repo.add_professional(name=self._fake.name(), organisation=org,
                                        function=function, phone=self._fake.phone_number(),
                                        email=self._fake.ascii_safe_email())
            self._professionals.append((pid, org))

    def generate(self, count: int, progress: Callable[[int], None] | None = None,
                 batch: int = 1) -> list[int]:
        """Add ``count`` households, ``batch`` per transaction (each transaction holds only whole
        households, so an interrupted run never leaves half a household)."""
        ids: list[int] = []
        while len(ids) < count:
            with self._uow() as uow:
                self._ensure_professionals(uow.cases)
                for _ in range(min(batch, count - len(ids))):
                    hid = self._household(uow)
                    uow.audit("demo.household", "household", hid, hid)
                    ids.append(hid)
                uow.commit()
            if progress:
                progress(len(ids))
        return ids

    def _household(self, uow: SqlUnitOfWork) -> int:
        rng, fake, repo = self._rng, self._fake, uow.cases
        today = uow.clock.today()
        now = uow.clock.now()
        family = fake.last_name()
        opened = today - timedelta(days=rng.randint(20, 900))
        from_vt = rng.random() < 0.6
        handover = opened + timedelta(days=rng.randint(0, 10)) if from_vt else None
        phase = rng.choice(list(Phase))
        hid = repo.add_household(
            name=f"Gezin {family}", phase=Phase.DIRECTE_VEILIGHEID, opened_on=opened, now=now,
            from_vt=from_vt, vt_case_number=f"VT-{rng.randint(100000, 999999)}" if from_vt else "",
            vt_handover_date=handover,
            next_action=rng.choice(["Huisbezoek plannen", "Veiligheidsplan evalueren",
                                    "Terugkoppeling aan Veilig Thuis", "Netwerkberaad organiseren",
                                    "Kinderen apart spreken", ""]))
        street, postcode, city = fake.street_address(), fake.postcode(), fake.city()
        mother = repo.add_person(
            hid, given_name=fake.first_name_female(), family_name=family,
            birth_date=fake.date_of_birth(minimum_age=24, maximum_age=48),
            roles=(PersonRole(Role.SLACHTOFFER), PersonRole(Role.OUDER)),
            address=street, postcode=postcode, city=city, phone=fake.phone_number(),
            secret_address=rng.random() < 0.25)
        ex = repo.add_person(
            hid, given_name=fake.first_name_male(), family_name=fake.last_name(),
            birth_date=fake.date_of_birth(minimum_age=25, maximum_age=55),
            roles=(PersonRole(Role.PLEGER, rng.choice(list(Certainty))), PersonRole(Role.OUDER)),
            lives_in_household=False, address=fake.street_address(), postcode=fake.postcode(),
            city=fake.city(), phone=fake.phone_number())
        repo.add_relationship(hid, mother, ex, RelationshipKind.EX_PARTNER,
                              opened - timedelta(days=rng.randint(2000, 5000)),
                              opened - timedelta(days=rng.randint(10, 400)))
        children = []
        for _ in range(rng.randint(1, 3)):
            child = repo.add_person(
                hid, given_name=fake.first_name(), family_name=family,
                birth_date=fake.date_of_birth(minimum_age=1, maximum_age=16),
                roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)),
                address=street, postcode=postcode, city=city)
            children.append(child)
            repo.add_relationship(hid, mother, child, RelationshipKind.OUDER_KIND, None, None)
            repo.add_relationship(hid, ex, child, RelationshipKind.OUDER_KIND, None, None)
        repo.add_network_member(hid, name=fake.name(), relation=rng.choice(NETWORK_RELATIONS),
                                stance=NetworkStance.VEILIG_GENOEG, phone=fake.phone_number(),
                                address=f"{fake.street_address()}, {fake.city()}",
                                secret_address=rng.random() < 0.2)
        if rng.random() < 0.5:
            repo.add_network_member(hid, name=fake.name(), relation="vriend van vader",
                                    stance=NetworkStance.BEDREIGEND, phone=fake.phone_number(),
                                    note="Zoekt contact met moeder via sociale media.")
        # Case direction: usually exactly one regisseur; a few households show the rule-1 warning.
        pros = rng.sample(self._professionals, k=min(4, len(self._professionals)))
        if rng.random() > 0.04:
            first = pros[0][0]
            regisseur_start = opened
            if rng.random() < 0.3:  # one hand-over during the case
                span = max(11, (today - opened).days)
                handover_on = opened + timedelta(days=rng.randint(10, span))
                old = repo.add_involvement(hid, pros[1][0], role="regisseur", is_regisseur=True,
                                           start=opened)
                repo.end_involvement(old, handover_on, "Wisseling van werkgebied")
                regisseur_start = handover_on
            repo.add_involvement(hid, first, role="regisseur", is_regisseur=True,
                                 start=regisseur_start)
        for pid, org in pros[2:]:
            repo.add_involvement(hid, pid, role=org, is_regisseur=False,
                                 start=opened + timedelta(days=rng.randint(0, 30)))
        # Incidents: one before opening, some during the case.
        incident_days = sorted({opened - timedelta(days=rng.randint(1, 20))} | {
            opened + timedelta(days=rng.randint(1, max(2, (today - opened).days)))
            for _ in range(rng.randint(0, 3))})
        for day in incident_days:
            repo.add_incident(hid, occurred_on=min(day, today),
                              forms=tuple(rng.sample(PARTNER_FORMS, k=rng.randint(1, 2))),
                              severity=rng.choice(list(Severity)), victim_ids=(mother,),
                              perpetrator_ids=(ex,), children_present=rng.random() < 0.6,
                              police_involved=rng.random() < 0.4,
                              police_report=rng.random() < 0.25,
                              description="Ruzie liep uit de hand; buren belden de politie."
                              if rng.random() < 0.3 else "")
        # Phases walked in order up to the current one.
        order = list(Phase)
        repo.add_phase_change(hid, from_phase=None, to_phase=Phase.DIRECTE_VEILIGHEID,
                              changed_on=opened, author=uow.actor, reason="Start traject")
        day = opened
        for prev, nxt in zip(order, order[1:order.index(phase) + 1], strict=False):
            day = min(today, day + timedelta(days=rng.randint(20, 120)))
            repo.add_phase_change(hid, from_phase=prev, to_phase=nxt, changed_on=day,
                                  author=uow.actor, reason="Veiligheid is stabieler; "
                                  "afspraken worden nagekomen.")
        repo.update_household(hid, now, phase=phase)
        self._plan(repo, hid, phase, mother, ex, children, today)
        add_demo_safety_plan(uow, rng, fake, hid)  # veiligheidsplan, VT conditions
        add_safety_demo(uow, rng, hid, opened, [mother, ex, *children])  # checklists, scores
        kinds = list(JOURNAL_TEXTS)
        entries = []
        for _ in range(rng.randint(*self._events)):
            kind = rng.choice(kinds)
            at = datetime.combine(opened + timedelta(days=rng.randint(0, (today - opened).days)),
                                  time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))))
            entries.append((kind, at, uow.actor, rng.choice(JOURNAL_TEXTS[kind])))
        repo.add_journal_many(hid, entries)
        if rng.random() < 0.12 and phase is Phase.NAZORG:
            closed = min(today, day + timedelta(days=rng.randint(5, 60)))
            repo.update_household(hid, now, status="gesloten", closed_on=closed,
                                  closing_reason="Doelen behaald; nazorg afgerond.")
        demo_monitoring(uow, rng, hid, mother, children)  # moments, some done (monitoring_demo)
        return hid

    def _plan(self, repo: CaseRepository, hid: int, phase: Phase, victim: int, perpetrator: int,
              children: list[int], today: date) -> None:
        rng = self._rng
        order = list(Phase)
        for goal_phase in order[:order.index(phase) + 1]:
            done = goal_phase is not phase
            for who, text, actions in GOALS[goal_phase]:
                person = {"victim": victim, "perpetrator": perpetrator}.get(who or "")
                gid = repo.add_goal(hid, phase=goal_phase, person_id=person, text=text)
                for what, by in actions:
                    aid = repo.add_action(gid, what=what, who=by,
                                          due=today + timedelta(days=rng.randint(-60, 60)))
                    if done or rng.random() < 0.4:
                        repo.set_action_status(aid, PlanStatus.GEDAAN if done
                                               else PlanStatus.BEZIG)
                if done:
                    repo.update_goal(gid, status=PlanStatus.GEDAAN)
        for child in children:
            gid = repo.add_goal(hid, phase=phase, person_id=child,
                                text="Het kind voelt zich veilig thuis en op school.")
            repo.add_action(gid, what="Gesprek met de intern begeleider", who="regisseur",
                            due=today + timedelta(days=rng.randint(1, 45)))
            roll = rng.random()
            if roll < 0.75:
                repo.add_child_offer(hid, child, description=rng.choice(
                    ["Kindgroep 'Jij en ik'", "Speltherapie", "KIES-training",
                     "Gesprekken met de jeugdverpleegkundige"]),
                    provider=rng.choice(["GGZ", "Jeugdteam", "Basisschool"]),
                    start=today - timedelta(days=rng.randint(1, 200)), no_offer_reason="")
            elif roll < 0.85:
                repo.add_child_offer(hid, child, description="", provider="", start=None,
                                     no_offer_reason="Kind is al in behandeling bij de GGZ.")
