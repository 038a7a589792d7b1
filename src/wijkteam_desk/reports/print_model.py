"""Who may read what on a printed veiligheidsplan (DOMAIN.md rule 10, security requirement S17).

The printer never sees a ``SafetyPlan``. ``project_plan`` builds a separate ``PrintPlan`` for one
audience, copying field by field only what that audience is allowed to read (an allow-list), and
the renderer draws only that. So a field nobody thought about (a new phone number, a shelter)
cannot reach paper by accident: it has to be copied here, on purpose, per audience.

Audiences:
- ``professional``: everything, secret addresses marked as such, plus professional-only notes.
- ``gezin``: no secret addresses or phones ("geheim adres, bekend bij de hulpverlener"), no
  secret shelter's name, no professional notes, no contact details of household members, and only
  the steps meant for everyone (a step for one person may say where that person goes).
- ``persoon:<id>``: one household member's copy. A pleger (or a threatening network member) gets
  only their own agreements, the steps meant for everyone or for them, and the emergency numbers;
  never safe places, safe people, the shelter or anyone's address or phone. A child gets their own
  child section and the emergency numbers. Anyone else gets the family copy under their own name,
  with their own steps added.
Free text on restricted copies also goes through ``Redactor``: restricted values typed into a
goal or a step (an address, a postcode, a phone number) are blanked too.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import Role
from wijkteam_desk.domain.safety_plan import ContactDetails, PartyKind

SECRET_TEXT = "geheim adres, bekend bij de hulpverlener"
SECRET_PHONE_TEXT = "via de hulpverlener"
SHELTER_TEXT = "Opvang (naam en adres bekend bij de hulpverlener)"
KINDERTELEFOON_LABEL = "De Kindertelefoon: gratis, je hoeft je naam niet te zeggen"
KINDERTELEFOON_PHONE = "0800-0432"
REDACTED = "[afgeschermd]"

# Plain Dutch (B1) for the adults, simpler still for a child.
INTROS = {
    "professional": "Dit is het volledige plan, met geheime adressen en notities voor de "
    "hulpverlener. Geef dit exemplaar niet aan het gezin.",
    "gezin": "In dit plan staat wat we samen hebben afgesproken, zodat iedereen thuis veilig is. "
    "Lees het goed door. Heeft u een vraag? Bel dan de regisseur.",
    "persoon": "Dit is uw eigen exemplaar van het veiligheidsplan. Hierin staat wat we samen "
    "hebben afgesproken. Heeft u een vraag? Bel dan de regisseur.",
    "beperkt": "Dit is uw eigen exemplaar van het veiligheidsplan. Hierin staan uw afspraken, "
    "wat u doet als het misgaat en wie u kunt bellen.",
    "kind": "Dit is jouw eigen stukje van het veiligheidsplan. Je mag het altijd laten zien "
    "aan een grote mens die je vertrouwt, zoals je juf of meester.",
}

ROLE_LABELS: dict[str, str] = {
    Role.SLACHTOFFER: "slachtoffer",
    Role.PLEGER: "pleger",
    Role.KIND: "kind",
    Role.GETUIGE: "getuige",
    Role.OUDER: "ouder/verzorger",
    Role.MANTELZORGER: "mantelzorger",
}
KIND_LABELS = {
    PartyKind.MEMBER: "gezinslid",
    PartyKind.NETWORK: "netwerk",
    PartyKind.PROFESSIONAL: "hulpverlener",
}
REVIEW_LABELS = {"met": "nagekomen", "deels": "deels nagekomen", "niet": "niet nagekomen"}


class AudienceKind(enum.StrEnum):
    PROFESSIONAL = "professional"
    GEZIN = "gezin"
    PERSOON = "persoon"


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    person_id: int | None = None

    @classmethod
    def parse(cls, text: str) -> Audience:
        """``professional``, ``gezin`` or ``persoon:<id>`` (the command line's ``--audience``)."""
        kind, _, rest = text.strip().partition(":")
        if kind == AudienceKind.PERSOON and rest.strip().isdigit():
            return cls(AudienceKind.PERSOON, int(rest))
        if kind in (AudienceKind.PROFESSIONAL, AudienceKind.GEZIN) and not rest:
            return cls(AudienceKind(kind))
        raise ValidationError("unknown_audience", audience=text)

    def __str__(self) -> str:
        return f"persoon:{self.person_id}" if self.person_id is not None else self.kind.value


# --- the print model: plain strings only, already redacted for its audience --------------------


@dataclass(frozen=True)
class PrintLine:
    label: str
    value: str


@dataclass(frozen=True)
class PrintContact:
    name: str
    detail: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PrintAgreement:
    what: str
    who: str
    by_when: str
    supervisor: str


@dataclass(frozen=True)
class PrintGoal:
    text: str
    agreements: tuple[PrintAgreement, ...]


@dataclass(frozen=True)
class PrintCondition:
    text: str
    set_by: str
    review: str = ""


@dataclass(frozen=True)
class PrintChild:
    name: str
    about: str
    if_unsafe: tuple[str, ...]
    trusted_adults: tuple[str, ...]


@dataclass(frozen=True)
class PrintPlan:
    """One audience's plan. Every tuple left empty is a section that is not printed."""

    audience: str
    audience_line: str
    voice: str  # "wij" (professional, gezin), "u" (one adult), "jij" (one child)
    version: int
    status_line: str
    footer: str
    intro: str
    summary: tuple[PrintLine, ...] = ()
    emergency: tuple[PrintLine, ...] = ()
    participants: tuple[PrintContact, ...] = ()
    conditions: tuple[PrintCondition, ...] = ()
    goals: tuple[PrintGoal, ...] = ()
    warning_signs: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    safe_places: tuple[PrintContact, ...] = ()
    safe_people: tuple[PrintContact, ...] = ()
    children: tuple[PrintChild, ...] = ()
    evaluation: tuple[PrintLine, ...] = ()
    signatures: tuple[PrintLine, ...] = ()
    professional_notes: tuple[str, ...] = ()


_ALL_SECTIONS = frozenset(
    f.name
    for f in dataclasses.fields(PrintPlan)
    if f.name
    not in {"audience", "audience_line", "voice", "version", "status_line", "footer", "intro"}
)
ALLOWED_SECTIONS: dict[str, frozenset[str]] = {
    "professional": _ALL_SECTIONS,
    "gezin": _ALL_SECTIONS - {"professional_notes"},
    "persoon": _ALL_SECTIONS - {"professional_notes"},
    "persoon-kind": frozenset({"summary", "emergency", "children"}),
    "persoon-beperkt": frozenset({"summary", "emergency", "goals", "steps", "signatures"}),
}


def enforce_allow_list(model: PrintPlan, profile: str) -> PrintPlan:
    """Second lock on the door: a projection that filled a section its profile may not have is a
    programming error, and nothing gets printed."""
    allowed = ALLOWED_SECTIONS[profile]
    leaked = sorted(s for s in _ALL_SECTIONS - allowed if getattr(model, s))
    if leaked:
        raise RuntimeError(f"print model for {profile!r} holds sections {leaked}")
    return model


# --- redaction of free text -------------------------------------------------------------------

_POSTCODE = re.compile(r"\b\d{4}\s?[A-Za-z]{2}\b")
_PHONE = re.compile(r"(?<!\w)(?:\+31|0)[\d \-]{7,14}\d")


class Redactor:
    """Blanks restricted values in free text. ``strict`` (a pleger's copy) also blanks anything
    that looks like a postcode or a phone number, except the numbers printed on purpose."""

    def __init__(
        self, values: Iterable[str] = (), *, strict: bool = False, keep_phones: Iterable[str] = ()
    ) -> None:
        self._patterns = [
            self._pattern(v)
            for v in sorted(set(values), key=len, reverse=True)
            if len(v.strip()) >= 3
        ]
        self._strict = strict
        self._keep = {digits(p) for p in keep_phones}

    @staticmethod
    def _pattern(value: str) -> re.Pattern[str]:
        if re.fullmatch(r"[\d\s\-+()]+", value):  # a phone number: match with any spacing
            return re.compile(r"[\s\-]?".join(re.escape(d) for d in digits(value)))
        parts = [re.escape(p) for p in value.split()]
        return re.compile(r"\s*".join(parts) if len(parts) > 1 else parts[0], re.IGNORECASE)

    def __call__(self, text: str) -> str:
        for pattern in self._patterns:
            text = pattern.sub(REDACTED, text)
        if self._strict:
            text = _POSTCODE.sub(REDACTED, text)
            text = _PHONE.sub(
                lambda m: m.group(0) if digits(m.group(0)) in self._keep else REDACTED, text
            )
        return text


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def contact_values(contact: ContactDetails) -> list[str]:
    return [contact.address, contact.postcode, contact.city, contact.phone]
