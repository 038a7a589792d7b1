"""Names in the team folder: what we write, what sync engines must leave alone, and what a
reader refuses on its name alone (without opening the file)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkteam_desk.team import layout, reasons


def test_file_names_sort_by_sequence_and_say_their_kind() -> None:
    names = [layout.file_name(n, "bundle") for n in (9, 10, 123)]
    assert names == sorted(names)
    assert layout.parse_file_name(names[1]) == layout.ParsedName(10, "bundle")
    assert layout.parse_file_name("000000000000010-bundle.wteam.tmp") is None
    assert layout.parse_file_name("000000000000000-bundle.wteam") is None  # sequences start at 1


@pytest.mark.parametrize("engine_temporary", [
    "~syncthing~000000000000003-bundle.wteam.tmp",  # Syncthing on Windows
    ".syncthing.000000000000003-bundle.wteam.tmp",  # Syncthing on Linux and macOS
    "000000000000003-bundle.wteam.part",  # a partial download
])
def test_temporary_names_of_sync_engines_are_recognised(engine_temporary: str) -> None:
    assert layout.is_temporary(engine_temporary)


def test_our_own_temporary_name_is_one_syncthing_nextcloud_and_onedrive_skip() -> None:
    name = layout.temporary_name("000000000000003-bundle.wteam")
    assert name.startswith("~syncthing~")  # Syncthing: IsTemporary, on every platform
    assert name.endswith(".tmp")  # Nextcloud "~*.tmp"; OneDrive and Resilio "*.tmp"
    assert layout.is_temporary(name)
    assert name != layout.temporary_name("000000000000003-bundle.wteam")  # never collide


@pytest.mark.parametrize(("name", "reason"), [
    ("a..b", reasons.UNSAFE_NAME),
    ("..", reasons.UNSAFE_NAME),
    ("bundle\x07.wteam", reasons.UNSAFE_NAME),
    ("bundle\x7f.wteam", reasons.UNSAFE_NAME),  # DEL: ASCII, not printable
    ("000000000000001-bundle.wteam\n", reasons.UNSAFE_NAME),
    ("bundle\u202e.wteam", reasons.UNSAFE_NAME),  # right-to-left override: fakes an extension
    ("x" * 1000, reasons.NAME_TOO_LONG),
    ("000000000000001-bundle.wteam", None),
])
def test_unsafe_names_are_told_apart(name: str, reason: str | None) -> None:
    assert layout.unsafe_name_reason(name) == reason


@settings(max_examples=500, deadline=None)  # no wall-clock limit: CI is a busy machine
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=40))
def test_a_name_is_refused_for_a_control_or_format_character_wherever_it_is(name: str) -> None:
    """Printable ASCII names are let through without looking at each character; every other
    name still is looked at: the outcome is the same as the per-character rule."""
    hidden = any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name)
    reason = layout.unsafe_name_reason(name)
    if hidden:
        assert reason is not None
    elif name not in ("", ".", "..") and ".." not in name and "/" not in name \
            and "\\" not in name:
        assert reason is None


def test_scan_never_follows_links_or_reads_files(tmp_path: Path) -> None:
    member = layout.new_id()
    (tmp_path / member).mkdir()
    good = tmp_path / member / layout.file_name(1, "bundle")
    good.write_bytes(b"x")
    (tmp_path / member / layout.temporary_name(layout.file_name(2, "bundle"))).write_bytes(b"x")
    os.symlink("/etc/passwd", tmp_path / member / layout.file_name(3, "bundle"))
    (tmp_path / member / "notes.txt").write_text("x")
    (tmp_path / ".stfolder").mkdir()
    (tmp_path / "Thumbs.db").write_bytes(b"")
    os.symlink(tmp_path / member, tmp_path / layout.new_id())  # a linked member folder
    found = {(e.folder, e.name): e.reason for e in layout.scan(tmp_path)}
    assert found[(member, good.name)] is None
    assert found[(member, layout.file_name(3, "bundle"))] == reasons.NOT_A_FILE
    assert found[(member, "notes.txt")] == reasons.UNKNOWN_NAME
    assert found[("", ".stfolder")] == reasons.SYSTEM_FILE
    assert found[("", "Thumbs.db")] == reasons.SYSTEM_FILE
    assert list(found.values()).count(reasons.TEMPORARY) == 1
    assert reasons.NOT_A_FILE in {r for (folder, _), r in found.items() if folder == ""}


def test_every_reason_has_one_disposition() -> None:
    assert len(set(reasons.ALL_REASONS)) == len(reasons.ALL_REASONS)
    assert {reasons.disposition(r) for r in reasons.ALL_REASONS} == {
        "quiet", "later", "review", "refused"}
    assert reasons.QUIET <= set(reasons.ALL_REASONS) and reasons.LATER <= set(reasons.ALL_REASONS)
