"""The publication service on real databases: the demo council's plans, storage, open waves."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.domain.disclosure import Reason, Verdict, audit_plan, measures
from surveyapp.domain.submission import check_submission
from surveyapp.models import PlanSnapshot, Wave, WaveState
from surveyapp.runtime import runtime
from surveyapp.services.publication import PlanSettings, current_plan, gather_input, node_plan
from surveyapp.services.responses import record_responses
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import close_wave
from tests.factories import open_test_wave
from tests.support.live_waves import LIVE, answered_one_at_a_time, closed
from tests.support.sealed import TEST_CIPHER

DEFAULT = PlanSettings(answer_cipher=TEST_CIPHER)


def bank(app: Flask):  # type: ignore[no-untyped-def]
    return runtime(app).banks["social-work-pulse"]


def add_responses(app: Flask, session: Session, wave: Wave, unit_key: str, count: int) -> None:
    unit = unit_by_key(session, unit_key)
    assert unit is not None
    submission = check_submission(bank(app), {"morale_valued_v1": "4", "role": "social_worker"})
    record_responses(session, wave.id, bank(app), [(unit.id, submission)] * count, TEST_CIPHER)


def snapshots(session: Session, wave: Wave) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(PlanSnapshot).where(PlanSnapshot.wave_id == wave.id)
        )
        or 0
    )


@pytest.fixture
def demo_session(app: Flask, session: Session) -> Session:
    from surveyapp.demo import load_demo

    load_demo(session, bank(app), TEST_CIPHER, 5, 10)
    return session


def test_demo_plans_publish_only_safe_cells(app: Flask, demo_session: Session) -> None:
    wave = demo_session.scalars(select(Wave).order_by(Wave.id.desc())).first()
    assert wave is not None
    plan = current_plan(demo_session, wave, bank(app), DEFAULT)
    published = list(plan.published_cells())
    assert len(published) > 300
    for cell in published:
        threshold = plan.k_comments if cell.measure.startswith(measures.COMMENTS) else plan.k
        assert cell.n is not None and cell.n >= threshold, cell
    plan_input = gather_input(demo_session, wave, bank(app), DEFAULT)
    audits = audit_plan(plan, plan_input, max_classes=400, max_nodes=2_000_000)
    assert audits and all(a.result.verdict is Verdict.SAFE for a in audits), [
        (a.family, a.result) for a in audits if a.result.verdict is not Verdict.SAFE
    ]
    assert 0.5 < plan.usefulness.share_published <= plan.usefulness.share_primary_only


def test_a_closed_wave_plan_is_computed_once_and_stored(app: Flask, demo_session: Session) -> None:
    wave = demo_session.scalars(select(Wave)).first()
    assert wave is not None
    first = current_plan(demo_session, wave, bank(app), DEFAULT)
    second = current_plan(demo_session, wave, bank(app), DEFAULT)
    assert first.digest() == second.digest()
    assert snapshots(demo_session, wave) == 1
    stored = demo_session.scalars(select(PlanSnapshot).where(PlanSnapshot.wave_id == wave.id)).one()
    assert stored.is_final and stored.digest == first.digest()


def test_an_open_wave_shows_nothing_and_stores_nothing(app: Flask, session: Session) -> None:
    wave = open_test_wave(session, app)
    add_responses(app, session, wave, "team-a", 8)
    plan = current_plan(session, wave, bank(app), DEFAULT)
    assert not list(plan.published_cells())
    assert plan.cell(wave.root_unit_id, measures.RESPONSES).reason is Reason.WAVE_STILL_OPEN
    assert snapshots(session, wave) == 0


def test_live_results_release_only_in_steps_of_k(app: Flask, session: Session) -> None:
    live = PlanSettings(live_results=True, answer_cipher=TEST_CIPHER)
    wave = open_test_wave(session, app)
    root = wave.root_unit_id
    add_responses(app, session, wave, "team-a", 4)
    assert not current_plan(session, wave, bank(app), live).is_published(root, measures.RESPONSES)
    assert snapshots(session, wave) == 0
    add_responses(app, session, wave, "team-a", 1)
    assert current_plan(session, wave, bank(app), live).n(root, measures.RESPONSES) == 5
    assert snapshots(session, wave) == 1
    add_responses(app, session, wave, "team-b", 3)
    assert current_plan(session, wave, bank(app), live).n(root, measures.RESPONSES) == 5
    add_responses(app, session, wave, "team-b", 2)
    assert current_plan(session, wave, bank(app), live).n(root, measures.RESPONSES) == 10
    assert snapshots(session, wave) == 2


def test_a_draft_wave_has_no_plan(app: Flask, session: Session) -> None:
    wave = open_test_wave(session, app)
    wave.state = WaveState.DRAFT
    with pytest.raises(ValueError, match="has not opened"):
        current_plan(session, wave, bank(app), DEFAULT)


def test_closing_a_wave_publishes_its_final_plan(app: Flask, session: Session) -> None:
    import datetime as dt

    wave = open_test_wave(session, app)
    add_responses(app, session, wave, "team-a", 6)
    add_responses(app, session, wave, "team-b", 6)
    close_wave(session, wave, dt.date.today(), TEST_CIPHER)
    plan = current_plan(session, wave, bank(app), DEFAULT)
    assert plan.n(wave.root_unit_id, measures.RESPONSES) == 12
    team_a = unit_by_key(session, "team-a")
    assert team_a is not None and plan.n(team_a.id, measures.RESPONSES) == 6


def test_a_live_release_cannot_be_differenced_by_the_next(app: Flask, session: Session) -> None:
    """Team A is shown with 5; one more arrives there with 5 elsewhere: showing A again would
    reveal that one person's answers, so A stays hidden in the next release and at close."""
    import datetime as dt

    live = PlanSettings(live_results=True, answer_cipher=TEST_CIPHER)
    wave = open_test_wave(session, app)
    team_a = unit_by_key(session, "team-a")
    assert team_a is not None
    add_responses(app, session, wave, "team-a", 5)
    add_responses(app, session, wave, "team-b", 5)
    first = current_plan(session, wave, bank(app), live)
    assert first.n(team_a.id, measures.RESPONSES) == 5
    add_responses(app, session, wave, "team-a", 1)
    add_responses(app, session, wave, "team-b", 4)
    second = current_plan(session, wave, bank(app), live)
    assert snapshots(session, wave) == 2
    assert not second.is_published(team_a.id, measures.RESPONSES)
    close_wave(session, wave, dt.date.today(), TEST_CIPHER)
    final = current_plan(session, wave, bank(app), live)
    assert not final.is_published(team_a.id, measures.RESPONSES)


def test_a_live_wave_keeps_its_organisation_results_at_close(app: Flask, session: Session) -> None:
    """38 people answer one at a time, every page view asking for the plan: releases at 5, 10,
    ..., 35. The last 3 cannot be shown at close, but what the last release showed can: the
    final plan repeats it (marked so), and gives the true reason for the rest."""
    wave = answered_one_at_a_time(session, app, 38)
    root = wave.root_unit_id
    assert snapshots(session, wave) == 7
    last_release = current_plan(session, wave, bank(app), LIVE)
    assert last_release.n(root, measures.RESPONSES) == 35
    final = current_plan(session, closed(session, wave), bank(app), LIVE)
    shown_before = {(c.node, c.measure) for c in last_release.published_cells()}
    shown_now = {(c.node, c.measure) for c in final.published_cells()}
    assert shown_before, "the live releases showed the organisation"
    assert shown_before - shown_now == set(), "the final plan hides what was already shown"
    org = final.cell(root, measures.RESPONSES)
    assert org.n == 35 and org.is_from_last_release
    answers, released = (
        plan.cell(root, measures.question("morale_valued_v1")) for plan in (final, last_release)
    )
    assert answers.is_from_last_release
    assert (answers.n, answers.distribution) == (released.n, released.distribution)
    for cell in final.cells():
        if cell.node == root and cell.reason is Reason.BELOW_MINIMUM:
            assert measures.is_breakdown(cell.measure), cell  # a band may hold fewer than 5


def test_a_trend_reads_one_node_of_each_plan_with_the_same_decisions(
    app: Flask, demo_session: Session
) -> None:
    from surveyapp.services.publication import snapshots as stored

    wave = demo_session.scalars(select(Wave)).first()
    assert wave is not None
    whole = current_plan(demo_session, wave, bank(app), DEFAULT)
    root = wave.root_unit_id
    stored._LOADED.clear()
    stored._NODES.clear()
    read_alone = node_plan(demo_session, wave, bank(app), DEFAULT, root)
    assert not stored._LOADED, "a trend must not keep the whole plan of each wave"
    assert read_alone == whole.only(root)
    assert {cell.node for cell in read_alone.cells()} == {root}
    assert len(read_alone) > 20
    assert node_plan(demo_session, wave, bank(app), DEFAULT, root) is read_alone
    current_plan(demo_session, wave, bank(app), DEFAULT)
    stored._NODES.clear()
    assert node_plan(demo_session, wave, bank(app), DEFAULT, root) == read_alone


def test_a_heatmap_of_the_wave_before_reads_the_same_from_its_units_as_from_the_whole_plan(
    app: Flask, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wave before is read a unit, its children and its rollup at a time, not kept whole:
    every unit's results from those cells equal its results from the whole plan, and a unit
    compared again is read from the nodes kept, without its text."""
    from surveyapp.domain.disclosure import rollup_node
    from surveyapp.domain.results import unit_results
    from surveyapp.services.publication import snapshots as stored
    from surveyapp.services.visibility import tree_of, wave_members

    wave = demo_session.scalars(select(Wave)).first()
    assert wave is not None
    whole = current_plan(demo_session, wave, bank(app), DEFAULT)
    tree = tree_of(wave_members(demo_session, wave))
    stored._LOADED.clear()
    stored._NODES.clear()
    compared = 0
    for unit in tree:
        shown = [unit.unit_id, rollup_node(unit.unit_id)]
        shown += [u.unit_id for u in tree if u.parent_id == unit.unit_id]
        part = stored.nodes_plan(demo_session, wave, bank(app), DEFAULT, shown)
        expected = unit_results(whole, bank(app), tree, unit.unit_id)
        assert unit_results(part, bank(app), tree, unit.unit_id) == expected
        compared += expected.responses is not None
    assert compared > 10
    assert not stored._LOADED, "the wave before must not be kept whole"
    texts_read: list[int] = []
    read_text = stored._text_of
    monkeypatch.setattr(
        stored, "_text_of", lambda s, snap: texts_read.append(1) or read_text(s, snap)
    )
    for unit in tree:
        shown = [unit.unit_id, *(u.unit_id for u in tree if u.parent_id == unit.unit_id)]
        stored.nodes_plan(demo_session, wave, bank(app), DEFAULT, shown)
    assert texts_read == []


def test_an_open_wave_trend_point_follows_its_current_plan(app: Flask, session: Session) -> None:
    wave = open_test_wave(session, app)
    add_responses(app, session, wave, "team-a", 6)
    point = node_plan(session, wave, bank(app), DEFAULT, wave.root_unit_id)
    assert {cell.reason for cell in point.cells()} == {Reason.WAVE_STILL_OPEN}


def test_parsed_plans_kept_per_worker_are_bounded_by_their_cells(
    app: Flask, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from surveyapp.services.publication import snapshots as stored

    waves = list(demo_session.scalars(select(Wave).order_by(Wave.id)))
    plans = [current_plan(demo_session, wave, bank(app), DEFAULT) for wave in waves]
    budget = max(len(plan) for plan in plans) * 2
    stored._LOADED.clear()
    monkeypatch.setattr(stored, "_LOADED_MAX_CELLS", budget)
    for wave in waves:
        current_plan(demo_session, wave, bank(app), DEFAULT)
    kept = sum(len(plan) for plan in stored._LOADED.values())
    assert 1 <= len(stored._LOADED) <= 2 < len(waves)
    assert kept <= budget
    last = current_plan(demo_session, waves[-1], bank(app), DEFAULT)
    assert last is list(stored._LOADED.values())[-1]


def test_a_stored_plan_altered_after_it_was_digested_is_refused(
    app: Flask, demo_session: Session
) -> None:
    from sqlalchemy import update

    from surveyapp.services.publication import snapshots as stored

    wave = demo_session.scalars(select(Wave)).first()
    assert wave is not None
    current_plan(demo_session, wave, bank(app), DEFAULT)
    demo_session.execute(
        update(PlanSnapshot)
        .where(PlanSnapshot.wave_id == wave.id)
        .values(plan_json=func.replace(PlanSnapshot.plan_json, '"k":5', '"k":3'))
    )
    demo_session.expire_all()
    stored._LOADED.clear()
    with pytest.raises(ValueError, match="does not match its digest"):
        current_plan(demo_session, wave, bank(app), DEFAULT)
