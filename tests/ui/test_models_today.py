"""Vandaag's tree model without a view: groups with counts, lines formatted when asked, the
family's own words hidden in huisbezoekmodus, and the item behind each line."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt

from wijkteam_desk.domain.agenda import DueItem, DueKind, build_agenda, horizon
from wijkteam_desk.ui.models.today import (
    BUCKET_ROLE,
    COL_DATE,
    COL_TAB,
    COL_WHAT,
    COL_WHO,
    ITEM_ROLE,
    TodayModel,
)

TODAY = date(2026, 11, 23)


def agenda():  # type: ignore[no-untyped-def]
    items = [
        DueItem(1, "Gezin A", DueKind.PLANAFSPRAAK, TODAY - timedelta(days=3),
                "Gesprek met Sanne", "regisseur", 11),
        DueItem(2, "Gezin B", DueKind.MONITORING, TODAY, "3 mnd", ref=5),
        DueItem(2, "Gezin B", DueKind.SIGNAAL, TODAY, "kind_zonder_aanbod", ref="x",
                facts={"aantal": "1", "namen": "Lotte"}),
        DueItem(3, "Gezin C", DueKind.VOLGENDE_ACTIE, TODAY + timedelta(days=2), "Bellen",
                "Anna"),
    ]
    return build_agenda(items, TODAY, horizon(TODAY))


def test_groups_lines_and_items(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = TodayModel()
    model.set_agenda(agenda(), 7, privacy=False)
    assert model.rowCount() == 3
    assert [model.index(r, 0).data() for r in range(3)] == \
        ["Te laat (1)", "Vandaag (2)", "Deze week (1)"]
    assert [model.index(r, 0).data(BUCKET_ROLE) for r in range(3)] == \
        ["te_laat", "vandaag", "deze_week"]
    late = model.index(0, 0)
    line = model.index(0, COL_WHAT, late)
    assert line.parent() == late and model.parent(late) == QModelIndex()
    assert model.index(0, COL_DATE, late).data() == "20-11-2026 (3 d te laat)"
    assert line.data() == "Afspraak uit het plan: Gesprek met Sanne"
    assert model.index(0, COL_WHO, late).data() == "regisseur"
    assert model.index(0, COL_TAB, late).data() == "Plan"
    assert model.index(0, COL_DATE, late).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert line.data(ITEM_ROLE).ref == 11 and model.item_at(line).household_id == 1
    today = model.index(1, 0)
    signal = model.index(1, COL_WHAT, today)
    assert signal.data().startswith("Signaal: 1 kind slachtoffer") and "Lotte" in signal.data()
    assert "aanbod" in signal.data(Qt.ItemDataRole.ToolTipRole)  # what to do
    assert model.index(1, COL_DATE, today).data() == "nu"
    model.set_agenda(agenda(), 14, privacy=False)
    assert model.index(2, 0).data() == "Komende 14 dagen (1)"


def test_huisbezoekmodus_follows_the_registry(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The next action's words are masked, a signal is left out (line and count), the plan's
    agreements stay: they are made with the family (ui/home_visit.py)."""
    model = TodayModel()
    model.set_agenda(agenda(), 7, privacy=False)
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.set_privacy(True)
    shown = " ".join(" ".join(line) for line in model.lines())
    assert "Lotte" not in shown and "Signaal" not in shown and "Anna" not in shown
    assert "Volgende actie: ••••••" in shown and "Monitoring: 3 mnd" in shown
    assert "Afspraak uit het plan: Gesprek met Sanne" in shown
    assert model.index(1, 0).data() == "Vandaag (1)"
    model.set_privacy(False)
    assert model.index(1, 0).data() == "Vandaag (2)"
    assert "Lotte" in " ".join(" ".join(line) for line in model.lines())
