"""Fixtures for the dashboard and household-file tests. Import them explicitly:
``from .content_fixtures import ctx, errors, family``. The workspace comes from tests/conftest.py
(a vault in tmp_path, a fixed clock on 22-11-2026, no keyring, a cheap KDF)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from wijkteam_desk.domain.errors import WijkteamError
from wijkteam_desk.domain.model import (
    Certainty,
    NetworkStance,
    PersonRole,
    RelationshipKind,
    Role,
)
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.texts import error_text
from wijkteam_desk.ui import context as context_module
from wijkteam_desk.ui.context import AppContext


@pytest.fixture
def ctx(workspace: Workspace, qtbot) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(workspace)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Dutch messages ``ctx.attempt`` would show in a modal box, collected instead."""
    shown: list[str] = []

    def record(parent, error) -> None:  # type: ignore[no-untyped-def]
        shown.append(error if isinstance(error, str) else error_text(error))

    monkeypatch.setattr(context_module, "show_error", record)
    return shown


@dataclass(frozen=True)
class Family:
    household_id: int
    mother: int
    father: int
    child: int
    baby: int
    professionals: tuple[int, int]


@pytest.fixture
def family(workspace: Workspace) -> Family:
    """A small household written through the services: mother (victim), father (suspected
    perpetrator, living elsewhere), two children, a threatening network member, two
    professionals not yet involved, and one incident on 1 March 2026."""
    cases = workspace.cases
    hid = cases.create_household("Gezin De Vries", opened_on=date(2026, 3, 2), from_vt=True,
                                 vt_handover_date=date(2026, 3, 5), vt_case_number="VT-123456")
    mother = cases.add_person(hid, "Sanne", "de Vries", birth_date=date(1990, 5, 17),
                              roles=(PersonRole(Role.SLACHTOFFER), PersonRole(Role.OUDER)),
                              address="Kerkstraat 12", postcode="3512ab", city="Utrecht",
                              phone="06-12345678", note="Wil geen contact met vader.")
    father = cases.add_person(hid, "Mark", "Jansen", birth_date=date(1987, 1, 3),
                              roles=(PersonRole(Role.PLEGER, Certainty.VERMOEDEN),
                                     PersonRole(Role.OUDER)),
                              lives_in_household=False, address="Dorpsweg 3", city="Zeist",
                              phone="06-87654321")
    child = cases.add_person(hid, "Lotte", "de Vries", birth_date=date(2016, 8, 1),
                             roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)))
    baby = cases.add_person(hid, "Daan", "de Vries", birth_date=date(2024, 2, 10),
                            roles=(PersonRole(Role.KIND),))
    cases.add_relationship(hid, mother, father, RelationshipKind.EX_PARTNER,
                           date(2012, 1, 1), date(2025, 12, 1))
    for kid in (child, baby):
        cases.add_relationship(hid, mother, kid, RelationshipKind.OUDER_KIND)
        cases.add_relationship(hid, father, kid, RelationshipKind.OUDER_KIND)
    cases.add_network_member(hid, "Joke Bakker", "oma", NetworkStance.VEILIG_GENOEG,
                             phone="030-1234567")
    cases.add_network_member(hid, "Rob Smit", "vriend van vader", NetworkStance.BEDREIGEND)
    first = cases.add_professional("Fatima el Amrani", "Wijkteam Oost", function="procesregisseur")
    second = cases.add_professional("Peter de Boer", "Wijkteam Oost", function="gezinscoach")
    from wijkteam_desk.domain.model import Severity, ViolenceForm
    cases.record_incident(hid, date(2026, 3, 1), (ViolenceForm.PARTNERGEWELD,),
                          Severity.ERNSTIG, victim_ids=(mother,), perpetrator_ids=(father,),
                          children_present=True, description="Buren belden de politie.")
    return Family(hid, mother, father, child, baby, (first, second))


__all__ = ["ctx", "errors", "family", "Family", "WijkteamError"]
