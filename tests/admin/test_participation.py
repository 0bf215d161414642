"""Admin pages: waves and participation per unit (counts of people, never results), in scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.database import session_scope
from surveyapp.domain.participation import UnitParticipation, participation_rows, team_link_uses
from surveyapp.domain.roles import Role
from surveyapp.models import Wave, WaveUnit
from surveyapp.runtime import runtime
from surveyapp.services.units import unit_by_key
from surveyapp.services.waves import close_wave, create_wave, open_wave
from tests.accounts.support import add_account, sign_in
from tests.factories import wave_with_team_link
from tests.respond.conftest import ONE_ANSWER, Respondent

from .support import open_wave_with_responses


def signed_in(app: Flask, email: str, role: Role, scope: str) -> FlaskClient:
    add_account(app, email, role, scope)
    client = app.test_client()
    assert sign_in(client, email).status_code == 303
    return client


def table_rows(page: str) -> dict[str, list[str]]:
    """Unit name -> the numbers in its row, read from the participation table."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>\s*<th scope=\"row\".*?</tr>", page, re.S):
        name = re.search(r"<th[^>]*>\s*([^<]+?)\s*<", row)
        assert name
        cells = re.findall(r'<td class="table__numeric">(.*?)</td>', row)
        rows[name.group(1)] = [re.sub(r"<[^>]+>", "", cell) for cell in cells]
    return rows


def test_participation_counts_rates_and_the_over_headcount_warning(app: Flask) -> None:
    wave_id = open_wave_with_responses(app)
    with app.app_context(), session_scope(app) as session:
        wave = session.get(Wave, wave_id)
        assert wave is not None
        close_wave(session, wave, dt.date(2026, 4, 30), runtime(app).answer_cipher)
    client = signed_in(app, "admin@example.org", Role.ADMIN, "org")
    response = client.get(f"/admin/waves/{wave_id}/participation")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert table_rows(page) == {
        "Test Council": ["22", "18", "82%"],
        "Family Help": ["15", "15", "100%"],
        "Team A": ["8", "6", "75%"],
        "Team B": ["6", "9", "150%"],
        "Children in Care": ["5", "2", "40%"],
        "Team C": ["5", "2", "40%"],
    }
    assert "1 unit has more responses than people: Team B." in page
    assert "Check: 9 responses from a headcount of 6" in page
    assert page.count("tag--warning") == 1
    assert '<caption class="table__caption" id="participation-caption">' in page
    assert 'role="region" aria-labelledby="participation-caption" tabindex="0"' in page
    assert page.count('<th scope="col"') == 4
    assert "favourable" not in page.lower()
    assert "While the survey is open" not in page


def test_while_open_no_count_below_k_is_shown_nor_follows_by_subtraction(app: Flask) -> None:
    """18 in all, 15 in Family Help: the 3 outside it (Team C's 2 and one at the top) would
    follow from the two, so the total waits for the close, and so does its rate."""
    wave_id = open_wave_with_responses(app)
    client = signed_in(app, "admin@example.org", Role.ADMIN, "org")
    page = client.get(f"/admin/waves/{wave_id}/participation").get_data(as_text=True)
    assert table_rows(page) == {
        "Test Council": ["22", "not shown yet", "not shown yet"],
        "Family Help": ["15", "15", "100%"],
        "Team A": ["8", "6", "75%"],
        "Team B": ["6", "9", "150%"],
        "Children in Care": ["5", "fewer than 5", "not shown yet"],
        "Team C": ["5", "fewer than 5", "not shown yet"],
    }
    assert "While the survey is open, a unit where fewer than 5 have answered" in page
    assert "Check: 9 responses from a headcount of 6" in page
    for hidden in (">18<", ">2<", "82%", "40%"):
        assert hidden not in page, hidden
    index = client.get("/admin/").get_data(as_text=True)
    assert "not shown yet" in index and ">18<" not in index


def test_while_open_a_small_team_of_its_own_shows_fewer_than_k(app: Flask) -> None:
    wave_id = open_wave_with_responses(app)
    care = signed_in(app, "care@example.org", Role.ADMIN, "team-c")
    rows = table_rows(care.get(f"/admin/waves/{wave_id}/participation").get_data(as_text=True))
    assert rows == {"Team C": ["5", "fewer than 5", "not shown yet"]}
    index = care.get("/admin/").get_data(as_text=True)
    assert '<td class="table__numeric">fewer than 5</td>' in index and "40%" not in index


def test_an_admin_scoped_to_one_service_sees_only_its_units(app: Flask) -> None:
    wave_id = open_wave_with_responses(app)
    client = signed_in(app, "family@example.org", Role.ADMIN, "svc")
    page = client.get(f"/admin/waves/{wave_id}/participation").get_data(as_text=True)
    assert set(table_rows(page)) == {"Family Help", "Team A", "Team B"}
    assert "Children in Care" not in page and "Team C" not in page and "Test Council" not in page
    index = client.get("/admin/").get_data(as_text=True)
    assert "Pulse: spring" in index
    assert '<td class="table__numeric">15</td>' in index  # 0 + 6 + 9 within Family Help

    care = signed_in(app, "care@example.org", Role.ADMIN, "team-c")
    rows = table_rows(care.get(f"/admin/waves/{wave_id}/participation").get_data(as_text=True))
    assert rows == {"Team C": ["5", "fewer than 5", "not shown yet"]}


def test_a_wave_outside_the_admins_scope_is_not_found(app: Flask) -> None:
    open_wave_with_responses(app)
    with app.app_context(), session_scope(app) as session:
        service = unit_by_key(session, "svc")
        assert service is not None
        bank = runtime(app).banks["social-work-pulse"]
        family_only = create_wave(session, bank, service, "Family Help check-in")
        open_wave(session, family_only, 5, 10, dt.date.today())
        wave_id = family_only.id
    client = signed_in(app, "care@example.org", Role.ADMIN, "care")
    assert client.get(f"/admin/waves/{wave_id}/participation").status_code == 404
    assert client.get("/admin/waves/9999/participation").status_code == 404
    index = client.get("/admin/").get_data(as_text=True)
    assert "Pulse: spring" in index and "Family Help check-in" not in index

    # scoped above the wave's root, the organisation's admin does see it
    org = signed_in(app, "admin@example.org", Role.ADMIN, "org")
    page = org.get(f"/admin/waves/{wave_id}/participation").get_data(as_text=True)
    assert set(table_rows(page)) == {"Family Help", "Team A", "Team B"}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VIEWER])
def test_only_admins_see_participation(sqlite_app: Flask, role: Role) -> None:
    wave_id = open_wave_with_responses(sqlite_app)
    client = signed_in(sqlite_app, "staff@example.org", role, "org")
    assert client.get("/admin/").status_code == 403
    assert client.get(f"/admin/waves/{wave_id}/participation").status_code == 403


def test_waves_list_names_state_dates_thresholds_and_responses(sqlite_app: Flask) -> None:
    first = open_wave_with_responses(sqlite_app, "Pulse: spring")
    with sqlite_app.app_context(), session_scope(sqlite_app) as session:
        wave = session.get(Wave, first)
        assert wave is not None
        close_wave(session, wave, dt.date(2026, 4, 30), runtime(sqlite_app).answer_cipher)
    open_wave_with_responses(sqlite_app, "Pulse: summer")
    client = signed_in(sqlite_app, "admin@example.org", Role.ADMIN, "org")
    page = client.get("/admin/").get_data(as_text=True)
    assert page.index("Pulse: summer") < page.index("Pulse: spring")  # newest first
    assert "tag--open" in page and "tag--closed" in page
    assert "13&nbsp;Apr 2026 to 30&nbsp;Apr 2026" in page  # opened, closed early
    assert "13&nbsp;Apr 2026 to 1&nbsp;May 2026" in page
    assert "5 for scores, 10 for comments" in page
    # closed: exact; open: the total would give the 3 outside Family Help, so it waits
    assert page.count('<td class="table__numeric">18</td>') == 1
    assert page.count('<td class="table__numeric">82%</td>') == 1
    assert page.count('<span class="muted">not shown yet</span>') == 2
    assert f'href="/admin/waves/{first}/participation"' in page


def member(unit_id: int, parent: int | None, name: str, headcount: int) -> WaveUnit:
    return WaveUnit(
        wave_id=1, unit_id=unit_id, parent_unit_id=parent, name=name, headcount=headcount
    )


def test_rows_are_in_tree_order_with_totals_and_no_rate_without_headcount() -> None:
    members = [
        member(1, None, "Org", 0),
        member(3, 1, "Zeta", 0),
        member(2, 1, "Alpha", 4),
        member(4, 3, "Zeta team", 0),
    ]
    rows = participation_rows(members, {1, 2, 3, 4}, {2: 3, 4: 2})
    assert [(r.name, r.depth, r.parent_name) for r in rows] == [
        ("Org", 0, None),
        ("Alpha", 1, "Org"),
        ("Zeta", 1, "Org"),
        ("Zeta team", 2, "Zeta"),
    ]
    org, alpha, zeta, zeta_team = rows
    assert (org.headcount, org.responses, org.rate) == (4, 5, 125.0)
    assert not org.is_over_headcount  # nobody answered as the organisation itself
    assert alpha.rate == 75.0 and not alpha.is_over_headcount
    assert zeta_team.rate is None and zeta_team.is_over_headcount
    assert isinstance(zeta, UnitParticipation) and zeta.has_sub_units


def test_rows_start_at_the_visible_units() -> None:
    members = [member(1, None, "Org", 1), member(2, 1, "Svc", 1), member(3, 2, "Team", 5)]
    rows = participation_rows(members, {2, 3}, {1: 1, 2: 1, 3: 4})
    assert [(r.name, r.depth, r.parent_name, r.responses) for r in rows] == [
        ("Svc", 0, None, 5),
        ("Team", 1, "Svc", 4),
    ]


def test_no_waves_yet(sqlite_app: Flask) -> None:
    client = signed_in(sqlite_app, "admin@example.org", Role.ADMIN, "org")
    page = client.get("/admin/").get_data(as_text=True)
    assert "There are no waves for your units yet" in page and "<table" not in page


def test_a_full_team_link_is_shown_with_a_warning(app: Flask) -> None:
    """Respondents fill team B's link (headcount 6, cap 8) through the real journey."""
    wave_id, token = wave_with_team_link(app)
    admin = signed_in(app, "admin@example.org", Role.ADMIN, "org")
    before = admin.get(f"/admin/waves/{wave_id}/participation").get_data(as_text=True)
    assert "fewer than 5 of 8" in before and "tag--warning" not in before
    for _person in range(8):
        respondent = Respondent(app.test_client())
        respondent.enter(f"/t/{token}")
        assert respondent.submit(ONE_ANSWER).status_code == 200
    page = admin.get(f"/admin/waves/{wave_id}/participation").get_data(as_text=True)
    assert "1 team link has reached the number of responses expected for the team" in page
    assert "nothing more can be sent through it: Team B." in page
    assert '<strong class="tag tag--warning">Full</strong> 8 of 8' in page
    assert "Through the team link" in page
    assert table_rows(page)["Team A"] == ["8", "fewer than 5", "not shown yet"]  # no link
    assert "No link" in page


def test_team_link_counts_below_k_are_hidden_only_while_the_wave_is_open() -> None:
    counts = {1: (2, 8), 2: (5, 8), 3: (3, 3)}
    while_open = team_link_uses(counts, is_open=True, k=5)
    shown = {unit: use.is_count_shown for unit, use in while_open.items()}
    assert shown == {1: False, 2: True, 3: True}  # a full link is always said to be full
    held_back = team_link_uses(counts, is_open=True, k=5, hidden_units={2, 3})
    assert {unit: use.is_count_shown for unit, use in held_back.items()} == {
        1: False,
        2: False,  # the unit's own count is not shown: its link's could stand for it
        3: True,
    }
    closed = team_link_uses(counts, is_open=False, k=5)
    assert all(use.is_count_shown for use in closed.values())
    assert [use.is_full for use in closed.values()] == [False, False, True]
