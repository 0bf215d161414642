"""Read the comments of a pool the plan publishes: the one reader of comment texts.

Comments are sealed apart from responses (no response id), so a pool is read by its units and
prompt only, and its texts leave in random order with nothing that could tie one to a person.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.models import Comment, Wave


def published_comments(
    session: Session,
    wave: Wave,
    plan: PublicationPlan,
    unit_ids: frozenset[int],
    node: int | str,
    prompt_key: str,
    decrypt: Callable[[bytes], str],
) -> list[str]:
    """The decrypted comments of a pool the plan publishes, in random order; else nothing.

    ``unit_ids`` are the units whose people the plan's ``node`` covers (a unit's subtree, or the
    units pooled in an "other teams" cell). No per-comment detail leaves: no id, no order.
    """
    if not plan.is_published(node, measures.comments(prompt_key)):
        return []
    rows = session.scalars(
        select(Comment.ciphertext).where(
            Comment.wave_id == wave.id,
            Comment.prompt_key == prompt_key,
            Comment.unit_id.in_(unit_ids),
        )
    )
    texts = [decrypt(ciphertext) for ciphertext in rows]
    random.SystemRandom().shuffle(texts)
    return texts
