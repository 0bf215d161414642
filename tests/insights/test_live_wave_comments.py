"""A wave releasing live results never shows comment texts while it is open.

A live release fixes a pool's count, but texts can only be read from the records as they are
now: shown between releases, a comment sent since the last one would appear on its own, at the
moment it was sent. The texts are shown once the survey closes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.roles import Role
from surveyapp.domain.submission import check_submission
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.publication import current_plan
from surveyapp.services.responses import record_responses
from surveyapp.services.units import unit_by_key
from tests.conftest import make_app
from tests.factories import open_test_wave
from tests.support.live_waves import LIVE, UNITS, closed, full_answers
from tests.support.sealed import TEST_CIPHER

LATE = "Sent after the last live update."
WHILE_OPEN = "comments are shown when the survey closes"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path, LIVE_RESULTS=True)
    yield app
    get_engine(app).dispose()


def answer(app: Flask, wave: Wave, person: int, comment: str, *, release: bool = False) -> None:
    with app.app_context(), session_scope(app) as session:
        bank = runtime(app).banks[wave.bank_key]
        unit = unit_by_key(session, UNITS[person % len(UNITS)])
        assert unit is not None
        answers = {**full_answers(bank, person), "comment_keep_v1": comment}
        submission = check_submission(bank, answers)
        record_responses(session, wave.id, bank, [(unit.id, submission)], TEST_CIPHER)
        fresh = session.get(Wave, wave.id)
        assert fresh is not None
        if release:
            current_plan(session, fresh, bank, LIVE)


def test_comments_stay_hidden_while_the_wave_is_open_and_show_when_it_closes(
    app: Flask, client: FlaskClient, sign_in: Callable[..., object]
) -> None:
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        session.expunge(wave)
    for person in range(20):  # nobody looks until 20 have answered: the first live release
        answer(app, wave, person, f"Comment number {person}.", release=person == 19)
    answer(app, wave, 20, LATE)  # one more: no release until 25
    sign_in(Role.ANALYST, "org")
    comments = f"/insights/waves/{wave.id}/units/{wave.root_unit_id}/comments"
    page = client.get(comments).get_data(as_text=True)
    assert LATE not in page and "Comment number" not in page
    assert WHILE_OPEN in page
    for person in range(21, 31):  # k_comments more: enough for the final plan to show the pool
        answer(app, wave, person, f"Comment number {person}.")
    with app.app_context(), session_scope(app) as session:
        reopened = session.get(Wave, wave.id)
        assert reopened is not None
        closed(session, reopened)
    assert WHILE_OPEN not in client.get(comments).get_data(as_text=True)
    found = client.get(f"{comments}?q=number+7").get_data(as_text=True)
    assert "Comment number 7." in found
    assert LATE in client.get(f"{comments}?q=after+the+last").get_data(as_text=True)
