"""`career-bot`: run the bot, serve it over HTTP, run jobs, see the outbox, migrate, import."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from sqlalchemy.exc import OperationalError

from bot.cli import db, deliveries, jobs, org, run, team
from bot.cli.common import CONFIG, OK, REJECTED
from bot.config import ConfigError
from bot.schema import SchemaOutOfDate
from bot.slack.lookup import SlackUnavailable

__all__ = ["CONFIG", "OK", "REJECTED", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except (ConfigError, SchemaOutOfDate) as problem:
        print(f"career-bot: {problem}", file=sys.stderr)
        return CONFIG
    except SlackUnavailable as problem:
        print(f"career-bot: {problem}", file=sys.stderr)
        return REJECTED
    except OperationalError as problem:
        print(
            f"career-bot: cannot use the database ({problem.orig}): check DATABASE_URL",
            file=sys.stderr,
        )
        return CONFIG
    except KeyboardInterrupt:
        return OK
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="career-bot", description=__doc__)
    parser.add_argument("--version", action="version", version=f"career-bot {_version()}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    # In this order in `career-bot --help`.
    for group in (run, jobs, deliveries, db, org, team):
        group.register(commands)
    return parser


def _version() -> str:
    try:
        return version("career-bot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"
