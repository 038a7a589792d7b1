"""Tables of schema 2: VT conditions, safety plans, checklists, safety scores, monitoring and the
exchange with Veilig Thuis. Nested, versioned documents (a safety-plan version, a checklist run's
answers, a monitoring form) are stored as JSON text inside the encrypted database; what the rules
and lists query on stays in columns."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SafetyConditionRow(Base):
    """A veiligheidsvoorwaarde set by Veilig Thuis (by hand or from an overdracht)."""

    __tablename__ = "safety_condition"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(200), default="")
    set_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    external_id: Mapped[str] = mapped_column(String(100), default="")  # VT's id, for updates
    import_snapshot: Mapped[str] = mapped_column(Text, default="")  # last imported values (JSON)
    goal_ids: Mapped[str] = mapped_column(Text, default="")  # linked plan goals, comma-separated
    # schema 6: VT withdrew the voorwaarde (it stays, marked, for the file's history)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    __table_args__ = (Index("ix_condition_household", "household_id"),)


class ConditionReviewRow(Base):
    """Status of a condition at one review: met / deels / niet."""

    __tablename__ = "condition_review"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    condition_id: Mapped[int] = mapped_column(
        ForeignKey("safety_condition.id", ondelete="CASCADE"))
    reviewed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    monitoring_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    __table_args__ = (Index("ix_review_condition", "condition_id"),)


class SafetyPlanRow(Base):
    """One version of the veiligheidsplan; ``document`` is the whole version as JSON."""

    __tablename__ = "safety_plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    evaluation_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    fixed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    document: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (Index("ix_plan_household", "household_id", "version", unique=True),
                      # covers the caseload's plan facts without reading the documents
                      Index("ix_plan_status", "household_id", "status", "fixed_on",
                            "evaluation_on"))


class ChecklistRunRow(Base):
    __tablename__ = "checklist_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    template_id: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    outcome: Mapped[str] = mapped_column(String(100), default="")
    document: Mapped[str] = mapped_column(Text)  # answers, outcome reason, facts (JSON)
    __table_args__ = (Index("ix_run_household", "household_id", "template_id", "completed_at"),)


class SafetyScoreRow(Base):
    """Veiligheidsschaal: 0-10 for one person at one moment, and who gave the score."""

    __tablename__ = "safety_score"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    scored_on: Mapped[date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(Integer)
    scored_by: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    monitoring_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    __table_args__ = (Index("ix_score_household", "household_id", "scored_on"),)


class MonitoringMomentRow(Base):
    """A follow-up moment (3 and 12 months after the anchor, or extra by hand)."""

    __tablename__ = "monitoring_moment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    offset_months: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: extra
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    completed_by: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(40), default="")
    document: Mapped[str] = mapped_column(Text, default="{}")  # the form's answers (JSON)
    __table_args__ = (Index("ix_moment_household", "household_id", "due_on"),
                      Index("ix_moment_due", "status", "due_on"))


class ExchangeKeyRow(Base):
    """The team's own key pair (secrets stay inside the encrypted vault) and trusted VT keys."""

    __tablename__ = "exchange_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    own: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(200), default="")
    signing_key_id: Mapped[str] = mapped_column(String(32), unique=True)
    signing_public: Mapped[str] = mapped_column(Text)
    encryption_recipient: Mapped[str] = mapped_column(String(200))
    secret: Mapped[str] = mapped_column(Text, default="")  # own key only: signing seed + age id
    added_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # schema 6: a key that replaced another continues its sequence numbers from here
    sequence_floor: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ExchangePackageRow(Base):
    """Every package in or out, with its status: the exchange log."""

    __tablename__ = "exchange_package"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(8))  # in / out
    kind: Mapped[str] = mapped_column(String(40))
    peer_key_id: Mapped[str] = mapped_column(String(32), default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    payload_sha256: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(100), default="")
    household_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(DateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    __table_args__ = (Index("ix_package_id", "package_id", "direction"),)


class ImportConflictRow(Base):
    """An incoming value that differs from a value changed here since the last import."""

    __tablename__ = "import_conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(60))
    local_value: Mapped[str] = mapped_column(Text)
    incoming_value: Mapped[str] = mapped_column(Text)
    package_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))  # open / lokaal / inkomend
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class CaseloadEntryRow(Base):
    """Schema 3: per household, the facts the dashboard and the rules read, as JSON that holds on
    any day (storage/caseload.py). Rewritten in the transaction of every change to the household,
    so the caseload is one small read instead of a scan of every journal entry and checklist."""

    __tablename__ = "caseload_entry"
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True)
    facts_version: Mapped[int] = mapped_column(Integer)
    facts: Mapped[str] = mapped_column(Text)
