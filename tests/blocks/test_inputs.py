"""Modal input builders: each input's block_id and action_id are its field name."""

from __future__ import annotations

from datetime import date

from bot.blocks.inputs import (
    checkbox,
    date_input,
    modal,
    number_input,
    option,
    select,
    text_input,
    user_select,
)
from tests.support.fakeslack.blockkit import check_view

OPTIONS = [("a", "Alpha"), ("b", "Beta")]


def test_a_text_input_is_named_by_its_field_and_cuts_its_initial_value() -> None:
    block = text_input("title", "Title", initial="x" * 50, max_length=10, hint="h")
    assert block["block_id"] == block["element"]["action_id"] == "title"
    assert block["element"]["initial_value"] == "x" * 10
    assert block["element"]["max_length"] == 10 and block["hint"]["text"] == "h"
    assert block["optional"] is False
    bare = text_input("t", "T", initial="", multiline=True, placeholder="p")
    assert "initial_value" not in bare["element"] and "hint" not in bare
    assert bare["element"]["multiline"] is True
    assert bare["element"]["placeholder"]["text"] == "p"


def test_a_number_input_is_whole_and_bounded() -> None:
    element = number_input("n", "N", initial=0, min_value=1, max_value=20)["element"]
    assert element["is_decimal_allowed"] is False
    assert (element["min_value"], element["max_value"]) == ("1", "20")
    assert element["initial_value"] == "0"  # zero is a value
    assert "initial_value" not in number_input("n", "N")["element"]


def test_a_select_preselects_only_a_known_option() -> None:
    element = select("s", "S", OPTIONS, initial="b")["element"]
    assert element["type"] == "static_select"
    assert element["initial_option"] == option("b", "Beta")
    assert element["placeholder"]["text"] == "Choose…"
    unknown = select("s", "S", OPTIONS, initial="zzz")["element"]
    assert "initial_option" not in unknown
    radio = select("s", "S", OPTIONS, radio=True)["element"]
    assert radio["type"] == "radio_buttons" and "placeholder" not in radio


def test_user_selects_single_and_multi() -> None:
    one = user_select("u", "U", initial="U0A")["element"]
    assert (one["type"], one["initial_user"]) == ("users_select", "U0A")
    many = user_select("u", "U", multi=True, initial_many=["U0A", "U0B"], initial="U0C")
    assert many["element"]["type"] == "multi_users_select"
    assert many["element"]["initial_users"] == ["U0A", "U0B"]
    assert "initial_user" not in many["element"]
    assert many["element"]["placeholder"]["text"] == "Choose people…"


def test_dates_and_checkboxes() -> None:
    assert date_input("d", "D", initial=date(2025, 3, 4))["element"]["initial_date"] == "2025-03-04"
    assert "initial_date" not in date_input("d", "D")["element"]
    ticked = checkbox("c", "C", ("yes", "Yes"), checked=True)
    assert ticked["optional"] is True
    assert ticked["element"]["initial_options"] == [option("yes", "Yes")]
    assert "initial_options" not in checkbox("c", "C", ("yes", "Yes"))["element"]


def test_a_modal_is_valid_and_carries_only_what_it_was_given() -> None:
    blocks = [text_input("t", "T"), select("s", "S", OPTIONS)]
    view = modal(title="T", callback_id="cb", blocks=blocks, private_metadata="7")
    assert check_view(view) == []
    assert (view["submit"]["text"], view["close"]["text"]) == ("Save", "Cancel")
    assert view["private_metadata"] == "7" and "external_id" not in view
    bare = modal(title="T", callback_id="cb", blocks=blocks, submit=None, external_id="x")
    assert "submit" not in bare and bare["external_id"] == "x"
