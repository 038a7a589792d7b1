"""Documents in the file through the service on a real vault: kept inside the vault, refused
whole when bad, saved out only where asked, removed for good, and carried by backups."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE
from tests.support.documents import make_jpeg, make_pdf, make_png, marker
from tests.support.sqlcipher_pages import holds

from wijkteam_desk.domain.errors import NotFound, RejectedInput, ValidationError
from wijkteam_desk.domain.record import MAX_ATTACHMENT_BYTES, MediaType
from wijkteam_desk.services import attachments as attachments_module
from wijkteam_desk.services.workspace import Workspace
from wijkteam_desk.texts import error_text


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _household(ws: Workspace) -> tuple[int, int]:
    hid = ws.cases.create_household("Gezin de Vries", opened_on=date(2026, 2, 1))
    return hid, ws.cases.add_person(hid, "Noor", "de Vries")


def test_pdf_and_images_are_kept_in_the_vault_and_come_back_whole(
        workspace: Workspace, tmp_path: Path, paths) -> None:  # type: ignore[no-untyped-def]
    hid, noor = _household(workspace)
    mark = marker()
    pdf = make_pdf(mark, pages=3)
    png, jpeg = make_png(mark), make_jpeg(mark)
    a = workspace.attachments.attach(hid, _file(tmp_path, "Beschikking OTS.pdf", pdf),
                                     title="Beschikking OTS")
    b = workspace.attachments.attach(hid, _file(tmp_path, "brief school.PNG", png),
                                     person_id=noor)
    c = workspace.attachments.attach(hid, _file(tmp_path, "foto.jpeg", jpeg))
    assert (a.media_type, a.pages, a.title) == (MediaType.PDF, 3, "Beschikking OTS")
    assert (b.media_type, b.person_id, b.title) == (MediaType.PNG, noor, "brief school")
    assert c.media_type is MediaType.JPEG and c.added_by == "tester"
    listing = workspace.attachments.listing(hid)
    assert listing.count == 3 and listing.total_bytes == len(pdf) + len(png) + len(jpeg)
    assert workspace.attachments.content(a.id).data == pdf
    assert workspace.attachments.content(b.id).data == png
    # Inside the vault only: no file in the vault's folder holds the bytes in the clear.
    for f in paths.home.rglob("*"):
        if f.is_file():
            assert mark.encode() not in f.read_bytes(), f
    actions = [e.action for e in workspace.cases.audit_log(household_id=hid)]
    assert actions.count("attachment.create") == 3 and actions.count("attachment.view") == 2
    create = workspace.cases.audit_log(household_id=hid, action="attachment.create")[-1]
    assert create.detail["sha256"] == a.sha256 and "OTS" not in str(create.detail)


def test_a_2_gb_file_is_refused_from_its_size_without_being_read(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hid, _ = _household(workspace)
    huge = tmp_path / "scan.pdf"
    with huge.open("wb") as fh:
        fh.truncate(2 * 1024 ** 3)  # sparse: takes no room on the test machine

    def never(*_args: object) -> bytes:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(attachments_module, "_read_chunks", never)
    with pytest.raises(RejectedInput) as refused:
        workspace.attachments.attach(hid, huge)
    assert refused.value.reason == "attachment_too_large"
    assert "groter dan 25 MB" in error_text(refused.value)
    assert workspace.attachments.listing(hid).count == 0


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    path = _file(tmp_path, "groeit.pdf", b"%PDF-1.4\n" + b"0" * 100)
    with pytest.raises(RejectedInput) as refused:
        attachments_module._read_chunks(path, limit=50)
    assert refused.value.reason == "attachment_too_large"
    assert len(attachments_module.read_limited(path)) == 109


BAD_FILES = [
    ("leeg.pdf", b"", "attachment_empty"),
    ("foto.pdf", make_png(marker()), "attachment_mismatch"),
    ("brief.png", make_pdf(marker()), "attachment_mismatch"),
    ("brief.jpg", make_png(marker()), "attachment_mismatch"),
    ("tekst.pdf", b"Dit is gewoon tekst, geen PDF." * 10, "attachment_mismatch"),
    ("verslag.docx", b"PK\x03\x04" + b"\x00" * 200, "attachment_type"),
    ("geen-extensie", make_pdf(marker()), "attachment_type"),
    ("kapot.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 500, "attachment_pdf_unreadable"),
    ("afgekapt.pdf", make_pdf(marker())[:300], "attachment_pdf_unreadable"),
    ("afgekapt.png", make_png(marker())[:2000], "attachment_image_unreadable"),
    ("afgekapt.jpg", make_jpeg(marker())[:3000], "attachment_image_unreadable"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_in_dutch_and_nothing_is_stored(
        workspace: Workspace, tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    hid, _ = _household(workspace)
    with pytest.raises(RejectedInput) as refused:
        workspace.attachments.attach(hid, _file(tmp_path, name, data))
    assert refused.value.reason == reason
    text = error_text(refused.value)
    assert text.startswith("Het bestand is geweigerd: ") and "Er is niets veranderd." in text
    assert reason not in text  # a sentence, not a code
    assert workspace.attachments.listing(hid).count == 0
    assert not workspace.cases.audit_log(household_id=hid, action="attachment.")


def test_an_image_with_too_many_pixels_is_refused(workspace: Workspace, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    hid, _ = _household(workspace)
    monkeypatch.setattr(attachments_module, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(RejectedInput) as refused:
        workspace.attachments.attach(hid, _file(tmp_path, "groot.png", make_png(marker())))
    assert refused.value.reason == "attachment_image_too_big"


def test_a_folder_or_a_missing_file_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    hid, _ = _household(workspace)
    (tmp_path / "map.pdf").mkdir()
    for path, reason in ((tmp_path / "map.pdf", "attachment_not_a_file"),
                         (tmp_path / "weg.pdf", "unreadable")):
        with pytest.raises(RejectedInput) as refused:
            workspace.attachments.attach(hid, path)
        assert refused.value.reason == reason


def test_links_stay_inside_the_household_and_a_signed_copy_names_its_plan_version(
        workspace: Workspace, tmp_path: Path) -> None:
    hid, noor = _household(workspace)
    other, stranger = _household(workspace)
    plan = workspace.plans.create_draft(hid)
    other_plan = workspace.plans.create_draft(other)
    scan = _file(tmp_path, "getekend.pdf", make_pdf(marker()))
    for kwargs, code in (({"person_id": stranger}, "person_other_household"),
                         ({"plan_id": other_plan.id}, "plan_other_household"),
                         ({"signed": True}, "signed_needs_plan"),
                         ({"title": "   "}, "empty")):
        with pytest.raises(ValidationError) as refused:
            workspace.attachments.attach(hid, scan, **kwargs)  # type: ignore[arg-type]
        assert refused.value.code == code
    assert workspace.attachments.listing(hid).count == 0
    signed = workspace.attachments.attach(hid, scan, plan_id=plan.id, signed=True,
                                          title="Getekend veiligheidsplan")
    assert (signed.plan_id, signed.plan_version, signed.signed) == (plan.id, plan.version, True)
    with pytest.raises(ValidationError) as again:
        workspace.attachments.attach(hid, scan)
    assert again.value.code == "attachment_duplicate"
    assert "Getekend veiligheidsplan" in error_text(again.value)
    del noor


def test_a_copy_is_saved_only_where_asked_private_and_audited(workspace: Workspace,
                                                              tmp_path: Path) -> None:
    hid, _ = _household(workspace)
    data = make_jpeg(marker())
    info = workspace.attachments.attach(hid, _file(tmp_path, "foto.jpg", data))
    out = tmp_path / "usb" / "kopie.jpg"
    out.parent.mkdir()
    workspace.attachments.save_copy(info.id, out)
    assert out.read_bytes() == data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["kopie.jpg"]
    with pytest.raises(OSError):
        workspace.attachments.save_copy(info.id, tmp_path / "bestaat-niet" / "kopie.jpg")
    results = [e.result for e in workspace.cases.audit_log(household_id=hid,
                                                            action="attachment.save")]
    assert sorted(results) == ["failed", "ok"]


def test_deleting_removes_the_bytes_from_the_vault_file_and_keeps_an_audit_line(
        workspace: Workspace, tmp_path: Path, paths) -> None:  # type: ignore[no-untyped-def]
    hid, _ = _household(workspace)
    mark = marker()
    info = workspace.attachments.attach(hid, _file(tmp_path, "rapport.pdf",
                                                   make_pdf(mark, pages=30)))
    key = bytes(workspace.vault._key)
    workspace.vault.raw_connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    assert holds(paths.database, key, mark.encode())  # the check sees what is there
    workspace.attachments.delete(info.id)
    assert not holds(paths.database, key, mark.encode())
    wal = paths.home / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # no older copy in the log either
    assert workspace.attachments.listing(hid).count == 0
    with pytest.raises(NotFound):
        workspace.attachments.content(info.id)
    [line] = workspace.cases.audit_log(household_id=hid, action="attachment.delete")
    assert line.detail == {"type": "PDF", "size": info.size, "sha256": info.sha256}
    assert workspace.check() == []


def test_attachments_are_in_the_backup(vault_service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, _code = vault_service.create(PASSPHRASE)
    hid, _ = _household(ws)
    data = make_png(marker())
    ws.attachments.attach(hid, _file(tmp_path, "scan.png", data))
    backup = ws.backup(tmp_path / "kopie.wdbackup")
    assert data not in backup.read_bytes()
    [info] = ws.attachments.listing(hid).items
    ws.attachments.delete(info.id)
    ws.lock()
    vault_service.restore(backup, passphrase=PASSPHRASE)
    ws = vault_service.unlock(PASSPHRASE)
    try:
        [back] = ws.attachments.listing(hid).items
        assert ws.attachments.content(back.id).data == data
    finally:
        ws.lock()


def test_the_limit_is_25_mb() -> None:
    assert MAX_ATTACHMENT_BYTES == 25 * 1024 * 1024


def test_counting_a_pdfs_pages_waits_for_the_one_pdfium_lock(
        workspace: Workspace, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """pdfium serves one thread at a time; the print dialog and the viewer render in workers
    while a document may be added in another, so the services take the same lock as the UI."""
    import pypdfium2

    from wijkteam_desk.pdf_engine import PDFIUM

    held_at_open: list[bool] = []
    real = pypdfium2.PdfDocument

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        held_at_open.append(PDFIUM.locked())
        return real(*args, **kwargs)

    monkeypatch.setattr(pypdfium2, "PdfDocument", watched)
    hid, _ = _household(workspace)
    added = workspace.attachments.attach(hid, _file(tmp_path, "verslag.pdf",
                                                    make_pdf(marker(), pages=2)))
    assert added.pages == 2
    assert held_at_open == [True]
