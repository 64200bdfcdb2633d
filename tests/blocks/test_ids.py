"""Every action, callback and block id: unique across surfaces and within Slack's limits."""

from __future__ import annotations

from enum import StrEnum

from bot.blocks import ids

SURFACES = [
    value
    for value in vars(ids).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
]


def test_every_surface_is_collected() -> None:
    assert {s.__name__ for s in SURFACES} >= {"Home", "Lapse", "Goals", "Handover", "Recap"}


def test_no_value_is_used_twice_even_across_surfaces() -> None:
    values = [member.value for surface in SURFACES for member in surface]
    assert len(values) == len(set(values))


def test_ids_are_short_lower_snake_case() -> None:
    for surface in SURFACES:
        for member in surface:
            # Slack allows 255 characters for an action_id and block_id.
            assert 0 < len(member.value) <= 255, member
            assert member.value == member.value.lower() and " " not in member.value, member


def test_ids_compare_as_their_strings() -> None:
    assert ids.Home.OPEN_PREP == "home_open_prep"
    assert f"{ids.Lapse.SCHEDULE}" == "lapse_schedule"
