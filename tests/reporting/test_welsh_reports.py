"""A report built in Welsh: Welsh throughout (its layout, the bank, the catalogue, the charts),
its language signed with it, and verified exactly like an English one."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import Action, Unit, Wave
from surveyapp.reporting.layouts import available_layouts, load_layout
from tests.support.welsh import english_left, not_welsh, page_text


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def waves(app: Flask) -> tuple[int, int]:
    with app.app_context(), session_scope(app) as session:
        ids = sorted(session.scalars(select(Wave.id)))
        return ids[0], ids[-1]


def _build(runner: FlaskCliRunner, out: Path, *extra: str) -> None:
    result = runner.invoke(
        args=["report", "build", "--unit", "northbridge", "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("layout", ["board-pack", "service"])
def test_a_welsh_report_is_welsh_throughout_and_signed_in_welsh(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, waves: tuple[int, int], layout: str
) -> None:
    first, last = waves
    out = tmp_path / "cy"
    _build(
        runner, out, "--wave", str(last), "--from", str(first), "--layout", layout,
        "--format", "html", "--language", "cy",
    )  # fmt: skip
    html = (out / f"{layout}-{last}-1.html").read_text(encoding="utf-8")
    assert '<html lang="cy">' in html
    # Without the charts: their drawings are hidden from screen readers (the tables beside them
    # hold their figures), and Vega labels their parts in English for no one.
    # And without staff comments, in the words their writers chose.
    shown = re.sub(r'<svg.*?</svg>|<p class="comment">.*?</p>', "", html, flags=re.DOTALL)
    text = page_text(shown)
    assert english_left(text) == []
    cy = load_layout(layout, language="cy")
    assert cy.title in text and "Gwirio’r adroddiad hwn" in text
    assert "Sgoriau themâu" in html  # the chart's title and the table's caption
    assert "% ffafriol" in html  # the chart's axis
    # Welsh words the helper can split off a catalogue string ("Cyfradd ymateb" meets "N ymateb")
    split = ("Cyfradd",)
    left = not_welsh(text, (*split, *SAME_IN_BOTH), _entered(app))
    assert [w for w in left if not re.search(r"[\d@]", w)] == []
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["language"] == "cy"


SAME_IN_BOTH = ("Staff Voice report signing", "Staff Voice", "surveyapp report verify FILE.pdf",
                "surveyapp report verify FOLDER", "manifest.json", "manifest.sig", "SHA-256",
                "Ed25519", "UTC", "PDF", "HTML", "CSV", "DfE", "LGA", "FTE")  # fmt: skip
"""What a report says in any language."""


def _entered(app: Flask) -> tuple[str, ...]:
    """What a report shows as it was entered: its waves, units and actions (taken out of its
    text before the Welsh strings, which would split them)."""
    with app.app_context(), session_scope(app) as session:
        found = [
            *session.scalars(select(Wave.name)),
            *session.scalars(select(Unit.name)),
            *session.scalars(select(Action.description)),
        ]
    return tuple(sorted(found, key=len, reverse=True))


def test_a_welsh_pdf_verifies_on_the_command_line_and_on_the_verify_page(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path, waves: tuple[int, int]
) -> None:
    out = tmp_path / "cy"
    _build(runner, out, "--wave", str(waves[1]), "--language", "cy")
    verified = runner.invoke(args=["report", "verify", str(out)])
    assert verified.exit_code == 0, verified.output
    pdf = out / f"board-pack-{waves[1]}-1.pdf"
    alone = runner.invoke(args=["report", "verify", str(pdf)])
    assert alone.output == f"{pdf.name}: valid\n"
    page = client.get("/reports/verify").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = {"csrf_token": csrf, "files": [(io.BytesIO(pdf.read_bytes()), pdf.name)]}
    checked = client.post("/reports/verify", data=data, content_type="multipart/form-data")
    assert checked.status_code == 200
    assert f"{pdf.name} is exactly what this service signed" in checked.get_data(as_text=True)


def test_an_english_report_stays_english(
    runner: FlaskCliRunner, tmp_path: Path, waves: tuple[int, int]
) -> None:
    out = tmp_path / "en"
    _build(runner, out, "--wave", str(waves[1]), "--format", "html")
    html = (out / f"board-pack-{waves[1]}-1.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert "Workforce health: board pack" in html and "Verifying this report" in html
    assert "Iechyd y gweithlu" not in html
    assert json.loads((out / "manifest.json").read_text())["language"] == "en"


def test_an_unknown_language_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        args=["report", "build", "--wave", "1", "--unit", "northbridge", "--out",
              str(tmp_path / "x"), "--language", "fr"]
    )  # fmt: skip
    assert result.exit_code != 0 and "not one of en, cy" in result.output


def test_every_shipped_layout_has_its_words_in_welsh() -> None:
    for name in available_layouts():
        english, welsh = load_layout(name), load_layout(name, language="cy")
        assert english.title != welsh.title
        for en, cy in zip(english.sections, welsh.sections, strict=True):
            assert en.heading != cy.heading and (en.note == cy.note == "" or en.note != cy.note)
