"""Write checked submissions to the answer store, with nothing that identifies the respondent.

Both paths write the same rows. The bulk path (demo data, benchmarks, imports of paper returns)
shuffles each batch, so that even on databases that keep rows in insertion order a comment does
not sit next to the response it came with.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from surveyapp.domain.comment_cipher import CommentCipher
from surveyapp.domain.submission import Submission
from surveyapp.models import Answer, Comment, Response, ResponseBand

_shuffle = random.SystemRandom().shuffle


def record_response(
    session: Session, wave_id: int, unit_id: int, submission: Submission, cipher: CommentCipher
) -> None:
    """Add one whole response; the caller's single commit makes it all-or-nothing."""
    record_responses(session, wave_id, [(unit_id, submission)], cipher)


def record_responses(
    session: Session,
    wave_id: int,
    submissions: Iterable[tuple[int, Submission]],
    cipher: CommentCipher,
) -> int:
    """Insert many responses with executemany; return how many were written."""
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    for unit_id, submission in submissions:
        response_id = uuid.uuid4()
        responses.append({"id": response_id, "wave_id": wave_id, "unit_id": unit_id})
        answers.extend(
            {
                "response_id": response_id,
                "wave_id": wave_id,
                "unit_id": unit_id,
                "question_key": a.question_key,
                "value": a.value,
                "choice": a.choice,
            }
            for a in submission.answers
        )
        bands.extend(
            {
                "response_id": response_id,
                "wave_id": wave_id,
                "unit_id": unit_id,
                "dimension": dimension,
                "band": band,
            }
            for dimension, band in submission.bands
        )
        comments.extend(
            {
                "id": uuid.uuid4(),
                "wave_id": wave_id,
                "unit_id": unit_id,
                "prompt_key": prompt,
                "ciphertext": cipher.encrypt(text),
            }
            for prompt, text in submission.comments
        )
    for rows in (responses, answers, bands, comments):
        _shuffle(rows)
    # Core inserts on the session's connection: the rows are plain values, so the ORM's bulk
    # machinery would only add cost (it doubled the time of a submission).
    connection = session.connection()
    for model, rows in (
        (Response, responses),
        (Answer, answers),
        (ResponseBand, bands),
        (Comment, comments),
    ):
        if rows:
            connection.execute(insert(cast(Table, model.__table__)), rows)
    return len(responses)
