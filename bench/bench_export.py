"""Exporting a terugkoppeling for 500 demo households (read the case data in bulk, build the
payloads, sign, encrypt, write 500 files, log them), against signing and encrypting the same 500
prepared payloads alone in the same run. Target (DESIGN.md): ≤ 2 s."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.common import median_ms, result
from wijkteam_desk.domain.clock import FixedClock
from wijkteam_desk.exchange import EncryptionIdentity, PublicKeys, SigningKey, build_package
from wijkteam_desk.exchange.keys import write_public_folder
from wijkteam_desk.paths import AppPaths
from wijkteam_desk.services.demo import DemoGenerator
from wijkteam_desk.services.identity import Identity
from wijkteam_desk.services.vaults import VaultService
from wijkteam_desk.storage.keyfile import KdfParams
from wijkteam_desk.storage.models import HouseholdRow
from wijkteam_desk.storage.secretstore import NoSecretStore

HOUSEHOLDS = 500
RUNS = 3
TARGET_MS = 2000
NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        svc = VaultService(AppPaths(root / "home"), NoSecretStore(), FixedClock(NOW),
                           Identity("bench", "bench"),
                           kdf=KdfParams(time_cost=1, memory_cost_kib=8192, parallelism=1))
        ws, _ = svc.create("bench wachtwoord synthetisch", "Benchteam")
        try:
            DemoGenerator(ws.unit_of_work, seed=500).generate(HOUSEHOLDS, batch=50)
            with ws.unit_of_work() as uow:  # every demo household handed over by VT
                for row in uow.session.query(HouseholdRow):
                    row.vt_case_number = row.vt_case_number or f"VT-B{row.id:06d}"
                uow.commit()
            vt = PublicKeys(SigningKey.generate().public_key,
                            EncryptionIdentity.generate().recipient)
            write_public_folder(root / "vt", vt)
            ws.exchange.trust(root / "vt", "Veilig Thuis")
            out = root / "uit"
            out.mkdir()

            def export() -> None:
                drafts = ws.exchange.prepare("terugkoppeling")
                assert len(drafts) == HOUSEHOLDS
                ws.exchange.write(drafts, out)

            payloads = [d.payload for d in ws.exchange.prepare("terugkoppeling")]
            signer = SigningKey.generate()

            def sign_and_encrypt() -> None:
                for i, payload in enumerate(payloads, start=1):
                    build_package("terugkoppeling", payload, signer, vt.encryption, i,
                                  lambda: NOW)

            value = median_ms(export, runs=RUNS, warmup=1)
            baseline = median_ms(sign_and_encrypt, runs=RUNS, warmup=1)
        finally:
            ws.lock()
    return result(f"export {HOUSEHOLDS} huishoudens", value, baseline, "≤ 2 s",
                  f"dezelfde {HOUSEHOLDS} payloads alleen ondertekenen en versleutelen",
                  value <= TARGET_MS)
