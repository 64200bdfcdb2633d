"""What people type into the forms in the HTTP tests (goals, logs, skills)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.world import TODAY

GOAL_ANSWERS = {"title": "Speak at a meetup", "experiment": "Submit a talk", "horizon": "medium"}
CANARY = "CANARY-private-7f3a"
HELD = TODAY - timedelta(days=1)
LOG_ANSWERS: dict[str, Any] = {
    "partner": EMPLOYEE,
    "held_on": HELD,
    "kind": "manager",
    "shared_notes": "<!channel> We talked about <@U0BOSS>'s team & a move",
    "private_notes": CANARY,
    "mine_1": "Ask finance for a <https://evil.example|conference> budget",
    "mine_1_due": TODAY + timedelta(days=14),
    "theirs_1": "Draft a talk proposal",
    "theirs_2": "Shadow an incident review",
    "theirs_2_due": TODAY + timedelta(days=30),
    "follow_up": "monthly",
}


SKILL_ANSWERS = {
    "name": "Facilitation",
    "rating": "4",
    "ten_looks_like": "Any room, any mood, a clear outcome",
    "options": "Shadow Ana\nRun the team retro\nTake the workshop course",
    "approach": "Run the retro: cheap, and I get feedback the same day",
}
