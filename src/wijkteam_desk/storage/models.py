"""ORM tables. Only storage/ sees these; repositories turn rows into domain objects.

The schema itself is created by the migration ladder (``migrations/``), never by
``create_all``: a test checks that the ladder's result matches ``schema.metadata`` exactly."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class MetaRow(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class HouseholdRow(Base):
    __tablename__ = "household"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    phase: Mapped[str] = mapped_column(String(40))
    opened_on: Mapped[date] = mapped_column(Date)
    from_vt: Mapped[bool] = mapped_column(Boolean, default=False)
    vt_case_number: Mapped[str] = mapped_column(String(64), default="")
    vt_handover_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closing_reason: Mapped[str] = mapped_column(Text, default="")
    next_action: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # schema 4: when the next action is due, and who does it (Vandaag)
    next_action_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_action_by: Mapped[str] = mapped_column(String(200), default="", server_default="")


class PersonRow(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    lives_in_household: Mapped[bool] = mapped_column(Boolean, default=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    secret_address: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    # schema 2: VT's id of the person and the values of the last import (conflict detection)
    external_id: Mapped[str] = mapped_column(String(100), default="", server_default="")
    import_snapshot: Mapped[str] = mapped_column(Text, default="", server_default="")
    __table_args__ = (Index("ix_person_household", "household_id"),)


class PersonRoleRow(Base):
    __tablename__ = "person_role"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(40), primary_key=True)
    certainty: Mapped[str] = mapped_column(String(20))


class RelationshipRow(Base):
    __tablename__ = "relationship"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    person_a_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    start: Mapped[date | None] = mapped_column(Date, nullable=True)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)
    __table_args__ = (Index("ix_relationship_household", "household_id"),)


class NetworkMemberRow(Base):
    __tablename__ = "network_member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(200), default="")
    stance: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    secret_address: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_network_household", "household_id"),)


class ProfessionalRow(Base):
    __tablename__ = "professional"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class InvolvementRow(Base):
    __tablename__ = "involvement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    professional_id: Mapped[int] = mapped_column(ForeignKey("professional.id"))
    role: Mapped[str] = mapped_column(String(200), default="")
    is_regisseur: Mapped[bool] = mapped_column(Boolean, default=False)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_involvement_household", "household_id"),)


class IncidentRow(Base):
    __tablename__ = "incident"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    occurred_on: Mapped[date] = mapped_column(Date)
    forms: Mapped[str] = mapped_column(Text)  # comma-separated ViolenceForm values
    severity: Mapped[str] = mapped_column(String(20))
    victim_ids: Mapped[str] = mapped_column(Text, default="")
    perpetrator_ids: Mapped[str] = mapped_column(Text, default="")
    children_present: Mapped[bool] = mapped_column(Boolean, default=False)
    police_involved: Mapped[bool] = mapped_column(Boolean, default=False)
    police_report: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_incident_household", "household_id", "occurred_on"),)


class JournalRow(Base):
    __tablename__ = "journal_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_journal_household", "household_id", "occurred_at"),
                      # schema 2: the rules read the latest entry per kind without the texts
                      Index("ix_journal_kind", "household_id", "kind", "occurred_at"))


class PhaseChangeRow(Base):
    __tablename__ = "phase_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    from_phase: Mapped[str | None] = mapped_column(String(40), nullable=True)
    to_phase: Mapped[str] = mapped_column(String(40))
    changed_on: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_phase_household", "household_id"),)


class PlanGoalRow(Base):
    __tablename__ = "plan_goal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    __table_args__ = (Index("ix_goal_household", "household_id"),)


class PlanActionRow(Base):
    __tablename__ = "plan_action"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goal.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    __table_args__ = (Index("ix_action_goal", "goal_id"),)


class ChildOfferRow(Base):
    __tablename__ = "child_offer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[str] = mapped_column(String(200), default="")
    start: Mapped[date | None] = mapped_column(Date, nullable=True)
    no_offer_reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_offer_household", "household_id"),)


class DraftRow(Base):
    """An edit in progress (a note being typed, a form half filled), kept so it survives a crash."""

    __tablename__ = "draft"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    household_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    """Append-only (triggers refuse UPDATE and DELETE) and hash-chained (``audit.py``)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    device: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[str] = mapped_column(String(60), default="")
    household_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    result: Mapped[str] = mapped_column(String(20), default="ok")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # schema 4: the actor's role and member id (the profile); '' on lines written before
    actor_role: Mapped[str] = mapped_column(String(40), default="", server_default="")
    actor_id: Mapped[str] = mapped_column(String(64), default="", server_default="")
    __table_args__ = (Index("ix_audit_household", "household_id"),)
