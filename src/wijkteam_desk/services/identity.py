"""Who acts on this laptop, for the audit log and every record it writes."""

from __future__ import annotations

import getpass
import platform
from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    """Who acts, for the audit log: the OS account and this device's name."""

    actor: str
    device: str

    @classmethod
    def of_this_machine(cls) -> Identity:
        try:
            user = getpass.getuser()
        except Exception:
            user = "onbekend"
        return cls(user, platform.node() or "onbekend")
