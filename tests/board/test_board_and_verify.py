"""The board view, the public verify page and the public keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from surveyapp.domain.roles import Role


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


def test_board_view_shows_the_board_pack_at_allowed_levels(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.VIEWER)
    assert client.get("/board/").status_code == 200
    page = client.get(f"/board/waves/{demo['wave']}/units/{demo['northbridge']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for heading in (
        "At a glance",
        "Theme scores",
        "Themes over time",
        "Services",
        "Supervision against the standard",
        "Workforce context (entered figures)",
    ):
        assert heading in text, heading
    assert "Safeguarding and Child Protection" in text
    assert "Entered figures (not from the survey)" in text and "12.1%" in text
    assert (
        client.get(f"/board/waves/{demo['wave']}/units/{demo['safeguarding-01']}").status_code
        == 404
    )
    service = client.get(f"/board/waves/{demo['wave']}/units/{demo['safeguarding']}")
    assert "Assessment Team 1" not in service.get_data(as_text=True)


def test_verify_page_says_valid_or_what_does_not_match(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path, demo: dict[str, int]
) -> None:
    out = tmp_path / "pack"
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--wave",
            str(demo["wave"]),
            "--unit",
            "northbridge",
            "--format",
            "html",
            "--format",
            "csv",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    page = client.get("/reports/verify").get_data(as_text=True)
    import re

    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def upload(files: dict[str, bytes]):  # type: ignore[no-untyped-def]
        import io

        data = {
            "csrf_token": csrf,
            "files": [(io.BytesIO(content), name) for name, content in files.items()],
        }
        return client.post("/reports/verify", data=data, content_type="multipart/form-data")

    files = {p.name: p.read_bytes() for p in out.iterdir()}
    good = upload(files)
    assert good.status_code == 200 and "Valid" in good.get_data(as_text=True)
    html_name = next(n for n in files if n.endswith(".html"))
    files[html_name] = files[html_name].replace(b"Workforce", b"Workf0rce", 1)
    bad = upload(files)
    assert bad.status_code == 422
    assert f"{html_name} does not match the manifest" in bad.get_data(as_text=True)


def test_public_keys_are_published(client: FlaskClient) -> None:
    body = client.get("/reports/public-keys").get_data(as_text=True)
    assert "BEGIN PUBLIC KEY" in body
    key_id = body.split("# key ")[1].split()[0]
    single = client.get(f"/reports/public-keys/{key_id}.pem")
    assert single.status_code == 200 and "BEGIN PUBLIC KEY" in single.get_data(as_text=True)
    assert client.get("/reports/public-keys/nope.pem").status_code == 404
