"""Tab Documenten and the viewer: add a document, look at it inside the app, save a copy, delete
it; the signed copy of a safety-plan version; home-visit mode; and, after attaching and viewing
a PDF and an image, no file under the home, the temp folder or the cache holds their bytes."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from tests.integration.plan_fixtures import fill_plan, plan_family  # noqa: F401
from tests.support.documents import make_pdf, make_png, marker

from wijkteam_desk.domain.safety_plan import Signature
from wijkteam_desk.ui.context import MASK
from wijkteam_desk.ui.household import attachments_tab
from wijkteam_desk.ui.household.attachment_viewer import AttachmentViewer
from wijkteam_desk.ui.household.attachments_tab import AttachmentsTab
from wijkteam_desk.ui.household.page import HouseholdPage
from wijkteam_desk.ui.household.safety_plan_tab import SafetyPlanTab
from wijkteam_desk.ui.models.record import AttachmentsModel

from .content_fixtures import ctx, errors, family  # noqa: F401


def make_page(ctx, qtbot, hid) -> HouseholdPage:  # type: ignore[no-untyped-def] # noqa: F811
    page = HouseholdPage(ctx, hid)
    qtbot.addWidget(page)
    page.set_current_tab(page.tabs.indexOf(page.attachments))
    return page


def source(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def select_row(tab: AttachmentsTab, row: int) -> None:
    tab.table.selectionModel().select(
        tab.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def add(tab: AttachmentsTab, path: Path, qtbot, link: object = None) -> bool:  # type: ignore[no-untyped-def]
    dialog = tab.add_dialog(path)
    qtbot.addWidget(dialog)
    if link is not None:
        dialog.link.setCurrentIndex(dialog.link.findData(link))
    return dialog.submit()


def test_add_view_save_and_delete_a_document(ctx, family, qtbot, tmp_path, errors) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    tab = page.attachments
    index = page.tabs.indexOf(tab)
    assert page.tabs.tabText(index) == "Documenten"
    assert tab.summary.text().startswith("Nog geen documenten.")
    assert not tab.view_button.isEnabled()
    pdf = source(tmp_path / "bron", "Beschikking OTS.pdf", make_pdf(marker(), pages=3))
    assert add(tab, pdf, qtbot, ("person", family.child))
    assert page.tabs.tabText(index) == "Documenten (1)"
    assert tab.summary.text().startswith("1 document, samen ")
    assert tab.model.text(0, AttachmentsModel.COL_TITLE) == "Beschikking OTS"
    assert tab.model.text(0, AttachmentsModel.COL_TYPE) == "PDF, 3 blz."
    assert tab.model.text(0, AttachmentsModel.COL_LINK) == "Lotte de Vries"

    select_row(tab, 0)
    viewer = tab.viewer()
    assert isinstance(viewer, AttachmentViewer)
    qtbot.addWidget(viewer)
    assert viewer.page_label.text() == "Pagina 1 van 3"
    first = viewer.page.pixmap().size()
    assert first.width() > 300 and not viewer.previous_button.isEnabled()
    viewer.next_page()
    viewer.next_page()
    assert viewer.page_label.text() == "Pagina 3 van 3" and not viewer.next_button.isEnabled()
    viewer.zoom_in()
    assert viewer.page.pixmap().width() > first.width()
    out = tmp_path / "usb" / "kopie.pdf"
    out.parent.mkdir()
    assert viewer.save_to(out)
    assert out.read_bytes() == pdf.read_bytes()
    viewer.reject()
    assert viewer._data == b""  # the bytes went with the viewer

    assert tab.delete_selected(confirm=False)
    assert page.tabs.tabText(index) == "Documenten" and tab.model.rowCount() == 0
    actions = [e.action for e in ctx.workspace.cases.audit_log(household_id=family.household_id,
                                                                action="attachment.")]
    assert sorted(actions) == ["attachment.create", "attachment.delete", "attachment.save",
                               "attachment.view"]
    assert errors == []


def test_a_refused_file_keeps_the_dialog_open_with_a_dutch_message(ctx, family, qtbot,  # type: ignore[no-untyped-def] # noqa: F811
                                                                    tmp_path, errors) -> None:  # noqa: F811
    page = make_page(ctx, qtbot, family.household_id)
    fake = source(tmp_path / "bron", "rapport.pdf", make_png(marker()))
    dialog = page.attachments.add_dialog(fake)
    qtbot.addWidget(dialog)
    assert not dialog.submit()
    assert errors == ["Het bestand is geweigerd: de inhoud past niet bij de naam (het is geen "
                      "echte PDF, JPEG of PNG). Open het bestand zelf en sla het opnieuw op. Er "
                      "is niets veranderd."]
    assert page.attachments.model.rowCount() == 0


def test_an_image_is_shown_and_home_visit_mode_hides_documents(ctx, family, qtbot, tmp_path,  # type: ignore[no-untyped-def] # noqa: F811
                                                                monkeypatch) -> None:
    page = make_page(ctx, qtbot, family.household_id)
    tab = page.attachments
    png = source(tmp_path / "bron", "brief school.png", make_png(marker(), (640, 480)))
    assert add(tab, png, qtbot)
    select_row(tab, 0)
    viewer = tab.viewer()
    assert viewer is not None
    qtbot.addWidget(viewer)
    assert viewer.page.pixmap().size().width() == 640
    assert not viewer.next_button.isVisible() and viewer.page_label.text() == ""
    viewer.show()
    ctx.set_privacy(True)  # the family may be looking: the viewer closes and drops the image
    assert not viewer.isVisible() and viewer._data == b""
    assert tab.model.text(0, AttachmentsModel.COL_TITLE) == MASK
    told: list[str] = []
    monkeypatch.setattr(attachments_tab.QMessageBox, "information",
                        lambda _p, _t, text: told.append(text))
    assert tab.viewer() is None and "huisbezoekmodus" in told[0]


def test_the_signed_copy_is_shown_with_its_plan_version(ctx, plan_family, qtbot, tmp_path,  # type: ignore[no-untyped-def] # noqa: F811
                                                        errors) -> None:  # noqa: F811
    f = plan_family
    pid = fill_plan(f)
    page = HouseholdPage(ctx, f.household_id)
    qtbot.addWidget(page)
    tab = next(page.tabs.widget(i) for i in range(page.tabs.count())
               if isinstance(page.tabs.widget(i), SafetyPlanTab))
    button = tab.signed_button
    assert not button.isEnabled()  # a concept is not signed yet
    regisseur = ctx.workspace.plans.parties(f.household_id).regisseur
    ctx.workspace.plans.fix_plan(pid, [Signature(regisseur, date(2026, 11, 22))])
    ctx.changed("safety_plan", f.household_id)
    assert button.isEnabled() and button.text() == \
        "Getekende versie toevoegen…"
    scan = source(tmp_path / "bron", "scan.pdf", make_pdf(marker(), pages=4))
    dialog = button.add_dialog(scan)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.signed.isChecked() and dialog.title.text() == \
        "Veiligheidsplan versie 1, getekend"
    assert dialog.submit()
    assert button.text() == "Getekende versie bekijken"
    [signed] = ctx.workspace.attachments.listing(f.household_id).items
    assert signed.signed and signed.plan_version == 1
    assert page.attachments.model.text(0, AttachmentsModel.COL_LINK) == "getekende versie v1"
    ctx.workspace.plans.start_new_version(f.household_id)
    ctx.changed("safety_plan", f.household_id)
    tab.select_version(2)
    assert not button.isEnabled()  # the new concept has no signed copy
    tab.select_version(1)
    assert button.text() == "Getekende versie bekijken"
    assert errors == []


# -- nothing on disk ---------------------------------------------------------------------------
def _files(roots: Iterable[Path], since: float | None = None) -> Iterable[Path]:
    """Regular files under ``roots`` (modified since ``since``). The system temp folder is shared
    with other programs: a folder or file that vanishes while walked is skipped."""
    for root in roots:
        for folder, _dirs, names in os.walk(root, onerror=lambda _error: None):
            for name in names:
                path = Path(folder) / name
                try:
                    info = path.lstat()
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode) and info.st_size < 200 * 1024 * 1024 and \
                        (since is None or info.st_mtime >= since):
                    yield path


def test_viewing_a_pdf_and_an_image_leaves_their_bytes_in_no_file(  # type: ignore[no-untyped-def]
        ctx, family, qtbot, tmp_path, tmp_path_factory, paths, monkeypatch) -> None:  # noqa: F811
    started = time.time() - 2
    system_temp = Path(tempfile.gettempdir())
    user_home, temp, cache = tmp_path / "gebruiker", tmp_path / "tmp", tmp_path / "cache"
    for folder in (user_home, temp, cache, tmp_path / "config", tmp_path / "data"):
        folder.mkdir()
    monkeypatch.setenv("HOME", str(user_home))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    mark = marker()
    pdf_bytes, png_bytes = make_pdf(mark, pages=2), make_png(mark, (500, 400))
    originals = tmp_path / "bron"  # the user's own files, outside everything scanned
    page = make_page(ctx, qtbot, family.household_id)
    tab = page.attachments
    assert add(tab, source(originals, "verslag.pdf", pdf_bytes), qtbot)
    assert add(tab, source(originals, "foto.png", png_bytes), qtbot)
    for row in range(2):
        select_row(tab, row)
        viewer = tab.viewer()
        assert viewer is not None
        qtbot.addWidget(viewer)
        viewer.show()
        viewer.next_page()
        viewer.zoom_in()
        assert not viewer.page.pixmap().isNull()
        viewer.reject()
    ctx.workspace.vault.raw_connection().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    needles = [mark.encode()]
    for data in (pdf_bytes, png_bytes):  # pieces of the content too, not only the marker
        needles += [data[i:i + 48] for i in (len(data) // 3, len(data) // 2)]
    ours = [paths.home, user_home, temp, cache, tmp_path / "config", tmp_path / "data"]
    scanned = 0
    # pytest's own folders in the system temp folder hold test files (this session's earlier
    # tests and other sessions on a shared machine write PDFs from the same generator there);
    # the app's are scanned above as ``ours``.
    # Under xdist each worker has its own base (pytest-of-root/pytest-N/popen-gwK): the whole
    # pytest-of-… folder is the tests', another worker's PDFs included.
    test_folders = tmp_path_factory.getbasetemp()
    test_folders = next((p for p in test_folders.parents if p.name.startswith("pytest-of-")),
                        test_folders)
    for path in [*_files(ours), *_files([system_temp], since=started)]:
        if originals in path.parents or (test_folders in path.parents
                                         and tmp_path not in path.parents):
            continue
        try:
            content = path.read_bytes()
        except OSError:
            continue
        scanned += 1
        assert not [n for n in needles if n in content], path
    assert scanned >= 2  # at least the vault and its key file were looked at
    assert os.environ["TMPDIR"] == str(temp)


@pytest.mark.parametrize("size", [(50, 40), (5000, 3000)])
def test_a_large_scan_is_decoded_small(size: tuple[int, int], qtbot) -> None:  # type: ignore[no-untyped-def]
    from wijkteam_desk.ui.household.attachment_viewer import MAX_SIDE, decode_image

    image = decode_image(make_png(marker(), size))
    assert not image.isNull()
    assert max(image.width(), image.height()) == min(max(size), MAX_SIDE)
