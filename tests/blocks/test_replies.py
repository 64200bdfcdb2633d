"""The listeners' replies (bot/blocks/replies.py): each name keeps the words it had when it
lived in bot/handlers, byte for byte (the service codes' words: test_replies_codes.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks import replies
from tests.support.slack_dates import shown

# Copied from the handlers before the move (a05e6e7), not from replies.py.
WORDS: list[tuple[str, Any]] = [
    (
        "SORRY",
        (
            "Sorry, something went wrong on my side and nothing was changed. "
            "Please try again in a minute; if it keeps happening, tell whoever "
            "runs this bot."
        ),
    ),
    ("GOAL_NOT_YOURS", "That goal isn't yours to change, so nothing changed."),
    (
        "GOAL_MARKED",
        {
            "done": ":white_check_mark: Marked *{title}* done.",
            "dropped": "Dropped *{title}*.",
        },
    ),
    ("SKILL_NOT_YOURS", "That skill isn't yours to rate, so nothing changed."),
    ("HOME_ITEM_DONE", ":white_check_mark: Marked done."),
    ("HOME_NOT_YOURS", "That isn't yours to change, so nothing changed."),
    ("NUDGED", ":white_check_mark: Nudged <@{user}>: they got a DM with a button to prepare."),
    ("ALREADY_NUDGED", "You already nudged <@{user}> today; one nudge a day is plenty."),
    ("NUDGE_FAILED", "Slack didn't deliver the nudge to <@{user}>; please try again later."),
    (
        "NUDGE_TILL_MORNING",
        (
            ":hourglass_flowing_sand: It's outside <@{user}>'s working hours, so "
            "your nudge is queued: it arrives at their next working morning."
        ),
    ),
    (
        "NUDGE_WHEN_BACK",  # new with out of office (issue 13 item 6)
        (
            ":palm_tree: <@{user}>'s Slack status says they're away, so your nudge is "
            "queued: it arrives on their first working morning back."
        ),
    ),
    (
        "NUDGE_NEXT_WEEK",
        (
            ":hourglass_flowing_sand: <@{user}> has had this week's nudges "
            "already, so yours is queued for next week."
        ),
    ),
    (
        "NUDGE_ON_ITS_WAY",
        (
            ":hourglass_flowing_sand: Slack is slow to answer right now. Your "
            "nudge to <@{user}> is queued and arrives once, shortly."
        ),
    ),
    (
        "NUDGE_UNCONFIRMED",
        (
            "Slack didn't confirm your nudge to <@{user}>. It may have arrived; it won't be "
            "sent twice, so ask them before nudging again."
        ),
    ),
    ("SNOOZED", ":zzz: Snoozed: no reminders about <@{user}> for {weeks}."),
    (
        "SNOOZE_WEEKS",
        {
            7: "a week",
            14: "two weeks",
        },
    ),
    (
        "SNOOZE_NOT_YOURS",
        "Only their current manager can snooze these reminders, so nothing changed.",
    ),
    (
        "SCHEDULE_NOT_YOURS",
        "Only their current manager can schedule this conversation, so nothing changed.",
    ),
    (
        "SCHEDULED_INVITE_COMMENT",
        (
            "Your career conversation with <@{report}>, {when} your time. Open the "
            "file to add it to your calendar."
        ),
    ),
    (
        "RECAP_NOT_PARTY",
        "Only the two people in this conversation can use its recap, so nothing changed.",
    ),
    ("RECAP_NO_NEXT_DATE", "This conversation has no next date yet. Edit the recap to set one."),
    (
        "RECAP_INVITE_COMMENT",
        (
            "Your next career conversation, {when} your time. Open the file to add "
            "it to your calendar."
        ),
    ),
    (
        "FOLLOWUP_NOT_PARTY",
        "Only the two people in this conversation can mark its next steps done.",
    ),
    (
        "FOLLOWUP_NOT_OWNER",
        "Only the person a next step belongs to can move its due date, so nothing changed.",
    ),
    (
        "FOLLOWUP_NOT_YOUR_MESSAGE",
        "That button isn't on a follow-up I sent you, so nothing changed.",
    ),
    (
        "FOLLOWUP_ALREADY_MOVED",
        (
            "That next step isn't due on the date this button showed any more "
            "(pushed already, or done), so nothing changed. The message now shows "
            "where it stands."
        ),
    ),
    (
        "FOLLOWUP_REFRESHED",
        (
            "That message was out of date, so nothing changed. It now shows where "
            "things stand: press Push a week again if you still want to."
        ),
    ),
    (
        "GUIDE_SENT",
        "I've sent you the conversation guide in a direct message. Keep it open while you talk.",
    ),
    ("GUIDE_NOT_YOURS", "That button isn't on a guide I sent you, so nothing changed."),
    (
        "HANDOVER_NOT_YOURS",
        "Only the person this question is about can answer it, so nothing changed.",
    ),
    (
        "HANDOVER_OUTDATED",
        (
            "Your manager has changed again since I asked, so this question is out "
            "of date and nothing was passed on. Look for my newer message."
        ),
    ),
    ("HANDOVER_ALREADY_ANSWERED", "You already answered this one, so nothing changed."),
    ("HISTORY_WITH_SELF", "Pick the person you talked with: your history is with someone else."),
    ("INVITE_TITLE", "Next career conversation"),
    # The event's words, from bot/services/conversations/calendar.py (names filled in there).
    ("INVITE_EVENT_TITLE", "Career conversation: {names}"),
    (
        "INVITE_EVENT_DESCRIPTION",
        "Your next career conversation. Prepare a few minutes before with /career-prep.",
    ),
    ("EXPORT_MARKDOWN_TITLE", "Career record (Markdown)"),
    ("EXPORT_JSON_TITLE", "Career record (JSON)"),
]


@pytest.mark.parametrize(("name", "words"), WORDS, ids=[name for name, _ in WORDS])
def test_each_reply_keeps_its_words(name: str, words: Any) -> None:
    assert getattr(replies, name) == words


def test_every_reply_is_checked() -> None:
    codes = {
        "LOG_CLASHES",
        "PLAN_PROBLEMS",
        "SETTINGS_PROBLEMS",
        "ADMIN_PROBLEMS",
        "PREP_PROBLEMS",
    }
    checked = {name for name, _ in WORDS} | codes
    public = {n for n in vars(replies) if n.isupper() and not n.startswith("_")}
    assert public - checked == set()


def test_the_invite_time_reads_as_the_readers_day_and_ten_o_clock() -> None:
    assert (
        replies.when_text(date(2026, 12, 7)) == f"{shown(date(2026, 12, 7), weekday=True)} at 10:00"
    )
    assert "Mon 7 Dec 2026" in replies.when_text(date(2026, 12, 7))  # the fallback
