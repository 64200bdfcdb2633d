"""Fill in a modal as a person would: `state.values` for a view's input blocks."""

from __future__ import annotations

from datetime import date
from typing import Any


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Slack's `state.values` for `view` with `answers` ({field: value}) typed in.

    Inputs not in `answers` are submitted empty, as Slack does for untouched optional fields.
    """
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element = block["element"]
        answer = answers.get(block["block_id"])
        state[block["block_id"]] = {element["action_id"]: _element_state(element, answer)}
    unknown = set(answers) - set(state)
    assert not unknown, f"the view has no inputs named {sorted(unknown)}"
    return state


def _element_state(element: dict[str, Any], answer: Any) -> dict[str, Any]:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input"):
        return {"type": kind, "value": None if answer is None else str(answer)}
    if kind in ("static_select", "radio_buttons"):
        options = {o["value"]: o for o in element["options"]}
        return {"type": kind, "selected_option": options[answer] if answer else None}
    if kind == "users_select":
        return {"type": kind, "selected_user": answer}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(answer or [])}
    if kind == "checkboxes":
        options = {o["value"]: o for o in element["options"]}
        return {"type": kind, "selected_options": [options[v] for v in answer or []]}
    if kind == "datepicker":
        picked = answer.isoformat() if isinstance(answer, date) else answer
        return {"type": kind, "selected_date": picked}
    raise AssertionError(f"no test support for {kind} inputs yet")
