"""Revision e195ea1ed042 seals the plaintext answer tables: same plans, same answers, no keys
needed where nothing is stored, and nothing changed when the keys it needs are missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import func, inspect, select

from surveyapp.database import get_engine, make_engine, migrate, session_scope
from surveyapp.domain.banks import bank_of
from surveyapp.domain.disclosure import compute_plan
from surveyapp.domain.submission import CheckedAnswer, Submission, check_submission
from surveyapp.models import PlanSnapshot, Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.publication import PlanSettings, gather_input
from surveyapp.services.units import unit_by_key
from tests.conftest import TEST_SETTINGS, make_app
from tests.factories import open_test_wave
from tests.support.live_waves import full_answers
from tests.support.plaintext_store import plaintext_input, response, write_plaintext
from tests.support.sealed import TEST_CIPHER, stored_comments, stored_responses

LAST_PLAINTEXT = "e2b90a41c6a1"
COMMENT_KEY = "u0hFbE1nCRyvYSpe8a2cgqTTpJd2rdFJCwR6gD7X9Mg="
KEYS = {**TEST_SETTINGS, "COMMENT_KEYS": (COMMENT_KEY,)}
SEALED = PlanSettings(answer_cipher=TEST_CIPHER)
PLAINTEXT_TABLES = {"response", "answer", "response_band", "comment"}


def sealed_digests(app: Flask) -> dict[int, str]:
    banks = runtime(app).banks
    with app.app_context(), session_scope(app) as session:
        return {
            wave.id: compute_plan(
                gather_input(session, wave, banks[wave.bank_key], SEALED)
            ).digest()
            for wave in session.scalars(select(Wave).order_by(Wave.id))
        }


def plaintext_digests(app: Flask) -> dict[int, str]:
    banks = runtime(app).banks
    with app.app_context(), session_scope(app) as session:
        return {
            wave.id: compute_plan(plaintext_input(session, wave, bank_of(banks, wave))).digest()
            for wave in session.scalars(select(Wave).order_by(Wave.id))
        }


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_plans_from_the_sealed_store_equal_plans_from_the_old_tables(
    demo_app: Flask, demo_database_url: str
) -> None:
    """The demo council's six plans, as stored when it was loaded, counted afresh from the
    sealed records, counted the old way from the plaintext tables the records open into, and
    counted from the records sealed again from those tables: one digest per wave throughout."""
    with demo_app.app_context(), session_scope(demo_app) as session:
        stored = dict(session.execute(select(PlanSnapshot.wave_id, PlanSnapshot.digest)).all())
    assert len(stored) == 6
    assert sealed_digests(demo_app) == stored
    responses = len(stored_responses(demo_app))
    get_engine(demo_app).dispose()

    migrate.downgrade(demo_database_url, LAST_PLAINTEXT, KEYS)
    assert plaintext_digests(demo_app) == stored
    with demo_app.app_context(), session_scope(demo_app) as session:
        assert session.scalar(select(func.count()).select_from(response)) == responses
    get_engine(demo_app).dispose()

    migrate.upgrade(demo_database_url, "head", KEYS)
    assert sealed_digests(demo_app) == stored
    assert not PLAINTEXT_TABLES & table_names(demo_database_url)
    migrate.check(demo_database_url)


def old_submissions(app: Flask) -> list[tuple[str, Submission]]:
    """Varied answers, skips, both bands, comments on both prompts, and answers the bank no
    longer offers (a retired option, a retired question, a retired band)."""
    bank = runtime(app).banks["social-work-pulse"]
    people: list[tuple[str, Submission]] = []
    for person in range(23):
        answers = {
            k: v
            for i, (k, v) in enumerate(full_answers(bank, person).items())
            if i % 7 != person % 7
        }
        if person % 3 == 0:
            answers["comment_keep_v1"] = f"Kept {person}: the team, café included."
        if person % 4 == 0:
            answers["comment_change_v1"] = "Fewer forms " * (person + 1)
        submission = check_submission(bank, answers)
        people.append((("team-a", "team-b", "svc", "org")[person % 4], submission))
    retired = Submission(
        answers=(
            CheckedAnswer("workload_out_of_hours_v1", choice="every_night"),
            CheckedAnswer("morale_old_wording_v0", value=2),
        ),
        bands=(("role", "agency_worker"),),
    )
    return [*people, ("team-a", retired)]


def as_plain(unit_id: int, submission: Submission) -> tuple[int, list, list]:  # type: ignore[type-arg]
    answers = sorted(
        (a.question_key, a.value if a.choice is None else a.choice) for a in submission.answers
    )
    return unit_id, sorted(submission.bands), answers


def test_the_migration_seals_what_the_old_writer_stored(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    get_engine(app).dispose()
    migrate.downgrade(database_url, LAST_PLAINTEXT)  # nothing stored: no key needed
    fernet = Fernet(COMMENT_KEY)
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        written = [
            (unit.id, submission)
            for key, submission in old_submissions(app)
            if (unit := unit_by_key(session, key)) is not None
        ]
        write_plaintext(
            session, wave.id, written, lambda text: fernet.encrypt_at_time(text.encode(), 0)
        )
        wave.state = WaveState.CLOSED
        wave_id = wave.id
    before = plaintext_digests(app)
    get_engine(app).dispose()

    # As an operator upgrades: the command passes the app's answer and (old) comment keys.
    upgrading = make_app(database_url, tmp_path / "upgrade", COMMENT_KEYS=(COMMENT_KEY,))
    result = upgrading.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    get_engine(upgrading).dispose()
    assert sealed_digests(app) == before
    opened = sorted(
        (r.unit_id, sorted(r.bands.items()), sorted(r.answers.items()))
        for r in stored_responses(app, wave_id)
    )
    assert opened == sorted(as_plain(unit_id, submission) for unit_id, submission in written)
    assert sorted((c.unit_id, prompt, c.text) for c, prompt in stored_comments(app, wave_id)) == (
        sorted((u, p, t) for u, s in written for p, t in s.comments)
    )
    assert not PLAINTEXT_TABLES & table_names(database_url)


def test_sealing_without_the_comment_keys_changes_nothing(app: Flask, database_url: str) -> None:
    get_engine(app).dispose()
    migrate.downgrade(database_url, LAST_PLAINTEXT)
    fernet = Fernet(COMMENT_KEY)
    with app.app_context(), session_scope(app) as session:
        wave = open_test_wave(session, app)
        unit = unit_by_key(session, "team-a")
        assert unit is not None
        bank = runtime(app).banks["social-work-pulse"]
        submission = check_submission(bank, {"morale_valued_v1": "4", "comment_keep_v1": "Hi."})
        write_plaintext(
            session, wave.id, [(unit.id, submission)], lambda t: fernet.encrypt(t.encode())
        )
    get_engine(app).dispose()
    with pytest.raises(RuntimeError, match="^SURVEYAPP_COMMENT_KEYS is needed to read the stored"):
        migrate.upgrade(database_url, "head", {"ANSWER_KEYS": TEST_SETTINGS["ANSWER_KEYS"]})
    assert table_names(database_url) >= PLAINTEXT_TABLES
    assert "sealed_response" not in table_names(database_url)
    migrate.upgrade(database_url, "head", KEYS)
    assert [c.text for c, _prompt in stored_comments(app)] == ["Hi."]
