"""Modals and Home tabs in the fake: trigger ids, view ids and hashes, the modal stack."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.fakeslack import limits
from tests.support.fakeslack.errors import SlackError

View = dict[str, Any]


@dataclass
class Trigger:
    issued_at: float
    view_id: str | None = None
    used: bool = False


class Views:
    """State and rules of views.open / push / update / publish."""

    def __init__(self, *, clock: Callable[[], float], app_id: str, bot_id: str) -> None:
        self.clock = clock
        self.app_id = app_id
        self.bot_id = bot_id
        self.triggers: dict[str, Trigger] = {}
        self.views: dict[str, View] = {}
        self.stacks: list[list[str]] = []
        self.homes: dict[str, str] = {}
        self._ids = itertools.count(1)

    # ---- triggers -------------------------------------------------------------------------

    def issue_trigger_id(self, *, view_id: str | None = None) -> str:
        n = next(self._ids)
        trigger_id = f"{1000000 + n}.{4000000000 + n}.{secrets.token_hex(16)}"
        self.triggers[trigger_id] = Trigger(issued_at=self.clock(), view_id=view_id)
        return trigger_id

    def expire_trigger_id(self, trigger_id: str) -> None:
        self.triggers[trigger_id].issued_at = float("-inf")

    def _trigger(self, args: dict[str, Any]) -> Trigger:
        trigger_id = str(args.get("trigger_id") or args.get("interactivity_pointer"))
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            raise SlackError("invalid_trigger_id", f"trigger_id {trigger_id!r} was never issued")
        if trigger.used:
            raise SlackError("exchanged_trigger_id", f"trigger_id {trigger_id!r} already used")
        age = self.clock() - trigger.issued_at
        if age > limits.TRIGGER_ID_TTL_SECONDS:
            raise SlackError(
                "expired_trigger_id",
                f"trigger_id used {age:.1f}s after issue > {limits.TRIGGER_ID_TTL_SECONDS:g}s",
            )
        return trigger

    # ---- methods --------------------------------------------------------------------------

    def open(self, args: dict[str, Any], team_id: str) -> View:
        trigger = self._trigger(args)
        if args["view"].get("type") != "modal":
            raise SlackError("invalid_arguments", "views.open only opens modals")
        self._check_external_id(args["view"])
        trigger.used = True
        view = self._new(args["view"], team_id)
        self.stacks.append([view["id"]])
        return view

    def push(self, args: dict[str, Any], team_id: str) -> View:
        trigger = self._trigger(args)
        if args["view"].get("type") != "modal":
            raise SlackError("invalid_arguments", "views.push only pushes modals")
        stack = self._stack_of(trigger.view_id) if trigger.view_id else None
        if stack is None and self.stacks:
            stack = self.stacks[-1]
        if stack is None:
            raise SlackError("not_found", "views.push without an open modal to push onto")
        if len(stack) >= limits.MODAL_STACK_MAX_VIEWS:
            raise SlackError("push_limit_reached", f"the modal stack already holds {len(stack)}")
        self._check_external_id(args["view"])
        trigger.used = True
        view = self._new(args["view"], team_id, root=stack[0], previous=stack[-1])
        stack.append(view["id"])
        return view

    def update(self, args: dict[str, Any], team_id: str) -> View:
        current = self._find(args.get("view_id"), args.get("external_id"))
        if current is None:
            raise SlackError("not_found")  # e.g. the user closed the modal: not our bug
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        if args["view"].get("type") != current["type"]:
            raise SlackError("invalid_arguments", "views.update cannot change a view's type")
        return self._replace(current, args["view"], team_id)

    def publish(self, args: dict[str, Any], team_id: str) -> View:
        if args["view"].get("type") != "home":
            raise SlackError("invalid_arguments", "views.publish only publishes Home tabs")
        user_id = str(args["user_id"])
        current = self.views.get(self.homes.get(user_id, ""))
        if current is None:
            view = self._new(args["view"], team_id)
            self.homes[user_id] = view["id"]
            return view
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        return self._replace(current, args["view"], team_id)

    # ---- queries for tests ----------------------------------------------------------------

    def open_views(self) -> list[View]:
        return [self.views[view_id] for stack in self.stacks for view_id in stack]

    def published_home(self, user_id: str) -> View | None:
        view_id = self.homes.get(user_id)
        return self.views[view_id] if view_id else None

    def close(self, view_id: str) -> None:
        """The user closed the modal: it and the views pushed over it are gone."""
        stack = self._stack_of(view_id)
        if stack is None:
            raise KeyError(f"{view_id} is not an open modal")
        del stack[stack.index(view_id) :]
        if not stack:
            self.stacks.remove(stack)

    # ---- internals ------------------------------------------------------------------------

    def _stack_of(self, view_id: str | None) -> list[str] | None:
        return next((s for s in self.stacks if view_id in s), None)

    def _find(self, view_id: str | None, external_id: str | None) -> View | None:
        live = {v for s in self.stacks for v in s} | set(self.homes.values())
        for candidate in live:
            view = self.views[candidate]
            if view_id and view["id"] == view_id:
                return view
            if external_id and not view_id and view.get("external_id") == external_id:
                return view
        return None

    def _check_external_id(self, payload: View) -> None:
        external_id = payload.get("external_id")
        if external_id and self._find(None, external_id) is not None:
            raise SlackError("duplicate_external_id")

    def _new(
        self, payload: View, team_id: str, *, root: str | None = None, previous: str | None = None
    ) -> View:
        view_id = f"V0{next(self._ids):08d}"
        view = self._shape(payload, view_id, team_id, root=root or view_id, previous=previous)
        self.views[view_id] = view
        return view

    def _replace(self, current: View, payload: View, team_id: str) -> View:
        view = self._shape(
            payload,
            current["id"],
            team_id,
            root=current["root_view_id"],
            previous=current["previous_view_id"],
        )
        self.views[current["id"]] = view
        return view

    def _shape(
        self, payload: View, view_id: str, team_id: str, *, root: str, previous: str | None
    ) -> View:
        """A view as Slack returns it (java-slack-sdk-json-logs api/views.open.json keys)."""
        view: View = {
            "id": view_id,
            "team_id": team_id,
            "type": payload["type"],
            "blocks": payload.get("blocks", []),
            "private_metadata": payload.get("private_metadata", ""),
            "callback_id": payload.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{1700000000 + next(self._ids)}.{secrets.token_hex(4)}",
            "clear_on_close": bool(payload.get("clear_on_close", False)),
            "notify_on_close": bool(payload.get("notify_on_close", False)),
            "root_view_id": root,
            "previous_view_id": previous,
            "app_id": self.app_id,
            "external_id": payload.get("external_id", ""),
            "app_installed_team_id": team_id,
            "bot_id": self.bot_id,
        }
        for key in ("title", "submit", "close"):
            if key in payload:
                view[key] = payload[key]
        return view
