from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from surveyapp.database import session_scope
from tests.factories import open_test_wave
from tests.support.sign_on import local_provider, turn_on


@pytest.fixture(scope="session")
def provider() -> Iterator[str]:
    with local_provider() as url:
        yield url


@pytest.fixture
def wave_id(app: Flask, provider: str) -> int:
    """An open wave of the test council with sign-on by the ``department`` claim."""
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        found = wave.id
    turn_on(app, found, provider)
    return found
