"""The skill trend chart for the App Home and the skills modal: drawn and uploaded once per
version of a person's ratings and targets, then shown by its Slack file id.

Any failure (charts turned off, nothing rated, an upload Slack refused) leaves the text lines
the surfaces always show; the chart is an extra, never a condition.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.blocks.charts import SKILLS_TITLE, chart_image, skills_alt_text
from bot.blocks.text import Block
from bot.charts.drawing import version
from bot.charts.skills import skill_data, skill_series, skill_trend_png
from bot.deps import deps_of
from bot.models import Person
from bot.services.charts.cache import SKILLS_CHART, ChartKey, cached_file, ensure_file
from bot.shapes.growth import SkillTrend
from bot.slack.files import delete_files, upload_png

# What Slack answers a view or message whose blocks it will not show, e.g. an image whose
# file it has not finished processing ("invalid slack file").
SLACK_REFUSED_BLOCKS = ("invalid_arguments", "invalid_blocks")


def skill_chart(
    client: WebClient,
    context: BoltContext,
    person: Person,
    trends: Sequence[SkillTrend],
    *,
    upload: bool = True,
) -> Block | None:
    """The image block of `person`'s skill trend; None when there is none to show.

    `upload=False` only looks in the cache: for a reply that must go before the upload could
    finish (a modal opened on a trigger id that lasts three seconds).
    """
    deps = deps_of(context)
    series = skill_series(trends)
    if not deps.settings.charts or not series or person.id is None:
        return None
    key = ChartKey(person.workspace_id, SKILLS_CHART, str(person.id), version(skill_data(series)))
    if upload:
        ensured = ensure_file(
            deps.engine,
            key,
            now=deps.clock(),
            upload=lambda: upload_png(
                client, skill_trend_png(series), filename="skills.png", title=SKILLS_TITLE
            ),
        )
        delete_files(client, ensured.replaced)
        file_id = ensured.file_id
    else:
        file_id = cached_file(deps.engine, key)
    if file_id is None:
        return None
    return chart_image(file_id, alt_text=skills_alt_text(trends), title=SKILLS_TITLE)
