from __future__ import annotations

import csv
import io
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from surveyapp.domain.roles import Role


def test_dashboard_shows_themes_heatmap_trends_and_supervision(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    response = client.get(f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}")
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    page = response.get_data(as_text=True)
    for text in (
        "Theme scores",
        "Quality of supervision",
        "95% interval",
        "Teams and services",
        "Safeguarding and Child Protection",
        "Over time",
        "Supervised within a month",
        "Recommend score",
        "were supervised within the standard",
        "newly qualified social workers are held to supervision at least every 14 days",
        "<svg",
    ):
        assert text in page, text
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )


def test_suppressed_cells_say_why(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    page = client.get(f"/insights/waves/{demo['wave']}/units/{demo['safeguarding']}").get_data(
        as_text=True
    )
    assert "included in “other teams”" in page
    assert "other teams in Safeguarding and Child Protection" in page


def test_export_csv_holds_only_published_cells(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    response = client.get(f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}/export.csv")
    assert response.status_code == 200
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[1] == "#,Minimum group size,5"
    rows = list(
        csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("#"))))
    )
    assert rows
    for row in rows:
        if row["Suppressed because"] and not row["n"]:
            assert row["Count"] == "" and row["% favourable"] == ""
        else:
            threshold = 10 if row["measure_id"].startswith("comments:") else 5
            assert int(row["n"]) >= threshold


def test_xlsx_and_chart_downloads(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    base = f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}"
    xlsx = client.get(f"{base}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    svg = client.get(f"{base}/charts/themes.svg")
    assert svg.status_code == 200 and svg.data.startswith(b"<svg")
    png = client.get(f"{base}/charts/trend.png")
    assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
    assert client.get(f"{base}/charts/question-morale_valued_v1.svg").status_code == 200
    assert client.get(f"{base}/charts/nope.svg").status_code == 404


def test_comments_are_shown_redacted_for_published_pools(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST)
    page = client.get(f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}/comments")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Supervision" in text or "supervision" in text
    assert "random order" in text


def test_analyst_scoped_to_one_service_cannot_see_another(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.ANALYST, scope="children-in-care")
    base = f"/insights/waves/{demo['wave']}/units"
    assert client.get(f"{base}/{demo['children-in-care']}").status_code == 200
    for path in (
        f"{base}/{demo['safeguarding']}",
        f"{base}/{demo['northbridge']}",
        f"{base}/{demo['safeguarding-01']}/export.csv",
        f"{base}/{demo['safeguarding']}/comments",
        f"{base}/{demo['safeguarding']}/charts/themes.svg",
    ):
        assert client.get(path).status_code == 404, path


def test_viewer_sees_no_comments_and_nothing_below_its_depth(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.VIEWER)
    base = f"/insights/waves/{demo['wave']}/units"
    page = client.get(f"{base}/{demo['northbridge']}").get_data(as_text=True)
    assert "Your account does not include comments" in page
    assert client.get(f"{base}/{demo['northbridge']}/comments").status_code == 403
    assert client.get(f"{base}/{demo['safeguarding']}").status_code == 200
    assert client.get(f"{base}/{demo['safeguarding-01']}").status_code == 404


def test_anonymous_is_sent_to_sign_in(client: FlaskClient, demo: dict[str, int]) -> None:
    response = client.get(f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_viewer_sees_no_team_rows_on_a_service_page(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.VIEWER)
    page = client.get(f"/insights/waves/{demo['wave']}/units/{demo['safeguarding']}").get_data(
        as_text=True
    )
    assert "Assessment Team 1" not in page and "other teams in" not in page
    csv_text = client.get(
        f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}/export.csv"
    ).get_data(as_text=True)
    assert "Assessment Team 1" not in csv_text and "other teams in" not in csv_text
    assert "Safeguarding and Child Protection" in csv_text
