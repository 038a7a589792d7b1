"""Printing through the service, as the app and the command line do: a household whose safe place
has a secret address and whose victim has a phone number (DOMAIN.md rule 10, S14, S17, S18)."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from tests.integration.plan_fixtures import (  # noqa: F401
    HOUSEHOLD_NAME,
    SECRET_ADDRESS,
    SECRET_CITY,
    SECRET_PHONE,
    SECRET_POSTCODE,
    VICTIM_ADDRESS,
    VICTIM_PHONE,
    PlanFamily,
    fill_plan,
    plan_family,
)

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.safety_plan import Signature


def _text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.fixture
def printed(plan_family: PlanFamily) -> dict[str, tuple[bytes, str]]:  # noqa: F811
    f = plan_family
    pid = fill_plan(f)
    regisseur = f.ws.plans.parties(f.household_id).regisseur
    f.ws.plans.fix_plan(pid, [Signature(regisseur, date(2026, 11, 22))])
    out = {}
    for audience in ("professional", "gezin", f"persoon:{f.pleger}"):
        p = f.ws.plans.print_plan(f.household_id, audience)
        out[audience.split(":")[0]] = (p.data, p.file_name)
    return out


def test_professional_copy_holds_secret_address_and_victim_phone(printed) -> None:  # type: ignore[no-untyped-def]
    text = _text(printed["professional"][0])
    for value in (SECRET_ADDRESS, SECRET_POSTCODE, SECRET_CITY, SECRET_PHONE, VICTIM_PHONE,
                  VICTIM_ADDRESS):
        assert value in text
    assert "Bram weet niet waar de opvang is." in text


@pytest.mark.parametrize("audience", ["gezin", "persoon"])
def test_family_and_pleger_copies_hold_no_secret_or_victim_details(printed, audience) -> None:  # type: ignore[no-untyped-def]
    text = _text(printed[audience][0])
    assert text.strip()
    for value in (SECRET_ADDRESS, SECRET_POSTCODE, SECRET_CITY, VICTIM_ADDRESS, "9898QZ",
                  "1234 AB"):
        assert value not in text
    for phone in (SECRET_PHONE, VICTIM_PHONE):
        assert _digits(phone) not in _digits(text)
    assert "Bram weet niet" not in text


def test_pleger_copy_never_shows_the_shelter_or_safe_people(printed) -> None:  # type: ignore[no-untyped-def]
    text = _text(printed["persoon"][0])
    assert "Opvanghuis De Linde" not in text and "Tante Els" not in text
    assert "Bram komt alleen op afspraak langs." in text
    assert "Inge belt de regisseur" not in text
    assert "112" in text and "0800-2000" in text


@pytest.mark.parametrize("audience", ["professional", "gezin", "persoon"])
def test_metadata_and_file_name_hold_no_client_data(printed, audience) -> None:  # type: ignore[no-untyped-def]
    data, name = printed[audience]
    meta = PdfReader(BytesIO(data)).metadata or {}
    values = " ".join(str(v) for v in meta.values())
    assert meta.get("/Title") == "Veiligheidsplan"
    for word in ("Proefhuis", "Inge", "Bram", "Noor", "Mira", "Zuid"):
        assert word not in values and word.lower() not in name.lower()
    assert re.fullmatch(r"veiligheidsplan-\d+-v1-2026-11-22-[a-z0-9-]+\.pdf", name)
    assert HOUSEHOLD_NAME.split()[-1].lower() not in name.lower()


def test_printing_needs_a_plan_and_a_known_person(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    with pytest.raises(ValidationError) as info:
        f.ws.plans.print_plan(f.household_id, "gezin")
    assert info.value.code == "plan_missing"
    fill_plan(f)
    with pytest.raises(ValidationError) as info:
        f.ws.plans.print_plan(f.household_id, "persoon:99999")
    assert info.value.code == "unknown_person"
    with pytest.raises(ValidationError) as info:
        f.ws.plans.print_plan(f.household_id, "buren")
    assert info.value.code == "unknown_audience"
    assert not [e for e in f.ws.cases.audit_log(household_id=f.household_id)
                if e.action == "print.plan"]


def test_family_overview_is_one_page_with_warnings_and_no_secret(plan_family: PlanFamily) -> None:  # noqa: F811
    f = plan_family
    f.ws.cases.update_person(f.victim, secret_address=True)
    p = f.ws.plans.print_family_overview(f.household_id)
    reader = PdfReader(BytesIO(p.data))
    assert len(reader.pages) == 1
    text = _text(p.data)
    assert "Mira Regie" in text and "Inge Proefhuis" in text
    assert "Er is nog geen veiligheidsplan." in text
    assert VICTIM_ADDRESS not in text
    assert "Monitoringmoment" in text
    assert "proefhuis" not in p.file_name.lower()
