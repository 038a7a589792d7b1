"""docs/security.md states facts the code decides; these keep the two the same (issue 15,
item 6: the page said a demo household was one transaction while ``demo-data`` commits 20)."""

from __future__ import annotations

from pathlib import Path

from wijkteam_desk.cli.vault import DEMO_BATCH
from wijkteam_desk.storage.keyfile import KDF_WRITTEN
from wijkteam_desk.storage.throttle import MAX_DELAY

DOC = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text("utf-8")


def test_demo_data_batches_are_described_as_they_are() -> None:
    assert f"batches of {DEMO_BATCH} per transaction" in DOC
    assert "a household in `demo-data` is one transaction" not in DOC


def test_the_key_derivation_and_the_wait_are_described_as_they_are() -> None:
    kdf = KDF_WRITTEN
    assert (f"Argon2id(passphrase) ({kdf.memory_cost_kib // 1024} MiB, t={kdf.time_cost}, "
            f"p={kdf.parallelism}") in DOC
    assert f"never more than {int(MAX_DELAY.total_seconds() // 60)} minutes" in DOC
    assert "deleting it resets the count" in DOC and "real barrier" in DOC
