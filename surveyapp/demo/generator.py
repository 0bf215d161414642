"""Load the demo council through the same code paths as real data.

Units go through the CSV importer; each simulated respondent's answers go through
``check_submission`` exactly as a form post would (and none empty: ``require_a_scored_answer``),
then the bulk writer.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank, QuestionKind, bank_of
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.domain.submission import Submission, check_submission, require_a_scored_answer
from surveyapp.models import Unit, Wave
from surveyapp.services.publication import PlanSettings
from surveyapp.services.responses import record_responses
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import close_wave, create_wave, open_wave
from surveyapp.services.workforce import set_figures

from .actions import add_managers, record_demo_actions
from .council import ORGANISATION, SERVICES, council_csv
from .stories import COMMENTS, LEVELS, RESPONSE_RATES, WAVES, WORKFORCE

ROLE_WEIGHTS = {
    "newly_qualified": 10,
    "social_worker": 52,
    "senior_practitioner": 18,
    "manager": 10,
    "other": 4,
    "prefer_not_to_say": 6,
}
SERVICE_WEIGHTS = {
    "under_1_year": 22,
    "one_to_five_years": 45,
    "over_5_years": 27,
    "prefer_not_to_say": 6,
}


@dataclass(frozen=True)
class DemoSummary:
    units: int
    waves: int
    responses: int
    accounts: tuple[tuple[str, str, str], ...] = ()
    """Accounts the loader made (the managers who own its actions): role, email, password."""


def demo_is_loaded(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Unit)))


def load_demo(
    session: Session,
    bank: Bank,
    cipher: AnswerCipher,
    k: int,
    k_comments: int,
    seed: int = 2026,
) -> DemoSummary:
    import_units_csv(session, council_csv(seed))
    root = unit_by_key(session, ORGANISATION[0])
    assert root is not None
    rng = random.Random(seed)
    # Follow-up answers come from a stream of their own, so the rest of the demo is the same
    # whichever follow-up questions the bank has.
    follow_up_rng = random.Random(seed + 1)
    story_of = {}
    for service in SERVICES:
        for unit in session.scalars(select(Unit).where(Unit.key.startswith(service.key))):
            story_of[unit.id] = service.story
    story_of[root.id] = "steady"
    teams = list(session.scalars(select(Unit).where(Unit.parent_id.is_not(None))))
    accounts = add_managers(session)
    total = 0
    waves: list[Wave] = []
    for index, (name, opens, closes) in enumerate(WAVES):
        wave = create_wave(session, bank, root, name, dt.date.fromisoformat(closes))
        open_wave(session, wave, k, k_comments, dt.date.fromisoformat(opens))
        asked = bank_of({bank.key: bank}, wave)
        batch = list(_wave_submissions(rng, follow_up_rng, asked, [root, *teams], story_of, index))
        total += record_responses(session, wave.id, asked, batch, cipher)
        close_wave(session, wave, dt.date.fromisoformat(closes), cipher)
        set_figures(session, wave, root, {k: Decimal(str(v)) for k, v in WORKFORCE[index].items()})
        waves.append(wave)
        record_demo_actions(session, bank, waves, index, PlanSettings(answer_cipher=cipher))
    count = session.scalar(select(func.count()).select_from(Wave)) or 0
    return DemoSummary(units=len(teams) + 1, waves=count, responses=total, accounts=tuple(accounts))


def _wave_submissions(
    rng: random.Random,
    follow_up_rng: random.Random,
    bank: Bank,
    units: list[Unit],
    story_of: dict[int, str],
    wave: int,
) -> Iterator[tuple[int, Submission]]:
    for unit in units:
        levels = {theme: values[wave] for theme, values in LEVELS[story_of[unit.id]].items()}
        team_effect = random.Random(unit.id).gauss(0, 0.25)
        for _ in range(unit.headcount):
            if rng.random() < RESPONSE_RATES[wave]:
                answers = _answers(rng, bank, levels, team_effect)
                answers.update(_follow_up_answers(follow_up_rng, bank, levels, team_effect))
                submission = check_submission(bank, answers)
                require_a_scored_answer(bank, submission)  # as the survey asks of everyone
                yield unit.id, submission


def _answers(
    rng: random.Random, bank: Bank, levels: dict[str, float], team_effect: float
) -> dict[str, str]:
    person = rng.gauss(0, 0.35) + team_effect
    raw: dict[str, str] = {}
    for question in bank.questions:
        if question.is_after_first_wave:
            continue
        if rng.random() < 0.03:
            continue
        if question.kind is QuestionKind.AGREEMENT:
            value = _likert(rng, levels[question.theme or "morale"] + person)
            raw[question.key] = str(6 - value if question.is_reverse_coded else value)
        elif question.kind is QuestionKind.RECOMMEND:
            mood = (levels["morale"] + levels["trust"]) / 2 + person
            raw[question.key] = str(min(10, max(0, round(rng.gauss((mood - 1) * 2.4, 1.8)))))
        elif question.key.startswith("supervision_"):
            raw[question.key] = _ordinal_choice(
                rng, question.options, levels["supervision"] + person
            )
        else:
            raw[question.key] = _ordinal_choice(rng, question.options, levels["workload"] + person)
    if rng.random() < 0.9:
        raw["role"] = rng.choices(list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values()))[0]
    if rng.random() < 0.85:
        raw["length_of_service"] = rng.choices(
            list(SERVICE_WEIGHTS), list(SERVICE_WEIGHTS.values())
        )[0]
    for prompt, texts in COMMENTS.items():
        if rng.random() < 0.22:
            raw[prompt] = rng.choice(texts)
    return raw


def _follow_up_answers(
    rng: random.Random, bank: Bank, levels: dict[str, float], team_effect: float
) -> dict[str, str]:
    """Agreement with the follow-up questions the wave asks ("since the last survey, ...")."""
    person = rng.gauss(0, 0.35) + team_effect
    return {
        question.key: str(_likert(rng, levels[question.theme or "morale"] + person))
        for question in bank.questions
        if question.is_after_first_wave and rng.random() >= 0.03
    }


def _likert(rng: random.Random, level: float) -> int:
    return min(5, max(1, round(rng.gauss(level, 0.85))))


def _ordinal_choice(rng: random.Random, options: tuple[object, ...], level: float) -> str:
    """Options are listed best first: a high level favours the early ones."""
    position = (5 - level) / 4 * (len(options) - 1) + rng.gauss(0, 0.9)
    index = min(len(options) - 1, max(0, round(position)))
    return options[index].key  # type: ignore[attr-defined, no-any-return]
