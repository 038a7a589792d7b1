"""Who acts on this vault: the professional's profile (name, role, organisation, member id).

A case file must say which professional did what, in which role (NEN 7513), never the computer's
login. The profile lives inside the vault; it is the author of every record, print and export
made on this laptop and appears in every audit line. ``member_id`` is random, made once, and
never changes when the name or role does: the team (issue 16) knows one person by it on every
laptop."""

from __future__ import annotations

import enum
import secrets
import unicodedata
from dataclasses import dataclass

from .errors import ValidationError

MAX_NAME = 200
MAX_ORGANISATION = 200


class ProfileRole(enum.StrEnum):
    """The fixed list of roles in a local team (DOMAIN.md: who uses it)."""

    CONSULENT = "consulent"
    WIJKTEAMMEDEWERKER = "wijkteammedewerker"
    PROCESREGISSEUR = "procesregisseur"
    GEDRAGSWETENSCHAPPER = "gedragswetenschapper"
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris"
    TEAMLEIDER = "teamleider"


@dataclass(frozen=True)
class Profile:
    name: str
    role: ProfileRole
    organisation: str = ""
    member_id: str = ""

    @property
    def signature(self) -> str:
        """How a record names its author: "Anna de Vries (Wijkteam Noord)" when the
        organisation is known, else the name alone."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


def new_member_id() -> str:
    return secrets.token_hex(16)


def _clean(value: object, field: str, maximum: int, required: bool) -> str:
    text = " ".join(str(value or "").split())  # one line: no tabs, newlines or double spaces
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise ValidationError("profile_invalid_characters", field=field)
    if required and not text:
        raise ValidationError("empty", field=field)
    if len(text) > maximum:
        raise ValidationError("too_long", field=field, maximum=maximum)
    return text


def parse_role(value: object) -> ProfileRole:
    try:
        return ProfileRole(str(value or "").strip().lower())
    except ValueError:
        raise ValidationError("profile_role_unknown", role=str(value or "")[:40],
                              roles=", ".join(r.value for r in ProfileRole)) from None


def make_profile(name: object, role: object, organisation: object = "",
                 member_id: str = "") -> Profile:
    """A validated profile. Errors (``ValidationError``): ``empty`` / ``too_long`` (naam,
    organisatie), ``profile_invalid_characters``, ``profile_role_unknown``."""
    return Profile(_clean(name, "naam", MAX_NAME, True), parse_role(role),
                   _clean(organisation, "organisatie", MAX_ORGANISATION, False),
                   member_id or new_member_id())
