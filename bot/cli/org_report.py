"""What `career-bot org import` says it did: a summary, the first changes, a full report file.

The report file is CSV (line, email, slack_user_id, change): what the operator's own file
said and the Slack ids it matched, nothing anyone wrote in the bot.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from pathlib import Path

from bot.services.org.import_apply import ImportReport, RowChange
from bot.slack.accounts import SlackUser

FIRST = 10  # changes of each kind a dry run lists; --report has them all
_KINDS = ("added", "manager", "team", "back", "left")


def report_problem(path: Path) -> str | None:
    """Why a report cannot be written at `path`, asked before Slack is; None if it can."""
    if path.is_dir():
        return f"--report {path} is a folder: give the path of a file to write, e.g. report.csv"
    folder = path.parent
    if not folder.is_dir():
        return f"--report {path}: the folder {folder} does not exist"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"--report {path} cannot be written (permission denied)"
    return None


def write_report(
    path: Path,
    report: ImportReport,
    *,
    lines: Mapping[str, int],
    users: Mapping[str, SlackUser],
) -> None:
    """Every change, every new team and every unchanged row, one per CSV line, in file order."""
    with path.open("w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["line", "email", "slack_user_id", "change"])
        for change in report.rows:
            slack_id = users[change.email].user_id if change.email in users else ""
            out.writerow([change.line or "", change.email, slack_id, "; ".join(change.changes)])
        for email in report.unchanged:
            out.writerow([lines.get(email, ""), email, users[email].user_id, "unchanged"])
        for name in report.teams_created:
            out.writerow(["", "", "", f"new team: {name}"])


def summary(report: ImportReport, *, rows: int, dry_run: bool) -> str:
    verb = "Would import" if dry_run else "Imported"
    return (
        f"{verb} {rows} rows: {len(report.added)} people added, "
        f"{len(report.manager_changed)} managers changed, {len(report.team_changed)} teams "
        f"changed, {len(report.returned)} back, {len(report.left)} left, "
        f"{len(report.unchanged)} unchanged; {len(report.teams_created)} new teams."
    )


def first_changes(changes: list[RowChange]) -> tuple[list[RowChange], int]:
    """The changes that are among the first `FIRST` of one of their kinds; how many are not."""
    shown: dict[str, int] = dict.fromkeys(_KINDS, 0)
    first = []
    for change in changes:
        kinds = {kind for kind in _KINDS for text in change.changes if text.startswith(kind)}
        if any(shown[kind] < FIRST for kind in kinds):
            first.append(change)
            for kind in kinds:
                shown[kind] += 1
    return first, len(changes) - len(first)
