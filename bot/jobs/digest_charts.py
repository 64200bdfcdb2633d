"""The digest's coverage chart: the team's last 12 weeks of coverage, drawn and uploaded once
per version of those numbers, shown in the digest as an image block.

Only teams whose digest carries figures (at least the minimum group size) get one, and a week
when the team was smaller is a gap. Nothing here is about a person: each point is a share of
the team. Any failure (charts off, no token, an upload Slack refused) leaves the digest as text.
Older versions' files are kept in Slack: digests already posted still show them.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from slack_sdk import WebClient

from bot.blocks.charts import COVERAGE_TITLE, chart_image, coverage_alt_text
from bot.blocks.text import Block
from bot.charts.coverage import CoverageWeek, coverage_data, coverage_png
from bot.charts.drawing import version
from bot.db import read_scope
from bot.jobs.context import JobContext
from bot.jobs.deliver import clients_for
from bot.services.charts.cache import COVERAGE_CHART, ChartKey, ensure_file
from bot.services.nudges.coverage_history import weekly_coverage
from bot.shapes.nudges import Digest
from bot.slack.files import upload_png


def coverage_images(
    context: JobContext, planned: list[Digest], *, now: datetime
) -> dict[int, Block]:
    """Team id -> the image block of its coverage chart, for the digests that report figures."""
    reported = {d.team.team_id: d.team.min_group_size for d in planned if d.figures is not None}
    if not context.settings.charts or not reported:
        return {}
    with read_scope(context.engine) as session:
        weeks = weekly_coverage(session=session, teams=reported, today=now.date())
    clients = clients_for(context.settings, context.engine)
    images = {}
    for digest in planned:
        team = digest.team
        points = [CoverageWeek(w.week_end, w.percent) for w in weeks.get(team.team_id, [])]
        if all(p.percent is None for p in points):
            continue
        client = clients(team.workspace_id)
        if client is None:
            continue
        key = ChartKey(
            team.workspace_id, COVERAGE_CHART, str(team.team_id), version(coverage_data(points))
        )
        ensured = ensure_file(context.engine, key, now=now, upload=partial(_upload, client, points))
        if ensured.file_id is not None:
            images[team.team_id] = chart_image(
                ensured.file_id, alt_text=coverage_alt_text(points), title=COVERAGE_TITLE
            )
    return images


def _upload(client: WebClient, points: list[CoverageWeek]) -> str | None:
    return upload_png(client, coverage_png(points), filename="coverage.png", title=COVERAGE_TITLE)
