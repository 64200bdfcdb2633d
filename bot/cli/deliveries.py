"""`career-bot deliveries list` and `career-bot deliveries retry ID`: the outbox for operators."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.engine import Engine

from bot.cli.common import OK, REJECTED, Commands, load_settings, needs, ready_engine
from bot.clock import utcnow
from bot.db import session_scope
from bot.outbox.operators import NotRetryable, deliveries, retry

LIMIT = 200
WHEN = "%Y-%m-%d %H:%M"


def register(commands: Commands) -> None:
    deliveries = commands.add_parser("deliveries", help="the outbox, for operators")
    delivery_commands = deliveries.add_subparsers(required=True, metavar="ACTION")
    deliveries_list = delivery_commands.add_parser(
        "list",
        help="deliveries not sent yet (or only dead / unknown ones), with the reason",
        epilog=needs(),
    )
    deliveries_list.add_argument(
        "--dead", action="store_true", help="only those Slack refused for good"
    )
    deliveries_list.add_argument(
        "--unknown", action="store_true", help="only those that may or may not have arrived"
    )
    deliveries_list.set_defaults(handler=_list)
    deliveries_retry = delivery_commands.add_parser(
        "retry",
        help="send a dead or unknown delivery again (check Slack first for unknown)",
        epilog=needs(),
    )
    deliveries_retry.add_argument("id", type=int)
    deliveries_retry.set_defaults(handler=_retry)


def _list(args: argparse.Namespace) -> int:
    settings = load_settings()
    states = [s for s, wanted in (("dead", args.dead), ("unknown", args.unknown)) if wanted]
    with ready_engine(settings) as engine:
        return list_deliveries(engine, states=states)


def _retry(args: argparse.Namespace) -> int:
    settings = load_settings()
    with ready_engine(settings) as engine:
        return retry_delivery(engine, args.id)


def list_deliveries(engine: Engine, *, states: Sequence[str]) -> int:
    with session_scope(engine) as session:
        found = deliveries(session=session, states=states, limit=LIMIT + 1)
    if not found:
        which = " or ".join(states) if states else "waiting"
        print(f"No {which} deliveries.")
        return OK
    print(
        f"{'id':>6}  {'state':<8} {'team':<11} {'recipient':<12} {'kind':<16} "
        f"{'period':<12} {'tries':>5}  {'not before (UTC)':<16}  reason"
    )
    for listed in found[:LIMIT]:
        d = listed.delivery
        print(
            f"{d.id:>6}  {d.state:<8} {listed.slack_team_id:<11} {d.recipient:<12} "
            f"{d.kind:<16} {d.period_key:<12} {d.attempts:>5}  "
            f"{d.not_before.strftime(WHEN):<16}  {d.last_error or ''}"
        )
    if len(found) > LIMIT:
        print(f"(only the oldest {LIMIT} are shown)")
    if any(listed.delivery.state == "unknown" for listed in found):
        print(
            "Unknown: the bot could not check whether Slack posted these (the reason says "
            "why). Look in the recipient's DM or channel, then `career-bot deliveries retry "
            "ID` only those that did not arrive."
        )
    return OK


def retry_delivery(engine: Engine, delivery_id: int) -> int:
    try:
        with session_scope(engine) as session:
            delivery = retry(session=session, delivery_id=delivery_id, now=utcnow())
    except NotRetryable as problem:
        print(f"career-bot: {problem}", file=sys.stderr)
        return REJECTED
    print(
        f"Delivery {delivery.id} ({delivery.kind} to {delivery.recipient}) is queued again; "
        "`career-bot jobs run deliver` sends it now."
    )
    return OK
