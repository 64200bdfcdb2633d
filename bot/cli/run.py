"""`career-bot run` (Socket Mode) and `career-bot serve` (HTTP): the bot and its scheduler."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import (
    OK,
    SLACK_TOKEN,
    Commands,
    check_token,
    load_settings,
    needs,
    ready_engine,
    slack_settings,
)
from bot.config import ConfigError
from bot.db import make_engine

# Threads that take Socket Mode envelopes off the connection (slack_sdk's default is 10). Each
# waits in Bolt until its listener, on the app's listener pool, has acked; as many as that
# pool has threads, so a burst fills the pool instead of queueing in front of it. (Measured
# with bench_requests: 10 and 32 acknowledged every command at 50 at once alike.)
SOCKET_MODE_THREADS = 16  # bot.app.LISTENER_THREADS (imported lazily, as the app is)


def register(commands: Commands) -> None:
    run = commands.add_parser(
        "run",
        help="Socket Mode + scheduler in one process",
        epilog=needs("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"),
    )
    run.set_defaults(handler=run_socket_mode)

    serve = commands.add_parser(
        "serve",
        help="HTTP mode: POST /slack/events, GET /healthz",
        epilog=needs("SLACK_SIGNING_SECRET", SLACK_TOKEN),
    )
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    serve.add_argument("--threads", type=int, default=8, help="threads per process (default 8)")
    serve.add_argument(
        "--no-scheduler", action="store_true", help="serve requests only; run the jobs elsewhere"
    )
    serve.set_defaults(handler=serve_http)


def run_socket_mode(args: argparse.Namespace) -> int:
    # The app, the jobs and Slack's SDK load here, not at the top, so that the commands that
    # need none of them (`db upgrade`, `deliveries list`) start quickly.
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import build_app
    from bot.jobs import JobContext, all_jobs, build_scheduler

    settings = load_settings("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    if settings.oauth:
        raise ConfigError(
            "career-bot run serves one workspace with SLACK_BOT_TOKEN: unset SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET, or install in several workspaces with career-bot serve"
        )
    with ready_engine(settings) as engine:
        check_token(settings)
        app = build_app(settings, engine=engine, socket_mode=True)
        scheduler = build_scheduler(all_jobs(), JobContext(settings, engine))
        scheduler.start()
        print("career-bot is running in Socket Mode. Press Ctrl+C to stop.", file=sys.stderr)
        try:
            SocketModeHandler(  # type: ignore[no-untyped-call]
                app, settings.app_token, concurrency=SOCKET_MODE_THREADS
            ).start()
        finally:
            scheduler.shutdown(wait=False)
    return OK


def serve_http(args: argparse.Namespace) -> int:
    # Lazy for start-up, as above; `load_app` runs in each gunicorn worker.
    from bot.server import Server, one_scheduler_per_replica, remove_scheduler_lock

    settings = slack_settings("SLACK_SIGNING_SECRET")
    with ready_engine(settings):
        if settings.bot_token:
            check_token(settings)
    with_scheduler = not args.no_scheduler

    def load_app() -> object:
        from bot.app import build_app
        from bot.jobs import JobContext, all_jobs, build_scheduler
        from bot.web import WebApp

        engine = make_engine(settings.database_url)
        app = build_app(settings, engine=engine)
        if with_scheduler:
            scheduler = build_scheduler(all_jobs(), JobContext(settings, engine))
            one_scheduler_per_replica(scheduler.start)
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
            "on_exit": remove_scheduler_lock,
        },
    ).run()
    return OK
