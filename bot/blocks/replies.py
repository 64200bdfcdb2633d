"""What the listeners answer a person: refusals, notices, file titles and comments.

Moved out of bot/handlers word for word; each name says where it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.mrkdwn import local_day
from bot.shapes.conversations import Clash
from bot.shapes.nudges import PlanProblem
from bot.shapes.org import SettingsProblem
from bot.shapes.prep import FieldProblem, PrepProblem
from bot.shapes.workspaces import AdminProblem

# Any request that failed on our side (the one error handler).
SORRY = (
    "Sorry, something went wrong on my side and nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell whoever runs this bot."
)

# `/career-prep goals` and the goal buttons on App Home.
GOAL_NOT_YOURS = "That goal isn't yours to change, so nothing changed."
GOAL_MARKED = {"done": ":white_check_mark: Marked *{title}* done.", "dropped": "Dropped *{title}*."}

# `/career-prep skills`.
SKILL_NOT_YOURS = "That skill isn't yours to rate, so nothing changed."

# App Home: a next step marked done, a report nudged.
HOME_ITEM_DONE = ":white_check_mark: Marked done."
HOME_NOT_YOURS = "That isn't yours to change, so nothing changed."
NUDGED = ":white_check_mark: Nudged <@{user}>: they got a DM with a button to prepare."
ALREADY_NUDGED = "You already nudged <@{user}> today; one nudge a day is plenty."
NUDGE_FAILED = "Slack didn't deliver the nudge to <@{user}>; please try again later."
NUDGE_TILL_MORNING = (
    ":hourglass_flowing_sand: It's outside <@{user}>'s working hours, so your nudge is queued: "
    "it arrives at their next working morning."
)
NUDGE_WHEN_BACK = (
    ":palm_tree: <@{user}>'s Slack status says they're away, so your nudge is queued: "
    "it arrives on their first working morning back."
)
NUDGE_NEXT_WEEK = (
    ":hourglass_flowing_sand: <@{user}> has had this week's nudges already, so yours is queued "
    "for next week."
)
NUDGE_ON_ITS_WAY = (
    ":hourglass_flowing_sand: Slack is slow to answer right now. Your nudge to <@{user}> is "
    "queued and arrives once, shortly."
)
# The answer was lost and the history check is off: the bot cannot tell, and never resends.
NUDGE_UNCONFIRMED = (
    "Slack didn't confirm your nudge to <@{user}>. It may have arrived; it won't be sent twice, "
    "so ask them before nudging again."
)

# Saving a log: why a valid form still could not be saved, on the field it concerns.
LOG_CLASHES = {
    Clash.TAKEN: (
        "You already logged another conversation with them on that day. Edit that one instead."
    ),
    Clash.ALREADY_LOGGED: (
        "This conversation is already logged for that day, so I didn't save over it. "
        "Close this and use “Edit recap” on the recap I sent you to add your notes and steps, "
        "or pick another day."
    ),
    Clash.LOST: (
        "A conversation with them on that day is from before their reporting line changed, "
        "so it isn't yours to change any more. Pick the day of a new conversation."
    ),
    Clash.CHANGED: (
        "This recap changed after you opened it, so I didn't save over it. Copy what you wrote, "
        "then close this and open “Edit recap” again to see the changes and add yours."
    ),
    Clash.THEIRS_FULL: (
        "They already have {count} next steps here; only they can change those. "
        "Add at most {room} more."
    ),
}

# `/career-prep settings`: what is wrong with a field (`{max}`: the most mentors).
SETTINGS_PROBLEMS = {
    SettingsProblem.OWN_MANAGER: "You can't be your own manager. Pick the person you report to.",
    SettingsProblem.MANAGER_REPORTS_TO_YOU: (
        "That person reports to you (directly or further down), so they can't be your manager."
    ),
    SettingsProblem.OWN_MENTOR: "You can't mentor yourself. Remove yourself from the list.",
    SettingsProblem.TOO_MANY_MENTORS: "Pick up to {max} mentors.",
    SettingsProblem.NO_CADENCE: "Pick how often you'd like a career conversation.",
    SettingsProblem.PAUSE_NOT_AHEAD: (
        "Pick a date after today, or leave it empty to keep reminders on."
    ),
    SettingsProblem.NOT_A_ZONE: (
        "That isn't a time zone name. Use one like Europe/Berlin or America/New_York."
    ),
}

# `/career-prep admin`: what is wrong with a workspace setting (`{max}`: that field's limit).
ADMIN_PROBLEMS = {
    AdminProblem.NO_CADENCE: "Pick how often people should have a career conversation.",
    AdminProblem.NOT_AN_HOUR: "Pick an hour from 00:00 to 23:00.",
    AdminProblem.NO_WEEKDAY: "Pick the day the weekly digest goes out.",
    AdminProblem.GROUP_SIZE: "Enter a whole number from 1 to {max} (3 or more is best).",
    AdminProblem.NUDGE_CAP: "Enter a whole number from 1 to {max}.",
    AdminProblem.RETENTION: (
        "Enter a number of months from 1 to {max}, or leave it empty to keep everything."
    ),
    AdminProblem.NOT_PEOPLE: "Pick people from the list.",
    AdminProblem.TOO_MANY_ADMINS: "Pick up to {max} people.",
    AdminProblem.AWAY_WORDS: (
        "Separate words with commas: up to {max} of them, each up to {length} characters "
        "of letters, digits, spaces, hyphens, dots or apostrophes."
    ),
}

# The prep modal: what is wrong with a field (`{max}`: the longest text, `{length}`: its own).
PREP_PROBLEMS = {
    PrepProblem.FILL_IN: "Please fill this in.",
    PrepProblem.TOO_LONG: "Please keep this under {max} characters ({length} now).",
    PrepProblem.NOT_A_DIRECTION: "Please pick one of the directions.",
    PrepProblem.NOT_YOURSELF: (
        "Pick the person you'll talk with: your manager, a mentor or a peer, not yourself."
    ),
}

# A lapse reminder's buttons: snooze, "Schedule it".
SNOOZED = ":zzz: Snoozed: no reminders about <@{user}> for {weeks}."
SNOOZE_WEEKS = {7: "a week", 14: "two weeks"}
SNOOZE_NOT_YOURS = "Only their current manager can snooze these reminders, so nothing changed."
SCHEDULE_NOT_YOURS = (
    "Only their current manager can schedule this conversation, so nothing changed."
)
PLAN_PROBLEMS = {
    PlanProblem.NO_DAY: "Pick the day you'll talk.",
    PlanProblem.PASSED: "That day has passed: pick today or a later day.",
    PlanProblem.TOO_FAR: "Pick a day within {days} days (by {latest:%d %b}).",
}
SCHEDULED_INVITE_COMMENT = (
    "Your career conversation with <@{report}>, {when} your time. "
    "Open the file to add it to your calendar."
)

# The recap DM's buttons.
RECAP_NOT_PARTY = "Only the two people in this conversation can use its recap, so nothing changed."
RECAP_NO_NEXT_DATE = "This conversation has no next date yet. Edit the recap to set one."
RECAP_INVITE_COMMENT = (
    "Your next career conversation, {when} your time. Open the file to add it to your calendar."
)

# A follow-up message's buttons.
FOLLOWUP_NOT_PARTY = "Only the two people in this conversation can mark its next steps done."
FOLLOWUP_NOT_OWNER = (
    "Only the person a next step belongs to can move its due date, so nothing changed."
)
FOLLOWUP_NOT_YOUR_MESSAGE = "That button isn't on a follow-up I sent you, so nothing changed."
FOLLOWUP_ALREADY_MOVED = (
    "That next step isn't due on the date this button showed any more (pushed already, or "
    "done), so nothing changed. The message now shows where it stands."
)
FOLLOWUP_REFRESHED = (
    "That message was out of date, so nothing changed. It now shows where things stand: "
    "press Push a week again if you still want to."
)

# `/career-prep guide`.
GUIDE_SENT = (
    "I've sent you the conversation guide in a direct message. Keep it open while you talk."
)
GUIDE_NOT_YOURS = "That button isn't on a guide I sent you, so nothing changed."

# The handover question's buttons.
HANDOVER_NOT_YOURS = "Only the person this question is about can answer it, so nothing changed."
HANDOVER_OUTDATED = (
    "Your manager has changed again since I asked, so this question is out of date and "
    "nothing was passed on. Look for my newer message."
)
HANDOVER_ALREADY_ANSWERED = "You already answered this one, so nothing changed."

# `/career-prep history`.
HISTORY_WITH_SELF = "Pick the person you talked with: your history is with someone else."

# The calendar invite (.ics) uploaded to a DM.
INVITE_TITLE = "Next career conversation"
INVITE_EVENT_TITLE = "Career conversation: {names}"  # names: "Ada & Grace"
INVITE_EVENT_DESCRIPTION = (
    "Your next career conversation. Prepare a few minutes before with /career-prep."
)


def when_text(on: date) -> str:
    """How the invite's time reads in its comment (mrkdwn), e.g. "Mon 7 Dec 2026 at 10:00":
    the day in the reader's locale; 10:00 is the invite's local hour, not an instant."""
    return f"{local_day(on, weekday=True)} at 10:00"


# `/career-prep export`: the two files' titles.
EXPORT_MARKDOWN_TITLE = "Career record (Markdown)"
EXPORT_JSON_TITLE = "Career record (JSON)"


def plan_problem(problem: PlanProblem, *, latest: date, days: int) -> str:
    """Why "Schedule it" refused the picked day, in words (`days`: how far ahead it may be)."""
    return PLAN_PROBLEMS[problem].format(days=days, latest=latest)


def log_clash(clash: Clash, *, count: int = 0, room: int = 0) -> str:
    """Why a log was not saved, in words (`count`, `room`: the other person's next steps)."""
    return LOG_CLASHES[clash].format(count=count, room=room)


def settings_errors(problems: Mapping[str, SettingsProblem], *, max_mentors: int) -> dict[str, str]:
    """Each settings field's problem in words."""
    return {
        field: SETTINGS_PROBLEMS[problem].format(max=max_mentors)
        for field, problem in problems.items()
    }


def admin_errors(
    problems: Mapping[str, AdminProblem], *, limits: Mapping[str, int]
) -> dict[str, str]:
    """Each workspace setting's problem in words; `limits`: the largest value, by field (and
    by "<field>_length", the longest text)."""
    return {
        field: ADMIN_PROBLEMS[problem].format(
            max=limits.get(field, 0), length=limits.get(f"{field}_length", 0)
        )
        for field, problem in problems.items()
    }


def prep_errors(problems: Mapping[str, FieldProblem], *, max_text: int) -> dict[str, str]:
    """Each prep field's problem in words (`max_text`: the longest text a field takes)."""
    return {
        field: PREP_PROBLEMS[found.problem].format(max=max_text, length=found.length)
        for field, found in problems.items()
    }
