"""The board view with a wave's results, and the verify page's verdicts, in Welsh (the route
inventory's database has no results and posts nothing)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from surveyapp.domain.roles import Role
from surveyapp.reporting.layouts import load_layout
from tests.support.welsh_pages import english_on


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


def first_chart(html: str) -> str:
    return html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_board_view_with_results_is_welsh(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.VIEWER)
    board = f"/board/waves/{demo['wave']}/units/{demo['northbridge']}"
    english = client.get(board, query_string={"lang": "en"}).get_data(as_text=True)
    assert "Theme scores" in first_chart(english)  # drawn, and kept, in English first
    client.get("/board/", query_string={"lang": "cy"})
    assert english_on(app, client.get("/board/").get_data(as_text=True)) == []
    html = client.get(board).get_data(as_text=True)
    assert "Sgoriau themâu" in first_chart(html)  # the chart's own title, in Welsh
    welsh = load_layout("board-pack", language="cy")
    assert welsh.title in html and welsh.sections[0].heading in html  # the layout's, in Welsh
    # Every string of the catalogue and the bank is in Welsh. Not yet checked word by word
    # (docs/WELSH.md): the workforce figures' names and the report sections' composed lines.
    assert [left for left in english_on(app, html) if left.startswith("English:")] == []


def test_the_verify_page_gives_its_verdicts_in_welsh(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path, demo: dict[str, int]
) -> None:
    out = tmp_path / "pack"
    args = ["report", "build", "--wave", str(demo["wave"]), "--unit", "northbridge"]
    result = runner.invoke(args=[*args, "--format", "html", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = client.get("/reports/verify", query_string={"lang": "cy"}).get_data(as_text=True)
    assert english_on(app, page) == []
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def upload(files: dict[str, bytes]) -> str:
        data = {
            "csrf_token": csrf,
            "files": [(io.BytesIO(content), name) for name, content in files.items()],
        }
        sent = client.post("/reports/verify", data=data, content_type="multipart/form-data")
        return sent.get_data(as_text=True)

    files = {p.name: p.read_bytes() for p in out.iterdir()}
    names = tuple(files)
    good = upload(files)
    assert "yn union yr hyn a lofnododd y gwasanaeth hwn" in good
    assert english_on(app, good, names) == []
    html_name = next(n for n in files if n.endswith(".html"))
    files[html_name] = files[html_name].replace(b"Workforce", b"Workf0rce", 1)
    bad = upload(files)
    assert f"Nid yw {html_name} yn cyfateb i’r maniffest" in bad
    assert english_on(app, bad, names) == []
    not_pdf = upload({"notes.txt": b"hello", "board-pack.pdf": b"%PDF-1.4 nothing"})
    assert "Nid yw notes.txt yn PDF" in not_pdf
    assert "nid yw’r ffeil yn PDF wedi’i lofnodi" in not_pdf
    assert english_on(app, not_pdf, ("notes.txt", "board-pack.pdf")) == []


def test_the_public_keys_page_is_welsh(app: Flask, client: FlaskClient) -> None:
    page = client.get("/reports/public-keys", query_string={"lang": "cy"}).get_data(as_text=True)
    assert "Allweddi llofnodi adroddiadau" in page
    assert english_on(app, page) == []
