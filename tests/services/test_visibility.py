"""What a reader may see of a wave, on real databases: one rule for every page and command."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from surveyapp.domain.roles import Role
from surveyapp.models import User, Wave
from surveyapp.runtime import runtime
from surveyapp.services import visibility
from surveyapp.services.publication import PlanSettings
from surveyapp.services.units import import_units_csv, unit_by_key
from surveyapp.services.waves import create_wave, open_wave
from tests.admin.support import COUNCIL
from tests.conftest import add_staff


def service_wave(app: Flask, session: Session, *, opened: bool = True) -> Wave:
    """A wave run for the Family Help service alone (org > svc > team-a, team-b)."""
    import_units_csv(session, COUNCIL)
    service = unit_by_key(session, "svc")
    assert service is not None
    bank = runtime(app).banks["social-work-pulse"]
    wave = create_wave(session, bank, service, "Family Help pulse", dt.date.today())
    if opened:
        open_wave(session, wave, 5, 10, dt.date.today())
    return wave


def ids(session: Session, *keys: str) -> list[int]:
    return [unit.id for key in keys if (unit := unit_by_key(session, key)) is not None]


def view_of(
    app: Flask, session: Session, reader: User, wave: Wave, unit: int
) -> visibility.UnitView | None:
    running = runtime(app)
    return visibility.unit_view(
        session, reader, wave.id, unit, running.banks, running.plan_settings
    )


def sees_comments(app: Flask, session: Session, reader: User, wave: Wave, unit: int) -> bool:
    view = view_of(app, session, reader, wave, unit)
    return view is not None and view.may_see_comments


def test_scope_in_the_tree_and_above_its_root(app: Flask, session: Session) -> None:
    wave = service_wave(app, session)
    org, svc, team_a, team_b = ids(session, "org", "svc", "team-a", "team-b")
    service_analyst = add_staff(session, Role.ANALYST, "svc", "svc@example.org")
    board = add_staff(session, Role.VIEWER, "org", "board@example.org", viewer_max_depth=1)
    team_analyst = add_staff(session, Role.ANALYST, "team-a", "team@example.org")
    other_service = add_staff(session, Role.ADMIN, "care", "care@example.org")

    assert visibility.ancestors_of(session, team_a) == [svc, org]
    assert visibility.visible_units(session, service_analyst, wave) == {svc, team_a, team_b}
    assert visibility.visible_units(session, board, wave) == {svc}  # depth 1 from the org
    assert visibility.visible_units(session, team_analyst, wave) == {team_a}
    assert visibility.visible_units(session, other_service, wave) == frozenset()
    assert sees_comments(app, session, service_analyst, wave, team_b)
    assert not sees_comments(app, session, board, wave, svc)  # not granted


def test_a_unit_view_is_the_unit_with_its_plan_or_nothing(app: Flask, session: Session) -> None:
    wave = service_wave(app, session)
    svc, team_a = ids(session, "svc", "team-a")
    organisation = add_staff(session, Role.ANALYST, "org", "org@example.org")
    granted_board = add_staff(
        session, Role.VIEWER, "org", "board@example.org", can_see_comments=True
    )
    sibling = add_staff(session, Role.ANALYST, "care", "care@example.org")

    view = view_of(app, session, organisation, wave, team_a)
    assert view is not None
    assert (view.wave, view.unit.name, view.may_see_comments) == (wave, "Team A", True)
    assert view.visible == {m.unit_id for m in view.members}
    assert view.subtree == {team_a}
    assert view.parent() is not None and view.parent().unit_id == svc
    assert len(view.plan.digest()) == 64

    board_view = view_of(app, session, granted_board, wave, svc)
    assert board_view is not None and board_view.may_see_comments
    assert board_view.parent() is None  # the organisation is not part of the wave
    assert view_of(app, session, granted_board, wave, team_a) is None  # below its depth
    assert view_of(app, session, sibling, wave, svc) is None
    assert view_of(app, session, organisation, wave, 999_999) is None


def test_a_wave_that_has_not_opened_shows_nothing(app: Flask, session: Session) -> None:
    draft = service_wave(app, session, opened=False)
    (svc,) = ids(session, "svc")
    organisation = add_staff(session, Role.ADMIN, "org", "org@example.org")
    assert view_of(app, session, organisation, draft, svc) is None
    assert visibility.visible_members(session, organisation, draft.id, PlanSettings()) == ()
    assert visibility.readable_waves(session, organisation, PlanSettings()) == []


def test_waves_list_the_highest_unit_each_reader_may_see(app: Flask, session: Session) -> None:
    wave = service_wave(app, session)
    svc, team_a, team_b = ids(session, "svc", "team-a", "team-b")
    organisation = add_staff(session, Role.ANALYST, "org", "org@example.org")
    team = add_staff(session, Role.ANALYST, "team-b", "team@example.org")
    sibling = add_staff(session, Role.ANALYST, "care", "care@example.org")

    [entry] = visibility.readable_waves(session, organisation, PlanSettings())
    assert entry.wave == wave and entry.top is not None and entry.top.unit_id == svc
    [entry] = visibility.readable_waves(session, team, PlanSettings())
    assert entry.top is not None and entry.top.unit_id == team_b
    [entry] = visibility.readable_waves(session, sibling, PlanSettings())
    assert entry.top is None
    members = visibility.visible_members(session, organisation, wave.id, PlanSettings())
    assert [m.unit_id for m in members] == sorted([svc, team_a, team_b])
    assert visibility.visible_members(session, sibling, wave.id, PlanSettings()) == ()
    assert visibility.visible_units_by_wave(session, organisation) == {wave.id: None}
    assert visibility.visible_units_by_wave(session, team) == {wave.id: {team_b}}
    assert visibility.is_scoped_to_the_root(session, organisation)
    assert not visibility.is_scoped_to_the_root(session, team)
