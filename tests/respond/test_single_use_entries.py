"""One entry sends answers once, and a team link stops at its unit's headcount plus a margin.

The entry sits in the respondent's signed session cookie, which anyone can copy; what makes it
single-use is the one-time nonce spent with the response, on the server. Team links are open,
so the cap on what a link accepts is what keeps one person from answering for the team.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.entry_limits import team_link_response_cap, unfinished_entries_allowed
from surveyapp.models import EntryNonce, TeamLink, Wave
from surveyapp.runtime import runtime
from surveyapp.services.invitations import issue_team_link
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import close_wave
from tests.conftest import make_app
from tests.factories import wave_with_invitations, wave_with_team_link

from .conftest import FULL_ANSWERS, ONE_ANSWER, Respondent, counts

TEAM_B_HEADCOUNT = 6  # tests/factories.py SMALL_COUNCIL


def replay(app: Flask, respondent: Respondent, cookie: str):  # type: ignore[no-untyped-def]
    """Send the whole survey again from another browser holding a copy of the cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.post(
        "/survey",
        data={"csrf_token": respondent.csrf, "page": "0", "action": "submit", **FULL_ANSWERS},
    )


def entered_cookie(respondent: Respondent) -> str:
    cookie = respondent.client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_replayed_team_link_cookie_stores_one_response(
    app: Flask, respondent: Respondent
) -> None:
    _wave, token = wave_with_team_link(app)
    respondent.enter(f"/t/{token}")
    cookie = entered_cookie(respondent)
    respondent.answer_all(FULL_ANSWERS)
    assert respondent.submit(FULL_ANSWERS).status_code == 200
    for _ in range(3):
        again = replay(app, respondent, cookie)
        assert again.status_code == 410
        assert "These answers cannot be sent again" in again.get_data(as_text=True)
    assert counts(app) == (1, 18, 2)


def test_a_replayed_invitation_cookie_stores_one_response(
    app: Flask, respondent: Respondent
) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    cookie = entered_cookie(respondent)
    assert respondent.submit(FULL_ANSWERS).status_code == 200
    assert replay(app, respondent, cookie).status_code == 410
    assert counts(app) == (1, 18, 2)


def test_two_copies_of_one_entry_cannot_both_send(app: Flask, respondent: Respondent) -> None:
    """Copied before either sends (two tabs of a private window, a cookie passed on)."""
    _wave, token = wave_with_team_link(app)
    respondent.enter(f"/t/{token}")
    cookie = entered_cookie(respondent)
    assert replay(app, respondent, cookie).status_code == 200
    assert respondent.submit(FULL_ANSWERS).status_code == 410
    assert counts(app)[0] == 1


def test_clearing_cookies_and_entering_again_stops_at_the_cap(app: Flask) -> None:
    _wave, token = wave_with_team_link(app)
    cap = team_link_response_cap(TEAM_B_HEADCOUNT)
    for _person in range(cap):
        respondent = Respondent(app.test_client())
        respondent.enter(f"/t/{token}")
        assert respondent.submit({"trust_speak_up_v1": "4"}).status_code == 200
    refused = app.test_client().get(f"/t/{token}")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "reached the number of responses expected for the team" in page
    assert "ask the survey team" in page
    assert counts(app)[0] == cap


def test_an_entry_opened_before_the_cap_was_reached_is_refused_at_submit(app: Flask) -> None:
    _wave, token = wave_with_team_link(app)
    cap = team_link_response_cap(TEAM_B_HEADCOUNT)
    late = Respondent(app.test_client())
    late.enter(f"/t/{token}")
    for _person in range(cap):
        respondent = Respondent(app.test_client())
        respondent.enter(f"/t/{token}")
        assert respondent.submit(ONE_ANSWER).status_code == 200
    response = late.submit(FULL_ANSWERS)
    assert response.status_code == 409
    assert "nothing was saved" in response.get_data(as_text=True)
    assert counts(app)[0] == cap


def test_the_cap_is_the_headcount_plus_a_margin() -> None:
    assert [team_link_response_cap(h) for h in (0, 1, 6, 20, 21, 40, 100)] == [
        2,
        3,
        8,
        22,
        24,
        44,
        110,
    ]


def test_a_new_team_link_for_the_unit_keeps_the_count(app: Flask) -> None:
    wave_id, token = wave_with_team_link(app)
    respondent = Respondent(app.test_client())
    respondent.enter(f"/t/{token}")
    unfinished = Respondent(app.test_client())
    unfinished.enter(f"/t/{token}")
    assert respondent.submit(ONE_ANSWER).status_code == 200
    with app.app_context(), session_scope(app) as session:
        wave, unit = session.get(Wave, wave_id), unit_by_key(session, "team-b")
        assert wave is not None and unit is not None
        issue_team_link(session, wave, unit, app.config["TOKEN_PEPPER"])
    with app.app_context(), session_scope(app) as session:
        link = session.scalars(select(TeamLink)).one()
        assert (link.responses_accepted, link.response_cap) == (1, 8)
        assert session.scalar(select(func.count()).select_from(EntryNonce)) == 0
    assert unfinished.submit(ONE_ANSWER).status_code == 410, "the old link's entries end with it"


@pytest.fixture
def unlimited_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app without rate limits, for tests that enter more often than a person could."""
    app = make_app(database_url, tmp_path, RATELIMIT_ENABLED=False)
    yield app
    get_engine(app).dispose()


def test_unfinished_entries_are_bounded_and_forgotten_at_close(unlimited_app: Flask) -> None:
    app = unlimited_app
    wave_id, token = wave_with_team_link(app)
    allowed = unfinished_entries_allowed(TEAM_B_HEADCOUNT)
    client = app.test_client()
    for _visit in range(allowed + 5):
        assert client.get(f"/t/{token}").status_code == 303
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(func.count()).select_from(EntryNonce)) == allowed
        wave = session.get(Wave, wave_id)
        assert wave is not None
        close_wave(session, wave, dt.date.today(), runtime(app).answer_cipher)
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(func.count()).select_from(EntryNonce)) == 0
