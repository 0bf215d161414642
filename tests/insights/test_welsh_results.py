"""The results pages in Welsh: no English string of the catalogue or the bank is left, the
bank's words are its Welsh ones, and the charts are drawn in Welsh (and in English again for an
English reader: their cache knows the language)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from surveyapp.domain.roles import Role
from tests.support.welsh import english_left, page_text

from .test_empty_states_and_comparisons import a_hidden_team


def _welsh_page(client: FlaskClient, path: str) -> str:
    response = client.get(f"{path}{'&' if '?' in path else '?'}lang=cy")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    html = response.get_data(as_text=True)
    assert '<html lang="cy">' in html
    left = english_left(page_text(html))
    assert not left, f"{path}: English left on a Welsh page: {left}"
    return html


def test_the_results_pages_are_welsh(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    base = f"/insights/waves/{demo['wave']}/units"
    index = _welsh_page(client, "/insights/")
    assert "Cylchoedd arolwg" in index and "Canlyniadau" in index
    dashboard = _welsh_page(client, f"{base}/{demo['northbridge']}")
    for welsh in (
        "Sgoriau themâu",
        "Ansawdd goruchwyliaeth",  # the bank's theme, in Welsh
        "Ystod hyder 95%",
        "Timau a gwasanaethau",
        "Goruchwyliaeth o’i chymharu â’r safon",
        "Pryd gafodd pobl oruchwyliaeth ffurfiol ddiwethaf",
        "Cynlluniau gweithredu",
        "Allgofnodi",
    ):
        assert welsh in dashboard, welsh
    assert "Sgoriau themâu" in dashboard.split("<svg", 1)[1]  # the chart's own title
    _welsh_page(client, f"{base}/{demo['safeguarding']}")
    _welsh_page(client, f"{base}/{demo['northbridge']}?by=role")
    _welsh_page(client, f"{base}/{demo['northbridge']}/comments")
    hidden = _welsh_page(client, f"{base}/{a_hidden_team(app, demo['wave'])}")
    assert "Atebodd llai na" in hidden

    english = client.get(f"{base}/{demo['northbridge']}?lang=en").get_data(as_text=True)
    assert '<html lang="en-GB">' in english and "Theme scores" in english.split("<svg", 1)[1]
    assert "Quality of supervision" in english
