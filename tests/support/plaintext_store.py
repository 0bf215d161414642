"""The plaintext answer tables as they were before revision e195ea1ed042, for migration tests.

Their writer and the publication service's GROUP BY queries over them, as they stood, so that
plans counted from sealed records can be compared with plans counted the old way.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.disclosure import PlanInput, UnitNode
from surveyapp.domain.submission import Submission
from surveyapp.models import Wave, WaveState, WaveUnit

response = sa.table(
    "response", sa.column("id", sa.Uuid), sa.column("wave_id"), sa.column("unit_id")
)
answer = sa.table(
    "answer",
    sa.column("response_id", sa.Uuid),
    sa.column("question_key"),
    sa.column("value"),
    sa.column("choice"),
    sa.column("wave_id"),
    sa.column("unit_id"),
)
band = sa.table(
    "response_band",
    sa.column("response_id", sa.Uuid),
    sa.column("dimension"),
    sa.column("band"),
    sa.column("wave_id"),
    sa.column("unit_id"),
)
comment = sa.table(
    "comment",
    sa.column("id", sa.Uuid),
    sa.column("wave_id"),
    sa.column("unit_id"),
    sa.column("prompt_key"),
    sa.column("ciphertext", sa.LargeBinary),
)


def write_plaintext(
    session: Session,
    wave_id: int,
    submissions: Iterable[tuple[int, Submission]],
    encrypt_comment: object,
) -> None:
    """Rows as ``record_responses`` wrote them before responses were sealed."""
    responses, answers, bands, comments = [], [], [], []
    for unit_id, submission in submissions:
        key = {"response_id": uuid.uuid4(), "wave_id": wave_id, "unit_id": unit_id}
        responses.append({"id": key["response_id"], "wave_id": wave_id, "unit_id": unit_id})
        answers.extend(
            {**key, "question_key": a.question_key, "value": a.value, "choice": a.choice}
            for a in submission.answers
        )
        bands.extend({**key, "dimension": d, "band": b} for d, b in submission.bands)
        comments.extend(
            {
                "id": uuid.uuid4(),
                "wave_id": wave_id,
                "unit_id": unit_id,
                "prompt_key": prompt,
                "ciphertext": encrypt_comment(text),  # type: ignore[operator]
            }
            for prompt, text in submission.comments
        )
    for table, rows in (
        (response, responses),
        (answer, answers),
        (band, bands),
        (comment, comments),
    ):
        if rows:
            session.execute(sa.insert(table), rows)


def plaintext_input(session: Session, wave: Wave, bank: Bank) -> PlanInput:
    """``gather_input`` as it was: every count grouped by the database over plaintext rows."""
    assert wave.min_group_size is not None and wave.min_comment_group_size is not None
    members = session.execute(
        sa.select(WaveUnit.unit_id, WaveUnit.parent_unit_id, WaveUnit.name).where(
            WaveUnit.wave_id == wave.id
        )
    ).all()
    responses = dict(
        session.execute(
            sa.select(response.c.unit_id, sa.func.count())
            .where(response.c.wave_id == wave.id)
            .group_by(response.c.unit_id)
        ).all()
    )
    known = {q.key for q in bank.questions}
    options: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for unit_id, key, value, choice, count in session.execute(
        sa.select(
            answer.c.unit_id,
            answer.c.question_key,
            answer.c.value,
            answer.c.choice,
            sa.func.count(),
        )
        .where(answer.c.wave_id == wave.id)
        .group_by(answer.c.unit_id, answer.c.question_key, answer.c.value, answer.c.choice)
    ):
        if key in known:
            options[(unit_id, key)][choice if value is None else str(value)] = count
    comment_counts = {
        (unit_id, prompt): count
        for unit_id, prompt, count in session.execute(
            sa.select(comment.c.unit_id, comment.c.prompt_key, sa.func.count())
            .where(comment.c.wave_id == wave.id)
            .group_by(comment.c.unit_id, comment.c.prompt_key)
        )
    }
    band_counts = {
        (unit_id, dimension, name): count
        for unit_id, dimension, name, count in session.execute(
            sa.select(band.c.unit_id, band.c.dimension, band.c.band, sa.func.count())
            .where(band.c.wave_id == wave.id)
            .group_by(band.c.unit_id, band.c.dimension, band.c.band)
        )
    }
    band_options: dict[tuple[int, str, str, str], dict[str, int]] = defaultdict(dict)
    standard = bank.supervision_standard
    if standard is not None and standard.role_dimension is not None:
        for unit_id, name, choice, count in session.execute(
            sa.select(answer.c.unit_id, band.c.band, answer.c.choice, sa.func.count())
            .join(
                band,
                (band.c.response_id == answer.c.response_id)
                & (band.c.wave_id == wave.id)
                & (band.c.dimension == standard.role_dimension),
            )
            .where(answer.c.wave_id == wave.id, answer.c.question_key == standard.question)
            .group_by(answer.c.unit_id, band.c.band, answer.c.choice)
        ):
            key = (unit_id, standard.role_dimension, name, standard.question)
            band_options[key][choice] = count
    return PlanInput(
        units=tuple(UnitNode(*member) for member in members),
        k=wave.min_group_size,
        k_comments=wave.min_comment_group_size,
        responses=responses,
        question_answered={key: sum(counts.values()) for key, counts in options.items()},
        question_options=dict(options),
        themes={
            theme.key: tuple(
                q.key for q in bank.theme_questions(theme.key) if q.kind is QuestionKind.AGREEMENT
            )
            for theme in bank.themes
        },
        comment_counts=comment_counts,
        band_counts=band_counts,
        wave_is_open=wave.state is WaveState.OPEN,
        band_question_options=dict(band_options),
        band_question_answered={key: sum(c.values()) for key, c in band_options.items()},
        breakdown_dimensions=tuple(d.key for d in bank.demographics),
    )
