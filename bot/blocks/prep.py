"""The prep modal (three short steps), its endings, and the agenda messages it sends."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.command_words import COMMAND
from bot.blocks.ids import Prep as Ids
from bot.blocks.inputs import checkbox, modal, plain, select, text_input, user_select
from bot.blocks.render import mention, render
from bot.blocks.sections import long_sections
from bot.blocks.text import Block, context, divider, section
from bot.forms import MAX_TEXT
from bot.shapes.prep import LAST_STEP, REQUIRED, STEPS, Agenda, Briefing, Draft

TITLE = "Career prep"
QUESTIONS = {
    "feeling": "How do you feel about your current role these days?",
    "direction": "Which direction pulls you most right now?",
    "passions": "What work excites you? Think of a moment you were proud of.",
    "strengths": "What are you strongest at? What do people come to you for?",
    "improve": "What would you like to get better at, and why?",
    "learn": "Which skills would you like to learn, and why?",
    "satisfying": "Which recent assignment did you enjoy most? What made it good?",
    "unsatisfying": "And one that didn't feel right? What got in the way?",
    "support": "What support would help, and from whom?",
}
PLACEHOLDERS = {
    "feeling": "Energised, stuck, stretched, bored… and what makes it so",
    "passions": "The project, the problem, the moment",
    "strengths": "Skills, habits, the things that come easily to you",
    "improve": "One or two things, and why they matter to you",
    "learn": "A skill, a tool, a domain, and where it would take you",
    "satisfying": "What you did, and the part you'd happily do again",
    "unsatisfying": "What happened, and what would have made it better",
    "support": "Time, a budget, a mentor, feedback… from your manager, a peer, someone else",
}
DIRECTIONS = [
    ("management", "Management: leading people"),
    ("expert", "Expert: going deeper in my craft"),
    ("pivot", "A move into another function"),
    ("new_industry", "A new industry"),
    ("not_sure", "Not sure yet, and that's fine"),
]
STEP_TITLES = ("Where you are", "Where you'd like to grow", "The conversation")
STEP_INTROS = (
    "Take a few minutes to think about where you are. Short answers are fine, "
    "and I keep a draft as you go: close this any time and pick up where you left off.",
    "Be specific: one real project or moment says more than a general wish.",
    "Last step: who you're talking with, and whether they see your answers before you meet.",
)
PARTNER_HINT = "Your manager by default; a mentor or a peer works too."
SHARE_LABEL = "Share my answers with them before we meet"
SHARE_NOTE = "Unticked, your answers stay private: only you get the agenda."
DONE = ":white_check_mark: *Sent.* Your agenda is in your messages from me."
DONE_SHARED = "I've also shared it with {partner} so they can prepare."
DONE_PRIVATE = "Your answers stay private: {partner} gets nothing from me."
REFUSED = (
    "I can't save this: it isn't your open prep, or it was already sent. "
    f"Type `{COMMAND}` to start or resume your own."
)
AGENDA_TEXT = "Your agenda for your career conversation with {partner}"
PARTNER_TEXT = "{employee} shared their prep for your next career conversation"
PARTNER_FOOTER = (
    "Only you and {employee} get this. Their prep stays theirs; please don't forward it."
)
EMPLOYEE_FOOTER = f"Start a fresh prep any time with `{COMMAND}`."
HORIZONS = {
    "short": "short term (≤ 6 months)",
    "medium": "medium term (~12 months)",
    "long": "long term (18+ months)",
}
MESSAGE_MAX_BLOCKS = 50
SHORTENED = "_This message was shortened to fit in Slack._"


def metadata(prep_id: int | None, step: int) -> str:
    """What the modal carries between steps: data for us, never authority (see the handler)."""
    return json.dumps({"prep": prep_id, "step": step})


def read_metadata(text: str) -> tuple[int | None, int]:
    """The prep id and step a modal claims to be; a malformed value reads as a fresh step 1."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return None, 1
    prep, step = (raw.get("prep"), raw.get("step")) if isinstance(raw, dict) else (None, 1)
    prep_id = prep if isinstance(prep, int) and not isinstance(prep, bool) else None
    return prep_id, step if isinstance(step, int) and 1 <= step <= LAST_STEP else 1


def prep_modal(draft: Draft, *, step: int) -> dict[str, Any]:
    """One step of the prep form, filled in from the draft."""
    blocks: list[Block] = [
        section(f"*{step} of {LAST_STEP} · {STEP_TITLES[step - 1]}*"),
        context(STEP_INTROS[step - 1]),
    ]
    blocks += [_field(name, draft) for name in STEPS[step - 1]]
    if step == LAST_STEP:
        blocks.append(context(SHARE_NOTE))
    if step > 1:
        blocks.append(
            {
                "type": "actions",
                "block_id": Ids.BACK,
                "elements": [{"type": "button", "text": plain("← Back"), "action_id": Ids.BACK}],
            }
        )
    return modal(
        title=TITLE,
        callback_id=Ids.MODAL,
        blocks=blocks,
        submit="Next" if step < LAST_STEP else "Send",
        close="Save for later",
        private_metadata=metadata(draft.prep_id, step),
        notify_on_close=True,
    )


def _field(name: str, draft: Draft) -> Block:
    optional = name not in REQUIRED
    if name == "direction":
        return select(
            name, QUESTIONS[name], DIRECTIONS, initial=draft.answers.get(name), radio=True
        )
    if name == "partner":
        return user_select(
            name, "Who is the conversation with?", initial=draft.partner_user_id, hint=PARTNER_HINT
        )
    if name == "share":
        return checkbox(name, "Sharing", ("yes", SHARE_LABEL), checked=draft.shared)
    return text_input(
        name,
        QUESTIONS[name],
        initial=draft.answers.get(name),
        multiline=True,
        max_length=MAX_TEXT,
        optional=optional,
        placeholder=PLACEHOLDERS[name],
    )


def done_modal(*, partner_user_id: str, shared: bool) -> dict[str, Any]:
    partner = mention(partner_user_id)
    follow = DONE_SHARED if shared else DONE_PRIVATE
    return modal(
        title=TITLE,
        callback_id=Ids.DONE,
        blocks=[section(DONE), context(follow.format(partner=partner))],
        submit=None,
        close="Done",
    )


def refused_modal() -> dict[str, Any]:
    return modal(
        title=TITLE, callback_id=Ids.REFUSED, blocks=[section(REFUSED)], submit=None, close="OK"
    )


def employee_agenda(agenda: Agenda) -> tuple[str, list[Block]]:
    """The employee's own DM: their agenda, and whether the partner sees it."""
    text = render(
        "prep_employee.j2",
        partner=agenda.partner_user_id,
        shared=agenda.shared,
        answers=_answers(agenda),
    )
    blocks = long_sections(text)
    return AGENDA_TEXT.format(partner=mention(agenda.partner_user_id)), _capped(
        blocks, [context(EMPLOYEE_FOOTER)]
    )


def partner_agenda(agenda: Agenda, briefing: Briefing) -> tuple[str, list[Block]]:
    """The partner's DM when the employee shared: the agenda, then prompts to prepare with."""
    employee = mention(agenda.employee_user_id)
    intro = render("prep_partner.j2", employee=agenda.employee_user_id, answers=_answers(agenda))
    prompts = render(
        "prep_briefing.j2",
        together=briefing.conversations_together,
        last_held_on=briefing.last_held_on,
        items=briefing.items,
        items_total=briefing.items_total,
        goals=briefing.goals,
        goals_total=briefing.goals_total,
        horizons=HORIZONS,
        last_notes=briefing.last_notes,
    )
    # The briefing goes first when space runs short: it is what the partner acts on.
    tail = [divider(), *long_sections(prompts), context(PARTNER_FOOTER.format(employee=employee))]
    return PARTNER_TEXT.format(employee=employee), _capped(long_sections(intro), tail)


def _answers(agenda: Agenda) -> list[tuple[str, str]]:
    labels = dict(DIRECTIONS)
    found = []
    for name in (n for step in STEPS for n in step):
        answer = agenda.answers.get(name)
        if name in QUESTIONS and answer:
            found.append((QUESTIONS[name], labels.get(answer, answer)))
    return found


def _capped(head: list[Block], tail: list[Block]) -> list[Block]:
    """`head` then `tail` within Slack's 50 blocks; `head` is cut short if it must be."""
    room = MESSAGE_MAX_BLOCKS - len(tail)
    if len(head) > room:
        head = [*head[: room - 1], context(SHORTENED)]
    return [*head, *tail]
