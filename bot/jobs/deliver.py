"""The `deliver` job: drain the outbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.jobs.context import JobContext
from bot.outbox.dispatch import drain
from bot.outbox.policy import Policy
from bot.slack.client import Clients, one_client, outbox_client
from bot.slack.installations import installed_clients

# A scheduled run keeps going this long for rows that fall due (a 429's Retry-After, a short
# backoff), so a rate-limited workspace is not left waiting for the next tick; the trigger
# fires every minute and `max_instances=1` keeps runs from overlapping.
SCHEDULED_RUN_LASTS = timedelta(seconds=50)


def clients_for(settings: Settings, engine: Engine) -> Clients:
    """The Slack client for each workspace id, or None when the bot has no token there.

    Single-token mode (the default): SLACK_BOT_TOKEN serves every workspace. OAuth mode: each
    workspace's own installation token (`bot.slack.installations.installed_clients`); a workspace
    without one (never installed, or uninstalled) gets None, and the dispatcher ends its rows
    dead with "no token for this workspace".
    """
    if settings.oauth:
        return installed_clients(settings, engine)
    return one_client(outbox_client(settings))


def run(context: JobContext) -> dict[str, int]:
    """Send everything due now (and, when scheduled, what falls due within the minute).

    Run by hand (`career-bot jobs run deliver`), it waits out rate limits: a 429 pauses the
    workspace for its Retry-After, and the run sends the rest after it instead of leaving it
    for the next scheduled run. Scheduled, it stops after SCHEDULED_RUN_LASTS as before, and
    the next minute's run goes on.
    """
    wait_until = context.clock() + SCHEDULED_RUN_LASTS if context.scheduled else None
    report = drain(
        context.engine,
        clients_for(context.settings, context.engine),
        clock=context.clock,
        policy=Policy(history_check=context.settings.history_check),
        wait_until=wait_until,
        wait_out_limits=not context.scheduled,
        sleep=context.sleep,
    )
    return report.as_dict()
