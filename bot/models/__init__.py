"""Tables. Unique and check constraints encode the invariants the code relies on.

Every row belongs to a workspace (a Slack team) directly or through its person, so a
request from one workspace can never reach another's data. Times are stored in UTC.

The tables live one module per noun; importing `bot.models` registers them all on
`SQLModel.metadata` (Alembic's env imports it for that).
"""

from bot.models.charts import CHART_KINDS, ChartFile
from bot.models.constraints import (
    CADENCE_DAYS,
    CONVERSATION_KINDS,
    DELIVERY_STATES,
    FOLLOW_UPS,
    HORIZONS,
    PAIR_CHECK,
)
from bot.models.conversations import ActionItem, Conversation, Prep, PrivateNote
from bot.models.growth import Goal, Skill, SkillRating
from bot.models.outbox import Delivery
from bot.models.people import Handover, Mentorship, Person
from bot.models.workspaces import ProcessedEvent, Team, Workspace

__all__ = [
    "CADENCE_DAYS",
    "CHART_KINDS",
    "CONVERSATION_KINDS",
    "DELIVERY_STATES",
    "FOLLOW_UPS",
    "HORIZONS",
    "PAIR_CHECK",
    "ActionItem",
    "ChartFile",
    "Conversation",
    "Delivery",
    "Goal",
    "Handover",
    "Mentorship",
    "Person",
    "Prep",
    "PrivateNote",
    "ProcessedEvent",
    "Skill",
    "SkillRating",
    "Team",
    "Workspace",
]
