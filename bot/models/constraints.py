"""Allowed values and check-constraint helpers the tables share."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
)

CADENCE_DAYS = {"monthly": 30, "quarterly": 90, "six_monthly": 182, "yearly": 365}
HORIZONS = ("short", "medium", "long")
CONVERSATION_KINDS = ("manager", "mentor", "peer", "informal")
FOLLOW_UPS = ("one_on_ones", "monthly", "none")
DELIVERY_STATES = ("pending", "leased", "sent", "dead", "unknown")
PAIR_CHECK = (
    "pair_low < pair_high AND ((pair_low = employee_id AND pair_high = partner_id) "
    "OR (pair_low = partner_id AND pair_high = employee_id))"
)


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)
