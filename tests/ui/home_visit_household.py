"""A household with a sensitive value behind every field huisbezoekmodus hides
(``ui/home_visit.FIELDS``), written through the services. ``SEEDED`` says, per field, which
strings must not be on any screen while the mode is on. All names and numbers are made up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from tests.support.documents import make_pdf, marker

from wijkteam_desk.domain.model import (
    Certainty,
    JournalKind,
    NetworkStance,
    PersonRole,
    Phase,
    Role,
    Severity,
    ViolenceForm,
)
from wijkteam_desk.domain.safety_plan import ContactDetails, SafePerson, SafePlace, Step
from wijkteam_desk.services.workspace import Workspace

HOUSEHOLD = "Gezin Huisbezoektest"
PEOPLE = ("Sanne", "Mark", "Lotte", "Joke", "Rob")  # first names, as screens show them

# Per field of home_visit.FIELDS: what must not be on a screen in huisbezoekmodus.
SEEDED: dict[str, tuple[str, ...]] = {
    "person.birth_date": ("17-05-1990", "03-01-1987"),
    "person.address": ("Verborgenlaan 12", "3512 XQ", "Schuilstad", "Dorpsweg 99"),
    "person.phone": ("06-31415926", "06-27182818"),
    "person.note": ("Notitie-persoon: wil geen contact",),
    "person.secret_address": (),  # a cell saying "geheim": tests/ui/test_home_visit_work.py
    "network.secret_address": (),  # idem
    "person.roles": ("(vermoeden)", "slachtoffer:", "pleger:", "P?"),
    "network.address": ("Omalaan 3",),
    "network.phone": ("030-1234567",),
    "network.note": ("Notitie-netwerk: belt vaak",),
    "network.stance": ("⚠ bedreigend", "netwerk, bedreigend"),
    "incident": ("Omschrijving-incident: buren belden", "01-03-2026", "(ex-)partnergeweld"),
    "household.warnings": (),  # filled in by the test: the household's own warning texts
    "household.earliest_closing": ("01-03-2027",),
    "household.next_action": ("Volgende-actie: bel Veilig Thuis",),
    "household.closing_reason": (),  # an open household: nothing to show (see the guide)
    "phase.reason": ("Reden-fasewissel: geen incidenten",),
    "involvement.end_reason": ("Reden-einde: verhuisd",),
    "journal.text": ("Journaaltekst: gesprek op school",),
    "child_offer.no_offer_reason": ("Reden-geen-aanbod: wachtlijst",),
    "checklist.note": ("Toelichting-checklist: regie onduidelijk",),
    "checklist.notice": (),  # the household's warnings again (household.warnings)
    "safety_score.note": ("Notitie-score: na ruzie",),
    "monitoring.note": ("Toelichting-monitoring: deels",),
    "monitoring.durably_safe": ("Duurzaam veilig: Sanne",),
    "exchange.value": (),  # a conflict with VT needs an import: tests/ui/test_exchange_ui.py
    "exchange.summary": (),  # needs a VT key: tests/ui/test_exchange_flow.py
    "safety_plan.professional_notes": ("Profnotitie: Mark weet niet waar de opvang is",),
    "safety_plan.address": ("Schuilhoekweg 21", "9898 QZ", "Tantestraat 8"),
    "safety_plan.phone": ("06-97531864", "06-86420864"),
    "safety_plan.secret_shelter": ("Opvanghuis De Linde",),
    "safety_plan.personal_step": ("Opvang-stap: ga met Lotte naar de opvang",),
    "print.professional_copy": ("Hulpverlener (alles, ook geheime adressen)",),
    "record.correction": ("Oude-tekst: gesprek bij oma", "Reden-correctie: verkeerde plek"),
    "attachment.title": ("Documenttitel: beschikking OTS",),
    "attachment.content": (),  # the viewer does not open in the mode: test_attachments_ui.py
}
# Words that say who someone is: never next to a person's name, never in a table or drawing.
ROLE_WORDS = ("slachtoffer", "pleger", "getuige", "vermoeden", "bedreigend")
BADGES = {"S", "P", "G", "K", "O", "M", "S?", "P?", "G?", "K?", "O?", "M?"}
FAMILY_TEXT = "Als papa boos wordt, ga je naar je kamer."


@dataclass(frozen=True)
class Seeded:
    household_id: int
    sanne: int
    mark: int
    lotte: int
    plan_id: int


def seed(ws: Workspace) -> Seeded:
    cases = ws.cases
    hid = cases.create_household(HOUSEHOLD, opened_on=date(2026, 3, 2), from_vt=True,
                                 vt_handover_date=date(2026, 3, 5), vt_case_number="VT-777")
    sanne = cases.add_person(
        hid, "Sanne", "Visser", birth_date=date(1990, 5, 17),
        roles=(PersonRole(Role.SLACHTOFFER), PersonRole(Role.OUDER)), address="Verborgenlaan 12",
        postcode="3512 XQ", city="Schuilstad", phone="06-31415926", secret_address=True,
        note="Notitie-persoon: wil geen contact")
    mark = cases.add_person(
        hid, "Mark", "Bos", birth_date=date(1987, 1, 3), lives_in_household=False,
        roles=(PersonRole(Role.PLEGER, Certainty.VERMOEDEN), PersonRole(Role.OUDER)),
        address="Dorpsweg 99", phone="06-27182818")
    lotte = cases.add_person(hid, "Lotte", "Visser", birth_date=date(2016, 8, 1),
                             roles=(PersonRole(Role.KIND), PersonRole(Role.GETUIGE)))
    cases.add_network_member(hid, "Joke Bakker", "oma", NetworkStance.VEILIG_GENOEG,
                             phone="030-1234567", address="Omalaan 3",
                             note="Notitie-netwerk: belt vaak")
    cases.add_network_member(hid, "Rob Smit", "vriend van vader", NetworkStance.BEDREIGEND)
    regisseur = cases.add_professional("Fatima el Amrani", "Wijkteam Oost", phone="06-55500011")
    cases.assign_regisseur(hid, regisseur, date(2026, 3, 5))
    coach = cases.add_professional("Peter de Boer", "Wijkteam Oost")
    involvement = cases.involve_professional(hid, coach, "gezinscoach", date(2026, 3, 6))
    cases.end_involvement(hid, involvement, date(2026, 6, 1), "Reden-einde: verhuisd")
    cases.record_incident(hid, date(2026, 3, 1), (ViolenceForm.PARTNERGEWELD,), Severity.ERNSTIG,
                          victim_ids=(sanne,), perpetrator_ids=(mark,), children_present=True,
                          police_report=True, description="Omschrijving-incident: buren belden")
    cases.add_journal_entry(hid, JournalKind.HUISBEZOEK, "Journaaltekst: gesprek op school",
                            datetime(2026, 11, 20, 9, 30, tzinfo=UTC))
    cases.change_phase(hid, Phase.STABIELE_VEILIGHEID, date(2026, 9, 1),
                       "Reden-fasewissel: geen incidenten")
    cases.set_next_action(hid, "Volgende-actie: bel Veilig Thuis")
    cases.record_child_offer(hid, lotte, no_offer_reason="Reden-geen-aanbod: wachtlijst")
    run = ws.checklists.start(hid, "zicht-op-veiligheid")
    ws.checklists.answer(run, "een_regisseur", "deels", "Toelichting-checklist: regie onduidelijk")
    ws.checklists.add_score(hid, sanne, 6, date(2026, 11, 1), "persoon", "Notitie-score: na ruzie")
    moment = ws.monitoring.moments(hid)[0]
    condition = ws.plans.add_condition(hid, "Mark komt niet zonder afspraak.", "Veilig Thuis",
                                       date(2026, 3, 5))
    ws.monitoring.save_answers(moment.id, {
        "conditions": {str(condition): {"status": "deels",
                                        "note": "Toelichting-monitoring: deels"}},
        "durably_safe": {str(sanne): "ja"}})
    corrected = cases.add_journal_entry(hid, JournalKind.TELEFOON, "Oude-tekst: gesprek bij oma",
                                        datetime(2026, 11, 21, 9, 30, tzinfo=UTC))
    ws.record.correct_journal(corrected, "Reden-correctie: verkeerde plek",
                              text="Journaaltekst: gesprek bij de buren")
    scan = ws.vault.paths.home.parent / "beschikking.pdf"
    scan.write_bytes(make_pdf(marker()))
    ws.attachments.attach(hid, scan, title="Documenttitel: beschikking OTS", person_id=sanne)
    plan_id = _plan(ws, hid, sanne)
    return Seeded(hid, sanne, mark, lotte, plan_id)


def _plan(ws: Workspace, hid: int, sanne: int) -> int:
    """Version 1 vastgesteld, version 2 a concept that changed the secret shelter and Sanne's
    own step (so "Vergelijk met vorige versie…" has them to show). Returns version 2's id."""
    from wijkteam_desk.domain.safety_plan import Signature

    plans = ws.plans
    draft = plans.create_draft(hid)
    parties = plans.parties(hid)
    victim = next(p for p in parties.members if p.id == sanne)
    joke = next(p for p in parties.network if p.name == "Joke Bakker")
    plans.edit_draft(
        draft.id,
        warning_signs=("Mark belt vaak achter elkaar.",),
        steps=(Step("Ga naar een veilige plek en bel 112."),
               Step("Opvang-stap: ga met Lotte naar de opvang", victim)),
        safe_places=(SafePlace("Opvanghuis De Linde", ContactDetails(
            "Schuilhoekweg 21", "9898 QZ", "Verstoppendam", "06-97531864", True), shelter=True),),
        safe_people=(SafePerson(joke, ContactDetails("Tantestraat 8", phone="06-86420864")),),
        children=(replace(draft.children[0], about=FAMILY_TEXT),),
        professional_notes="Profnotitie: Mark weet niet waar de opvang is",
    )
    plans.fix_plan(draft.id or 0, [Signature(parties.regisseur, date(2026, 11, 20))])
    v2 = plans.start_new_version(hid)
    place = v2.safe_places[0]
    plans.edit_draft(
        v2.id,
        steps=(v2.steps[0], Step("Opvang-stap: ga met Lotte naar de opvang, ook 's nachts",
                                 victim)),
        safe_places=(replace(place, name="Opvanghuis De Linde-Noord"),),
    )
    return v2.id or 0

