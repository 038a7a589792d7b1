"""Printing the veiligheidsplan per audience (DOMAIN.md rule 10; security requirements S14, S17,
S18). Every name, address and number below is made up."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import NetworkStance, Role
from wijkteam_desk.domain.safety_plan import (
    Agreement,
    ChildSection,
    ConditionReview,
    ContactDetails,
    Goal,
    Participant,
    PartyKind,
    PartyRef,
    ReviewStatus,
    SafePerson,
    SafePlace,
    SafetyCondition,
    SafetyPlan,
    Signature,
    Step,
    default_emergency_contacts,
    draft_plan,
    fix,
)
from wijkteam_desk.reports import (
    ALLOWED_SECTIONS,
    FamilyOverview,
    OverviewDue,
    OverviewGoal,
    OverviewMember,
    OverviewPhaseChange,
    OverviewProfessional,
    overview_file_name,
    render_family_overview,
    render_safety_plan,
    suggested_file_name,
)
from wijkteam_desk.reports.plan_print import project_plan
from wijkteam_desk.reports.print_model import PrintLine, enforce_allow_list

HOUSEHOLD_NAME = "Voorbeeld"
VICTIM = PartyRef(PartyKind.MEMBER, 1, "Anna Voorbeeld", (Role.SLACHTOFFER, Role.OUDER))
PLEGER = PartyRef(PartyKind.MEMBER, 2, "Kees Proefpersoon", (Role.PLEGER, Role.OUDER))
CHILD = PartyRef(PartyKind.MEMBER, 3, "Zoë Voorbeeld", (Role.KIND, Role.GETUIGE))
AUNT = PartyRef(PartyKind.NETWORK, 7, "Tante Ria", stance=NetworkStance.VEILIG_GENOEG)
REGISSEUR = PartyRef(PartyKind.PROFESSIONAL, 20, "Mira Testregisseur (wijkteam)")
PROBATION = PartyRef(PartyKind.PROFESSIONAL, 21, "Reclassering, dhr. Fictief")

SHELTER = ContactDetails("Geheimelaan 17", "9999 ZZ", "Verweggistad", "06-11122233", True)
VICTIM_CONTACT = ContactDetails("Slachtofferstraat 3", "1111 AA", "Dorpsveen", "06-55566677")
AUNT_CONTACT = ContactDetails("Kerkstraat 5", "2222 BB", "Dorpsveen", "06-22233344")
SECRETS = ["Geheimelaan 17", "9999 ZZ", "9999ZZ", "06-11122233", "0611122233", "Verweggistad"]
VICTIM_DETAILS = ["Slachtofferstraat 3", "1111 AA", "06-55566677", "0655566677"]
CONDITION = SafetyCondition(
    11,
    "Kees komt niet in de woning zonder afspraak.",
    "Veilig Thuis",
    date(2025, 2, 3),
    (ConditionReview(date(2025, 3, 1), ReviewStatus.DEELS, "Eén keer onaangekondigd"),),
)


def sample_plan(fixed: bool = True) -> SafetyPlan:
    goals = (
        Goal(
            "Thuis wordt niet meer geslagen of gedreigd.",
            (
                Agreement(
                    "Kees gaat naar de training ‘Stoppen met geweld’.",
                    PLEGER,
                    date(2025, 6, 1),
                    PROBATION,
                ),
                Agreement("Anna belt de regisseur als Kees dreigt.", VICTIM, None, REGISSEUR),
            ),
        ),
        Goal(
            "Zoë gaat elke dag naar school en voelt zich veilig.",
            (
                Agreement(
                    "De school wordt geïnformeerd over het plan.",
                    REGISSEUR,
                    date(2025, 3, 15),
                    REGISSEUR,
                ),
            ),
        ),
    )
    plan = draft_plan(
        42,
        "Mira Testregisseur",
        date(2025, 3, 1),
        made_with=("Anna Voorbeeld", "Kees Proefpersoon", "Tante Ria"),
        condition_ids=(11,),
        goals=goals,
        warning_signs=(
            "Kees drinkt meer dan twee biertjes.",
            "Er wordt “grapjes” gemaakt over slaan.",
        ),
        steps=(
            Step("Stop het gesprek en ga een rondje lopen."),
            Step("Ga met Zoë naar de opvang aan de Geheimelaan 17.", VICTIM),
            Step("Bel de regisseur binnen een dag."),
        ),
        emergency_contacts=default_emergency_contacts(REGISSEUR, "06-99988877"),
        safe_places=(
            SafePlace("Opvanghuis De Zonnebloem", SHELTER, shelter=True),
            SafePlace("Café De Buurman", ContactDetails("Marktplein 1", "3333 CC", "Dorpsveen")),
        ),
        safe_people=(SafePerson(AUNT, AUNT_CONTACT),),
        participants=(
            Participant(VICTIM, VICTIM_CONTACT),
            Participant(PLEGER, ContactDetails(phone="06-44455566")),
            Participant(CHILD),
            Participant(AUNT, AUNT_CONTACT),
            Participant(REGISSEUR, ContactDetails(phone="06-99988877")),
        ),
        children=(
            ChildSection(
                CHILD,
                "Papa en mama hebben afspraken gemaakt, zodat het thuis rustig blijft.",
                ("Ga naar je kamer en doe de deur dicht.", "Bel Tante Ria of 112."),
                (AUNT,),
            ),
        ),
        evaluate_on=date(2025, 6, 1),
        evaluate_with=("Anna Voorbeeld", "Kees Proefpersoon", "Mira Testregisseur"),
        professional_notes="Kees weet niet waar de opvang is. Niet bespreken waar hij bij is.",
    )
    if not fixed:
        return plan
    signatures = [Signature(p, date(2025, 3, 10)) for p in (VICTIM, PLEGER, REGISSEUR)]
    return fix(plan, signatures, date(2025, 3, 10))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


def pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


AUDIENCES = [
    "professional",
    "gezin",
    f"gezin-zonder:{PLEGER.id}",
    f"persoon:{PLEGER.id}",
    f"persoon:{VICTIM.id}",
    f"persoon:{CHILD.id}",
]


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[bytes, str]]:
    plan = sample_plan()
    out = {}
    for audience in AUDIENCES:
        data = render_safety_plan(plan, audience, [CONDITION])
        out[audience] = (data, pdf_text(data))
    return out


def test_professional_copy_holds_everything(rendered: dict[str, tuple[bytes, str]]) -> None:
    text = squash(rendered["professional"][1])
    for value in ["Geheimelaan 17", "9999 ZZ", "06-11122233", "06-55566677", "Slachtofferstraat 3"]:
        assert squash(value) in text
    assert squash("Opvanghuis De Zonnebloem") in text
    assert squash("Niet bespreken waar hij bij is") in text  # professional-only note
    assert "geheimadres:nietdoorgeven" in text


@pytest.mark.parametrize("audience", AUDIENCES[1:])
def test_no_secret_address_outside_the_professional_copy(
    rendered: dict[str, tuple[bytes, str]], audience: str
) -> None:
    text = squash(rendered[audience][1])
    for value in SECRETS + ["Opvanghuis De Zonnebloem", "Niet bespreken waar hij bij is"]:
        assert squash(value) not in text, value


@pytest.mark.parametrize("audience", AUDIENCES[1:])
def test_household_members_contact_details_stay_off_non_professional_copies(
    rendered: dict[str, tuple[bytes, str]], audience: str
) -> None:
    text = squash(rendered[audience][1])
    for value in VICTIM_DETAILS + ["06-44455566"]:
        assert squash(value) not in text, value


def test_family_copy_says_where_a_secret_address_is_kept(
    rendered: dict[str, tuple[bytes, str]],
) -> None:
    # Kees signs the plan, so only a family copy he is left off shows the safe places.
    text = rendered[f"gezin-zonder:{PLEGER.id}"][1]
    assert squash("geheim adres, bekend bij de hulpverlener") in squash(text)
    assert squash("Kerkstraat 5") in squash(text)  # a safe person without a secret address
    assert squash("Ga met Zoë naar de opvang") not in squash(text)  # Anna's own step


def test_own_copy_adds_own_steps_with_secret_values_blanked(
    rendered: dict[str, tuple[bytes, str]],
) -> None:
    text = rendered[f"persoon:{VICTIM.id}"][1]
    assert squash("Ga met Zoë naar de opvang aan de [afgeschermd].") in squash(text)


def test_pleger_copy_has_only_own_agreements_general_steps_and_emergency_numbers(
    rendered: dict[str, tuple[bytes, str]],
) -> None:
    text = squash(rendered[f"persoon:{PLEGER.id}"][1])
    assert squash("Kees gaat naar de training") in text
    assert squash("Stop het gesprek en ga een rondje lopen.") in text
    assert "112" in text and "0800-2000" in text
    forbidden = [
        "Anna belt de regisseur",  # someone else's agreement
        "Ga met Zoë naar de opvang",  # the victim's own step
        "Café De Buurman",  # safe places
        "Tante Ria",  # safe people and the network
        "Kerkstraat 5",
        "06-22233344",
        "Slachtofferstraat",
        "Veilige plekken",
        "Voor Zoë",  # the child's page
        "Kees komt niet in de woning",  # conditions are not on this copy
    ]
    for value in forbidden:
        assert squash(value) not in text, value
    # S17: no postcode at all on a pleger's copy.
    assert not re.search(r"\d{4}\s?[A-Z]{2}\b", rendered[f"persoon:{PLEGER.id}"][1])


def test_child_copy_is_the_childs_own_page(rendered: dict[str, tuple[bytes, str]]) -> None:
    text = squash(rendered[f"persoon:{CHILD.id}"][1])
    assert squash("Als je je niet veilig voelt") in text
    assert "0800-0432" in text  # Kindertelefoon
    assert squash("Kees gaat naar de training") not in text
    assert squash("Handtekeningen") not in text


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_metadata_is_neutral(rendered: dict[str, tuple[bytes, str]], audience: str) -> None:
    meta = PdfReader(BytesIO(rendered[audience][0])).metadata
    assert meta is not None
    assert meta.title == "Veiligheidsplan"
    assert meta.author == "Wijkteam"
    assert "ReportLab" not in str(meta.producer)
    values = " ".join(str(v) for v in meta.values()).lower()
    names = [HOUSEHOLD_NAME, "Anna", "Kees", "Zoë", "Proefpersoon", "Ria", "huiselijk", "geweld"]
    for name in names:
        assert name.lower() not in values


@pytest.mark.parametrize("audience", AUDIENCES)
def test_file_name_holds_no_names(audience: str) -> None:
    name = suggested_file_name(sample_plan(), audience)
    pattern = r"veiligheidsplan-42-v1-2025-03-10-[a-z]+(-[a-z]+)?(-\d+)?\.pdf"
    assert re.fullmatch(pattern, name), name
    for word in [HOUSEHOLD_NAME, "Anna", "Kees", "Zoe", "Zoë"]:
        assert word.lower() not in name.lower()


def test_file_name_never_passes_on_a_name_given_as_id() -> None:
    plan = replace(sample_plan(), household_id="familie-Voorbeeld")  # type: ignore[arg-type]
    assert "voorbeeld" not in suggested_file_name(plan, "gezin").lower()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_dutch_characters_survive(rendered: dict[str, tuple[bytes, str]]) -> None:
    text = squash(pdftotext(rendered["professional"][0]))
    for word in ["Zoë", "Café", "geïnformeerd", "‘Stoppen met geweld’", "“grapjes”", "—"]:
        assert squash(word) in text, word


def test_pages_are_numbered_x_of_y(rendered: dict[str, tuple[bytes, str]]) -> None:
    data, text = rendered["professional"]
    total = len(PdfReader(BytesIO(data)).pages)
    assert total > 1
    for page in range(1, total + 1):
        assert f"Pagina {page}/{total}" in text
    assert "Vertrouwelijk — versie 1 — 10 maart 2025" in text
    assert "Pagina 1/1" in rendered[f"persoon:{PLEGER.id}"][1]


def test_rendering_is_deterministic_and_writes_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(scratch)
    plan = sample_plan()
    first = render_safety_plan(plan, "gezin", [CONDITION])
    assert render_safety_plan(plan, "gezin", [CONDITION]) == first
    assert list(scratch.iterdir()) == []


def test_concept_plan_prints_blank_signature_lines() -> None:
    text = pdf_text(render_safety_plan(sample_plan(fixed=False), "gezin"))
    assert "Concept" in text
    assert text.count("____ - ____ - ______") == 5


def test_unknown_person_and_audience_are_refused() -> None:
    with pytest.raises(ValidationError) as err:
        render_safety_plan(sample_plan(), "persoon:999")
    assert err.value.code == "unknown_person"
    for bad in ["iedereen", "persoon:", "persoon:abc", "gezin:1", "gezin-zonder:",
                "gezin-zonder:x"]:
        with pytest.raises(ValidationError) as err:
            render_safety_plan(sample_plan(), bad)
        assert err.value.code == "unknown_audience"


def test_allow_list_stops_a_section_that_was_filled_by_mistake() -> None:
    model = project_plan(sample_plan(), f"persoon:{PLEGER.id}")
    forged = replace(model, safe_places=project_plan(sample_plan(), "professional").safe_places)
    with pytest.raises(RuntimeError):
        enforce_allow_list(forged, "persoon-beperkt")
    assert "safe_places" not in ALLOWED_SECTIONS["persoon-beperkt"]
    assert "professional_notes" not in ALLOWED_SECTIONS["gezin"]
    assert "safe_places" not in ALLOWED_SECTIONS["gezin-beperkt"]


def test_threatening_network_member_never_gets_a_copy_with_safe_places() -> None:
    uncle = PartyRef(PartyKind.MEMBER, 9, "Oom Bert", (Role.PLEGER,))
    plan = sample_plan()
    plan = replace(plan, participants=(*plan.participants, Participant(uncle)))
    model = project_plan(plan, "persoon:9")
    assert model.safe_places == () and model.safe_people == () and model.goals == ()
    assert model.emergency[0] == PrintLine(
        "Bij direct gevaar: politie, ambulance, brandweer", "112"
    )


def sample_overview() -> FamilyOverview:
    members = tuple(OverviewMember(f"Testkind {i}", ("kind",), "dochter", 4 + i) for i in range(12))
    return FamilyOverview(
        household_id=42,
        printed_on=date(2025, 3, 12),
        current_phase="stabiele_veiligheid",
        regisseurs=("Mira Testregisseur (wijkteam)",),
        regisseur_changes=1,
        plan_version=2,
        members=(
            OverviewMember(
                "Anna Voorbeeld",
                ("slachtoffer", "ouder_verzorger"),
                "moeder",
                34,
                "Geheimelaan 17, 9999 ZZ Verweggistad",
                secret_address=True,
            ),
            OverviewMember(
                "Kees Proefpersoon",
                ("pleger",),
                "ex-partner",
                37,
                "Dorpsstraat 8, 4444 DD Dorpsveen",
            ),
            *members,
        ),
        professionals=(
            OverviewProfessional(
                "Mira Testregisseur", "Wijkteam Dorpsveen", "regisseur", "06-99988877"
            ),
            OverviewProfessional("Dhr. Fictief", "Reclassering", "toezicht"),
        ),
        goals=(
            OverviewGoal("directe_veiligheid", "Geen geweld meer thuis.", "behaald"),
            OverviewGoal("stabiele_veiligheid", "Kees volgt de training.", "loopt"),
            OverviewGoal("herstel", "Zoë krijgt traumahulp.", "nog niet gestart"),
        ),
        phase_history=(
            OverviewPhaseChange(date(2025, 1, 5), "directe_veiligheid", "Overdracht van VT"),
            OverviewPhaseChange(date(2025, 3, 1), "stabiele_veiligheid", "Geen incidenten"),
        ),
        warnings=("Monitoringmoment van 3 maanden is over 5 dagen.",),
        due=(
            OverviewDue("Monitoring 3 maanden", date(2025, 4, 5)),
            OverviewDue("Evaluatie veiligheidsplan", date(2025, 3, 1), overdue=True),
        ),
    )


def test_family_overview_is_one_page_without_secret_addresses() -> None:
    data = render_family_overview(sample_overview())
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 1
    text = pdf_text(data)
    flat = squash(text)
    for value in ["Geheimelaan", "9999 ZZ", "Verweggistad"]:
        assert squash(value) not in flat
    assert "geheimadres" in flat
    assert squash("Dorpsstraat 8") in flat
    assert squash("Mira Testregisseur") in flat
    assert squash("… en nog 5") in flat  # 14 members, 9 fit
    assert "Pagina 1/1" in text
    assert reader.metadata is not None and reader.metadata.title == "Gezinsoverzicht"
    assert "anna" not in " ".join(str(v) for v in reader.metadata.values()).lower()
    assert overview_file_name(sample_overview()) == "gezinsoverzicht-42-2025-03-12.pdf"


def test_family_overview_shows_a_missing_regisseur_as_a_problem() -> None:
    data = render_family_overview(replace(sample_overview(), regisseurs=()))
    assert squash("Geen regisseur: regel dit direct") in squash(pdf_text(data))


def test_family_overview_stays_on_one_page_when_everything_is_long() -> None:
    long = "Een lange zin over wat er allemaal speelt in dit gezin en wat er nodig is. " * 3
    big = replace(
        sample_overview(),
        members=tuple(OverviewMember(f"Lid {i}", ("kind",), long[:60]) for i in range(40)),
        goals=tuple(OverviewGoal("herstel", long) for _ in range(30)),
        warnings=tuple(long for _ in range(12)),
        due=tuple(OverviewDue(long, date(2025, 5, 1), overdue=True) for _ in range(12)),
    )
    data = render_family_overview(big)
    assert len(PdfReader(BytesIO(data)).pages) == 1
    assert "en nog" in pdf_text(data)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_file_name_is_dutch(audience: str) -> None:
    """Issue 12 item 15: "veiligheidsplan-…-professional.pdf" is English in the folder."""
    name = suggested_file_name(sample_plan(), audience)
    assert "professional" not in name
    if audience == "professional":
        assert name.endswith("-hulpverlener.pdf")
