"""The veiligheidsschaal: a 0-10 score for one person at one moment, and who gave it.

A score is what someone says about safety, not a measurement: the same moment can have a score
from the child, a parent and the professional, and the plot shows them side by side."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .errors import ValidationError

MIN_SCORE, MAX_SCORE = 0, 10


class ScoredBy(enum.StrEnum):
    PERSOON = "persoon"  # the person themself
    OUDER = "ouder"
    KIND = "kind"
    PROFESSIONAL = "professional"


@dataclass(frozen=True)
class SafetyScore:
    id: int
    household_id: int
    person_id: int
    scored_on: date
    score: int
    scored_by: ScoredBy
    note: str = ""


def check_score(score: int, scored_on: date, today: date) -> None:
    """Refuse what cannot be a veiligheidsschaal score (bool is an int in Python: refuse it)."""
    if isinstance(score, bool) or not isinstance(score, int) or \
            not MIN_SCORE <= score <= MAX_SCORE:
        raise ValidationError("score_range", minimum=MIN_SCORE, maximum=MAX_SCORE)
    if scored_on > today:
        raise ValidationError("date_future")
