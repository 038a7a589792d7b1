"""Demo monitoring for one synthetic household (called from ``DemoGenerator._household`` in the
same unit of work): the scheduled moments, most past ones done with answers and an outcome, some
left overdue or half filled in, so the agenda, the form and the team figures show real things."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from ..domain.monitoring import DurablySafe, MomentStatus, Outcome
from ..domain.safety_scale import ScoredBy
from .monitoring_schedule import apply_schedule, repo_of

FAMILY_VIEWS = ["Het gaat rustiger thuis. We houden ons aan de afspraken.",
                "Moeder voelt zich veiliger sinds het contactverbod.",
                "De kinderen slapen beter. Vader wil graag meer contact.",
                "Er is nog veel spanning, vooral bij de overdracht van de kinderen."]
EXTRA_PURPOSES = ["Na de zitting bij de rechter", "Na de verhuizing",
                  "Na afloop van het huisverbod", "Evaluatie omgangsregeling"]
CHILD_NOTES = ["Gaat goed naar school.", "Praat er weinig over, maar lacht weer.",
               "Heeft af en toe nog nachtmerries.", "Voelt zich veilig bij oma."]


def demo_monitoring(uow: object, rng: random.Random, household_id: int, victim_id: int,
                    children: list[int]) -> None:
    from ..storage.uow import SqlUnitOfWork

    assert isinstance(uow, SqlUnitOfWork)
    apply_schedule(uow, household_id, (3, 12))
    repo = repo_of(uow)
    today = uow.clock.today()
    if rng.random() < 0.25:  # an extra moment soon, so the agenda has this week and month too
        repo.add(household_id, due_on=today + timedelta(days=rng.randint(0, 30)),
                 offset_months=None, purpose=rng.choice(EXTRA_PURPOSES))
    conditions = [cid for cid, _text in repo.conditions(household_id)]
    goals = [g.id for g in uow.cases.goals(household_id)]
    for m in repo.moments(household_id):
        if m.due_on > today:
            continue
        roll = rng.random()
        safe_chance = 0.75 if m.offset_months == 12 else 0.45
        answers = {
            "durably_safe": {str(victim_id): DurablySafe.JA.value if rng.random() < safe_chance
                             else rng.choice([DurablySafe.NEE.value, DurablySafe.ONBEKEND.value])},
            "scores": {str(victim_id): rng.randint(4, 9)},
            "family_view": rng.choice(FAMILY_VIEWS),
            "help": "Gezinscoach komt nog elke twee weken.",
            "children": {str(c): rng.choice(CHILD_NOTES) for c in children},
            "conditions": {str(c): {"status": rng.choice(["met", "met", "deels", "niet"]),
                                    "note": ""} for c in conditions},
            "goals": {str(g): {"status": rng.choice(["geleverd", "geleverd", "deels"]),
                               "note": ""} for g in goals},
        }
        if roll < 0.15 or (today - m.due_on).days < 10:
            continue  # overdue (or just due): still to do
        if roll < 0.25:
            repo.save_document(m.id, {"answers": answers}, MomentStatus.BEZIG)
            continue
        done_on = min(today, m.due_on + timedelta(days=rng.randint(-3, 20)))
        outcome = Outcome.MELDEN_VT if rng.random() < 0.08 else Outcome.DOORGAAN
        answers["outcome"] = outcome.value
        document: dict[str, object] = {"answers": answers}
        if outcome is Outcome.MELDEN_VT:
            answers["outcome_reason"] = "Nieuwe zorgen over de veiligheid van de kinderen."
            document["melding"] = {"status": "klaar", "household_id": household_id,
                                   "moment_id": m.id, "vt_case_number": "",
                                   "prepared_on": done_on.isoformat(),
                                   "prepared_by": uow.actor, "reason": answers["outcome_reason"],
                                   "package_id": ""}
        for cid, value in answers["conditions"].items():  # type: ignore[attr-defined]
            repo.add_condition_review(int(cid), on=done_on, status=value["status"], note="",
                                      monitoring_id=m.id)
        repo.add_score(household_id, victim_id, on=done_on,
                       score=int(answers["scores"][str(victim_id)]),  # type: ignore[index]
                       scored_by=ScoredBy.PERSOON.value, monitoring_id=m.id)
        repo.complete(m.id, at=datetime.combine(done_on, time(11, 0)), by=uow.actor,
                      outcome=outcome.value, document=document)
