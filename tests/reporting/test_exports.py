"""Export files on their own: a formula typed into a unit name stays text, in both files."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from surveyapp.reporting import exports
from surveyapp.reporting.published_cells import Row

NAMES = ['=HYPERLINK("http://example.test")', "+1", "-2", "@SUM(A1)", "\tTab", "Plain team"]


def row(unit: str, measure_id: str = "responses", **values: object) -> Row:
    fields: dict[str, object] = {
        "wave": "Pulse",
        "unit": unit,
        "unit_path": f"Top > {unit}",
        "group": "",
        "theme": "",
        "measure": "Responses",
        "question": "",
        "answer": "",
        "n": 12,
        "count": None,
        "percent": None,
        "favourable": None,
        "low": None,
        "high": None,
        "mean": None,
        "suppressed": "",
        "note": "",
        "unit_id": 7,
        "measure_id": measure_id,
        "answer_code": "",
    }
    fields.update(values)
    return Row(**fields)  # type: ignore[arg-type]


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


ABOUT = exports.About("=Wave", "-Unit", 5, 10, "digest")


@pytest.mark.parametrize("name", NAMES)
def test_formulas_are_neutralised_in_csv_and_xlsx(name: str) -> None:
    rows = [
        row(name),
        row(name, "theme:morale", theme="=Theme", measure="Theme score", favourable=-1.5),
    ]
    text = exports.to_csv(rows, ABOUT).decode("utf-8-sig")
    cells = [c for line in csv.reader(io.StringIO(text, newline="")) for c in line]
    book = load_workbook(io.BytesIO(exports.to_xlsx(rows, ABOUT)))
    values = [c.value for sheet in book.worksheets for line in sheet.iter_rows() for c in line]
    for found in (cells, values):
        strings = [v for v in found if isinstance(v, str) and not is_number(v)]
        assert not [v for v in strings if v.startswith(exports.FORMULA_STARTS)], strings
        assert f"'{name}" in strings or name == "Plain team"
    assert all(
        c.data_type != "f" for sheet in book.worksheets for r in sheet.iter_rows() for c in r
    )
    assert -1.5 in values and "-1.5" in cells, "numbers stay numbers and keep their sign"


def test_a_suppressed_cell_keeps_its_reason_and_no_number_in_the_wide_sheet() -> None:
    rows = [
        row("Team A"),
        row("Team A", "theme:morale", theme="Morale", favourable=61.5),
        row(
            "Team A",
            "theme:workload",
            theme="Workload",
            n=None,
            suppressed="fewer than 5 responses",
        ),
    ]
    header, table = exports.units_by_themes(rows)
    assert header == ["Unit", "Unit path", "Responses", "Morale", "Workload"]
    assert table == [["Team A", "Top > Team A", 12, 61.5, "fewer than 5 responses"]]
