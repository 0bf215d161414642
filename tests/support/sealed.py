"""Read the sealed answer store back in a test, with the app's keys: what was stored, in plain."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.sealed import (
    COMMENT,
    RESPONSE,
    AnswerCipher,
    DecodedComment,
    DecodedResponse,
    decode_comment,
)
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.sealed import aad, read_records, stored_layout
from tests.conftest import TEST_SETTINGS

# The cipher of every app the tests make (``TEST_SETTINGS``), for services called directly.
TEST_CIPHER = AnswerCipher.from_config(TEST_SETTINGS["ANSWER_KEYS"])


def stored_responses(app: Flask, wave_id: int | None = None) -> list[DecodedResponse]:
    """Every stored response (of one wave, or all), opened."""
    found = []
    with app.app_context(), session_scope(app) as session:
        for wave in _waves(session, wave_id):
            layout = stored_layout(session, wave)
            if layout is None:
                continue
            records = read_records(session, RESPONSE, wave)
            opened = runtime(app).answer_cipher.open_all(records, aad(RESPONSE, wave, layout))
            found.extend(layout.decode(plaintext) for plaintext in opened)
    return found


def stored_comments(app: Flask, wave_id: int | None = None) -> list[tuple[DecodedComment, str]]:
    """Every stored comment, opened, with its prompt key."""
    found = []
    with app.app_context(), session_scope(app) as session:
        for wave in _waves(session, wave_id):
            layout = stored_layout(session, wave)
            if layout is None:
                continue
            records = read_records(session, COMMENT, wave)
            opened = runtime(app).answer_cipher.open_all(records, aad(COMMENT, wave, layout))
            for plaintext in opened:
                comment = decode_comment(plaintext)
                found.append((comment, layout.prompts[comment.prompt]))
    return found


def _waves(session, wave_id: int | None) -> list[int]:  # type: ignore[no-untyped-def]
    if wave_id is not None:
        return [wave_id]
    return list(session.scalars(select(Wave.id).order_by(Wave.id)))
