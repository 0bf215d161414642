"""Respondents are shown their team's "You said, we did" page: on the confirmation page (this
survey's) and on the next survey's start page (the last one's), a link that depends on the unit
only; a survey after the first asks "did it work?"."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import StaffPage, Wave
from surveyapp.runtime import runtime
from surveyapp.services.invitations import issue_invitations
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import close_wave
from tests.factories import open_test_wave, wave_with_invitations
from tests.respond.conftest import FULL_ANSWERS, PAGES, Respondent

FOLLOW_UP = "Since the last survey, I have seen changes made because of it."


def page_of(app: Flask, wave_id: int, unit: str = "team-a") -> str:
    with app.app_context(), session_scope(app) as session:
        found = unit_by_key(session, unit)
        assert found is not None
        slug = session.scalar(
            select(StaffPage.slug).where(
                StaffPage.wave_id == wave_id, StaffPage.unit_id == found.id
            )
        )
        assert slug is not None
        return f"/you-said-we-did/{slug}"


def answered(app: Flask, token: str, answers: dict[str, str]) -> tuple[str, str, str]:
    """The start page, every question page (one text) and the confirmation, for one
    respondent."""
    respondent = Respondent(app.test_client())
    respondent.enter(f"/i/{token}")
    start = respondent.client.get("/survey").get_data(as_text=True)
    shown = [respondent.post(page="0", action="next").get_data(as_text=True)] + [
        respondent.post(page=str(page), action="next", **answers).get_data(as_text=True)
        for page in range(1, PAGES)
    ]
    respondent.post(page=str(PAGES), action="next", **answers)
    done = respondent.submit(answers)
    assert done.status_code == 200
    return start, "\n".join(shown), done.get_data(as_text=True)


def test_the_confirmation_links_this_surveys_page_and_the_next_start_page_the_last(
    app: Flask, client: FlaskClient
) -> None:
    first_id, tokens = wave_with_invitations(app, count=2)
    start, asked, done = answered(app, tokens[0], FULL_ANSWERS)
    assert "You said, we did" not in start  # there was no survey before
    assert FOLLOW_UP not in asked  # not asked in a first survey
    assert f'href="{page_of(app, first_id)}"' in done
    # the confirmation does not depend on what was answered
    other = answered(app, tokens[1], {"morale_valued_v1": "1", "comment_keep_v1": "x" * 900})
    assert other[2] == done

    with app.app_context(), session_scope(app) as session:
        first = session.get(Wave, first_id)
        assert first is not None
        close_wave(session, first, dt.date.today(), runtime(app).answer_cipher)
        second = open_test_wave(session, app, "Pulse: next")
        team = unit_by_key(session, "team-a")
        assert team is not None
        (token,) = issue_invitations(session, second, team, 1, app.config["TOKEN_PEPPER"])
        second_id = second.id
    start, asked, done = answered(app, token, FULL_ANSWERS)
    assert f'href="{page_of(app, first_id)}"' in start
    assert "See what your team said in the last survey" in start
    assert FOLLOW_UP in asked
    assert f'href="{page_of(app, second_id)}"' in done
    assert client.get(page_of(app, first_id)).status_code == 200
