"""``/healthz`` and the "try again shortly" page, in process (the real-server versions are in
tests/resilience)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from surveyapp.accounts.access import public
from surveyapp.database import get_engine
from surveyapp.services.entry import Entry, EntryKind
from tests.conftest import make_app
from tests.factories import wave_with_invitations
from tests.resilience.server import free_port
from tests.respond.conftest import FULL_ANSWERS, Respondent, counts

# An entry as a respondent's session holds it; the database is never reached to check it.
AN_ENTRY = Entry(EntryKind.INVITATION, "x" * 64, 1, 1, "N" * 26).to_session()


def test_healthz_says_the_database_answers(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def unreachable_app(tmp_path: Path) -> Flask:
    """An app whose PostgreSQL is not there: nothing listens on its port."""
    url = f"postgresql+psycopg://surveyapp@127.0.0.1:{free_port()}/gone?connect_timeout=2"
    app = make_app(url, tmp_path)
    yield app
    get_engine(app).dispose()


def test_healthz_is_503_when_the_database_is_unreachable(unreachable_app: Flask) -> None:
    response = unreachable_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert response.headers["Retry-After"] == "30"


def test_a_respondent_gets_the_try_again_page_when_the_database_is_unreachable(
    unreachable_app: Flask,
) -> None:
    client = unreachable_app.test_client()
    client.get("/code")  # needs no database
    with client.session_transaction() as session:
        session["entry"] = AN_ENTRY
    response = client.get("/survey")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Please try again shortly" in page and "Nothing you sent has been saved" in page
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store, no-transform"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_api_answers_503_in_json(unreachable_app: Flask) -> None:
    response = unreachable_app.test_client().get(
        "/api/v1/waves", headers={"Authorization": "Bearer sv_looked_up_in_the_database"}
    )
    assert response.status_code == 503
    assert response.is_json and "try again shortly" in response.get_json()["error"]


def test_a_commit_that_fails_is_a_503_and_leaves_nothing_stored(app: Flask) -> None:
    """The commit runs after the view: Flask routes its error to the 500 handler."""
    respondent = Respondent(app.test_client())
    _wave, tokens = wave_with_invitations(app, count=1)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.answer_all(FULL_ANSWERS)

    def refuse(_session: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("database or disk is full"))

    event.listen(Session, "before_commit", refuse)
    try:
        response = respondent.submit(FULL_ANSWERS)
    finally:
        event.remove(Session, "before_commit", refuse)
    assert response.status_code == 503
    assert "Please try again shortly" in response.get_data(as_text=True)
    assert counts(app) == (0, 0, 0)
    # The code was not burned: the same respondent, trying again, gets through.
    response = respondent.submit(FULL_ANSWERS)
    assert response.status_code == 200
    assert counts(app) == (1, 18, 2)


def test_other_errors_are_still_500(tmp_path: Path, sqlite_url: str) -> None:
    app = make_app(sqlite_url, tmp_path)

    @public
    def broken() -> str:
        raise ValueError("a bug, not an outage")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert "try again shortly" not in response.get_data(as_text=True)
    get_engine(app).dispose()


def test_the_page_falls_back_to_plain_html_if_the_template_cannot_render(
    unreachable_app: Flask,
) -> None:
    client = unreachable_app.test_client()
    with client.session_transaction() as session:
        session["entry"] = AN_ENTRY
    unreachable_app.jinja_env.globals["url_for"] = _explode
    response = client.get("/survey")
    assert response.status_code == 503
    assert "Please try again shortly" in response.get_data(as_text=True)


def _explode(*_args: object, **_kwargs: object) -> str:
    raise RuntimeError("templates are broken")
