"""`career-bot db upgrade` and `db copy`: migrate the schema; copy every table elsewhere."""

from __future__ import annotations

import argparse

from bot.cli.common import OK, REJECTED, Commands, fail, load_settings, needs
from bot.db import make_engine
from bot.schema import upgrade


def register(commands: Commands) -> None:
    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    db_commands.add_parser(
        "upgrade", help="migrate to the newest schema (safe to repeat)", epilog=needs()
    ).set_defaults(handler=upgrade_db)
    copying = db_commands.add_parser(
        "copy",
        help="copy every table to another, empty, migrated database (e.g. SQLite to Postgres)",
        epilog="Needs: nothing from the environment; stop the bot while it copies. The target "
        "must be migrated first (DATABASE_URL=TO career-bot db upgrade) and empty.",
    )
    copying.add_argument("--from", dest="source", required=True, metavar="URL")
    copying.add_argument("--to", dest="target", required=True, metavar="URL")
    copying.set_defaults(handler=copy_db)


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


def copy_db(args: argparse.Namespace) -> int:
    # Imported here: only this command needs the table list and the OAuth stores' tables.
    from bot.cli.db_copy import CopyRefused, copy_database

    try:
        copied = copy_database(args.source, args.target)
    except CopyRefused as refused:
        return fail(str(refused), REJECTED)
    for table, rows in copied.items():
        print(f"  {table:<24} {rows:>9} rows")
    print(
        f"Copied {sum(copied.values())} rows in {len(copied)} tables; every table holds as many "
        "rows as in the source. Point DATABASE_URL at the new database and start the bot."
    )
    return OK
