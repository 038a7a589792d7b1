"""CaseloadModel and CaseloadFilter without a view: display, real-value sorting, search on
member names, filters, and 5,000 rows."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from wijkteam_desk.domain.model import CaseSummary, HouseholdStatus, Phase
from wijkteam_desk.domain.rules import Warning
from wijkteam_desk.services.cases import CaseRow
from wijkteam_desk.texts import warning_text
from wijkteam_desk.ui.models.caseload import (
    ALL,
    ID_ROLE,
    NO_REGISSEUR,
    CaseloadFilter,
    CaseloadModel,
)

TODAY = date(2026, 11, 22)
M = CaseloadModel


def row(hid: int, name: str, *, phase: Phase = Phase.DIRECTE_VEILIGHEID,
        status: HouseholdStatus = HouseholdStatus.OPEN, regisseur: str = "Fatima el Amrani",
        members: str = "", closing: date | None = None, monitoring: date | None = None,
        warnings: tuple[Warning, ...] = ()) -> CaseRow:
    summary = CaseSummary(hid, name, status, phase, date(2026, 1, 1), regisseur,
                          1 if regisseur else 0, "Huisbezoek plannen", None, False, None, None,
                          "", members)
    return CaseRow(summary, warnings, closing, monitoring)


def filtered(model: CaseloadModel) -> CaseloadFilter:
    proxy = CaseloadFilter()
    proxy.setSourceModel(model)
    return proxy


def names(proxy: CaseloadFilter) -> list[str]:
    return [proxy.index(r, M.COL_NAME).data() for r in range(proxy.rowCount())]


def test_headers_are_dutch_and_cells_show_values(qapp):
    model = M(TODAY)
    model.set_rows([row(1, "Gezin Jansen", closing=TODAY + timedelta(days=40),
                        monitoring=date(2027, 2, 5),
                        warnings=(Warning("geen_regisseur"),))])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Gezin", "Fase", "Regisseur", "Volgende actie", "Monitoring",
                       "Dagen tot einddatum", "Signalen"]
    cell = lambda col: model.index(0, col).data()  # noqa: E731
    assert cell(M.COL_NAME) == "Gezin Jansen"
    assert cell(M.COL_PHASE) == "Directe veiligheid"
    assert cell(M.COL_MONITORING) == "05-02-2027"
    assert cell(M.COL_DAYS) == "40"
    assert cell(M.COL_SIGNALS) == "1"
    tip = model.index(0, M.COL_SIGNALS).data(Qt.ItemDataRole.ToolTipRole)
    assert warning_text(Warning("geen_regisseur"))[0] in tip
    assert model.index(0, 0).data(ID_ROLE) == 1


def test_past_closing_date_reads_verstreken(qapp):
    model = M(TODAY)
    model.set_rows([row(1, "Gezin A", closing=TODAY - timedelta(days=12)), row(2, "Gezin B")])
    assert model.index(0, M.COL_DAYS).data() == "verstreken (12 dagen)"
    assert model.index(1, M.COL_DAYS).data() == "geen incident"


def test_sorting_uses_real_values_not_strings(qapp):
    model = M(TODAY)
    model.set_rows([
        row(1, "Gezin A", closing=TODAY + timedelta(days=100), monitoring=date(2027, 1, 2)),
        row(2, "Gezin B", closing=TODAY + timedelta(days=9), monitoring=date(2026, 12, 30)),
        row(3, "Gezin C", closing=TODAY - timedelta(days=5)),
        row(4, "Gezin D", monitoring=date(2026, 12, 1)),
    ])
    proxy = filtered(model)
    proxy.sort(M.COL_DAYS, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Gezin C", "Gezin B", "Gezin A", "Gezin D"]  # -5, 9, 100, none
    proxy.sort(M.COL_MONITORING, Qt.SortOrder.AscendingOrder)
    # "02-01-2027" < "30-12-2026" as strings; by date it is the other way round
    assert names(proxy)[:3] == ["Gezin D", "Gezin B", "Gezin A"]
    proxy.sort(M.COL_PHASE, Qt.SortOrder.AscendingOrder)
    proxy.sort(M.COL_SIGNALS, Qt.SortOrder.DescendingOrder)
    assert proxy.rowCount() == 4


def test_phase_sorts_in_the_order_of_the_phases(qapp):
    model = M(TODAY)
    model.set_rows([row(1, "Gezin A", phase=Phase.NAZORG),
                    row(2, "Gezin B", phase=Phase.DIRECTE_VEILIGHEID),
                    row(3, "Gezin C", phase=Phase.HERSTEL)])
    proxy = filtered(model)
    proxy.sort(M.COL_PHASE, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Gezin B", "Gezin C", "Gezin A"]


def test_search_matches_household_and_member_names_case_insensitive(qapp):
    model = M(TODAY)
    model.set_rows([row(1, "Gezin Jansen", members="Sanne Jansen; Mark de Boer"),
                    row(2, "Gezin Pietersen", members="Ali Pietersen"),
                    row(3, "Gezin de Boer-Smit", members="Eva Smit")])
    proxy = filtered(model)
    proxy.set_search("jans")
    assert names(proxy) == ["Gezin Jansen"]
    proxy.set_search("MARK")
    assert names(proxy) == ["Gezin Jansen"]
    proxy.set_search("boer")
    assert sorted(names(proxy)) == ["Gezin Jansen", "Gezin de Boer-Smit"]
    proxy.set_search("eva smit")  # every word must match
    assert names(proxy) == ["Gezin de Boer-Smit"]
    proxy.set_search_members(False)  # huisbezoekmodus: member names are not searched
    proxy.set_search("mark")
    assert names(proxy) == []
    proxy.set_search("")
    assert proxy.rowCount() == 3


def test_filters_phase_signals_regisseur_and_status(qapp):
    model = M(TODAY)
    model.set_rows([
        row(1, "Gezin A", phase=Phase.NAZORG, warnings=(Warning("afsluiten_te_vroeg"),)),
        row(2, "Gezin B", regisseur=""),
        row(3, "Gezin C", regisseur="Peter de Boer", status=HouseholdStatus.GESLOTEN),
        row(4, "Gezin D", regisseur="Peter de Boer"),
    ])
    proxy = filtered(model)
    assert proxy.rowCount() == 3  # open households by default
    proxy.set_phase(Phase.NAZORG)
    assert names(proxy) == ["Gezin A"]
    proxy.set_phase(None)
    proxy.set_signals_only(True)
    assert names(proxy) == ["Gezin A"]
    proxy.set_signals_only(False)
    proxy.set_regisseur("Peter de Boer")
    assert names(proxy) == ["Gezin D"]
    proxy.set_status(CaseloadFilter.STATUS_ALL)
    assert sorted(names(proxy)) == ["Gezin C", "Gezin D"]
    proxy.set_status(CaseloadFilter.STATUS_CLOSED)
    assert names(proxy) == ["Gezin C"]
    proxy.set_status(CaseloadFilter.STATUS_OPEN)
    proxy.set_regisseur(NO_REGISSEUR)
    assert names(proxy) == ["Gezin B"]
    assert model.index(1, M.COL_REGISSEUR).data() == "— geen —"
    proxy.set_regisseur(ALL)
    assert model.regisseurs() == ["Fatima el Amrani", "Peter de Boer"]


def test_five_thousand_rows_set_filter_and_sort(qapp):
    rows = [row(i, f"Gezin {i:05d}", phase=list(Phase)[i % 4],
                members=f"Kind{i} Achternaam{i}; Ouder{i}",
                closing=TODAY + timedelta(days=(i * 37) % 700 - 200),
                warnings=(Warning("geen_regisseur"),) if i % 10 == 0 else ())
            for i in range(5000)]
    model = M(TODAY)
    model.set_rows(rows)
    proxy = filtered(model)
    assert proxy.rowCount() == 5000
    proxy.set_search("kind4999")
    assert names(proxy) == ["Gezin 04999"]
    proxy.set_search("")
    proxy.set_signals_only(True)
    assert proxy.rowCount() == 500
    proxy.set_phase(Phase.DIRECTE_VEILIGHEID)
    assert proxy.rowCount() == 250
    proxy.sort(M.COL_DAYS, Qt.SortOrder.AscendingOrder)
    days = [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]
    values = [rows[i].days_to_closing(TODAY) for i in days]
    assert values == sorted(values)
