"""The weekly team digest from plain figures: coverage, trend, lapsed pairs, small teams."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from bot.blocks.digest import HEADER_MAX, digest_message, lapsed_list_message, percent, trend
from bot.shapes.nudges import LAPSED_SHOWN, Digest, DigestTeam, Figures, LapsedPair
from tests.support.fakeslack.blockkit import check_message_blocks
from tests.support.slack_dates import shown

TEAM = DigestTeam(
    workspace_id=1,
    team_id=2,
    name="Platform",
    channel="C0TEAM",
    min_group_size=3,
    week_start=date(2025, 3, 3),
    at=datetime(2025, 3, 3, 9, tzinfo=UTC),
    lead_user_id="U0LEAD",
)
FIGURES = Figures(
    members=8,
    covered=6,
    members_before=8,
    covered_before=4,
    lapsed=[LapsedPair("U0REP1", "U0MGR", 120, True), LapsedPair("U0REP2", "U0MGR", 40, False)],
    due_this_week=1,
    goals_set=2,
    goals_set_before=0,
    items_done=1,
    items_done_before=3,
)


def test_the_digest_is_valid_and_counts_coverage_and_its_trend() -> None:
    text, blocks = digest_message(Digest(TEAM, FIGURES))
    assert check_message_blocks(blocks) == []
    assert blocks[0]["text"]["text"] == "Career conversations: Platform"
    summary = blocks[1]["text"]["text"]
    assert "*Coverage:* 6 of 8 had a career conversation within their cadence (75%)" in summary
    assert "up from 4 of 8 (50%) a week ago" in summary
    assert "*Due this week:* 1 conversation planned." in summary
    assert "2 goals set (0 the week before) · 1 action item completed" in summary
    assert text == (
        "Career conversations in Platform: 6 of 8 within their cadence (75%), 2 past it, "
        "1 due this week."
    )
    assert blocks[-1]["elements"][0]["text"].startswith(
        f"Week of {shown(date(2025, 3, 3))}. Numbers only"
    )


def test_the_channel_counts_lapsed_pairs_and_names_nobody() -> None:
    _, blocks = digest_message(Digest(TEAM, FIGURES))
    lapsed = blocks[2]["text"]["text"]
    assert lapsed.startswith("*Past their cadence, nothing planned:* 2 pairs.")
    assert "<@" not in str(blocks) and "U0REP1" not in str(blocks)
    _, blocks = digest_message(Digest(TEAM, replace(FIGURES, lapsed=FIGURES.lapsed[:1])))
    assert "*Past their cadence, nothing planned:* 1 pair." in blocks[2]["text"]["text"]
    _, blocks = digest_message(Digest(TEAM, replace(FIGURES, lapsed=[])))
    assert "nobody. Every career conversation is on track." in blocks[2]["text"]["text"]


def test_the_leads_dm_names_the_lapsed_pairs_and_counts_the_rest() -> None:
    message = lapsed_list_message(Digest(TEAM, FIGURES))
    assert message is not None
    text, blocks = message
    assert check_message_blocks(blocks) == []
    assert text == "Platform: 2 pairs past their cadence, nothing planned."
    listing = blocks[0]["text"]["text"]
    assert listing.startswith("*Platform: past their cadence, nothing planned*")
    assert "<@U0REP1> with <@U0MGR>: 120 days since their last conversation" in listing
    assert "<@U0REP2> with <@U0MGR>: no career conversation logged yet" in listing
    assert "Only you get these names" in blocks[1]["elements"][0]["text"]
    many = [LapsedPair(f"U0R{n:03d}", "U0MGR", 100, True) for n in range(LAPSED_SHOWN + 4)]
    message = lapsed_list_message(Digest(TEAM, replace(FIGURES, lapsed=many)))
    assert message is not None
    listing = message[1][0]["text"]["text"]
    assert listing.count("<@U0MGR>") == LAPSED_SHOWN
    assert "_…and 4 more._" in listing


def test_no_dm_for_the_lead_without_lapsed_pairs_or_figures() -> None:
    assert lapsed_list_message(Digest(TEAM, replace(FIGURES, lapsed=[]))) is None
    assert lapsed_list_message(Digest(TEAM, None)) is None


def test_a_team_too_small_gets_a_notice_and_no_figures() -> None:
    text, blocks = digest_message(Digest(TEAM, None))
    assert check_message_blocks(blocks) == []
    assert text.startswith("*Platform* has fewer than 3 people")
    assert len(blocks) == 3 and "Coverage" not in str(blocks)


def test_an_admins_team_name_is_escaped_and_the_header_clipped() -> None:
    team = replace(TEAM, name="<!channel> " + "x" * 300)
    text, blocks = digest_message(Digest(team, FIGURES))
    assert check_message_blocks(blocks) == []
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    lead = lapsed_list_message(Digest(team, FIGURES))
    assert lead is not None and "<!channel>" not in str(lead) and "&lt;!channel&gt;" in lead[0]
    title = blocks[0]["text"]["text"]
    assert len(title) == HEADER_MAX and title.endswith("…")


def test_percent_and_trend() -> None:
    assert (percent(1, 3), percent(2, 3), percent(5, 0)) == (33, 67, 0)
    assert (trend(2, 1), trend(1, 2), trend(1, 1)) == ("up from", "down from", "level with")


def test_a_coverage_chart_goes_under_the_figures() -> None:
    chart = {"type": "image", "slack_file": {"id": "F0CHART001"}, "alt_text": "75%"}
    _, blocks = digest_message(Digest(TEAM, FIGURES), chart=chart)
    assert check_message_blocks(blocks) == []
    assert blocks[2] == chart and "Coverage" in blocks[1]["text"]["text"]
    _, small = digest_message(Digest(TEAM, None), chart=chart)
    assert chart not in small  # a team too small to report on shows no numbers, drawn or not
