"""Slips and posters are printed in Welsh and English together, the deployment's first language
first, in a font that has the Welsh letters; a slip still fits its grid."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from surveyapp.domain.print_wording import PRINT_WORDING
from surveyapp.domain.tokens import format_code, new_token
from surveyapp.reporting.invitation_slips import invitation_slips_pdf, team_poster_pdf

from .conftest import Desk
from .test_files_and_team_links import TEAM_LINK

SITE = "https://staffvoice.example-council.gov.uk"
UNIT = "Tîm Tŷ Gwyn, Gwasanaethau Plant"
WELSH = ("Dienw: nid yw eich cod yn cael ei gadw gyda’ch atebion.", "Sganiwch y cod")
ENGLISH = ("Anonymous: your code is not kept with your answers.", "Scan the code")
POSTER_WELSH = ("Sganiwch i ateb: 2 i 3 munud, yn ddienw.", "Dywedoch chi, gwnaethom ni")
POSTER_ENGLISH = ("Scan to answer: 2 to 3 minutes, anonymous.", "You said, we did")


def text_of(pdf: bytes) -> list[str]:
    """Each page's text as one line: a printed sentence wraps where the page is narrow."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _in_order(text: str, first: tuple[str, ...], then: tuple[str, ...]) -> None:
    for one, other in zip(first, then, strict=True):
        assert one in text and other in text, (one, other, text)
        assert text.index(one) < text.index(other)


@pytest.mark.parametrize("languages", [("cy", "en"), ("en", "cy")])
def test_slips_say_everything_in_both_languages_the_first_first(
    languages: tuple[str, str],
) -> None:
    tokens = [new_token() for _ in range(9)]
    out = io.BytesIO()
    invitation_slips_pdf(tokens, SITE, "Arolwg staff: gaeaf", UNIT, out, languages)
    pages = text_of(out.getvalue())
    assert len(pages) == 2  # eight a page, as before
    first, then = (WELSH, ENGLISH) if languages[0] == "cy" else (ENGLISH, WELSH)
    slips = re.split(r"Arolwg staff: gaeaf", pages[0])[1:]
    assert len(slips) == 8
    for slip, token in zip(slips, tokens, strict=False):
        assert UNIT in slip  # î, ŷ and ’ printed as themselves
        _in_order(slip, first, then)
        assert f"{SITE}/code" in slip and format_code(token) in slip


@pytest.mark.parametrize("languages", [("cy", "en"), ("en", "cy")])
def test_the_poster_says_everything_in_both_languages_the_first_first(
    languages: tuple[str, str],
) -> None:
    token = new_token()
    out = io.BytesIO()
    team_poster_pdf(token, SITE, "Arolwg staff", UNIT, out, f"{SITE}/said/ty-gwyn", languages)
    (page,) = text_of(out.getvalue())
    first, then = (
        (POSTER_WELSH, POSTER_ENGLISH) if languages[0] == "cy" else (POSTER_ENGLISH, POSTER_WELSH)
    )
    _in_order(page, first, then)
    assert f"Ar gyfer {UNIT}." in page and f"For {UNIT}." in page
    assert f"{SITE}/t/{token}" in page and f"{SITE}/said/ty-gwyn" in page


def test_every_printed_text_has_its_welsh() -> None:
    english, welsh = (vars(PRINT_WORDING[code]) for code in ("en", "cy"))
    assert english.keys() == welsh.keys()
    for name, text in english.items():
        assert welsh[name] != text
        assert re.findall(r"\{\w+\}", welsh[name]) == re.findall(r"\{\w+\}", text), name


def test_the_downloaded_slips_and_poster_follow_the_deployments_languages(desk: Desk) -> None:
    desk.app.config["LANGUAGES"] = ("cy", "en")
    slips = desk.post(desk.unit_url("team-b", "/download"), {"count": 2, "file_format": "pdf"})
    assert slips.status_code == 200
    _in_order(text_of(slips.data)[0], WELSH, ENGLISH)
    url = desk.unit_url("team-b", "/team-link")
    shown = desk.post(url, {}, page=desk.unit_url("team-b"))
    _, token = TEAM_LINK.search(shown.get_data(as_text=True)).groups()  # type: ignore[union-attr]
    poster = desk.post(f"{url}/poster", {"token": token}, page=desk.unit_url("team-b"))
    assert poster.status_code == 200
    _in_order(text_of(poster.data)[0], POSTER_WELSH[:1], POSTER_ENGLISH[:1])
