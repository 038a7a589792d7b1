"""CaseloadModel and CaseloadFilter without a view: display, real-value sorting, search on
member names, filters, and 5,000 rows."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from wijkteam_desk.domain.case_facts import Warning
from wijkteam_desk.domain.model import CaseSummary, HouseholdStatus, Phase
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
                       "Dagen tot einddatum", "Signalen", "Dossierhouder"]
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


def test_one_day_past_reads_one_dag(qapp):
    """Issue 12 item 16: "verstreken (1 dagen)" was on the dashboard under Xvfb."""
    model = M(TODAY)
    model.set_rows([row(1, "Gezin A", closing=TODAY - timedelta(days=1))])
    assert model.index(0, M.COL_DAYS).data() == "verstreken (1 dag)"


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


# -- search as you type: the filter is decided ahead and only re-examines what it must ----------
FAMILIES = ("Jansen", "Janssen", "Jacobs", "de Jager", "Bakker", "Visser", "Smit", "Meijer")
GIVEN = ("Mark", "Sanne", "Jan", "Eva", "Daan", "Fleur", "Noah", "Julia")


def caseload(count: int = 160) -> list[CaseRow]:
    """Synthetic households that exercise every filter at once."""
    return [row(i, f"Gezin {FAMILIES[i % 8]} {i}", phase=list(Phase)[i % 4],
                status=HouseholdStatus.GESLOTEN if i % 5 == 0 else HouseholdStatus.OPEN,
                regisseur=("", "Peter de Boer", "Fatima el Amrani")[i % 3],
                members=f"{GIVEN[i % 7]} {FAMILIES[(i + 3) % 8]}; {GIVEN[(i + 2) % 8]}",
                monitoring=date(2027, 1, i % 28 + 1) if i % 10 == 0 else None,
                warnings=(Warning("geen_regisseur"),) if i % 6 == 0 else ())
            for i in range(count)]


def expected(rows: list[CaseRow], search: str, *, members: bool = True,
             phase: Phase | None = None, regisseur: str = ALL, status: str = "open",
             signals_only: bool = False) -> list[str]:
    """What the dashboard should list, written out plainly, in load order."""
    out = []
    for r in rows:
        s = r.summary
        if status == "open" and s.status is not HouseholdStatus.OPEN and r.next_monitoring is None:
            continue
        if status == "gesloten" and s.status is not HouseholdStatus.GESLOTEN:
            continue
        if (phase and s.phase is not phase) or (signals_only and not r.warnings):
            continue
        if regisseur == NO_REGISSEUR and s.active_regisseurs:
            continue
        if regisseur not in (ALL, NO_REGISSEUR) and regisseur != s.regisseur:
            continue
        text = s.name.casefold() + ("\n" + s.member_names.casefold() if members else "")
        if all(word in text for word in search.casefold().split()):
            out.append(s.name)
    return out


def test_typing_and_backspacing_shows_the_right_rows_in_sort_order(qapp):
    rows = caseload()
    proxy = filtered(M(TODAY))
    proxy.caseload().set_rows(rows)
    proxy.sort(M.COL_NAME, Qt.SortOrder.AscendingOrder)
    by_name = lambda names: sorted(names, key=str.casefold)  # noqa: E731
    for text in ("j", "ja", "jan", "jans", "janss", "jans", "jan", "ja", "j", "",
                 "sanne", "sanne j", "sanne ja", "sanne", "s", ""):
        proxy.set_search(text)
        assert names(proxy) == by_name(expected(rows, text)), text


def test_search_combines_with_every_filter(qapp):
    rows = caseload()
    model = M(TODAY)
    model.set_rows(rows)
    proxy = filtered(model)
    proxy.set_search("ja")
    proxy.set_phase(Phase.HERSTEL)
    proxy.set_search("jan")  # one more letter after a filter changed
    assert names(proxy) == expected(rows, "jan", phase=Phase.HERSTEL)
    proxy.set_regisseur("Peter de Boer")
    proxy.set_search("jans")
    assert names(proxy) == expected(rows, "jans", phase=Phase.HERSTEL, regisseur="Peter de Boer")
    proxy.set_phase(None)
    proxy.set_regisseur(NO_REGISSEUR)
    proxy.set_status(CaseloadFilter.STATUS_ALL)
    assert names(proxy) == expected(rows, "jans", regisseur=NO_REGISSEUR, status="alle")
    proxy.set_signals_only(True)
    proxy.set_status(CaseloadFilter.STATUS_CLOSED)
    proxy.set_search("j")
    assert names(proxy) == expected(rows, "j", regisseur=NO_REGISSEUR, status="gesloten",
                                    signals_only=True)
    assert names(proxy)  # the combination is not trivially empty
    proxy.set_regisseur(ALL)
    proxy.set_signals_only(False)
    proxy.set_status(CaseloadFilter.STATUS_OPEN)  # closed but monitoring open: still listed
    assert names(proxy) == expected(rows, "j")
    assert any(r.summary.status is HouseholdStatus.GESLOTEN and r.summary.name in names(proxy)
               for r in rows)


def test_member_search_stops_in_privacy_mode_while_typing(qapp):
    model = M(TODAY)
    model.set_rows([row(1, "Gezin Jansen", members="Mark de Boer"),
                    row(2, "Gezin Markus", members="Ali Markus")])
    proxy = filtered(model)
    proxy.set_search("mar")
    assert names(proxy) == ["Gezin Jansen", "Gezin Markus"]
    proxy.set_search_members(False)  # huisbezoekmodus switched on halfway through a search
    assert names(proxy) == ["Gezin Markus"]
    proxy.set_search("mark")
    assert names(proxy) == ["Gezin Markus"]
    proxy.set_search("mark de")  # "de" only occurs in a member name
    assert names(proxy) == []
    proxy.set_search_members(True)
    assert names(proxy) == ["Gezin Jansen"]


def test_a_word_does_not_match_across_name_and_member_names(qapp):
    model = M(TODAY)
    model.set_rows([row(1, "Gezin Jan", members="Sen Bakker")])
    proxy = filtered(model)
    proxy.set_search("jansen")
    assert names(proxy) == []
    proxy.set_search("jan sen")
    assert names(proxy) == ["Gezin Jan"]


def test_new_rows_while_a_search_is_active_show_the_matching_new_rows(qapp):
    model = M(TODAY)
    model.set_rows([row(1, "Gezin Jansen"), row(2, "Gezin Bakker")])
    proxy = filtered(model)
    proxy.sort(M.COL_NAME, Qt.SortOrder.AscendingOrder)
    proxy.set_search("jans")
    assert names(proxy) == ["Gezin Jansen"]
    model.set_rows([row(3, "Gezin Bakker"), row(4, "Gezin Janssen"), row(1, "Gezin Jansen")])
    assert names(proxy) == ["Gezin Jansen", "Gezin Janssen"]  # still sorted by name
    model.set_rows([row(5, "Gezin Visser")])
    proxy.set_search("jansse")  # narrowing right after a reload, before anything was shown
    assert names(proxy) == []
    proxy.set_search("")
    assert names(proxy) == ["Gezin Visser"]


def test_sorting_keeps_the_selected_household_and_can_be_undone(qapp):
    from PySide6.QtCore import QPersistentModelIndex

    model = M(TODAY)
    model.set_rows([row(1, "Gezin Zwart"), row(2, "Gezin Appel"), row(3, "Gezin Meijer")])
    proxy = filtered(model)
    selected = QPersistentModelIndex(proxy.index(0, M.COL_NAME))  # Gezin Zwart
    proxy.sort(M.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Gezin Zwart", "Gezin Meijer", "Gezin Appel"]
    assert (proxy.sortColumn(), proxy.sortOrder()) == (M.COL_NAME, Qt.SortOrder.DescendingOrder)
    proxy.sort(M.COL_NAME, Qt.SortOrder.AscendingOrder)
    assert selected.row() == 2 and selected.data() == "Gezin Zwart"
    proxy.set_search("a")
    assert names(proxy) == ["Gezin Appel", "Gezin Zwart"]
    proxy.sort(-1)  # back to the order of loading
    assert names(proxy) == ["Gezin Zwart", "Gezin Appel"]
