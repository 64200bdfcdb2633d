"""Tables. Unique and check constraints encode the invariants the code relies on.

Every row belongs to a workspace (a Slack team) directly or through its person, so a
request from one workspace can never reach another's data. Times are stored in UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

CADENCE_DAYS = {"monthly": 30, "quarterly": 90, "six_monthly": 182, "yearly": 365}
HORIZONS = ("short", "medium", "long")
CONVERSATION_KINDS = ("manager", "mentor", "peer", "informal")
FOLLOW_UPS = ("one_on_ones", "monthly", "none")
DELIVERY_STATES = ("pending", "leased", "sent", "dead", "unknown")
PAIR_CHECK = (
    "pair_low < pair_high AND ((pair_low = employee_id AND pair_high = partner_id) "
    "OR (pair_low = partner_id AND pair_high = employee_id))"
)


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class Workspace(SQLModel, table=True):
    """A Slack team that installed the bot, with its organisation-wide settings."""

    id: int | None = Field(default=None, primary_key=True)
    slack_team_id: str = Field(max_length=32, unique=True)
    name: str | None = Field(default=None, max_length=255)
    bot_user_id: str | None = Field(default=None, max_length=32)
    default_cadence_days: int = 90
    quiet_hours_start: int = 18
    quiet_hours_end: int = 9
    digest_weekday: int = 0
    digest_hour: int = 9
    min_group_size: int = 3
    weekly_nudge_cap: int = 3
    # Conversations held longer ago than this are purged by the retention sweep; None keeps all.
    retention_months: int | None = None
    # Set from a 429's Retry-After: the outbox sends nothing to this workspace until then.
    sending_paused_until: datetime | None = None
    installed_at: datetime
    uninstalled_at: datetime | None = None

    __table_args__ = (
        CheckConstraint("default_cadence_days > 0", name="ck_workspace_cadence_positive"),
        CheckConstraint("min_group_size >= 1", name="ck_workspace_min_group"),
        CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="ck_workspace_digest_weekday"),
        CheckConstraint(
            "retention_months IS NULL OR retention_months > 0", name="ck_workspace_retention"
        ),
    )


class Team(SQLModel, table=True):
    """An organisational team: a lead and the channel that gets its weekly digest."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=120)
    # Team and person point at each other; the constraint is added after both tables exist.
    lead_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", use_alter=True, name="fk_team_lead")),
    )
    digest_channel: str | None = Field(default=None, max_length=32)

    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_team_workspace_name"),)


class Person(SQLModel, table=True):
    """Someone in a workspace: an employee, a manager, a mentor, or all of these."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    slack_user_id: str = Field(max_length=32)
    email: str | None = Field(default=None, max_length=320)
    tz: str | None = Field(default=None, max_length=64)
    tz_override: str | None = Field(default=None, max_length=64)
    # When `tz` was last read from Slack's users.info; the cache is refreshed after a while.
    tz_fetched_at: datetime | None = None
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    manager_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    manager_source: str | None = Field(default=None, max_length=16)
    cadence_days: int | None = None
    paused_until: date | None = None
    snoozed_until: datetime | None = None
    # The next career conversation a manager scheduled from a lapse reminder ("Schedule it").
    planned_on: date | None = None
    is_admin: bool = False
    joined_at: datetime
    left_at: datetime | None = None

    __table_args__ = (
        UniqueConstraint("workspace_id", "slack_user_id", name="uq_person_workspace_user"),
        UniqueConstraint("workspace_id", "email", name="uq_person_workspace_email"),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="ck_person_not_own_manager"),
        CheckConstraint("cadence_days IS NULL OR cadence_days > 0", name="ck_person_cadence"),
        _one_of("manager_source", ("csv", "settings", "profile"), "ck_person_manager_source"),
    )


class Prep(SQLModel, table=True):
    """An employee's reflection before a conversation; private until they share it."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    partner_id: int | None = Field(default=None, foreign_key="person.id")
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    shared: bool = False
    submitted_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    __table_args__ = (
        # At most one unsubmitted draft per person, so a closed modal resumes the same draft.
        Index(
            "uq_prep_one_draft",
            "person_id",
            unique=True,
            sqlite_where=text("submitted_at IS NULL"),
            postgresql_where=text("submitted_at IS NULL"),
        ),
        CheckConstraint("partner_id IS NULL OR partner_id <> person_id", name="ck_prep_partner"),
    )


def _pair_end(pick: Any) -> Any:
    """A column default: `pick` (min or max) of the two people's ids, from the INSERT itself."""

    def default(context: Any) -> int:
        row = context.get_current_parameters()
        return int(pick(row["employee_id"], row["partner_id"]))

    return default


class Conversation(SQLModel, table=True):
    """A held career conversation between an employee and a partner.

    `pair_low` and `pair_high` are the two people's ids in ascending order, filled on every
    insert from employee and partner: who is the employee depends on who logged it and how,
    so the one-per-pair-and-day key must not (two people logging with the roles swapped made
    two rows). A check ties them to the two ids, whoever inserts.
    """

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    employee_id: int = Field(foreign_key="person.id")
    partner_id: int = Field(foreign_key="person.id", index=True)
    pair_low: int | None = Field(
        default=None, sa_column=Column(Integer, nullable=False, default=_pair_end(min))
    )
    pair_high: int | None = Field(
        default=None, sa_column=Column(Integer, nullable=False, default=_pair_end(max))
    )
    held_on: date
    kind: str = Field(default="manager", max_length=16)
    shared_notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    follow_up: str = Field(default="none", max_length=16)
    next_on: date | None = None
    logged_by_id: int = Field(foreign_key="person.id")
    created_at: datetime
    updated_at: datetime

    __table_args__ = (
        # One conversation per pair and day, whichever of the two is the employee.
        UniqueConstraint("pair_low", "pair_high", "held_on", name="uq_conversation_pair_day"),
        CheckConstraint(PAIR_CHECK, name="ck_conversation_pair"),
        Index("ix_conversation_employee_held", "employee_id", "held_on"),
        CheckConstraint("employee_id <> partner_id", name="ck_conversation_two_people"),
        CheckConstraint("next_on IS NULL OR next_on > held_on", name="ck_conversation_next"),
        _one_of("kind", CONVERSATION_KINDS, "ck_conversation_kind"),
        _one_of("follow_up", FOLLOW_UPS, "ck_conversation_follow_up"),
    )


class PrivateNote(SQLModel, table=True):
    """Notes on a conversation that only their author ever sees."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id")
    author_id: int = Field(foreign_key="person.id")
    body: str = Field(sa_column=Column(Text, nullable=False))

    __table_args__ = (
        UniqueConstraint("conversation_id", "author_id", name="uq_private_note_author"),
    )


class Skill(SQLModel, table=True):
    """A skill someone is growing, with what a 10 looks like and how to gain a point."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    name: str = Field(max_length=120)
    ten_looks_like: str = Field(default="", sa_column=Column(Text, nullable=False))
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    approach: str = Field(default="", sa_column=Column(Text, nullable=False))
    target_6m: int | None = None
    target_12m: int | None = None
    target_18m: int | None = None

    __table_args__ = (UniqueConstraint("person_id", "name", name="uq_skill_person_name"),)


class SkillRating(SQLModel, table=True):
    """One rating of a skill on one day; kept forever so the trend shows."""

    id: int | None = Field(default=None, primary_key=True)
    skill_id: int = Field(foreign_key="skill.id")
    rated_by_id: int = Field(foreign_key="person.id")
    rating: int
    rated_on: date
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")

    __table_args__ = (
        UniqueConstraint("skill_id", "rated_by_id", "rated_on", name="uq_rating_per_day"),
        CheckConstraint("rating BETWEEN 1 AND 10", name="ck_rating_range"),
    )


class Goal(SQLModel, table=True):
    """A REAL goal: relevant, experimental, aspirational, learning-based, on a horizon."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=200)
    relevant: str = Field(default="", sa_column=Column(Text, nullable=False))
    experiment: str = Field(default="", sa_column=Column(Text, nullable=False))
    aspiration: str = Field(default="", sa_column=Column(Text, nullable=False))
    learning: str = Field(default="", sa_column=Column(Text, nullable=False))
    horizon: str = Field(max_length=8)
    target_on: date
    skill_id: int | None = Field(default=None, foreign_key="skill.id")
    status: str = Field(default="active", max_length=8)
    created_at: datetime
    updated_at: datetime

    __table_args__ = (
        _one_of("horizon", HORIZONS, "ck_goal_horizon"),
        _one_of("status", ("active", "done", "dropped"), "ck_goal_status"),
    )


class ActionItem(SQLModel, table=True):
    """A next step agreed in a conversation, owned by one of its two people."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    owner_id: int = Field(foreign_key="person.id", index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    due_on: date | None = None
    done_at: datetime | None = None
    created_at: datetime


class Delivery(SQLModel, table=True):
    """The outbox: one row per message the bot owes someone outside a request."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    recipient: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    period_key: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="pending", max_length=8)
    not_before: datetime
    lease_until: datetime | None = None
    # Tries that used up one of the row's chances (`Policy.max_attempts`): a 429 or a claim
    # whose dispatcher died never counts.
    attempts: int = 0
    # Times a dispatcher claimed the row. Only ever grows: the fence for every write under a
    # claim (`bot.outbox.claim.fenced`), so a worker whose lease was reaped writes nothing.
    claims: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Set just before the request goes out: an expired lease with it set may have been sent.
    send_started_at: datetime | None = None
    slack_channel: str | None = Field(default=None, max_length=32)
    slack_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, max_length=255)
    created_at: datetime
    sent_at: datetime | None = None

    __table_args__ = (
        UniqueConstraint(
            "workspace_id", "recipient", "kind", "period_key", name="uq_delivery_once"
        ),
        Index("ix_delivery_due", "state", "not_before"),
        _one_of("state", DELIVERY_STATES, "ck_delivery_state"),
    )


class ProcessedEvent(SQLModel, table=True):
    """Events API ids already handled; Slack retries deliveries, we act once."""

    id: int | None = Field(default=None, primary_key=True)
    slack_team_id: str = Field(max_length=32)
    event_id: str = Field(max_length=64)
    received_at: datetime

    __table_args__ = (UniqueConstraint("slack_team_id", "event_id", name="uq_event_once"),)


class Mentorship(SQLModel, table=True):
    """A mentor someone chose; mentors are partners for conversations, not managers."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    mentor_id: int = Field(foreign_key="person.id")
    created_at: datetime

    __table_args__ = (
        UniqueConstraint("person_id", "mentor_id", name="uq_mentorship_pair"),
        CheckConstraint("person_id <> mentor_id", name="ck_mentorship_two_people"),
    )


class Handover(SQLModel, table=True):
    """After a reporting-line change: what the employee passes on to their new manager.

    Asked once per (person, new manager); nothing from before the change is visible to the new
    manager until `answered_at` is set, and then only what the share flags allow. A manager
    removed with nobody new leaves a row with no new manager, answered at once: it revokes the
    old manager, and the next manager's question is about them.
    """

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    old_manager_id: int | None = Field(default=None, foreign_key="person.id")
    new_manager_id: int | None = Field(default=None, foreign_key="person.id")
    share_goals: bool = False
    share_recap: bool = False
    share_items: bool = False
    asked_at: datetime
    answered_at: datetime | None = None

    __table_args__ = (
        UniqueConstraint("person_id", "new_manager_id", name="uq_handover_person_manager"),
        CheckConstraint("new_manager_id <> person_id", name="ck_handover_not_self"),
    )
