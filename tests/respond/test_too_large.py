"""A page too large to send (a comment pasted many times over) comes back with every answer.

The app refuses bodies over 256 KB. On the survey that refusal reads back what was sent, keeps
each field to what it may hold, and shows the page again with a GOV.UK error summary, so the
respondent shortens nothing by hand and loses nothing.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from flask import Flask, request

from tests.factories import wave_with_invitations
from tests.support.sealed import stored_comments

from .conftest import FULL_ANSWERS, LAST, PAGES, Respondent, counts

EARLIER = {k: v for k, v in FULL_ANSWERS.items() if not k.startswith("comment_")}
"""Every answer but the comments, which the last page asks for: all carried in hidden fields."""
PASTED = "Too much work. " * 25_000  # 375,000 characters


def test_an_oversized_last_page_comes_back_with_every_answer(
    app: Flask, respondent: Respondent
) -> None:
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    response = respondent.post(
        page=LAST,
        **EARLIER,
        comment_keep_v1=PASTED,
        comment_change_v1="Protected time for supervision.",
        action="next",
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert f"<title>Error: Page {LAST} of {PAGES}" in page
    assert "What you sent was too large, so nothing has been sent yet" in page
    assert 'href="#comment_keep_v1-field"' in page and "Its first 1000 characters" in page
    carried = respondent.carried(page)
    assert {k: carried[k] for k in EARLIER} == EARLIER
    kept = re.search(r'<textarea[^>]*name="comment_keep_v1"[^>]*>([^<]*)</textarea>', page)
    assert kept and kept.group(1) == PASTED.strip()[:1000]
    assert "Protected time for supervision.</textarea>" in page  # the field after the long one
    assert counts(app) == (0, 0, 0)

    respondent.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    shortened = {**FULL_ANSWERS, "comment_keep_v1": kept.group(1)}
    assert "Check your answers" in respondent.post(page=LAST, action="next", **shortened).text
    assert respondent.submit(shortened).status_code == 200
    texts = {comment.text for comment, _prompt in stored_comments(app)}
    assert PASTED.strip()[:1000] in texts


def test_without_the_form_token_nothing_sent_is_shown_back(
    app: Flask, respondent: Respondent
) -> None:
    """Another site could post a huge form in someone's name: it gets no answers filled in."""
    _wave, tokens = wave_with_invitations(app)
    respondent.enter(f"/i/{tokens[0]}")
    respondent.csrf = "forged"
    response = respondent.post(page=LAST, morale_valued_v1="5", comment_keep_v1=PASTED)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "What you sent was too large" in page and "Back button" in page
    assert "morale_valued_v1" not in page and "Too much work" not in page


def test_a_too_large_page_without_a_survey_in_progress(app: Flask) -> None:
    response = app.test_client().post("/survey", data={"comment_keep_v1": PASTED})
    assert response.status_code == 413
    assert "Nothing was sent or saved" in response.get_data(as_text=True)


def test_fields_are_cut_cleanly_across_chunks_and_escapes(
    sqlite_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from surveyapp.respond import oversized

    monkeypatch.setattr(oversized, "CHUNK", 7)  # fields and escapes split across reads
    monkeypatch.setattr(oversized, "FIELD_BYTES", 24)
    body = urlencode(
        {"page": LAST, "comment_keep_v1": "é" * 40, "role": "x" * 30, "action": "next"}
    )
    with sqlite_app.test_request_context(
        "/survey", method="POST", data=body, content_type="application/x-www-form-urlencoded"
    ):
        form = oversized.read_oversized_form(request)
    assert form is not None
    assert form.fields[0] == ("page", LAST)
    assert form.fields[1][0] == "comment_keep_v1" and set(form.fields[1][1]) == {"é"}
    assert form.cut == {"comment_keep_v1", "role"}
    assert form.fields[-1] == ("action", "next")
