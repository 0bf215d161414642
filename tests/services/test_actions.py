"""Action plans on real databases: what may be recorded and by whom, progress, carry-over,
the board's summary and overdue reminders; bad input stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.database import session_scope
from surveyapp.domain.actions import ActionError, ActionStatus
from surveyapp.domain.disclosure import measures
from surveyapp.models import Action, ActionUpdate, AuditEntry, User, Wave
from surveyapp.runtime import runtime
from surveyapp.services import action_reminders, action_summary, actions
from surveyapp.services.actions import ActionRefused, NewAction
from surveyapp.services.publication import PlanSettings
from tests.support.actions import FEW_ANSWER, NOW, SECOND, answered_wave, staff, unit_id
from tests.support.sealed import TEST_CIPHER

WORKLOAD = measures.theme("workload")
DUE = dt.date(2027, 1, 31)


def new(owner: User, measure: str = WORKLOAD, due: dt.date | None = DUE) -> NewAction:
    return NewAction(measure, "Fewer cases per worker", owner.id, due)


def record(
    app: Flask, session: Session, author: User, wave: Wave, unit: str, what: NewAction
) -> Action:
    return actions.record_action(
        session,
        author,
        wave,
        unit_id(session, unit),
        what,
        runtime(app).banks,
        PlanSettings(answer_cipher=TEST_CIPHER),
        NOW,
    )


def counts(session: Session) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Action, ActionUpdate, AuditEntry)
    )


def test_an_action_is_recorded_against_a_published_result_with_its_audit_entry(
    app: Flask, session: Session
) -> None:
    wave = answered_wave(app, session, "Pulse: spring")
    people = staff(session)
    targets = actions.targets_for(
        session,
        wave,
        unit_id(session, "team-a"),
        runtime(app).banks,
        PlanSettings(answer_cipher=TEST_CIPHER),
    )
    shown = {t.measure for t in targets}
    assert {WORKLOAD, measures.theme("morale"), measures.question("morale_valued_v1")} <= shown
    assert measures.theme("trust") not in shown  # one of its questions is suppressed
    assert measures.question(FEW_ANSWER) not in shown
    assert measures.theme("change_seen") not in shown  # not asked in a first wave

    action = record(app, session, people["manager_a"], wave, "team-a", new(people["manager_a"]))
    assert (action.status, action.measure, action.due_on) == (ActionStatus.PLANNED, WORKLOAD, DUE)
    assert action.owner == people["manager_a"] and action.created_by == people["manager_a"]
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.sequence.desc())).first()
    assert entry is not None
    assert (entry.actor, entry.action, entry.wave_id, entry.unit_id) == (
        "a.manager@example.org",
        "action_recorded",
        wave.id,
        unit_id(session, "team-a"),
    )
    assert f"action {action.id} on {WORKLOAD}" in entry.detail


@pytest.mark.parametrize(
    ("author", "unit", "what", "field"),
    [
        (
            "analyst",
            "team-a",
            lambda p: new(p["analyst"], measures.question(FEW_ANSWER)),
            "measure",
        ),
        ("analyst", "team-a", lambda p: new(p["analyst"], measures.theme("trust")), "measure"),
        ("analyst", "team-a", lambda p: new(p["analyst"], "theme:no_such_theme"), "measure"),
        ("analyst", "team-a", lambda p: new(p["analyst"], measures.RESPONSES), "measure"),
        ("analyst", "team-c", lambda p: new(p["analyst"]), "measure"),  # too few to publish
        ("analyst", "team-a", lambda p: new(p["care_analyst"]), "owner_id"),  # out of scope
        ("analyst", "team-a", lambda p: new(p["viewer"]), "owner_id"),  # cannot act
        ("analyst", "team-a", lambda p: new(p["manager_b"]), "owner_id"),  # another team's
        ("analyst", "team-a", lambda p: NewAction(WORKLOAD, "x", None, DUE), "owner_id"),
        ("analyst", "team-a", lambda p: NewAction(WORKLOAD, "x", 999_999, DUE), "owner_id"),
        ("analyst", "team-a", lambda p: new(p["analyst"], due=dt.date(2026, 11, 30)), "due_on"),
        ("analyst", "team-a", lambda p: new(p["analyst"], due=None), "due_on"),
        (
            "analyst",
            "team-a",
            lambda p: NewAction(WORKLOAD, "  ", p["analyst"].id, DUE),
            "description",
        ),
    ],
)
def test_bad_input_names_its_field_and_stores_nothing(
    app: Flask, session: Session, author: str, unit: str, what: object, field: str
) -> None:
    wave = answered_wave(app, session, "Pulse: spring")
    people = staff(session)
    before = counts(session)
    with pytest.raises(ActionError) as error:
        record(app, session, people[author], wave, unit, what(people))  # type: ignore[operator]
    assert error.value.field == field
    assert counts(session) == before


@pytest.mark.parametrize(
    ("author", "unit", "message"),
    [
        ("manager_a", "team-b", "only for your own team"),
        ("manager_a", "svc", "only for your own team"),  # they may read it, not act on it
        ("manager_svc", "team-a", "only for your own team"),  # not below it either
        ("care_analyst", "team-a", "cannot record or update actions for this unit"),
        ("viewer", "team-a", "cannot record or update actions for this unit"),
    ],
)
def test_nobody_acts_outside_their_scope(
    app: Flask, session: Session, author: str, unit: str, message: str
) -> None:
    wave = answered_wave(app, session, "Pulse: spring")
    people = staff(session)
    before = counts(session)
    with pytest.raises(ActionRefused, match=message):
        record(app, session, people[author], wave, unit, new(people["analyst"]))
    assert counts(session) == before


def test_an_open_wave_offers_nothing_to_act_on(app: Flask, session: Session) -> None:
    wave = answered_wave(app, session, "Pulse: open", close=False)
    assert (
        actions.targets_for(
            session,
            wave,
            wave.root_unit_id,
            runtime(app).banks,
            PlanSettings(answer_cipher=TEST_CIPHER),
        )
        == ()
    )


def test_owners_are_the_staff_who_may_act_on_the_unit(app: Flask, session: Session) -> None:
    wave = answered_wave(app, session, "Pulse: spring")
    people = staff(session)
    owners = actions.possible_owners(session, wave, unit_id(session, "team-a"))
    assert {u.email for u in owners} == {
        people[key].email for key in ("analyst", "admin", "manager_a")
    }


def test_progress_until_done_then_nothing_more(app: Flask, session: Session) -> None:
    wave = answered_wave(app, session, "Pulse: spring")
    people = staff(session)
    action = record(app, session, people["analyst"], wave, "team-a", new(people["manager_a"]))
    manager = people["manager_a"]
    actions.add_progress(
        session, manager, action, "Two posts advertised", ActionStatus.IN_PROGRESS, "", NOW
    )
    actions.add_progress(session, manager, action, "One filled", None, "", NOW)
    assert action.status is ActionStatus.IN_PROGRESS
    with pytest.raises(ActionRefused):
        actions.add_progress(session, people["manager_b"], action, "Not mine", None, "", NOW)
    with pytest.raises(ActionError) as no_reason:
        actions.add_progress(session, manager, action, "", ActionStatus.DROPPED, "", NOW)
    assert no_reason.value.field == "dropped_reason"
    actions.add_progress(session, manager, action, "Both in post", ActionStatus.DONE, "", NOW)
    before = counts(session)
    with pytest.raises(ActionError, match="This action is done"):
        actions.add_progress(session, manager, action, "And another thing", None, "", NOW)
    assert counts(session) == before
    session.refresh(action)
    assert [(u.text, u.status) for u in action.updates] == [
        ("Two posts advertised", ActionStatus.IN_PROGRESS),
        ("One filled", None),
        ("Both in post", ActionStatus.DONE),
    ]
    trail = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.action.like("action_%"))
        .order_by(AuditEntry.sequence)
    ).all()
    assert trail == [
        "action_recorded",
        "action_status_changed",
        "action_updated",
        "action_status_changed",
    ]


def test_a_dropped_action_keeps_its_reason(app: Flask, session: Session) -> None:
    wave = answered_wave(app, session, "Pulse: spring")
    people = staff(session)
    action = record(app, session, people["analyst"], wave, "svc", new(people["manager_svc"]))
    actions.add_progress(
        session, people["analyst"], action, "", ActionStatus.DROPPED, "No budget", NOW
    )
    assert (action.status, action.dropped_reason) == (ActionStatus.DROPPED, "No budget")


def test_the_next_wave_shows_open_actions_beside_the_same_measure_with_the_change(
    app: Flask, session: Session
) -> None:
    banks = runtime(app).banks
    first = answered_wave(
        app,
        session,
        "Pulse: spring",
        values={"workload_caseload_v1": "2", "workload_direct_time_v1": "2"},
    )
    people = staff(session)
    team_a = unit_id(session, "team-a")
    carried = record(app, session, people["analyst"], first, "team-a", new(people["manager_a"]))
    done = record(
        app,
        session,
        people["analyst"],
        first,
        "team-a",
        new(people["manager_a"], measures.theme("morale")),
    )
    actions.add_progress(session, people["analyst"], done, "Done", ActionStatus.DONE, "", NOW)
    second = answered_wave(app, session, "Pulse: summer", SECOND)

    now = actions.unit_actions(
        session, second, team_a, banks, PlanSettings(answer_cipher=TEST_CIPHER), dt.date(2027, 2, 1)
    )
    assert [v.action for v in now] == [carried, done]  # open first
    workload = now[0]
    assert workload.is_carried_over and workload.is_overdue and workload.label == "Theme: Workload"
    assert workload.change.then is not None and workload.change.then.percent == 0
    assert workload.change.now is not None and workload.change.now.percent == 100
    assert workload.change.marker == "up"
    assert not now[1].is_overdue  # done, so never overdue

    then = actions.unit_actions(
        session, first, team_a, banks, PlanSettings(answer_cipher=TEST_CIPHER), dt.date(2027, 1, 1)
    )
    assert not then[0].is_carried_over and then[0].change.now is None and not then[0].is_overdue
    # an action for a later wave is not part of an earlier wave's page
    record(app, session, people["analyst"], second, "team-a", new(people["manager_a"]))
    assert (
        len(
            actions.unit_actions(
                session, first, team_a, banks, PlanSettings(answer_cipher=TEST_CIPHER), NOW.date()
            )
        )
        == 2
    )
    assert (
        len(
            actions.unit_actions(
                session, second, team_a, banks, PlanSettings(answer_cipher=TEST_CIPHER), NOW.date()
            )
        )
        == 3
    )


def test_the_board_summary_counts_by_status_per_theme_and_lists_the_overdue(
    app: Flask, session: Session
) -> None:
    wave = answered_wave(app, session, "Pulse: spring")
    people = staff(session)
    owner = people["analyst"]
    record(app, session, owner, wave, "team-a", new(owner))
    record(
        app, session, owner, wave, "team-b", new(owner, measures.question("workload_caseload_v1"))
    )
    late = record(
        app, session, owner, wave, "svc", new(owner, measures.theme("morale"), dt.date(2026, 12, 1))
    )
    finished = record(app, session, owner, wave, "team-b", new(owner, measures.theme("morale")))
    actions.add_progress(session, owner, finished, "", ActionStatus.DONE, "", NOW)
    units = {unit_id(session, key) for key in ("org", "svc", "team-a", "team-b", "care", "team-c")}

    summary = action_summary.actions_summary(
        session, wave, units, runtime(app).banks, dt.date(2026, 12, 2)
    )
    assert [
        (t.title, t.by_status[ActionStatus.PLANNED], t.by_status[ActionStatus.DONE], t.overdue)
        for t in summary.themes
    ] == [
        ("Morale and wellbeing", 1, 1, 1),
        ("Workload", 2, 0, 0),
    ]
    assert summary.total == 4
    assert [(o.unit_name, o.owner_email, o.due_on) for o in summary.overdue] == [
        ("Family Help", "analyst@example.org", late.due_on)
    ]
    only_teams = action_summary.actions_summary(
        session, wave, {unit_id(session, "team-a")}, runtime(app).banks, dt.date(2026, 12, 2)
    )
    assert only_teams.total == 1 and only_teams.overdue == ()


def test_overdue_owners_are_reminded_once_a_week(app: Flask, database_url: str) -> None:
    with app.app_context(), session_scope(app) as session:
        wave = answered_wave(app, session, "Pulse: spring")
        people = staff(session)
        owner = people["manager_a"]
        late = record(app, session, owner, wave, "team-a", new(owner, due=dt.date(2026, 12, 5)))
        record(app, session, owner, wave, "team-a", new(owner, due=dt.date(2026, 12, 20)))
        closed = record(app, session, owner, wave, "team-a", new(owner, due=dt.date(2026, 12, 5)))
        actions.add_progress(session, owner, closed, "", ActionStatus.DONE, "", NOW)
    day = dt.date(2026, 12, 10)

    def claim(on: dt.date) -> list[action_reminders.Reminder]:
        with app.app_context(), session_scope(app) as session:
            return action_reminders.overdue_reminders(session, on)

    (reminder,) = claim(day)
    assert (reminder.action_id, reminder.owner_email, reminder.unit_name) == (
        late.id,
        "a.manager@example.org",
        "Team A",
    )
    assert claim(day) == [] and claim(day + dt.timedelta(days=6)) == []
    assert [r.action_id for r in claim(day + dt.timedelta(days=7))] == [late.id]


def test_a_claim_rolled_back_is_claimed_again(app: Flask, session: Session) -> None:
    """A reminder whose send failed (the tick's transaction rolled back) is sent next time."""
    wave = answered_wave(app, session, "Pulse: spring")
    owner = staff(session)["manager_a"]
    record(app, session, owner, wave, "team-a", new(owner, due=dt.date(2026, 12, 5)))
    day = dt.date(2026, 12, 10)
    with session.begin_nested() as attempt:
        assert len(action_reminders.overdue_reminders(session, day)) == 1
        attempt.rollback()
    assert len(action_reminders.overdue_reminders(session, day)) == 1
