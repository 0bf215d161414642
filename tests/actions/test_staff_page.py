"""The public "You said, we did" page: only published cells of the plan, never comments or
owners, reachable by its random link alone."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.database import session_scope
from surveyapp.demo.stories import COMMENTS
from surveyapp.domain.actions import ActionStatus
from surveyapp.domain.banks import Bank, bank_of
from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.results import theme_result
from surveyapp.models import StaffPage, User, Wave, WaveUnit
from surveyapp.runtime import runtime
from surveyapp.services.actions import NewAction, add_progress, record_action
from surveyapp.services.publication import PlanSettings
from tests.support.actions import NOW, SECOND, answered_wave, staff, unit_id
from tests.support.plans import audited_plan
from tests.support.sealed import TEST_CIPHER


class Numbers(HTMLParser):
    """The page's <data> elements (every survey number on it), and its text without them."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str]] = []
        self.text: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "data":
            self.cells.append({k: v or "" for k, v in attrs})
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "data":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._depth:
            self.text.append(data)


def read(html: str) -> Numbers:
    parser = Numbers()
    parser.feed(html)
    return parser


def check_cell(plan: PublicationPlan, bank: Bank, cell: dict[str, str], allowed: set[int]) -> None:
    """One number of the page is exactly what the plan publishes for that cell."""
    measure, value = cell["data-measure"], cell["value"]
    if measure == "k":
        assert int(value) == plan.k
        return
    node = int(cell["data-node"])
    assert node in allowed, cell  # the page's unit or one above it
    assert plan.is_published(node, measure), cell
    if measure == measures.RESPONSES:
        assert int(value) == plan.n(node, measure), cell
    else:
        kind, _, key = measure.partition(":")
        assert kind == measures.THEME, cell
        score = theme_result(plan, node, bank, key).score
        assert score is not None and value == f"{score.percent:.0f}", cell


def ancestors_and_self(members: list[WaveUnit], unit: int) -> set[int]:
    parents = {m.unit_id: m.parent_unit_id for m in members}
    found: set[int] = set()
    current: int | None = unit
    while current is not None:
        found.add(current)
        current = parents[current]
    return found


def test_every_number_on_every_units_page_is_a_published_cell_of_an_audited_plan(
    demo_app: Flask, demo: dict[str, int]
) -> None:
    app, client = demo_app, demo_app.test_client()  # nobody signed in
    checked = ancestor_pages = 0
    for wave_id in (demo["first_wave"], demo["wave"]):
        plan = audited_plan(app, wave_id)  # the exhaustive auditor finds no small group
        with app.app_context(), session_scope(app) as session:
            wave = session.get(Wave, wave_id)
            assert wave is not None
            bank = bank_of(runtime(app).banks, wave)
            members = list(session.scalars(select(WaveUnit).where(WaveUnit.wave_id == wave_id)))
            pages = dict(
                session.execute(
                    select(StaffPage.unit_id, StaffPage.slug).where(StaffPage.wave_id == wave_id)
                ).all()
            )
        assert set(pages) == {m.unit_id for m in members}
        for unit, slug in pages.items():
            response = client.get(f"/you-said-we-did/{slug}")
            assert response.status_code == 200
            html = response.get_data(as_text=True)
            page = read(html)
            allowed = ancestors_and_self(members, unit)
            for cell in page.cells:
                check_cell(plan, bank, cell, allowed)
                checked += 1
            ancestor_pages += "which includes" in html
            text = "".join(page.text)
            assert "%" not in text  # no number outside a <data> naming its cell
            assert not any(c in html for texts in COMMENTS.values() for c in texts)
            assert "@northbridge.example" not in html  # owners are not shown
    assert checked > 400 and ancestor_pages > 10


def slug(session: Session, wave: Wave, unit: str) -> str:
    found = session.scalar(
        select(StaffPage.slug).where(
            StaffPage.wave_id == wave.id, StaffPage.unit_id == unit_id(session, unit)
        )
    )
    assert found is not None
    return found


def pages_with_an_action(app: Flask) -> dict[str, str]:
    """Team A's staff page of a closed wave holding an action and its update, of an open wave
    after it, and team C's (too few answered), by their slugs."""
    with app.app_context(), session_scope(app) as session:
        first = answered_wave(app, session, "Pulse: spring")
        owner: User = staff(session)["manager_a"]
        action = record_action(
            session,
            owner,
            first,
            unit_id(session, "team-a"),
            NewAction(
                measures.theme("workload"), "Cap caseloads at 18", owner.id, dt.date(2027, 1, 31)
            ),
            runtime(app).banks,
            PlanSettings(answer_cipher=TEST_CIPHER),
            NOW,
        )
        add_progress(session, owner, action, "Two posts filled", ActionStatus.IN_PROGRESS, "", NOW)
        second = answered_wave(app, session, "Pulse: summer", SECOND, close=False)
        return {
            "closed": slug(session, first, "team-a"),
            "open": slug(session, second, "team-a"),
            "small": slug(session, first, "team-c"),
        }


def test_the_page_shows_the_units_actions_with_status_and_updates_but_not_owners(
    app: Flask,
) -> None:
    pages = pages_with_an_action(app)
    client = app.test_client()
    closed = client.get(f"/you-said-we-did/{pages['closed']}").get_data(as_text=True)
    for text in (
        "You said, we did: Team A",
        "8</data> people in Team A answered",
        "Workload",
        "Cap caseloads at 18",
        "In progress",
        "Two posts filled",
        "Theme: Workload",
    ):
        assert text in closed, text
    assert "a.manager@example.org" not in closed and "Record an action" not in closed

    opened = client.get(f"/you-said-we-did/{pages['open']}").get_data(as_text=True)
    assert "The survey is open until" in opened and "24 July 2026" in opened
    assert "Cap caseloads at 18" in opened  # carried over while it is open
    assert "people in Team A answered" not in opened

    small = client.get(f"/you-said-we-did/{pages['small']}").get_data(as_text=True)
    assert "No results can be shown for Team C: fewer than 5 responses" in small

    assert client.get("/you-said-we-did/" + "a" * 26).status_code == 404
    assert client.get(f"/you-said-we-did/{pages['closed'].upper()}").status_code == 404
