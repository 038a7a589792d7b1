"""The case file's core entities (DOMAIN.md vocabulary). Plain frozen dataclasses: storage builds
them, services return them, the UI reads them. Nothing here touches a database or a screen."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class Phase(enum.StrEnum):
    """Phases of gefaseerde ketenzorg (004:1471-1474, 003:613-615), in order."""

    DIRECTE_VEILIGHEID = "directe_veiligheid"
    STABIELE_VEILIGHEID = "stabiele_veiligheid"
    HERSTEL = "herstel"
    NAZORG = "nazorg"


class HouseholdStatus(enum.StrEnum):
    OPEN = "open"
    GESLOTEN = "gesloten"


class Role(enum.StrEnum):
    SLACHTOFFER = "slachtoffer"
    PLEGER = "pleger"
    KIND = "kind"
    GETUIGE = "getuige"
    OUDER = "ouder_verzorger"
    MANTELZORGER = "mantelzorger"


class Certainty(enum.StrEnum):
    """Role certainty: a suspicion is not a fact (002:260)."""

    VERMOEDEN = "vermoeden"
    BEVESTIGD = "bevestigd"


class RelationshipKind(enum.StrEnum):
    PARTNER = "partner"
    EX_PARTNER = "ex_partner"
    OUDER_KIND = "ouder_kind"
    STIEFOUDER = "stiefouder"
    BROER_ZUS = "broer_zus"
    GROOTOUDER = "grootouder"
    HUISVRIEND = "huisvriend"
    MANTELZORGER = "mantelzorger"


class NetworkStance(enum.StrEnum):
    """An informal network member can help or threaten (002:258, 002:543)."""

    VEILIG_GENOEG = "veilig_genoeg"
    BEDREIGEND = "bedreigend"


class ViolenceForm(enum.StrEnum):
    """Forms of violence (002:950-968, 004 §5.3)."""

    LICHAMELIJK = "lichamelijk"
    PSYCHISCH = "psychisch"
    SEKSUEEL = "seksueel"
    BEDREIGING = "bedreiging"
    VERWAARLOZING = "verwaarlozing"
    GETUIGE_PARTNERGEWELD = "getuige_partnergeweld"
    PARTNERGEWELD = "partnergeweld"
    STALKING = "stalking"
    OUDERENMISHANDELING = "ouderenmishandeling"
    GEWELD_TEGEN_OUDERS = "geweld_tegen_ouders"
    EERGERELATEERD = "eergerelateerd"
    HUWELIJKSDWANG = "huwelijksdwang"
    VGV = "vrouwelijke_genitale_verminking"
    OVERIG = "overig"


class Severity(enum.StrEnum):
    LICHT = "licht"
    ERNSTIG = "ernstig"
    ZEER_ERNSTIG = "zeer_ernstig"


class JournalKind(enum.StrEnum):
    HUISBEZOEK = "huisbezoek"
    TELEFOON = "telefoon"
    CASUSOVERLEG = "casusoverleg"
    CONSULTATIE_VT = "consultatie_vt"
    NOTITIE = "notitie"


@dataclass(frozen=True)
class PersonRole:
    role: Role
    certainty: Certainty = Certainty.BEVESTIGD


@dataclass(frozen=True)
class Person:
    id: int
    household_id: int
    given_name: str
    family_name: str
    birth_date: date | None = None
    roles: tuple[PersonRole, ...] = ()
    lives_in_household: bool = True
    address: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    secret_address: bool = False
    note: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def has_role(self, role: Role) -> bool:
        return any(r.role is role for r in self.roles)

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def is_child_on(self, day: date) -> bool:
        age = self.age_on(day)
        return self.has_role(Role.KIND) or (age is not None and age < 18)


@dataclass(frozen=True)
class Relationship:
    id: int
    household_id: int
    person_a_id: int
    person_b_id: int
    kind: RelationshipKind
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class NetworkMember:
    id: int
    household_id: int
    name: str
    relation: str
    stance: NetworkStance
    phone: str = ""
    address: str = ""
    secret_address: bool = False
    note: str = ""


@dataclass(frozen=True)
class Professional:
    id: int
    name: str
    organisation: str
    function: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Involvement:
    """A professional's involvement in one household; ``is_regisseur`` marks case direction."""

    id: int
    household_id: int
    professional_id: int
    role: str
    is_regisseur: bool
    start: date
    end: date | None = None
    end_reason: str = ""

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)


@dataclass(frozen=True)
class Incident:
    id: int
    household_id: int
    occurred_on: date
    forms: tuple[ViolenceForm, ...]
    severity: Severity
    victim_ids: tuple[int, ...] = ()
    perpetrator_ids: tuple[int, ...] = ()
    children_present: bool = False
    police_involved: bool = False
    police_report: bool = False
    description: str = ""


@dataclass(frozen=True)
class JournalEntry:
    id: int
    household_id: int
    kind: JournalKind
    occurred_at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class PhaseChange:
    id: int
    household_id: int
    from_phase: Phase | None
    to_phase: Phase
    changed_on: date
    author: str
    reason: str


class PlanStatus(enum.StrEnum):
    OPEN = "open"
    BEZIG = "bezig"
    GEDAAN = "gedaan"
    VERVALLEN = "vervallen"


@dataclass(frozen=True)
class PlanAction:
    """One step towards a goal: what, who, by when, and how far it is."""

    id: int
    goal_id: int
    what: str
    who: str
    due: date | None
    status: PlanStatus = PlanStatus.OPEN


@dataclass(frozen=True)
class PlanGoal:
    """A goal of the one plan van aanpak, for one person or (person_id None) the whole system."""

    id: int
    household_id: int
    phase: Phase
    person_id: int | None
    text: str
    status: PlanStatus = PlanStatus.OPEN
    actions: tuple[PlanAction, ...] = ()


@dataclass(frozen=True)
class ChildOffer:
    """Rule 8 (002:334, 002:558): a targeted offer for a child victim or witness, or the recorded
    decision why there is none (``no_offer_reason``)."""

    id: int
    household_id: int
    person_id: int
    description: str
    provider: str = ""
    start: date | None = None
    no_offer_reason: str = ""

    @property
    def is_offer(self) -> bool:
        return not self.no_offer_reason


@dataclass(frozen=True)
class Household:
    id: int
    name: str
    status: HouseholdStatus
    phase: Phase
    opened_on: date
    from_vt: bool = False
    vt_case_number: str = ""
    vt_handover_date: date | None = None
    closed_on: date | None = None
    closing_reason: str = ""
    next_action: str = ""
    next_action_on: date | None = None  # schema 4: when, for Vandaag
    next_action_by: str = ""  # and who


@dataclass(frozen=True)
class HouseholdFile:
    """Everything about one household that the file screen, `show` and the rules need."""

    household: Household
    persons: tuple[Person, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    network: tuple[NetworkMember, ...] = ()
    involvements: tuple[Involvement, ...] = ()
    professionals: tuple[Professional, ...] = ()
    incidents: tuple[Incident, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    phase_history: tuple[PhaseChange, ...] = field(default=())
    goals: tuple[PlanGoal, ...] = ()
    child_offers: tuple[ChildOffer, ...] = ()

    def person(self, person_id: int) -> Person | None:
        return next((p for p in self.persons if p.id == person_id), None)

    def offers_for(self, person_id: int) -> list[ChildOffer]:
        return [o for o in self.child_offers if o.person_id == person_id]

    def professional(self, professional_id: int) -> Professional | None:
        return next((p for p in self.professionals if p.id == professional_id), None)

    def active_regisseurs(self, day: date) -> list[Involvement]:
        return [i for i in self.involvements if i.is_regisseur and i.active_on(day)]

    def regisseur_changes(self) -> int:
        """How often case direction passed to someone else (003:624-627)."""
        return max(0, sum(1 for i in self.involvements if i.is_regisseur) - 1)


@dataclass(frozen=True)
class CaseSummary:
    """One dashboard row: what the caseload shows per household, read in one query."""

    household_id: int
    name: str
    status: HouseholdStatus
    phase: Phase
    opened_on: date
    regisseur: str
    active_regisseurs: int
    next_action: str
    last_incident: date | None
    from_vt: bool
    vt_handover_date: date | None
    closed_on: date | None
    closing_reason: str
    member_names: str
