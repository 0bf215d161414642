"""Every exported number for the demo council is a published cell of an audited plan.

A subset of a plan's published cells can derive nothing the whole plan cannot, so showing that
each exported number is exactly a published cell, and that the plan passes the exhaustive
auditor, shows the export passes it too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.disclosure import PublicationPlan, measures
from surveyapp.domain.results import theme_result
from surveyapp.domain.roles import Role
from surveyapp.domain.scoring import AgreementScore, agreement_score
from surveyapp.models import Wave
from surveyapp.reporting import exports
from surveyapp.runtime import runtime
from tests.support.plans import audited_plan

NUMBERS = ("Count", "% of answers", "% favourable", "95% interval low", "95% interval high")


def node_of(raw: str) -> int | str:
    return int(raw) if raw.isdigit() else raw


def blank(value: object) -> bool:
    return value in ("", None)


def number(value: object) -> float:
    return float(str(value))


def scores_of(plan: PublicationPlan, bank: Bank, node: int | str, measure: str) -> object:
    """The score the plan's own published cells give a theme or agreement question, if any."""
    kind, key = measure.partition(":")[0], measure.rpartition(":")[2]
    if kind == measures.THEME:
        return theme_result(plan, node, bank, key).score
    is_question = kind in (measures.QUESTION, measures.BAND_QUESTION)
    if is_question and bank.question(key).kind is QuestionKind.AGREEMENT:
        cell = plan.cell(node, measure)
        return agreement_score(dict(cell.distribution or ()), bank.question(key).is_reverse_coded)
    return None


def check_rows(plan: PublicationPlan, bank: Bank, rows: list[dict[str, object]]) -> int:
    """Every number of every row is a published cell, or a score worked out from published
    cells; a suppressed cell carries no number at all."""
    checked = 0
    for row in rows:
        node, measure = node_of(str(row["unit_id"])), str(row["measure_id"])
        cell = plan.cell(node, measure)
        if blank(row["n"]):
            assert not cell.is_published and row["Suppressed because"], row
            assert all(blank(row[name]) for name in (*NUMBERS, "Mean (1–5)")), row
            continue
        assert cell.is_published and cell.n == int(str(row["n"])), row
        if not blank(row["answer_code"]):
            count = int(str(row["Count"]))
            assert (str(row["answer_code"]), count) in (cell.distribution or ()), row
            assert number(row["% of answers"]) == round(100 * count / cell.n, 1), row
        elif not blank(row["% favourable"]):
            score = scores_of(plan, bank, node, measure)
            assert isinstance(score, AgreementScore), row
            assert number(row["% favourable"]) == round(score.percent, 1), row
            assert number(row["95% interval low"]) == round(score.interval[0], 1), row
            assert number(row["95% interval high"]) == round(score.interval[1], 1), row
            assert number(row["Mean (1–5)"]) == round(score.mean, 2), row
        else:
            assert scores_of(plan, bank, node, measure) is None, row
        checked += 1
    return checked


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_hold_only_published_cells(
    app: Flask, client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object], fmt: str
) -> None:
    sign_in(Role.ANALYST)
    with app.app_context(), session_scope(app) as session:
        wave_ids = list(session.scalars(select(Wave.id)))
    for wave_id in wave_ids:
        plan = audited_plan(app, wave_id)
        with app.app_context(), session_scope(app) as session:
            wave = session.get(Wave, wave_id)
            assert wave is not None
            bank = runtime(app).banks[wave.bank_key]
        body = client.get(
            f"/insights/waves/{wave_id}/units/{demo['northbridge']}/export.{fmt}"
        ).data
        if fmt == "csv":
            text = body.decode("utf-8-sig")
            rows = list(
                csv.DictReader(
                    io.StringIO(
                        "\n".join(line for line in text.splitlines() if not line.startswith("#"))
                    )
                )
            )
        else:
            sheet = load_workbook(io.BytesIO(body))[exports.LONG_SHEET]
            values = list(sheet.iter_rows(values_only=True))
            rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]  # type: ignore[arg-type]
        assert check_rows(plan, bank, rows) > 300
