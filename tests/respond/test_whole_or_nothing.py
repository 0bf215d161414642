"""A response is saved whole or not at all, with the invitation burned in the same transaction:
a failure after the sealed record is written leaves no record and the invitation usable."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from surveyapp.database import session_scope
from surveyapp.models import Invitation, SealedComment, SealedResponse
from surveyapp.services import entry
from tests.factories import wave_with_invitations

from .conftest import FULL_ANSWERS, Respondent, counts


def test_a_failure_after_the_record_is_written_keeps_the_invitation_and_no_record(
    app: Flask, respondent: Respondent, monkeypatch: pytest.MonkeyPatch
) -> None:
    _wave, tokens = wave_with_invitations(app, count=1)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.answer_all(FULL_ANSWERS)
    written_before_failing: list[tuple[int, int, bool]] = []
    record_response = entry.record_response

    def write_then_fail(session: Any, *arguments: Any) -> None:
        record_response(session, *arguments)
        written_before_failing.append(
            (
                session.scalar(select(func.count()).select_from(SealedResponse)),
                session.scalar(select(func.count()).select_from(SealedComment)),
                session.scalar(select(Invitation.is_used)),
            )
        )
        raise OperationalError("COMMIT", {}, Exception("the disk is full"))

    monkeypatch.setattr(entry, "record_response", write_then_fail)
    failed = respondent.submit(FULL_ANSWERS)
    assert failed.status_code == 503 and "Please try again shortly" in failed.text
    assert written_before_failing == [(1, 2, True)], "the record and the burn were both written"
    assert counts(app) == (0, 0, 0)
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(Invitation.is_used)) is False

    monkeypatch.undo()
    assert respondent.submit(FULL_ANSWERS).status_code == 200
    assert counts(app) == (1, 18, 2)
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(Invitation.is_used)) is True
