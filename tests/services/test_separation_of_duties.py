"""Separation of duties on the demo council, on both databases: whoever issued a team's
invitations cannot read that team's results, nor derive them from anything they can see.

The exact auditor plays the n-1 attack: the issuer knows every answer in the team but one, so
the team counts as one unknown person. Over the cells another analyst sees, that person is a
derivable group of one; over the cells the issuer sees, nobody of the team is in any cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.database import get_engine, session_scope
from surveyapp.domain.banks import bank_of
from surveyapp.domain.disclosure import PublicationPlan, Verdict, find_derivable_group, measures
from surveyapp.domain.duties import HIDDEN_REASON
from surveyapp.domain.roles import Role
from surveyapp.models import AuditEntry, User, Wave, WaveUnit
from surveyapp.runtime import runtime
from surveyapp.services import visibility
from surveyapp.services.api_tokens import create_api_token
from surveyapp.services.issuance import Issuer, record_issue
from surveyapp.services.participation import responses_per_unit
from surveyapp.services.publication import current_plan
from tests.conftest import add_staff, make_app
from tests.support.staff import sign_in_directly


@pytest.fixture
def duties_app(demo_database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(demo_database_url, tmp_path, SEPARATE_DUTIES=True)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def world(duties_app: Flask, demo: dict[str, int]) -> dict[str, int]:
    """An admin who issued the team's invitations in the latest wave, and an analyst."""
    with duties_app.app_context(), session_scope(duties_app) as session:
        issuer = add_staff(session, Role.ADMIN, "northbridge", "issuer@example.test")
        analyst = add_staff(session, Role.ANALYST, "northbridge", "analyst@example.test")
        wave = session.get(Wave, demo["wave"])
        assert wave is not None
        team, service = published_team(duties_app, session, wave)
        detail = "6 invitations issued as a PDF file"
        record_issue(session, Issuer.of(issuer), "invitations.issued", wave.id, team, detail)
        ids = {"issuer": issuer.id, "analyst": analyst.id, "team": team, "service": service}
        return {**demo, **ids}


def published_team(app: Flask, session: Session, wave: Wave) -> tuple[int, int]:
    """A team of the wave with a published cell of its own, and the service above it."""
    running = runtime(app)
    plan = current_plan(session, wave, bank_of(running.banks, wave), running.plan_settings)
    members = list(session.scalars(select(WaveUnit).where(WaveUnit.wave_id == wave.id)))
    parents = {m.parent_unit_id for m in members}
    return next(
        (m.unit_id, m.parent_unit_id)
        for m in sorted(members, key=lambda m: m.unit_id)
        if m.unit_id not in parents
        and m.parent_unit_id is not None
        and plan.is_published(m.unit_id, measures.RESPONSES)
    )


def view_for(app: Flask, user_id: int, wave_id: int, unit_id: int) -> visibility.UnitView | None:
    running = runtime(app)
    with app.app_context(), session_scope(app) as session:
        user = session.get(User, user_id)
        assert user is not None
        return visibility.unit_view(
            session, user, wave_id, unit_id, running.banks, running.plan_settings
        )


def cells_as_atoms(
    plan: PublicationPlan, members: list[WaveUnit], measure: str
) -> list[frozenset[int]]:
    """Each published cell of ``measure`` as the units whose own respondents it counts."""
    rollups = {r.node: r.unit_ids for r in plan.rollups}
    found = []
    for cell in plan.published_cells():
        if cell.measure != measure:
            continue
        tops = rollups[cell.node] if isinstance(cell.node, str) else {cell.node}
        found.append(frozenset().union(*(visibility.subtree_ids(members, u) for u in tops)))
    return found


def test_the_issuer_cannot_read_or_derive_the_team(
    duties_app: Flask, world: dict[str, int]
) -> None:
    app, wave_id, team = duties_app, world["wave"], world["team"]
    above = [world["service"], world["northbridge"]]
    for unit in (team, *above):
        assert view_for(app, world["issuer"], wave_id, unit) is None, unit
        assert view_for(app, world["analyst"], wave_id, unit) is not None, unit
    assert view_for(app, world["issuer"], world["first_wave"], team) is not None, "per wave"

    with app.app_context(), session_scope(app) as session:
        members = list(session.scalars(select(WaveUnit).where(WaveUnit.wave_id == wave_id)))
        counts = responses_per_unit(session, wave_id, runtime(app).answer_cipher)
    sibling = next(
        m.unit_id for m in members if m.parent_unit_id == world["service"] and m.unit_id != team
    )
    mine = view_for(app, world["issuer"], wave_id, sibling)
    theirs = view_for(app, world["analyst"], wave_id, sibling)
    assert mine is not None and theirs is not None
    assert counts.get(team, 0) >= 2, "the demo team has answers to attack"
    # The n-1 attack: the issuer wrote all the team's answers but one.
    attacked = {unit: count for unit, count in counts.items() if count}
    attacked[team] = 1
    k = theirs.plan.k
    measures_shown = {c.measure for c in theirs.plan.published_cells()}
    assert measures.RESPONSES in measures_shown
    for measure in sorted(measures_shown):
        if measures.is_breakdown(measure):
            continue
        seen = find_derivable_group(cells_as_atoms(mine.plan, members, measure), attacked, k)
        assert seen.verdict is Verdict.SAFE, (measure, seen)
    exposed = find_derivable_group(
        cells_as_atoms(theirs.plan, members, measures.RESPONSES), attacked, k
    )
    assert exposed.verdict is Verdict.LEAK and team in exposed.group
    assert all(not measures.is_breakdown(c.measure) for c in mine.plan.published_cells())
    hidden = [c for c in mine.plan.cells() if c.reason is HIDDEN_REASON]
    assert {c.node for c in hidden} >= {team, *above}


def test_pages_api_exports_and_board_refuse_the_issuer(
    duties_app: Flask, world: dict[str, int]
) -> None:
    app, wave_id, team = duties_app, world["wave"], world["team"]
    pepper = app.config["TOKEN_PEPPER"]
    tokens = {}
    with app.app_context(), session_scope(app) as session:
        for who in ("issuer", "analyst"):
            user = session.get(User, world[who])
            assert user is not None
            tokens[who] = create_api_token(session, pepper, user, "test", dt.date.today())
    paths = [
        f"/insights/waves/{wave_id}/units/{team}",
        f"/insights/waves/{wave_id}/units/{team}/export.csv",
        f"/insights/waves/{wave_id}/units/{world['northbridge']}/export.xlsx",
        f"/board/waves/{wave_id}/units/{team}",
        f"/board/waves/{wave_id}/units/{world['safeguarding']}",
    ]
    api = [
        f"/api/v1/waves/{wave_id}/units/{team}/results",
        f"/api/v1/waves/{wave_id}/units/{team}/cells",
        f"/api/v1/waves/{wave_id}/units/{world['northbridge']}/trends",
    ]
    for who, status in (("issuer", 404), ("analyst", 200)):
        client = app.test_client()
        sign_in_directly(app, client, world[who])
        for path in paths:
            assert client.get(path).status_code == status, (who, path)
        if who == "analyst":  # the unit's results say what was issued for each team
            shown = client.get(f"/insights/waves/{wave_id}/units/{world['service']}")
            assert "invitations issued for a headcount of" in shown.get_data(as_text=True)
        bearer = {"Authorization": f"Bearer {tokens[who]}"}
        for path in api:
            assert app.test_client().get(path, headers=bearer).status_code == status, (who, path)
        listed = app.test_client().get(f"/api/v1/waves/{wave_id}/units", headers=bearer).json
        assert (team in {u["id"] for u in listed["units"]}) is (who == "analyst")
    # The issuer still manages the wave: the audit trail shows the issue, named.
    issuer = app.test_client()
    sign_in_directly(app, issuer, world["issuer"])
    assert "issuer@example.test" in issuer.get("/audit/").get_data(as_text=True)
    with app.app_context(), session_scope(app) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "invitations.issued")
        ).one()
        assert (entry.actor, entry.wave_id, entry.unit_id) == ("issuer@example.test", wave_id, team)
        assert entry.detail.startswith("6 invitations")


def test_without_the_setting_the_issuer_reads_as_before(
    demo_app: Flask, demo: dict[str, int]
) -> None:
    with demo_app.app_context(), session_scope(demo_app) as session:
        issuer = add_staff(session, Role.ADMIN, "northbridge", "issuer@example.test")
        record_issue(
            session,
            Issuer.of(issuer),
            "invitations.issued",
            demo["wave"],
            demo["safeguarding-01"],
            "6 invitations",
        )
    assert view_for(demo_app, issuer.id, demo["wave"], demo["safeguarding-01"]) is not None


def test_an_action_s_result_in_a_later_wave_is_hidden_from_whoever_issued_there(
    duties_app: Flask, world: dict[str, int]
) -> None:
    """An action recorded on an earlier wave's results shows its score in each later wave: in
    the wave the issuer let people into, not for the units they issued for, nor those above."""
    from surveyapp.models import Action
    from surveyapp.services.actions import later_changes

    app = duties_app
    running = runtime(app)
    with app.app_context(), session_scope(app) as session:
        issuer, analyst = session.get(User, world["issuer"]), session.get(User, world["analyst"])
        covering = {world["team"], world["service"], world["northbridge"]}
        actions = [
            a
            for a in session.scalars(select(Action))
            if a.unit_id in covering and a.wave_id != world["wave"]
        ]
        assert actions, "the demo records actions on earlier waves"
        seen = {"issuer": 0, "analyst": 0}
        for action in actions:
            for name, reader in (("issuer", issuer), ("analyst", analyst)):
                for later in later_changes(
                    session, action, running.banks, running.plan_settings, reader
                ):
                    if later.wave.id == world["wave"] and later.change.now is not None:
                        seen[name] += 1
        assert seen["analyst"] > 0 and seen["issuer"] == 0, seen


def test_the_public_page_shows_no_results_when_duties_are_separated(
    duties_app: Flask, world: dict[str, int]
) -> None:
    """It has no reader: its issuer could read the team's headline there, so nobody does."""
    from surveyapp.models import StaffPage

    with duties_app.app_context(), session_scope(duties_app) as session:
        slug = session.scalar(
            select(StaffPage.slug).where(
                StaffPage.wave_id == world["wave"], StaffPage.unit_id == world["service"]
            )
        )
    assert slug is not None
    page = duties_app.test_client().get(f"/you-said-we-did/{slug}").get_data(as_text=True)
    assert "Results are not shown on this open page" in page
    assert 'data-measure="responses"' not in page and 'data-measure="theme:' not in page
    assert "We did" in page
