"""Key folders: vt keygen, keys export / trust, permissions and bad key files."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wijkteam_desk.domain.errors import RejectedInput, ValidationError
from wijkteam_desk.exchange.encryption import EncryptionIdentity
from wijkteam_desk.exchange.keys import (
    load_identity_folder,
    load_public_folder,
    vt_keygen,
    write_public_folder,
)

NOW = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_vt_keygen_writes_private_folder_and_files(tmp_path: Path) -> None:
    folder = tmp_path / "vt"
    keys = vt_keygen(folder, NOW)
    assert mode(folder) == 0o700
    names = {"signing.pub", "encryption.pub", "signing.key", "encryption.key"}
    assert {p.name for p in folder.iterdir()} == names
    assert all(mode(folder / name) == 0o600 for name in names)
    assert load_public_folder(folder) == keys.public
    again = load_identity_folder(folder)
    assert again.public == keys.public
    assert "AGE-SECRET-KEY-1" in (folder / "encryption.key").read_text()


def test_vt_keygen_never_overwrites_keys(tmp_path: Path) -> None:
    vt_keygen(tmp_path / "vt", NOW)
    before = (tmp_path / "vt" / "signing.key").read_bytes()
    with pytest.raises(ValidationError):
        vt_keygen(tmp_path / "vt", NOW)
    assert (tmp_path / "vt" / "signing.key").read_bytes() == before


def test_public_folder_round_trip_for_keys_export(tmp_path: Path) -> None:
    keys = vt_keygen(tmp_path / "vt", NOW).public
    write_public_folder(tmp_path / "export", keys, name="Wijkteam Voorbeeldstad")
    assert load_public_folder(tmp_path / "export") == keys
    assert "Wijkteam Voorbeeldstad" in (tmp_path / "export" / "signing.pub").read_text()


@pytest.mark.parametrize(
    ("file", "content"),
    [
        ("signing.pub", None),
        ("signing.pub", "garbage\n"),
        ("encryption.pub", None),
        ("encryption.pub", "age1qqqq\n"),
        ("encryption.pub", "age1x\nage1y\n"),
        ("encryption.pub", "x" * 10_000),
        ("signing.pub", b"\xff\xfe"),
    ],
)
def test_bad_public_folder_names_the_file(
    tmp_path: Path, file: str, content: str | bytes | None
) -> None:
    folder = tmp_path / "vt"
    vt_keygen(folder, NOW)
    target = folder / file
    if content is None:
        target.unlink()
    elif isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content)
    with pytest.raises(RejectedInput) as caught:
        load_public_folder(folder)
    assert caught.value.reason == "bad_key_file" and caught.value.facts["file"] == file


def test_age_keygen_style_identity_file_is_read(tmp_path: Path) -> None:
    identity = EncryptionIdentity.generate()
    text = identity.file_text(NOW)
    assert text.startswith("# created: 2025-03-03T09:30:00Z\n# public key: age1")
    assert EncryptionIdentity.from_file_text(text).recipient == identity.recipient
