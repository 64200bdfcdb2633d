"""What `/career-prep export` and `/career-prep delete` say in Slack.

Only counts and copy written here appear in these messages: nothing a person typed.
"""

from __future__ import annotations

from bot.blocks.ids import DataRights as Ids
from bot.blocks.text import Block, button, context, section
from bot.shapes.privacy import Preview

PREPARING = (
    ":package: Preparing your export… I'll send it to our DM as two files: Markdown to read, "
    "JSON to keep or move elsewhere."
)
EXPORT_COMMENT = (
    "Here is your whole career record: {preps}, {goals}, {skills} and {conversations}. "
    "The Markdown file is for reading; the JSON file has the same data for other tools. "
    "Other people's private notes are theirs alone, so they are not in it."
)
EXPORT_FAILED = "Slack didn't take the export files, so nothing was sent. Please try again later."

DELETE_INTRO = (
    ":warning: *Delete your career record?* This erases, for good: {preps}, {goals}, "
    "{skills} with every rating (and ratings you gave others), {conversations} where you were "
    "the employee, the private notes you wrote, the next steps you own, your mentors and "
    "mentees, and your settings."
)
DELETE_OTHERS = (
    "Conversations where you were someone else's partner stay in *their* record, without your "
    "name, your private notes or your next steps."
)
DELETE_REPORTS = "{reports} reporting to you will have no manager set here until one is chosen."
DELETE_TEAMS = "{teams} you lead will have no lead until one is set."
DELETE_EXPORT_FIRST = "Want a copy first? Type `/career-prep export` before you delete."
CONFIRM_TITLE = "Delete your record?"
CONFIRM_TEXT = "Everything listed will be erased and can't be brought back."
CONFIRM_BUTTON = "Delete everything"
DENY_BUTTON = "Keep my record"
DELETED = (
    ":wastebasket: Your career record is erased. If you use `/career-prep` again, you start "
    "from a blank page."
)
NOT_YOURS = "Only the person whose record this is can delete it, so nothing was erased."


def counted(number: int, one: str, many: str | None = None) -> str:
    """`1 goal`, `3 goals`, `no goals`."""
    plural = many or f"{one}s"
    if number == 0:
        return f"no {plural}"
    return f"{number} {one if number == 1 else plural}"


def export_comment(*, preps: int, goals: int, skills: int, conversations: int) -> str:
    return EXPORT_COMMENT.format(
        preps=counted(preps, "prep"),
        goals=counted(goals, "goal"),
        skills=counted(skills, "skill"),
        conversations=counted(conversations, "conversation"),
    )


def delete_confirmation(preview: Preview, *, person_id: int) -> tuple[str, list[Block]]:
    """The question, what goes and what stays, and a danger button behind a confirm dialog.

    The button's value says whose record it was offered for; the click is still checked
    against the person who clicked.
    """
    intro = DELETE_INTRO.format(
        preps=counted(preview.preps, "prep"),
        goals=counted(preview.goals, "goal"),
        skills=counted(preview.skills, "skill"),
        conversations=counted(preview.conversations, "conversation"),
    )
    notes = [DELETE_OTHERS]
    if preview.reports:
        notes.append(DELETE_REPORTS.format(reports=counted(preview.reports, "person", "people")))
    if preview.teams_led:
        notes.append(DELETE_TEAMS.format(teams=counted(preview.teams_led, "team")))
    delete_button = button(CONFIRM_BUTTON, Ids.DELETE_CONFIRM, value=str(person_id), style="danger")
    delete_button["confirm"] = {
        "title": {"type": "plain_text", "text": CONFIRM_TITLE},
        "text": {"type": "plain_text", "text": CONFIRM_TEXT},
        "confirm": {"type": "plain_text", "text": CONFIRM_BUTTON},
        "deny": {"type": "plain_text", "text": DENY_BUTTON},
        "style": "danger",
    }
    blocks = [
        section(intro),
        section(" ".join(notes)),
        {"type": "actions", "block_id": Ids.DELETE_ACTIONS, "elements": [delete_button]},
        context(DELETE_EXPORT_FIRST),
    ]
    return CONFIRM_TITLE, blocks
