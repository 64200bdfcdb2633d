"""`career-bot`: run the bot, serve it over HTTP, run jobs, see the outbox, migrate, import."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.config import ConfigError, Settings
from bot.db import make_engine
from bot.schema import SchemaOutOfDate, check_current, upgrade
from bot.slack.lookup import SlackUnavailable

OK, REJECTED, CONFIG = 0, 1, 2
WORKSPACE_HELP = "with OAuth installs (SLACK_CLIENT_ID): the Slack team id of the workspace"


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
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="Socket Mode + scheduler in one process")
    run.set_defaults(handler=_run)

    serve = commands.add_parser("serve", help="HTTP mode: POST /slack/events, GET /healthz")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    serve.add_argument("--threads", type=int, default=8, help="threads per process (default 8)")
    serve.add_argument(
        "--no-scheduler", action="store_true", help="serve requests only; run the jobs elsewhere"
    )
    serve.set_defaults(handler=_serve)

    jobs = commands.add_parser("jobs", help="run one scheduled job now, or list them")
    job_commands = jobs.add_subparsers(required=True, metavar="ACTION")
    job_commands.add_parser("list", help="every job and whether it works yet").set_defaults(
        handler=_jobs_list
    )
    job_run = job_commands.add_parser("run", help="run one job now and exit")
    job_run.add_argument("name")
    job_run.set_defaults(handler=_jobs_run)

    deliveries = commands.add_parser("deliveries", help="the outbox, for operators")
    delivery_commands = deliveries.add_subparsers(required=True, metavar="ACTION")
    deliveries_list = delivery_commands.add_parser(
        "list", help="deliveries not sent yet (or only dead / unknown ones), with the reason"
    )
    deliveries_list.add_argument(
        "--dead", action="store_true", help="only those Slack refused for good"
    )
    deliveries_list.add_argument(
        "--unknown", action="store_true", help="only those that may or may not have arrived"
    )
    deliveries_list.set_defaults(handler=_deliveries_list)
    deliveries_retry = delivery_commands.add_parser(
        "retry", help="send a dead or unknown delivery again (check Slack first for unknown)"
    )
    deliveries_retry.add_argument("id", type=int)
    deliveries_retry.set_defaults(handler=_deliveries_retry)

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    db_commands.add_parser(
        "upgrade", help="migrate to the newest schema (safe to repeat)"
    ).set_defaults(handler=_db_upgrade)

    org = commands.add_parser("org", help="reporting lines")
    org_commands = org.add_subparsers(required=True, metavar="ACTION")
    org_import = org_commands.add_parser(
        "import", help="import FILE.csv (email, manager_email, team): all rows or none"
    )
    org_import.add_argument("file", type=Path)
    org_import.add_argument(
        "--dry-run", action="store_true", help="check and report, write nothing"
    )
    org_import.add_argument(
        "--partial",
        action="store_true",
        help="the file lists only some people: do not mark those missing from it as left",
    )
    org_import.add_argument("--workspace", metavar="TEAM_ID", help=WORKSPACE_HELP)
    org_import.set_defaults(handler=_org_import)

    team = commands.add_parser("team", help="teams and their digest channels")
    team_commands = team.add_subparsers(required=True, metavar="ACTION")
    team_set = team_commands.add_parser("set", help="create or update a team")
    team_set.add_argument("name")
    team_set.add_argument("--lead", required=True, metavar="EMAIL")
    team_set.add_argument("--channel", required=True, metavar="CHANNEL_ID")
    team_set.add_argument("--workspace", metavar="TEAM_ID", help=WORKSPACE_HELP)
    team_set.set_defaults(handler=_team_set)
    return parser


def _settings(*require: str) -> Settings:
    settings = Settings.from_env(require=require)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return settings


@contextmanager
def _ready_engine(settings: Settings) -> Iterator[Engine]:
    """The database, checked to be at the newest schema; closed when the command ends."""
    engine = make_engine(settings.database_url)
    try:
        check_current(engine)
        yield engine
    finally:
        engine.dispose()


def _run(args: argparse.Namespace) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import build_app
    from bot.jobs import JobContext, all_jobs, build_scheduler

    settings = _settings("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    if settings.oauth:
        raise ConfigError(
            "career-bot run serves one workspace with SLACK_BOT_TOKEN: unset SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET, or install in several workspaces with career-bot serve"
        )
    with _ready_engine(settings) as engine:
        _check_token(settings)
        app = build_app(settings, engine=engine, socket_mode=True)
        scheduler = build_scheduler(all_jobs(), JobContext(settings, engine))
        scheduler.start()
        print("career-bot is running in Socket Mode. Press Ctrl+C to stop.", file=sys.stderr)
        try:
            SocketModeHandler(app, settings.app_token).start()  # type: ignore[no-untyped-call]
        finally:
            scheduler.shutdown(wait=False)
    return OK


def _serve(args: argparse.Namespace) -> int:
    from bot.server import Server

    settings = _slack_settings("SLACK_SIGNING_SECRET")
    with _ready_engine(settings):
        if settings.bot_token:
            _check_token(settings)
    with_scheduler = not args.no_scheduler

    def load_app() -> object:
        from bot.app import build_app
        from bot.jobs import JobContext, all_jobs, build_scheduler
        from bot.web import WebApp

        engine = make_engine(settings.database_url)
        app = build_app(settings, engine=engine)
        if with_scheduler:
            build_scheduler(all_jobs(), JobContext(settings, engine)).start()
        return WebApp(app, engine=engine, signing_secret=settings.signing_secret or "")

    Server(
        load_app,
        {
            "bind": f"{args.host}:{args.port}",
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "loglevel": settings.log_level.lower(),
        },
    ).run()
    return OK


def _slack_settings(*require: str) -> Settings:
    """Settings for a command that calls Slack: SLACK_BOT_TOKEN, unless OAuth installs hold
    the tokens (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)."""
    settings = _settings(*require)
    return settings if settings.oauth else _settings("SLACK_BOT_TOKEN", *require)


def _acting_in(settings: Settings, engine: Engine, workspace: str | None) -> Settings:
    """Settings whose bot token acts in one workspace: SLACK_BOT_TOKEN's, or with OAuth the
    installation of `--workspace`."""
    from bot.slack.installations import bot_token_for, installation_store

    if not settings.oauth:
        if workspace is not None:
            raise ConfigError(
                "--workspace picks an installation when SLACK_CLIENT_ID is set; "
                "SLACK_BOT_TOKEN already belongs to one workspace, so leave --workspace out"
            )
        return settings
    if workspace is None:
        raise ConfigError(
            "with SLACK_CLIENT_ID set the app may be installed in several workspaces: say which "
            "with --workspace T0123ABCD (the Slack team id of an installation)"
        )
    token = bot_token_for(installation_store(settings, engine), slack_team_id=workspace)
    if token is None:
        raise ConfigError(
            f"the app is not installed in workspace {workspace}: install it there through "
            "/slack/install on your server first"
        )
    return replace(settings, bot_token=token)


def _check_token(settings: Settings) -> str:
    """The Slack team id the bot token belongs to; a clear error if Slack refuses it."""
    from bot.slack.client import make_client

    try:
        reply = make_client(settings).auth_test()
    except SlackApiError as error:
        code = error.response.get("error")
        raise SlackUnavailable(
            f"Slack refused SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token again "
            "from your Slack app's OAuth & Permissions page"
        ) from None
    except (SlackClientError, OSError) as error:
        raise SlackUnavailable(
            f"cannot reach Slack at {settings.slack_api_url} ({error}): check your network "
            "or SLACK_API_URL"
        ) from None
    return str(reply["team_id"])


def _jobs_list(args: argparse.Namespace) -> int:
    from bot.jobs import all_jobs

    for job in all_jobs():
        print(f"{job.name:<15} {job.summary}")
    return OK


def _jobs_run(args: argparse.Namespace) -> int:
    from bot.jobs import JobContext, all_jobs, job_named

    job = job_named(args.name)
    if job is None:
        names = ", ".join(j.name for j in all_jobs())
        print(f"career-bot: there is no job {args.name!r}; the jobs are {names}", file=sys.stderr)
        return CONFIG
    settings = _slack_settings()
    with _ready_engine(settings) as engine:
        counts = job.run(JobContext(settings, engine))
    shown = ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in counts.items())
    print(f"{job.name}: {shown or 'nothing to do'}")
    return OK


def _deliveries_list(args: argparse.Namespace) -> int:
    from bot.cli_deliveries import list_deliveries

    settings = _settings()
    states = [s for s, wanted in (("dead", args.dead), ("unknown", args.unknown)) if wanted]
    with _ready_engine(settings) as engine:
        return list_deliveries(engine, states=states)


def _deliveries_retry(args: argparse.Namespace) -> int:
    from bot.cli_deliveries import retry_delivery

    settings = _settings()
    with _ready_engine(settings) as engine:
        return retry_delivery(engine, args.id)


def _db_upgrade(args: argparse.Namespace) -> int:
    settings = _settings()
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


def _org_import(args: argparse.Namespace) -> int:
    from bot.cli_org import import_org

    settings = _slack_settings()
    with _ready_engine(settings) as engine:
        settings = _acting_in(settings, engine, args.workspace)
        return import_org(
            settings,
            engine,
            args.file,
            dry_run=args.dry_run,
            partial=args.partial,
            team_id=_check_token(settings),
        )


def _team_set(args: argparse.Namespace) -> int:
    from bot.cli_org import set_team

    settings = _slack_settings()
    with _ready_engine(settings) as engine:
        settings = _acting_in(settings, engine, args.workspace)
        return set_team(
            settings,
            engine,
            args.name,
            lead_email=args.lead,
            channel=args.channel,
            team_id=_check_token(settings),
        )


def progress_printer(total: int, label: str) -> Callable[[int], None]:
    """Progress on stderr: a live counter on a terminal, a line every 10% otherwise.

    `done` may jump (a page of results at a time); a line is printed on each new tenth.
    """
    live = sys.stderr.isatty()
    shown = [-1]  # the last tenth printed

    def show(done: int) -> None:
        if live:
            end = "\n" if done == total else ""
            print(f"\r{label} {done}/{total}", end=end, file=sys.stderr, flush=True)
        elif (tenth := 10 * done // max(total, 1)) > shown[0]:
            shown[0] = tenth
            print(f"{label} {done}/{total}", file=sys.stderr)

    return show
