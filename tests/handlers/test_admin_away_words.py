"""`/career-prep admin`'s away words over signed HTTP: saved, shown again, refused on their
field when bad, and used the next time someone's status is read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.models import Person
from tests.support.admin_modal import (
    DEFAULTS,
    GOOD,
    open_admin,
    saved_away_words,
    saved_settings,
    submit_form,
)
from tests.support.app_server import AppServer
from tests.support.factories import person_id
from tests.support.fakeslack.fixtures import EMPLOYEE
from tests.support.slack_status import change_status
from tests.support.slack_ui import eventually


def _away(engine: Engine, person: int) -> bool:
    with Session(engine) as session:
        return (session.get(Person, person) or Person()).away


def _say(app_server: AppServer, engine: Engine, person: int, text: str, *, away: bool) -> None:
    change_status(app_server, EMPLOYEE, at=datetime.now(UTC), text=text)
    eventually(lambda: _away(engine, person) is away)


def test_an_admins_own_words_are_saved_shown_again_and_judge_the_next_status(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    ada = person_id(engine, EMPLOYEE)
    answers = {**GOOD, "away_words": " Sabbatical,  parental   LEAVE\nsabbatical, off-grid "}
    reply = submit_form(app_server, open_admin(app_server), answers)
    assert reply["response_action"] == "update"
    assert saved_away_words(engine) == "Sabbatical\nparental LEAVE\noff-grid"
    reopened = {b["block_id"]: b for b in open_admin(app_server)["blocks"] if "element" in b}
    assert reopened["away_words"]["element"]["initial_value"] == (
        "Sabbatical, parental LEAVE, off-grid"
    )

    _say(app_server, engine, ada, "On SABBATICAL till spring", away=True)
    _say(app_server, engine, ada, "On vacation", away=False)  # a default no longer chosen
    _say(app_server, engine, ada, "Parental leave", away=True)


def test_an_empty_field_means_no_words_and_the_emoji_still_counts(
    app_server: AppServer, engine: Engine, admins: None
) -> None:
    ada = person_id(engine, EMPLOYEE)
    submit_form(app_server, open_admin(app_server), {**GOOD, "away_words": None})
    assert saved_away_words(engine) == ""
    _say(app_server, engine, ada, "Out of office", away=False)
    change_status(app_server, EMPLOYEE, at=datetime.now(UTC), emoji=":palm_tree:")
    eventually(lambda: _away(engine, ada))


@pytest.mark.parametrize(
    "typed",
    [
        "vacation, " + "x" * 41,  # one word too long
        "vacation, <!channel>",  # not a word
        "vacation; holiday",  # semicolons do not separate
        ", ".join(f"word{n}" for n in range(21)),  # too many
    ],
)
def test_bad_words_are_refused_on_their_field_and_nothing_is_saved(
    app_server: AppServer, engine: Engine, admins: None, typed: str
) -> None:
    reply = submit_form(app_server, open_admin(app_server), {**GOOD, "away_words": typed})
    assert reply["response_action"] == "errors"
    assert list(reply["errors"]) == ["away_words"]
    message = reply["errors"]["away_words"]
    assert "Separate words with commas" in message and "up to 20" in message
    assert "up to 40 characters" in message
    assert saved_away_words(engine) is None and saved_settings(engine) == DEFAULTS
