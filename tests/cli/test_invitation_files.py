"""``surveyapp invitations issue``: the CSV and the PDF slips hold the only copy of the tokens,
written through the same file builders the invitation pages use."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.tokens import token_hash
from surveyapp.models import Invitation
from tests.factories import open_test_wave


def test_issue_writes_a_csv_of_links_and_codes_and_pdf_slips(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    with app.app_context(), session_scope(app) as session:
        wave_id = open_test_wave(session, app).id
    out = tmp_path / "team.csv"
    result = runner.invoke(
        args=["invitations", "issue", "--wave", str(wave_id), "--unit", "team-a"]
        + ["--count", "2", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    tokens = [row["link"].rsplit("/i/", 1)[1] for row in rows]
    with session_scope(app) as session:
        stored = set(session.scalars(select(Invitation.token_hash)))
    assert stored == {token_hash(app.config["TOKEN_PEPPER"], t) for t in tokens}
    slips = tmp_path / "slips.pdf"
    result = runner.invoke(
        args=["invitations", "issue", "--wave", str(wave_id), "--unit", "team-a"]
        + ["--count", "6", "--format", "pdf", "--out", str(slips)]
    )
    assert result.exit_code == 0, result.output
    assert slips.read_bytes().startswith(b"%PDF")
