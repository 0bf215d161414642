from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from surveyapp.database import get_engine, session_scope
from surveyapp.models import Invitation
from tests.conftest import make_app
from tests.factories import wave_with_invitations
from tests.respond.conftest import FULL_ANSWERS
from tests.support.sealed import stored_comments, stored_responses

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
        responses = stored_responses(app)
        with app.app_context(), session_scope(app) as session:
            used = session.scalar(
                select(func.count()).select_from(Invitation).where(Invitation.is_used.is_(True))
            )
        return Store(
            responses=len(responses),
            answers=sum(len(r.answers) for r in responses),
            bands=sum(len(r.bands) for r in responses),
            comments=len(stored_comments(app)),
            used_invitations=used or 0,
            partial_responses=sum(len(r.answers) != ANSWERS_PER_RESPONSE for r in responses),
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
