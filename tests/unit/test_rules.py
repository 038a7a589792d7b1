"""Rules 1 and 4 and the calendar arithmetic behind monitoring and closing dates."""

from __future__ import annotations

from datetime import date

import pytest

from wijkteam_desk.domain.case_facts import CaseFacts
from wijkteam_desk.domain.model import HouseholdStatus, Phase
from wijkteam_desk.domain.rules import derive_warnings, earliest_closing_date
from wijkteam_desk.domain.schedule import add_months, planned_moments

TODAY = date(2026, 11, 22)


def facts(**kw: object) -> CaseFacts:
    base: dict[str, object] = dict(
        household_id=1,
        status=HouseholdStatus.OPEN,
        phase=Phase.DIRECTE_VEILIGHEID,
        active_regisseurs=1,
    )
    base.update(kw)
    return CaseFacts(**base)  # type: ignore[arg-type]


def codes(f: CaseFacts) -> list[str]:
    return [w.code for w in derive_warnings(f, TODAY)]


def test_exactly_one_regisseur_is_quiet() -> None:
    assert codes(facts()) == []


def test_no_regisseur_and_two_regisseurs_warn() -> None:
    assert codes(facts(active_regisseurs=0)) == ["geen_regisseur"]
    warning = derive_warnings(facts(active_regisseurs=2), TODAY)[0]
    assert warning.code == "meerdere_regisseurs" and warning.facts["aantal"] == "2"


def test_closed_household_needs_no_regisseur() -> None:
    assert codes(facts(status=HouseholdStatus.GESLOTEN, active_regisseurs=0)) == []


def test_nazorg_before_one_year_after_last_incident_warns() -> None:
    f = facts(phase=Phase.NAZORG, last_incident=date(2026, 3, 1))
    [w] = derive_warnings(f, TODAY)
    assert w.code == "afsluiten_te_vroeg" and w.facts["datum"] == "2027-03-01"
    assert codes(facts(phase=Phase.NAZORG, last_incident=date(2025, 11, 22))) == []


def test_early_close_without_reason_warns_and_a_reason_clears_it() -> None:
    early = dict(
        status=HouseholdStatus.GESLOTEN, last_incident=date(2026, 6, 1), closed_on=date(2026, 10, 1)
    )
    assert codes(facts(**early)) == ["gesloten_voor_einddatum"]
    assert codes(facts(**early, closing_reason="Verhuisd naar andere gemeente")) == []


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 10, 31), 14, date(2027, 12, 31)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_earliest_closing_is_one_year_after_last_incident() -> None:
    assert earliest_closing_date(None) is None
    assert earliest_closing_date(date(2024, 2, 29)) == date(2025, 2, 28)


def test_planned_moments_follow_the_offsets() -> None:
    assert planned_moments(date(2026, 1, 31), (12, 3)) == [date(2026, 4, 30), date(2027, 1, 31)]
    assert planned_moments(None, (3, 12)) == []
