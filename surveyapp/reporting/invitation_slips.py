"""Invitations as files: a CSV of links and codes, PDF slips (eight per A4 page) and
team-meeting posters, each with a QR code of the link.

Each file is built in memory and written once, to the path the admin chose or to the response
that delivers it; tokens are not kept anywhere else.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from surveyapp.domain.tokens import format_code

if TYPE_CHECKING:
    from fpdf import FPDF

SLIP_COLUMNS, SLIP_ROWS = 2, 4
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0


def _a4() -> FPDF:
    """A new A4 document. fpdf2 is imported only here: it costs a web worker ~45 MB."""
    from fpdf import FPDF

    return FPDF(format="A4", unit="mm")


def _qr_png(link: str, scale: int = 8) -> io.BytesIO:
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    buffer.seek(0)
    return buffer


def invitations_csv(tokens: Sequence[str], base_url: str, unit_name: str) -> str:
    """For a mail merge: one row per invitation, its link and the code typed from a slip."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["unit", "link", "code"])
    for token in tokens:
        writer.writerow([unit_name, f"{base_url}/i/{token}", format_code(token)])
    return buffer.getvalue()


def invitation_slips_pdf(
    tokens: Sequence[str], base_url: str, survey_name: str, unit_name: str, out: Path | BinaryIO
) -> None:
    pdf = _a4()
    pdf.set_auto_page_break(False)
    pdf.set_title(f"Invitation slips: {survey_name}")
    slip_w = (PAGE_W - 2 * MARGIN) / SLIP_COLUMNS
    slip_h = (PAGE_H - 2 * MARGIN) / SLIP_ROWS
    for index, token in enumerate(tokens):
        position = index % (SLIP_COLUMNS * SLIP_ROWS)
        if position == 0:
            pdf.add_page()
        x = MARGIN + (position % SLIP_COLUMNS) * slip_w
        y = MARGIN + (position // SLIP_COLUMNS) * slip_h
        pdf.set_draw_color(160, 160, 160)
        pdf.set_line_width(0.2)
        pdf.set_dash_pattern(dash=2, gap=2)
        pdf.line(x, y, x + slip_w, y)
        pdf.line(x, y, x, y + slip_h)
        pdf.set_dash_pattern()
        pdf.image(_qr_png(f"{base_url}/i/{token}"), x=x + 4, y=y + 6, w=30, h=30)
        pdf.set_xy(x + 37, y + 6)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(slip_w - 41, 5, survey_name)
        pdf.set_x(x + 37)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(
            slip_w - 41,
            4.5,
            f"{unit_name}\nAnonymous: your code is not kept with your answers. Use it once.",
        )
        pdf.set_xy(x + 4, y + 40)
        pdf.set_font("Helvetica", "", 9)
        # Wrapped: a long public address must not run into the next slip.
        pdf.multi_cell(
            slip_w - 8, 4.5, f"Scan the code, or go to {base_url}/code and type:", align="L"
        )
        pdf.set_xy(x + 4, pdf.get_y() + 1)
        pdf.set_font("Courier", "B", 12)
        pdf.cell(slip_w - 8, 6, format_code(token))
    pdf.output(out)


def team_poster_pdf(
    token: str, base_url: str, survey_name: str, unit_name: str, out: Path | BinaryIO
) -> None:
    pdf = _a4()
    pdf.set_auto_page_break(False)
    pdf.set_title(f"Team link: {unit_name}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 26)
    pdf.set_xy(MARGIN, 20)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 12, survey_name, align="C")
    pdf.set_font("Helvetica", "", 16)
    pdf.set_x(MARGIN)
    pdf.multi_cell(
        PAGE_W - 2 * MARGIN,
        9,
        f"For {unit_name}. Scan to answer: 2 to 3 minutes, anonymous.",
        align="C",
    )
    pdf.image(_qr_png(f"{base_url}/t/{token}", scale=12), x=(PAGE_W - 120) / 2, y=70, w=120, h=120)
    pdf.set_xy(MARGIN, 200)
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 7, f"{base_url}/t/{token}", align="C")
    pdf.set_x(MARGIN)
    pdf.multi_cell(
        PAGE_W - 2 * MARGIN,
        7,
        "Please answer once. Results are shown only for "
        "groups large enough that nobody can be picked out.",
        align="C",
    )
    pdf.output(out)
