"""Issue 14 item 8 end to end: ``vt open`` (the same reader as the team's ``import``), in a
process of its own, on a 4 KB package whose tar member claims 1 GiB. The peak resident memory
of that process (``VmHWM``, which also counts the age library's native buffers) stays far below
what the member claims: nothing is allocated before type and size are checked. (Not
``ru_maxrss``: Linux carries it over an exec, so a child of a large pytest would report the
parent's peak.)"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.support import hostile_tar

from wijkteam_desk.exchange.encryption import encrypt
from wijkteam_desk.exchange.keys import load_identity_folder, vt_keygen
from wijkteam_desk.exchange.package import DEFAULT_MAX_BYTES

REPO = Path(__file__).resolve().parents[2]
# The interpreter with the app's libraries loaded uses well under this; 1 GiB would not fit.
MAX_RSS_KIB = 400 * 1024

PROBE = """
import sys
from pathlib import Path
from wijkteam_desk.cli.main import main
code = main(sys.argv[1:])
status = Path("/proc/self/status").read_text().splitlines()
[peak] = [line.split()[1] for line in status if line.startswith("VmHWM:")]
print(code, peak)
"""


@pytest.mark.parametrize("name", ["gnu_sparse", "pax_sparse", "pax_huge_record", "long_name"])
def test_vt_open_of_a_hostile_package_stays_small(tmp_path: Path, name: str) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    vt_keygen(tmp_path / "vt", now)
    vt_keygen(tmp_path / "team", now)
    vt = load_identity_folder(tmp_path / "vt")
    package = tmp_path / "pakket.tar.age"
    package.write_bytes(encrypt(hostile_tar.HOSTILE[name](), [vt.encryption.recipient]))
    assert package.stat().st_size < 8192 < DEFAULT_MAX_BYTES
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, "vt", "open", str(package), "--identity",
         str(tmp_path / "vt"), "--trust", str(tmp_path / "team")],
        capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    code, rss = (int(x) for x in probe.stdout.split())
    assert code == 4, probe.stderr
    assert "malformed_container" in probe.stderr
    assert rss < MAX_RSS_KIB
