"""Who may read what on a printed veiligheidsplan (DOMAIN.md rule 10 and "The veiligheidsplan",
security requirement S17).

The printer never sees a ``SafetyPlan``. ``project_plan`` builds a separate ``PrintPlan`` for one
audience, copying field by field only what that audience is allowed to read (an allow-list), and
the renderer draws only that. So a field nobody thought about (a new phone number, a shelter)
cannot reach paper by accident: it has to be copied here, on purpose, per audience.

**A copy is redacted for the strictest of its readers.** ``copy_rule`` is the one place that
decides, from who reads or signs a copy, which profile of ``ALLOWED_SECTIONS`` it gets, and says
so in words (who reads it, what is left out, and why) for the print dialog:
- ``professional``: everything, secret addresses marked as such, plus professional-only notes.
- ``gezin``: read by everyone in the house, every member taking part in the plan and everyone who
  signs it. No secret addresses or phones ("geheim adres, bekend bij de hulpverlener"), no secret
  shelter's name, no professional notes, no contact details of household members, and only the
  steps meant for everyone (a step for one person may say where that person goes).
- ``gezin-beperkt``: the family copy when a pleger (bevestigd or vermoeden) or a threatening
  network member is among those readers: as his own copy, no safe places or shelter, no safe
  people, no children's sections (they say where a child goes), no contact details but the
  emergency numbers. The consultant may instead leave him off the family copy
  (``gezin-zonder:<id>``): he then gets his own copy and does not sign the family's.
- ``persoon:<id>``: one person's copy. A pleger (or a threatening network member) gets only
  their own agreements, the steps meant for everyone or for them, and the emergency numbers
  (``persoon-beperkt``). A child gets their own section and the emergency numbers
  (``persoon-kind``). Anyone else gets the family copy under their own name, with their own
  steps added (``persoon``).
Who is a pleger is read from the household as it is today (``Reader``) as well as from the plan:
a role confirmed or suspected after the plan was made counts, erring on the safe side.
Free text on restricted copies also goes through ``Redactor``: restricted values typed into a
goal or a step (an address, a postcode, a phone number, a safe place) are blanked too.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wijkteam_desk.domain.errors import ValidationError
from wijkteam_desk.domain.model import Role
from wijkteam_desk.domain.safety_plan import ContactDetails, PartyKind, PartyRef, SafetyPlan

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
    "Lees het goed door. Heb je een vraag? Bel dan de regisseur.",
    # Neutral on paper: the copy never says who made it stricter, or why.
    "gezin-beperkt": "In dit plan staat wat we samen hebben afgesproken, zodat iedereen thuis "
    "veilig is. Waar iemand naartoe kan en hoe je iemand bereikt, staat niet in dit exemplaar: "
    "dat bespreekt de hulpverlener met ieder apart. Heb je een vraag? Bel dan de regisseur.",
    "persoon": "Dit is jouw eigen exemplaar van het veiligheidsplan. Hierin staat wat we samen "
    "hebben afgesproken. Heb je een vraag? Bel dan de regisseur.",
    "beperkt": "Dit is jouw eigen exemplaar van het veiligheidsplan. Hierin staan jouw afspraken, "
    "wat je doet als het misgaat en wie je kunt bellen.",
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


LEFT_OFF = "gezin-zonder"


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    person_id: int | None = None
    left_off: tuple[int, ...] = ()  # gezin only: members left off this copy (they get their own)

    @classmethod
    def parse(cls, text: str) -> Audience:
        """``professional``, ``gezin``, ``gezin-zonder:<id>[,<id>…]`` or ``persoon:<id>`` (the
        command line's ``--audience``)."""
        kind, _, rest = text.strip().partition(":")
        if kind == AudienceKind.PERSOON and rest.strip().isdigit():
            return cls(AudienceKind.PERSOON, int(rest))
        if kind in (AudienceKind.PROFESSIONAL, AudienceKind.GEZIN) and not rest:
            return cls(AudienceKind(kind))
        ids = [x.strip() for x in rest.split(",")]
        if kind == LEFT_OFF and all(x.isdigit() for x in ids):
            return cls(AudienceKind.GEZIN, left_off=tuple(sorted({int(x) for x in ids})))
        raise ValidationError("unknown_audience", audience=text)

    def __str__(self) -> str:
        if self.person_id is not None:
            return f"persoon:{self.person_id}"
        if self.left_off:
            return f"{LEFT_OFF}:{','.join(str(i) for i in self.left_off)}"
        return self.kind.value


# --- the rule: a copy is redacted for the strictest of its readers -----------------------------


@dataclass(frozen=True)
class Reader:
    """Someone of the household as they are today (the plan may be older): their roles, stance
    and whether they live in the house, where the family copy will lie on the table."""

    party: PartyRef
    lives_in: bool = False


@dataclass(frozen=True)
class CopyRule:
    """What one copy is: who reads or signs it, the allow-list profile that follows from the
    strictest of them, what that leaves out (Dutch, for the print dialog) and why."""

    audience: Audience
    profile: str
    readers: tuple[PartyRef, ...] = ()
    strictest: tuple[PartyRef, ...] = ()  # the readers who make the copy restricted
    left_off: tuple[PartyRef, ...] = ()
    left_out: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        return self.profile.endswith("beperkt")


# What each profile leaves out, in the words of the print dialog.
_FAMILY_LEFT_OUT = (
    "geheime adressen en hun telefoonnummers",
    "de naam van een geheime opvang",
    "adressen en telefoonnummers van gezinsleden",
    "stappen voor één persoon (waar iemand naartoe gaat)",
    "notities voor de hulpverlener",
)
LEFT_OUT: dict[str, tuple[str, ...]] = {
    "professional": (),
    "gezin": _FAMILY_LEFT_OUT,
    "persoon": (*_FAMILY_LEFT_OUT[:3], "stappen voor anderen", _FAMILY_LEFT_OUT[4]),
    "gezin-beperkt": (
        "veilige plekken en opvang",
        "veilige personen",
        "de delen voor de kinderen",
        "alle adressen en telefoonnummers, behalve de noodnummers en die van hulpverleners",
        "stappen voor één persoon (waar iemand naartoe gaat)",
        "notities voor de hulpverlener",
    ),
    "persoon-kind": (
        "alles behalve het eigen deel voor het kind en de noodnummers",
        "geheime adressen en telefoonnummers",
    ),
    "persoon-beperkt": (
        "afspraken van anderen en de voorwaarden van Veilig Thuis",
        "veilige plekken en opvang",
        "veilige personen",
        "de delen voor de kinderen",
        "alle adressen en telefoonnummers, behalve de noodnummers en die van hulpverleners",
        "stappen voor anderen",
        "notities voor de hulpverlener",
    ),
}


def is_strict_reader(party: PartyRef) -> bool:
    """A reader whose presence makes a copy restricted: a pleger (bevestigd or vermoeden; the
    roles given to the plan already count a suspicion) or a threatening network member."""
    return party.is_pleger or party.is_threatening


def _current(party: PartyRef, household: dict[tuple[str, int], Reader]) -> PartyRef:
    """The party as the household knows them today; the plan's own roles still count."""
    now = household.get(party.key)
    if now is None:
        return party
    roles = tuple(dict.fromkeys((*now.party.roles, *party.roles)))
    stance = now.party.stance if now.party.stance is not None else party.stance
    return dataclasses.replace(now.party, roles=roles, stance=stance)


def copy_rule(plan: SafetyPlan, audience: Audience | str,
              household: Sequence[Reader] = ()) -> CopyRule:
    """Decide one copy of ``plan``: who reads it, and so which profile it gets. ``household``
    is the household today (without it, the plan's own participants and signatures decide).
    Raises ``ValidationError('unknown_audience')`` or ``('unknown_person', person_id=...)``
    for someone who is neither in the plan nor a household member. Pure: no I/O."""
    if isinstance(audience, str):
        audience = Audience.parse(audience)
    people = {r.party.key: r for r in household}
    known = {p.key: _current(p, people) for p in plan.parties()}
    for r in household:
        known.setdefault(r.party.key, _current(r.party, people))

    def member(person_id: int) -> PartyRef:
        party = known.get((PartyKind.MEMBER.value, person_id))
        if party is None:
            raise ValidationError("unknown_person", person_id=person_id)
        return party

    if audience.kind is AudienceKind.PROFESSIONAL:
        return CopyRule(audience, "professional")
    if audience.kind is AudienceKind.PERSOON:
        person = member(audience.person_id or 0)
        profile = ("persoon-beperkt" if is_strict_reader(person)
                   else "persoon-kind" if person.is_child else "persoon")
        strict = (person,) if profile == "persoon-beperkt" else ()
        return CopyRule(audience, profile, (person,), strict, left_out=LEFT_OUT[profile])
    left_off = tuple(member(i) for i in audience.left_off)
    off = {p.key for p in left_off}
    readers: dict[tuple[str, int], PartyRef] = {}
    signers = [s.party for s in plan.signatures] or [p.party for p in plan.participants]
    candidates = [r.party for r in household if r.lives_in]
    candidates += [p.party for p in plan.participants if p.party.kind is PartyKind.MEMBER]
    candidates += [p for p in signers if p.kind is not PartyKind.PROFESSIONAL]
    for party in candidates:
        if party.key not in off:
            readers.setdefault(party.key, known.get(party.key, party))
    strict = tuple(p for p in readers.values() if is_strict_reader(p))
    profile = "gezin-beperkt" if strict else "gezin"
    return CopyRule(audience, profile, tuple(readers.values()), strict, left_off,
                    LEFT_OUT[profile])


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
    voice: str  # "wij" (professional, gezin), "je" (one adult), "jij" (one child)
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
    "gezin-beperkt": frozenset({"summary", "emergency", "participants", "conditions", "goals",
                                "warning_signs", "steps", "evaluation", "signatures"}),
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
