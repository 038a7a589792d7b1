"""The household table models without a view: cells, masking, and the timeline order."""

from __future__ import annotations

from datetime import UTC, date, datetime

from wijkteam_desk.domain.model import (
    Certainty,
    Household,
    HouseholdFile,
    HouseholdStatus,
    Incident,
    JournalEntry,
    JournalKind,
    NetworkMember,
    NetworkStance,
    Person,
    PersonRole,
    Phase,
    PhaseChange,
    Role,
    Severity,
    ViolenceForm,
)
from wijkteam_desk.ui.context import MASK
from wijkteam_desk.ui.models.household import MembersModel, NetworkModel
from wijkteam_desk.ui.models.timeline import (
    KIND_CONTACT,
    KIND_INCIDENT,
    KIND_PHASE,
    TimelineFilter,
    TimelineModel,
    timeline_entries,
)

PERSON = Person(1, 1, "Sanne", "de Vries", date(1990, 5, 17),
                (PersonRole(Role.OUDER), PersonRole(Role.SLACHTOFFER, Certainty.VERMOEDEN)),
                True, "Kerkstraat 12", "3512AB", "Utrecht", "06-12345678", True, "Notitie")


def test_members_model_cells_and_masking(qapp):
    model = MembersModel()
    model.set_rows([PERSON])
    assert model.text(0, MembersModel.COL_NAME) == "Sanne de Vries"
    assert model.text(0, MembersModel.COL_ROLES) == "slachtoffer (vermoeden), ouder/verzorger"
    assert model.text(0, MembersModel.COL_SECRET) == "geheim"
    model.set_privacy(True)
    assert [model.text(0, c) for c in (MembersModel.COL_BIRTH, MembersModel.COL_ADDRESS,
                                       MembersModel.COL_PHONE, MembersModel.COL_NOTE)] == [MASK] * 4
    # That someone lives at a secret address tells a watching pleger that she is hiding:
    # huisbezoekmodus leaves the flag out too (issue 12 item 2, home_visit "person.secret_address").
    assert model.text(0, MembersModel.COL_SECRET) == ""


def test_network_model_marks_threatening(qapp):
    model = NetworkModel()
    model.set_rows([NetworkMember(1, 1, "Rob", "vriend", NetworkStance.BEDREIGEND, "06-1"),
                    NetworkMember(2, 1, "Oma", "oma", NetworkStance.VEILIG_GENOEG)])
    assert model.text(0, NetworkModel.COL_STANCE) == "⚠ bedreigend"
    assert model.text(1, NetworkModel.COL_STANCE) == "veilig genoeg"
    model.set_privacy(True)
    assert model.text(0, NetworkModel.COL_PHONE) == MASK
    assert model.text(1, NetworkModel.COL_PHONE) == ""  # nothing to hide


def test_timeline_is_newest_first_and_filters_by_kind(qapp):
    household = Household(1, "Gezin De Vries", HouseholdStatus.OPEN, Phase.STABIELE_VEILIGHEID,
                          date(2026, 1, 1))
    file = HouseholdFile(
        household, persons=(PERSON,),
        incidents=(Incident(1, 1, date(2026, 2, 1), (ViolenceForm.PSYCHISCH,), Severity.LICHT,
                            victim_ids=(1,), description="Schreeuwen"),),
        journal=(JournalEntry(1, 1, JournalKind.TELEFOON,
                              datetime(2026, 3, 1, 9, 0, tzinfo=UTC), "tester", "Gebeld"),),
        phase_history=(PhaseChange(1, 1, None, Phase.DIRECTE_VEILIGHEID, date(2026, 1, 1),
                                   "tester", "Start"),
                       PhaseChange(2, 1, Phase.DIRECTE_VEILIGHEID, Phase.STABIELE_VEILIGHEID,
                                   date(2026, 4, 1), "tester", "Rustiger")))
    entries = timeline_entries(file)
    assert [e.kind for e in entries] == [KIND_PHASE, KIND_CONTACT, KIND_INCIDENT, KIND_PHASE]
    model = TimelineModel()
    model.set_rows(entries)
    assert model.text(0, TimelineModel.COL_DATE) == "01-04-2026"
    assert model.text(2, TimelineModel.COL_WHO) == "slachtoffer: Sanne de Vries"
    model.set_privacy(True)
    assert model.text(1, TimelineModel.COL_DETAIL) == MASK  # a contact's text: masked
    # An incident is left out altogether in huisbezoekmodus: who, what and the description.
    assert [model.text(2, c) for c in (TimelineModel.COL_TITLE, TimelineModel.COL_WHO,
                                       TimelineModel.COL_DETAIL)] == ["", "", ""]
    proxy = TimelineFilter()
    proxy.setSourceModel(model)
    proxy.set_kind(KIND_PHASE, False)
    assert proxy.rowCount() == 2
    proxy.set_privacy(True)
    assert proxy.rowCount() == 1  # and the filter leaves its row out
