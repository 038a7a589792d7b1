"""Renders the dashboard and the household file offscreen at 1280×720 with synthetic demo data.
With WIJKTEAM_DESK_SCREENSHOTS=1 the images go to docs/screenshots/; otherwise the test only
checks that every screen renders something."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from wijkteam_desk.domain.model import NetworkStance
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui.context import AppContext
from wijkteam_desk.ui.dashboard import DashboardPage
from wijkteam_desk.ui.household.page import HouseholdPage

from .content_fixtures import ctx  # noqa: F401
from .driving import settle

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("WIJKTEAM_DESK_SCREENSHOTS") == "1"


def _shoot(widget: QWidget, name: str) -> None:
    widget.resize(1280, 720)
    widget.show()
    QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull() and image.width() == 1280 and image.height() == 720
    if WRITE:
        OUT.mkdir(parents=True, exist_ok=True)
        assert image.save(str(OUT / name))


def _showcase(context: AppContext, ids: list[int]) -> int:
    """The open demo household with the most to show (children, network, a threat)."""
    def score(hid: int) -> int:
        f = context.workspace.cases.open_file(hid, "screenshot").file
        if f.household.status.value != "open":
            return -1
        threat = any(n.stance is NetworkStance.BEDREIGEND for n in f.network)
        return len(f.persons) * 2 + 3 * threat + f.regisseur_changes() + len(f.child_offers)
    return max(ids, key=score)


def test_screens_render(ctx, qtbot):  # noqa: F811
    ctx.workspace.save_profile("Anna de Vries", "procesregisseur", "Wijkteam Noord")
    ids = DemoGenerator(ctx.workspace.unit_of_work, seed=1).generate(40)
    dashboard = DashboardPage(ctx)
    qtbot.addWidget(dashboard)
    settle(dashboard.loader)  # it loads in a worker thread
    assert dashboard.is_loaded
    _shoot(dashboard, "dashboard.png")

    page = HouseholdPage(ctx, _showcase(ctx, ids))
    qtbot.addWidget(page)
    for tab, name in ((page.TAB_OVERVIEW, "household-overzicht.png"),
                      (page.TAB_MEMBERS, "household-gezinsleden.png"),
                      (page.TAB_PLAN, "household-plan.png"),
                      (page.TAB_TIMELINE, "household-tijdlijn.png")):
        page.set_current_tab(tab)
        _shoot(page, name)
    ctx.set_privacy(True)
    page.set_current_tab(page.TAB_MEMBERS)
    _shoot(page, "privacy-mode.png")


def test_today_and_who_you_are_render(ctx, qtbot):  # noqa: F811
    from datetime import timedelta

    from wijkteam_desk.domain.agenda import DueBucket
    from wijkteam_desk.ui.profile import ProfileDialog
    from wijkteam_desk.ui.today import TodayPage

    ws = ctx.workspace
    ws.save_profile("Anna de Vries", "procesregisseur", "Wijkteam Noord")
    ids = DemoGenerator(ws.unit_of_work, seed=1).generate(40)
    today = ws.clock.today()
    for n, (hid, text, who) in enumerate(((ids[2], "Bellen met de mentor op school", "Anna"),
                                          (ids[5], "Huisbezoek met de gedragswetenschapper",
                                           "Anna en Joost"),
                                          (ids[9], "Verslag casusoverleg rondsturen", ""))):
        ws.cases.set_next_action(hid, text, today + timedelta(days=n * 2), who)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    settle(page.dated_loader, page.signals_loader)  # two reads in worker threads
    lines = page.lines()
    assert any("Bellen met de mentor" in " ".join(line) for line in lines)
    page.set_group_expanded(DueBucket.TE_LAAT, False)  # folded: the picture shows each group
    _shoot(page, "today.png")

    dialog = ProfileDialog(ws)
    qtbot.addWidget(dialog)
    dialog.fields.name.setText("Anna de Vries")
    dialog.fields.organisation.setText("Wijkteam Noord")
    dialog.show()
    QApplication.processEvents()
    image = dialog.grab()
    assert not image.isNull() and image.width() > 300
    if WRITE:
        assert image.save(str(OUT / "profile.png"))
