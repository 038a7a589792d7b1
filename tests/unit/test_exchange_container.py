"""The tar reader inside a package (issue 14 item 8): a 4 KB file must not make the importer
allocate what a header claims. Every hostile member shape is refused as malformed_container, the
peak memory of opening such a package stays small, and the archives real tar tools write (GNU,
ustar, pax) are read."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.support import hostile_tar

from wijkteam_desk.domain.errors import RejectedInput
from wijkteam_desk.exchange import reasons
from wijkteam_desk.exchange.container import (
    MEMBER_NAMES,
    ContainerParts,
    pack,
    read_members,
    unpack,
)
from wijkteam_desk.exchange.encryption import EncryptionIdentity, encrypt
from wijkteam_desk.exchange.minisign import SigningKey
from wijkteam_desk.exchange.package import open_package

# Opening a 4 KB package may cost a few copies of it, never the gigabyte its headers claim.
PEAK_BOUND = 4 * 1024 * 1024


@pytest.mark.parametrize("name", sorted(hostile_tar.HOSTILE))
def test_hostile_member_is_refused(name: str) -> None:
    archive = hostile_tar.HOSTILE[name]()
    assert len(archive) < 8192
    with pytest.raises(RejectedInput) as caught:
        unpack(archive)
    assert caught.value.reason == reasons.MALFORMED_CONTAINER


def test_the_sparse_attack_is_real_for_tarfile() -> None:
    # What made the old reader allocate 1 GiB: tarfile calls the member regular, 1 GiB large.
    with tarfile.open(fileobj=io.BytesIO(hostile_tar.gnu_sparse()), mode="r:") as archive:
        payload = archive.getmembers()[2]
    assert payload.isreg() and payload.size == hostile_tar.GIB


@pytest.mark.parametrize("name", sorted(hostile_tar.HOSTILE))
def test_opening_a_hostile_package_stays_within_a_small_memory_bound(name: str) -> None:
    team, vt = EncryptionIdentity.generate(), SigningKey.generate()
    package = encrypt(hostile_tar.HOSTILE[name](), [team.recipient])
    tracemalloc.start()
    try:
        with pytest.raises(RejectedInput) as caught:
            open_package(package, team, [vt.public_key], team.recipient, {})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.reason == reasons.MALFORMED_CONTAINER
    assert peak < PEAK_BOUND


def _parts() -> ContainerParts:
    return ContainerParts(b'{"a":1}', b"untrusted comment: x\n", b'{"b":"' + b"x" * 5000 + b'"}')


@pytest.mark.parametrize("tar_format", ["gnu", "oldgnu", "ustar", "pax", "posix"])
def test_archives_written_by_gnu_tar_are_read(tmp_path: Path, tar_format: str) -> None:
    tar = shutil.which("tar")
    assert tar, "tar is needed"
    parts = _parts()
    for name, content in zip(MEMBER_NAMES, (parts.manifest, parts.signature, parts.payload),
                             strict=True):
        (tmp_path / name).write_bytes(content)
    subprocess.run([tar, f"--format={tar_format}", "-cf", "p.tar", *MEMBER_NAMES],
                   cwd=tmp_path, check=True, timeout=30)
    assert unpack((tmp_path / "p.tar").read_bytes()) == parts


def test_our_own_archive_round_trips_and_zero_padding_is_allowed() -> None:
    parts = _parts()
    assert unpack(pack(parts)) == parts
    assert unpack(pack(parts) + bytes(10240)) == parts


@pytest.mark.parametrize("mutate", [
    lambda a: a[:1000],  # cut inside a member
    lambda a: a[:100] + b"7" + a[101:],  # a header byte changed: its checksum fails
    lambda a: a + b"garbage",  # something after the end of the archive
], ids=["cut", "checksum", "appended"])
def test_damaged_archives_are_malformed(mutate: Callable[[bytes], bytes]) -> None:
    with pytest.raises(RejectedInput) as caught:
        unpack(mutate(pack(_parts())))
    assert caught.value.reason == reasons.MALFORMED_CONTAINER


def test_members_in_another_order_or_with_a_limit_exceeded() -> None:
    parts = _parts()
    swapped = (hostile_tar.member(b"manifest.json.minisig", parts.signature)
               + hostile_tar.member(b"manifest.json", parts.manifest)
               + hostile_tar.member(b"payload.json", parts.payload) + hostile_tar.end())
    with pytest.raises(RejectedInput):
        unpack(swapped)
    with pytest.raises(RejectedInput):
        read_members(pack(parts), MEMBER_NAMES, {"payload.json": 100})


def test_pax_path_names_the_member(tmp_path: Path) -> None:
    records = hostile_tar.pax_record("path", "payload.json") + hostile_tar.pax_record(
        "SCHILY.xattr.com.apple.quarantine", "0081;x")
    archive = (hostile_tar.honest_start()
               + hostile_tar.member(b"PaxHeaders/x", records, b"x")
               + hostile_tar.member(b"something-else", b"{}") + hostile_tar.end())
    assert unpack(archive).payload == b"{}"
