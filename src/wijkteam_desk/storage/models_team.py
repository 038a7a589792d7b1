"""Tables of the team (schema step 0007): this laptop's membership, the roster's members as
names for the screens, the ledger of the team folder, what the team knows per household, the
audit lines of colleagues' households, and late changes kept for review (docs/team-sync.md,
services/team*.py).

None of these travel: they are this laptop's knowledge of the team (``household_doc.LOCAL``).

Columns that hold ids of other rows (team sync and ``renumber`` must know them):
- ``team_household.household_id`` and ``team_review.household_id``: a household id *without* a
  foreign key, on purpose — the team's knowledge of a household outlives its rows here (a
  withdrawn household keeps its version, so an older copy never comes back; a late change
  waits for review while the household is re-applied). Both listed in ``id_refs.INT_REFS``.
- ``team_household.pen`` (JSON): signed pen transfers, each naming the household id.
- ``team_review.document`` (JSON): a whole household document (every row id of the household).
- ``team_audit.line`` (JSON): an audit line of a colleague's laptop, with its household id and
  object id as that laptop wrote them.
- ``team_membership.chain`` (JSON): the roster chain; member ids and id blocks, no row ids.
- ``team_notice.household_id`` (no FK, in ``id_refs.INT_REFS``) and ``team_notice.notice``
  (JSON): a takeover notice this laptop wrote, naming the household id.
Team state is made only once a vault is in a team, after ``renumber`` moved its rows, so the
move never meets these columns.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

MEMBERSHIP_ID = 1  # one laptop is in one team


class IdMarkRow(Base):
    """The highest id of this laptop's block a table ever held (rows that left this laptop)."""

    __tablename__ = "id_mark"
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)


class TeamMembershipRow(Base):
    """This laptop's membership (one row): the team, who we are in it, the verified roster
    chain, the folder, and where our numbering and the last sync stand."""

    __tablename__ = "team_membership"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64))
    team_name: Mapped[str] = mapped_column(String(100))
    member_id: Mapped[str] = mapped_column(String(64))
    # The teamleider fingerprint this laptop trusted when it joined (its own when it created).
    anchor: Mapped[str] = mapped_column(String(64))
    chain: Mapped[str] = mapped_column(Text)  # RosterChain.to_json, verified before stored
    roster_version: Mapped[int] = mapped_column(Integer)
    folder: Mapped[str] = mapped_column(Text)  # the team folder on this laptop (no personal data)
    next_sequence: Mapped[int] = mapped_column(Integer)
    joined_at: Mapped[datetime] = mapped_column(DateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_sync: Mapped[str] = mapped_column(Text, default="{}")  # counts and codes, no content
    compacted_version: Mapped[int] = mapped_column(Integer, default=0)  # roster version
    compacted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    roster_published: Mapped[int] = mapped_column(Integer, default=0)  # highest version we wrote


class TeamMemberRow(Base):
    """Every member the roster chain ever listed, for names on screens and in messages
    (``current`` false: left the team). Rewritten whenever the chain grows."""

    __tablename__ = "team_member"
    member_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    fingerprint: Mapped[str] = mapped_column(String(64))
    id_block: Mapped[int] = mapped_column(Integer)
    current: Mapped[bool] = mapped_column(Boolean)


class TeamAuthorRow(Base):
    """The ledger, per author (team/ledger.py ``AuthorState``): what this laptop accepted from
    the author's subfolder, and the highest of our sequences the author says it read."""

    __tablename__ = "team_author"
    member_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    floor: Mapped[int] = mapped_column(Integer)
    highest: Mapped[int] = mapped_column(Integer)
    last_seen: Mapped[str] = mapped_column(String(20), default="")
    seen: Mapped[str] = mapped_column(Text, default="{}")  # sequence → sha256
    hints: Mapped[str] = mapped_column(Text, default="{}")  # sequence → [size, mtime_ns]
    rosters: Mapped[str] = mapped_column(Text, default="[]")
    acked_me: Mapped[int] = mapped_column(Integer, default=0)


class TeamRefusalRow(Base):
    """A file in the folder that was refused, by its name, so it is logged once."""

    __tablename__ = "team_refusal"
    label: Mapped[str] = mapped_column(String(400), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(40))


class TeamHouseholdRow(Base):
    """What the team knows of one household: who created it and who holds the pen (with the
    signed history that proves it), its version, whether it is afgeschermd or withdrawn, what
    this laptop last published of it, and when a colleague's version last arrived."""

    __tablename__ = "team_household"
    household_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no FK: see module
    creator: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    dossierhouder: Mapped[str] = mapped_column(String(64))
    pen: Mapped[str] = mapped_column(Text, default="[]")  # every known transfer, merged
    afgeschermd: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    published_version: Mapped[int] = mapped_column(Integer, default=0)
    published_sequence: Mapped[int] = mapped_column(Integer, default=0)
    # A handover this laptop wrote: the colleague, and the version that gave the pen.
    handover_to: Mapped[str] = mapped_column(String(64), default="")
    handover_version: Mapped[int] = mapped_column(Integer, default=0)
    # A handover to us that we took, until our next version is published.
    taken_from: Mapped[str] = mapped_column(String(64), default="")
    received_from: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Per table, the digest of the rows of the version last applied here (household_doc
    # ``table_digests``); emptied by any change made here. Lets the next version skip the
    # tables it did not change.
    digests: Mapped[str] = mapped_column(Text, default="{}")
    # Afgeschermd from now on (issue 17): the version of the ``withdrawn`` document that must
    # first tell the whole team to drop its copy (0: nothing to withdraw).
    withdraw_pending: Mapped[int] = mapped_column(Integer, default=0)
    # The file that carried it, kept by compaction until every colleague has read it.
    withdraw_sequence: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_team_household_holder", "dossierhouder"),)


class TeamAuditRow(Base):
    """An audit line about a household, written on another laptop (NEN 7513: who saw or changed
    the file, when, in which role, on which laptop). Arrives with the household's document."""

    __tablename__ = "team_audit"
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"),
                                              primary_key=True)
    # The member id of the laptop that wrote it, and the line's hash in that laptop's chain:
    # together they name one line wherever it travels.
    origin: Mapped[str] = mapped_column(String(64), primary_key=True)
    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    line: Mapped[str] = mapped_column(Text)  # the line's fields, JSON
    __table_args__ = (Index("ix_team_audit_household", "household_id", "at"),)


class TeamReviewRow(Base):
    """A household document kept for a person to decide (``late_change``: the old
    dossierhouder's change made without having seen a takeover). Never applied by itself,
    never dropped by itself; issue 17's review screen decides (``status``)."""

    __tablename__ = "team_review"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(Integer)  # no FK: see module
    author: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(40))
    document: Mapped[str] = mapped_column(Text)  # the whole HouseholdDocument, JSON
    label: Mapped[str] = mapped_column(String(400))  # the file it came in
    received_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="open")
    __table_args__ = (Index("ix_team_review_household", "household_id", "author", "version",
                            unique=True),)


class TeamNoticeRow(Base):
    """A takeover notice this laptop wrote as teamleider (``team reassign``): published at the
    next sync, and kept in our subfolder while it is in force (until the new dossierhouder's
    own version is known here), so a laptop that was away still learns of the takeover."""

    __tablename__ = "team_notice"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(Integer)  # no FK: see module
    to_member: Mapped[str] = mapped_column(String(64))
    base_version: Mapped[int] = mapped_column(Integer)
    notice: Mapped[str] = mapped_column(Text)  # ReassignNotice.to_json, JSON
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # 0: not in the folder yet
