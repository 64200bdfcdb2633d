"""`career-bot jobs list` and `career-bot jobs run NAME`: the scheduled jobs, by hand."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import CONFIG, OK, SLACK_TOKEN, Commands, needs, ready_engine, slack_settings

# For `jobs run --help` without importing the jobs (slow to load); a test keeps it equal to
# bot.jobs.all_jobs().
JOB_NAMES = ("lapses", "followups", "prep-reminders", "digests", "deliver", "retention")


def register(commands: Commands) -> None:
    jobs = commands.add_parser("jobs", help="run one scheduled job now, or list them")
    job_commands = jobs.add_subparsers(required=True, metavar="ACTION")
    job_commands.add_parser("list", help="every job and whether it works yet").set_defaults(
        handler=list_jobs
    )
    job_run = job_commands.add_parser(
        "run", help="run one job now and exit", epilog=needs(SLACK_TOKEN)
    )
    job_run.add_argument("name", help=f"one of: {', '.join(JOB_NAMES)}")
    job_run.set_defaults(handler=run_job)


def list_jobs(args: argparse.Namespace) -> int:
    # The jobs load the services and Slack's SDK: imported here to keep start-up quick.
    from bot.jobs import all_jobs

    for job in all_jobs():
        print(f"{job.name:<15} {job.summary}")
    return OK


def run_job(args: argparse.Namespace) -> int:
    from bot.jobs import JobContext, all_jobs, job_named

    job = job_named(args.name)
    if job is None:
        names = ", ".join(j.name for j in all_jobs())
        print(f"career-bot: there is no job {args.name!r}; the jobs are {names}", file=sys.stderr)
        return CONFIG
    settings = slack_settings()
    with ready_engine(settings) as engine:
        counts = job.run(JobContext(settings, engine))
    shown = ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in counts.items())
    print(f"{job.name}: {shown or 'nothing to do'}")
    return OK
