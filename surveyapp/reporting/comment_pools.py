"""A unit's comment pools as staff read them, on a page or in a report: the texts the plan
publishes, with obvious identifiers taken out, in random order."""

from __future__ import annotations

from sqlalchemy.orm import Session

from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.redaction import Redactor
from surveyapp.domain.results import UnitResults
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.models import Wave, WaveState
from surveyapp.services.publication import published_comments

CommentPool = tuple[str, str | None, list[str]]
"""A pool's prompt, why it is hidden (None when published), and its texts."""
WHILE_OPEN = "comments are shown when the survey closes"
"""Why a pool a live release publishes shows no texts (``published_comments``)."""


def readable_pools(
    session: Session,
    wave: Wave,
    plan: PublicationPlan,
    results: UnitResults,
    units: frozenset[int],
    cipher: AnswerCipher,
    redact: Redactor,
) -> list[CommentPool]:
    """The pools of ``results``' unit; ``units`` are the units whose people its pools cover."""
    pools: list[CommentPool] = []
    for key, prompt, hidden in results.comment_pools:
        if hidden is None and wave.state is not WaveState.CLOSED:
            hidden = WHILE_OPEN
        texts = (
            []
            if hidden
            else published_comments(session, wave, plan, units, results.unit.unit_id, key, cipher)
        )
        pools.append((prompt, hidden, [redact(text) for text in texts]))
    return pools
