"""The Home tab builder: valid for Slack with no data and with far too much of it."""

import json
from datetime import date, timedelta

from bot.blocks.home import MAX_BLOCKS, HomeData, home_view
from bot.blocks.ids import Block as BlockId
from bot.shapes.conversations import Cycle, OpenItem, ReportStatus
from bot.shapes.privacy import FORMER_COLLEAGUE, tombstone
from tests.support.fakeslack.blockkit import check_view
from tests.support.slack_dates import raw_tokens, shown

TODAY = date(2026, 11, 20)


def _cycle(days_since: int, *, last: bool = True, cadence: int = 90) -> Cycle:
    since = TODAY - timedelta(days=days_since)
    return Cycle(
        last_on=since if last else None,
        last_partner_user_id="U0MANAGER1" if last else None,
        next_on=since + timedelta(days=cadence),
        days_since=days_since,
        cadence_days=cadence,
        paused_until=None,
        today=TODAY,
    )


def test_a_newcomer_sees_when_their_first_conversation_is_due() -> None:
    view = home_view(HomeData(cycle=_cycle(10, last=False), today=TODAY))
    assert check_view(view) == []
    text = json.dumps(view)
    assert "No conversation logged yet" in text and shown(date(2027, 2, 8)) in text
    assert raw_tokens(view) == []
    assert "No open next steps" in text
    assert "Your reports" not in text


def test_a_new_person_sees_how_it_works_instead_of_the_shortcuts() -> None:
    new = home_view(HomeData(cycle=_cycle(10, last=False), today=TODAY, newcomer=True))
    assert check_view(new) == []
    assert [b.get("block_id") for b in new["blocks"]][2] == BlockId.HOME_START
    usual = home_view(HomeData(cycle=_cycle(10, last=False), today=TODAY))
    assert BlockId.HOME_START not in json.dumps(usual)
    assert len(new["blocks"]) == len(usual["blocks"]) + 2  # how it works, and a context line


def test_statuses_follow_the_cadence() -> None:
    assert _cycle(30).status == "on_track"
    assert _cycle(80).status == "due_soon"
    assert _cycle(91).status == "lapsed"
    paused = Cycle(**{**_cycle(200).__dict__, "paused_until": TODAY + timedelta(days=1)})
    assert paused.status == "paused"


def test_huge_data_stays_within_slacks_limits_and_escapes_text() -> None:
    items = [OpenItem(i, f"<!channel> step {i}", TODAY) for i in range(60)]
    reports = [ReportStatus(i, f"U{i:09d}", _cycle(i * 3)) for i in range(200)]
    goal_blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"goal {i}"}} for i in range(15)
    ]
    view = home_view(
        HomeData(
            cycle=_cycle(100),
            today=TODAY,
            goal_blocks=goal_blocks,
            items=items[:8],
            items_total=60,
            reports=reports,
            notice="Marked done.",
        )
    )
    assert check_view(view) == []
    assert len(view["blocks"]) <= MAX_BLOCKS
    text = json.dumps(view)
    assert "<!channel>" not in text and "&lt;!channel&gt; step 0" in text
    assert "+52 more open next steps" in text
    assert "+185 more reports" in text
    assert "10 days overdue" in text


def test_a_partner_who_erased_their_record_is_a_former_colleague() -> None:
    erased = Cycle(**{**_cycle(30).__dict__, "last_partner_user_id": tombstone(5)})
    text = json.dumps(home_view(HomeData(cycle=erased, today=TODAY)))
    assert FORMER_COLLEAGUE in text and "deleted-" not in text
    assert "<@U0MANAGER1>" in json.dumps(home_view(HomeData(cycle=_cycle(30), today=TODAY)))
