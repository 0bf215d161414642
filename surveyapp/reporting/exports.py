"""CSV and XLSX files of published cells, with the thresholds written into the file.

The long table has a row per published cell (and per answer), in words and keys; the workbook
adds a "units × themes" table of % favourable, ready for a slide. Both are made from the same
rows, so they cannot disagree. What a person reads (headings, sheet names, measure names, why a
cell is hidden, the "About" lines) is in the reader's language, or a signed report's; the key
columns (``unit_id``, ``measure_id``, ``answer_code``) stay the same in every language, for
programs (the API keeps English keys throughout).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from surveyapp.domain.disclosure import measures
from surveyapp.domain.wording import words
from surveyapp.languages import translated

from .published_cells import COLUMNS, Row

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

LONG_SHEET = words("Published cells")
WIDE_SHEET = words("Units × themes")
ABOUT_SHEET = words("About this file")
UNIT, UNIT_PATH, RESPONSES = words("Unit"), words("Unit path"), words("Responses")
NUMBER_FORMATS = {
    "n": "0",
    "Count": "0",
    "% of answers": "0.0",
    "% favourable": "0.0",
    "95% interval low": "0.0",
    "95% interval high": "0.0",
    "Mean (1–5)": "0.00",
    "unit_id": "0",
    "Responses": "0",
}
WIDEST_COLUMN = 60
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class About:
    wave_name: str
    unit_name: str
    k: int
    k_comments: int
    digest: str

    def lines(self) -> list[list[object]]:
        lines: list[list[object]] = [
            [words("Staff Voice results"), f"{self.wave_name}: {self.unit_name}"],
            [words("Minimum group size"), self.k],
            [words("Minimum group size for comments"), self.k_comments],
            [words("Publication plan (SHA-256)"), self.digest],
            [words("Suppressed cells"), words("listed with the reason and no number")],
            [
                words("% favourable"),
                words(
                    "agree or strongly agree (disagree or strongly disagree for negative "
                    "statements)"
                ),
            ],
            [
                words("%(share)s interval", share="95%"),
                words(
                    "Wilson score interval; a theme pools its questions' answers, so its "
                    "interval is over those answers, not over n people"
                ),
            ],
            [
                words("Mean (1–5)"),
                words("1 strongly disagree to 5 strongly agree, after reversing negatives"),
            ],
        ]
        return [_read(line) for line in lines]


def units_by_themes(rows: Sequence[Row]) -> tuple[list[str], list[list[object]]]:
    """% favourable per theme (columns) per unit (rows), or why a cell is hidden."""
    themes: list[str] = []
    table: dict[int | str, dict[str, object]] = {}
    for row in rows:
        kind = row.measure_id.partition(":")[0]
        if kind == measures.RESPONSES:
            entry = table.setdefault(row.unit_id, {UNIT: row.unit, UNIT_PATH: row.unit_path})
            entry[RESPONSES] = row.n if row.n is not None else row.suppressed
        elif kind == measures.THEME and not row.answer_code:
            if row.theme not in themes:
                themes.append(row.theme)
            entry = table.setdefault(row.unit_id, {UNIT: row.unit, UNIT_PATH: row.unit_path})
            entry[row.theme] = row.favourable if row.favourable is not None else row.suppressed
    header = [UNIT, UNIT_PATH, RESPONSES, *themes]
    return header, [[entry.get(name, "") for name in header] for entry in table.values()]


def to_csv(rows: Sequence[Row], about: About) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends: what Excel needs to read it right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in about.lines():
        writer.writerow(["#", *_safe(line)])
    writer.writerow(_read(list(COLUMNS)))
    writer.writerows(_safe(_read(row.as_list())) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[Row], about: About) -> bytes:
    # Imported here: openpyxl costs a web worker ~25 MB, and most never build a spreadsheet.
    from openpyxl import Workbook

    book = Workbook()
    wide = book.active
    assert wide is not None
    wide.title = str(translated(WIDE_SHEET))
    header, table = units_by_themes(rows)
    table = [[None if v == "" else v for v in _read(line)] for line in table]
    _fill(wide, header, table, frozen="B2", percent_from=3)
    long = book.create_sheet(str(translated(LONG_SHEET)))
    _fill(long, list(COLUMNS), [_numbers(_read(row.as_list())) for row in rows], frozen="A2")
    sheet = book.create_sheet(str(translated(ABOUT_SHEET)))
    for line in about.lines():
        sheet.append(_safe(line))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(
    sheet: Worksheet,
    header: list[str],
    table: list[list[object]],
    frozen: str,
    percent_from: int | None = None,
) -> None:
    """Header in bold, frozen with the first columns, filters on, numbers as numbers with a
    format, and each column about as wide as what it holds."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(_safe(_read(list(header))))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in table:
        sheet.append(_safe(values))
    sheet.freeze_panes = frozen
    sheet.auto_filter.ref = sheet.dimensions
    for index, name in enumerate(header, start=1):
        number_format = NUMBER_FORMATS.get(name)
        if number_format is None and percent_from is not None and index > percent_from:
            number_format = "0.0"
        widest = max((len(str(v[index - 1])) for v in table if v[index - 1] is not None), default=0)
        letter = get_column_letter(index)
        heading = len(str(translated(name)))
        sheet.column_dimensions[letter].width = min(WIDEST_COLUMN, max(heading, widest) + 2)
        if number_format is None:
            continue
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, int | float):
                cell.number_format = number_format


CODE_COLUMNS = tuple(COLUMNS.index(name) for name in ("unit_id", "answer_code"))


def _numbers(values: list[object]) -> list[object]:
    """Codes that are numbers as numbers (Excel flags digits stored as text), and nothing at all
    where a row has no value, so filters show blanks rather than empty text."""
    cells = [None if v == "" else v for v in values]
    for index in CODE_COLUMNS:
        code = cells[index]
        if isinstance(code, str) and code.isdigit():
            cells[index] = int(code)
    return cells


def _read(values: list[object]) -> list[object]:
    """The values as a reader reads them: the domain's ``words`` in the reader's language, as
    plain text (a spreadsheet library knows no ``str`` subclass)."""
    return [str(translated(v)) if isinstance(v, str) else v for v in values]


def _safe(values: list[object]) -> list[object]:
    """Stop spreadsheet formulas: unit names are typed by admins and could start with '='."""
    return [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in values]
