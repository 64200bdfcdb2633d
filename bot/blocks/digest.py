"""The weekly digest: numbers for the team's channel, the lapsed pairs' names for its lead.

Built only from `Digest` figures, which hold counts, days and Slack user ids: there is no text
anyone wrote to leak. The team name (typed by an admin) is escaped by the templates.

The channel gets aggregates only (PRODUCT: nobody is pinged in a channel, no group is broken
out there): how many pairs are past their cadence, never who. Their names go to the team lead
alone, in a DM, where a mention notifies nobody else.
"""

from __future__ import annotations

from bot.blocks.render import render
from bot.blocks.text import Block, context, day, header, section
from bot.shapes.nudges import LAPSED_SHOWN, Digest, Figures

HEADER_MAX = 150  # Slack's limit for a header block's text
FOOTER = "Numbers only: what people prepare, write and rate stays between them."
LEAD_FOOTER = (
    "Only you get these names; the channel got the numbers. Each manager also gets their own "
    "reminder."
)


def digest_message(digest: Digest, *, chart: Block | None = None) -> tuple[str, list[Block]]:
    """The digest's fallback text and blocks; a team too small to report on gets a notice.

    `chart`: the coverage chart's image block, shown under the figures when there is one."""
    team = digest.team
    title = f"Career conversations: {team.name}"
    week = f"Week of {day(team.week_start)}."
    figures = digest.figures
    if figures is None:
        notice = render("digest_small.j2", team=team.name, minimum=team.min_group_size)
        return notice, [header(_clip(title)), section(notice), context(week)]
    summary = render("digest.j2", f=figures, percent=percent, trend=trend)
    lapsed = render("digest_lapsed.j2", count=len(figures.lapsed))
    blocks = [
        header(_clip(title)),
        section(summary),
        *([chart] if chart is not None else []),
        section(lapsed),
        context(f"{week} {FOOTER}"),
    ]
    return _fallback(team.name, figures), blocks


def lapsed_list_message(digest: Digest) -> tuple[str, list[Block]] | None:
    """The lead's DM naming the pairs past their cadence; None when there are none to name
    (or the team is too small to report on)."""
    figures = digest.figures
    if figures is None or not figures.lapsed:
        return None
    shown = figures.lapsed[:LAPSED_SHOWN]
    listing = render(
        "digest_lapsed_lead.j2",
        team=digest.team.name,
        pairs=shown,
        more=len(figures.lapsed) - len(shown),
    )
    count = len(figures.lapsed)
    text = render("digest_lapsed_lead_fallback.j2", team=digest.team.name, count=count)
    week = f"Week of {day(digest.team.week_start)}."
    return text, [section(listing), context(f"{week} {LEAD_FOOTER}")]


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def trend(now: int, before: int) -> str:
    if now > before:
        return "up from"
    if now < before:
        return "down from"
    return "level with"


def _fallback(team: str, figures: Figures) -> str:
    return render(
        "digest_fallback.j2",
        team=team,
        f=figures,
        coverage=percent(figures.covered, figures.members),
    )


def _clip(text: str) -> str:
    return text if len(text) <= HEADER_MAX else text[: HEADER_MAX - 1] + "…"
