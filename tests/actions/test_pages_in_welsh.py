"""Action plans in Welsh, in the states the route inventory's database does not reach: a wave
with results, a form sent back with its errors, an action updated and then closed, the unit's
list with actions, and the public "You said, we did" page open, closed and too small."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.support.welsh_pages import english_on

from .test_pages import as_, form, new_url, world
from .test_staff_page import pages_with_an_action

__all__ = ["world"]


def welsh(client: FlaskClient, url: str) -> FlaskClient:
    client.get(url, query_string={"lang": "cy"})
    return client


def test_recording_and_updating_an_action_is_welsh_throughout(
    app: Flask, world: dict[str, int]
) -> None:
    analyst = welsh(as_(app, world, "analyst"), new_url(world))
    page = analyst.get(new_url(world)).get_data(as_text=True)
    assert "Thema: " in page and "ffafriol)" in page
    assert english_on(app, page) == []

    refused = analyst.post(
        new_url(world), data=form(world, description="", **{"due_on-year": "2020"})
    )
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Rhowch beth fydd yn newid" in page
    assert english_on(app, page) == []

    too_long = form(world, description="x" * 501, **{"due_on-day": "31", "due_on-month": "2"})
    page = analyst.post(new_url(world), data=too_long).get_data(as_text=True)
    assert "Beth fydd yn newid?: dim mwy na 500 nod" in page
    assert "Dyddiad erbyn: rhaid rhoi dyddiad go iawn" in page
    assert english_on(app, page, ("x" * 501,)) == []

    created = analyst.post(new_url(world), data=form(world))
    detail = created.headers["Location"]
    assert english_on(app, analyst.get(detail).get_data(as_text=True)) == []

    nothing = analyst.post(detail, data={"text": "", "status": "", "dropped_reason": ""})
    assert nothing.status_code == 400
    page = nothing.get_data(as_text=True)
    assert "Ysgrifennwch ddiweddariad, neu dewiswch statws newydd" in page
    assert english_on(app, page) == []

    no_reason = analyst.post(detail, data={"text": "", "status": "dropped", "dropped_reason": ""})
    assert "Dywedwch pam mae’r cam gweithredu wedi’i ollwng" in no_reason.get_data(as_text=True)

    for data in (
        {"text": "Two posts advertised", "status": "in_progress"},
        {"text": "Both filled", "status": "done"},
    ):
        assert analyst.post(detail, data=data).status_code == 303
    closed = analyst.get(detail).get_data(as_text=True)
    assert "Mae’r cam gweithredu hwn wedi’i wneud" in closed
    assert english_on(app, closed) == []

    unit = analyst.get(f"/actions/waves/{world['wave']}/units/{world['team-a']}")
    listed = unit.get_data(as_text=True)
    assert "Cap caseloads at 18 per worker" in listed and "Wedi’i wneud" in listed
    assert english_on(app, listed) == []


def test_a_refused_manager_is_told_in_welsh(app: Flask, world: dict[str, int]) -> None:
    manager = welsh(as_(app, world, "manager_a"), new_url(world, "team-b"))
    response = manager.get(new_url(world, "team-b"))
    if response.status_code == 404:
        return  # outside the manager's reading scope altogether: nothing to say
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Dim ond ar gyfer eich tîm eich hun" in page and "Ni chadwyd dim." in page
    assert english_on(app, page) == []


def test_the_staff_page_is_welsh_open_closed_and_too_small(app: Flask) -> None:
    pages = pages_with_an_action(app)
    client = app.test_client()
    client.get("/", query_string={"lang": "cy"})
    closed = client.get(f"/you-said-we-did/{pages['closed']}").get_data(as_text=True)
    assert "Dywedoch chi, gwnaethom ni: Team A" in closed
    assert re.search(r"Atebodd <data[^>]*>8</data> o bobl yn Team A", closed)
    assert "Ar waith" in closed and "Two posts filled" in closed
    opened = client.get(f"/you-said-we-did/{pages['open']}").get_data(as_text=True)
    assert "Mae’r arolwg ar agor tan" in opened
    small = client.get(f"/you-said-we-did/{pages['small']}").get_data(as_text=True)
    assert "Ni ellir dangos canlyniadau ar gyfer Team C:" in small
    for page in (closed, opened, small):
        assert english_on(app, page) == []
