"""Who acts on this laptop, for the audit log and every record it writes.

The professional's profile in the vault (domain/profile.py) says who acts: name, role and member
id. The operating-system login never does (a case file must name the professional, NEN 7513).
``device`` is this computer's name, for the audit log."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from ..domain.profile import Profile


@dataclass(frozen=True)
class Identity:
    """Who acts: the author's name on records, the role and member id on audit lines, and this
    device's name. ``actor`` is '' while the vault has no profile (the app then asks for one)."""

    actor: str
    device: str
    role: str = ""
    member_id: str = ""

    @classmethod
    def of_this_machine(cls) -> Identity:
        """Nobody yet, on this device: the profile in the vault says who acts."""
        return cls("", platform.node() or "onbekend")

    def acting_as(self, profile: Profile) -> Identity:
        return Identity(profile.name, self.device, profile.role.value, profile.member_id)
