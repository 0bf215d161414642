"""Invitations as files: a CSV of links and codes, PDF slips (eight per A4 page) and
team-meeting posters, each with a QR code of the link. Slips and posters say everything in each
of the deployment's languages, its first first (``domain.print_wording``).

Each file is built in memory and written once, to the path the admin chose or to the response
that delivers it; tokens are not kept anywhere else.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from surveyapp.domain.mail_wording import BILINGUAL
from surveyapp.domain.print_wording import PrintWording, printed_in
from surveyapp.domain.tokens import format_code
from surveyapp.paths import FONTS

if TYPE_CHECKING:
    from fpdf import FPDF

SLIP_COLUMNS, SLIP_ROWS = 2, 4
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
FONT = "DejaVu"


def _a4() -> FPDF:
    """A new A4 document with DejaVu Sans (vendored in ``surveyapp/fonts``): fpdf2's own fonts
    cannot print Welsh letters (ŵ, ŷ, â, ’). fpdf2 is imported only here: it costs a web worker
    ~45 MB."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
    return pdf


def _wordings(languages: Sequence[str] | None) -> tuple[PrintWording, ...]:
    """Every language's wording, the deployment's first first (``SURVEYAPP_LANGUAGES``);
    English then Welsh where no app is running (a script printing its own)."""
    from flask import has_app_context

    from surveyapp.languages import languages as deployment_languages

    if languages is None:
        languages = deployment_languages() if has_app_context() else BILINGUAL
    return printed_in(languages)


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
    tokens: Sequence[str],
    base_url: str,
    survey_name: str,
    unit_name: str,
    out: Path | BinaryIO,
    languages: Sequence[str] | None = None,
) -> None:
    wordings = _wordings(languages)
    pdf = _a4()
    pdf.set_auto_page_break(False)
    pdf.set_title(" / ".join(w.slips_title.format(survey=survey_name) for w in wordings))
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
        pdf.image(_qr_png(f"{base_url}/i/{token}"), x=x + 4, y=y + 5, w=30, h=30)
        pdf.set_xy(x + 37, y + 5)
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(slip_w - 41, 4.5, survey_name, align="L")
        pdf.set_x(x + 37)
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(slip_w - 41, 3.6, unit_name, align="L")
        for wording in wordings:
            pdf.set_xy(x + 37, pdf.get_y() + 1)
            pdf.set_font(FONT, "", 7)
            pdf.multi_cell(slip_w - 41, 3.2, wording.anonymous, align="L")
        pdf.set_y(max(y + 37, pdf.get_y() + 1.5))
        for wording in wordings:
            pdf.set_x(x + 4)
            pdf.set_font(FONT, "", 7.5)
            # Wrapped: a long public address must not run into the next slip.
            typing = wording.scan_or_type.format(address=f"{base_url}/code")
            pdf.multi_cell(slip_w - 8, 3.4, typing, align="L")
        pdf.set_xy(x + 4, pdf.get_y() + 1.5)
        code = format_code(token)
        pdf.set_font("Courier", "B", _fitting(code, slip_w - 8))
        pdf.cell(slip_w - 8, 7, code)
    pdf.output(out)


def _fitting(code: str, width: float) -> float:
    """The largest Courier size, up to 16 pt, at which ``code`` fits ``width`` mm on one line
    (a Courier letter is 0.6 em wide; a point is 0.3528 mm)."""
    return min(16.0, round(width / (len(code) * 0.6 * 0.3528) - 0.05, 1))


def team_poster_pdf(
    token: str,
    base_url: str,
    survey_name: str,
    unit_name: str,
    out: Path | BinaryIO,
    staff_page_url: str | None = None,
    languages: Sequence[str] | None = None,
) -> None:
    """The team link's QR code and address; with ``staff_page_url``, a smaller QR code of the
    team's "You said, we did" page below, where staff follow the results and the actions."""
    wordings = _wordings(languages)
    pdf = _a4()
    pdf.set_auto_page_break(False)
    pdf.set_title(" / ".join(w.poster_title.format(unit=unit_name) for w in wordings))
    pdf.add_page()
    pdf.set_font(FONT, "B", 24)
    pdf.set_xy(MARGIN, 16)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 11, survey_name, align="C")
    pdf.set_font(FONT, "", 13)
    for wording in wordings:
        pdf.set_xy(MARGIN, pdf.get_y() + 1.5)
        pdf.multi_cell(
            PAGE_W - 2 * MARGIN, 6.5, wording.poster_for.format(unit=unit_name), align="C"
        )
    pdf.image(_qr_png(f"{base_url}/t/{token}", scale=12), x=(PAGE_W - 120) / 2, y=70, w=120, h=120)
    pdf.set_xy(MARGIN, 200)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 7, f"{base_url}/t/{token}", align="C")
    pdf.set_font(FONT, "", 10)
    for wording in wordings:
        pdf.set_xy(MARGIN, pdf.get_y() + 1)
        pdf.multi_cell(PAGE_W - 2 * MARGIN, 5, wording.answer_once, align="C")
    if staff_page_url is not None:
        top = max(pdf.get_y() + 4, 232)
        pdf.set_draw_color(160, 160, 160)
        pdf.line(MARGIN, top, PAGE_W - MARGIN, top)
        pdf.image(_qr_png(staff_page_url, scale=6), x=MARGIN, y=top + 5, w=42, h=42)
        pdf.set_xy(MARGIN + 47, top + 4)
        for wording in wordings:
            pdf.set_x(MARGIN + 47)
            pdf.set_font(FONT, "B", 11)
            pdf.multi_cell(PAGE_W - 2 * MARGIN - 47, 5.5, wording.said_did)
            pdf.set_x(MARGIN + 47)
            pdf.set_font(FONT, "", 8.5)
            pdf.multi_cell(PAGE_W - 2 * MARGIN - 47, 4, wording.said_did_about)
            pdf.set_y(pdf.get_y() + 1)
        pdf.set_x(MARGIN + 47)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(PAGE_W - 2 * MARGIN - 47, 4.5, staff_page_url)
    pdf.output(out)
