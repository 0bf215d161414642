"""Gather one wave's counts for the disclosure planner, counted in memory from sealed records.

With the comment reader, the only code that opens the answer store for anything shown to a
person (the choke-point test in the suite lists both). A wave's records are read, opened and
counted as columns (``domain.sealed.counting``); the plaintexts live only while counting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.disclosure import PlanInput, PublicationPlan, UnitNode
from surveyapp.domain.sealed import AnswerCipher, Counts, OpenedResponses, comment_unit_and_prompt
from surveyapp.models import Wave, WaveState, WaveUnit

from ..sealed import opened_comments, opened_responses


@dataclass(frozen=True)
class PlanSettings:
    """Deployment choices that shape a plan (thresholds come from the wave itself), and the
    answer keys that open the records a plan is counted from (none: only stored plans)."""

    live_results: bool = False
    breakdown_unit_ids: frozenset[int] | None = None
    answer_cipher: AnswerCipher | None = None
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
    """Direct counts per unit for one wave, counted from its opened records.

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
    responses = _opened(session, wave, settings)
    known_questions = [q.key for q in bank.questions if q.key in _fields(responses)]
    options = responses.field_table(known_questions)
    band_counts = responses.flat_counts([band.key for band in responses.layout.bands])
    band_options = _supervision_by_role(responses, bank)
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
        responses=responses.per_unit(),
        question_answered=options.totals(),
        question_options=options,
        themes=themes,
        comment_counts=_comment_counts(session, wave, settings),
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


def answer_counts(session: Session, wave: Wave, settings: PlanSettings) -> Counts:
    """How many gave each answer, per unit and question: (unit, question) -> answer -> count."""
    responses = _opened(session, wave, settings)
    return responses.field_counts([f.key for f in responses.layout.questions])


def _opened(session: Session, wave: Wave, settings: PlanSettings) -> OpenedResponses:
    return opened_responses(session, wave.id, settings.answer_cipher)


def _fields(responses: OpenedResponses) -> set[str]:
    return {f.key for f in responses.layout.questions}


def _comment_counts(
    session: Session, wave: Wave, settings: PlanSettings
) -> dict[tuple[int, str], int]:
    opened, prompts = opened_comments(session, wave.id, settings.answer_cipher)
    counted = Counter(comment_unit_and_prompt(plaintext) for plaintext in opened)
    return {(unit_id, prompts[prompt]): n for (unit_id, prompt), n in counted.items()}


def _supervision_by_role(
    responses: OpenedResponses, bank: Bank
) -> dict[tuple[int, str, str, str], dict[str, int]]:
    """Recency answers per unit and role band: (unit, dimension, band, question) -> counts."""
    standard = bank.supervision_standard
    if standard is None or standard.role_dimension is None:
        return {}
    fields = {f.key for f in responses.layout.fields}
    if standard.role_dimension not in fields or standard.question not in fields:
        return {}
    crossed = responses.crossed(standard.role_dimension, standard.question)
    return {
        (unit_id, standard.role_dimension, band, standard.question): counts
        for (unit_id, band), counts in crossed.items()
    }
