""" "Did it work?": a follow-up question is asked only in a wave that follows an earlier one, and a
first wave's pages, plan and results have no trace of it."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from surveyapp.domain.banks import bank_of
from surveyapp.domain.disclosure import measures
from surveyapp.domain.submission import SubmissionError, check_submission
from surveyapp.runtime import runtime
from surveyapp.services.publication import PlanSettings, current_plan
from surveyapp.services.staff_pages import previous_slug, slug_for
from surveyapp.services.units import unit_by_key
from surveyapp.services.visibility import wave_members
from surveyapp.services.waves import create_wave, open_wave
from tests.support.actions import SECOND, answered_wave, unit_id
from tests.support.sealed import TEST_CIPHER

FOLLOW_UP = "change_seen_since_last_v1"
CHANGE_SEEN = measures.theme("change_seen")


def test_only_waves_after_the_first_ask_it(app: Flask, session: Session) -> None:
    banks = runtime(app).banks
    first = answered_wave(app, session, "Pulse: spring", values={FOLLOW_UP: "5"})
    second = answered_wave(app, session, "Pulse: summer", SECOND, values={FOLLOW_UP: "5"})
    assert (first.asks_follow_up, second.asks_follow_up) == (False, True)
    assert FOLLOW_UP not in {q.key for q in bank_of(banks, first).questions}
    assert FOLLOW_UP in {q.key for q in bank_of(banks, second).questions}

    first_plan = current_plan(
        session, first, bank_of(banks, first), PlanSettings(answer_cipher=TEST_CIPHER)
    )
    assert not any(
        cell.measure in (CHANGE_SEEN, measures.question(FOLLOW_UP)) for cell in first_plan.cells()
    )  # not "fewer than 5 responses": never asked, so never a candidate
    second_plan = current_plan(
        session, second, bank_of(banks, second), PlanSettings(answer_cipher=TEST_CIPHER)
    )
    team_a = unit_id(session, "team-a")
    assert second_plan.is_published(team_a, CHANGE_SEEN)
    assert second_plan.n(team_a, measures.question(FOLLOW_UP)) == 8


def test_a_crafted_answer_to_it_in_a_first_wave_is_refused(app: Flask, session: Session) -> None:
    first = answered_wave(app, session, "Pulse: spring", close=False)
    with pytest.raises(SubmissionError) as refused:
        check_submission(bank_of(runtime(app).banks, first), {FOLLOW_UP: "4"})
    assert refused.value.errors == {FOLLOW_UP: "is not a question in this survey"}


def test_a_wave_follows_an_earlier_one_that_covered_its_root(app: Flask, session: Session) -> None:
    bank = runtime(app).banks["social-work-pulse"]
    answered_wave(app, session, "Pulse: spring")
    service = unit_by_key(session, "svc")
    assert service is not None
    later = create_wave(session, bank, service, "Family Help pulse")
    open_wave(session, later, 5, 10, SECOND[0])
    assert later.asks_follow_up


def test_a_wave_of_everyone_after_a_wave_of_one_service_is_a_first(
    app: Flask, session: Session
) -> None:
    answered_wave(app, session, "Pulse: spring")  # makes the council; its own wave aside
    bank = runtime(app).banks["social-work-pulse"]
    care = unit_by_key(session, "care")
    root = unit_by_key(session, "org")
    assert care is not None and root is not None
    care_first = create_wave(session, bank, care, "Children in Care pulse")
    open_wave(session, care_first, 5, 10, SECOND[0])
    assert care_first.asks_follow_up  # the spring wave covered Children in Care
    other_bank = create_wave(session, bank, root, "Everyone again")
    other_bank.bank_key = "another-bank"
    open_wave(session, other_bank, 5, 10, SECOND[0])
    assert not other_bank.asks_follow_up  # no earlier wave of its own bank


def test_every_unit_of_an_opened_wave_has_a_page_address_of_its_own(
    app: Flask, session: Session
) -> None:
    first = answered_wave(app, session, "Pulse: spring")
    second = answered_wave(app, session, "Pulse: summer", SECOND, close=False)
    slugs = {
        (wave.id, member.unit_id): slug_for(session, wave.id, member.unit_id)
        for wave in (first, second)
        for member in wave_members(session, wave)
    }
    assert len(slugs) == 12 and len(set(slugs.values())) == 12
    assert all(
        s is not None and len(s) == 26 and s.isalnum() and s.islower() for s in slugs.values()
    )
    team_a = unit_id(session, "team-a")
    assert previous_slug(session, second.id, team_a) == slugs[first.id, team_a]
    assert previous_slug(session, first.id, team_a) is None
