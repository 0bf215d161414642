"""Building and verifying signed reports for the demo council, from the plan's published cells."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor
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
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, last_wave: int
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
    site = app.config["PUBLIC_URL"]
    assert f"{site}/reports/verify" in html  # where to check it, in words: not a resource
    assert "<script" not in html
    assert "http://" not in html.replace("http://www.w3.org", "").replace(site, "")
    assert "Minimum group size" in html or "minimum group size 5" in html
    verify = runner.invoke(args=["report", "verify", str(out)])
    assert verify.exit_code == 0 and "valid" in verify.output
    pdf = out / f"board-pack-{last_wave}-1.pdf"
    alone = runner.invoke(args=["report", "verify", str(pdf)])
    assert alone.exit_code == 0 and alone.output == f"{pdf.name}: valid\n"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    changed = runner.invoke(args=["report", "verify", str(pdf)])
    assert changed.exit_code == 1 and "changed" in changed.output, changed.output


def test_the_pdf_carries_a_pades_signature_by_the_published_certificate(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, last_wave: int
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from surveyapp.reporting.pdf_signing import _asn1
    from surveyapp.runtime import runtime

    out = tmp_path / "pack"
    build(runner, out, last_wave, "--format", "pdf")
    published = app.test_client().get("/reports/public-keys.txt").get_data(as_text=True)
    certificates = runtime(app).keyring.certificates()
    (identifier, certificate), *_ = certificates.items()
    assert f"# certificate {identifier}" in published
    with (out / f"board-pack-{last_wave}-1.pdf").open("rb") as handle:
        (signature,) = PdfFileReader(handle).embedded_signatures
        context = ValidationContext(trust_roots=[_asn1(certificate)])
        # pyHanko runs an event loop of its own: not on a thread where a browser driver has one
        with ThreadPoolExecutor(max_workers=1) as pool:
            status = pool.submit(validate_pdf_signature, signature, context).result()
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.signing_cert.subject.native["common_name"] == "Staff Voice report signing"


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
    listed = runner.invoke(args=["keys", "list"]).output.splitlines()
    assert [line.split()[0] for line in listed] == ["key", "key", "certificate", "certificate"]


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
