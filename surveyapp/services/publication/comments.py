"""Read the comments of a pool the plan publishes: the one reader of comment texts.

Comments are sealed apart from responses (no response id), with their unit and prompt inside the
ciphertext; a pool is the wave's comments opened in memory and kept by unit and prompt, and its
texts leave in random order with nothing that could tie one to a person.

An open wave's texts never leave, even where a live release publishes the pool's count: the
release fixes the counts, but the texts can only be read from the records as they are now, so a
comment sent since the release would appear on its own, tied to the moment it appeared.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.sealed import AnswerCipher, decode_comment
from surveyapp.models import Wave, WaveState

from ..sealed import opened_comments


def published_comments(
    session: Session,
    wave: Wave,
    plan: PublicationPlan,
    unit_ids: frozenset[int],
    node: int | str,
    prompt_key: str,
    cipher: AnswerCipher,
) -> list[str]:
    """The comments of a pool the plan publishes, in random order; else nothing.

    ``unit_ids`` are the units whose people the plan's ``node`` covers (a unit's subtree, or the
    units pooled in an "other teams" cell). No per-comment detail leaves: no id, no order.
    """
    if wave.state is not WaveState.CLOSED or not plan.is_published(
        node, measures.comments(prompt_key)
    ):
        return []
    opened, prompts = opened_comments(session, wave.id, cipher)
    texts = []
    for plaintext in opened:
        comment = decode_comment(plaintext)
        if comment.unit_id in unit_ids and prompts[comment.prompt] == prompt_key:
            texts.append(comment.text)
    random.SystemRandom().shuffle(texts)
    return texts
