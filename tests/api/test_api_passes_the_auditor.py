"""Every number the API gives for the demo council is a published cell of an audited plan.

As for the exports (tests/insights/test_exports_pass_the_auditor.py, whose row check is used
here as it is): the plan of each wave passes the exhaustive auditor, and each number of the flat
table and of the results endpoint is exactly a published cell, or a score worked out from
published cells, so the API can derive nothing the plan does not publish.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.disclosure import measures
from surveyapp.domain.roles import Role
from surveyapp.models import Wave, WaveUnit
from surveyapp.runtime import runtime
from tests.api.conftest import bearer
from tests.insights.test_exports_pass_the_auditor import check_rows
from tests.support.plans import audited_plan

AS_IN_THE_CSV = {
    "n": "n",
    "count": "Count",
    "percent_of_answers": "% of answers",
    "favourable_percent": "% favourable",
    "interval_95_low_percent": "95% interval low",
    "interval_95_high_percent": "95% interval high",
    "mean": "Mean (1–5)",
    "suppressed_because": "Suppressed because",
    "measure_id": "measure_id",
    "answer_code": "answer_code",
}


def table(client: FlaskClient, headers: dict[str, str], wave_id: int, unit_id: int) -> Iterator:
    """Every row of a unit's flat table, following next_page from page 1."""
    page: int | None = 1
    while page is not None:
        response = client.get(
            f"/api/v1/waves/{wave_id}/units/{unit_id}/cells",
            headers=headers,
            query_string={"page": page},
        )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["page"] == page and len(body["rows"]) <= body["page_size"]
        yield from body["rows"]
        page = body["next_page"]


def as_csv_row(row: dict[str, Any]) -> dict[str, object]:
    found: dict[str, object] = {"unit_id": row["node_id"]}
    found.update({csv_name: row[name] for name, csv_name in AS_IN_THE_CSV.items()})
    return found


def test_the_flat_table_holds_only_published_cells(
    app: Flask, client: FlaskClient, demo: dict[str, int]
) -> None:
    headers = bearer(app)
    with app.app_context(), session_scope(app) as session:
        wave_ids = list(session.scalars(select(Wave.id)))
    for wave_id in wave_ids:
        plan = audited_plan(app, wave_id)
        with app.app_context(), session_scope(app) as session:
            wave = session.get(Wave, wave_id)
            assert wave is not None
            bank = runtime(app).banks[wave.bank_key]
        rows = list(table(client, headers, wave_id, demo["northbridge"]))
        assert check_rows(plan, bank, [as_csv_row(row) for row in rows]) > 300
        for row in rows:
            node = int(row["node_id"]) if row["node_id"].isdigit() else row["node_id"]
            cell = plan.cell(node, row["measure_id"])
            assert (row["status"] == "published") == cell.is_published, row
            if not cell.is_published:
                assert row["reason_code"] == cell.reason.value, row
            assert row["unit_id"] == (node if isinstance(node, int) else None), row


def test_the_flat_table_has_the_rows_of_the_csv_export(
    app: Flask,
    client: FlaskClient,
    demo: dict[str, int],
    sign_in: Callable[..., object],
) -> None:
    wave_id, unit_id = demo["wave"], demo["safeguarding"]
    rows = list(table(client, bearer(app), wave_id, unit_id))
    sign_in(Role.ANALYST)
    text = client.get(f"/insights/waves/{wave_id}/units/{unit_id}/export.csv").data.decode(
        "utf-8-sig"
    )
    exported = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert len(rows) == len(exported) > 500
    for row, line in zip(rows, exported, strict=True):
        mapped = as_csv_row(row)
        for name in ("unit_id", "measure_id", "answer_code", "n", "Count", "% favourable"):
            value = mapped[name]
            assert ("" if value is None else str(value)) == line[name], (name, row, line)
        assert row["unit_path"] == line["Unit path"] and (row["group"] or "") == line["Group"]


def test_api_results_hold_only_published_numbers(
    app: Flask, client: FlaskClient, demo: dict[str, int]
) -> None:
    plan = audited_plan(app, demo["wave"])
    headers = bearer(app)
    with app.app_context(), session_scope(app) as session:
        unit_ids = list(
            session.scalars(select(WaveUnit.unit_id).where(WaveUnit.wave_id == demo["wave"]))
        )
    checked = 0
    for unit_id in unit_ids:
        body = client.get(
            f"/api/v1/waves/{demo['wave']}/units/{unit_id}/results", headers=headers
        ).get_json()
        if body["status"] == "suppressed":
            assert not plan.is_published(unit_id, measures.RESPONSES)
            assert body["reason_code"] == plan.cell(unit_id, measures.RESPONSES).reason
            continue
        assert body["responses"] == plan.n(unit_id, measures.RESPONSES)
        for question in body["questions"]:
            cell = plan.cell(unit_id, measures.question(question["key"]))
            if question["status"] == "suppressed":
                assert not cell.is_published and question["reason_code"] == cell.reason
                continue
            assert question["n"] == cell.n
            shown = {a["count"] for a in question["answers"] if a["count"]}
            assert shown <= {count for _, count in cell.distribution or ()}
            checked += 1
        for child in body["children"]:
            node = (
                child["unit_id"]
                if child["unit_id"] is not None
                else next(r.node for r in plan.rollups if r.label == child["label"])
            )
            if child["status"] == "published":
                assert child["responses"] == plan.n(node, measures.RESPONSES)
    assert checked > 100
