"""Editing ``vault.key`` as someone who can write the file would: change a field and, where the
file carries a checksum of its fields, make the checksum fit again (it is no secret), so a test
reaches the check behind it (the organisation wrap's MAC, a wrap's AEAD tag)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def rewrite_keyfile(path: Path, data: dict[str, Any]) -> None:
    if "checksum" in data:
        from wijkteam_desk.storage import keyfile

        payload = {k: v for k, v in data.items() if k != "checksum"}
        data = {**payload, "checksum": keyfile._checksum(payload)}  # type: ignore[attr-defined]
    path.write_text(json.dumps(data, indent=2, sort_keys=True))
