"""Gather one wave's counts for the disclosure planner, grouped in the database.

With the comment reader, the only code that reads the answer store for anything shown to a
person (the choke-point test in the suite lists both).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.disclosure import PlanInput, PublicationPlan, UnitNode
from surveyapp.models import Answer, Comment, Response, ResponseBand, Wave, WaveState, WaveUnit


@dataclass(frozen=True)
class PlanSettings:
    """Deployment choices that shape a plan (thresholds come from the wave itself)."""

    live_results: bool = False
    breakdown_unit_ids: frozenset[int] | None = None
    separate_duties: bool = False
    """Not a plan's shape but how it is read: hide from an issuer what they let in (duties.py)."""


def gather_input(
    session: Session,
    wave: Wave,
    bank: Bank,
    settings: PlanSettings,
    last_released_total: int = 0,
    previous_releases: tuple[PublicationPlan, ...] = (),
) -> PlanInput:
    """Direct counts per unit for one wave, grouped in the database.

    Joint band counts are not gathered, so the planner shows at most one demographic dimension
    (the bank's first, role). Per-band answers are gathered for the supervision recency question
    only, so reports can hold newly qualified staff to their stricter standard.
    """
    assert wave.min_group_size is not None and wave.min_comment_group_size is not None
    bank = bank.as_asked(wave.asks_follow_up)  # a first wave has no follow-up questions to count
    members = session.execute(
        select(WaveUnit.unit_id, WaveUnit.parent_unit_id, WaveUnit.name).where(
            WaveUnit.wave_id == wave.id
        )
    ).all()
    responses = dict(
        session.execute(
            select(Response.unit_id, func.count())
            .where(Response.wave_id == wave.id)
            .group_by(Response.unit_id)
        ).all()
    )
    known_questions = {q.key for q in bank.questions}
    options = {
        key: counts
        for key, counts in answer_counts(session, wave.id).items()
        if key[1] in known_questions
    }
    answered = {key: sum(counts.values()) for key, counts in options.items()}
    comment_counts = {
        (unit_id, prompt): count
        for unit_id, prompt, count in session.execute(
            select(Comment.unit_id, Comment.prompt_key, func.count())
            .where(Comment.wave_id == wave.id)
            .group_by(Comment.unit_id, Comment.prompt_key)
        )
    }
    band_counts = {
        (unit_id, dimension, band): count
        for unit_id, dimension, band, count in session.execute(
            select(ResponseBand.unit_id, ResponseBand.dimension, ResponseBand.band, func.count())
            .where(ResponseBand.wave_id == wave.id)
            .group_by(ResponseBand.unit_id, ResponseBand.dimension, ResponseBand.band)
        )
    }
    band_options = _supervision_by_role(session, wave, bank)
    themes = {
        theme.key: tuple(
            q.key for q in bank.theme_questions(theme.key) if q.kind is QuestionKind.AGREEMENT
        )
        for theme in bank.themes
    }
    return PlanInput(
        units=tuple(UnitNode(*member) for member in members),
        k=wave.min_group_size,
        k_comments=wave.min_comment_group_size,
        responses=responses,
        question_answered=answered,
        question_options=options,
        themes=themes,
        comment_counts=comment_counts,
        band_counts=band_counts,
        breakdown_units=settings.breakdown_unit_ids,
        wave_is_open=wave.state is WaveState.OPEN,
        live_results=settings.live_results,
        last_released_total=last_released_total,
        previous_releases=previous_releases,
        band_question_options=band_options,
        band_question_answered={key: sum(counts.values()) for key, counts in band_options.items()},
        breakdown_dimensions=tuple(d.key for d in bank.demographics),
    )


_ANSWER_COUNTS = (
    select(Answer.unit_id, Answer.question_key, Answer.value, Answer.choice, func.count())
    .where(Answer.wave_id == bindparam("wave_id"))
    # Grouped by the columns of ix_answer_tally, in its order: one ordered index read, no sort.
    .group_by(Answer.unit_id, Answer.question_key, Answer.value, Answer.choice)
    .order_by(Answer.unit_id, Answer.question_key)
)
_SCALE_TEXT = {value: str(value) for value in range(11)}


def answer_counts(session: Session, wave_id: int) -> dict[tuple[int, str], dict[str, int]]:
    """How many gave each answer, per unit and question: (unit, question) -> answer -> count.

    A national wave gives some 230,000 groups. They are read with the driver's own cursor: made
    into SQLAlchemy rows first, they took twice as long to read as the database took to count.
    """
    counts: dict[tuple[int, str], dict[str, int]] = {}
    key: tuple[int, str] | None = None
    bucket: dict[str, int] = {}
    for unit_id, question_key, value, choice, count in _plain_rows(
        session, _ANSWER_COUNTS, {"wave_id": wave_id}
    ):
        if key is None or key[0] != unit_id or key[1] != question_key:
            key = (unit_id, question_key)
            bucket = counts[key] = {}
        bucket[choice if value is None else _SCALE_TEXT[value]] = count
    return counts


def _plain_rows(
    session: Session, statement: Select[*tuple[Any, ...]], parameters: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """Run a select of plain columns on the DBAPI cursor of the session's own connection.

    Only for int and text columns and parameters: nothing is converted on the way in or out.
    """
    connection = session.connection()
    assert connection.dialect.paramstyle in {"qmark", "pyformat"}, connection.dialect.paramstyle
    compiled = statement.compile(dialect=connection.dialect)
    values = compiled.construct_params(parameters)
    arguments: Any = (
        tuple(values[name] for name in compiled.positiontup or ())
        if connection.dialect.positional
        else values
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), arguments)
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


def _supervision_by_role(
    session: Session, wave: Wave, bank: Bank
) -> dict[tuple[int, str, str, str], dict[str, int]]:
    """Recency answers per unit and role band: (unit, dimension, band, question) -> counts."""
    standard = bank.supervision_standard
    if standard is None or standard.role_dimension is None:
        return {}
    found: dict[tuple[int, str, str, str], dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(Answer.unit_id, ResponseBand.band, Answer.choice, func.count())
        .join(
            ResponseBand,
            (ResponseBand.response_id == Answer.response_id)
            & (ResponseBand.wave_id == wave.id)
            & (ResponseBand.dimension == standard.role_dimension),
        )
        .where(Answer.wave_id == wave.id, Answer.question_key == standard.question)
        .group_by(Answer.unit_id, ResponseBand.band, Answer.choice)
    )
    for unit_id, band, choice, count in rows:
        found[(unit_id, standard.role_dimension, band, standard.question)][cast(str, choice)] = (
            count
        )
    return found
