"""Screenshots of correcting the record and of documents in the file (issue 13, parts 3 and 4),
rendered offscreen with synthetic demo data. With WIJKTEAM_DESK_SCREENSHOTS=1 they go to
docs/screenshots/; otherwise the test only checks that every screen renders."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QWidget
from tests.support.documents import make_pdf, make_png, marker

from wijkteam_desk.domain.model import JournalKind
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.models.timeline import KIND_CONTACT

from .content_fixtures import ctx  # noqa: F401
from .test_content_screenshots import OUT, WRITE, _showcase


def _grab(widget: QWidget, name: str, size: tuple[int, int] | None = None) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull() and image.width() > 200
    if WRITE:
        OUT.mkdir(parents=True, exist_ok=True)
        assert image.save(str(OUT / name))


def test_record_and_document_screens_render(ctx, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def] # noqa: F811
    ids = DemoGenerator(ctx.workspace.unit_of_work, seed=1).generate(40)
    hid = _showcase(ctx, ids)
    cases, record = ctx.workspace.cases, ctx.workspace.record
    jid = cases.add_journal_entry(
        hid, JournalKind.HUISBEZOEK, "Moeder en de kinderen thuis gesproken. Vader was er niet "
        "bij. Afgesproken dat de school wordt ingelicht.",
        datetime(2026, 11, 18, 14, 30, tzinfo=UTC))
    record.correct_journal(jid, "Verkeerde dag genoteerd: het bezoek was op dinsdag",
                           occurred_at=datetime(2026, 11, 17, 14, 30, tzinfo=UTC))
    folder = tmp_path / "bron"
    folder.mkdir()
    (folder / "Beschikking ondertoezichtstelling.pdf").write_bytes(make_pdf(marker(), 3, (
        "Rechtbank Midden-Nederland", "Familie- en jeugdrecht", "",
        "Beschikking ondertoezichtstelling (synthetisch voorbeeld)", "",
        "De kinderrechter stelt de minderjarige kinderen van het gezin onder toezicht,",
        "voor de duur van twaalf maanden, met de gecertificeerde instelling als uitvoerder.",
        "", "Deze tekst is verzonnen voor de handleiding van Wijkteam Desk.")))
    (folder / "Brief van school.png").write_bytes(make_png(marker(), (900, 1200)))
    for name in ("Beschikking ondertoezichtstelling.pdf", "Brief van school.png"):
        ctx.workspace.attachments.attach(hid, folder / name)

    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.set_current_tab(page.TAB_TIMELINE)
    tab = page.timeline
    for row in range(tab.proxy.rowCount()):
        index = tab.proxy.index(row, 0)
        if tab.model.rows[tab.proxy.mapToSource(index).row()].kind == KIND_CONTACT and \
                tab.model.rows[tab.proxy.mapToSource(index).row()].corrections:
            tab.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            break
    _grab(page, "household-tijdlijn-gecorrigeerd.png", (1280, 720))
    tab.search_box.setText("school")
    tab.run_search()
    _grab(page, "household-tijdlijn-zoeken.png", (1280, 720))

    dialog = tab.correct_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.reason.setText("Tikfout in de naam van de school")
    _grab(dialog, "correctie-notitie.png")
    dialog.reject()

    page.set_current_tab(page.tabs.indexOf(page.attachments))
    _grab(page, "household-documenten.png", (1280, 720))
    docs = page.attachments
    docs.table.selectRow(next(r for r in range(len(docs.items))
                              if docs.items[r].media_type.label == "PDF"))
    viewer = docs.viewer()
    assert viewer is not None
    qtbot.addWidget(viewer)
    _grab(viewer, "document-bekijken.png")
    viewer.reject()
