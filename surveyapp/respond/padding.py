"""Every respondent page is sent at one size, whatever was answered (DESIGN.md §3.8).

A page's length depends on what it shows: which radios are checked, how long a comment is (and
how many of its characters HTML must escape), which errors are listed. Anyone who sees lengths
(a TLS observer, a log or proxy that records sizes) could read answers from them. The answers
carried between pages are sealed at a fixed length (``carried.py``); this pads every HTML page
of the respondent's side, from the code page to the confirmation and every problem page, with
an HTML comment of spaces up to one size for the whole deployment.

That size is measured, not guessed: once per process, the two pages that show answers (each
question page and the check page of every question bank) are drawn at their largest: every
question answered with its longest label, every comment at its longest made of characters that
HTML escapes to five bytes, an error with a long message on every field, the check page's
"answer at least one scored question" message, and the notice of a page that was too large.
Every other respondent page is far smaller. The same banks and templates give every worker
the same size. Only a page a browser never asks for (a form changed by hand,
with unknown fields or a comment beyond its limit) can be larger; it is sent at the next multiple
of the size, so even then its length tells only that. A proxy that compresses the pages would
undo all this: they are sent with ``Cache-Control: no-transform`` and docs/PRODUCTION.md says to
leave them uncompressed.
"""

from __future__ import annotations

import math

from flask import Flask, Response, current_app, render_template
from flask_babel import force_locale

from surveyapp.domain.banks import AGREEMENT_LABELS, Bank, QuestionKind
from surveyapp.domain.submission import NO_SCORED_ANSWER, NO_SCORED_ANSWER_MESSAGE
from surveyapp.languages import agreement_labels, languages, translated
from surveyapp.runtime import runtime

from .journey import CHECK_PAGE, pages

EXTENSION = "surveyapp.respondent_page_bytes"
OPEN, CLOSE = b"<!--", b"-->\n"
LONG_MESSAGE = "m" * 200
LONG_NOTICE = "n" * 400
WORST_CHARACTER = '"'  # escaped as &#34;: five bytes for one character, more than any other
ROUNDING = 1024
MARGIN = 2048
FALLBACK_BYTES = 64 * 1024


def _longest_answers(bank: Bank) -> dict[str, str]:
    """An answer for every field, each shown with its longest label on the check page."""
    answers: dict[str, str] = {}
    labels = agreement_labels()
    for question in bank.questions:
        if question.kind is QuestionKind.AGREEMENT:
            longest = max(range(len(AGREEMENT_LABELS)), key=lambda i: len(labels[i].encode()))
            answers[question.key] = str(longest + 1)
        elif question.kind is QuestionKind.RECOMMEND:
            answers[question.key] = "10"
        else:
            answers[question.key] = max(question.options, key=lambda o: len(o.label.encode())).key
    for demographic in bank.demographics:
        answers[demographic.key] = max(demographic.bands, key=lambda b: len(b.label.encode())).key
    for prompt in bank.comments:
        answers[prompt.key] = WORST_CHARACTER * prompt.max_length
    return answers


def _largest_pages(bank: Bank) -> list[str]:
    answers = _longest_answers(bank)
    errors = dict.fromkeys(answers, LONG_MESSAGE)  # a page lists errors of its own fields
    errors[NO_SCORED_ANSWER] = str(translated(NO_SCORED_ANSWER_MESSAGE))  # shown twice
    survey_pages = pages(bank)
    drawn = [
        render_template(
            "respond/check.html",
            bank=bank,
            pages=survey_pages,
            answers=answers,
            errors=errors,
            agreement=agreement_labels(),
            page=CHECK_PAGE,
            no_scored_answer=NO_SCORED_ANSWER,
        )
    ]
    for page in survey_pages:
        drawn.append(
            render_template(
                "respond/page.html",
                bank=bank,
                page=page,
                page_count=len(survey_pages),
                answers=answers,
                carried={k: v for k, v in answers.items() if k not in page.keys},
                errors={k: v for k, v in errors.items() if k in page.keys},
                notice=LONG_NOTICE,
                agreement=agreement_labels(),
            )
        )
    return drawn


def measure_page_bytes(app: Flask) -> int:
    """The one size of every respondent page: the largest page any bank can draw, in any
    language, with room (so a page's size does not tell its language either)."""
    with app.app_context(), app.test_request_context("/survey", method="POST"):
        largest = 0
        for language in languages(app):
            with force_locale(language):
                largest = max(
                    largest,
                    *(
                        len(html.encode("utf-8"))
                        for bank in runtime(app).banks.values()
                        for html in _largest_pages(bank.in_language(language))
                    ),
                )
    return math.ceil((largest + MARGIN + len(OPEN) + len(CLOSE)) / ROUNDING) * ROUNDING


def page_bytes(app: Flask) -> int:
    """The measured size, once per process; if the pages cannot be drawn (a broken template),
    a fixed size for now, so that the page that says so still goes out."""
    if EXTENSION not in app.extensions:
        try:
            app.extensions[EXTENSION] = measure_page_bytes(app)
        except Exception:
            app.logger.exception("the size of respondent pages could not be measured")
            return FALLBACK_BYTES
    size: int = app.extensions[EXTENSION]
    return size


def padded(body: bytes, size: int) -> bytes:
    """``body`` and a comment of spaces, ``size`` bytes in all (or the next multiple of it)."""
    total = size * max(1, math.ceil((len(body) + len(OPEN) + len(CLOSE)) / size))
    return body + OPEN + b" " * (total - len(body) - len(OPEN) - len(CLOSE)) + CLOSE


def pad_page(response: Response) -> Response:
    """after_request of the respondent's blueprint: HTML pages go out at the one size."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    if 300 <= response.status_code < 400:
        return response  # a redirect's body names only where it goes
    response.set_data(padded(response.get_data(), page_bytes(current_app)))
    return response
