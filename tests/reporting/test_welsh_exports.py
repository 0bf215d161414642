"""Exports a person reads (the CSV and the workbook from a results page) are in the reader's
language; the key columns, and the API's keys, are the same in every language."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from surveyapp.domain.roles import Role
from tests.api.conftest import bearer
from tests.support.welsh import english_left

KEYS = ["unit_id", "measure_id", "answer_code"]
WELSH_HEADINGS = ["Cylch", "Uned", "Llwybr yr uned", "Grŵp", "Thema", "Mesur"]


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def export(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> Callable[[str, str], bytes]:
    sign_in(Role.ANALYST)

    def get(fmt: str, lang: str) -> bytes:
        path = f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}/export.{fmt}"
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 200
        return response.data

    return get


def _csv(body: bytes) -> tuple[list[list[str]], list[list[str]]]:
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    return [line for line in lines if line[0] == "#"], [line for line in lines if line[0] != "#"]


def test_a_welsh_readers_csv_is_in_welsh_with_the_same_keys(
    export: Callable[[str, str], bytes],
) -> None:
    about, table = _csv(export("csv", "cy"))
    header, rows = table[0], table[1:]
    assert header[:6] == WELSH_HEADINGS and header[-3:] == KEYS
    assert "Ystod hyder 95%, isaf" in header and "Wedi’i guddio oherwydd" in header
    assert about[0][1] == "Canlyniadau Staff Voice" and about[1][1] == "Maint lleiaf grŵp"
    measures = {row[5] for row in rows}
    assert {"Ymatebion", "Sgôr thema", "Cwestiwn", "Ateb"} <= measures
    words = "\n".join(cell for row in (*about, header, *rows) for cell in row)
    assert english_left(words) == []
    _, english = _csv(export("csv", "en"))
    assert english[0][:6] == ["Wave", "Unit", "Unit path", "Group", "Theme", "Measure"]
    assert [row[-3:] for row in english] == [row[-3:] for row in table]  # keys as in English


def test_a_welsh_readers_workbook_is_in_welsh(export: Callable[[str, str], bytes]) -> None:
    book = load_workbook(io.BytesIO(export("xlsx", "cy")))
    assert book.sheetnames == ["Unedau × themâu", "Celloedd a gyhoeddwyd", "Am y ffeil hon"]
    wide = [c.value for c in book["Unedau × themâu"][1]]
    assert wide[:3] == ["Uned", "Llwybr yr uned", "Ymatebion"]
    long = list(book["Celloedd a gyhoeddwyd"].iter_rows(values_only=True))
    assert list(long[0][:6]) == WELSH_HEADINGS and list(long[0][-3:]) == KEYS
    about = dict(book["Am y ffeil hon"].iter_rows(values_only=True))
    assert "Maint lleiaf grŵp ar gyfer sylwadau" in about
    text = "\n".join(str(v) for row in long for v in row if isinstance(v, str))
    assert english_left(text) == []
    assert load_workbook(io.BytesIO(export("xlsx", "en"))).sheetnames == [
        "Units × themes",
        "Published cells",
        "About this file",
    ]


def test_the_apis_keys_and_codes_do_not_change_with_the_language(
    app: Flask, demo: dict[str, int]
) -> None:
    client = app.test_client()
    headers = bearer(app)
    path = f"/api/v1/waves/{demo['wave']}/units/{demo['northbridge']}/cells"
    english = client.get(path, headers={**headers, "Accept-Language": "en"}).get_json()
    welsh = client.get(path, headers={**headers, "Accept-Language": "cy"}).get_json()
    assert welsh.keys() == english.keys()
    for one, other in zip(welsh["rows"], english["rows"], strict=True):
        assert one.keys() == other.keys()
        for key in ("unit_id", "measure_id", "answer_code", "status", "reason_code", "measure"):
            assert one[key] == other[key]
