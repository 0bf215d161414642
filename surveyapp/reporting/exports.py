"""CSV and XLSX files of published cells, with the thresholds written into the file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .published_cells import COLUMNS, Row


def _about(
    wave_name: str, unit_name: str, k: int, k_comments: int, digest: str
) -> list[list[object]]:
    return [
        ["Staff Voice results", f"{wave_name}: {unit_name}"],
        ["Minimum group size", k],
        ["Minimum group size for comments", k_comments],
        ["Publication plan (SHA-256)", digest],
        ["Suppressed cells", "listed with the reason and no number"],
    ]


def to_csv(
    rows: Sequence[Row], wave_name: str, unit_name: str, k: int, k_comments: int, digest: str
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in _about(wave_name, unit_name, k, k_comments, digest):
        writer.writerow(["#", *line])
    writer.writerow(COLUMNS)
    writer.writerows(_safe(row.as_list()) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(
    rows: Sequence[Row], wave_name: str, unit_name: str, k: int, k_comments: int, digest: str
) -> bytes:
    # Imported here: openpyxl costs a web worker ~25 MB, and most never build a spreadsheet.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Published cells"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_safe(row.as_list()))
    about = book.create_sheet("About")
    for line in _about(wave_name, unit_name, k, k_comments, digest):
        about.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe(values: list[object]) -> list[object]:
    """Stop spreadsheet formulas: unit names are typed by admins and could start with '='."""
    return [f"'{v}" if isinstance(v, str) and v[:1] in {"=", "+", "-", "@"} else v for v in values]
