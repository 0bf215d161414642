from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from surveyapp.database import get_engine, session_scope
from surveyapp.models import Answer, Comment, Invitation, Response, ResponseBand
from tests.conftest import make_app
from tests.factories import wave_with_invitations
from tests.respond.conftest import FULL_ANSWERS

ANSWERS_PER_RESPONSE = 18
COMMENTS_PER_RESPONSE = 2
BANDS_PER_RESPONSE = 2
assert len(FULL_ANSWERS) == ANSWERS_PER_RESPONSE + COMMENTS_PER_RESPONSE + BANDS_PER_RESPONSE


@dataclass(frozen=True)
class Store:
    """What the answer store holds after a run, and whether every response is whole."""

    responses: int
    answers: int
    bands: int
    comments: int
    used_invitations: int
    partial_responses: int

    def assert_whole(self) -> None:
        """Each response complete, and burned invitations and responses in step (one commit)."""
        assert self.partial_responses == 0, self
        assert self.answers == ANSWERS_PER_RESPONSE * self.responses, self
        assert self.bands == BANDS_PER_RESPONSE * self.responses, self
        assert self.comments == COMMENTS_PER_RESPONSE * self.responses, self
        assert self.used_invitations == self.responses, self


def read_store(database_url: str, tmp_path: Path) -> Store:
    app = make_app(database_url, tmp_path)
    try:
        with app.app_context(), session_scope(app) as session:
            per_response = (
                select(Response.id, func.count(Answer.question_key).label("n"))
                .outerjoin(Answer, Answer.response_id == Response.id)
                .group_by(Response.id)
                .subquery()
            )
            partial = session.scalar(
                select(func.count())
                .select_from(per_response)
                .where(per_response.c.n != ANSWERS_PER_RESPONSE)
            )

            def count(model: type) -> int:
                return session.scalar(select(func.count()).select_from(model)) or 0

            used = session.scalar(
                select(func.count()).select_from(Invitation).where(Invitation.is_used.is_(True))
            )
            return Store(
                responses=count(Response),
                answers=count(Answer),
                bands=count(ResponseBand),
                comments=count(Comment),
                used_invitations=used or 0,
                partial_responses=partial or 0,
            )
    finally:
        get_engine(app).dispose()


def issue_codes(database_url: str, tmp_path: Path, count: int) -> list[str]:
    """An open wave on the small test council with ``count`` invitations for one team."""
    app = make_app(database_url, tmp_path)
    try:
        _wave, tokens = wave_with_invitations(app, count=count)
        return tokens
    finally:
        get_engine(app).dispose()


@pytest.fixture
def codes(tmp_path: Path) -> Callable[[str, int], list[str]]:
    return lambda url, count: issue_codes(url, tmp_path, count)


@pytest.fixture
def store(tmp_path: Path) -> Callable[[str], Store]:
    return lambda url: read_store(url, tmp_path)
