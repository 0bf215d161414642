"""The demo council's exports read as results in Excel: words beside the codes, numbers stored
as numbers, a header that stays put and filters, and a units × themes sheet for a slide."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from surveyapp.domain.banks import AGREEMENT_LABELS, Bank
from surveyapp.domain.roles import Role
from surveyapp.reporting import exports
from surveyapp.reporting.published_cells import COLUMNS, PATH_SEPARATOR
from surveyapp.runtime import runtime

NUMERIC = ("n", "Count", "% of answers", "% favourable", "95% interval low", "95% interval high")


@pytest.fixture
def download(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> Callable[[str], bytes]:
    sign_in(Role.ANALYST)

    def get(fmt: str) -> bytes:
        response = client.get(
            f"/insights/waves/{demo['wave']}/units/{demo['northbridge']}/export.{fmt}"
        )
        assert response.status_code == 200
        return response.data

    return get


def sheet_rows(sheet: Worksheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]  # type: ignore[arg-type]


def csv_rows(body: bytes) -> list[dict[str, object]]:
    text = body.decode("utf-8-sig")
    table = "\r\n".join(line for line in text.split("\r\n") if not line.startswith("#"))
    return [dict(row) for row in csv.DictReader(io.StringIO(table, newline=""))]


def bank_of(app: Flask) -> Bank:
    return runtime(app).banks["social-work-pulse"]


def test_workbook_is_ready_for_excel(download: Callable[[str], bytes]) -> None:
    book = load_workbook(io.BytesIO(download("xlsx")))
    check_numbers_are_numbers(book)
    check_header_filter_and_widths(book)
    check_wide_sheet_matches_long(book)


def check_numbers_are_numbers(book: Workbook) -> None:
    assert book.sheetnames == [exports.WIDE_SHEET, exports.LONG_SHEET, exports.ABOUT_SHEET]
    numbers = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    with pytest.raises(ValueError):
                        float(cell.value)
                elif cell.value is not None:
                    assert cell.data_type == "n", (sheet.title, cell.coordinate, cell.value)
                    numbers += 1
    long = book[exports.LONG_SHEET]
    header = [c.value for c in long[1]]
    for name in (*NUMERIC, "Mean (1–5)"):
        column = header.index(name) + 1
        values = [r[0] for r in long.iter_rows(min_row=2, min_col=column, max_col=column)]
        assert any(v.value is not None for v in values), name
        assert all(v.data_type == "n" for v in values if v.value is not None), name
    unit_ids = [r["unit_id"] for r in sheet_rows(long)]
    assert all(isinstance(u, int) or str(u).startswith("other:") for u in unit_ids)
    assert numbers > 10_000


def check_header_filter_and_widths(book: Workbook) -> None:
    for name in (exports.WIDE_SHEET, exports.LONG_SHEET):
        sheet = book[name]
        assert sheet.freeze_panes in {"A2", "B2"}, name
        assert sheet.auto_filter.ref == sheet.dimensions, name
        for cell in sheet[1]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert len(str(cell.value)) < width <= exports.WIDEST_COLUMN + 2, cell.value
    long = book[exports.LONG_SHEET]
    header = [c.value for c in long[1]]
    row = next(r for r in long.iter_rows(min_row=2) if r[header.index("% favourable")].value)
    assert row[header.index("% favourable")].number_format == "0.0"
    assert row[header.index("Mean (1–5)")].number_format == "0.00"
    about = dict(book[exports.ABOUT_SHEET].iter_rows(values_only=True))
    assert about["Minimum group size"] == 5 and about["Minimum group size for comments"] == 10


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_row_carries_its_wording_labels_and_scores(
    app: Flask, download: Callable[[str], bytes], fmt: str
) -> None:
    body = download(fmt)
    rows = (
        csv_rows(body)
        if fmt == "csv"
        else sheet_rows(load_workbook(io.BytesIO(body))[exports.LONG_SHEET])
    )
    check_wording(bank_of(app), rows)
    check_scores(rows)


def check_wording(bank: Bank, rows: list[dict[str, object]]) -> None:
    texts = {q.key: q.text for q in bank.questions}
    labels = {(q.key, o.key): o.label for q in bank.questions for o in q.options}
    assert len(rows) > 1000
    answers = 0
    for row in rows:
        assert row["Wave"] == "Pulse: summer 2026" and row["Unit"], row
        assert str(row["Unit path"]).startswith("Northbridge Council Children's Services"), row
        assert str(row["Unit path"]).endswith(str(row["Unit"])), row
        kind, _, key = str(row["measure_id"]).partition(":")
        if kind == "theme":
            assert row["Theme"] in {t.title for t in bank.themes}, row
        if kind in {"question", "band_question"}:
            question = key.rpartition(":")[2]
            assert row["Question or prompt"] == texts[question], row
        if kind in {"band", "band_question"}:
            assert row["Group"], row
        code = row["answer_code"]
        if code not in ("", None):
            answers += 1
            question = key.rpartition(":")[2]
            expected = labels.get((question, str(code)))
            if expected is None and bank.question(question).kind.value == "agreement":
                expected = AGREEMENT_LABELS[int(str(code)) - 1]
            if expected is not None:
                assert row["Answer"] == expected, row
            assert row["Answer"] and row["Measure"] == "Answer", row
    assert answers > 1000


def check_scores(rows: list[dict[str, object]]) -> None:
    scored = [r for r in rows if r["% favourable"] not in ("", None)]
    assert len(scored) > 300
    for row in scored:
        low, mid, high = (
            float(str(row[n])) for n in ("95% interval low", "% favourable", "95% interval high")
        )
        assert 0 <= low <= mid <= high <= 100, row
        assert 1 <= float(str(row["Mean (1–5)"])) <= 5, row
    top = next(r for r in rows if r["measure_id"] == "theme:morale")
    assert float(str(top["% favourable"])) == pytest.approx(59.7)


def check_wide_sheet_matches_long(book: Workbook) -> None:
    long = sheet_rows(book[exports.LONG_SHEET])
    wide = sheet_rows(book[exports.WIDE_SHEET])
    themes = [str(c.value) for c in book[exports.WIDE_SHEET][1]][3:]
    assert themes == [
        "Morale and wellbeing",
        "Workload",
        "Quality of supervision",
        "Trust in managers",
        "Intention to stay",
    ]
    by_cell = {
        (r["Unit path"], r["Theme"]): r["% favourable"]
        if r["% favourable"] is not None
        else r["Suppressed because"]
        for r in long
        if str(r["measure_id"]).startswith("theme:")
    }
    responses = {
        r["Unit path"]: r["n"] if r["n"] is not None else r["Suppressed because"]
        for r in long
        if r["measure_id"] == "responses"
    }
    assert len(wide) == len(responses) > 20
    shown = 0
    for row in wide:
        assert row["Responses"] == responses[row["Unit path"]]
        for theme in themes:
            assert row[theme] == by_cell[row["Unit path"], theme], (row["Unit path"], theme)
            shown += isinstance(row[theme], float | int)
    assert shown > 50
    assert wide[0]["Unit"] == "Northbridge Council Children's Services"
    assert any(PATH_SEPARATOR in str(r["Unit path"]) for r in wide)


def test_csv_opens_in_excel_as_utf8_with_one_column_per_field(
    download: Callable[[str], bytes],
) -> None:
    body = download("csv")
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body[3:].split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line and b"\r" not in line for line in lines)
    header = next(line for line in lines if not line.startswith(b"#"))
    assert header.decode() == ",".join(COLUMNS)
    assert "Mean (1–5)".encode() in header
    rows = csv_rows(body)
    assert all(len(row) == len(COLUMNS) and None not in row for row in rows)
