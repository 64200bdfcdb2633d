"""The exported record as a Markdown file a person can read, keep or print.

A file, not a Slack message: text is written exactly as it was typed, nothing escaped.
"""

from __future__ import annotations

from typing import Any

from bot.services.privacy.export import Record

PREP_QUESTIONS = {
    "feeling": "How I feel about my current role",
    "direction": "Direction",
    "passions": "Passions",
    "strengths": "Strengths",
    "improve": "What I want to improve, and why",
    "learn": "Skills I want to learn, and why",
    "satisfying": "Satisfying recent assignments",
    "unsatisfying": "Unsatisfying recent assignments",
    "support": "Support I want, and from whom",
}
NONE = "—"


def markdown_of(record: Record) -> str:
    """Headings per part of the record; every typed value verbatim."""
    lines = [f"# Career record of {record['person']['slack_user_id']}", ""]
    lines += [f"Exported {record['exported_at']}.", ""]
    lines += _settings(record["person"])
    lines += _preps(record["preps"])
    lines += _goals(record["goals"])
    lines += _skills(record["skills"], record["ratings_given"])
    lines += _conversations(record["conversations"])
    lines += _handovers(record["handovers"])
    return "\n".join(lines).rstrip() + "\n"


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _fields(pairs: list[tuple[str, Any]]) -> list[str]:
    return [f"- **{label}:** {_value(value)}" for label, value in pairs]


def _block(label: str, text: str) -> list[str]:
    """A multi-line answer under its label, indented so it stays one list item."""
    if not text:
        return []
    body = "\n".join(f"  {line}" for line in text.splitlines())
    return [f"- **{label}:**", body]


def _settings(person: Record) -> list[str]:
    return [
        "## Settings",
        "",
        *_fields(
            [
                ("Email", person["email"]),
                ("Time zone", person["time_zone"]),
                ("Team", person["team"]),
                ("Manager", person["manager"]),
                ("Mentors", person["mentors"]),
                ("Mentoring", person["mentoring"]),
                ("Cadence (days)", person["cadence_days"]),
                ("Reminders paused until", person["paused_until"]),
                ("Reminders snoozed until", person["snoozed_until"]),
                ("Joined", person["joined_at"]),
            ]
        ),
        "",
    ]


def _preps(preps: list[Record]) -> list[str]:
    lines = ["## Prep", ""]
    if not preps:
        return [*lines, "No prep yet.", ""]
    for prep in preps:
        if prep["submitted_at"]:
            lines += [f"### Sent {prep['submitted_at'][:10]}", ""]
        else:
            lines += [f"### Draft, last saved {prep['updated_at'][:10]}", ""]
        lines += _fields(
            [("Partner", prep["partner"]), ("Shared with partner", prep["shared_with_partner"])]
        )
        for key, answer in prep["answers"].items():
            lines += _block(PREP_QUESTIONS.get(key, key), str(answer))
        lines.append("")
    return lines


def _goals(goals: list[Record]) -> list[str]:
    lines = ["## Goals", ""]
    if not goals:
        return [*lines, "No goals yet.", ""]
    for goal in goals:
        lines += [f"### {goal['title']}", ""]
        lines += _fields(
            [
                ("Status", goal["status"]),
                ("Horizon", goal["horizon"]),
                ("Target date", goal["target_on"]),
                ("Skill", goal["skill"]),
            ]
        )
        for key in ("relevant", "experiment", "aspiration", "learning"):
            lines += _block(key.capitalize(), goal[key])
        lines.append("")
    return lines


def _skills(skills: list[Record], given: list[Record]) -> list[str]:
    lines = ["## Skills", ""]
    if not skills:
        lines += ["No skills yet.", ""]
    for skill in skills:
        lines += [f"### {skill['name']}", ""]
        lines += _block("What a 10 looks like", skill["ten_looks_like"])
        lines += _block("Options to gain a point", "\n".join(f"- {o}" for o in skill["options"]))
        lines += _block("Approach", skill["approach"])
        lines += _fields(
            [
                ("Target in 6 months", skill["target_6m"]),
                ("Target in 12 months", skill["target_12m"]),
                ("Target in 18 months", skill["target_18m"]),
            ]
        )
        lines += ["", "| Day | Rating | By |", "| --- | --- | --- |"]
        lines += [
            f"| {r['rated_on']} | {r['rating']} | {r['rated_by']} |" for r in skill["ratings"]
        ]
        lines.append("")
    if given:
        lines += ["### Ratings I gave others", "", "| Day | Person | Skill | Rating |"]
        lines.append("| --- | --- | --- | --- |")
        lines += [
            f"| {r['rated_on']} | {r['person']} | {r['skill']} | {r['rating']} |" for r in given
        ]
        lines.append("")
    return lines


def _conversations(conversations: list[Record]) -> list[str]:
    lines = ["## Conversations", ""]
    if not conversations:
        return [*lines, "No conversations yet.", ""]
    for c in conversations:
        other = c["partner"] if c["role"] == "employee" else c["employee"]
        lines += [f"### {c['held_on']} with {other} ({c['kind']})", ""]
        lines += _fields(
            [
                ("My role", c["role"]),
                ("Logged by", c["logged_by"]),
                ("Follow-up", c["follow_up"]),
                ("Next conversation", c["next_on"]),
            ]
        )
        lines += _block("Shared notes", c["shared_notes"])
        lines += _block("My private note", c["my_private_note"] or "")
        for item in c["action_items"]:
            state = "x" if item["done_at"] else " "
            due = f" (due {item['due_on']})" if item["due_on"] else ""
            lines.append(f"- [{state}] {item['body']} — {item['owner']}{due}")
        lines.append("")
    return lines


def _handovers(handovers: list[Record]) -> list[str]:
    if not handovers:
        return []
    lines = ["## Passed on to a new manager", ""]
    for h in handovers:
        shared = [k for k in ("goals", "recap", "items") if h[f"share_{k}"]]
        answer = (", ".join(shared) or "nothing") if h["answered_at"] else "not answered yet"
        lines.append(f"- {h['new_manager']} (asked {h['asked_at'][:10]}): {answer}")
    return [*lines, ""]
