"""Building and verifying signed reports for the demo council, from the plan's published cells."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.disclosure import measures
from surveyapp.models import Wave
from tests.support.plans import audited_plan


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def last_wave(app: Flask) -> int:
    with app.app_context(), session_scope(app) as session:
        return max(session.scalars(select(Wave.id)))


def build(runner: FlaskCliRunner, out: Path, wave: int, *extra: str) -> str:
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--wave",
            str(wave),
            "--unit",
            "northbridge",
            "--out",
            str(out),
            *extra,
        ]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_board_pack_builds_in_three_formats_and_verifies(
    runner: FlaskCliRunner, tmp_path: Path, last_wave: int
) -> None:
    out = tmp_path / "pack"
    output = build(runner, out, last_wave, "--from", "1")
    assert "Signed:" in output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"board-pack-{last_wave}-1-published-cells.csv",
        f"board-pack-{last_wave}-1.html",
        f"board-pack-{last_wave}-1.pdf",
        "manifest.json",
        "manifest.sig",
    ]
    assert (out / f"board-pack-{last_wave}-1.pdf").read_bytes()[:5] == b"%PDF-"
    html = (out / f"board-pack-{last_wave}-1.html").read_text()
    assert "Workforce health: board pack" in html and "<svg" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    assert "Minimum group size" in html or "minimum group size 5" in html
    verify = runner.invoke(args=["report", "verify", str(out)])
    assert verify.exit_code == 0 and "valid" in verify.output


@pytest.mark.parametrize("victim", ["html", "csv", "manifest.json"])
def test_changing_one_byte_fails_verification(
    runner: FlaskCliRunner, tmp_path: Path, last_wave: int, victim: str
) -> None:
    out = tmp_path / "pack"
    build(runner, out, last_wave, "--format", "html", "--format", "csv")
    path = next(p for p in out.iterdir() if p.name.endswith(victim))
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x20
    path.write_bytes(bytes(data))
    result = runner.invoke(args=["report", "verify", str(out)])
    assert result.exit_code == 1
    expected = "manifest" if victim == "manifest.json" else "does not match the manifest"
    assert expected in result.output


def test_a_report_signed_before_a_key_rotation_still_verifies(
    runner: FlaskCliRunner, tmp_path: Path, last_wave: int
) -> None:
    out = tmp_path / "pack"
    build(runner, out, last_wave, "--format", "csv")
    assert "New signing key" in runner.invoke(args=["keys", "rotate"]).output
    assert runner.invoke(args=["report", "verify", str(out)]).exit_code == 0
    newer = tmp_path / "newer"
    build(runner, newer, last_wave, "--format", "csv")
    old_key = json.loads((out / "manifest.json").read_text())["key_id"]
    new_key = json.loads((newer / "manifest.json").read_text())["key_id"]
    assert old_key != new_key
    assert len(runner.invoke(args=["keys", "list"]).output.split()) == 2


def test_report_csv_holds_only_published_cells_of_an_audited_plan(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, last_wave: int
) -> None:
    out = tmp_path / "service"
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--wave",
            str(last_wave),
            "--unit",
            "safeguarding",
            "--layout",
            "service",
            "--format",
            "csv",
            "--format",
            "html",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    plan = audited_plan(app, last_wave)
    text = next(out.glob("*.csv")).read_text(encoding="utf-8-sig")
    rows = list(
        csv.DictReader(
            io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))
        )
    )
    published = 0
    for row in rows:
        node = int(row["unit_id"]) if row["unit_id"].isdigit() else row["unit_id"]
        cell = plan.cell(node, row["measure_id"])
        if row["n"]:
            assert cell.is_published and cell.n == int(row["n"])
            published += 1
        else:
            assert not cell.is_published
    assert published > 100
    html = next(out.glob("*.html")).read_text()
    assert "In staff&#39;s own words" in html or "In staff's own words" in html
    assert plan.is_published(rows[0] and int(rows[0]["unit_id"]), measures.RESPONSES)


def test_bad_requests_give_clear_errors(
    runner: FlaskCliRunner, tmp_path: Path, last_wave: int
) -> None:
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--wave",
            "999",
            "--unit",
            "northbridge",
            "--out",
            str(tmp_path / "x"),
        ]
    )
    assert result.exit_code == 1 and "no wave 999" in result.output
    result = runner.invoke(
        args=[
            "report",
            "build",
            "--wave",
            str(last_wave),
            "--unit",
            "nope",
            "--out",
            str(tmp_path / "y"),
        ]
    )
    assert result.exit_code == 1 and "unknown unit 'nope'" in result.output
