"""A wave with live results that people answer one at a time, each page view asking for the plan."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.submission import check_submission
from surveyapp.models import Wave
from surveyapp.runtime import runtime
from surveyapp.services.publication import PlanSettings, current_plan
from surveyapp.services.responses import record_responses
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import close_wave
from tests.factories import open_test_wave
from tests.support.sealed import TEST_CIPHER

LIVE = PlanSettings(live_results=True, answer_cipher=TEST_CIPHER)
UNITS = ("team-a", "team-b", "team-a", "svc", "org")  # of tests.factories.SMALL_COUNCIL


def full_answers(bank: Bank, person: int) -> dict[str, str]:
    """Every question and band answered, the answers varying from person to person."""
    answers: dict[str, str] = {}
    for question in bank.questions:
        if question.options:
            answers[question.key] = question.options[person % len(question.options)].key
        else:
            answers[question.key] = str(question.values[person % len(question.values)])
    for demographic in bank.demographics:
        answers[demographic.key] = demographic.bands[person % len(demographic.bands)].key
    return answers


def answered_one_at_a_time(session: Session, app: Flask, people: int) -> Wave:
    """An open wave of the small council in which ``people`` answered one after another, the
    plan asked for after each (so a release at every k), spread over its units."""
    wave = open_test_wave(session, app)
    bank = runtime(app).banks[wave.bank_key]
    for person in range(people):
        unit = unit_by_key(session, UNITS[person % len(UNITS)])
        assert unit is not None
        submission = check_submission(bank, full_answers(bank, person))
        record_responses(session, wave.id, bank, [(unit.id, submission)], TEST_CIPHER)
        current_plan(session, wave, bank, LIVE)
    return wave


def closed(session: Session, wave: Wave) -> Wave:
    close_wave(session, wave, dt.date.today(), TEST_CIPHER)
    return wave
