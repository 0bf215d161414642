"""Write checked submissions to the answer store as sealed records, with nothing that identifies
the respondent.

One record per response (unit, bands and answers in the wave's fixed-width layout) and one per
comment (unit, prompt and text, padded to a bucket), each sealed with the newest answer key and
stored under a random id. The bulk path (demo data, benchmarks, imports of paper returns)
shuffles each batch; every path is shuffled again when the wave closes (``sealed.shuffle``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.sealed import COMMENT, RESPONSE, AnswerCipher, Layout, encode_comment
from surveyapp.domain.submission import Submission

from .sealed import LAYOUT, aad, frozen_layout, insert_records, parsed_layout

STORED_LAYOUT = LAYOUT
"""The wave's stored layout as a one-column query (``:wave_id``): a respondent's submission
reads it with the wave's facts (``entry.wave_facts_and``) and passes its text on here."""

_shuffle = random.SystemRandom().shuffle


def record_response(
    session: Session,
    wave_id: int,
    bank: Bank,
    unit_id: int,
    submission: Submission,
    cipher: AnswerCipher,
    stored_layout: str | None = None,
) -> None:
    """Add one whole response; the caller's single commit makes it all-or-nothing.
    ``stored_layout``: the wave's stored layout (``STORED_LAYOUT``), if the caller read it."""
    layout = parsed_layout(stored_layout)
    record_responses(session, wave_id, bank, [(unit_id, submission)], cipher, layout)


def record_responses(
    session: Session,
    wave_id: int,
    bank: Bank,
    submissions: Iterable[tuple[int, Submission]],
    cipher: AnswerCipher,
    known_layout: Layout | None = None,
) -> int:
    """Seal and insert many responses; return how many were written."""
    layout = frozen_layout(session, wave_id, bank, known_layout)
    response_aad, comment_aad = aad(RESPONSE, wave_id, layout), aad(COMMENT, wave_id, layout)
    responses: list[bytes] = []
    comments: list[bytes] = []
    for unit_id, submission in submissions:
        responses.append(cipher.seal(layout.encode(unit_id, submission), response_aad))
        comments.extend(
            cipher.seal(encode_comment(unit_id, layout.prompt_code(prompt), text), comment_aad)
            for prompt, text in submission.comments
        )
    _shuffle(responses)
    _shuffle(comments)
    insert_records(session, RESPONSE, wave_id, responses)
    insert_records(session, COMMENT, wave_id, comments)
    return len(responses)
