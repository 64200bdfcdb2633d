"""`career-bot db upgrade`: migrate the database to the newest schema."""

from __future__ import annotations

import argparse

from bot.cli.common import OK, Commands, load_settings, needs
from bot.db import make_engine
from bot.schema import upgrade


def register(commands: Commands) -> None:
    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    db_commands.add_parser(
        "upgrade", help="migrate to the newest schema (safe to repeat)", epilog=needs()
    ).set_defaults(handler=upgrade_db)


def upgrade_db(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"The database is already at the newest schema ({after}).")
    else:
        print(f"Upgraded the database from {before or 'empty'} to {after}.")
    return OK
