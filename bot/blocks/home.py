"""The App Home tab: your own cycle, goals, skills and next steps; your reports if you manage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.blocks.command_words import BY_WORD
from bot.blocks.help import INTRO
from bot.blocks.ids import Block as BlockId
from bot.blocks.ids import Home as Ids
from bot.blocks.render import mention
from bot.blocks.text import Block, button, context, day, divider, escape, header, section
from bot.blocks.welcome import first_steps
from bot.shapes.conversations import Cycle, OpenItem, ReportStatus

MAX_BLOCKS = 100  # Slack's limit for a Home tab
MAX_ITEMS = 8
MAX_GOAL_BLOCKS = 17  # each active goal takes two blocks
MAX_SKILL_BLOCKS = 10
MAX_REPORTS = 15  # two blocks each

STATUS = {
    "on_track": ":large_green_circle: on track",
    "due_soon": ":large_yellow_circle: due soon",
    "lapsed": ":red_circle: lapsed",
    "paused": ":double_vertical_bar: paused",
}
NO_CONVERSATION = "No conversation logged yet. Your first one is due by *{due}*."
LAST_CONVERSATION = "Last conversation: *{last}* with {partner}, {days} days ago."
NEXT_DUE = "Next one due by *{due}*{when}."
NO_ITEMS = "No open next steps. They appear here after a conversation is logged."
NO_REPORTS_NOTE = "Reports come from your organisation's directory or their own settings."


@dataclass
class HomeData:
    """Everything the Home tab shows; gathered by the handler from services."""

    cycle: Cycle
    today: date
    goal_blocks: list[Block] = field(default_factory=list)
    skill_blocks: list[Block] = field(default_factory=list)
    items: list[OpenItem] = field(default_factory=list)
    items_total: int = 0
    reports: list[ReportStatus] = field(default_factory=list)
    notice: str | None = None
    newcomer: bool = False  # nothing logged, prepared, set or rated yet: show how it works


def home_view(data: HomeData) -> dict[str, Any]:
    blocks: list[Block] = []
    if data.notice:
        blocks.append(context(data.notice))
    blocks += [
        header("Your career conversations"),
        section(_cycle_line(data.cycle, data.today), block_id=BlockId.HOME_INTRO),
        *(first_steps() if data.newcomer else [_shortcuts()]),
        divider(),
    ]
    blocks += _titled("Goals", data.goal_blocks)
    blocks += _titled("Skills", data.skill_blocks)
    blocks += _items(data.items, data.items_total)
    if data.reports:
        blocks += _reports(data.reports, data.today)
    blocks.append(context(INTRO.replace("*", "")))
    assert len(blocks) <= MAX_BLOCKS, f"Home tab has {len(blocks)} blocks"
    return {"type": "home", "blocks": blocks}


def _cycle_line(cycle: Cycle, today: date) -> str:
    due = day(cycle.next_on)
    if cycle.last_on is None or cycle.last_partner_user_id is None:
        line = NO_CONVERSATION.format(due=due)
    else:
        line = LAST_CONVERSATION.format(
            last=day(cycle.last_on),
            partner=mention(cycle.last_partner_user_id),
            days=cycle.days_since,
        )
        line += " " + NEXT_DUE.format(due=due, when=_relative(cycle.next_on, today))
    if cycle.status == "paused" and cycle.paused_until:
        line += f" Reminders are paused until *{day(cycle.paused_until)}*."
    return line


def _shortcuts() -> Block:
    shortcuts = [
        ("prep", "Prepare", Ids.OPEN_PREP),
        ("log", "Log a conversation", Ids.LOG_CONVERSATION),
        ("goals", "Goals", Ids.OPEN_GOALS),
        ("skills", "Skills", Ids.OPEN_SKILLS),
        ("settings", "Settings", Ids.OPEN_SETTINGS),
    ]
    elements = [
        button(text, action, style="primary" if word == "prep" else None)
        for word, text, action in shortcuts
        if BY_WORD[word].available
    ]
    return {"type": "actions", "elements": elements}


def _titled(title: str, blocks: list[Block]) -> list[Block]:
    return [header(title), *blocks] if blocks else []


def _items(items: list[OpenItem], total: int) -> list[Block]:
    blocks: list[Block] = [header("Your next steps")]
    if not items:
        return [*blocks, context(NO_ITEMS)]
    for item in items[:MAX_ITEMS]:
        due = f" — due {day(item.due_on)}" if item.due_on else ""
        block = section(f"• {escape(item.body)}{due}")
        block["accessory"] = button("Done", Ids.ACTION_ITEM_DONE, value=str(item.id))
        blocks.append(block)
    if total > len(items[:MAX_ITEMS]):
        blocks.append(context(f"+{total - len(items[:MAX_ITEMS])} more open next steps"))
    return blocks


def _reports(reports: list[ReportStatus], today: date) -> list[Block]:
    blocks: list[Block] = [divider(), header("Your reports")]
    for report in reports[:MAX_REPORTS]:
        cycle = report.cycle
        since = f"{cycle.days_since} days since the last one" if cycle.last_on else "none yet"
        line = (
            f"<@{report.slack_user_id}> · {STATUS[cycle.status]} · {since} · "
            f"next by {day(cycle.next_on)}{_relative(cycle.next_on, today)}"
        )
        value = str(report.person_id)
        blocks.append(section(line))
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    button("Log a conversation", Ids.LOG_CONVERSATION, value=value),
                    button("Nudge", Ids.NUDGE_REPORT, value=value),
                ],
            }
        )
    if len(reports) > MAX_REPORTS:
        blocks.append(context(f"+{len(reports) - MAX_REPORTS} more reports, most overdue first"))
    blocks.append(context(NO_REPORTS_NOTE))
    return blocks


def _relative(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return " (today)"
    if delta > 0:
        return f" (in {delta} days)"
    return f" ({-delta} days overdue)"
